import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, CatalogueSubjects, CreateInstitutionDto, InstitutionQuery, UpdateInstitutionDto } from '@yixiang/contracts';
import { InstitutionsService } from './institutions.service';

@Controller()
export class InstitutionsHandlers {
  constructor(private readonly institutions: InstitutionsService) {}

  @MessagePattern(CatalogueSubjects.institutionCreate)
  create(@Payload('actor') actor: Actor | null, @Payload('data') data: CreateInstitutionDto) {
    return this.institutions.create(actor, data);
  }

  @MessagePattern(CatalogueSubjects.institutionList)
  list(@Payload('actor') actor: Actor | null, @Payload('data') data: InstitutionQuery) {
    return this.institutions.list(actor, data);
  }

  @MessagePattern(CatalogueSubjects.institutionGet)
  get(@Payload('actor') actor: Actor | null, @Payload('id') id: string) {
    return this.institutions.get(actor, id);
  }

  @MessagePattern(CatalogueSubjects.institutionUpdate)
  update(@Payload('actor') actor: Actor | null, @Payload('id') id: string, @Payload('data') data: UpdateInstitutionDto) {
    return this.institutions.update(actor, id, data);
  }
}
