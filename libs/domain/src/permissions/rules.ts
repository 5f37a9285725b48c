/**
 * Who may do what, as pure rules over small plain records: the services load the object (its owner
 * institution, provider and payer, user, sharing status) and ask here, so one table decides and one
 * test suite proves it. api.md: an institution admin or operator acts only on their own institution's
 * objects; a researcher sees only their own bookings, usage and charges; an auditor reads all and
 * writes nothing; the bureau runs the platform.
 */

export const PERMISSION_ROLES = ['researcher', 'institution_admin', 'operator', 'bureau', 'auditor'] as const;
export type PermissionRole = (typeof PERMISSION_ROLES)[number];

/** The caller, as the gateway authenticated it (the shape of contracts' Actor). */
export interface PermissionActor {
  userId: string;
  role: PermissionRole;
  institutionId: string | null;
}

export type SharingStatus = 'open' | 'internal' | 'suspended';

/** Nothing to own: platform-wide actions (create an institution, issue a voucher, run a subsidy). */
export type PlatformObject = Record<string, never>;
export interface InstitutionObject { institutionId: string }
export interface InstrumentObject { institutionId: string; sharingStatus: SharingStatus }
/** A qualification names the instrument's owner and the qualified user. */
export interface QualificationObject { institutionId: string; userId: string | null }
export interface StatementObject { providerInstitutionId: string; payerInstitutionId: string }
/** `providerInstitutionId` null: every provider (the whole platform). */
export interface SettlementObject { providerInstitutionId: string | null }
/** A long job: who started it and whose institution its work (and report) is limited to; null = platform-wide. */
export interface JobObject { startedBy: string | null; institutionId: string | null }
/** A subsidy run's result: its institutions, and whether it is published. */
export interface SubsidyResultObject { published: boolean }
/** A booking: the instrument's owner (the provider) and who booked it. */
export interface BookingObject { providerInstitutionId: string; userId: string }
/** A booking as its readers see it: also the institution of who booked (null: none). */
export interface BookingReadObject extends BookingObject { userInstitutionId: string | null }
/** A record about one user (a usage record to rate); null: no such record. */
export interface OwnRecordObject { userId: string | null }
/** A user account and its institution (null: the bureau's and auditors' accounts). */
export interface UserObject { userId: string; institutionId: string | null }
/** The institution a new account is to belong to (null: none, as for the bureau's). */
export interface NewUserObject { institutionId: string | null }
/** Whom a new booking is made for: the booker's own institution (null: they have none). */
export interface BookerObject { institutionId: string | null }
/** What an import may touch: the importer's institution (null: the whole platform, the bureau's). */
export interface ImportObject { institutionId: string | null }
/** A usage record has the same parties as the booking it came from. */
export type UsageObject = BookingReadObject;

