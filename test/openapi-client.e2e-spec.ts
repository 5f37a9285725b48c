import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testEnv } from './support/api';
import { ROOT } from './support/paths';

// The web app's API client is generated from the gateway's OpenAPI document and committed; this
// fails when a controller or DTO changed and `npm run web:api` was not run, so the UI never calls
// an API that no longer exists in that shape.
describe('the web app’s generated API client', () => {
  it('matches the OpenAPI document of the gateway as built', () => {
    const dir = mkdtempSync(join(tmpdir(), 'yixiang-openapi-'));
    const env = { ...process.env, TS_NODE_BASEURL: join(ROOT, 'dist'), REDIS_URL: testEnv().redisUrl };
    execFileSync(process.execPath, ['-r', 'tsconfig-paths/register', join(ROOT, 'dist/apps/gateway/src/openapi-cli.js'), join(dir, 'openapi.json')], { cwd: ROOT, env });
    const document = JSON.parse(readFileSync(join(dir, 'openapi.json'), 'utf8'));
    expect(document.paths['/api/v1/bookings'].post).toBeDefined();
    execFileSync(process.execPath, [join(ROOT, 'node_modules/openapi-typescript/bin/cli.js'), join(dir, 'openapi.json'), '--default-non-nullable', 'false', '-o', join(dir, 'schema.d.ts')], { cwd: ROOT, stdio: 'pipe' });
    expect(readFileSync(join(dir, 'schema.d.ts'), 'utf8')).toBe(readFileSync(join(ROOT, 'apps/web/src/api/schema.d.ts'), 'utf8'));
  });
});
