import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Actor, CatalogueSubjects, GrantQualificationDto, QualificationQuery, QualificationRosterQuery } from '@yixiang/contracts';
import { Handles } from '@yixiang/common';
import { QualificationsService } from './qualifications.service';

@Controller()
export class QualificationsHandlers {
  constructor(private readonly qualifications: QualificationsService) {}

  @Handles(CatalogueSubjects.qualificationGrant)
  grant(@Payload('actor') actor: Actor | null, @Payload('data') data: GrantQualificationDto) {
    return this.qualifications.grant(actor, data);
  }

  @Handles(CatalogueSubjects.qualificationList)
  list(@Payload('actor') actor: Actor | null, @Payload('data') data: QualificationQuery) {
    return this.qualifications.list(actor, data);
  }

  @Handles(CatalogueSubjects.qualificationRoster)
  roster(@Payload('actor') actor: Actor | null, @Payload('data') data: QualificationRosterQuery) {
    return this.qualifications.roster(actor, data);
  }

  @Handles(CatalogueSubjects.qualificationRevoke)
  revoke(@Payload('actor') actor: Actor | null, @Payload('id') id: string) {
    return this.qualifications.revoke(actor, id);
  }
}
