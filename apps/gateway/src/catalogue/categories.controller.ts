import { Controller, Get } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import { CatalogueSubjects, CategoryView } from '@yixiang/contracts';
import { Public } from '../auth/actor.decorator';
import { Services } from '../http/services';

@ApiTags('instruments')
@Controller('categories')
export class CategoriesController {
  constructor(private readonly services: Services) {}

  @Public()
  @Get()
  list(): Promise<CategoryView[]> {
    return this.services.catalogue.request(CatalogueSubjects.categoryList, { actor: null });
  }
}
