import fc from 'fast-check';
import {
  can, decide, Permission, PermissionActor, PermissionObjects, PERMISSION_ROLES, PERMISSIONS, PermissionRole, SELF_SERVICE_PERMISSIONS, settlementRegionOf, settlementScopeOf, WRITE_PERMISSIONS,
} from './index';

const A = 'inst-a';
const B = 'inst-b';
const actor = (role: PermissionRole, institutionId: string | null = role === 'bureau' || role === 'auditor' ? null : A, userId = `u-${role}`): PermissionActor =>
  ({ userId, role, institutionId, region: null });

const researcher = actor('researcher');
const operator = actor('operator');
const admin = actor('institution_admin');
const bureau = actor('bureau');
const auditor = actor('auditor');

describe('permission table', () => {
  // [who, permission, object, allowed, hidden when refused]
  const rows: [string, PermissionActor, Permission, PermissionObjects[Permission], boolean, boolean?][] = [
    ['bureau creates institutions', bureau, 'institution.create', { region: 'CQ' }, true],
    ['an admin does not', admin, 'institution.create', { region: 'CQ' }, false, false],
    ['an admin updates their own institution', admin, 'institution.update', { institutionId: A, region: 'CQ' }, true],
    ['not another', admin, 'institution.update', { institutionId: B, region: 'CQ' }, false, false],
    ['an operator cannot update their institution', operator, 'institution.update', { institutionId: A, region: 'CQ' }, false, false],
    ['anyone reads an open instrument', actor('researcher', B), 'instrument.read', { institutionId: A, sharingStatus: 'open' }, true],
    ['an internal instrument is hidden from another institution', actor('researcher', B), 'instrument.read', { institutionId: A, sharingStatus: 'internal' }, false, true],
    ['and visible to its own', researcher, 'instrument.read', { institutionId: A, sharingStatus: 'internal' }, true],
    ['auditors read internal instruments', auditor, 'instrument.read', { institutionId: A, sharingStatus: 'suspended' }, true],
    ['an admin updates own instruments', admin, 'instrument.update', { institutionId: A, sharingStatus: 'internal' }, true],
    ['an operator does not', operator, 'instrument.update', { institutionId: A, sharingStatus: 'open' }, false, false],
    ['another admin is refused on an open one', actor('institution_admin', B), 'instrument.update', { institutionId: A, sharingStatus: 'open' }, false, false],
    ['blackouts of another institution’s internal instrument are hidden', actor('operator', B), 'blackout.read', { institutionId: A, sharingStatus: 'internal' }, false, true],
    ['blackouts of an open instrument are public', actor('researcher', B), 'blackout.read', { institutionId: A, sharingStatus: 'open' }, true],
    ['an operator writes own blackouts', operator, 'blackout.write', { institutionId: A, sharingStatus: 'open' }, true],
    ['a researcher does not', researcher, 'blackout.write', { institutionId: A, sharingStatus: 'open' }, false, false],
    ['an operator reads qualifications on own instruments', operator, 'qualification.read', { institutionId: A, userId: 'someone' }, true],
    ['not on another institution’s instruments', actor('operator', B), 'qualification.read', { institutionId: A, userId: 'someone' }, false, true],
    ['a researcher reads their own qualification anywhere', actor('researcher', B, 'me'), 'qualification.read', { institutionId: A, userId: 'me' }, true],
    ['but not a colleague’s', researcher, 'qualification.read', { institutionId: A, userId: 'colleague' }, false, true],
    ['an operator grants on own instruments', operator, 'qualification.write', { institutionId: A, userId: 'x' }, true],
    ['a researcher reads the statement their institution pays', researcher, 'statement.read', { providerInstitutionId: B, payerInstitutionId: A, providerRegion: 'CQ', payerRegion: 'CQ' }, true],
    ['a researcher does not read what their institution provided', researcher, 'statement.read', { providerInstitutionId: A, payerInstitutionId: B, providerRegion: 'CQ', payerRegion: 'CQ' }, false, true],
    ['an operator does', operator, 'statement.read', { providerInstitutionId: A, payerInstitutionId: B, providerRegion: 'CQ', payerRegion: 'CQ' }, true],
    ['but not every line of it', researcher, 'statement.read-lines', { providerInstitutionId: B, payerInstitutionId: A, providerRegion: 'CQ', payerRegion: 'CQ' }, false, false],
    ['the payer’s admin reads every line', admin, 'statement.read-lines', { providerInstitutionId: B, payerInstitutionId: A, providerRegion: 'CQ', payerRegion: 'CQ' }, true],
    ['a third institution does not see it', actor('institution_admin', 'inst-c'), 'statement.read', { providerInstitutionId: B, payerInstitutionId: A, providerRegion: 'CQ', payerRegion: 'CQ' }, false, true],
    ['the provider’s admin issues', admin, 'statement.issue', { providerInstitutionId: A, payerInstitutionId: B, providerRegion: 'CQ', payerRegion: 'CQ' }, true],
    ['the payer’s admin does not', admin, 'statement.issue', { providerInstitutionId: B, payerInstitutionId: A, providerRegion: 'CQ', payerRegion: 'CQ' }, false, false],
    ['bureau pays', bureau, 'statement.pay', { providerInstitutionId: B, payerInstitutionId: A, providerRegion: 'CQ', payerRegion: 'CQ' }, true],
    ['bureau settles the platform', bureau, 'settlement.run', { providerInstitutionId: null, region: null }, true],
    ['an admin settles their own institution', admin, 'settlement.run', { providerInstitutionId: A, region: null }, true],
    ['an admin never settles the platform', admin, 'settlement.run', { providerInstitutionId: null, region: null }, false, false],
    ['nor another institution', admin, 'settlement.run', { providerInstitutionId: B, region: null }, false, false],
    ['an auditor never settles', auditor, 'settlement.run', { providerInstitutionId: null, region: null }, false, false],
    ['the starter reads a job', researcher, 'job.read', { startedBy: researcher.userId, institutionId: null, region: null }, true],
    ['an admin reads jobs limited to their institution', admin, 'job.read', { startedBy: 'other', institutionId: A, region: null }, true],
    ['an admin does not read platform-wide jobs', admin, 'job.read', { startedBy: 'other', institutionId: null, region: null }, false, true],
    ['an operator does not read the institution’s jobs', operator, 'job.read', { startedBy: 'other', institutionId: A, region: null }, false, true],
    ['an admin lists jobs', admin, 'job.list', {}, true],
    ['an operator does not', operator, 'job.list', {}, false, false],
    ['an admin registers a terminal for their institution', admin, 'terminal.manage', { institutionId: A }, true],
    ['an operator does not', operator, 'terminal.manage', { institutionId: A }, false, false],
    ['nor an admin of another institution', actor('institution_admin', B), 'terminal.manage', { institutionId: A }, false, false],
    ['an operator lists the institution’s terminals', operator, 'terminal.read', { institutionId: A }, true],
    ['a researcher does not', researcher, 'terminal.read', { institutionId: A }, false, false],
    ['an operator confirms an unbooked use', operator, 'terminal-session.decide', { institutionId: A }, true],
    ['not another institution’s', actor('operator', B), 'terminal-session.decide', { institutionId: A }, false, false],
    ['an auditor reads terminal sessions but decides none', auditor, 'terminal-session.read', { institutionId: A }, true],
    ['and decides none', auditor, 'terminal-session.decide', { institutionId: A }, false, false],
    ['the bureau reads cross-region statistics', bureau, 'statistics.cross-region', {}, true],
    ['so does a regional officer, every region’s', { ...bureau, region: 'CQ' }, 'statistics.cross-region', {}, true],
    ['auditors read them', auditor, 'statistics.cross-region', {}, true],
    ['auditors read the audit trail', auditor, 'audit.read', {}, true],
    ['so does the bureau', bureau, 'audit.read', {}, true],
    ['and a regional officer', { ...bureau, region: 'CQ' }, 'audit.read', {}, true],
    ['an institution admin does not', admin, 'audit.read', {}, false, false],
    ['nor an operator', operator, 'audit.read', {}, false, false],
    ['nor a researcher', researcher, 'audit.read', {}, false, false],
    ['an institution admin does not', admin, 'statistics.cross-region', {}, false, false],
    ['nor a researcher', researcher, 'statistics.cross-region', {}, false, false],
    ['the bureau retries any job', bureau, 'job.retry', { startedBy: 'other', institutionId: null, region: null }, true],
    ['an admin retries their institution’s job', admin, 'job.retry', { startedBy: 'other', institutionId: A, region: null }, true],
    ['an admin does not retry another institution’s job', admin, 'job.retry', { startedBy: 'other', institutionId: B, region: null }, false, false],
    ['an admin does not retry a platform-wide job', admin, 'job.retry', { startedBy: admin.userId, institutionId: null, region: null }, false, false],
    ['the starter alone does not retry', researcher, 'job.retry', { startedBy: researcher.userId, institutionId: null, region: null }, false, false],
    ['an auditor does not retry', auditor, 'job.retry', { startedBy: 'other', institutionId: null, region: null }, false, false],
    ['auditors read policies', auditor, 'policy.read', {}, true],
    ['admins do not', admin, 'policy.read', {}, false, false],
    ['an admin reads a published result', admin, 'subsidy-result.read', { published: true, region: 'CQ' }, true],
    ['not a draft one, which does not exist for them', admin, 'subsidy-result.read', { published: false, region: 'CQ' }, false, true],
    ['a researcher never', researcher, 'subsidy-result.read', { published: true, region: 'CQ' }, false, false],
    ['an admin prices own instruments', admin, 'rate.write', { institutionId: A }, true],
    ['not another institution’s, openly refused', actor('institution_admin', B), 'rate.write', { institutionId: A }, false, false],
    ['an operator does not price', operator, 'rate.write', { institutionId: A }, false, false],
    ['nor does the bureau', bureau, 'rate.write', { institutionId: A }, false, false],
    ['an admin sets own opening hours', admin, 'availability.write', { institutionId: A }, true],
    ['an operator does not', operator, 'availability.write', { institutionId: A }, false, false],
    ['another admin is refused openly', actor('institution_admin', B), 'availability.write', { institutionId: A }, false, false],
    ['an operator takes an instrument’s feed', operator, 'calendar.instrument-feed', { institutionId: A, region: 'CQ' }, true],
    ['the bureau does too', bureau, 'calendar.instrument-feed', { institutionId: A, region: 'CQ' }, true],
    ['not another institution’s staff', actor('operator', B), 'calendar.instrument-feed', { institutionId: A, region: 'CQ' }, false, false],
    ['nor a researcher', researcher, 'calendar.instrument-feed', { institutionId: A, region: 'CQ' }, false, false],
    ['an auditor takes no feed', auditor, 'calendar.instrument-feed', { institutionId: A, region: 'CQ' }, false, false],
    ['an operator enters usage', operator, 'usage.create', { institutionId: A }, true],
    ['an admin too', admin, 'usage.create', { institutionId: A }, true],
    ['not on another institution’s instrument', actor('operator', B), 'usage.create', { institutionId: A }, false, false],
    ['nor the bureau', bureau, 'usage.create', { institutionId: A }, false, false],
    ['the bureau issues vouchers', bureau, 'voucher.issue', { region: 'CQ' }, true],
    ['an admin does not', admin, 'voucher.issue', { region: 'CQ' }, false, false],
    ['an admin lists vouchers', admin, 'voucher.list', {}, true],
    ['an auditor too', auditor, 'voucher.list', {}, true],
    ['an operator does not', operator, 'voucher.list', {}, false, false],
    ['a researcher does not', researcher, 'voucher.list', {}, false, false],
    ['a researcher rates their own usage', researcher, 'feedback.create', { userId: researcher.userId }, true],
    ['not someone else’s, which does not exist for them', researcher, 'feedback.create', { userId: 'other' }, false, true],
    ['nor a missing one', researcher, 'feedback.create', { userId: null }, false, true],
    ['an operator never rates', operator, 'feedback.create', { userId: operator.userId }, false, false],
    ['nor the bureau, even someone else’s', bureau, 'feedback.create', { userId: 'other' }, false, false],
    ['a researcher sees their own booking', actor('researcher', B, 'me'), 'booking.read', { providerInstitutionId: A, userInstitutionId: B, userId: 'me', providerRegion: 'CQ', userRegion: 'CQ' }, true],
    ['not a colleague’s', researcher, 'booking.read', { providerInstitutionId: A, userInstitutionId: A, userId: 'colleague', providerRegion: 'CQ', userRegion: 'CQ' }, false, true],
    ['the provider’s operator sees it', operator, 'booking.read', { providerInstitutionId: A, userInstitutionId: B, userId: 'x', providerRegion: 'CQ', userRegion: 'CQ' }, true],
    ['the booker’s institution admin sees it', admin, 'booking.read', { providerInstitutionId: B, userInstitutionId: A, userId: 'x', providerRegion: 'CQ', userRegion: 'CQ' }, true],
    ['a third institution does not', actor('operator', 'inst-c'), 'booking.read', { providerInstitutionId: A, userInstitutionId: B, userId: 'x', providerRegion: 'CQ', userRegion: 'CQ' }, false, true],
    ['auditors see every booking', auditor, 'booking.read', { providerInstitutionId: A, userInstitutionId: B, userId: 'x', providerRegion: 'CQ', userRegion: 'CQ' }, true],
    ['the provider’s operator approves', operator, 'booking.manage', { providerInstitutionId: A, userId: 'x' }, true],
    ['the booker does not approve their own', actor('researcher', B, 'me'), 'booking.manage', { providerInstitutionId: A, userId: 'me' }, false, false],
    ['the booker’s own admin does not', actor('institution_admin', B), 'booking.manage', { providerInstitutionId: A, userId: 'x' }, false, false],
    ['nor the bureau', bureau, 'booking.manage', { providerInstitutionId: A, userId: 'x' }, false, false],
    ['an auditor never', auditor, 'booking.manage', { providerInstitutionId: A, userId: 'x' }, false, false],
    ['whoever booked cancels', actor('researcher', B, 'me'), 'booking.cancel', { providerInstitutionId: A, userId: 'me' }, true],
    ['the provider’s admin cancels', admin, 'booking.cancel', { providerInstitutionId: A, userId: 'x' }, true],
    ['a colleague does not', researcher, 'booking.cancel', { providerInstitutionId: B, userId: 'colleague' }, false, false],
    ['nor the bureau', bureau, 'booking.cancel', { providerInstitutionId: A, userId: 'x' }, false, false],
    ['nor an auditor', auditor, 'booking.cancel', { providerInstitutionId: A, userId: 'x' }, false, false],
    ['the lab’s operator accepts a sample order', operator, 'sample-order.manage', { providerInstitutionId: A, userId: 'x' }, true],
    ['the requester does not accept their own', actor('researcher', B, 'me'), 'sample-order.manage', { providerInstitutionId: A, userId: 'me' }, false, false],
    ['nor another institution’s operator', actor('operator', B), 'sample-order.manage', { providerInstitutionId: A, userId: 'x' }, false, false],
    ['nor the bureau', bureau, 'sample-order.manage', { providerInstitutionId: A, userId: 'x' }, false, false],
    ['nor an auditor', auditor, 'sample-order.manage', { providerInstitutionId: A, userId: 'x' }, false, false],
    ['the requester completes or cancels', actor('researcher', B, 'me'), 'sample-order.close', { providerInstitutionId: A, userId: 'me' }, true],
    ['the lab’s staff may for them', operator, 'sample-order.close', { providerInstitutionId: A, userId: 'x' }, true],
    ['a colleague may not', researcher, 'sample-order.close', { providerInstitutionId: B, userId: 'colleague' }, false, false],
    ['nor an auditor', auditor, 'sample-order.close', { providerInstitutionId: A, userId: 'x' }, false, false],
    ['the bureau imports for the platform', bureau, 'import.start', { institutionId: null }, true],
    ['an admin imports for their institution', admin, 'import.start', { institutionId: A }, true],
    ['not for another', admin, 'import.start', { institutionId: B }, false, false],
    ['nor for the platform', admin, 'import.start', { institutionId: null }, false, false],
    ['an operator does not import', operator, 'import.start', { institutionId: A }, false, false],
    ['nor an auditor', auditor, 'import.start', { institutionId: null }, false, false],
    ['a researcher books for their institution', researcher, 'booking.create', { institutionId: A }, true],
    ['an operator too', operator, 'booking.create', { institutionId: A }, true],
    ['not without an institution', actor('researcher', null), 'booking.create', { institutionId: null }, false, false],
    ['not for another institution', researcher, 'booking.create', { institutionId: B }, false, false],
    ['the bureau does not book', bureau, 'booking.create', { institutionId: null }, false, false],
    ['nor an auditor', auditor, 'booking.create', { institutionId: null }, false, false],
    ['a researcher sees their own usage at another institution', actor('researcher', B, 'me'), 'usage.read', { providerInstitutionId: A, userInstitutionId: B, userId: 'me', providerRegion: 'CQ', userRegion: 'CQ' }, true],
    ['not a colleague’s, which does not exist for them', researcher, 'usage.read', { providerInstitutionId: A, userInstitutionId: A, userId: 'colleague', providerRegion: 'CQ', userRegion: 'CQ' }, false, true],
    ['the user’s institution operator sees it', actor('operator', B), 'usage.read', { providerInstitutionId: A, userInstitutionId: B, userId: 'x', providerRegion: 'CQ', userRegion: 'CQ' }, true],
    ['a third institution does not', actor('institution_admin', 'inst-c'), 'usage.read', { providerInstitutionId: A, userInstitutionId: B, userId: 'x', providerRegion: 'CQ', userRegion: 'CQ' }, false, true],
    ['the bureau sees all usage', bureau, 'usage.read', { providerInstitutionId: A, userInstitutionId: B, userId: 'x', providerRegion: 'CQ', userRegion: 'CQ' }, true],
    ['an operator reads utilisation', operator, 'usage.monthly', {}, true],
    ['an auditor too', auditor, 'usage.monthly', {}, true],
    ['a researcher does not', researcher, 'usage.monthly', {}, false, false],
    ['the bureau creates any account', bureau, 'user.create', { institutionId: null, role: 'researcher', region: 'CQ' }, true],
    ['an admin creates their own institution’s', admin, 'user.create', { institutionId: A, role: 'researcher', region: 'CQ' }, true],
    ['not another’s', admin, 'user.create', { institutionId: B, role: 'researcher', region: 'CQ' }, false, false],
    ['nor one of no institution', admin, 'user.create', { institutionId: null, role: 'researcher', region: 'CQ' }, false, false],
    ['an operator creates none', operator, 'user.create', { institutionId: A, role: 'researcher', region: 'CQ' }, false, false],
    ['an auditor creates none', auditor, 'user.create', { institutionId: null, role: 'researcher', region: 'CQ' }, false, false],
    ['everyone sees their own account', actor('researcher', A, 'me'), 'user.read', { userId: 'me', institutionId: A, role: 'researcher', region: 'CQ' }, true],
    ['a researcher does not see a colleague', researcher, 'user.read', { userId: 'colleague', institutionId: A, role: 'researcher', region: 'CQ' }, false, false],
    ['an operator sees their institution’s people', operator, 'user.read', { userId: 'x', institutionId: A, role: 'researcher', region: 'CQ' }, true],
    ['not another institution’s', operator, 'user.read', { userId: 'x', institutionId: B, role: 'researcher', region: 'CQ' }, false, false],
    ['nor the bureau’s accounts', admin, 'user.read', { userId: 'x', institutionId: null, role: 'researcher', region: 'CQ' }, false, false],
    ['auditors see every account', auditor, 'user.read', { userId: 'x', institutionId: null, role: 'researcher', region: 'CQ' }, true],
    ['the bureau changes any account', bureau, 'user.update', { userId: 'x', institutionId: B, role: 'researcher', region: 'CQ' }, true],
    ['an admin changes their own institution’s', admin, 'user.update', { userId: 'x', institutionId: A, role: 'researcher', region: 'CQ' }, true],
    ['not another’s', admin, 'user.update', { userId: 'x', institutionId: B, role: 'researcher', region: 'CQ' }, false, false],
    ['nor an account of no institution', admin, 'user.update', { userId: 'x', institutionId: null, role: 'researcher', region: 'CQ' }, false, false],
    ['a researcher does not change even their own', actor('researcher', A, 'me'), 'user.update', { userId: 'me', institutionId: A, role: 'researcher', region: 'CQ' }, false, false],
    ['an auditor changes none', auditor, 'user.update', { userId: 'x', institutionId: null, role: 'researcher', region: 'CQ' }, false, false],
    // Voucher programmes (issue 16): the bureau of the issuing region runs them; applicants see their own.
    ['an SC officer opens an SC programme', { ...bureau, region: 'SC' }, 'voucher-programme.create', { issuingRegion: 'SC' }, true],
    ['a CQ officer does not', { ...bureau, region: 'CQ' }, 'voucher-programme.create', { issuingRegion: 'SC' }, false, false],
    ['a joint officer opens any region’s', bureau, 'voucher-programme.create', { issuingRegion: 'CQ' }, true],
    ['an admin applies for their institution', admin, 'voucher-application.create', { institutionId: A }, true],
    ['an operator does not apply', operator, 'voucher-application.create', { institutionId: A }, false, false],
    ['a CQ officer may not decide an SC application', { ...bureau, region: 'CQ' }, 'voucher-application.decide', { issuingRegion: 'SC' }, false, false],
    ['the SC officer decides it', { ...bureau, region: 'SC' }, 'voucher-application.decide', { issuingRegion: 'SC' }, true],
    ['an auditor decides none', auditor, 'voucher-application.decide', { issuingRegion: 'SC' }, false, false],
    ['a researcher reads their own application', researcher, 'voucher-application.read', { institutionId: A, userId: researcher.userId, issuingRegion: 'SC' }, true],
    ['not a colleague’s', researcher, 'voucher-application.read', { institutionId: A, userId: 'colleague', issuingRegion: 'SC' }, false, true],
    ['another institution’s admin finds nothing', actor('institution_admin', B), 'voucher-application.read', { institutionId: A, userId: 'x', issuingRegion: 'SC' }, false, true],
    ['a CQ officer is refused SC’s queue openly', { ...bureau, region: 'CQ' }, 'voucher-application.read', { institutionId: A, userId: 'x', issuingRegion: 'SC' }, false, false],
    ['a suspended researcher sees their own suspension', actor('researcher', A, 'me'), 'suspension.read', { institutionId: B, userId: 'me' }, true, false],
    ['but not someone else’s', actor('researcher', A, 'me'), 'suspension.read', { institutionId: B, userId: 'x' }, false, true],
    ['an operator sees their institution’s suspensions', operator, 'suspension.read', { institutionId: A, userId: 'x' }, true, false],
    ['an admin lifts their institution’s suspension', admin, 'suspension.lift', { institutionId: A, region: 'CQ' }, true, false],
    ['not another institution’s', admin, 'suspension.lift', { institutionId: B, region: 'CQ' }, false, false],
    ['an operator does not lift', operator, 'suspension.lift', { institutionId: A, region: 'CQ' }, false, false],
    ['an admin sets their institution’s no-show policy', admin, 'no-show-policy.write', { institutionId: A, region: 'CQ' }, true, false],
    ['a CQ officer lifts a CQ institution’s suspension', { ...bureau, region: 'CQ' }, 'suspension.lift', { institutionId: B, region: 'CQ' }, true, false],
    ['but not an SC one’s', { ...bureau, region: 'CQ' }, 'suspension.lift', { institutionId: B, region: 'SC' }, false, false],
    ['an admin reports their institution to the national platform', admin, 'national-report.read', { institutionId: A, region: 'CQ' }, true],
    ['not another institution', admin, 'national-report.read', { institutionId: B, region: 'CQ' }, false, false],
    ['a CQ officer checks a CQ institution’s report', { ...bureau, region: 'CQ' }, 'national-report.read', { institutionId: B, region: 'CQ' }, true],
    ['not an SC one’s', { ...bureau, region: 'CQ' }, 'national-report.read', { institutionId: B, region: 'SC' }, false, false],
    ['a joint officer any', bureau, 'national-report.read', { institutionId: B, region: 'SC' }, true],
    ['nor an operator', operator, 'national-report.read', { institutionId: A, region: 'CQ' }, false, false],
    ['an auditor reads them, as everything', auditor, 'national-report.read', { institutionId: A, region: 'CQ' }, true],
    ['a researcher does not', researcher, 'national-report.read', { institutionId: A, region: 'CQ' }, false, false],
    // Research groups and fund accounts (issue 18).
    ['an admin sets up a research group of their institution', admin, 'research-group.create', { institutionId: A }, true],
    ['not of another', admin, 'research-group.create', { institutionId: B }, false, false],
    ['a researcher does not set up groups', researcher, 'research-group.create', { institutionId: A }, false, false],
    ['a member reads their group', actor('researcher', A, 'm1'), 'research-group.read', { institutionId: A, piUserId: 'pi', memberUserIds: ['m1'] }, true],
    ['a colleague outside the group does not see it', actor('researcher', A, 'x'), 'research-group.read', { institutionId: A, piUserId: 'pi', memberUserIds: ['m1'] }, false, true],
    ['the admin reads the institution’s groups', admin, 'research-group.read', { institutionId: A, piUserId: 'pi', memberUserIds: [] }, true],
    ['another institution’s admin does not', actor('institution_admin', B), 'research-group.read', { institutionId: A, piUserId: 'pi', memberUserIds: [] }, false, true],
    ['the PI adds members', actor('researcher', A, 'pi'), 'research-group.members', { institutionId: A, piUserId: 'pi', memberUserIds: [] }, true],
    ['a member does not', actor('researcher', A, 'm1'), 'research-group.members', { institutionId: A, piUserId: 'pi', memberUserIds: ['m1'] }, false, false],
    ['the admin does', admin, 'research-group.members', { institutionId: A, piUserId: 'pi', memberUserIds: [] }, true],
    ['the PI sets the approval threshold', actor('researcher', A, 'pi'), 'fund-account.approval-rule', { institutionId: A, piUserId: 'pi', memberUserIds: [] }, true],
    ['so does the admin', admin, 'fund-account.approval-rule', { institutionId: A, piUserId: 'pi', memberUserIds: [] }, true],
    ['a member does not', actor('researcher', A, 'm1'), 'fund-account.approval-rule', { institutionId: A, piUserId: 'pi', memberUserIds: ['m1'] }, false, false],
    ['the PI decides on members’ bookings', actor('researcher', A, 'pi'), 'booking.pi-decide', { institutionId: A, piUserId: 'pi', memberUserIds: ['m1'] }, true],
    ['the admin does not decide for the PI', admin, 'booking.pi-decide', { institutionId: A, piUserId: 'pi', memberUserIds: [] }, false, false],
    ['nor does a member', actor('researcher', A, 'm1'), 'booking.pi-decide', { institutionId: A, piUserId: 'pi', memberUserIds: ['m1'] }, false, false],
    ['a PI who moved institution does not', actor('researcher', B, 'pi'), 'booking.pi-decide', { institutionId: A, piUserId: 'pi', memberUserIds: [] }, false, false],
    ['the admin opens fund accounts', admin, 'fund-account.write', { institutionId: A }, true],
    ['the PI does not set budgets', actor('researcher', A, 'pi'), 'fund-account.write', { institutionId: A }, false, false],
    ['a member pays from the group’s account', actor('researcher', A, 'm1'), 'fund-account.use', { institutionId: A, piUserId: 'pi', memberUserIds: ['m1'] }, true],
    ['so does the PI', actor('researcher', A, 'pi'), 'fund-account.use', { institutionId: A, piUserId: 'pi', memberUserIds: [] }, true],
    ['a non-member does not', actor('researcher', A, 'x'), 'fund-account.use', { institutionId: A, piUserId: 'pi', memberUserIds: ['m1'] }, false, false],
    ['nor the admin, who is not in the group', admin, 'fund-account.use', { institutionId: A, piUserId: 'pi', memberUserIds: [] }, false, false],
  ];

  // Rows are spread into one argument: a callback longer than a row would be taken for `done`.
  it.each(rows.map((r) => [r[0], r] as const))('%s', (_name, [, who, permission, object, allowed, hidden]) => {
    const decision = decide(who, permission, object);
    expect(decision.allowed).toBe(allowed);
    if (!decision.allowed) {
      expect(decision.hidden).toBe(hidden);
      // Both languages, the Chinese really Chinese.
      expect(decision.reason.en.length).toBeGreaterThan(0);
      expect(decision.reason.zh).toMatch(/[\u4e00-\u9fff]/);
    }
  });

  it('has a rule for every permission, and every write is a permission', () => {
    for (const p of WRITE_PERMISSIONS) expect(PERMISSIONS).toContain(p);
    for (const p of SELF_SERVICE_PERMISSIONS) expect(WRITE_PERMISSIONS).toContain(p);
    expect(new Set(PERMISSIONS).size).toBe(PERMISSIONS.length);
  });

  it('scopes a settlement by who runs it', () => {
    expect(settlementScopeOf(bureau)).toBeNull();
    expect(settlementScopeOf(admin)).toBe(A);
    for (const who of [researcher, operator, auditor]) expect(settlementScopeOf(who)).toBeUndefined();
    // What the scope says is exactly what settlement.run allows.
    for (const who of [bureau, admin]) expect(can(who, 'settlement.run', { providerInstitutionId: settlementScopeOf(who) as string | null, region: settlementRegionOf(who) })).toBe(true);
  });

  it('scopes a regional officer’s settlement to its region (issue 16)', () => {
    const cq: PermissionActor = { ...bureau, region: 'CQ' };
    expect(settlementRegionOf(cq)).toBe('CQ');
    expect(settlementRegionOf(bureau)).toBeNull();
    expect(settlementRegionOf(admin)).toBeNull();
    expect(can(cq, 'settlement.run', { providerInstitutionId: settlementScopeOf(cq) as null, region: settlementRegionOf(cq) })).toBe(true);
    expect(can(cq, 'settlement.run', { providerInstitutionId: null, region: null })).toBe(false);
    expect(can(cq, 'settlement.run', { providerInstitutionId: null, region: 'SC' })).toBe(false);
  });
});

