#!/usr/bin/env node
// `npm test`: prepares the machine (dependencies, services, compiled tree) and runs every test.
// Extra arguments go to Jest, e.g. `npm test -- test/catalogue.e2e-spec.ts`.
'use strict';
const { prepare, step } = require('./prepare');

prepare();
step('checking Chromium for the web tests', 'bash deploy/local/ensure-chromium.sh', { hint: 'The web tests need Debian\'s chromium package.' });
step('checking LibreOffice for the spreadsheet test', 'bash deploy/local/ensure-libreoffice.sh', { hint: 'The .xlsx acceptance test opens the exports with Debian\'s libreoffice-calc-nogui package.' });
step('linting', 'npx eslint .', { hint: 'Fix the lint errors above (npx eslint . --fix fixes some).' });
const args = process.argv.slice(2).map((a) => JSON.stringify(a)).join(' ');
step('running the test suite', `npx jest --ci ${args}`, { hint: 'Service logs of the run are in .runtime/test-logs/.' });
