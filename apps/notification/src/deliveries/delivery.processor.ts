import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Job, UnrecoverableError } from 'bullmq';
import { QueuedJob, Queues, SCHEDULER_REFRESH_MS, WORKER_STALL_OPTIONS } from '@yixiang/contracts';
import { SchedulerKeeper, withCorrelation } from '@yixiang/common';
import { WebhooksRepository } from '../webhooks/webhooks.repository';
import { DeliveriesRepository } from './deliveries.repository';
import { DeliveryQueue } from './delivery-queue';
import { Senders } from './senders';

/**
 * One delivery per job, retried with exponential backoff (DELIVERY_ATTEMPTS, DELIVERY_BACKOFF_MS).
 * Every attempt is written to the delivery's log; the last failed one fails the delivery, where
 * GET /notifications/deliveries?state=failed and the webhook's log show it. A delivery already
 * delivered is not sent again (a job run twice after a stall).
 */
@Processor(Queues.notificationDelivery, { concurrency: 8, lockDuration: 60000, ...WORKER_STALL_OPTIONS })
export class DeliveryProcessor extends WorkerHost implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(DeliveryProcessor.name);
  // Jobs lost with a Redis that lost its data: their deliveries are still pending in PostgreSQL.
  private readonly keeper = new SchedulerKeeper('pending deliveries', async () => {
    await this.queue.enqueue(await this.deliveries.stalePending(600, 1000));
  }, SCHEDULER_REFRESH_MS * 10, this.logger);

  constructor(
    private readonly deliveries: DeliveriesRepository,
    private readonly webhooks: WebhooksRepository,
    private readonly senders: Senders,
    private readonly queue: DeliveryQueue,
  ) {
    super();
  }

  async onModuleInit(): Promise<void> {
    await this.keeper.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.keeper.stop();
  }

  @OnWorkerEvent('failed')
  onFailed(job: Job | undefined, error: Error): void {
    this.logger.warn(`delivery ${job?.id} attempt ${job?.attemptsMade} failed: ${error.message}`);
  }

  async process(job: QueuedJob<typeof Queues.notificationDelivery>): Promise<unknown> {
    return withCorrelation(job.data.correlationId, async () => {
      const delivery = await this.deliveries.find(job.data.deliveryId);
      if (!delivery || delivery.state !== 'pending') return { skipped: delivery?.state ?? 'missing' };
      const webhook = delivery.webhookId ? await this.webhooks.findAny(delivery.webhookId) : undefined;
      // A webhook deleted since: its institution asked for nothing more to be sent there.
      const outcome = webhook?.deleted ? { ok: false, status: null, error: 'the webhook was deleted', permanent: true }
        : await this.senders.send(delivery, webhook?.secret ?? '');
      const final = !outcome.ok && (outcome.permanent === true || job.attemptsMade + 1 >= (job.opts.attempts ?? 1));
      await this.deliveries.recordAttempt(delivery.id, { ok: outcome.ok, status: outcome.status, error: outcome.error, final });
      if (outcome.ok) return { delivered: true, status: outcome.status };
      if (outcome.permanent) throw new UnrecoverableError(outcome.error ?? 'refused');
      throw new Error(outcome.error ?? 'delivery failed');
    });
  }
}
