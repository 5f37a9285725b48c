import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { installationSecret, randomSecret } from './secret';

describe('the local installation secret', () => {
  const dir = () => mkdtempSync(join(tmpdir(), 'yixiang-secret-'));

  it('is made once, owner-only, and reused on later starts', () => {
    const file = join(dir(), '.runtime', 'jwt-secret');
    const first = installationSecret(file);
    expect(first.created).toBe(true);
    expect(first.secret.length).toBeGreaterThanOrEqual(32);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const again = installationSecret(file);
    expect(again).toEqual({ secret: first.secret, created: false });
    expect(readFileSync(file, 'utf8').trim()).toBe(first.secret);
  });

  it('replaces a file too short to be a secret, and tightens a readable one', () => {
    const file = join(dir(), 'jwt-secret');
    writeFileSync(file, 'short\n', { mode: 0o644 });
    const made = installationSecret(file);
    expect(made.created).toBe(true);
    writeFileSync(file, `${made.secret}\n`, { mode: 0o644 });
    expect(installationSecret(file)).toEqual({ secret: made.secret, created: false });
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('differs every time it is made', () => {
    expect(new Set(Array.from({ length: 50 }, randomSecret)).size).toBe(50);
  });
});
