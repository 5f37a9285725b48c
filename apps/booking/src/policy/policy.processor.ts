import { InjectQueue, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { Queue } from 'bullmq';
import { JobNames, Queues, SCHEDULER_REFRESH_MS, SweepReply, WORKER_STALL_OPTIONS } from '@yixiang/contracts';
import { SchedulerKeeper } from '@yixiang/common';
import { BookingConfig } from '../config';
import { SweepService } from './sweep.service';

/**
 * The booking-policy sweep on a BullMQ job scheduler: one schedule whatever the number of
 * replicas. Should two runs ever overlap (a stalled job re-run, a replica's clock), the sweep's
 * conditional updates keep each no-show, reminder and offer to one change and one event.
 */
@Processor(Queues.bookingPolicy, { concurrency: 1, ...WORKER_STALL_OPTIONS })
export class PolicySweepProcessor extends WorkerHost implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(PolicySweepProcessor.name);
  private readonly keeper: SchedulerKeeper;

  constructor(
    @InjectQueue(Queues.bookingPolicy) private readonly queue: Queue,
    private readonly sweeps: SweepService,
    config: BookingConfig,
  ) {
    super();
    this.keeper = new SchedulerKeeper('booking policy sweep', () => this.queue.upsertJobScheduler(JobNames.sweepBookingPolicy, { every: config.POLICY_SWEEP_MS }, {
      name: JobNames.sweepBookingPolicy,
      opts: { removeOnComplete: 100, removeOnFail: 100 },
    }), SCHEDULER_REFRESH_MS, this.logger);
  }

  async onModuleInit(): Promise<void> {
    await this.keeper.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.keeper.stop();
  }

  /** The job passes the clock: the sweep itself takes `now` as an argument. */
  async process(): Promise<SweepReply> {
    return this.sweeps.sweep(new Date());
  }
}
