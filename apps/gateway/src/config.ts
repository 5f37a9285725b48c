import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';

export class GatewayConfig {
  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// URL' }) REDIS_URL: string = 'redis://127.0.0.1:6379';
  @Matches(/^nats:\/\//, { message: 'NATS_URL must be a nats:// URL (comma-separate several)' }) NATS_URL: string = 'nats://127.0.0.1:4222';
  @Matches(/^[A-Za-z0-9_-]{1,40}$/, { message: 'BULLMQ_PREFIX must be 1–40 letters, digits, _ or -' }) BULLMQ_PREFIX: string = 'yixiang';
  @IsInt() @Min(1) @Max(65535) PORT: number = 3000;
  @IsString() HOST: string = '127.0.0.1';
  /** Signs access tokens. The default is for a local demo only; production sets its own (≥ 32 characters). */
  @IsString() @MinLength(32, { message: 'JWT_SECRET must be at least 32 characters' })
  JWT_SECRET: string = 'yixiang-local-development-secret-change-me';
  @IsInt() @Min(60) @Max(7 * 24 * 3600) JWT_TTL_SECONDS: number = 3600;
  /** Sign-in attempts per minute for one account from one address. */
  @IsInt() @Min(1) @Max(10000) LOGIN_ATTEMPTS_PER_MINUTE: number = 10;
  /** Sign-in attempts per minute from one address over all accounts (an institution's NAT shares one). */
  @IsInt() @Min(1) @Max(100000) LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE: number = 100;
  @IsInt() @Min(1) @Max(1024) MAX_UPLOAD_MB: number = 200;
  @IsInt() @Min(100) @Max(120000) NATS_TIMEOUT_MS: number = 10000;
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL: string = 'info';
  @IsOptional() @IsIn(['true', 'false']) LOG_PRETTY: string = 'false';
  @IsOptional() @IsString() SERVICE_VERSION: string = process.env.npm_package_version ?? '0.1.0';
  /** The web application's production build, served at `/` (relative to the working directory). */
  @IsString() WEB_DIR: string = 'apps/web/dist';
  @IsOptional() @IsIn(['development', 'production', 'test']) NODE_ENV: string = 'development';
}

export function assertProductionSecrets(config: GatewayConfig): void {
  if (config.NODE_ENV === 'production' && config.JWT_SECRET === new GatewayConfig().JWT_SECRET) {
    throw new Error('invalid configuration:\n  JWT_SECRET: set a secret of your own in production');
  }
}
