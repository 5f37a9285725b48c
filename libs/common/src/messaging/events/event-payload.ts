import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import type { EventSubject } from '@yixiang/contracts';
import { findBadInput } from '@yixiang/domain';

export type DecodedEvent<P> = { ok: true; payload: P } | { ok: false; problem: string };

function describe(errors: ValidationError[], prefix = ''): string[] {
  return errors.flatMap((e) => [
    ...Object.values(e.constraints ?? {}).map((message) => `${prefix}${message}`),
    ...describe(e.children ?? [], `${prefix}${e.property}.`),
  ]);
}

/**
 * An event's bytes as its payload class, checked with the class's constraints: a consumer acts
 * only on what it validated, as the RPC validation pipe does for requests. Never throws: an
 * invalid event is a value the consumer logs and terminates, not an exception that stops it.
 */
export function decodeEvent<P extends object>(event: EventSubject<P>, data: Uint8Array): DecodedEvent<P> {
  let plain: unknown;
  try {
    plain = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(data));
  } catch (error) {
    return { ok: false, problem: `not JSON: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (typeof plain !== 'object' || plain === null || Array.isArray(plain)) return { ok: false, problem: `not a JSON object (${event.payload.name})` };
  const bad = findBadInput(plain, '');
  if (bad.length > 0) return { ok: false, problem: bad.map((f) => `${f.field}: ${f.reason}`).join('; ') };
  const payload = plainToInstance(event.payload, plain);
  const errors = validateSync(payload, { forbidUnknownValues: true });
  if (errors.length > 0) return { ok: false, problem: `${event.payload.name}: ${describe(errors).join('; ')}` };
  return { ok: true, payload };
}