/** Every named permission and the object it is asked about. */
export interface PermissionObjects {
  'institution.create': PlatformObject;
  'institution.read': InstitutionObject;
  'institution.update': InstitutionObject;
  'instrument.create': InstitutionObject;
  'instrument.read': InstrumentObject;
  'instrument.update': InstrumentObject;
  'blackout.read': InstrumentObject;
  'blackout.write': InstrumentObject;
  'qualification.read': QualificationObject;
  'qualification.write': QualificationObject;
  'statement.read': StatementObject;
  /** Every line of a statement, not only the caller's own charges. */
  'statement.read-lines': StatementObject;
  'statement.issue': StatementObject;
  'statement.pay': StatementObject;
  'settlement.run': SettlementObject;
  /** The list of settlement runs; each run further by 'job.read'. */
  'settlement.list': PlatformObject;
  'job.read': JobObject;
  /** The operators' list of jobs (GET /jobs); each job further by 'job.read'. */
  'job.list': PlatformObject;
  /** Run a failed job again (POST /jobs/:id/retry): an operator's act, not the starter's. */
  'job.retry': JobObject;
  'policy.write': PlatformObject;
  'policy.read': PlatformObject;
  'subsidy-run.write': PlatformObject;
  'subsidy-run.read': PlatformObject;
  'subsidy-result.read': SubsidyResultObject;
  /** Replace an instrument's rate cards (the instrument's institution). */
  'rate.write': InstitutionObject;
  /** Replace an instrument's weekly opening hours. */
  'availability.write': InstitutionObject;
  /** A calendar feed of an instrument's bookings (a user's own feed needs no permission). */
  'calendar.instrument-feed': InstitutionObject;
  /** Manual usage entry on an instrument. */
  'usage.create': InstitutionObject;
  /** One usage record (the list is scoped the same way by the service). */
  'usage.read': UsageObject;
  /** Utilisation month by month (an institution's staff get their own instruments'). */
  'usage.monthly': PlatformObject;
  'user.create': NewUserObject;
  'user.read': UserObject;
  'user.update': UserObject;
  'voucher.issue': PlatformObject;
  /** The list of vouchers; an institution admin's is limited to their own institution's by the service. */
  'voucher.list': PlatformObject;
  /** Rate a usage record: its own researcher only. */
  'feedback.create': OwnRecordObject;
  'booking.create': BookerObject;
  /** Upload a bundle to import (each row is further checked against the importer's institution). */
  'import.start': ImportObject;
  /** A researcher their own bookings; staff those of their instruments and of their people. */
  'booking.read': BookingReadObject;
  /** Approve, reject, check in, check out, record a no-show: the provider's staff. */
  'booking.manage': BookingObject;
  /** Cancel: the provider's staff or whoever booked (who is further held to the cancellation deadline). */
  'booking.cancel': BookingObject;
  /** A no-show suspension (issue 19): the suspended user, the institution's staff, the bureau and auditors. */
  'suspension.read': SuspensionObject;
  /** Lift a suspension early, with a reason: the institution's admin, or the bureau. */
  'suspension.lift': InstitutionObject;
  /** Set an institution's no-show policy (K no-shows in D days suspend for S days): its admin, or the bureau. */
  'no-show-policy.write': InstitutionObject;
  /** An institution's webhooks and group robots: its admins set them up (the bureau may for any). */
  'webhook.manage': InstitutionObject;
  /** Read an institution's webhooks, robots and their delivery logs. */
  'webhook.read': InstitutionObject;
  /** The list of deliveries (failed ones above all): the bureau's and auditors', an admin's of their institution. */
  'delivery.list': PlatformObject;
}

/** A suspension of a user's booking of one institution's instruments. */
export interface SuspensionObject { institutionId: string; userId: string }

export type Permission = keyof PermissionObjects;

/** Permissions that change something: an auditor has none of them. */
export const WRITE_PERMISSIONS: readonly Permission[] = [
  'institution.create', 'institution.update', 'instrument.create', 'instrument.update', 'blackout.write', 'qualification.write',
  'statement.issue', 'statement.pay', 'settlement.run', 'policy.write', 'subsidy-run.write', 'rate.write', 'availability.write',
  'calendar.instrument-feed', 'usage.create', 'voucher.issue', 'feedback.create', 'booking.manage', 'booking.cancel', 'user.create',
  'user.update', 'booking.create', 'import.start', 'job.retry', 'suspension.lift', 'no-show-policy.write', 'webhook.manage',
];

/** Writes a user may make on a record about themselves, whoever owns the instrument. */
export const SELF_SERVICE_PERMISSIONS: readonly Permission[] = ['feedback.create', 'booking.cancel'];

export const PERMISSIONS: readonly Permission[] = [
  'institution.create', 'institution.read', 'institution.update', 'instrument.create', 'instrument.read', 'instrument.update',
  'blackout.read', 'blackout.write', 'qualification.read', 'qualification.write', 'statement.read', 'statement.read-lines',
  'statement.issue', 'statement.pay', 'settlement.run', 'settlement.list', 'job.read', 'job.list', 'policy.write', 'policy.read', 'subsidy-run.write',
  'subsidy-run.read', 'subsidy-result.read', 'rate.write', 'availability.write', 'calendar.instrument-feed', 'usage.create',
  'voucher.issue', 'voucher.list', 'feedback.create', 'booking.read', 'booking.manage', 'booking.cancel', 'usage.read', 'usage.monthly',
  'user.create', 'user.read', 'user.update', 'booking.create', 'import.start', 'job.retry', 'suspension.read', 'suspension.lift', 'no-show-policy.write', 'webhook.manage', 'webhook.read', 'delivery.list',
];

