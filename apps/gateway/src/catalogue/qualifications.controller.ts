import { Body, Controller, Delete, Get, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Actor, CatalogueSubjects, GrantQualificationDto, QualificationQuery, QualificationView } from '@yixiang/contracts';
import { CurrentActor } from '../auth/actor.decorator';
import { UuidPipe } from '../http/id.pipe';
import { Services } from '../http/services';

@ApiTags('qualifications')
@ApiBearerAuth()
@Controller('qualifications')
export class QualificationsController {
  constructor(private readonly services: Services) {}

  @Post()
  @ApiOperation({ summary: 'Qualify a user to run an instrument alone until validTo (operator or admin of the owner)' })
  grant(@CurrentActor() actor: Actor, @Body() data: GrantQualificationDto): Promise<QualificationView> {
    return this.services.catalogue.request(CatalogueSubjects.qualificationGrant, { actor, data });
  }

  @Get()
  list(@CurrentActor() actor: Actor, @Query() data: QualificationQuery): Promise<QualificationView[]> {
    return this.services.catalogue.request(CatalogueSubjects.qualificationList, { actor, data });
  }

  @Delete(':id')
  revoke(@CurrentActor() actor: Actor, @Param('id', UuidPipe) id: string): Promise<{ deleted: true }> {
    return this.services.catalogue.request(CatalogueSubjects.qualificationRevoke, { actor, id });
  }
}
