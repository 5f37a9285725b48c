import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Actor, AvailabilityDto, CatalogueSubjects } from '@yixiang/contracts';
import { Handles } from '@yixiang/common';
import { AvailabilityService } from './availability.service';

@Controller()
export class AvailabilityHandlers {
  constructor(private readonly availability: AvailabilityService) {}

  @Handles(CatalogueSubjects.availabilityGet)
  get(@Payload('actor') actor: Actor | null, @Payload('id') id: string) {
    return this.availability.get(actor, id);
  }

  @Handles(CatalogueSubjects.availabilityPut)
  put(@Payload('actor') actor: Actor | null, @Payload('id') id: string, @Payload('data') data: AvailabilityDto) {
    return this.availability.put(actor, id, data);
  }
}
