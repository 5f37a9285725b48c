// Shared first steps of `npm run platform` and `npm test` on any machine, fresh or not:
// dependencies installed, PostgreSQL/Redis/NATS reachable (started or installed if need be),
// and the TypeScript compiled. Plain Node, because nothing is installed yet when it starts.
'use strict';
const { spawnSync } = require('node:child_process');
const { existsSync, mkdirSync, readFileSync, statSync } = require('node:fs');
const { join } = require('node:path');

const ROOT = join(__dirname, '..');

function step(title, command, options = {}) {
  process.stdout.write(`» ${title}\n`);
  const result = spawnSync(command, { cwd: ROOT, stdio: 'inherit', shell: true, ...options });
  if (result.status !== 0) {
    process.stderr.write(`\n✗ ${title} failed (exit ${result.status}). ${options.hint ?? ''}\n`);
    process.exit(result.status || 1);
  }
}

function dependenciesCurrent() {
  const marker = join(ROOT, 'node_modules', '.package-lock.json');
  if (!existsSync(marker)) return false;
  const lock = join(ROOT, 'package-lock.json');
  return !existsSync(lock) || statSync(lock).mtimeMs <= statSync(marker).mtimeMs + 1000;
}

function prepare({ build = true } = {}) {
  if (!dependenciesCurrent()) {
    step('checking the build tools for native modules', 'bash deploy/local/ensure-build-tools.sh');
    installDependencies();
  }
  step('checking PostgreSQL, Redis and NATS', 'bash deploy/local/ensure-services.sh', {
    hint: 'See deploy/README.md, "Troubleshooting".',
  });
  if (build) {
    step('compiling TypeScript', 'npx tsc -p tsconfig.json', { hint: 'Fix the type errors above.' });
    buildWebApp();
  }
}

/**
 * `npm install`, not `npm ci`: npm writes only this platform's optional native packages
 * (@swc/core-*, @parcel/watcher-*) into a regenerated lock file, and `npm ci` then refuses the
 * lock as "out of sync" (npm/cli#4828, #8669). `npm install` still honours every locked version.
 * Its output is kept, so that a failure names what failed.
 */
function installDependencies() {
  const log = join(ROOT, '.runtime', 'npm-install.log');
  mkdirSync(join(ROOT, '.runtime'), { recursive: true });
  process.stdout.write('» installing dependencies\n');
  const result = spawnSync(`set -o pipefail; npm install --no-audit --no-fund 2>&1 | tee ${JSON.stringify(log)}`, { cwd: ROOT, stdio: 'inherit', shell: '/bin/bash' });
  if (result.status === 0) return;
  const { diagnoseInstall } = require('../deploy/local/install-diagnosis');
  const output = existsSync(log) ? readFileSync(log, 'utf8') : '';
  process.stderr.write(`\n✗ installing dependencies failed (exit ${result.status}): ${diagnoseInstall(output)}. The whole output is in ${log}.\n`);
  process.exit(result.status || 1);
}

/** The web app: type-checked on its own (DOM, JSX), then bundled by Vite into apps/web/dist for the gateway. */
function buildWebApp() {
  step('checking the web app', 'npx tsc -p apps/web/tsconfig.json', { hint: 'Fix the type errors above.' });
  step('building the web app', 'npx vite build --config apps/web/vite.config.ts --logLevel error', { hint: 'See the Vite errors above.' });
}

module.exports = { prepare, step, ROOT };

if (require.main === module) prepare();
