/**
 * NATS subjects: `<service>.<aggregate>.<verb>` for request/reply, past tense for events.
 * A subject is a persisted API: add new ones, never change what an existing one means.
 *
 * Each request/reply subject is declared with its payload (the envelope the caller sends) and its
 * reply (what the handler answers), so that `ServiceClient.request` infers the reply from the
 * subject and `@Handles` checks the handler's answer against the same declaration (messages/subject.ts).
 */
import type { Actor } from './auth';
import type { AuthenticateReply, ChangePasswordDto, CreateUserDto, LoginDto, SessionsRevokedReply, UpdateUserDto, UserQuery, UserSessionReply, UserView } from './catalogue/user.dto';
import type { InstitutionRegionsQuery, InstitutionRegionsReply } from './catalogue/regions';
import type { CreateInstitutionDto, InstitutionQuery, InstitutionView, UpdateInstitutionDto } from './catalogue/institution.dto';
import type { CreateInstrumentDto, InstrumentSearchQuery, InstrumentSummary, InstrumentView, UpdateInstrumentDto } from './catalogue/instrument.dto';
import type { RateCardView, ReplaceRateCardsDto } from './catalogue/rate-card.dto';
import type {
  AvailabilityDto, AvailabilityView, BlackoutView, CategoryView, CreateBlackoutDto, GrantQualificationDto, QualificationQuery, QualificationRosterQuery, QualificationRosterView,
  QualificationView,
} from './catalogue/availability.dto';
import type { QualificationCheckReply, SubsidyFacts, UserAffiliation } from './catalogue/catalogue.replies';
import type {
  BookingAction, BookingActionDto, BookingContext, BookingListQuery, BookingView, CalendarTokenDto, CreateBookingDto, EarliestSlot, EarliestSlotQuery, SlotsQuery, SlotsView,
} from './booking/booking.dto';
import type { CalendarFeedReply, CalendarTokenReply } from './booking/booking.replies';
import type {
  ConfirmTerminalSessionDto, RegisterTerminalDto, RejectTerminalSessionDto, SignedTerminalRequest, TerminalBatchDto, TerminalBatchReply, TerminalListQuery,
  TerminalRegisteredView, TerminalSessionEventDto, TerminalSessionListQuery, TerminalSessionView, TerminalView,
  NoShowCandidateQuery,
} from './booking/terminal.dto';
import type {
  CreateSampleOrderDto, SampleOrderActionDto, SampleOrderClickAction, SampleOrderListQuery, SampleOrderView, SampleReportFile, SampleReportUpload, SampleTurnaroundView,
} from './booking/sample-orders.dto';
import type {
  BlackoutConflictsQuery, BlackoutConflictView, CancelSeriesDto, CreateSeriesDto, JoinWaitlistDto, LiftSuspensionDto, NoShowPolicyDto, NoShowPolicyView,
  SeriesCancelledView, SeriesView, SuspensionQuery, SuspensionView, SweepReply, WaitlistEntryView, WaitlistQuery,
} from './booking/policy.dto';
import type {
  ChargeView, CreateFeedbackDto, CreateVoucherDto, PeriodQuery, SettlementDto, SettlementRangeDto, SettlementRunView, StatementListQuery, StatementView, VoucherView,
} from './billing/billing.dto';
import type { CreateUsageDto, UsageListQuery, UsageMonthlyQuery, UsageMonthView, UsageView } from './billing/usage.dto';
import type { BillingFacts, ResolvedCodes } from './billing/facts';
import { type NationalInstrumentFacts, NationalReportSubjects } from './billing/national';
import { BillingStatisticsSubjects } from './billing/statistics';
import type { BillingImportCounts, StatementDetail, UsageGroupsSummed, UsageRecordDetail } from './billing/billing.replies';
import type { CreateSubsidyRunDto, ExplanationLanguage, SubsidyRunView } from './subsidy.dto';
import type {
  PolicyImportCheckReply, PolicyImportCounts, RunResultsReply,
} from './subsidy/subsidy.replies';
import type { Page, PageQuery } from './pagination';
import type { BillingImportCheckReply, BillingImportRequest, CellError, ImportJobData, JobListItemView, JobStatus } from './queues';
import type { ActorOnly, ById, ByIdWithData, ExportedFile, ExportRequest, WithData } from './messages/envelopes';
import type { DeletedView, FeedbackView, JobStartedView, PolicyView, RunComparisonView, RunStartedView } from './http/http.responses';
import { subject } from './messages/subject';
import { VoucherClaimSubjects } from './billing/voucher-claims';
import { VoucherProgrammeSubjects } from './billing/voucher-programmes';
import { ResearchGroupSubjects } from './booking/research-groups';
import type { Contact } from '@yixiang/domain';
import { NotificationSubjects } from './notification/notification.subjects';
import { TrainingSubjects } from './booking/training.dto';
import { auditSubjects } from './audit';

