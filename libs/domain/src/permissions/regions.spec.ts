import fc from 'fast-check';
import { bureauOfRegion, can, decide, isJointOfficer, isRegionalOfficer, isRegionCode, Permission, PermissionActor, PermissionObjects, PERMISSION_ROLES } from './index';

const officer = (region: string | null): PermissionActor => ({ userId: 'u', role: 'bureau', institutionId: null, region });
const region = fc.stringMatching(/^[A-Z]{2,8}$/);
const regionOrNull = fc.option(region, { nil: null });

describe('regional bureaus', () => {
  it.each([
    ['a joint officer is the bureau of CQ', officer(null), 'CQ', true],
    ['and of the whole platform', officer(null), null, true],
    ['a CQ officer is the bureau of CQ', officer('CQ'), 'CQ', true],
    ['not of SC', officer('CQ'), 'SC', false],
    ['nor of the whole platform', officer('CQ'), null, false],
    ['an admin is no bureau', { userId: 'u', role: 'institution_admin', institutionId: 'i', region: null } as PermissionActor, 'CQ', false],
    ['nor an auditor', { userId: 'u', role: 'auditor', institutionId: null, region: null } as PermissionActor, null, false],
  ])('%s', (_name, a, r, expected) => {
    expect(bureauOfRegion(a, r)).toBe(expected);
  });

  it('a joint officer is the bureau of every region; a regional one of exactly its own', () => {
    fc.assert(fc.property(regionOrNull, regionOrNull, (own, target) => {
      const a = officer(own);
      expect(bureauOfRegion(a, target)).toBe(own === null || own === target);
      expect(isJointOfficer(a)).toBe(own === null);
      expect(isRegionalOfficer(a)).toBe(own !== null);
    }));
  });

  it('no other role is ever the bureau of anything, whatever region it carries', () => {
    fc.assert(fc.property(fc.constantFrom(...PERMISSION_ROLES.filter((r) => r !== 'bureau')), regionOrNull, regionOrNull, (role, own, target) => {
      const a: PermissionActor = { userId: 'u', role, institutionId: null, region: own };
      expect(bureauOfRegion(a, target)).toBe(false);
      expect(isJointOfficer(a)).toBe(false);
    }));
  });

  it('region codes are 2–8 capital letters', () => {
    expect(['CQ', 'SC', 'ABCDEFGH'].every(isRegionCode)).toBe(true);
    expect(['', 'C', 'cq', 'ABCDEFGHI', 'C1', ' CQ', null, 12].some(isRegionCode)).toBe(false);
  });
});

describe('accounts under regional bureaus', () => {
  const cq = officer('CQ');
  const joint = officer(null);
  it.each([
    ['a joint officer creates a CQ officer', joint, { institutionId: null, role: 'bureau', region: 'CQ' }, true],
    ['and an auditor', joint, { institutionId: null, role: 'auditor', region: null }, true],
    ['a CQ officer creates no bureau officer, not even of CQ', cq, { institutionId: null, role: 'bureau', region: 'CQ' }, false],
    ['nor a joint one', cq, { institutionId: null, role: 'bureau', region: null }, false],
    ['nor an auditor', cq, { institutionId: null, role: 'auditor', region: null }, false],
    ['a CQ officer creates an admin of a CQ institution', cq, { institutionId: 'i-cq', role: 'institution_admin', region: 'CQ' }, true],
    ['not of an SC institution', cq, { institutionId: 'i-sc', role: 'researcher', region: 'SC' }, false],
    ['nor of an institution with no region', cq, { institutionId: 'i-x', role: 'researcher', region: null }, false],
  ] as const)('%s', (_name, a, o, expected) => {
    expect(can(a, 'user.create', o)).toBe(expected);
    expect(can(a, 'user.update', { userId: 'x', ...o })).toBe(expected);
  });

  it('a regional officer manages exactly the institution accounts of its own region', () => {
    fc.assert(fc.property(region, fc.constantFrom(...PERMISSION_ROLES), regionOrNull, (own, role, target) => {
      const o = { institutionId: 'i', role, region: target };
      const expected = role !== 'bureau' && role !== 'auditor' && target === own;
      expect(can(officer(own), 'user.create', o)).toBe(expected);
      expect(decide(officer(own), 'user.update', { userId: 'x', ...o }).allowed).toBe(expected);
      expect(can(officer(null), 'user.create', o)).toBe(true);
    }));
  });
});

