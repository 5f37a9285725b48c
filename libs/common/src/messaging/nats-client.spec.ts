import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPOSITORY_ROOT, repositoryFiles } from '../../../../test/support/repository-files';

describe('the NATS client token', () => {
  it('is defined once, in libs/common', () => {
    const definitions = repositoryFiles().filter((f) => f.endsWith('.ts') && !f.endsWith('nats-client.spec.ts'))
      .flatMap((f) => readFileSync(join(REPOSITORY_ROOT, f), 'utf8').split('\n').flatMap((line, i) => (/NATS_CLIENT *= */.test(line) ? [`${f}:${i + 1}:${line}`] : [])));
    expect(definitions).toEqual([expect.stringMatching(/^libs\/common\/src\/messaging\/nats-client\.ts:\d+:export const NATS_CLIENT = 'NATS_CLIENT';$/)]);
  });
});