/**
 * Why a request is refused. `hidden`: the object does not exist for the caller (404), because saying
 * "forbidden" would tell them it exists (another institution's internal instrument, someone else's job).
 */
export type Decision = { allowed: true } | { allowed: false; hidden: boolean; reason: string };

const ALLOW: Decision = { allowed: true };
const forbid = (reason: string): Decision => ({ allowed: false, hidden: false, reason });
const hide = (reason: string): Decision => ({ allowed: false, hidden: true, reason });

const readsAll = (a: PermissionActor) => a.role === 'bureau' || a.role === 'auditor';
const member = (a: PermissionActor, institutionId: string | null) => institutionId !== null && a.institutionId === institutionId;
const staffOf = (a: PermissionActor, institutionId: string) => (a.role === 'institution_admin' || a.role === 'operator') && member(a, institutionId);
const adminOf = (a: PermissionActor, institutionId: string) => a.role === 'institution_admin' && member(a, institutionId);
const AUDITOR = 'auditors read everything and change nothing';

/** Writes on an institution's objects: the listed roles of that institution only; the bureau where it runs the platform. */
function manages(a: PermissionActor, institutionId: string | null, roles: readonly PermissionRole[], bureau: boolean): Decision {
  if (bureau && a.role === 'bureau') return ALLOW;
  if (roles.includes(a.role) && member(a, institutionId)) return ALLOW;
  if (a.role === 'auditor') return forbid(AUDITOR);
  if (roles.includes(a.role)) return forbid('you may only change your own institution’s records');
  return forbid(`this needs the role ${roles.join(' or ')}${bureau ? ' or bureau' : ''}; you are ${a.role}`);
}

function only(a: PermissionActor, roles: readonly PermissionRole[]): Decision {
  if (roles.includes(a.role)) return ALLOW;
  if (a.role === 'auditor') return forbid(AUDITOR);
  return forbid(`this needs the role ${roles.join(' or ')}; you are ${a.role}`);
}

/** An instrument not open for sharing exists only for its own institution, the bureau and auditors. */
function seesInstrument(a: PermissionActor, o: InstrumentObject): boolean {
  return o.sharingStatus === 'open' || readsAll(a) || member(a, o.institutionId);
}

/** A booking or usage record: a researcher's own; an institution's staff those it provides or its people made; all for the bureau and auditors. */
function seesServiceRecord(a: PermissionActor, o: BookingReadObject): boolean {
  if (readsAll(a)) return true;
  if (a.role === 'researcher') return o.userId === a.userId;
  return member(a, o.providerInstitutionId) || member(a, o.userInstitutionId);
}

type Rules = { [P in Permission]: (a: PermissionActor, o: PermissionObjects[P]) => Decision };

