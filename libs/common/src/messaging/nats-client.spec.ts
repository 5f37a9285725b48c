import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

describe('the NATS client token', () => {
  it('is defined once, in libs/common', () => {
    const root = join(__dirname, '../../../..');
    const out = execFileSync('git', ['grep', '--untracked', '-n', '-E', 'NATS_CLIENT *= *', '--', '*.ts'], { cwd: root, encoding: 'utf8' });
    expect(out.trim().split('\n').filter((l) => !l.includes('nats-client.spec.ts'))).toEqual([expect.stringMatching(/^libs\/common\/src\/messaging\/nats-client\.ts:\d+:export const NATS_CLIENT = 'NATS_CLIENT';$/)]);
  });
});
