import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min } from 'class-validator';

/** What every service process needs: its stores, its broker and how to log. */
export class ServiceConfig {
  @Matches(/^postgres(ql)?:\/\//, { message: 'DATABASE_URL must be a postgres:// URL' })
  DATABASE_URL: string = 'postgres://postgres@127.0.0.1:5432/yixiang';

  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// URL' })
  REDIS_URL: string = 'redis://127.0.0.1:6379';

  @Matches(/^nats:\/\//, { message: 'NATS_URL must be a nats:// URL (comma-separate several)' })
  NATS_URL: string = 'nats://127.0.0.1:4222';

  /** Separates BullMQ keys of the platform from those of a test run on the same Redis. */
  @Matches(/^[A-Za-z0-9_-]{1,40}$/, { message: 'BULLMQ_PREFIX must be 1–40 letters, digits, _ or -' })
  BULLMQ_PREFIX: string = 'yixiang';

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL: string = 'info';

  @IsOptional() @IsIn(['true', 'false'])
  LOG_PRETTY: string = 'false';

  @IsInt() @Min(100) @Max(120000)
  NATS_TIMEOUT_MS: number = 10000;

  /**
   * Copies JetStream keeps of the events stream (and so of its consumers): 1 on a single
   * nats-server; 3 on a cluster of three, so losing one server loses no event and no consumer.
   */
  @IsInt() @Min(1) @Max(5)
  JETSTREAM_REPLICAS: number = 1;

  /**
   * The most PostgreSQL connections this process opens (unset: the service's own default). Every
   * replica of every service counts against the server's max_connections (100 by default).
   */
  @IsOptional() @IsInt() @Min(1) @Max(500)
  DB_POOL_MAX?: number;

  @IsOptional() @IsString()
  SERVICE_VERSION: string = process.env.npm_package_version ?? '0.1.0';
}

/** A service that publishes a transactional outbox (booking, billing). */
export class OutboxServiceConfig extends ServiceConfig {
  /** How often each replica looks for outbox events to publish (they share the work with SKIP LOCKED). */
  @IsInt() @Min(20) @Max(60000) OUTBOX_POLL_MS: number = 200;
}