const RULES: Rules = {
  // Webhooks and robots send an institution's bookings out of the platform: its admins decide, and
  // their secrets and logs are theirs (and the bureau's, who runs the platform, and auditors' to read).
  'webhook.manage': (a, o) => manages(a, o.institutionId, ['institution_admin'], true),
  'webhook.read': (a, o) => (readsAll(a) || adminOf(a, o.institutionId) ? ALLOW : forbid('an institution’s webhooks are its admins’')),
  'delivery.list': (a) => only(a, ['bureau', 'auditor', 'institution_admin']),

  'institution.create': (a) => only(a, ['bureau']),
  // The directory of institutions is public to every signed-in user.
  'institution.read': () => ALLOW,
  // The service further limits an admin to the contacts; the rest is the bureau's.
  'institution.update': (a, o) => manages(a, o.institutionId, ['institution_admin'], true),

  'instrument.create': (a, o) => manages(a, o.institutionId, ['institution_admin'], false),
  'instrument.read': (a, o) => (seesInstrument(a, o) ? ALLOW : hide('the instrument is not shared with you')),
  'instrument.update': (a, o) => (seesInstrument(a, o) ? manages(a, o.institutionId, ['institution_admin'], false) : hide('the instrument is not shared with you')),

  // Maintenance windows (and their reasons) are as visible as the instrument itself.
  'blackout.read': (a, o) => (seesInstrument(a, o) ? ALLOW : hide('the instrument is not shared with you')),
  'blackout.write': (a, o) => (seesInstrument(a, o) ? manages(a, o.institutionId, ['institution_admin', 'operator'], false) : hide('the instrument is not shared with you')),

  // A qualification concerns two parties: the qualified user, and the staff of the instrument's owner.
  'qualification.read': (a, o) => (readsAll(a) || (o.userId !== null && o.userId === a.userId) || staffOf(a, o.institutionId)
    ? ALLOW : hide('qualifications are seen by the qualified user and the instrument’s own staff')),
  'qualification.write': (a, o) => manages(a, o.institutionId, ['operator', 'institution_admin'], false),

  // A statement is between a provider and a payer: both institutions' staff read it; a researcher
  // reads the statements their institution pays, but only their own charges in it (as GET /charges).
  'statement.read': (a, o) => (readsAll(a) || member(a, o.payerInstitutionId) || (a.role !== 'researcher' && member(a, o.providerInstitutionId))
    ? ALLOW : hide('the statement is not between your institution and another')),
  'statement.read-lines': (a, o) => (readsAll(a) || staffOf(a, o.providerInstitutionId) || staffOf(a, o.payerInstitutionId)
    ? ALLOW : forbid('a researcher sees only their own charges')),
  'statement.issue': (a, o) => manages(a, o.providerInstitutionId, ['institution_admin'], true),
  'statement.pay': (a, o) => manages(a, o.providerInstitutionId, ['institution_admin'], true),

  // The bureau settles the platform; an admin settles what their institution provided, nothing else.
  'settlement.run': (a, o) => {
    if (a.role === 'bureau') return ALLOW;
    if (a.role === 'institution_admin' && o.providerInstitutionId !== null && member(a, o.providerInstitutionId)) return ALLOW;
    if (a.role === 'institution_admin') return forbid('an institution admin settles only their own institution’s statements');
    return only(a, ['bureau', 'institution_admin']);
  },

  'settlement.list': (a) => only(a, ['bureau', 'auditor', 'institution_admin']),

  // A job is seen by whoever started it and by the admins of the institution its work is limited to;
  // a platform-wide job (null institution) only by the bureau and auditors.
  'job.read': (a, o) => (readsAll(a) || (o.startedBy !== null && o.startedBy === a.userId) || (o.institutionId !== null && adminOf(a, o.institutionId))
    ? ALLOW : hide('the job is not yours')),
  'job.list': (a) => only(a, ['bureau', 'auditor', 'institution_admin']),
  // The bureau retries any job; an institution admin the jobs limited to their institution (never a
  // platform-wide one, which they may not even see). The job is first read under 'job.read'.
  'job.retry': (a, o) => {
    if (a.role === 'bureau') return ALLOW;
    if (o.institutionId !== null && adminOf(a, o.institutionId)) return ALLOW;
    if (a.role === 'auditor') return forbid(AUDITOR);
    return forbid('only the bureau, or an institution admin for their own institution’s jobs, may retry a job');
  },

  'policy.write': (a) => only(a, ['bureau']),
  'policy.read': (a) => only(a, ['bureau', 'auditor']),
  'subsidy-run.write': (a) => only(a, ['bureau']),
  'subsidy-run.read': (a) => only(a, ['bureau', 'auditor']),
  // An institution admin reads its own row of a published run (the service limits the rows).
  'subsidy-result.read': (a, o) => {
    if (readsAll(a)) return ALLOW;
    if (a.role === 'institution_admin') return o.published ? ALLOW : hide('the run is not published');
    return forbid(`this needs the role bureau, auditor or institution_admin; you are ${a.role}`);
  },

  // An instrument's prices and opening hours are its institution admin's, even where the instrument
  // is not shared (the refusal is 403 there too: writers are told, not hidden from).
  'rate.write': (a, o) => manages(a, o.institutionId, ['institution_admin'], false),
  'availability.write': (a, o) => manages(a, o.institutionId, ['institution_admin'], false),
  // The feed of an instrument's bookings names who booked: its staff, and the bureau.
  'calendar.instrument-feed': (a, o) => manages(a, o.institutionId, ['institution_admin', 'operator'], true),
  'usage.create': (a, o) => manages(a, o.institutionId, ['operator', 'institution_admin'], false),
  'usage.read': (a, o) => (seesServiceRecord(a, o) ? ALLOW : hide('the usage record is not yours')),
  'usage.monthly': (a) => (a.role === 'researcher' ? forbid('utilisation is for instrument staff and the bureau') : ALLOW),

  // Accounts: the bureau manages all; an institution admin those of their own institution.
  'user.create': (a, o) => {
    if (a.role === 'bureau' || (a.role === 'institution_admin' && member(a, o.institutionId))) return ALLOW;
    if (a.role === 'institution_admin') return forbid('an institution admin creates users of their own institution only');
    return forbid('only the bureau or an institution admin may create users');
  },
  // Everyone sees their own account; staff their institution's; the bureau and auditors all.
  'user.read': (a, o) => (o.userId === a.userId || readsAll(a) || (o.institutionId !== null && a.role !== 'researcher' && member(a, o.institutionId))
    ? ALLOW : forbid('you may not see this user')),
  'user.update': (a, o) => {
    if (a.role === 'bureau' || (a.role === 'institution_admin' && member(a, o.institutionId))) return ALLOW;
    if (a.role === 'institution_admin') return forbid('an institution admin manages users of their own institution only');
    return forbid('only the bureau or an institution admin may change users');
  },

  'voucher.issue': (a) => only(a, ['bureau']),
  'voucher.list': (a) => only(a, ['bureau', 'auditor', 'institution_admin']),

  // Only a researcher rates, and only a record of their own: someone else's does not exist for them.
  'feedback.create': (a, o) => {
    if (a.role !== 'researcher') return only(a, ['researcher']);
    return o.userId !== null && o.userId === a.userId ? ALLOW : hide('the usage record is not yours');
  },

  'import.start': (a, o) => manages(a, o.institutionId, ['institution_admin'], true),
  // Researchers and institution staff book, for their own institution (which pays); the bureau and auditors do not.
  'booking.create': (a, o) => (['researcher', 'institution_admin', 'operator'].includes(a.role) && member(a, o.institutionId)
    ? ALLOW : a.role === 'auditor' ? forbid(AUDITOR) : forbid('only researchers and institution staff book instruments, for their own institution')),
  'booking.read': (a, o) => (seesServiceRecord(a, o) ? ALLOW : hide('the booking is not yours')),
  'booking.manage': (a, o) => (staffOf(a, o.providerInstitutionId) ? ALLOW : a.role === 'auditor' ? forbid(AUDITOR)
    : forbid('only the staff of the instrument’s institution may approve, reject, check in, check out or record a no-show')),
  // Whoever booked, whatever their role now (an auditor who booked as a researcher, say).
  'booking.cancel': (a, o) => (staffOf(a, o.providerInstitutionId) || o.userId === a.userId ? ALLOW : a.role === 'auditor' ? forbid(AUDITOR)
    : forbid('only the person who booked, or the instrument’s institution, may cancel a booking')),
  'suspension.read': (a, o) => (readsAll(a) || o.userId === a.userId || staffOf(a, o.institutionId) ? ALLOW : hide('the suspension is not yours')),
  'suspension.lift': (a, o) => manages(a, o.institutionId, ['institution_admin'], true),
  'no-show-policy.write': (a, o) => manages(a, o.institutionId, ['institution_admin'], true),
};

/** The decision, with the reason a refusal gives. */
export function decide<P extends Permission>(actor: PermissionActor, permission: P, object: PermissionObjects[P]): Decision {
  return (RULES[permission] as (a: PermissionActor, o: PermissionObjects[P]) => Decision)(actor, object);
}

export function can<P extends Permission>(actor: PermissionActor, permission: P, object: PermissionObjects[P]): boolean {
  return decide(actor, permission, object).allowed;
}

/**
 * Whose statements a settlement by this actor covers: null = every provider (the bureau), else the
 * admin's own institution. Undefined: the actor may not settle at all.
 */
export function settlementScopeOf(actor: PermissionActor): string | null | undefined {
  if (actor.role === 'bureau') return null;
  if (actor.role === 'institution_admin' && actor.institutionId) return actor.institutionId;
  return undefined;
}
