#!/usr/bin/env node
// `npm run platform`: prepares the machine, then starts the whole platform with demo data.
'use strict';
const { spawn } = require('node:child_process');
const { join } = require('node:path');
const { prepare, ROOT } = require('./prepare');

prepare();
const child = spawn(process.execPath, ['-r', 'tsconfig-paths/register', join(ROOT, 'dist/deploy/local/stack/platform.js'), ...process.argv.slice(2)], {
  cwd: ROOT,
  stdio: 'inherit',
  env: { ...process.env, TS_NODE_BASEURL: join(ROOT, 'dist'), TS_NODE_PROJECT: join(ROOT, 'tsconfig.json') },
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
