#!/usr/bin/env node
// Runs a compiled script of the repository (benchmarks, generators, migrations) after the same
// preparation as `npm test`: `node scripts/run.js dist/bench/catalogue-search.js`.
'use strict';
const { spawnSync } = require('node:child_process');
const { join } = require('node:path');
const { prepare, ROOT } = require('./prepare');

const [script, ...args] = process.argv.slice(2);
if (!script) {
  console.error('usage: node scripts/run.js dist/<path>.js [args]');
  process.exit(2);
}
prepare();
const result = spawnSync(process.execPath, ['-r', 'tsconfig-paths/register', join(ROOT, script), ...args], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, TS_NODE_BASEURL: join(ROOT, 'dist'), TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') },
});
process.exit(result.status ?? 1);
