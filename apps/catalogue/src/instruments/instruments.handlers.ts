import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Actor, CatalogueSubjects, CreateInstrumentDto, InstrumentSearchQuery, UpdateInstrumentDto } from '@yixiang/contracts';
import { Handles } from '@yixiang/common';
import { InstrumentsService } from './instruments.service';

@Controller()
export class InstrumentsHandlers {
  constructor(private readonly instruments: InstrumentsService) {}

  @Handles(CatalogueSubjects.instrumentCreate)
  create(@Payload('actor') actor: Actor | null, @Payload('data') data: CreateInstrumentDto) {
    return this.instruments.create(actor, data);
  }

  @Handles(CatalogueSubjects.instrumentSearch)
  search(@Payload('actor') actor: Actor | null, @Payload('data') data: InstrumentSearchQuery, @Payload('busy') busy?: string[]) {
    return this.instruments.search(actor, data, Array.isArray(busy) ? busy : undefined);
  }

  @Handles(CatalogueSubjects.instrumentGet)
  get(@Payload('actor') actor: Actor | null, @Payload('id') id: string) {
    return this.instruments.get(actor, id);
  }

  @Handles(CatalogueSubjects.instrumentUpdate)
  update(@Payload('actor') actor: Actor | null, @Payload('id') id: string, @Payload('data') data: UpdateInstrumentDto) {
    return this.instruments.update(actor, id, data);
  }
}
