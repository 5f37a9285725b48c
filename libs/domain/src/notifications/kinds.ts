/**
 * What a notification is about, in the words a user chooses channels by (GET/PUT
 * /notification-preferences): one kind per booking event of issue 19, and the billing events the
 * issue names (a statement issued, voucher decisions). The inbox always receives every kind, e-mail
 * is on unless the user turned it off.
 */
export const BOOKING_NOTIFICATION_KINDS = [
  'booking.requested', 'booking.approved', 'booking.rejected', 'booking.cancelled', 'booking.reminder',
  'booking.no-show', 'booking.suspended', 'booking.maintenance', 'waitlist.offered',
] as const;
export type BookingNotificationKind = (typeof BOOKING_NOTIFICATION_KINDS)[number];

/** A statement issued (to the payer's admins), an application decided (to its applicant), a reimbursement claim decided or paid (to the claimant's admins). */
export const BILLING_NOTIFICATION_KINDS = [
  'statement.issued', 'voucher.approved', 'voucher.rejected', 'voucher-claim.approved', 'voucher-claim.rejected', 'voucher-claim.paid',
] as const;
export type BillingNotificationKind = (typeof BILLING_NOTIFICATION_KINDS)[number];

export const NOTIFICATION_KINDS = [...BOOKING_NOTIFICATION_KINDS, ...BILLING_NOTIFICATION_KINDS] as const;
export type NotificationKind = (typeof NOTIFICATION_KINDS)[number];

export function isBillingKind(kind: NotificationKind): kind is BillingNotificationKind {
  return (BILLING_NOTIFICATION_KINDS as readonly string[]).includes(kind);
}

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
  'statement.issued': '结算单已开具',
  'voucher.approved': '创新券申领已批准',
  'voucher.rejected': '创新券申领未通过',
  'voucher-claim.approved': '创新券兑付已批准',
  'voucher-claim.rejected': '创新券兑付未通过',
  'voucher-claim.paid': '创新券兑付已拨付',
};
