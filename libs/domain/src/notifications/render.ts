import { DateTime } from 'luxon';
import { zoneOf } from '../booking/zone';
import { KIND_LABELS } from './kinds';
import type { NotifiableEvent } from './notifiable';

export const BEIJING = 'Asia/Shanghai';

/** An instant in Beijing time, as a Chinese reader writes it: 2026年12月3日 09:00. */
export function beijingTime(instant: string): string {
  return DateTime.fromISO(instant, { zone: zoneOf(BEIJING) }).toFormat("yyyy年M月d日 HH:mm");
}

/**
 * A booking's interval in Beijing time: "2026年12月3日 09:00–11:00（北京时间）", the end's day
 * written out only when it is another day.
 */
export function beijingInterval(start: string, end: string): string {
  const s = DateTime.fromISO(start, { zone: zoneOf(BEIJING) });
  const e = DateTime.fromISO(end, { zone: zoneOf(BEIJING) });
  const endText = s.hasSame(e, 'day') ? e.toFormat('HH:mm') : e.toFormat('yyyy年M月d日 HH:mm');
  return `${s.toFormat('yyyy年M月d日 HH:mm')}–${endText}（北京时间）`;
}

export interface RenderedMessage {
  /** The e-mail's subject and the inbox entry's title. */
  title: string;
  /** Plain text: the e-mail's body and the inbox entry's text. */
  body: string;
  /** Where to see it in the web app (absolute). */
  link: string;
  /** One or two lines for a group robot. */
  short: string;
}

/** Where a recipient sees the event in the web app: approvers the approval queue, users their bookings. */
export function linkOf(event: NotifiableEvent, publicUrl: string, forApprover: boolean): string {
  const base = publicUrl.replace(/\/+$/, '');
  if (event.kind === 'waitlist.offered') return `${base}/bookings?waitlist=${encodeURIComponent(event.bookingId ?? '')}`;
  if (!event.bookingId) return `${base}/bookings`;
  return `${base}/${forApprover ? 'approvals' : 'bookings'}?booking=${encodeURIComponent(event.bookingId)}`;
}

/**
 * The Chinese message of an event for one recipient (the default language of issue 19): which
 * instrument, when in Beijing time, why (a reason when there is one), and the link.
 */
export function renderMessage(event: NotifiableEvent, publicUrl: string, forApprover = event.kind === 'booking.requested'): RenderedMessage {
  const name = event.instrumentName ?? '仪器';
  const when = event.start && event.end ? beijingInterval(event.start, event.end) : '';
  const reason = event.reason ? `原因：${event.reason}` : '';
  const link = linkOf(event, publicUrl, forApprover);
  let title: string;
  let lead: string;
  switch (event.kind) {
    case 'booking.requested':
      title = `【仪享】待审核：${name} ${when}`;
      lead = `有一条${name}的预约等待您审核，时间：${when}。`;
      break;
    case 'booking.approved':
      title = `【仪享】预约已通过：${name}`;
      lead = `您预约的${name}已通过审核，时间：${when}。请按时到场签到。`;
      break;
    case 'booking.rejected':
      title = `【仪享】预约未通过：${name}`;
      lead = `很抱歉，您预约的${name}（${when}）未通过审核。`;
      break;
    case 'booking.cancelled':
      title = `【仪享】预约已被取消：${name}`;
      lead = `您预约的${name}（${when}）已被${event.cancelledBy === 'institution' ? '仪器管理单位' : '您本人'}取消。`;
      break;
    case 'booking.reminder':
      title = `【仪享】预约提醒：${name} ${when}`;
      lead = `提醒：您预约的${name}即将开始，时间：${when}。请提前到场签到。`;
      break;
    case 'booking.no-show':
      title = `【仪享】爽约记录：${name}`;
      lead = `您预约的${name}（${when}）未签到，已记为爽约。多次爽约将暂停预约资格。`;
      break;
    case 'booking.suspended':
      title = '【仪享】预约资格已暂停';
      lead = `由于${event.noShows ?? ''}次爽约，您在该单位的仪器预约资格已暂停至${event.until ? beijingTime(event.until) : ''}（北京时间）。`;
      break;
    case 'booking.maintenance':
      title = `【仪享】维护时段与您的预约冲突：${name}`;
      lead = `${name}将在您的预约时段（${when}）内进行维护，请与仪器管理单位联系或改约。`;
      break;
    case 'waitlist.offered':
      title = `【仪享】候补机时可预约：${name}`;
      lead = `您候补的${name}（${when}）现已空出，请在${event.until ? beijingTime(event.until) : ''}（北京时间）前确认预约。`;
      break;
  }
  const body = [lead, reason, `查看详情：${link}`, '', '—— 仪享 大型科研仪器共享平台（本邮件由系统自动发送）'].filter((line, i) => line !== '' || i === 3).join('\n');
  const short = [lead, reason, link].filter(Boolean).join('\n');
  return { title, body, link, short };
}

/**
 * The text a provider's group chat (WeCom, DingTalk, Feishu robot) gets: read by the whole staff, so
 * it names what happened, the instrument and the time in Beijing time, never "you"; the link leads
 * to the approval queue.
 */
export function robotText(event: NotifiableEvent, publicUrl: string): string {
  const head = `【仪享】${KIND_LABELS[event.kind]}`;
  const what = event.kind === 'booking.suspended'
    ? `一位用户因 ${event.noShows ?? ''} 次爽约暂停预约至 ${event.until ? beijingTime(event.until) : ''}（北京时间）`
    : `${event.instrumentName ?? '仪器'} ${event.start && event.end ? beijingInterval(event.start, event.end) : ''}`.trim();
  const by = event.kind === 'booking.cancelled' ? (event.cancelledBy === 'institution' ? '（单位取消）' : '（用户取消）') : '';
  return [`${head}：${what}${by}`, event.reason ? `原因：${event.reason}` : '', linkOf(event, publicUrl, true)].filter(Boolean).join('\n');
}
