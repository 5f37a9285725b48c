import { isIP } from 'node:net';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength } from 'class-validator';

export class GatewayConfig {
  @Matches(/^rediss?:\/\//, { message: 'REDIS_URL must be a redis:// URL' }) REDIS_URL: string = 'redis://127.0.0.1:6379';
  @Matches(/^nats:\/\//, { message: 'NATS_URL must be a nats:// URL (comma-separate several)' }) NATS_URL: string = 'nats://127.0.0.1:4222';
  @Matches(/^[A-Za-z0-9_-]{1,40}$/, { message: 'BULLMQ_PREFIX must be 1–40 letters, digits, _ or -' }) BULLMQ_PREFIX: string = 'yixiang';
  @IsInt() @Min(1) @Max(65535) PORT: number = 3000;
  @IsString() HOST: string = '127.0.0.1';
  /**
   * Signs access tokens. No default: a secret written in the source signs tokens anyone can forge.
   * `npm run platform` makes one per installation (.runtime/jwt-secret), the tests one per run;
   * anywhere else it is set (k8s Secret, compose env). See jwtSecretProblem for what is refused.
   */
  @IsString({ message: 'JWT_SECRET is required: at least 32 random characters (e.g. openssl rand -base64 48)' })
  JWT_SECRET!: string;
  @IsInt() @Min(60) @Max(7 * 24 * 3600) JWT_TTL_SECONDS: number = 3600;
  /**
   * How long the gateway trusts what it last heard of a token's user (role, institution, token
   * version), in ms. A change made through the catalogue reaches every gateway at once (an event);
   * this bounds how long one that missed the event, or a change written past the service (an
   * import, psql), goes on acting on the old state.
   */
  @IsInt() @Min(0) @Max(60000) SESSION_CACHE_MS: number = 5000;
  /** Failed sign-ins per minute for one account, over all addresses (guessing one password). */
  @IsInt() @Min(1) @Max(10000) LOGIN_ATTEMPTS_PER_MINUTE: number = 10;
  /** Failed sign-ins per minute from one address over all accounts (an institution's NAT shares one). */
  @IsInt() @Min(1) @Max(100000) LOGIN_ATTEMPTS_PER_ADDRESS_PER_MINUTE: number = 100;
  /**
   * Reverse proxies whose X-Forwarded-For is believed: a comma list of addresses or CIDRs (e.g.
   * `10.0.0.0/8,127.0.0.1`). Unset: none, and the client address is the connection's — otherwise
   * anyone could name any address and the sign-in limits per address would mean nothing.
   */
  @IsOptional() @IsString() TRUSTED_PROXIES?: string;
  /**
   * Guards /metrics and the API documentation (/api/docs, /api/docs-json): when set they need
   * `Authorization: Bearer <OPS_TOKEN>` (or `?token=`). Unset: open in development, off in production.
   */
  @IsOptional() @IsString() @MinLength(16, { message: 'OPS_TOKEN must be at least 16 characters' }) OPS_TOKEN?: string;
  @IsInt() @Min(1) @Max(1024) MAX_UPLOAD_MB: number = 200;
  /** The largest sample-order report an operator may upload (issue 18); kept in PostgreSQL as bytea. */
  @IsInt() @Min(1) @Max(100) REPORT_MAX_MB: number = 20;
  @IsInt() @Min(100) @Max(120000) NATS_TIMEOUT_MS: number = 10000;
  /**
   * On SIGTERM: how long the gateway stays up unready (refusing in the API's format) before it
   * closes, for a load balancer to stop sending (Kubernetes: a few seconds), and how long the
   * requests in hand may then take.
   */
  @IsInt() @Min(0) @Max(60000) SHUTDOWN_DELAY_MS: number = 1000;
  @IsInt() @Min(0) @Max(600000) SHUTDOWN_GRACE_MS: number = 10000;
  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL: string = 'info';
  @IsOptional() @IsIn(['true', 'false']) LOG_PRETTY: string = 'false';
  @IsOptional() @IsString() SERVICE_VERSION: string = process.env.npm_package_version ?? '0.1.0';
  /** The web application's production build, served at `/` (relative to the working directory). */
  @IsString() WEB_DIR: string = 'apps/web/dist';
  @IsOptional() @IsIn(['development', 'production', 'test']) NODE_ENV: string = 'development';
}

/** The signing secret this gateway shipped with until issue 13; tokens signed with it must never pass. */
const FORMER_DEVELOPMENT_SECRET = 'yixiang-local-development-secret';

/**
 * Why a signing secret must not be used, or null. Refused whatever NODE_ENV says, because "not
 * production" is exactly where a forgotten default ends up exposed: fewer than 32 characters; a
 * placeholder (CHANGE-ME, changeme, the former development value); or too little variety to be
 * random (one repeated character, `abcabc…`): fewer than 10 different characters.
 */
export function jwtSecretProblem(secret: string | undefined): string | null {
  if (!secret) return 'is required: at least 32 random characters (e.g. openssl rand -base64 48)';
  if (secret.length < 32) return `must be at least 32 characters (it has ${secret.length})`;
  const folded = secret.toLowerCase().replace(/[^a-z0-9]/g, '');
  if (folded.includes('changeme') || folded.includes(FORMER_DEVELOPMENT_SECRET.replace(/-/g, ''))) return 'is a placeholder; set a random secret of your own (e.g. openssl rand -base64 48)';
  if (new Set(secret).size < 10) return 'has too little variety to be random; use e.g. openssl rand -base64 48';
  return null;
}

/** The trusted proxies as fastify's `trustProxy` takes them, or why the list is wrong. */
export function trustedProxies(value: string | undefined): string[] | false {
  const entries = (value ?? '').split(',').map((s) => s.trim()).filter(Boolean);
  if (!entries.length) return false;
  for (const entry of entries) {
    const [address, bits, extra] = entry.split('/');
    const family = isIP(address);
    const max = family === 4 ? 32 : 128;
    const bitsOk = bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= max);
    if (!family || !bitsOk || extra !== undefined) throw new Error(`invalid configuration:\n  TRUSTED_PROXIES: ${JSON.stringify(entry)} is not an IP address or CIDR`);
  }
  return entries;
}

/** Start-up refuses what must never run: a missing or guessable secret, a bad proxy list. */
export function assertGatewaySecrets(config: GatewayConfig): void {
  const problems: string[] = [];
  const secret = jwtSecretProblem(config.JWT_SECRET);
  if (secret) problems.push(`  JWT_SECRET: ${secret}`);
  if (config.OPS_TOKEN && /change-?me/i.test(config.OPS_TOKEN)) problems.push('  OPS_TOKEN: is a placeholder; set a random token of your own (e.g. openssl rand -hex 24) or leave it unset');
  try {
    trustedProxies(config.TRUSTED_PROXIES);
  } catch (error) {
    problems.push(String((error as Error).message).split('\n')[1]);
  }
  if (problems.length) throw new Error(`invalid configuration:\n${problems.join('\n')}`);
}

/** Whether /metrics and the API documentation are served at all (then OPS_TOKEN, if set, guards them). */
export function opsEndpointsEnabled(config: GatewayConfig): boolean {
  return config.NODE_ENV !== 'production' || Boolean(config.OPS_TOKEN);
}
