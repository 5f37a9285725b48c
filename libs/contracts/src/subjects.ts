/**
 * NATS subjects: `<service>.<aggregate>.<verb>` for request/reply, past tense for events.
 * A subject is a persisted API: add new ones, never change what an existing one means.
 */
export const CATALOGUE_QUEUE_GROUP = 'catalogue';

export const CatalogueSubjects = {
  health: 'catalogue.health.check',
  jobGet: 'catalogue.job.get',
  /** POST /jobs/:id/retry of an import job. */
  jobRetry: 'catalogue.job.retry',
  /** The newest jobs the caller may see (GET /jobs, merged by the gateway). */
  jobList: 'catalogue.job.list',
  categoryList: 'catalogue.category.list',
  institutionCreate: 'catalogue.institution.create',
  institutionList: 'catalogue.institution.list',
  institutionGet: 'catalogue.institution.get',
  institutionUpdate: 'catalogue.institution.update',
  userCreate: 'catalogue.user.create',
  userList: 'catalogue.user.list',
  userGet: 'catalogue.user.get',
  userAuthenticate: 'catalogue.user.authenticate',
  userEnsureBootstrap: 'catalogue.user.ensure-bootstrap',
  instrumentCreate: 'catalogue.instrument.create',
  instrumentSearch: 'catalogue.instrument.search',
  instrumentGet: 'catalogue.instrument.get',
  instrumentUpdate: 'catalogue.instrument.update',
  rateCardsReplace: 'catalogue.rate-card.replace',
  rateCardsList: 'catalogue.rate-card.list',
  availabilityPut: 'catalogue.availability.put',
  availabilityGet: 'catalogue.availability.get',
  /** Internal: what the booking service needs to check a booking (rules, hours, owner). */
  instrumentBookingContext: 'catalogue.instrument.booking-context',
  /** Internal: booking contexts of the open instruments matching a search (earliest-slot search). */
  instrumentBookingCandidates: 'catalogue.instrument.booking-candidates',
  /** Internal: whether a user holds a valid qualification for an instrument at an instant. */
  qualificationCheck: 'catalogue.qualification.check',
  /** Internal: instruments, institutions and rate cards by id, for settlement and exports. */
  billingFacts: 'catalogue.billing.facts',
  /** Internal: exchange-format codes to ids (billing's part of a bundle import). */
  codesResolve: 'catalogue.codes.resolve',
  /** Internal: institutions and (a page of) instruments with what the evaluation reads of them. */
  subsidyFacts: 'catalogue.subsidy.facts',
  /** Internal: a user's institution, by id or email (manual usage entry). */
  userAffiliation: 'catalogue.user.affiliation',
  qualificationGrant: 'catalogue.qualification.grant',
  qualificationList: 'catalogue.qualification.list',
  qualificationRevoke: 'catalogue.qualification.revoke',
  importStart: 'catalogue.import.start',
  /** Internal: the gateway's check of a token's user: current role, institution, token version. */
  userSession: 'catalogue.user.session',
  userUpdate: 'catalogue.user.update',
  userPasswordChange: 'catalogue.user.password-change',
  userSessionsRevoke: 'catalogue.user.sessions-revoke',
  /** The actor's own sign-out (ends their tokens, as a revocation does). */
  userLogout: 'catalogue.user.logout',
  /**
   * Event (core NATS, not JetStream): a user's tokens ended (role, institution or password changed,
   * deactivated, signed out, revoked). Every gateway drops its cached session of the user at once;
   * one that misses it still converges within its session cache's few seconds.
   */
  userSessionsRevoked: 'catalogue.user.sessions-revoked',
  /** A page of the bad cells of an import job (GET /jobs/:id/cells). */
  jobCells: 'catalogue.job.cells',
} as const;

export const BOOKING_QUEUE_GROUP = 'booking';

export const BookingSubjects = {
  health: 'booking.health.check',
  bookingCreate: 'booking.booking.create',
  bookingGet: 'booking.booking.get',
  bookingList: 'booking.booking.list',
  bookingTransition: 'booking.booking.transition',
  blackoutCreate: 'booking.blackout.create',
  blackoutList: 'booking.blackout.list',
  blackoutDelete: 'booking.blackout.delete',
  slotsList: 'booking.slot.list',
  slotsEarliest: 'booking.slot.earliest',
  /** Internal: instruments with an active booking or blackout overlapping a window (catalogue's availability filter). */
  busyInstruments: 'booking.slot.busy-instruments',
  calendarTokenCreate: 'booking.calendar-token.create',
  calendarFeed: 'booking.calendar.feed',
} as const;

export const BILLING_QUEUE_GROUP = 'billing';

export const BillingSubjects = {
  health: 'billing.health.check',
  usageCreate: 'billing.usage.create',
  usageList: 'billing.usage.list',
  usageMonthly: 'billing.usage.monthly',
  jobGet: 'billing.job.get',
  jobRetry: 'billing.job.retry',
  jobList: 'billing.job.list',
  settlementStart: 'billing.settlement.start',
  settlementList: 'billing.settlement.list',
  voucherCreate: 'billing.voucher.create',
  voucherList: 'billing.voucher.list',
  feedbackCreate: 'billing.feedback.create',
  statementList: 'billing.statement.list',
  statementGet: 'billing.statement.get',
  statementTransition: 'billing.statement.transition',
  chargeList: 'billing.charge.list',
  exportCsv: 'billing.export.csv',
  /**
   * Retired: billing unzipped the whole upload itself for these. Answered with an error asking for
   * importCheckStaged / importApplyStaged, which read the files the catalogue has staged.
   */
  importCheck: 'billing.import.check',
  importApply: 'billing.import.apply',
  /** Internal: a year's counted usage summed per instrument, user institution and category (a page). */
  usageGroups: 'billing.subsidy.usage-groups',
  /** Internal: the usage records behind an instrument's figures of a year (explanations). */
  usageRecordsOf: 'billing.subsidy.records',
  /**
   * Internal: check, then apply, billing's files of a bundle the catalogue is importing, staged by
   * the catalogue in Redis file by file (BillingImportRequest): the upload is unzipped once.
   */
  importCheckStaged: 'billing.import.check-staged',
  importApplyStaged: 'billing.import.apply-staged',
} as const;

export const SUBSIDY_QUEUE_GROUP = 'subsidy';

export const SubsidySubjects = {
  health: 'subsidy.health.check',
  jobGet: 'subsidy.job.get',
  jobRetry: 'subsidy.job.retry',
  jobList: 'subsidy.job.list',
  policyCreate: 'subsidy.policy.create',
  policyList: 'subsidy.policy.list',
  policyGet: 'subsidy.policy.get',
  runCreate: 'subsidy.run.create',
  runList: 'subsidy.run.list',
  runGet: 'subsidy.run.get',
  runResults: 'subsidy.run.results',
  runPublish: 'subsidy.run.publish',
  runDelete: 'subsidy.run.delete',
  runCompare: 'subsidy.run.compare',
  exportFile: 'subsidy.export.file',
  /** Internal: policy.json of a bundle the catalogue is importing (check, then import). */
  policyImportCheck: 'subsidy.policy.import-check',
  policyImport: 'subsidy.policy.import',
} as const;

/** Events (subjects, payload classes, stream): see events.ts. */
export { EVENTS_STREAM, EventSubjects } from './events';

/** Every service answers this with its own checks of its dependencies. */
export interface HealthReply {
  service: string;
  version: string;
  ok: boolean;
  /** Which replica answered (host:pid). */
  instance?: string;
  checks: Record<string, { ok: boolean; error?: string; ms?: number }>;
}
