import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, AvailabilityDto, CatalogueSubjects } from '@yixiang/contracts';
import { AvailabilityService } from './availability.service';

@Controller()
export class AvailabilityHandlers {
  constructor(private readonly availability: AvailabilityService) {}

  @MessagePattern(CatalogueSubjects.availabilityGet)
  get(@Payload('actor') actor: Actor | null, @Payload('id') id: string) {
    return this.availability.get(actor, id);
  }

  @MessagePattern(CatalogueSubjects.availabilityPut)
  put(@Payload('actor') actor: Actor | null, @Payload('id') id: string, @Payload('data') data: AvailabilityDto) {
    return this.availability.put(actor, id, data);
  }
}
