import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiOperation, ApiTags, ApiOkResponse, ApiCreatedResponse } from '@nestjs/swagger';
import {
  Actor, CatalogueSubjects, GrantQualificationDto, Page, pageOf, QualificationQuery, QualificationRosterQuery, QualificationRosterView, QualificationView, DeletedView,
} from '@yixiang/contracts';
import { CurrentActor } from '../auth/actor.decorator';
import { UuidPipe } from '../http/id.pipe';
import { Services } from '../http/services';
import { ApiErrors, ApiSignedIn } from '../http/api-docs';

@ApiTags('qualifications')
@ApiSignedIn()
@Controller('qualifications')
export class QualificationsController {
  constructor(private readonly services: Services) {}

  @Post()
  @ApiOperation({ summary: 'Qualify a user to run an instrument alone until validTo (operator or admin of the owner)' })
  @ApiCreatedResponse({ type: QualificationView })
  @ApiErrors(400, 403, 404)
  grant(@CurrentActor() actor: Actor, @Body() data: GrantQualificationDto): Promise<QualificationView> {
    return this.services.catalogue.request(CatalogueSubjects.qualificationGrant, { actor, data });
  }

  @Get()
  @ApiOkResponse({ type: [QualificationView] })
  @ApiErrors(400, 403)
  @ApiOperation({ summary: 'Qualifications, by instrument or user' })
  list(@CurrentActor() actor: Actor, @Query() data: QualificationQuery): Promise<QualificationView[]> {
    return this.services.catalogue.request(CatalogueSubjects.qualificationList, { actor, data });
  }

  @Get('roster')
  @ApiOkResponse({ type: pageOf(QualificationRosterView) })
  @ApiErrors(400, 404)
  @ApiOperation({ summary: 'A page of the qualifications the caller may read, with user and instrument names and whether each is expiring (the qualifications page)' })
  roster(@CurrentActor() actor: Actor, @Query() data: QualificationRosterQuery): Promise<Page<QualificationRosterView>> {
    return this.services.catalogue.request(CatalogueSubjects.qualificationRoster, { actor, data });
  }

  @Delete(':id')
  @ApiOkResponse({ type: DeletedView })
  @ApiErrors(403, 404)
  @ApiOperation({ summary: 'Revoke a qualification' })
  revoke(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<{ deleted: true }> {
    return this.services.catalogue.request(CatalogueSubjects.qualificationRevoke, { actor, id });
  }
}
