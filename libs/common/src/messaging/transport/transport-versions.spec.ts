import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const CHECKED = require('./checked-versions') as Record<string, { version: string; recheck: string }>;
const { transportVersionProblems } = require('../../../../../scripts/check-transport-versions') as { transportVersionProblems(root: string): string[] };

const ROOT = join(__dirname, '../../../../..');

describe('the transport adapter and the validation pipe are used with the versions they were checked against', () => {
  it('names nats, @nestjs/microservices, class-transformer and class-validator', () => {
    expect(Object.keys(CHECKED).sort()).toEqual(['@nestjs/microservices', 'class-transformer', 'class-validator', 'nats']);
  });

  it('finds each installed version and each version in package.json equal to the checked one', () => {
    expect(transportVersionProblems(ROOT)).toEqual([]);
    const declared = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    for (const [name, { version }] of Object.entries(CHECKED)) expect(`${name} ${declared.dependencies[name]}`).toBe(`${name} ${version}`);
  });
});