describe('every bureau permission obeys the region (the table in rules.ts)', () => {
  const cq = officer('CQ');
  const joint = officer(null);
  const CQ = 'CQ';
  const SC = 'SC';
  const stmt = (providerRegion: string | null, payerRegion: string | null) => ({ providerInstitutionId: 'p', payerInstitutionId: 'q', providerRegion, payerRegion });
  const record = (providerRegion: string | null, userRegion: string | null) => ({ providerInstitutionId: 'p', userInstitutionId: 'q', userId: 'x', providerRegion, userRegion });
  // [what, permission, object, the CQ officer allowed, hidden when refused]
  const rows: [string, Permission, PermissionObjects[Permission], boolean, boolean?][] = [
    ['creates a CQ institution', 'institution.create', { region: CQ }, true],
    ['not an SC one', 'institution.create', { region: SC }, false, false],
    ['nor one of no region', 'institution.create', { region: null }, false, false],
    ['updates a CQ institution', 'institution.update', { institutionId: 'i', region: CQ }, true],
    ['not an SC one', 'institution.update', { institutionId: 'i', region: SC }, false, false],
    ['reads every institution', 'institution.read', { institutionId: 'i' }, true],
    ['reads an internal instrument anywhere (the catalogue)', 'instrument.read', { institutionId: 'i', sharingStatus: 'internal' }, true],
    ['writes CQ policies', 'policy.write', { region: CQ }, true],
    ['not SC ones', 'policy.write', { region: SC }, false, false],
    ['nor platform-wide ones', 'policy.write', { region: null }, false, false],
    ['runs a platform-wide policy', 'policy.use', { region: null }, true],
    ['and its own region’s', 'policy.use', { region: CQ }, true],
    ['never another region’s', 'policy.use', { region: SC }, false, false],
    ['reads the policies', 'policy.read', {}, true],
    ['runs a subsidy over CQ', 'subsidy-run.write', { region: CQ }, true],
    ['not over SC', 'subsidy-run.write', { region: SC }, false, false],
    ['nor over every region', 'subsidy-run.write', { region: null }, false, false],
    ['compares CQ runs', 'subsidy-run.read', { region: CQ }, true],
    ['an SC run does not exist for it', 'subsidy-run.read', { region: SC }, false, true],
    ['reads a published SC run', 'subsidy-result.read', { published: true, region: SC }, true],
    ['and a draft CQ run', 'subsidy-result.read', { published: false, region: CQ }, true],
    ['not a draft SC run, which does not exist for it', 'subsidy-result.read', { published: false, region: SC }, false, true],
    ['settles the providers of CQ', 'settlement.run', { providerInstitutionId: null, region: CQ }, true],
    ['not of SC', 'settlement.run', { providerInstitutionId: null, region: SC }, false, false],
    ['nor of the whole platform', 'settlement.run', { providerInstitutionId: null, region: null }, false, false],
    ['reads a CQ job', 'job.read', { startedBy: 'other', institutionId: null, region: CQ }, true],
    ['and its own', 'job.read', { startedBy: 'u', institutionId: null, region: null }, true],
    ['not an SC job', 'job.read', { startedBy: 'other', institutionId: null, region: SC }, false, true],
    ['nor a platform-wide one', 'job.read', { startedBy: 'other', institutionId: null, region: null }, false, true],
    ['retries a CQ job', 'job.retry', { startedBy: 'other', institutionId: null, region: CQ }, true],
    ['not an SC one', 'job.retry', { startedBy: 'other', institutionId: null, region: SC }, false, false],
    ['reads a statement a CQ provider issued', 'statement.read', stmt(CQ, SC), true],
    ['or a CQ payer pays', 'statement.read-lines', stmt(SC, CQ), true],
    ['not one between two SC institutions, which does not exist for it', 'statement.read', stmt(SC, SC), false, true],
    ['issues a CQ provider’s statement', 'statement.issue', stmt(CQ, SC), true],
    ['not an SC provider’s, even to a CQ payer', 'statement.pay', stmt(SC, CQ), false, false],
    ['issues vouchers to CQ holders', 'voucher.issue', { region: CQ }, true],
    ['not to SC holders', 'voucher.issue', { region: SC }, false, false],
    ['lists vouchers (its region’s, by the service)', 'voucher.list', {}, true],
    ['takes a CQ instrument’s feed', 'calendar.instrument-feed', { institutionId: 'i', region: CQ }, true],
    ['not an SC one', 'calendar.instrument-feed', { institutionId: 'i', region: SC }, false, false],
    ['does not import a platform bundle', 'import.start', { institutionId: null }, false, false],
    ['reads a booking a CQ institution provides', 'booking.read', record(CQ, SC), true],
    ['or a CQ user made', 'usage.read', record(SC, CQ), true],
    ['not one between SC institutions', 'booking.read', record(SC, SC), false, true],
    ['reads aggregate utilisation', 'usage.monthly', {}, true],
    ['reads accounts of CQ', 'user.read', { userId: 'x', institutionId: 'i', role: 'researcher', region: CQ }, true],
    ['and of other bureau officers', 'user.read', { userId: 'x', institutionId: null, role: 'bureau', region: SC }, true],
    ['not of SC institutions', 'user.read', { userId: 'x', institutionId: 'i', role: 'researcher', region: SC }, false, false],
  ];
  it('gives a CQ officer exactly the rows’ outcomes, and a joint officer every row', () => {
    const mismatches: string[] = [];
    for (const [what, permission, object, allowed, hidden] of rows) {
      const d = decide(cq, permission, object);
      if (d.allowed !== allowed) mismatches.push(`a CQ officer ${what} (${permission}): expected ${allowed}`);
      if (!d.allowed && (d.hidden !== hidden || !d.reason)) mismatches.push(`a CQ officer ${what} (${permission}): hidden ${d.hidden}, reason "${d.reason}"`);
      if (!can(joint, permission, object)) mismatches.push(`a joint officer is refused where a CQ officer ${what} (${permission})`);
    }
    expect(mismatches).toEqual([]);
  });

  it('a regional officer never gets more than a joint officer, and gets exactly its own region of what is regional', () => {
    const regional = new Set<Permission>(['institution.create', 'policy.write', 'subsidy-run.write', 'voucher.issue']);
    fc.assert(fc.property(region, fc.constantFrom(...regional), regionOrNull, (own, permission, target) => {
      const o = { region: target } as PermissionObjects[typeof permission];
      expect(can(officer(own), permission, o)).toBe(target === own);
      expect(can(officer(null), permission, o)).toBe(true);
    }));
  });

  it('refusals across regions name both regions', () => {
    const d = decide(cq, 'institution.create', { region: SC });
    expect(d.allowed).toBe(false);
    if (!d.allowed) expect(d.reason.en).toMatch(/CQ[\s\S]*SC/);
  });
});
