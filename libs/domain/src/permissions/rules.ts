import { type Said, said } from '../messages/said';
/**
 * Who may do what, as pure rules over small plain records: the services load the object (its owner
 * institution, provider and payer, user, sharing status) and ask here, so one table decides and one
 * test suite proves it. api.md: an institution admin or operator acts only on their own institution's
 * objects; a researcher sees only their own bookings, usage and charges; an auditor reads all and
 * writes nothing; the bureau runs the platform.
 *
 * Regional bureaus (issue 16; regions.ts). A joint officer (region null) is "the bureau" of every
 * rule below. A regional officer (CQ, SC, …) is the bureau only where the object carries its own
 * region; objects of the whole platform (region null) are the joint officers'. The table:
 *
 * | permission                         | regional officer of R                                             |
 * |------------------------------------|-------------------------------------------------------------------|
 * | institution.create / .update       | institutions of R (moving one out of R: refused)                  |
 * | institution.read, instrument.read, blackout.read, qualification.read, usage.monthly | all (the catalogue and aggregate statistics) |
 * | user.create / .update              | accounts of R's institutions; never bureau or auditor accounts   |
 * | user.read                          | R's institutions' accounts, bureau and auditor accounts, itself  |
 * | policy.write                       | policies of R (platform-wide ones, region null: joint only)      |
 * | policy.use (a run's policy)        | policies of R and platform-wide ones; never another region's     |
 * | policy.read                        | all (policies are published rules)                               |
 * | subsidy-run.write / .read          | runs over R (create, publish, delete, compare)                   |
 * | subsidy-result.read                | published runs of every region; unpublished ones of R only       |
 * | settlement.run                     | the providers of R (SettlementObject.region = R)                 |
 * | settlement.list, job.list          | allowed; each job further by job.read                            |
 * | job.read / job.retry               | jobs it started, and jobs limited to R                           |
 * | statement.read / .read-lines       | statements whose provider or payer is in R                       |
 * | statement.issue / .pay             | statements whose provider is in R                                |
 * | voucher.issue                      | vouchers for holders in R                                        |
 * | voucher.list                       | allowed; the service lists R's holders' vouchers                 |
 * | calendar.instrument-feed           | instruments of R's institutions                                  |
 * | import.start                       | refused (a platform-wide import is a joint officer's)            |
 * | booking.read, usage.read           | records whose provider or user institution is in R               |
 * | national-report.read               | institutions of R (issue 20; auditors: all, as every read)       |
 * | audit.read                         | all (the audit trail is the platform's, read whole)              |
 */

export const PERMISSION_ROLES = ['researcher', 'institution_admin', 'operator', 'bureau', 'auditor'] as const;
export type PermissionRole = (typeof PERMISSION_ROLES)[number];

/** The caller, as the gateway authenticated it (the shape of contracts' Actor). */
export interface PermissionActor {
  userId: string;
  role: PermissionRole;
  institutionId: string | null;
  /** A bureau officer's region, or null for a joint officer (and for every other role): see regions.ts. */
  region: string | null;
}

import { bureauOfRegion, isJointOfficer, otherRegionReason } from './regions';

export type SharingStatus = 'open' | 'internal' | 'suspended';

/** Nothing to own: platform-wide actions (list settlement runs, read the policies). */
export type PlatformObject = Record<string, never>;
/** Where an object belongs: a region code, or null for the whole platform (a joint officer's). */
export interface RegionObject { region: string | null }
export interface InstitutionObject { institutionId: string }
/** An institution and its region (null: none recorded; only a joint officer is its bureau). */
export interface RegionalInstitutionObject { institutionId: string; region: string | null }
export interface InstrumentObject { institutionId: string; sharingStatus: SharingStatus }
/** A qualification names the instrument's owner and the qualified user. */
export interface QualificationObject { institutionId: string; userId: string | null }
/** A statement's parties and their regions (null: none recorded). */
export interface StatementObject { providerInstitutionId: string; payerInstitutionId: string; providerRegion: string | null; payerRegion: string | null }
/**
 * `providerInstitutionId` null: every provider (the whole platform), or, with `region`, every
 * provider of that region (a regional officer's run).
 */
export interface SettlementObject { providerInstitutionId: string | null; region: string | null }
/**
 * A long job: who started it, whose institution its work (and report) is limited to (null =
 * platform-wide), and the region it is limited to (null = every region).
 */
export interface JobObject { startedBy: string | null; institutionId: string | null; region: string | null }
/** A subsidy run's result: whether it is published, and the region the run covers (null: every region). */
export interface SubsidyResultObject { published: boolean; region: string | null }
/** A booking: the instrument's owner (the provider) and who booked it. */
export interface BookingObject { providerInstitutionId: string; userId: string }
/**
 * A booking as its readers see it: also the institution of who booked (null: none), and the regions
 * of both institutions (for regional bureau officers; null: none recorded).
 */
export interface BookingReadObject extends BookingObject { userInstitutionId: string | null; providerRegion: string | null; userRegion: string | null }
/** A record about one user (a usage record to rate); null: no such record. */
export interface OwnRecordObject { userId: string | null }
/**
 * A user account, its institution (null: the bureau's and auditors' accounts), its role, and the
 * region it belongs to: its institution's region, a bureau officer's own region (null: a joint
 * officer), null for an auditor.
 */
