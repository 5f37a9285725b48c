// Lints an OpenAPI document (JSON on stdin) with Redocly's recommended rules and prints every
// problem as one JSON array on stdout. A module of its own: @redocly/openapi-core is ESM only,
// and the Jest specs that call it are CommonJS.
import { createConfig, lintFromString } from '@redocly/openapi-core';

const chunks = [];
for await (const chunk of process.stdin) chunks.push(chunk);
const config = await createConfig({ extends: ['recommended'] });
const problems = await lintFromString({ source: Buffer.concat(chunks).toString('utf8'), absoluteRef: 'openapi.json', config });
process.stdout.write(JSON.stringify(problems.map((p) => ({ rule: p.ruleId, severity: p.severity, message: p.message, where: p.location?.[0]?.pointer ?? '' }))));
