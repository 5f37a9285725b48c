import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import { JobNames, JobQueue, Queues } from '@yixiang/contracts';
import { currentCorrelationId } from '@yixiang/common';
import { NotificationConfig } from '../config';

/**
 * The one place deliveries become jobs. The job id is the delivery's id, so enqueueing one again
 * (a redelivered event, the sweep of old pending ones) adds nothing while its job exists.
 */
@Injectable()
export class DeliveryQueue {
  constructor(
    @InjectQueue(Queues.notificationDelivery) private readonly queue: JobQueue<typeof Queues.notificationDelivery>,
    private readonly config: NotificationConfig,
  ) {}

  async enqueue(deliveryIds: string[]): Promise<void> {
    if (deliveryIds.length === 0) return;
    await this.queue.addBulk(deliveryIds.map((deliveryId) => ({
      name: JobNames.deliver,
      data: { deliveryId, correlationId: currentCorrelationId() },
      opts: {
        jobId: deliveryId,
        attempts: this.config.DELIVERY_ATTEMPTS,
        backoff: { type: 'exponential', delay: this.config.DELIVERY_BACKOFF_MS },
        removeOnComplete: { age: 24 * 3600, count: 10000 },
        // The delivery row keeps the outcome and every attempt; the failed job stays a week for operators.
        removeOnFail: { age: 7 * 24 * 3600 },
      },
    })));
  }
}
