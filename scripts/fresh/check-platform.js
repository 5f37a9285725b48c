#!/usr/bin/env node
// Inside the fresh-machine test: waits until the platform started by `npm run platform` answers
// /health with every service ok, then signs in with the first demo account its output printed.
// Plain Node (fetch), since a fresh root has no curl.
'use strict';
const { readFileSync } = require('node:fs');

const [logFile, timeoutSeconds = '1500'] = process.argv.slice(2);
const base = `http://127.0.0.1:${process.env.PORT ?? 3000}`;
const deadline = Date.now() + Number(timeoutSeconds) * 1000;

async function main() {
  for (;;) {
    const log = readFileSync(logFile, 'utf8');
    if (/✗ /.test(log)) throw new Error(`npm run platform failed:\n${log.slice(-3000)}`);
    const account = /Demo accounts[^\n]*\n\s+\S+\s+(\S+@\S+)\s+(\S+)/.exec(log);
    if (account) {
      const health = await fetch(`${base}/health`).then((r) => r.json());
      if (health.status !== 'ok') throw new Error(`/health is not ok: ${JSON.stringify(health)}`);
      const login = await fetch(`${base}/api/v1/auth/login`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: account[1], password: account[2] }),
      });
      const body = await login.json();
      if (login.status !== 200 || typeof body.accessToken !== 'string') throw new Error(`sign-in as ${account[1]} → ${login.status} ${JSON.stringify(body)}`);
      console.log(`  /health ok (${Object.keys(health.services ?? health.checks ?? {}).join(', ') || 'all'}); signed in as ${account[1]}`);
      return;
    }
    if (Date.now() > deadline) throw new Error(`the platform printed no demo accounts within ${timeoutSeconds} s:\n${log.slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 2000));
  }
}

main().catch((error) => {
  console.error(`✗ ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
