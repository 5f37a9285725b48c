import { decide, PermissionActor } from './rules';

/** Reimbursement claims and the programme ledger (issue 16): the issuing region's bureau decides, a claimant reads its own. */
const actor = (role: PermissionActor['role'], institutionId: string | null = null, region: string | null = null): PermissionActor => ({ userId: `u-${role}`, role, institutionId, region });
const joint = actor('bureau');
const cq = actor('bureau', null, 'CQ');
const sc = actor('bureau', null, 'SC');
const admin = actor('institution_admin', 'inst-a');
const operator = actor('operator', 'inst-a');
const researcher = actor('researcher', 'inst-a');
const auditor = actor('auditor');
const claimOfA = { claimantInstitutionId: 'inst-a', issuingRegion: 'SC' };
const claimOfB = { claimantInstitutionId: 'inst-b', issuingRegion: 'SC' };

describe('voucher claim permissions', () => {
  it('only an institution admin files a claim, for their own institution', () => {
    expect(decide(admin, 'voucher-claim.create', { institutionId: 'inst-a' }).allowed).toBe(true);
    expect(decide(admin, 'voucher-claim.create', { institutionId: 'inst-b' }).allowed).toBe(false);
    for (const who of [operator, researcher, joint, sc, auditor]) expect(decide(who, 'voucher-claim.create', { institutionId: 'inst-a' }).allowed).toBe(false);
  });

  it('the issuing region’s officer and joint officers decide; another region’s officer is refused openly', () => {
    expect(decide(sc, 'voucher-claim.decide', claimOfA).allowed).toBe(true);
    expect(decide(joint, 'voucher-claim.decide', claimOfA).allowed).toBe(true);
    expect(decide(cq, 'voucher-claim.decide', claimOfA)).toMatchObject({ allowed: false, hidden: false });
    for (const who of [admin, operator, researcher, auditor]) expect(decide(who, 'voucher-claim.decide', claimOfA).allowed).toBe(false);
  });

  it('the claimant’s staff, the issuing bureau and auditors read a claim; another institution’s is hidden, another region’s refused', () => {
    for (const who of [admin, operator, sc, joint, auditor]) expect(decide(who, 'voucher-claim.read', claimOfA).allowed).toBe(true);
    expect(decide(researcher, 'voucher-claim.read', claimOfA)).toMatchObject({ allowed: false, hidden: true });
    expect(decide(admin, 'voucher-claim.read', claimOfB)).toMatchObject({ allowed: false, hidden: true });
    expect(decide(cq, 'voucher-claim.read', claimOfA)).toMatchObject({ allowed: false, hidden: false });
  });

  it('a programme’s ledger is its issuing bureau’s (and joint officers’ and auditors’)', () => {
    for (const who of [sc, joint, auditor]) expect(decide(who, 'voucher-ledger.read', { issuingRegion: 'SC' }).allowed).toBe(true);
    for (const who of [cq, admin, operator, researcher]) expect(decide(who, 'voucher-ledger.read', { issuingRegion: 'SC' }).allowed).toBe(false);
  });
});