// Arbitrary objects over a few institutions and users, so that ownership matches as often as not.
const institution = fc.constantFrom('inst-a', 'inst-b', 'inst-c');
const user = fc.constantFrom('u1', 'u2', 'u3');
const region = fc.constantFrom('CQ', 'SC');
const arbActor = fc.record({
  userId: user,
  role: fc.constantFrom(...PERMISSION_ROLES),
  institutionId: fc.option(institution, { nil: null }),
  region: fc.option(fc.constantFrom('CQ', 'SC'), { nil: null }),
  // Only a bureau officer has a region (a regional officer), or none (a joint officer).
}).map((a) => (a.role === 'bureau' ? { ...a, institutionId: null } : a.role === 'auditor' ? { ...a, institutionId: null, region: null } : { ...a, institutionId: a.institutionId ?? 'inst-a', region: null }));
const sharing = fc.constantFrom('open' as const, 'internal' as const, 'suspended' as const);
const objects: { [P in Permission]: fc.Arbitrary<PermissionObjects[P]> } = {
  'institution.create': fc.record({ region: fc.option(region, { nil: null }) }),
  'institution.read': fc.record({ institutionId: institution }),
  'institution.update': fc.record({ institutionId: institution, region: fc.option(region, { nil: null }) }),
  'instrument.create': fc.record({ institutionId: institution }),
  'instrument.read': fc.record({ institutionId: institution, sharingStatus: sharing }),
  'instrument.update': fc.record({ institutionId: institution, sharingStatus: sharing }),
  'blackout.read': fc.record({ institutionId: institution, sharingStatus: sharing }),
  'blackout.write': fc.record({ institutionId: institution, sharingStatus: sharing }),
  'qualification.read': fc.record({ institutionId: institution, userId: fc.option(user, { nil: null }) }),
  'qualification.write': fc.record({ institutionId: institution, userId: fc.option(user, { nil: null }) }),
  'statement.read': fc.record({ providerInstitutionId: institution, payerInstitutionId: institution, providerRegion: fc.option(region, { nil: null }), payerRegion: fc.option(region, { nil: null }) }),
  'statement.read-lines': fc.record({ providerInstitutionId: institution, payerInstitutionId: institution, providerRegion: fc.option(region, { nil: null }), payerRegion: fc.option(region, { nil: null }) }),
  'statement.issue': fc.record({ providerInstitutionId: institution, payerInstitutionId: institution, providerRegion: fc.option(region, { nil: null }), payerRegion: fc.option(region, { nil: null }) }),
  'statement.pay': fc.record({ providerInstitutionId: institution, payerInstitutionId: institution, providerRegion: fc.option(region, { nil: null }), payerRegion: fc.option(region, { nil: null }) }),
  'settlement.run': fc.record({ providerInstitutionId: fc.option(institution, { nil: null }), region: fc.option(region, { nil: null }) }),
  'settlement.list': fc.constant({}),
  'job.read': fc.record({ startedBy: fc.option(user, { nil: null }), institutionId: fc.option(institution, { nil: null }), region: fc.option(region, { nil: null }) }),
  'job.list': fc.constant({}),
  'job.retry': fc.record({ startedBy: fc.option(user, { nil: null }), institutionId: fc.option(institution, { nil: null }), region: fc.option(region, { nil: null }) }),
  'policy.write': fc.record({ region: fc.option(region, { nil: null }) }),
  'policy.read': fc.constant({}),
  'policy.use': fc.record({ region: fc.option(region, { nil: null }) }),
  'subsidy-run.write': fc.record({ region: fc.option(region, { nil: null }) }),
  'subsidy-run.read': fc.record({ region: fc.option(region, { nil: null }) }),
  'subsidy-result.read': fc.record({ published: fc.boolean(), region: fc.option(region, { nil: null }) }),
  'rate.write': fc.record({ institutionId: institution }),
  'availability.write': fc.record({ institutionId: institution }),
  'calendar.instrument-feed': fc.record({ institutionId: institution, region: fc.option(region, { nil: null }) }),
  'usage.create': fc.record({ institutionId: institution }),
  'voucher.issue': fc.record({ region: fc.option(region, { nil: null }) }),
  'voucher.list': fc.constant({}),
  'feedback.create': fc.record({ userId: fc.option(user, { nil: null }) }),
  'booking.read': fc.record({ providerInstitutionId: institution, userInstitutionId: fc.option(institution, { nil: null }), userId: user, providerRegion: fc.option(region, { nil: null }), userRegion: fc.option(region, { nil: null }) }),
  'booking.manage': fc.record({ providerInstitutionId: institution, userId: user }),
  'booking.cancel': fc.record({ providerInstitutionId: institution, userId: user }),
  'sample-order.manage': fc.record({ providerInstitutionId: institution, userId: user }),
  'sample-order.close': fc.record({ providerInstitutionId: institution, userId: user }),
  'usage.read': fc.record({ providerInstitutionId: institution, userInstitutionId: fc.option(institution, { nil: null }), userId: user, providerRegion: fc.option(region, { nil: null }), userRegion: fc.option(region, { nil: null }) }),
  'usage.monthly': fc.constant({}),
  'statistics.cross-region': fc.constant({}),
  'booking.create': fc.record({ institutionId: fc.option(institution, { nil: null }) }),
  'import.start': fc.record({ institutionId: fc.option(institution, { nil: null }) }),
  'user.create': fc.record({ institutionId: fc.option(institution, { nil: null }), role: fc.constantFrom(...PERMISSION_ROLES), region: fc.option(region, { nil: null }) }),
  'user.read': fc.record({ userId: user, institutionId: fc.option(institution, { nil: null }), role: fc.constantFrom(...PERMISSION_ROLES), region: fc.option(region, { nil: null }) }),
  'user.update': fc.record({ userId: user, institutionId: fc.option(institution, { nil: null }), role: fc.constantFrom(...PERMISSION_ROLES), region: fc.option(region, { nil: null }) }),
  'voucher-claim.create': fc.record({ institutionId: institution }),
  'voucher-claim.read': fc.record({ claimantInstitutionId: institution, issuingRegion: region }),
  'voucher-claim.decide': fc.record({ claimantInstitutionId: institution, issuingRegion: region }),
  'voucher-ledger.read': fc.record({ issuingRegion: region }),
  'voucher-programme.create': fc.record({ issuingRegion: region }),
  'voucher-programme.read': fc.constant({}),
  'voucher-application.create': fc.record({ institutionId: fc.option(institution, { nil: null }) }),
  'voucher-application.read': fc.record({ institutionId: institution, userId: user, issuingRegion: region }),
  'voucher-application.decide': fc.record({ issuingRegion: region }),
  'suspension.read': fc.record({ institutionId: institution, userId: user }),
  'suspension.lift': fc.record({ institutionId: institution, region: fc.option(region, { nil: null }) }),
  'no-show-policy.write': fc.record({ institutionId: institution, region: fc.option(region, { nil: null }) }),
  'webhook.manage': fc.record({ institutionId: institution }),
  'webhook.read': fc.record({ institutionId: institution }),
  'delivery.list': fc.constant({}),
  'terminal.manage': fc.record({ institutionId: institution }),
  'terminal.read': fc.record({ institutionId: institution }),
  'terminal-session.read': fc.record({ institutionId: institution }),
  'terminal-session.decide': fc.record({ institutionId: institution }),
  'national-report.read': fc.record({ institutionId: institution, region: fc.option(region, { nil: null }) }),
  'research-group.create': fc.record({ institutionId: institution }),
  'research-group.read': fc.record({ institutionId: institution, piUserId: user, memberUserIds: fc.array(user, { maxLength: 3 }) }),
  'research-group.members': fc.record({ institutionId: institution, piUserId: user, memberUserIds: fc.array(user, { maxLength: 3 }) }),
  'fund-account.write': fc.record({ institutionId: institution }),
  'fund-account.use': fc.record({ institutionId: institution, piUserId: user, memberUserIds: fc.array(user, { maxLength: 3 }) }),
  'fund-account.approval-rule': fc.record({ institutionId: institution, piUserId: user, memberUserIds: fc.array(user, { maxLength: 3 }) }),
  'booking.pi-decide': fc.record({ institutionId: institution, piUserId: user, memberUserIds: fc.array(user, { maxLength: 3 }) }),
  'audit.read': fc.constant({}),
};
const request = fc.constantFrom(...PERMISSIONS).chain((permission) =>
  fc.tuple(fc.constant(permission), objects[permission] as fc.Arbitrary<PermissionObjects[Permission]>));

