#!/usr/bin/env node
// `npm run test:faults`: the fault suite (test/faults/*.fault-spec.ts), one file at a time. Each
// file starts private stores and a platform of its own, so it runs beside nothing else.
// Extra arguments go to Jest, e.g. `npm run test:faults -- test/faults/redis-restart.fault-spec.ts`.
'use strict';
const { prepare, step } = require('./prepare');

prepare();
const args = process.argv.slice(2).map((a) => JSON.stringify(a)).join(' ');
// --forceExit: a fault spec that fails midway may leave a process or socket of its broken platform
// behind, and Jest would then wait for it forever (it did: CI ran out of its 90 minutes). Each spec
// still stops what it started in afterAll; this only bounds what a bug there could cost.
step('running the fault suite', `npx jest --ci --runInBand --forceExit --config jest.faults.config.js ${args}`, { hint: 'Service logs of the run are in .runtime/fault-logs/.' });