export interface UserObject { userId: string; institutionId: string | null; role: PermissionRole; region: string | null }
/** The account to be created: its institution (null: none, as for the bureau's), role and region (as UserObject's). */
export interface NewUserObject { institutionId: string | null; role: PermissionRole; region: string | null }
/** Whom a new booking is made for: the booker's own institution (null: they have none). */
export interface BookerObject { institutionId: string | null }
/** What an import may touch: the importer's institution (null: the whole platform, the bureau's). */
export interface ImportObject { institutionId: string | null }
/** A usage record has the same parties as the booking it came from. */
export type UsageObject = BookingReadObject;
/** A reimbursement claim: who claims, and the region of the bureau it is claimed from. */
export interface VoucherClaimObject { claimantInstitutionId: string; issuingRegion: string }
/** A voucher programme's ledger: the programme's issuing region. */
export interface VoucherLedgerObject { issuingRegion: string }
/** What a regional bureau runs: a voucher programme (or its application) of an issuing region. */
export interface IssuingRegionObject { issuingRegion: string }
/** A voucher application: the applying institution, who applied, and the programme's issuing region. */
export interface VoucherApplicationObject { institutionId: string; userId: string; issuingRegion: string }

/** Every named permission and the object it is asked about. */
export interface PermissionObjects {
  /** The new institution's region. */
  'institution.create': RegionObject;
  'institution.read': InstitutionObject;
  'institution.update': RegionalInstitutionObject;
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
  /** The policy's region (null: platform-wide). */
  'policy.write': RegionObject;
  'policy.read': PlatformObject;
  /** Run a subsidy with this policy (its region; null: platform-wide). */
  'policy.use': RegionObject;
  /** The run's region (null: every region). */
  'subsidy-run.write': RegionObject;
  'subsidy-run.read': RegionObject;
  'subsidy-result.read': SubsidyResultObject;
  /** Replace an instrument's rate cards (the instrument's institution). */
  'rate.write': InstitutionObject;
  /** Replace an instrument's weekly opening hours. */
  'availability.write': InstitutionObject;
  /** A calendar feed of an instrument's bookings (a user's own feed needs no permission). */
  'calendar.instrument-feed': RegionalInstitutionObject;
  /** Manual usage entry on an instrument. */
  'usage.create': InstitutionObject;
  /** One usage record (the list is scoped the same way by the service). */
  'usage.read': UsageObject;
  /** Utilisation month by month (an institution's staff get their own instruments'). */
  'usage.monthly': PlatformObject;
  /** Cross-region sharing statistics (issue 16): every region's figures, read by every bureau officer and auditors. */
  'statistics.cross-region': PlatformObject;
  'user.create': NewUserObject;
  'user.read': UserObject;
  'user.update': UserObject;
  /** The holder institution's region. */
  'voucher.issue': RegionObject;
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
  /** A sample order's lab steps (accept, reject, receive, start testing, issue the report): the instrument's institution's staff. */
  'sample-order.manage': BookingObject;
  /** Confirm a report (complete) or withdraw an order (cancel): whoever submitted it, or the instrument's staff for them. */
  'sample-order.close': BookingObject;
  /** File a reimbursement claim: the claiming institution's admin. */
  'voucher-claim.create': InstitutionObject;
  /** The claimant's staff, the issuing bureau (joint officers: all), auditors. */
  'voucher-claim.read': VoucherClaimObject;
  /** Approve, reject, pay: the issuing bureau only. */
  'voucher-claim.decide': VoucherClaimObject;
  /** A programme's ledger (issued / drawn / claimed / paid / expired): its bureau and auditors. */
  'voucher-ledger.read': VoucherLedgerObject;
  /** Open a voucher programme: the bureau of its issuing region. */
  'voucher-programme.create': IssuingRegionObject;
  /** Programmes are public to the signed-in (the service lists an institution those it may apply to). */
  'voucher-programme.read': PlatformObject;
  /** Apply for a voucher: a researcher or admin of the applying institution. */
  'voucher-application.create': BookerObject;
  'voucher-application.read': VoucherApplicationObject;
  /** Approve or reject: the bureau of the programme's issuing region. */
  'voucher-application.decide': IssuingRegionObject;
  /** A no-show suspension (issue 19): the suspended user, the institution's staff, the bureau and auditors. */
  'suspension.read': SuspensionObject;
  /** Lift a suspension early, with a reason: the institution's admin, or the bureau. */
  'suspension.lift': RegionalInstitutionObject;
  /** Set an institution's no-show policy (K no-shows in D days suspend for S days): its admin, or the bureau. */
  'no-show-policy.write': RegionalInstitutionObject;
  /** An institution's webhooks and group robots: its admins set them up (the bureau may for any). */
  'webhook.manage': InstitutionObject;
  /** Read an institution's webhooks, robots and their delivery logs. */
  'webhook.read': InstitutionObject;
  /** The list of deliveries (failed ones above all): the bureau's and auditors', an admin's of their institution. */
  'delivery.list': PlatformObject;
  /** Register or revoke an instrument terminal (issue 20): the instrument's institution admin. */
  'terminal.manage': InstitutionObject;
  /** An institution's terminals (never their credentials): its staff, auditors and joint officers. */
  'terminal.read': InstitutionObject;
  /** Sessions the terminals reported (the unbooked uses waiting for review above all). */
  'terminal-session.read': InstitutionObject;
  /** Confirm an unbooked use as usage, or reject it: the instrument's staff. */
  'terminal-session.decide': InstitutionObject;
  /** An institution's national-platform records and their validation report (issue 20): its admin, its bureau. */
  'national-report.read': RegionalInstitutionObject;
  /** Set up a research group (课题组) of an institution, naming its PI: the institution's admin. */
  'research-group.create': InstitutionObject;
  /** A group, its members and its fund accounts: its members, its institution's admin, the bureau and auditors. */
  'research-group.read': ResearchGroupObject;
  /** Add and remove members: the group's PI, or its institution's admin. */
  'research-group.members': ResearchGroupObject;
  /** Open a fund account (经费卡), change its budget or validity, freeze it: the institution's admin (its finance office). */
  'fund-account.write': InstitutionObject;
  /** Pay a booking from one of the group's fund accounts: a member of the group (its PI included). */
  'fund-account.use': ResearchGroupObject;
  /** Set the amount above which members' bookings on an account wait for the PI: the PI, or the institution's admin. */
  'fund-account.approval-rule': ResearchGroupObject;
  /** Approve or reject a member's booking waiting for the PI: the group's PI alone. */
  'booking.pi-decide': ResearchGroupObject;
  /** The audit trail (issue 20): every service's changes and the check of their hash chains; the bureau (every officer) and auditors. */
  'audit.read': PlatformObject;
}

