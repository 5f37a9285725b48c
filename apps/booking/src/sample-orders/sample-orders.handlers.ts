import { Controller } from '@nestjs/common';
import { Payload } from '@nestjs/microservices';
import { Actor, BookingSubjects, CreateSampleOrderDto, SampleOrderActionDto, SampleOrderClickAction, SampleOrderListQuery, SampleReportUpload } from '@yixiang/contracts';
import { Handles } from '@yixiang/common';
import { SampleOrdersService } from './sample-orders.service';

@Controller()
export class SampleOrdersHandlers {
  constructor(private readonly orders: SampleOrdersService) {}

  @Handles(BookingSubjects.sampleOrderCreate)
  create(@Payload('actor') actor: Actor | null, @Payload('data') data: CreateSampleOrderDto) {
    return this.orders.create(actor, data);
  }

  @Handles(BookingSubjects.sampleOrderList)
  list(@Payload('actor') actor: Actor | null, @Payload('data') data: SampleOrderListQuery) {
    return this.orders.list(actor, data);
  }

  @Handles(BookingSubjects.sampleOrderGet)
  get(@Payload('actor') actor: Actor | null, @Payload('id') id: string) {
    return this.orders.get(actor, id);
  }

  @Handles(BookingSubjects.sampleOrderTransition)
  transition(@Payload('actor') actor: Actor | null, @Payload('id') id: string, @Payload('action') action: SampleOrderClickAction, @Payload('data') data: SampleOrderActionDto) {
    return this.orders.transition(actor, id, action, data ?? {});
  }

  @Handles(BookingSubjects.sampleReportUpload)
  upload(@Payload('actor') actor: Actor | null, @Payload('id') id: string, @Payload('data') data: SampleReportUpload) {
    return this.orders.uploadReport(actor, id, data);
  }

  @Handles(BookingSubjects.sampleReportDownload)
  download(@Payload('actor') actor: Actor | null, @Payload('id') id: string) {
    return this.orders.downloadReport(actor, id);
  }

  @Handles(BookingSubjects.sampleTurnaround)
  turnaround(@Payload('actor') actor: Actor | null, @Payload('id') id: string) {
    return this.orders.turnaround(actor, id);
  }
}
