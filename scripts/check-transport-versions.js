#!/usr/bin/env node
// Fails the build when nats, @nestjs/microservices, class-transformer or class-validator is not the
// version the transport adapter and the validation pipe were checked against (their internals are
// read or patched: see libs/common/src/messaging/transport/index.ts). Run by `npm run build` and
// `npm run typecheck`; the same check is a spec, so `npm test` fails too.
'use strict';
const { readFileSync } = require('node:fs');
const { join } = require('node:path');

function transportVersionProblems(root) {
  const checked = require(join(root, 'libs/common/src/messaging/transport/checked-versions.js'));
  const declared = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).dependencies;
  const problems = [];
  for (const [name, { version, recheck }] of Object.entries(checked)) {
    let installed = null;
    try {
      installed = JSON.parse(readFileSync(require.resolve(`${name}/package.json`, { paths: [root] }), 'utf8')).version;
    } catch {
      installed = null;
    }
    if (declared[name] !== version || installed !== version) {
      problems.push(`${name}: checked against ${version}, package.json says ${declared[name] ?? 'nothing'}, installed ${installed ?? 'nothing'}. Re-check ${recheck}, then set the version in libs/common/src/messaging/transport/checked-versions.js.`);
    }
  }
  return problems;
}

module.exports = { transportVersionProblems };

if (require.main === module) {
  const problems = transportVersionProblems(join(__dirname, '..'));
  if (problems.length > 0) {
    console.error(`check-transport-versions: library internals the platform relies on may have changed:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
}
