import { randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

/** A fresh signing secret: 48 random bytes, base64url (64 characters). */
export function randomSecret(): string {
  return randomBytes(48).toString('base64url');
}

/**
 * The installation's signing secret in `file` (`.runtime/jwt-secret`, git-ignored): made once, on
 * the first start, readable by its owner only, and read again on every later start, so tokens
 * survive a restart of the platform. Delete the file (and restart) to rotate it: every token ends.
 */
export function installationSecret(file: string): { secret: string; created: boolean } {
  try {
    const secret = readFileSync(file, 'utf8').trim();
    if (secret.length >= 32) {
      if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
      return { secret, created: false };
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(dirname(file), { recursive: true });
  const secret = randomSecret();
  writeFileSync(file, `${secret}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return { secret, created: true };
}
