import { Controller } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Actor, AvailabilityDto, CatalogueSubjects, CreateBlackoutDto } from '@yixiang/contracts';
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

  @MessagePattern(CatalogueSubjects.blackoutList)
  listBlackouts(@Payload('actor') actor: Actor | null, @Payload('id') id: string) {
    return this.availability.listBlackouts(actor, id);
  }

  @MessagePattern(CatalogueSubjects.blackoutCreate)
  addBlackout(@Payload('actor') actor: Actor | null, @Payload('id') id: string, @Payload('data') data: CreateBlackoutDto) {
    return this.availability.addBlackout(actor, id, data);
  }

  @MessagePattern(CatalogueSubjects.blackoutDelete)
  removeBlackout(@Payload('actor') actor: Actor | null, @Payload('id') id: string, @Payload('blackoutId') blackoutId: string) {
    return this.availability.removeBlackout(actor, id, blackoutId);
  }
}
