import { EntityManager } from '@mikro-orm/postgresql';
import { Controller } from '@nestjs/common';
import { CatalogueSubjects, CategoryView } from '@yixiang/contracts';
import { Handles } from '@yixiang/common';
import { Category } from './entities';

@Controller()
export class CategoriesHandlers {
  constructor(private readonly em: EntityManager) {}

  @Handles(CatalogueSubjects.categoryList)
  async list(): Promise<CategoryView[]> {
    const rows = await this.em.find(Category, {}, { orderBy: { code: 'asc' } });
    return rows.map((c) => ({ code: c.code, parentCode: c.parentCode, nameZh: c.nameZh, nameEn: c.nameEn }));
  }
}
