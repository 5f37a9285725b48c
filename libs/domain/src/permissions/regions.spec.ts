import fc from 'fast-check';
import { bureauOfRegion, can, decide, isJointOfficer, isRegionalOfficer, isRegionCode, PermissionActor, PERMISSION_ROLES } from './index';

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
