import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { REPO_ROOT } from '../../../deploy/local/stack/processes';

/** A name for one run of a fault test: its databases, queue prefixes and logs carry it, so runs never share them. */
export const faultRunName = (): string => `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;

/** Where a fault test's service logs go: .runtime/fault-logs/<name>. */
export const faultLogDir = (name: string): string => join(REPO_ROOT, '.runtime', 'fault-logs', name);
