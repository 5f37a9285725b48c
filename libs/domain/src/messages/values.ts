import { DateTime } from 'luxon';
import { zoneOf } from '../booking/zone';
import { yuanText } from '../validation/money';
import type { FieldUnit } from './labels';
import { type Said, said } from './said';

const BEIJING = 'Asia/Shanghai';

/** Basis points as a percentage, without trailing zeros: 10000 → "100", 1250 → "12.5". */
export function percentText(bps: number): string {
  return (bps / 100).toFixed(2).replace(/\.?0+$/, '');
}

/** Minutes as people say them: 45 → "45 分钟", 1440 → "24 小时", 90 → "1 小时 30 分钟". */
export function durationText(minutes: number): Said {
  if (!Number.isInteger(minutes) || Math.abs(minutes) < 60) return said(`${minutes} 分钟`, `${minutes} minute${minutes === 1 ? '' : 's'}`);
  const hours = Math.trunc(minutes / 60);
  const rest = Math.abs(minutes % 60);
  if (rest === 0) return said(`${hours} 小时`, `${hours} hour${Math.abs(hours) === 1 ? '' : 's'}`);
  return said(`${hours} 小时 ${rest} 分钟`, `${hours} h ${rest} min`);
}

/** An instant in Beijing time: "2026-12-02 09:00（北京时间）"; null when it is not an instant. */
export function beijingInstantText(instant: string | Date): Said | null {
  const time = instant instanceof Date ? DateTime.fromJSDate(instant) : DateTime.fromISO(instant, { setZone: true });
  if (!time.isValid) return null;
  const local = time.setZone(zoneOf(BEIJING)).toFormat('yyyy-MM-dd HH:mm');
  return said(`${local}（北京时间）`, `${local} Beijing time`);
}

/**
 * A field's value (a bound, a value given) in the field's unit: fen as "100.00 元", basis points as
 * "100%", minutes as minutes or hours, instants in Beijing time. Anything else as it is.
 */
export function valueText(value: unknown, unit: FieldUnit | undefined): Said {
  const plain = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  const isNumber = typeof value === 'number' && Number.isFinite(value);
  switch (unit) {
    case 'fen':
      return isNumber && Number.isInteger(value) ? said(`${yuanText(value)} 元`, `${yuanText(value)} yuan`) : said(plain, plain);
    case 'bps':
      return isNumber ? said(`${percentText(value)}%`, `${percentText(value)}%`) : said(plain, plain);
    case 'minutes':
      return isNumber ? durationText(value) : said(plain, plain);
    case 'hours':
      return isNumber ? said(`${value} 小时`, `${value} hour${value === 1 ? '' : 's'}`) : said(plain, plain);
    case 'days':
      return isNumber ? said(`${value} 天`, `${value} day${value === 1 ? '' : 's'}`) : said(plain, plain);
    case 'instant':
      return (typeof value === 'string' || value instanceof Date ? beijingInstantText(value) : null) ?? said(plain, plain);
    default:
      return said(plain, plain);
  }
}