/** Every service answers its health subject with its own checks (no payload to speak of). */
export type HealthCheck = Record<string, never>;

export const CATALOGUE_QUEUE_GROUP = 'catalogue';

export const CatalogueSubjects = {
  health: subject<HealthCheck, HealthReply>('catalogue.health.check'),
  jobGet: subject<ById, JobStatus>('catalogue.job.get'),
  /** POST /jobs/:id/retry of an import job. */
  jobRetry: subject<ById, JobStatus>('catalogue.job.retry'),
  /** The newest jobs the caller may see (GET /jobs, merged by the gateway). */
  jobList: subject<ActorOnly, JobListItemView[]>('catalogue.job.list'),
  categoryList: subject<ActorOnly, CategoryView[]>('catalogue.category.list'),
  institutionCreate: subject<WithData<CreateInstitutionDto>, InstitutionView>('catalogue.institution.create'),
  institutionList: subject<WithData<InstitutionQuery>, Page<InstitutionView>>('catalogue.institution.list'),
  institutionGet: subject<ById, InstitutionView>('catalogue.institution.get'),
  institutionUpdate: subject<ByIdWithData<UpdateInstitutionDto>, InstitutionView>('catalogue.institution.update'),
  userCreate: subject<WithData<CreateUserDto>, UserView>('catalogue.user.create'),
  userList: subject<WithData<UserQuery>, Page<UserView>>('catalogue.user.list'),
  userGet: subject<ById, UserView>('catalogue.user.get'),
  userAuthenticate: subject<WithData<LoginDto>, AuthenticateReply>('catalogue.user.authenticate'),
  instrumentCreate: subject<WithData<CreateInstrumentDto>, InstrumentView>('catalogue.instrument.create'),
  /** Answered as JSON bytes (a JsonReply) the gateway passes on: see ServiceClient.requestJson. */
  instrumentSearch: subject<WithData<InstrumentSearchQuery> & { busy?: string[] }, Page<InstrumentSummary>>('catalogue.instrument.search'),
  instrumentGet: subject<ById, InstrumentView>('catalogue.instrument.get'),
  instrumentUpdate: subject<ByIdWithData<UpdateInstrumentDto>, InstrumentView>('catalogue.instrument.update'),
  rateCardsReplace: subject<ByIdWithData<ReplaceRateCardsDto>, RateCardView[]>('catalogue.rate-card.replace'),
  rateCardsList: subject<ById, RateCardView[]>('catalogue.rate-card.list'),
  availabilityPut: subject<ByIdWithData<AvailabilityDto>, AvailabilityView>('catalogue.availability.put'),
  availabilityGet: subject<ById, AvailabilityView>('catalogue.availability.get'),
  /** Internal: what the booking service needs to check a booking (rules, hours, owner). */
  instrumentBookingContext: subject<{ id: string }, BookingContext>('catalogue.instrument.booking-context'),
  /** Internal: booking contexts of the open instruments matching a search (earliest-slot search). */
  instrumentBookingCandidates: subject<{ actor: Actor; data: InstrumentSearchQuery; limit: number }, BookingContext[]>('catalogue.instrument.booking-candidates'),
  /** Internal: whether a user holds a valid qualification for an instrument at an instant. */
  qualificationCheck: subject<{ userId: string; instrumentId: string; at: string }, QualificationCheckReply>('catalogue.qualification.check'),
  /** Internal: instruments, institutions and rate cards by id, for settlement and exports. */
  billingFacts: subject<{ instrumentIds: string[]; institutionIds: string[] }, BillingFacts>('catalogue.billing.facts'),
  /** Internal (issue 16): institutions' regions, by id or every institution of a region. */
  institutionRegions: subject<InstitutionRegionsQuery, InstitutionRegionsReply>('catalogue.institution.regions'),
  /** Internal: exchange-format codes to ids (billing's part of a bundle import). */
  codesResolve: subject<{ instruments: string[]; users: string[]; institutions: string[] }, ResolvedCodes>('catalogue.codes.resolve'),
  /** Internal: institutions and (a page of) instruments with what the evaluation reads of them. */
  subsidyFacts: subject<{ after: string | null; limit: number }, SubsidyFacts>('catalogue.subsidy.facts'),
  /** Internal: a user's institution, by id or email (manual usage entry). */
  userAffiliation: subject<{ userId?: string; email?: string }, UserAffiliation>('catalogue.user.affiliation'),
  qualificationGrant: subject<WithData<GrantQualificationDto>, QualificationView>('catalogue.qualification.grant'),
  qualificationList: subject<WithData<QualificationQuery>, QualificationView[]>('catalogue.qualification.list'),
  /** A page of qualifications with users' and instruments' names (the qualifications page). */
  qualificationRoster: subject<WithData<QualificationRosterQuery>, Page<QualificationRosterView>>('catalogue.qualification.roster'),
  qualificationRevoke: subject<ById, DeletedView>('catalogue.qualification.revoke'),
  importStart: subject<WithData<Pick<ImportJobData, 'blobKey' | 'fileName'>>, JobStartedView>('catalogue.import.start'),
  /** Internal: the gateway's check of a token's user: current role, institution, token version. */
  userSession: subject<ById, UserSessionReply>('catalogue.user.session'),
  userUpdate: subject<ByIdWithData<UpdateUserDto>, UserView>('catalogue.user.update'),
  userPasswordChange: subject<WithData<ChangePasswordDto>, AuthenticateReply>('catalogue.user.password-change'),
  userSessionsRevoke: subject<ById, SessionsRevokedReply>('catalogue.user.sessions-revoke'),
  /** The actor's own sign-out (ends their tokens, as a revocation does). */
  userLogout: subject<ActorOnly, SessionsRevokedReply>('catalogue.user.logout'),
  /**
   * Event (core NATS, not JetStream): a user's tokens ended (role, institution or password changed,
   * deactivated, signed out, revoked). Every gateway drops its cached session of the user at once;
   * one that misses it still converges within its session cache's few seconds.
   */
  userSessionsRevoked: 'catalogue.user.sessions-revoked',
  /** A page of the bad cells of an import job (GET /jobs/:id/cells). */
  /** Reasons in both languages: the gateway writes the asker's (ImportCellPage). */
  jobCells: subject<ById & { query: PageQuery }, Page<CellError>>('catalogue.job.cells'),
  /** Internal: users by id, or an institution's staff, with their e-mail addresses (the notification service's recipients). */
  userContacts: subject<{ userIds?: string[]; institutionId?: string }, Contact[]>('catalogue.user.contacts'),
  /** Internal (issue 20): an institution and every instrument of it, with what the national instrument record needs. */
  nationalInstruments: subject<{ institutionId: string }, NationalInstrumentFacts>('catalogue.national.instruments'),
  /** GET /audit and /audit/verify: the catalogue's trail (institutions, users' roles, rate cards). */
  ...auditSubjects('catalogue'),
} as const;

