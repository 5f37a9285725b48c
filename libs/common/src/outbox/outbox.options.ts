import type { OutboxServiceConfig } from '../config/service.config';

/** Which outbox a service publishes (`<schema>.outbox`) and the settings it publishes with. */
export interface OutboxOptions {
  schema: string;
  config: OutboxServiceConfig;
}

export const OUTBOX_OPTIONS = Symbol('OUTBOX_OPTIONS');
