#!/usr/bin/env node
// The reference instrument terminal (issue 20): `npm run terminal -- --instrument <code> --terminal <id>
// --secret <credential> --url <gateway> [--watch -- <command…>]`. Compiled once if need be; an
// instrument PC needs Node.js and this repository's build, not the platform's services.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');
const CLI = join(ROOT, 'dist', 'apps', 'terminal', 'src', 'cli.js');
if (!existsSync(CLI)) {
  const built = spawnSync('npx', ['tsc', '-p', 'tsconfig.json'], { cwd: ROOT, stdio: 'inherit' });
  if (built.status !== 0) process.exit(built.status || 1);
}
const result = spawnSync(process.execPath, ['-r', require.resolve('tsconfig-paths/register', { paths: [ROOT] }), CLI, ...process.argv.slice(2)], {
  stdio: 'inherit',
  env: { ...process.env, TS_NODE_BASEURL: join(ROOT, 'dist'), TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') },
});
process.exit(result.status ?? 1);
