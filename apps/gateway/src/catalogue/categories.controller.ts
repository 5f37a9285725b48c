import { Controller, Get } from '@nestjs/common';
import { ApiTags, ApiOkResponse, ApiOperation } from '@nestjs/swagger';
import {
  CatalogueSubjects, CategoryView,
} from '@yixiang/contracts';
import { Public } from '../auth/actor.decorator';
import { Services } from '../http/services';
import { ApiErrors } from '../http/api-docs';

@ApiTags('instruments')
@Controller('categories')
export class CategoriesController {
  constructor(private readonly services: Services) {}

  @Public()
  @Get()
  @ApiOkResponse({ type: [CategoryView] })
  @ApiErrors(503)
  @ApiOperation({ summary: 'The national instrument classification (public)' })
  list(): Promise<CategoryView[]> {
    return this.services.catalogue.request(CatalogueSubjects.categoryList, { actor: null });
  }
}
