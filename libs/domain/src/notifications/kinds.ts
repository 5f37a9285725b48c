/**
 * What a notification is about, in the words a user chooses channels by (GET/PUT
 * /notification-preferences). One kind per booking event of issue 19; the inbox always receives
 * every kind, e-mail is on unless the user turned it off.
 */
export const NOTIFICATION_KINDS = [
  'booking.requested', 'booking.approved', 'booking.rejected', 'booking.cancelled', 'booking.reminder',
  'booking.no-show', 'booking.suspended', 'booking.maintenance', 'waitlist.offered',
] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export const NOTIFICATION_CHANNELS = ['inbox', 'email'] as const;
export type NotificationChannel = (typeof NOTIFICATION_CHANNELS)[number];

/** A user's choice for one kind; a kind with no stored choice has e-mail on. */
export interface ChannelChoice { kind: NotificationKind; email: boolean }

/** The channels a user receives a kind on: the inbox always, e-mail unless they turned it off. */
export function channelsFor(kind: NotificationKind, choices: readonly ChannelChoice[]): NotificationChannel[] {
  const choice = choices.find((c) => c.kind === kind);
  return choice && !choice.email ? ['inbox'] : ['inbox', 'email'];
}

/** Every kind with the user's choice, in the fixed order of NOTIFICATION_KINDS (what GET answers). */
export function preferencesOf(choices: readonly ChannelChoice[]): { kind: NotificationKind; inbox: true; email: boolean }[] {
  return NOTIFICATION_KINDS.map((kind) => ({ kind, inbox: true as const, email: channelsFor(kind, choices).includes('email') }));
}

/** The labels of the kinds in Chinese, for the preference page and the messages. */
export const KIND_LABELS: Record<NotificationKind, string> = {
  'booking.requested': '待审核预约',
  'booking.approved': '预约已通过',
  'booking.rejected': '预约未通过',
  'booking.cancelled': '预约被取消',
  'booking.reminder': '预约开始提醒',
  'booking.no-show': '爽约记录',
  'booking.suspended': '预约资格暂停',
  'booking.maintenance': '维护时段冲突',
  'waitlist.offered': '候补机时可预约',
};
