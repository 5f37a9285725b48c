// Writes the gateway's OpenAPI document to a file, without serving anything: the web app's typed
// client is generated from it (`npm run web:api`), and a test checks the generated client is current.
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { loadConfig } from '@yixiang/common';
import { GatewayConfig } from './config';
import { createGateway, openApiDocument } from './main';

async function main(): Promise<void> {
  const target = process.argv[2];
  if (!target) throw new Error('usage: openapi-cli <output.json>');
  // Nothing is served or signed: a throwaway secret satisfies the configuration, never a fixed one.
  const config = loadConfig(GatewayConfig, { JWT_SECRET: randomBytes(32).toString('base64url'), ...process.env, NODE_ENV: 'development' });
  const app = await createGateway({ ...config, LOG_LEVEL: 'silent' });
  writeFileSync(target, `${JSON.stringify(openApiDocument(app), null, 2)}\n`);
  // The app was never initialised or listened, so nothing is left to drain; its Redis client
  // would keep the process alive, and app.close() waits for a connection it never needed.
  process.exit(0);
}

main().catch((error) => {
  console.error(`openapi: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
