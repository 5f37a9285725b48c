import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CatalogueSubjects, CreateInstitutionDto, InstitutionQuery, InstitutionView, Page, UpdateInstitutionDto } from '@yixiang/contracts';
import { CurrentActor } from '../auth/actor.decorator';
import { RefPipe } from '../http/id.pipe';
import { Services } from '../http/services';

@ApiTags('institutions')
@ApiBearerAuth()
@Controller('institutions')
export class InstitutionsController {
  constructor(private readonly services: Services) {}

  @Post()
  @ApiOperation({ summary: 'Register an institution (bureau)' })
  create(@CurrentActor() actor: Actor, @Body() data: CreateInstitutionDto): Promise<InstitutionView> {
    return this.services.catalogue.request(CatalogueSubjects.institutionCreate, { actor, data });
  }

  @Get()
  list(@CurrentActor() actor: Actor, @Query() data: InstitutionQuery): Promise<Page<InstitutionView>> {
    return this.services.catalogue.request(CatalogueSubjects.institutionList, { actor, data });
  }

  @Get(':id')
  get(@CurrentActor() actor: Actor, @Param('id', RefPipe) id: string): Promise<InstitutionView> {
    return this.services.catalogue.request(CatalogueSubjects.institutionGet, { actor, id });
  }

  @Patch(':id')
  @ApiOperation({ summary: 'Change an institution (bureau; its own admin: contacts only)' })
  update(@CurrentActor() actor: Actor, @Param('id', RefPipe) id: string, @Body() data: UpdateInstitutionDto): Promise<InstitutionView> {
    return this.services.catalogue.request(CatalogueSubjects.institutionUpdate, { actor, id, data });
  }
}
