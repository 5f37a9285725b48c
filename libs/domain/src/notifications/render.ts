import { DateTime } from 'luxon';
import { zoneOf } from '../booking/zone';
import { yuanText } from '../validation/money';
import { KIND_LABELS } from './kinds';
import { type BillingNotifiable, type BookingNotifiable, isBillingEvent, type NotifiableEvent } from './notifiable';

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

/** A month YYYY-MM as a Chinese reader writes it: 2026年11月. */
export function monthText(period: string): string {
  const [year, month] = period.split('-');
  return `${year}年${Number(month)}月`;
}

/**
 * The web app's page of each billing record (apps/web/src/App.tsx), by the kind's first part, and
 * the query naming the record: statements on 费用与账单, applications on 创新券申领, claims on 创新券兑付.
 */
const BILLING_PAGES: Record<string, [page: string, key: string]> = {
  statement: ['billing', 'statement'], voucher: ['voucher-applications', 'application'], 'voucher-claim': ['voucher-claims', 'claim'],
};

/**
 * Where a recipient sees the event in the web app: approvers the approval queue, users their
 * bookings; a statement the billing page, a voucher decision the applications, a claim the claims.
 */
export function linkOf(event: NotifiableEvent, publicUrl: string, forApprover: boolean): string {
  const base = publicUrl.replace(/\/+$/, '');
  if (isBillingEvent(event)) {
    const [page, key] = BILLING_PAGES[event.kind.split('.')[0]];
    return `${base}/${page}?${key}=${encodeURIComponent(event.recordId)}`;
  }
  if (event.kind === 'waitlist.offered') return `${base}/bookings?waitlist=${encodeURIComponent(event.bookingId ?? '')}`;
  if (!event.bookingId) return `${base}/bookings`;
  return `${base}/${forApprover ? 'approvals' : 'bookings'}?booking=${encodeURIComponent(event.bookingId)}`;
}

/**
 * The Chinese message of an event for one recipient (the default language of issue 19): which
 * instrument, when in Beijing time, why (a reason when there is one), and the link.
 */
export function renderMessage(event: NotifiableEvent, publicUrl: string, forApprover = event.kind === 'booking.requested'): RenderedMessage {
  const link = linkOf(event, publicUrl, forApprover);
  const { title, lead } = isBillingEvent(event) ? billingLead(event) : bookingLead(event);
  const reason = event.reason ? `原因：${event.reason}` : '';
  const body = [lead, reason, `查看详情：${link}`, '', '—— 仪享 大型科研仪器共享平台（本邮件由系统自动发送）'].filter((line, i) => line !== '' || i === 3).join('\n');
  const short = [lead, reason, link].filter(Boolean).join('\n');
  return { title, body, link, short };
}

/** A booking event's title and first line: the instrument and when, in Beijing time. */
function bookingLead(event: BookingNotifiable): { title: string; lead: string } {
  const name = event.instrumentName ?? '仪器';
  const when = event.start && event.end ? beijingInterval(event.start, event.end) : '';
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
  return { title, lead };
}

/**
 * A billing event's title and first line (issue 19): who issued what for which month, the amount in
 * 元 with two decimals, when in Beijing time; a voucher decision names the programme and the amount;
 * a claim its code, its issuing region and the amount (a rejection's reason follows on its own line).
 */
function billingLead(event: BillingNotifiable): { title: string; lead: string } {
  const amount = `${yuanText(event.amountFen)} 元`;
  const at = `${beijingTime(event.occurredAt)}（北京时间）`;
  const programme = event.programmeName ?? '创新券计划';
  const claim = `创新券兑付申请 ${event.code ?? ''}（${event.region ?? ''} 科技局${event.period ? `，${monthText(event.period)}` : ''}）`;
  switch (event.kind) {
    case 'statement.issued': {
      const provider = event.providerName ?? '服务单位';
      const month = event.period ? monthText(event.period) : '';
      return {
        title: `【仪享】结算单已开具：${provider} ${month}`,
        lead: `${provider}已于${at}开具贵单位${month}的结算单，应付金额 ${amount}。请核对明细并按时付款。`,
      };
    }
    case 'voucher.approved':
      return {
        title: `【仪享】创新券申领已批准：${programme}`,
        lead: `您申领的${programme}已于${at}获批，批准金额 ${amount}${event.code ? `，创新券编号 ${event.code}` : ''}。`,
      };
    case 'voucher.rejected':
      return {
        title: `【仪享】创新券申领未通过：${programme}`,
        lead: `很抱歉，您申领的${programme}（申请金额 ${amount}）未获批准（${at}）。`,
      };
    case 'voucher-claim.approved':
      return { title: `【仪享】创新券兑付已批准：${event.code ?? ''}`, lead: `贵单位的${claim}已于${at}获批，金额 ${amount}，等待拨付。` };
    case 'voucher-claim.rejected':
      return { title: `【仪享】创新券兑付未通过：${event.code ?? ''}`, lead: `贵单位的${claim}（金额 ${amount}）未获批准（${at}），其中的明细可重新申请兑付。` };
    case 'voucher-claim.paid':
      return {
        title: `【仪享】创新券兑付已拨付：${event.code ?? ''}`,
        lead: `贵单位的${claim}已于${at}拨付 ${amount}${event.reference ? `，付款凭证号：${event.reference}` : ''}。`,
      };
  }
}

/**
 * The text a provider's group chat (WeCom, DingTalk, Feishu robot) gets: read by the whole staff, so
 * it names what happened, the instrument and the time in Beijing time, never "you"; the link leads
 * to the approval queue.
 */
export function robotText(event: BookingNotifiable, publicUrl: string): string {
  const head = `【仪享】${KIND_LABELS[event.kind]}`;
  const what = event.kind === 'booking.suspended'
    ? `一位用户因 ${event.noShows ?? ''} 次爽约暂停预约至 ${event.until ? beijingTime(event.until) : ''}（北京时间）`
    : `${event.instrumentName ?? '仪器'} ${event.start && event.end ? beijingInterval(event.start, event.end) : ''}`.trim();
  const by = event.kind === 'booking.cancelled' ? (event.cancelledBy === 'institution' ? '（单位取消）' : '（用户取消）') : '';
  return [`${head}：${what}${by}`, event.reason ? `原因：${event.reason}` : '', linkOf(event, publicUrl, true)].filter(Boolean).join('\n');
}