/**
 * A research group (课题组, issue 18): its institution, its PI and its members. The PI is a member
 * of the group and a user of the institution.
 */
export interface ResearchGroupObject { institutionId: string; piUserId: string; memberUserIds: readonly string[] }

/** A suspension of a user's booking of one institution's instruments. */
export interface SuspensionObject { institutionId: string; userId: string }

export type Permission = keyof PermissionObjects;

/** Permissions that change something: an auditor has none of them. */
export const WRITE_PERMISSIONS: readonly Permission[] = [
  'institution.create', 'institution.update', 'instrument.create', 'instrument.update', 'blackout.write', 'qualification.write',
  'statement.issue', 'statement.pay', 'settlement.run', 'policy.write', 'policy.use', 'subsidy-run.write', 'rate.write', 'availability.write',
  'calendar.instrument-feed', 'usage.create', 'voucher.issue', 'feedback.create', 'booking.manage', 'booking.cancel', 'user.create',
  'user.update', 'booking.create', 'import.start', 'job.retry',
  'voucher-claim.create', 'voucher-claim.decide',
  'voucher-programme.create', 'voucher-application.create', 'voucher-application.decide',
  'suspension.lift', 'no-show-policy.write', 'webhook.manage',
  'research-group.create', 'research-group.members', 'fund-account.write', 'fund-account.use', 'fund-account.approval-rule', 'booking.pi-decide',
  'terminal.manage', 'terminal-session.decide',
  'sample-order.manage', 'sample-order.close',
];

/** Writes a user may make on a record about themselves, whoever owns the instrument. */
export const SELF_SERVICE_PERMISSIONS: readonly Permission[] = ['feedback.create', 'booking.cancel', 'sample-order.close'];

export const PERMISSIONS: readonly Permission[] = [
  'statistics.cross-region',
  'institution.create', 'institution.read', 'institution.update', 'instrument.create', 'instrument.read', 'instrument.update',
  'blackout.read', 'blackout.write', 'qualification.read', 'qualification.write', 'statement.read', 'statement.read-lines',
  'statement.issue', 'statement.pay', 'settlement.run', 'settlement.list', 'job.read', 'job.list', 'policy.write', 'policy.read', 'policy.use', 'subsidy-run.write',
  'subsidy-run.read', 'subsidy-result.read', 'rate.write', 'availability.write', 'calendar.instrument-feed', 'usage.create',
  'voucher.issue', 'voucher.list', 'feedback.create', 'booking.read', 'booking.manage', 'booking.cancel', 'usage.read', 'usage.monthly',
  'user.create', 'user.read', 'user.update', 'booking.create', 'import.start', 'job.retry',
  'voucher-claim.create', 'voucher-claim.read', 'voucher-claim.decide', 'voucher-ledger.read',
  'voucher-programme.create', 'voucher-programme.read', 'voucher-application.create', 'voucher-application.read', 'voucher-application.decide',
  'suspension.read', 'suspension.lift', 'no-show-policy.write', 'webhook.manage', 'webhook.read', 'delivery.list',
  'terminal.manage', 'terminal.read', 'terminal-session.read', 'terminal-session.decide',
  'national-report.read',
  'research-group.create', 'research-group.read', 'research-group.members', 'fund-account.write', 'fund-account.use',
  'fund-account.approval-rule', 'booking.pi-decide',
  'audit.read',
  'sample-order.manage', 'sample-order.close',
];

/**
 * Why a request is refused. `hidden`: the object does not exist for the caller (404), because saying
 * "forbidden" would tell them it exists (another institution's internal instrument, someone else's job).
 */
export type Decision = { allowed: true } | { allowed: false; hidden: boolean; reason: Said };

