import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags, ApiOkResponse, ApiCreatedResponse } from '@nestjs/swagger';
import {
  Actor, CatalogueSubjects, CreateInstitutionDto, InstitutionQuery, InstitutionView, Page, UpdateInstitutionDto, pageOf,
} from '@yixiang/contracts';
import { CurrentActor } from '../auth/actor.decorator';
import { RefPipe } from '../http/id.pipe';
import { Services } from '../http/services';
import { ApiErrors, ApiSignedIn } from '../http/api-docs';

@ApiTags('institutions')
@ApiSignedIn()
@Controller('institutions')
export class InstitutionsController {
  constructor(private readonly services: Services) {}

  @Post()
  @ApiOperation({ summary: 'Register an institution (bureau)' })
  @ApiCreatedResponse({ type: InstitutionView })
  @ApiErrors(400, 403, 409)
  create(@CurrentActor() actor: Actor, @Body() data: CreateInstitutionDto): Promise<InstitutionView> {
    return this.services.catalogue.request(CatalogueSubjects.institutionCreate, { actor, data });
  }

  @Get()
  @ApiOkResponse({ type: pageOf(InstitutionView) })
  @ApiErrors(400)
  @ApiOperation({ summary: 'Institutions, by text, region and kind, paginated' })
  list(@CurrentActor() actor: Actor, @Query() data: InstitutionQuery): Promise<Page<InstitutionView>> {
    return this.services.catalogue.request(CatalogueSubjects.institutionList, { actor, data });
  }

  @Get(':id')
  @ApiOkResponse({ type: InstitutionView })
  @ApiErrors(404)
  @ApiOperation({ summary: 'One institution (id or code)' })
  get(@CurrentActor() actor: Actor, @Param('id', RefPipe) id: string): Promise<InstitutionView> {
    return this.services.catalogue.request(CatalogueSubjects.institutionGet, { actor, id });
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change an institution (bureau; its own admin: contacts only)' })
  @ApiOkResponse({ type: InstitutionView })
  @ApiErrors(400, 403, 404)
  update(@CurrentActor() actor: Actor, @Param('id', RefPipe) id: string, @Body() data: UpdateInstitutionDto): Promise<InstitutionView> {
    return this.services.catalogue.request(CatalogueSubjects.institutionUpdate, { actor, id, data });
  }
}
