import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Actor, CatalogueSubjects, CreateInstitutionDto, InstitutionQuery, InstitutionRegionsQuery, UpdateInstitutionDto } from '@yixiang/contracts';
import { Handles } from '@yixiang/common';
import { InstitutionsService } from './institutions.service';

@Controller()
export class InstitutionsHandlers {
  constructor(private readonly institutions: InstitutionsService) {}

  @Handles(CatalogueSubjects.institutionCreate)
  create(@Payload('actor') actor: Actor | null, @Payload('data') data: CreateInstitutionDto) {
    return this.institutions.create(actor, data);
  }

  @Handles(CatalogueSubjects.institutionList)
  list(@Payload('actor') actor: Actor | null, @Payload('data') data: InstitutionQuery) {
    return this.institutions.list(actor, data);
  }

  @Handles(CatalogueSubjects.institutionGet)
  get(@Payload('actor') actor: Actor | null, @Payload('id') id: string) {
    return this.institutions.get(actor, id);
  }

  @Handles(CatalogueSubjects.institutionRegions)
  regions(@Payload() query: InstitutionRegionsQuery) {
    return this.institutions.regions(query);
  }

  @Handles(CatalogueSubjects.institutionUpdate)
  update(@Payload('actor') actor: Actor | null, @Payload('id') id: string, @Payload('data') data: UpdateInstitutionDto) {
    return this.institutions.update(actor, id, data);
  }
}