const ALLOW: Decision = { allowed: true };
const ROLE_ZH: Record<string, string> = { researcher: '科研人员', operator: '仪器操作员', institution_admin: '单位管理员', bureau: '科技局', auditor: '审计' };
/** A role as the pages name it, for the reasons' Chinese. */
const roleZh = (role: string): string => ROLE_ZH[role] ?? role;
const forbid = (reason: Said): Decision => ({ allowed: false, hidden: false, reason });
const hide = (reason: Said): Decision => ({ allowed: false, hidden: true, reason });

/** Reads every record: auditors and joint bureau officers (a regional officer reads its region's: `readsRegion`). */
const readsAll = (a: PermissionActor) => isJointOfficer(a) || a.role === 'auditor';
/** A bureau officer reading records of these regions: a joint officer any; a regional one when one of them is its own. */
const readsRegion = (a: PermissionActor, ...regions: (string | null)[]) => a.role === 'bureau' && regions.some((r) => bureauOfRegion(a, r));
/** The bureau's writes on an object of `region`: a joint officer's or its own region's officer's. */
function bureauFor(a: PermissionActor, region: string | null): Decision {
  return bureauOfRegion(a, region) ? ALLOW : forbid(otherRegionReason(a, region));
}
const member = (a: PermissionActor, institutionId: string | null) => institutionId !== null && a.institutionId === institutionId;
const staffOf = (a: PermissionActor, institutionId: string) => (a.role === 'institution_admin' || a.role === 'operator') && member(a, institutionId);
const adminOf = (a: PermissionActor, institutionId: string) => a.role === 'institution_admin' && member(a, institutionId);
const AUDITOR = said('审计账号只能查看，不能修改', 'auditors read everything and change nothing');

/**
 * The bureau's hold on an account (issue 16): a joint officer manages every account; a regional
 * officer only those of its own region's institutions, never a bureau officer's or an auditor's
 * (those are the joint officers').
 */
function bureauManagesAccount(a: PermissionActor, o: { role: PermissionRole; region: string | null }): Decision {
  if (isJointOfficer(a)) return ALLOW;
  if (o.role === 'bureau' || o.role === 'auditor') return forbid(said('只有联合科技局可以管理科技局和审计账号', 'only a joint bureau officer manages bureau officers’ and auditors’ accounts'));
  return bureauOfRegion(a, o.region) ? ALLOW : forbid(otherRegionReason(a, o.region));
}

/**
 * Writes on an institution's objects: the listed roles of that institution only; the bureau where
 * it runs the platform (`bureau`: false, or the region of the object the bureau acts for).
 */
function manages(a: PermissionActor, institutionId: string | null, roles: readonly PermissionRole[], bureau: false | { region: string | null }): Decision {
  if (bureau && a.role === 'bureau') return bureauFor(a, bureau.region);
  if (roles.includes(a.role) && member(a, institutionId)) return ALLOW;
  if (a.role === 'auditor') return forbid(AUDITOR);
  if (roles.includes(a.role)) return forbid(said('您只能修改本单位的记录', 'you may only change your own institution’s records'));
  return forbid(said(`此操作需要${[...roles, ...(bureau ? ['bureau' as const] : [])].map(roleZh).join('或')}角色，您的角色是${roleZh(a.role)}`, `this needs the role ${roles.join(' or ')}${bureau ? ' or bureau' : ''}; you are ${a.role}`));
}

function only(a: PermissionActor, roles: readonly PermissionRole[]): Decision {
  if (roles.includes(a.role)) return ALLOW;
  if (a.role === 'auditor') return forbid(AUDITOR);
  return forbid(said(`此操作需要${roles.map(roleZh).join('或')}角色，您的角色是${roleZh(a.role)}`, `this needs the role ${roles.join(' or ')}; you are ${a.role}`));
}

function runsIssuingRegion(a: PermissionActor, o: IssuingRegionObject, what: string): Decision {
  if (bureauOfRegion(a, o.issuingRegion)) return ALLOW;
  if (a.role === 'bureau') return forbid(said(`只有 ${o.issuingRegion} 地区科技局或联合办公室可以${what}`, otherRegionReason(a, o.issuingRegion).en));
  return only(a, ['bureau']);
}

/** An instrument not open for sharing exists only for its own institution, the bureau and auditors. */
function seesInstrument(a: PermissionActor, o: InstrumentObject): boolean {
  return o.sharingStatus === 'open' || readsAll(a) || a.role === 'bureau' || member(a, o.institutionId);
}

/** A booking or usage record: a researcher's own; an institution's staff those it provides or its people made; all for the bureau and auditors. */
function seesServiceRecord(a: PermissionActor, o: BookingReadObject): boolean {
  if (readsAll(a)) return true;
  if (a.role === 'bureau') return readsRegion(a, o.providerRegion, o.userRegion);
  if (a.role === 'researcher') return o.userId === a.userId;
  return member(a, o.providerInstitutionId) || member(a, o.userInstitutionId);
}

type Rules = { [P in Permission]: (a: PermissionActor, o: PermissionObjects[P]) => Decision };

