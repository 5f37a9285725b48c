import { fail } from '@yixiang/common';
import { OccupancyRepository } from './occupancy.repository';

/**
 * The exclusion constraint refused a row: name what it collided with. The colliding row is read
 * after the fact, so in a rare race it may have gone again; the 409 stands either way.
 */
export async function failWithConflict(occupancy: OccupancyRepository, instrumentId: string, start: Date, end: Date): Promise<never> {
  const hit = await occupancy.firstOverlap(instrumentId, start, end);
  const [from, to] = hit ? [hit.start.toISOString(), hit.end.toISOString()] : ['', ''];
  const what = hit ? `${hit.kind === 'blackout' ? 'a maintenance blackout' : `booking ${hit.code}`} from ${from} to ${to}` : 'another booking';
  fail('BOOKING_CONFLICT', `the instrument is already taken for part of that time: ${what}`, {
    conflict: hit ? { kind: hit.kind, code: hit.code, start: from, end: to } : null,
  });
}
