import { fail } from '@yixiang/common';
import { OccupancyRepository } from './occupancy.repository';
import { beijingInstantText, said } from '@yixiang/domain';

/**
 * The exclusion constraint refused a row: name what it collided with. The colliding row is read
 * after the fact, so in a rare race it may have gone again; the 409 stands either way.
 */
export async function failWithConflict(occupancy: OccupancyRepository, instrumentId: string, start: Date, end: Date): Promise<never> {
  const hit = await occupancy.firstOverlap(instrumentId, start, end);
  const [from, to] = hit ? [hit.start.toISOString(), hit.end.toISOString()] : ['', ''];
  const what = hit ? `${hit.kind === 'blackout' ? 'a maintenance blackout' : `booking ${hit.code}`} from ${from} to ${to}` : 'another booking';
  const span = hit ? `${beijingInstantText(hit.start)!.zh.replace('（北京时间）', '')} 至 ${beijingInstantText(hit.end)!.zh}` : '';
  const whatZh = hit ? `${hit.kind === 'blackout' ? '停机维护' : `预约 ${hit.code}`}，${span}` : '其他预约';
  fail('BOOKING_CONFLICT', said(`该仪器在这段时间已被部分占用：${whatZh}`, `the instrument is already taken for part of that time: ${what}`), {
    conflict: hit ? { kind: hit.kind, code: hit.code, start: from, end: to } : null,
  });
}