/** The institutions an object belongs to (null: a platform-wide object). */
function owners(object: PermissionObjects[Permission]): string[] | null {
  const o = object as Record<string, unknown>;
  const ids = [o.institutionId, o.providerInstitutionId, o.payerInstitutionId, o.userInstitutionId].filter((v): v is string => typeof v === 'string');
  return ids.length ? ids : 'institutionId' in o || 'providerInstitutionId' in o ? [] : null;
}

describe('permission properties', () => {
  it('an auditor can never write', () => {
    fc.assert(fc.property(arbActor, request, (a, [permission, object]) => {
      fc.pre(WRITE_PERMISSIONS.includes(permission));
      // The exceptions, kept from the service it replaced: whoever booked may cancel their booking (and
      // whoever sent samples complete or cancel their order)
      // (an auditor cannot book, so this is only a user whose role changed since).
      fc.pre(!((permission === 'booking.cancel' || permission === 'sample-order.close') && (object as { userId?: unknown }).userId === a.userId));
      expect(can({ ...a, role: 'auditor', institutionId: null }, permission, object)).toBe(false);
    }), { numRuns: 2000 });
  });

  it('a non-bureau actor never writes on another institution’s objects, nor on the platform', () => {
    fc.assert(fc.property(arbActor, request, (a, [permission, object]) => {
      fc.pre(a.role !== 'bureau' && WRITE_PERMISSIONS.includes(permission));
      // A self-service write on a record about the caller is the next property's.
      fc.pre(!(SELF_SERVICE_PERMISSIONS.includes(permission) && (object as { userId?: unknown }).userId === a.userId));
      const own = owners(object);
      if (own === null || own.length === 0 || !own.includes(a.institutionId as string)) expect(can(a, permission, object)).toBe(false);
    }), { numRuns: 5000 });
  });

  it('a self-service write on someone else’s record is allowed only to the staff of the record’s institution', () => {
    fc.assert(fc.property(arbActor, request, (a, [permission, object]) => {
      fc.pre(SELF_SERVICE_PERMISSIONS.includes(permission) && (object as { userId?: unknown }).userId !== a.userId);
      if (!can(a, permission, object)) return;
      expect(['institution_admin', 'operator']).toContain(a.role);
      expect(owners(object)).toContain(a.institutionId);
    }), { numRuns: 3000 });
  });

  it('a non-bureau, non-auditor actor reads another institution’s objects only when they are public or about themselves', () => {
    fc.assert(fc.property(arbActor, request, (a, [permission, object]) => {
      fc.pre(a.role !== 'bureau' && a.role !== 'auditor' && !WRITE_PERMISSIONS.includes(permission));
      const own = owners(object);
      fc.pre(own !== null && own.length > 0 && !own.includes(a.institutionId as string));
      if (!can(a, permission, object)) return;
      const o = object as Record<string, unknown>;
      const publicObject = permission === 'institution.read' || o.sharingStatus === 'open';
      const aboutThemselves = o.userId === a.userId || o.startedBy === a.userId;
      expect(publicObject || aboutThemselves).toBe(true);
    }), { numRuns: 5000 });
  });

  it('the bureau and auditors read everything; nothing is hidden from them', () => {
    fc.assert(fc.property(request, fc.constantFrom(bureau, auditor), ([permission, object], who) => {
      const d = decide(who, permission, object);
      if (!WRITE_PERMISSIONS.includes(permission)) expect(d.allowed).toBe(true);
      if (!d.allowed) expect(d.hidden).toBe(false);
    }), { numRuns: 1000 });
  });

  it('refusals hide only reads: a write is refused openly or because the object is not visible at all', () => {
    fc.assert(fc.property(arbActor, request, (a, [permission, object]) => {
      const d = decide(a, permission, object);
      if (d.allowed || !d.hidden || !WRITE_PERMISSIONS.includes(permission)) return;
      // A write hidden as 404 is on an instrument the caller cannot even read, or on a record about someone else.
      if (SELF_SERVICE_PERMISSIONS.includes(permission)) expect((object as { userId: unknown }).userId).not.toBe(a.userId);
      else expect(can(a, 'instrument.read', object as PermissionObjects['instrument.read'])).toBe(false);
    }), { numRuns: 3000 });
  });
});
