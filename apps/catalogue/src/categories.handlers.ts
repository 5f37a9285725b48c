import { EntityManager } from '@mikro-orm/postgresql';
import { Controller } from '@nestjs/common';
import { MessagePattern } from '@nestjs/microservices';
import { CatalogueSubjects, CategoryView } from '@yixiang/contracts';
import { Category } from './entities';

@Controller()
export class CategoriesHandlers {
  constructor(private readonly em: EntityManager) {}

  @MessagePattern(CatalogueSubjects.categoryList)
  async list(): Promise<CategoryView[]> {
    const rows = await this.em.find(Category, {}, { orderBy: { code: 'asc' } });
    return rows.map((c) => ({ code: c.code, parentCode: c.parentCode, nameZh: c.nameZh, nameEn: c.nameEn }));
  }
}
