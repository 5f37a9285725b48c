import { resolve } from 'node:path';
import { register } from 'tsconfig-paths';

export const ROOT = resolve(__dirname, '../..');
export const RUNTIME_FILE = resolve(ROOT, '.runtime', 'test-env.json');

/** Jest's globalSetup resolves modules with Node's resolver, not moduleNameMapper: map @yixiang/* here. */
export function registerSourcePaths(): void {
  register({
    baseUrl: ROOT,
    paths: {
      '@yixiang/contracts': ['libs/contracts/src'],
      '@yixiang/common': ['libs/common/src'],
      '@yixiang/domain': ['libs/domain/src'],
    },
  });
}

export interface TestEnv {
  gatewayUrl: string;
  natsUrl: string;
  databaseUrl: string;
  redisUrl: string;
  bullmqPrefix: string;
  bootstrapEmail: string;
  bootstrapPassword: string;
  logDir: string;
  /** The run's token signing secret (tests that forge or hand-make tokens). */
  jwtSecret: string;
  /** Each service process's operations endpoints (/health/live, /health/ready, /metrics), by process name. */
  opsUrls?: Record<string, string>;
  /** Where the run's SMTP server writes every delivered message (.eml files). */
  mailDir?: string;
}