export const BOOKING_QUEUE_GROUP = 'booking';

export const BookingSubjects = {
  health: subject<HealthCheck, HealthReply>('booking.health.check'),
  bookingCreate: subject<WithData<CreateBookingDto> & { idempotencyKey?: string }, BookingView>('booking.booking.create'),
  bookingGet: subject<ById, BookingView>('booking.booking.get'),
  bookingList: subject<WithData<BookingListQuery>, Page<BookingView>>('booking.booking.list'),
  bookingTransition: subject<ByIdWithData<BookingActionDto> & { action: BookingAction }, BookingView>('booking.booking.transition'),
  blackoutCreate: subject<ByIdWithData<CreateBlackoutDto>, BlackoutView>('booking.blackout.create'),
  blackoutList: subject<ById, BlackoutView[]>('booking.blackout.list'),
  blackoutDelete: subject<ById & { blackoutId: string }, DeletedView>('booking.blackout.delete'),
  slotsList: subject<ByIdWithData<SlotsQuery>, SlotsView>('booking.slot.list'),
  slotsEarliest: subject<WithData<EarliestSlotQuery>, EarliestSlot[]>('booking.slot.earliest'),
  /** Internal: instruments with an active booking or blackout overlapping a window (catalogue's availability filter). */
  busyInstruments: subject<{ from: string; to: string }, string[]>('booking.slot.busy-instruments'),
  calendarTokenCreate: subject<WithData<CalendarTokenDto>, CalendarTokenReply>('booking.calendar-token.create'),
  calendarFeed: subject<{ token: string }, CalendarFeedReply>('booking.calendar.feed'),
  // Issue 19: recurring bookings, the waiting list, no-show suspensions, maintenance over bookings.
  seriesCreate: subject<WithData<CreateSeriesDto>, SeriesView>('booking.series.create'),
  seriesCancel: subject<ByIdWithData<CancelSeriesDto>, SeriesCancelledView>('booking.series.cancel'),
  waitlistJoin: subject<WithData<JoinWaitlistDto>, WaitlistEntryView>('booking.waitlist.join'),
  waitlistList: subject<WithData<WaitlistQuery>, Page<WaitlistEntryView>>('booking.waitlist.list'),
  waitlistWithdraw: subject<ById, WaitlistEntryView>('booking.waitlist.withdraw'),
  waitlistAccept: subject<ById, BookingView>('booking.waitlist.accept'),
  suspensionList: subject<WithData<SuspensionQuery>, Page<SuspensionView>>('booking.suspension.list'),
  suspensionLift: subject<ByIdWithData<LiftSuspensionDto>, SuspensionView>('booking.suspension.lift'),
  noShowPolicyGet: subject<ById, NoShowPolicyView>('booking.no-show-policy.get'),
  noShowPolicyPut: subject<ByIdWithData<NoShowPolicyDto>, NoShowPolicyView>('booking.no-show-policy.put'),
  blackoutConflicts: subject<ByIdWithData<BlackoutConflictsQuery>, BlackoutConflictView[]>('booking.blackout.conflicts'),
  /** Internal: one run of the scheduled sweeps (no-shows, suspensions, reminders, waiting-list offers) at `now`; the job passes the clock. */
  policySweep: subject<{ now: string }, SweepReply>('booking.policy.sweep'),
  // Issue 20: instrument terminals, their signed session reports, and the unbooked uses they leave.
  terminalRegister: subject<WithData<RegisterTerminalDto>, TerminalRegisteredView>('booking.terminal.register'),
  terminalList: subject<WithData<TerminalListQuery>, Page<TerminalView>>('booking.terminal.list'),
  terminalRevoke: subject<ById, TerminalView>('booking.terminal.revoke'),
  /** A signed report: the booking service verifies `signed` (signature, clock, nonce) before anything else. */
  terminalSessionStart: subject<SignedTerminalCall<TerminalSessionEventDto>, TerminalSessionView>('booking.terminal-session.start'),
  terminalSessionHeartbeat: subject<SignedTerminalCall<TerminalSessionEventDto>, TerminalSessionView>('booking.terminal-session.heartbeat'),
  terminalSessionStop: subject<SignedTerminalCall<TerminalSessionEventDto>, TerminalSessionView>('booking.terminal-session.stop'),
  terminalSessionBatch: subject<SignedTerminalCall<TerminalBatchDto>, TerminalBatchReply>('booking.terminal-session.batch'),
  terminalSessionList: subject<WithData<TerminalSessionListQuery>, Page<TerminalSessionView>>('booking.terminal-session.list'),
  terminalSessionConfirm: subject<ByIdWithData<ConfirmTerminalSessionDto>, TerminalSessionView>('booking.terminal-session.confirm'),
  terminalSessionReject: subject<ByIdWithData<RejectTerminalSessionDto>, TerminalSessionView>('booking.terminal-session.reject'),
  /** Bookings a terminal saw no use of: the operator's no-show candidates (then POST /bookings/:id/no-show). */
  terminalNoShowCandidates: subject<WithData<NoShowCandidateQuery>, Page<BookingView>>('booking.terminal-session.no-show-candidates'),
  /** GET /audit and /audit/verify: the booking service's trail (fund accounts, terminals). */
  ...auditSubjects('booking'),
  ...TrainingSubjects,
  ...ResearchGroupSubjects,
  // Issue 18: sample submission (送样检测).
  sampleOrderCreate: subject<WithData<CreateSampleOrderDto>, SampleOrderView>('booking.sample-order.create'),
  sampleOrderList: subject<WithData<SampleOrderListQuery>, Page<SampleOrderView>>('booking.sample-order.list'),
  sampleOrderGet: subject<ById, SampleOrderView>('booking.sample-order.get'),
  sampleOrderTransition: subject<ByIdWithData<SampleOrderActionDto> & { action: SampleOrderClickAction }, SampleOrderView>('booking.sample-order.transition'),
  /** The report's bytes wait in Redis under `blobKey` (the gateway put them there); stored in PostgreSQL with the step to report_issued. */
  sampleReportUpload: subject<ByIdWithData<SampleReportUpload>, SampleOrderView>('booking.sample-report.upload'),
  /** The report's bytes are left in Redis for the gateway to send. */
  sampleReportDownload: subject<ById, SampleReportFile>('booking.sample-report.download'),
  sampleTurnaround: subject<ById, SampleTurnaroundView>('booking.sample-order.turnaround'),
} as const;