const RULES: Rules = {
  // Webhooks and robots send an institution's bookings out of the platform: its admins decide, and
  // their secrets and logs are theirs (and the bureau's, who runs the platform, and auditors' to read).
  // The bureau's side is the joint officers' (a webhook's institution carries no region here).
  'webhook.manage': (a, o) => manages(a, o.institutionId, ['institution_admin'], { region: null }),
  'webhook.read': (a, o) => (readsAll(a) || adminOf(a, o.institutionId) ? ALLOW : forbid(said('单位的推送地址由其管理员管理', 'an institution’s webhooks are its admins’'))),
  'delivery.list': (a) => only(a, ['bureau', 'auditor', 'institution_admin']),
  // Who changed what is the platform's record, read by those who oversee it; no one edits it.
  'audit.read': (a) => only(a, ['bureau', 'auditor']),

  'institution.create': (a, o) => (a.role === 'bureau' ? bureauFor(a, o.region) : only(a, ['bureau'])),
  // The directory of institutions is public to every signed-in user.
  'institution.read': () => ALLOW,
  // The service further limits an admin to the contacts; the rest is the bureau's (of the institution's region).
  'institution.update': (a, o) => manages(a, o.institutionId, ['institution_admin'], { region: o.region }),

  'instrument.create': (a, o) => manages(a, o.institutionId, ['institution_admin'], false),
  'instrument.read': (a, o) => (seesInstrument(a, o) ? ALLOW : hide(said('该仪器未向您共享', 'the instrument is not shared with you'))),
  'instrument.update': (a, o) => (seesInstrument(a, o) ? manages(a, o.institutionId, ['institution_admin'], false) : hide(said('该仪器未向您共享', 'the instrument is not shared with you'))),

  // Maintenance windows (and their reasons) are as visible as the instrument itself.
  'blackout.read': (a, o) => (seesInstrument(a, o) ? ALLOW : hide(said('该仪器未向您共享', 'the instrument is not shared with you'))),
  'blackout.write': (a, o) => (seesInstrument(a, o) ? manages(a, o.institutionId, ['institution_admin', 'operator'], false) : hide(said('该仪器未向您共享', 'the instrument is not shared with you'))),

  // A qualification concerns two parties: the qualified user, and the staff of the instrument's owner.
  'qualification.read': (a, o) => (readsAll(a) || a.role === 'bureau' || (o.userId !== null && o.userId === a.userId) || staffOf(a, o.institutionId)
    ? ALLOW : hide(said('上机资格仅本人和仪器所属单位的工作人员可见', 'qualifications are seen by the qualified user and the instrument’s own staff'))),
  'qualification.write': (a, o) => manages(a, o.institutionId, ['operator', 'institution_admin'], false),

  // A statement is between a provider and a payer: both institutions' staff read it; a researcher
  // reads the statements their institution pays, but only their own charges in it (as GET /charges).
  'statement.read': (a, o) => (readsAll(a) || readsRegion(a, o.providerRegion, o.payerRegion) || member(a, o.payerInstitutionId) || (a.role !== 'researcher' && member(a, o.providerInstitutionId))
    ? ALLOW : hide(said('该结算单与您的单位无关', 'the statement is not between your institution and another'))),
  'statement.read-lines': (a, o) => (readsAll(a) || readsRegion(a, o.providerRegion, o.payerRegion) || staffOf(a, o.providerInstitutionId) || staffOf(a, o.payerInstitutionId)
    ? ALLOW : forbid(said('科研人员只能查看自己的费用', 'a researcher sees only their own charges'))),
  'statement.issue': (a, o) => manages(a, o.providerInstitutionId, ['institution_admin'], { region: o.providerRegion }),
  'statement.pay': (a, o) => manages(a, o.providerInstitutionId, ['institution_admin'], { region: o.providerRegion }),

  // The bureau settles the platform (a regional officer its region's providers); an admin settles
  // what their institution provided, nothing else.
  'settlement.run': (a, o) => {
    if (a.role === 'bureau') return bureauFor(a, o.region);
    if (a.role === 'institution_admin' && o.providerInstitutionId !== null && member(a, o.providerInstitutionId)) return ALLOW;
    if (a.role === 'institution_admin') return forbid(said('单位管理员只能处理本单位的结算单', 'an institution admin settles only their own institution’s statements'));
    return only(a, ['bureau', 'institution_admin']);
  },

  'settlement.list': (a) => only(a, ['bureau', 'auditor', 'institution_admin']),

  // A job is seen by whoever started it and by the admins of the institution its work is limited to;
  // a platform-wide job (null institution) only by the bureau and auditors.
  'job.read': (a, o) => (readsAll(a) || (o.region !== null && readsRegion(a, o.region)) || (o.startedBy !== null && o.startedBy === a.userId) || (o.institutionId !== null && adminOf(a, o.institutionId))
    ? ALLOW : hide(said('这不是您的任务', 'the job is not yours'))),
  'job.list': (a) => only(a, ['bureau', 'auditor', 'institution_admin']),
  // The bureau retries any job; an institution admin the jobs limited to their institution (never a
  // platform-wide one, which they may not even see). The job is first read under 'job.read'.
  'job.retry': (a, o) => {
    if (a.role === 'bureau' && (bureauOfRegion(a, o.region) || (o.startedBy !== null && o.startedBy === a.userId))) return ALLOW;
    if (a.role === 'bureau') return forbid(otherRegionReason(a, o.region));
    if (o.institutionId !== null && adminOf(a, o.institutionId)) return ALLOW;
    if (a.role === 'auditor') return forbid(AUDITOR);
    return forbid(said('只有科技局或单位管理员（本单位的任务）可以重试任务', 'only the bureau, or an institution admin for their own institution’s jobs, may retry a job'));
  },

  'policy.write': (a, o) => (a.role === 'bureau' ? bureauFor(a, o.region) : only(a, ['bureau'])),
  'policy.read': (a) => only(a, ['bureau', 'auditor']),
  // A regional officer runs its region's policies and the platform-wide ones, never another region's.
  'policy.use': (a, o) => (a.role !== 'bureau' ? only(a, ['bureau']) : o.region === null || bureauOfRegion(a, o.region) ? ALLOW : forbid(otherRegionReason(a, o.region))),
  'subsidy-run.write': (a, o) => (a.role === 'bureau' ? bureauFor(a, o.region) : only(a, ['bureau'])),
  // Drafts and simulations of another region do not exist for a regional officer.
  'subsidy-run.read': (a, o) => (a.role === 'bureau' ? (bureauOfRegion(a, o.region) ? ALLOW : hide(otherRegionReason(a, o.region))) : only(a, ['bureau', 'auditor'])),
  // An institution admin reads its own row of a published run (the service limits the rows); a
  // regional officer every published run and the unpublished ones of its region.
  'subsidy-result.read': (a, o) => {
    if (readsAll(a)) return ALLOW;
    if (a.role === 'bureau') return o.published || bureauOfRegion(a, o.region) ? ALLOW : hide(said('该测算未发布，且不属于您的地区', 'the run is not published, and not of your region'));
    if (a.role === 'institution_admin') return o.published ? ALLOW : hide(said('该测算尚未发布', 'the run is not published'));
    return forbid(said(`此操作需要科技局、审计或单位管理员角色，您的角色是${roleZh(a.role)}`, `this needs the role bureau, auditor or institution_admin; you are ${a.role}`));
  },

  // An instrument's prices and opening hours are its institution admin's, even where the instrument
  // is not shared (the refusal is 403 there too: writers are told, not hidden from).
  'rate.write': (a, o) => manages(a, o.institutionId, ['institution_admin'], false),
  'availability.write': (a, o) => manages(a, o.institutionId, ['institution_admin'], false),
  // The feed of an instrument's bookings names who booked: its staff, and the bureau.
  'calendar.instrument-feed': (a, o) => manages(a, o.institutionId, ['institution_admin', 'operator'], { region: o.region }),
  'usage.create': (a, o) => manages(a, o.institutionId, ['operator', 'institution_admin'], false),
  'usage.read': (a, o) => (seesServiceRecord(a, o) ? ALLOW : hide(said('这不是您的使用记录', 'the usage record is not yours'))),
  'usage.monthly': (a) => (a.role === 'researcher' ? forbid(said('使用率仅供仪器所属单位的工作人员和科技局查看', 'utilisation is for instrument staff and the bureau')) : ALLOW),
  // Statistics are what a regional officer reads of the whole platform: all rows, whatever its region.
  'statistics.cross-region': (a) => only(a, ['bureau', 'auditor']),

  // Accounts: the bureau manages all; an institution admin those of their own institution.
  'user.create': (a, o) => {
    if (a.role === 'bureau') return bureauManagesAccount(a, o);
    if (a.role === 'institution_admin' && member(a, o.institutionId)) return ALLOW;
    if (a.role === 'institution_admin') return forbid(said('单位管理员只能创建本单位的用户', 'an institution admin creates users of their own institution only'));
    return forbid(said('只有科技局或单位管理员可以创建用户', 'only the bureau or an institution admin may create users'));
  },
  // Everyone sees their own account; staff their institution's; the bureau and auditors all.
  'user.read': (a, o) => (o.userId === a.userId || readsAll(a)
    || (a.role === 'bureau' && (o.role === 'bureau' || o.role === 'auditor' || bureauOfRegion(a, o.region))) || (o.institutionId !== null && a.role !== 'researcher' && member(a, o.institutionId))
    ? ALLOW : forbid(said('您无权查看该用户', 'you may not see this user'))),
  'user.update': (a, o) => {
    if (a.role === 'bureau') return bureauManagesAccount(a, o);
    if (a.role === 'institution_admin' && member(a, o.institutionId)) return ALLOW;
    if (a.role === 'institution_admin') return forbid(said('单位管理员只能管理本单位的用户', 'an institution admin manages users of their own institution only'));
    return forbid(said('只有科技局或单位管理员可以修改用户', 'only the bureau or an institution admin may change users'));
  },

  'voucher.issue': (a, o) => (a.role === 'bureau' ? bureauFor(a, o.region) : only(a, ['bureau'])),
  'voucher.list': (a) => only(a, ['bureau', 'auditor', 'institution_admin']),

  // Only a researcher rates, and only a record of their own: someone else's does not exist for them.
  'feedback.create': (a, o) => {
    if (a.role !== 'researcher') return only(a, ['researcher']);
    return o.userId !== null && o.userId === a.userId ? ALLOW : hide(said('这不是您的使用记录', 'the usage record is not yours'));
  },

  // A bureau import writes the whole platform's catalogue: a joint officer's.
  'import.start': (a, o) => manages(a, o.institutionId, ['institution_admin'], { region: null }),
  // Researchers and institution staff book, for their own institution (which pays); the bureau and auditors do not.
  'booking.create': (a, o) => (['researcher', 'institution_admin', 'operator'].includes(a.role) && member(a, o.institutionId)
    ? ALLOW : a.role === 'auditor' ? forbid(AUDITOR) : forbid(said('只有科研人员和单位工作人员可以为本单位预约仪器', 'only researchers and institution staff book instruments, for their own institution'))),
  'booking.read': (a, o) => (seesServiceRecord(a, o) ? ALLOW : hide(said('这不是您的预约', 'the booking is not yours'))),
  'booking.manage': (a, o) => (staffOf(a, o.providerInstitutionId) ? ALLOW : a.role === 'auditor' ? forbid(AUDITOR)
    : forbid(said('只有仪器所属单位的工作人员可以审核、驳回、签到、结束使用或登记爽约', 'only the staff of the instrument’s institution may approve, reject, check in, check out or record a no-show'))),
  // Whoever booked, whatever their role now (an auditor who booked as a researcher, say).
  'booking.cancel': (a, o) => (staffOf(a, o.providerInstitutionId) || o.userId === a.userId ? ALLOW : a.role === 'auditor' ? forbid(AUDITOR)
    : forbid(said('只有预约人或仪器所属单位可以取消预约', 'only the person who booked, or the instrument’s institution, may cancel a booking'))),

  // Sample orders (issue 18): the lab's steps are its staff's; the requester confirms or withdraws,
  // and the lab's staff may do that for a requester who does not (samples returned, report accepted by phone).
  'sample-order.manage': (a, o) => (staffOf(a, o.providerInstitutionId) ? ALLOW : a.role === 'auditor' ? forbid(AUDITOR)
    : forbid(said('只有仪器所属单位的工作人员可以受理、驳回、接收、检测送样或出具报告', 'only the staff of the instrument’s institution may accept, reject, receive or test samples, or issue the report'))),
  'sample-order.close': (a, o) => (staffOf(a, o.providerInstitutionId) || o.userId === a.userId ? ALLOW : a.role === 'auditor' ? forbid(AUDITOR)
    : forbid(said('只有送样人或仪器所属单位可以确认完成或取消送样', 'only the person who sent the samples, or the instrument’s institution, may complete or cancel a sample order'))),

  // Reimbursement claims (issue 16): an institution claims for itself; the issuing region's bureau decides.
  'voucher-claim.create': (a, o) => (adminOf(a, o.institutionId) ? ALLOW : a.role === 'auditor' ? forbid(AUDITOR)
    : forbid(said('只有本单位管理员可以申请兑付', 'only an institution admin files a reimbursement claim, for their own institution'))),
  // Another region's officer is told (403), not hidden from: the claim is of a bureau it knows of.
  'voucher-claim.read': (a, o) => (a.role === 'auditor' || bureauOfRegion(a, o.issuingRegion) || staffOf(a, o.claimantInstitutionId)
    ? ALLOW : a.role === 'bureau' ? forbid(said(`此兑付申请属于 ${o.issuingRegion} 地区科技局`, `the claim is the ${o.issuingRegion} bureau’s`))
      : hide(said('该兑付申请既不属于您的单位，也不属于您的地区', 'the claim is neither your institution’s nor your region’s'))),
  'voucher-claim.decide': (a, o) => {
    if (bureauOfRegion(a, o.issuingRegion)) return ALLOW;
    if (a.role === 'bureau') return forbid(said(`只有 ${o.issuingRegion} 地区科技局或联合办公室可以审核、兑付此申请`, `only the ${o.issuingRegion} bureau (or a joint officer) decides this claim`));
    if (a.role === 'auditor') return forbid(AUDITOR);
    return forbid(said(`只有发券地区（${o.issuingRegion}）的科技局可以审核、驳回或兑付申请，您的角色是${roleZh(a.role)}`, `only the issuing bureau (${o.issuingRegion}) approves, rejects or pays a claim; you are ${a.role}`));
  },
  'voucher-ledger.read': (a, o) => (a.role === 'auditor' || bureauOfRegion(a, o.issuingRegion) ? ALLOW
    : a.role === 'bureau' ? forbid(said(`台账仅限 ${o.issuingRegion} 地区科技局查看`, `the ledger is the ${o.issuingRegion} bureau’s`)) : forbid(said(`项目台账仅限发券科技局和审计查看，您的角色是${roleZh(a.role)}`, `a programme’s ledger is its issuing bureau’s and auditors’; you are ${a.role}`))),
  'voucher-programme.create': (a, o) => runsIssuingRegion(a, o, '设立本地区创新券计划'),
  'voucher-programme.read': () => ALLOW,
  'voucher-application.create': (a, o) => (['researcher', 'institution_admin'].includes(a.role) && member(a, o.institutionId)
    ? ALLOW : a.role === 'auditor' ? forbid(AUDITOR) : forbid(said('只有申请单位的科研用户或单位管理员可以申请创新券', 'only a researcher or admin of the applying institution applies for a voucher'))),
  // A researcher sees their own applications, an admin their institution's; a bureau its region's, an auditor all.
  'voucher-application.read': (a, o) => {
    if (a.role === 'auditor' || bureauOfRegion(a, o.issuingRegion)) return ALLOW;
    if (a.role === 'bureau') return forbid(said(`该申请由 ${o.issuingRegion} 地区审核，不属于您的地区`, `the application is in ${o.issuingRegion}'s queue, not your region's`));
    if (a.role === 'researcher') return o.userId === a.userId ? ALLOW : hide(said('这不是您的申请', 'the application is not yours'));
    return adminOf(a, o.institutionId) ? ALLOW : hide(said('这不是您单位的申请', 'the application is not your institution’s'));
  },
  'voucher-application.decide': (a, o) => runsIssuingRegion(a, o, '审核本地区创新券申请'),
  'suspension.read': (a, o) => (readsAll(a) || o.userId === a.userId || staffOf(a, o.institutionId) ? ALLOW : hide(said('这不是您的预约暂停记录', 'the suspension is not yours'))),
  'suspension.lift': (a, o) => manages(a, o.institutionId, ['institution_admin'], { region: o.region }),
  'no-show-policy.write': (a, o) => manages(a, o.institutionId, ['institution_admin'], { region: o.region }),
  // A terminal's credential lets it write usage evidence for the instrument: only its institution's admin hands one out.
  'terminal.manage': (a, o) => manages(a, o.institutionId, ['institution_admin'], false),
  'terminal.read': (a, o) => (readsAll(a) || staffOf(a, o.institutionId) ? ALLOW : forbid(said('终端仅本单位工作人员、审计和联合科技局可见', 'terminals are seen by their institution’s staff, auditors and joint bureau officers'))),
  'terminal-session.read': (a, o) => (readsAll(a) || staffOf(a, o.institutionId) ? ALLOW : forbid(said('终端记录的使用仅本单位工作人员、审计和联合科技局可见', 'terminal sessions are seen by their institution’s staff, auditors and joint bureau officers'))),
  'terminal-session.decide': (a, o) => manages(a, o.institutionId, ['operator', 'institution_admin'], false),
  // What an institution reports to the national platform is its admin's to send and its bureau's to
  // check (a regional officer its region's); auditors read everything (api.md). Operators and
  // researchers do not: the records name every researcher and what they paid.
  'national-report.read': (a, o) => {
    if (a.role === 'bureau') return bureauFor(a, o.region);
    if (a.role === 'auditor' || adminOf(a, o.institutionId)) return ALLOW;
    if (a.role === 'institution_admin') return forbid(said('单位管理员只能导出本单位的国家平台报送数据', 'an institution admin exports only their own institution’s national records'));
    return forbid(said(`国家平台报送需要单位管理员、科技局或审计角色，您的角色是${roleZh(a.role)}`, `national reporting needs the role institution_admin, bureau or auditor; you are ${a.role}`));
  },

  // Research groups and fund accounts (issue 18). A group is its institution's: who belongs to it
  // sees it, the admin runs it; another institution's group does not exist for the caller.
  'research-group.create': (a, o) => manages(a, o.institutionId, ['institution_admin'], false),
  'research-group.read': (a, o) => (readsAll(a) || a.role === 'bureau' || adminOf(a, o.institutionId) || inGroup(a, o)
    ? ALLOW : hide(said('您不是该课题组的成员', 'you are not a member of this research group'))),
  'research-group.members': (a, o) => (adminOf(a, o.institutionId) || (member(a, o.institutionId) && o.piUserId === a.userId) ? ALLOW
    : a.role === 'auditor' ? forbid(AUDITOR) : forbid(said('只有课题组负责人（PI）或本单位管理员可以增减成员', 'only the group’s PI or the institution’s admin adds and removes members'))),
  // The budget is the finance office's: a PI does not raise their own.
  'fund-account.write': (a, o) => manages(a, o.institutionId, ['institution_admin'], false),
  'fund-account.use': (a, o) => (inGroup(a, o) ? ALLOW : a.role === 'auditor' ? forbid(AUDITOR)
    : forbid(said('只有课题组成员可以使用该课题组的经费卡', 'only members of the research group may pay from its fund accounts'))),
  // Which spending the PI wants to see first is the PI's call (the admin may set it for them); the budget stays the admin's.
  'fund-account.approval-rule': (a, o) => (adminOf(a, o.institutionId) || (member(a, o.institutionId) && o.piUserId === a.userId) ? ALLOW
    : a.role === 'auditor' ? forbid(AUDITOR) : forbid(said('只有课题组负责人（PI）或本单位管理员可以设置审批金额', 'only the group’s PI or the institution’s admin sets the approval threshold'))),
  // The PI's approval is the PI's own: not the admin's, nor an operator's, who approve for the institution afterwards.
  'booking.pi-decide': (a, o) => (member(a, o.institutionId) && o.piUserId === a.userId ? ALLOW
    : a.role === 'auditor' ? forbid(AUDITOR) : forbid(said('只有课题组负责人（PI）可以审批成员的预约', 'only the group’s PI approves members’ bookings'))),
};

/** A member of the group (its PI included), and of its institution. */
function inGroup(a: PermissionActor, o: ResearchGroupObject): boolean {
  return member(a, o.institutionId) && (o.piUserId === a.userId || o.memberUserIds.includes(a.userId));
}

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
  // A regional officer's run covers every provider of its region: settlementRegionOf says which.
  if (actor.role === 'bureau') return null;
  if (actor.role === 'institution_admin' && actor.institutionId) return actor.institutionId;
  return undefined;
}

/** The region a settlement by this actor is limited to: a regional officer's own; null for everyone else. */
export function settlementRegionOf(actor: PermissionActor): string | null {
  return actor.role === 'bureau' ? actor.region : null;
}
