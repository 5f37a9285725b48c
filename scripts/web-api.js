#!/usr/bin/env node
// `npm run web:api`: regenerates the web app's typed API client (apps/web/src/api/schema.d.ts) from the
// gateway's OpenAPI document. Run it after changing a controller or a DTO; a test fails while the
// committed client is stale.
'use strict';
const { mkdirSync } = require('node:fs');
const { join } = require('node:path');
const { step, ROOT } = require('./prepare');

const documentFile = join(ROOT, '.runtime', 'openapi.json');
mkdirSync(join(ROOT, '.runtime'), { recursive: true });
step('compiling TypeScript', 'npx tsc -p tsconfig.json');
step('writing the OpenAPI document', `node -r tsconfig-paths/register dist/apps/gateway/src/openapi-cli.js ${JSON.stringify(documentFile)}`, {
  env: { ...process.env, TS_NODE_BASEURL: join(ROOT, 'dist') },
});
step('generating the client types', `npx openapi-typescript ${JSON.stringify(documentFile)} --default-non-nullable false -o apps/web/src/api/schema.d.ts`);