/** A terminal's call: its signed request as received, and the body's DTO. */
export interface SignedTerminalCall<D> {
  signed: SignedTerminalRequest;
  data: D;
}

export const BILLING_QUEUE_GROUP = 'billing';

export const BillingSubjects = {
  health: subject<HealthCheck, HealthReply>('billing.health.check'),
  usageCreate: subject<WithData<CreateUsageDto>, UsageView>('billing.usage.create'),
  usageList: subject<WithData<UsageListQuery>, Page<UsageView>>('billing.usage.list'),
  usageMonthly: subject<WithData<UsageMonthlyQuery>, UsageMonthView[]>('billing.usage.monthly'),
  /** GET /statistics/cross-region (and its export): billing/statistics.ts. */
  ...BillingStatisticsSubjects,
  /** GET /reports/national/validation and /export (issue 20): billing/national.ts. */
  ...NationalReportSubjects,
  jobGet: subject<ById, JobStatus>('billing.job.get'),
  jobRetry: subject<ById, JobStatus>('billing.job.retry'),
  jobList: subject<ActorOnly, JobListItemView[]>('billing.job.list'),
  settlementStart: subject<WithData<SettlementDto>, JobStartedView>('billing.settlement.start'),
  settlementStartRange: subject<WithData<SettlementRangeDto>, JobStartedView>('billing.settlement.start-range'),
  settlementList: subject<WithData<PageQuery>, Page<SettlementRunView>>('billing.settlement.list'),
  voucherCreate: subject<WithData<CreateVoucherDto>, VoucherView>('billing.voucher.create'),
  voucherList: subject<WithData<PageQuery>, Page<VoucherView>>('billing.voucher.list'),
  feedbackCreate: subject<WithData<CreateFeedbackDto>, FeedbackView>('billing.feedback.create'),
  statementList: subject<WithData<StatementListQuery>, Page<StatementView>>('billing.statement.list'),
  statementGet: subject<ById, StatementDetail>('billing.statement.get'),
  statementTransition: subject<ById & { action: string }, StatementView>('billing.statement.transition'),
  chargeList: subject<WithData<PeriodQuery>, Page<ChargeView>>('billing.charge.list'),
  exportCsv: subject<ExportRequest & { period?: string }, ExportedFile>('billing.export.csv'),
  /**
   * Retired: billing unzipped the whole upload itself for these. Answered with an error asking for
   * importCheckStaged / importApplyStaged, which read the files the catalogue has staged.
   */
  importCheck: subject<unknown, never>('billing.import.check'),
  importApply: subject<unknown, never>('billing.import.apply'),
  /** Internal: a year's counted usage summed per instrument, user institution and category (a page). */
  usageGroups: subject<{ year: number; listKey: string }, UsageGroupsSummed>('billing.subsidy.usage-groups'),
  /** Internal: the usage records behind an instrument's figures of a year (explanations). */
  usageRecordsOf: subject<{ year: number; instrumentId: string }, UsageRecordDetail[]>('billing.subsidy.records'),
  /**
   * Internal: check, then apply, billing's files of a bundle the catalogue is importing, staged by
   * the catalogue in Redis file by file (BillingImportRequest): the upload is unzipped once.
   */
  importCheckStaged: subject<BillingImportRequest, BillingImportCheckReply>('billing.import.check-staged'),
  importApplyStaged: subject<BillingImportRequest, BillingImportCounts>('billing.import.apply-staged'),
  ...VoucherClaimSubjects,
  ...VoucherProgrammeSubjects,
  /** GET /audit and /audit/verify: billing's trail (vouchers, applications, claims, settlements, statements). */
  ...auditSubjects('billing'),
} as const;

