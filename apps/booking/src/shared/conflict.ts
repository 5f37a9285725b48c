import type { EntityManager } from '@mikro-orm/postgresql';
import { fail } from '@yixiang/common';
import { toDate } from './rows';

/**
 * The exclusion constraint refused a row: name what it collided with. The colliding row is read
 * after the fact, so in a rare race it may have gone again; the 409 stands either way.
 */
export async function failWithConflict(em: EntityManager, instrumentId: string, start: Date, end: Date): Promise<never> {
  const [hit] = await em.getConnection().execute<{ kind: string; code: string; start_at: Date; end_at: Date; status: string }[]>(
    `select kind, code, start_at, end_at, status from booking.booking
     where instrument_id = ? and status in ('requested', 'approved', 'in_use', 'active') and period && tstzrange(?, ?, '[)')
     order by start_at limit 1`, [instrumentId, start, end]);
  const [from, to] = hit ? [toDate(hit.start_at).toISOString(), toDate(hit.end_at).toISOString()] : ['', ''];
  const what = hit ? `${hit.kind === 'blackout' ? 'a maintenance blackout' : `booking ${hit.code}`} from ${from} to ${to}` : 'another booking';
  fail('BOOKING_CONFLICT', `the instrument is already taken for part of that time: ${what}`, {
    conflict: hit ? { kind: hit.kind, code: hit.code, start: from, end: to } : null,
  });
}