export const SUBSIDY_QUEUE_GROUP = 'subsidy';

export const SubsidySubjects = {
  health: subject<HealthCheck, HealthReply>('subsidy.health.check'),
  jobGet: subject<ById, JobStatus>('subsidy.job.get'),
  jobRetry: subject<ById, JobStatus>('subsidy.job.retry'),
  jobList: subject<ActorOnly, JobListItemView[]>('subsidy.job.list'),
  /** The document is checked by the policy parser, not a DTO class: its shape is the policy's own. */
  policyCreate: subject<ActorOnly & { document: unknown }, PolicyView>('subsidy.policy.create'),
  policyList: subject<WithData<PageQuery>, Page<PolicyView>>('subsidy.policy.list'),
  policyGet: subject<ById, PolicyView>('subsidy.policy.get'),
  runCreate: subject<WithData<CreateSubsidyRunDto>, RunStartedView>('subsidy.run.create'),
  runList: subject<WithData<PageQuery>, Page<SubsidyRunView>>('subsidy.run.list'),
  runGet: subject<ById, SubsidyRunView>('subsidy.run.get'),
  runResults: subject<ById & { institution?: string; lang?: ExplanationLanguage }, RunResultsReply>('subsidy.run.results'),
  runPublish: subject<ById, SubsidyRunView>('subsidy.run.publish'),
  runDelete: subject<ById, DeletedView>('subsidy.run.delete'),
  runCompare: subject<ById & { base?: string }, RunComparisonView>('subsidy.run.compare'),
  exportFile: subject<ExportRequest & { runId?: string }, ExportedFile>('subsidy.export.file'),
  /** Internal: policy.json of a bundle the catalogue is importing (check, then import). */
  policyImportCheck: subject<{ actor: Actor; text: string }, PolicyImportCheckReply>('subsidy.policy.import-check'),
  policyImport: subject<{ actor: Actor; text: string }, PolicyImportCounts>('subsidy.policy.import'),
  /** GET /audit and /audit/verify: subsidy's trail (policies, runs published or deleted). */
  ...auditSubjects('subsidy'),
} as const;

/** Each audited service's trail subjects by the service's name (the gateway's GET /audit asks them all). */
export const AuditSubjects = {
  catalogue: { list: CatalogueSubjects.auditList, verify: CatalogueSubjects.auditVerify },
  booking: { list: BookingSubjects.auditList, verify: BookingSubjects.auditVerify },
  billing: { list: BillingSubjects.auditList, verify: BillingSubjects.auditVerify },
  subsidy: { list: SubsidySubjects.auditList, verify: SubsidySubjects.auditVerify },
} as const;

/** Each service's health subject by the service's name (the gateway's GET /health asks them all). */
export const HealthSubjects = {
  catalogue: CatalogueSubjects.health,
  booking: BookingSubjects.health,
  billing: BillingSubjects.health,
  subsidy: SubsidySubjects.health,
  notification: NotificationSubjects.health,
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
