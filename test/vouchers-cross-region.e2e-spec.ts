import { Client } from 'pg';
import { api, bureauToken, expectError, testEnv } from './support/api';
import { createInstitution, createRegionalOfficer, createUser } from './support/factories';
import { readSheet } from './support/xlsx';
import {
  approvedVoucher, hourlyInstrument, ok, programmeBody, settle, shanghaiMonth, Signed, statementBetween, useInstrument,
} from './support/voucher-flow';

/**
 * Issue 16's acceptance story, end to end through HTTP: two regional bureaus on one platform, a
 * Sichuan programme spendable in Chongqing, from application to reimbursement — once provider-redeemed
 * (通兑: drawn at settlement, claimed by the provider) and once holder-reimbursed (通用: the holder pays
 * in full and claims the covered part of its paid statement).
 */

/** policy.md: a use covers min(roundHalfUp(amount × coverBps / 10000), perUseCap, remaining balance). */
const cover = (amountFen: number, coverBps: number, balanceFen: number) => Math.min(Math.floor((amountFen * coverBps + 5000) / 10000), balanceFen);

describe('innovation vouchers across the Sichuan–Chongqing border (issue 16)', () => {
  let joint: string;
  let cq: Signed;
  let sc: Signed;
  let provider: any;
  let providerAdmin: Signed;
  let operator: Signed;
  let enterprise: any;
  let holderAdmin: Signed;
  let researcher: Signed;
  let instruments: any[];
  /** A second CQ provider for the holder-reimbursed story: its statement to the enterprise is a fresh one. */
  let provider2: any;
  let provider2Admin: Signed;
  let operator2: Signed;
  let instrument2: any;

  beforeAll(async () => {
    joint = await bureauToken();
    [cq, sc] = await Promise.all([createRegionalOfficer(joint, 'CQ'), createRegionalOfficer(joint, 'SC')]);
    provider = await createInstitution(cq.token, { name: '重庆嘉陵理工大学', kind: 'university', region: 'CQ' });
    enterprise = await createInstitution(sc.token, { name: '成都蜀锦新材料有限公司', kind: 'enterprise', region: 'SC' });
    [providerAdmin, operator] = await Promise.all([createUser(cq.token, 'institution_admin', provider.code), createUser(cq.token, 'operator', provider.code)]);
    [holderAdmin, researcher] = await Promise.all([createUser(sc.token, 'institution_admin', enterprise.code), createUser(sc.token, 'researcher', enterprise.code)]);
    instruments = [await hourlyInstrument(providerAdmin)];
    provider2 = await createInstitution(cq.token, { name: '重庆两江分析测试研究院', kind: 'institute', region: 'CQ' });
    [provider2Admin, operator2] = await Promise.all([createUser(cq.token, 'institution_admin', provider2.code), createUser(cq.token, 'operator', provider2.code)]);
    instrument2 = await hourlyInstrument(provider2Admin);
  }, 120000);

  it('provider-redeemed (通兑): apply, approve, use in CQ, draw at settlement, the CQ provider claims from SC, SC approves and pays', async () => {
    // The SC officer opens a programme for enterprises, spendable in CQ; its issuing region is the officer's own.
    const programme = ok(await api('POST', '/voucher-programmes', {
      token: sc.token, body: programmeBody({ applicantKinds: ['enterprise'], providerRegions: ['CQ'], coverBps: 6000 }),
    }), 201, 'programme');
    expect(programme.issuingRegion).toBe('SC');

    // The enterprise's researcher applies; the CQ officer cannot decide an SC application, the SC officer approves.
    const application = ok(await api('POST', '/voucher-applications', { token: researcher.token, body: { programmeId: programme.id, amountFen: 15000, project: '隔膜孔隙率与形貌表征' } }), 201, 'apply');
    expectError(await api('POST', `/voucher-applications/${application.id}/approve`, { token: cq.token, body: { amountFen: 15000 } }), 403, 'FORBIDDEN');
    const approved = ok(await api('POST', `/voucher-applications/${application.id}/approve`, { token: sc.token, body: { amountFen: 15000 } }), 200, 'approve');
    expect(approved).toMatchObject({ state: 'approved', approvedFen: 15000 });
    expectError(await api('POST', `/voucher-applications/${application.id}/approve`, { token: sc.token, body: { amountFen: 15000 } }), 409);

    // Books and uses a CQ instrument with the voucher; settled: 30 minutes at 40,000 fen an hour = 20,000 fen,
    // of which the voucher covers min(roundHalfUp(20,000 × 6,000 / 10,000), 15,000) = 12,000.
    const record = await useInstrument(researcher, operator, instruments[0], approved.voucherId);
    const month = shanghaiMonth(record.start);
    await settle(providerAdmin.token, month);
    const charges = ok(await api('GET', `/charges?period=${month}&pageSize=200`, { token: providerAdmin.token }), 200, 'charges').items as any[];
    const charge = charges.find((c) => c.usageId === record.id);
    const drawn = cover(20000, 6000, 15000);
    expect(drawn).toBe(12000);
    expect(charge).toMatchObject({ amountFen: 20000, voucherId: approved.voucherId, voucherFen: drawn, payableFen: 20000 - drawn });

    // A draft statement may still be recomputed: nothing is claimable until it is issued.
    const nothingYet = await api('POST', '/voucher-claims', { token: providerAdmin.token, body: { kind: 'provider', month, issuingRegion: 'SC' } });
    expectError(nothingYet, 422, 'RULE_VIOLATION');
    expect(nothingYet.body.error.details.draftCharges).toBeGreaterThanOrEqual(1);
    const claimable = async () => ok(await api('GET', `/voucher-claims/claimable?month=${month}`, { token: providerAdmin.token }), 200, 'claimable');
    expect(await claimable()).toEqual([{ issuingRegion: 'SC', lines: 0, availableFen: 0, draftCharges: 1 }]);
    const statement = await statementBetween(providerAdmin, month, provider.id, enterprise.id);
    ok(await api('POST', `/statements/${statement.id}/issue`, { token: providerAdmin.token }), 200, 'issue statement');
    // What the provider may claim this month, by issuing bureau.
    expect(await claimable()).toEqual([{ issuingRegion: 'SC', lines: 1, availableFen: drawn, draftCharges: 0 }]);

    // More than was drawn is 422, naming both figures; nothing is stored.
    const tooMuch = await api('POST', '/voucher-claims', { token: providerAdmin.token, body: { kind: 'provider', month, issuingRegion: 'SC', amountFen: drawn + 1 } });
    expectError(tooMuch, 422, 'RULE_VIOLATION');
    expect(tooMuch.body.error.details).toMatchObject({ rules: [expect.objectContaining({ rule: 'claim-exceeds-drawn' })], requestedFen: drawn + 1, availableFen: drawn });
    // In 元 by default (issue 21); the English names the fen.
    const yuan = (fen: number) => `${Math.floor(fen / 100)}.${String(fen % 100).padStart(2, '0')}`;
    expect(tooMuch.body.error.message).toContain(`${yuan(drawn + 1)} 元`);
    expect(tooMuch.body.error.message).toContain(`${yuan(drawn)} 元`);
    const tooMuchEn = await api('POST', '/voucher-claims', { token: providerAdmin.token, body: { kind: 'provider', month, issuingRegion: 'SC', amountFen: drawn + 1 }, headers: { 'accept-language': 'en' } });
    expect(tooMuchEn.body.error.message).toContain(String(drawn + 1));
    // Nothing was drawn on CQ programmes.
    expectError(await api('POST', '/voucher-claims', { token: providerAdmin.token, body: { kind: 'provider', month, issuingRegion: 'CQ' } }), 422, 'RULE_VIOLATION');
    // Only the provider's admin claims.
    expectError(await api('POST', '/voucher-claims', { token: operator.token, body: { kind: 'provider', month, issuingRegion: 'SC' } }), 403, 'FORBIDDEN');

    // The CQ provider claims it from the SC bureau: one line, the charge.
    const claim = ok(await api('POST', '/voucher-claims', { token: providerAdmin.token, body: { kind: 'provider', month, issuingRegion: 'SC' } }), 201, 'claim');
    expect(claim).toMatchObject({ kind: 'provider', state: 'submitted', amountFen: drawn, lineCount: 1, issuingRegion: 'SC', month, claimantInstitutionId: provider.id });
    expect(claim.lines).toEqual([expect.objectContaining({ usageId: record.id, voucherId: approved.voucherId, chargeFen: 20000, amountFen: drawn })]);
    // A line is never claimed twice.
    expectError(await api('POST', '/voucher-claims', { token: providerAdmin.token, body: { kind: 'provider', month, issuingRegion: 'SC' } }), 422, 'RULE_VIOLATION');

    // The CQ officer can neither decide nor read an SC claim (403); SC sees it in its queue, CQ not.
    const bodies: Record<string, unknown> = { approve: undefined, reject: { reason: '越权审核' }, pay: { reference: 'CQ-X' } };
    for (const action of ['approve', 'reject', 'pay']) {
      expectError(await api('POST', `/voucher-claims/${claim.id}/${action}`, { token: cq.token, body: bodies[action] }), 403, 'FORBIDDEN');
    }
    expectError(await api('GET', `/voucher-claims/${claim.id}`, { token: cq.token }), 403, 'FORBIDDEN');
    const queue = async (token: string) => (ok(await api('GET', '/voucher-claims?state=submitted&pageSize=200', { token }), 200, 'claims').items as any[]).map((c) => c.id);
    expect(await queue(sc.token)).toContain(claim.id);
    expect(await queue(cq.token)).not.toContain(claim.id);
    expect(await queue(joint)).toContain(claim.id);
    // Filtered by programme: a provider claim belongs to the programmes its lines draw on.
    const ofProgramme = (ok(await api('GET', `/voucher-claims?programmeId=${programme.id}`, { token: sc.token }), 200, 'claims').items as any[]).map((c) => c.id);
    expect(ofProgramme).toEqual([claim.id]);

    // SC rejects it: the line is claimable again; the provider claims again — five at once, exactly one gets it.
    ok(await api('POST', `/voucher-claims/${claim.id}/reject`, { token: sc.token, body: { reason: '发票信息不全，请补充后重新申请' } }), 200, 'reject');
    expectError(await api('POST', `/voucher-claims/${claim.id}/approve`, { token: sc.token }), 409, 'CONFLICT');
    const racing = await Promise.all(Array.from({ length: 5 }, () => api('POST', '/voucher-claims', { token: providerAdmin.token, body: { kind: 'provider', month, issuingRegion: 'SC' } })));
    const made = racing.filter((r) => r.status === 201);
    expect(made).toHaveLength(1);
    expect(racing.filter((r) => r.status !== 201).every((r) => r.status === 422 || r.status === 409)).toBe(true);
    const again = made[0].body;
    expect(again).toMatchObject({ amountFen: drawn, lineCount: 1 });
    // The losers stored nothing (no claim without its lines): the rejected claim and this one.
    const stored = ok(await api('GET', '/voucher-claims?pageSize=200', { token: providerAdmin.token }), 200, 'claims');
    expect(stored.items.map((c: any) => c.state).sort()).toEqual(['rejected', 'submitted']);

    // The SC bureau approves and pays; every wrong step is 409.
    expectError(await api('POST', `/voucher-claims/${again.id}/pay`, { token: sc.token, body: { reference: 'SC-PAY-0001' } }), 409, 'CONFLICT');
    expect(ok(await api('POST', `/voucher-claims/${again.id}/approve`, { token: sc.token }), 200, 'approve claim').state).toBe('approved');
    expectError(await api('POST', `/voucher-claims/${again.id}/approve`, { token: sc.token }), 409, 'CONFLICT');
    const paid = ok(await api('POST', `/voucher-claims/${again.id}/pay`, { token: sc.token, body: { reference: 'SC-PAY-0001' } }), 200, 'pay claim');
    expect(paid).toMatchObject({ state: 'paid', reference: 'SC-PAY-0001' });
    expect(ok(await api('GET', `/voucher-claims/${again.id}`, { token: providerAdmin.token }), 200, 'claim').state).toBe('paid');

    // The programme's ledger (SC's, not CQ's): issued, drawn, claimed, paid; nothing expired yet.
    expectError(await api('GET', `/voucher-programmes/${programme.id}/ledger`, { token: cq.token }), 403, 'FORBIDDEN');
    const ledger = ok(await api('GET', `/voucher-programmes/${programme.id}/ledger`, { token: sc.token }), 200, 'ledger');
    expect(ledger).toMatchObject({ issuedFen: 15000, drawnFen: drawn, claimedFen: drawn, paidFen: drawn, expiredFen: 0 });
    expect(ledger.vouchers).toEqual([expect.objectContaining({ voucherId: approved.voucherId, issuedFen: 15000, drawnFen: drawn, balanceFen: 15000 - drawn })]);
    const csv = await api('GET', `/voucher-programmes/${programme.id}/ledger.csv`, { token: sc.token });
    expect(csv.status).toBe(200);
    expect(String(csv.body).split('\n')[0]).toBe('voucherCode,holderInstitutionCode,validTo,issuedFen,drawnFen,claimedFen,paidFen,expiredFen,balanceFen');
    expect(String(csv.body)).toContain(`,${enterprise.code},`);
    expect(String(csv.body)).toContain(`TOTAL,,,15000,${drawn},${drawn},${drawn},0,${15000 - drawn}`);
    const xlsx = await fetchBytes(`/voucher-programmes/${programme.id}/ledger.xlsx`, sc.token);
    expect(xlsx.subarray(0, 2).toString()).toBe('PK');
    // For people: the holder's name beside its code, yuan as numbers, the 合计 row summing the vouchers.
    const sheet = await readSheet(xlsx);
    expect(sheet.rows[0].slice(0, 5)).toEqual(['创新券编号', '持券单位编号', '持券单位名称', '有效期至', '发放额度（元）']);
    expect(sheet.rows[1].slice(1, 3)).toEqual([enterprise.code, expect.stringMatching(/\S/)]);
    expect(sheet.rows[1][4]).toBe(150);
    expect(sheet.rows[sheet.rows.length - 1]).toEqual(['合计', null, null, null, 150, drawn / 100, drawn / 100, drawn / 100, 0, (15000 - drawn) / 100]);
  }, 120000);

  it('holder-reimbursed (通用): the holder pays in full, then claims the covered part of its paid statement from SC', async () => {
    const programme = ok(await api('POST', '/voucher-programmes', {
      token: sc.token, body: programmeBody({ applicantKinds: ['enterprise'], applicantRegions: ['SC'], providerRegions: ['CQ'], coverBps: 5000, mode: 'holder-reimbursed' }),
    }), 201, 'programme');
    // The holder's admin applies this time; approved by SC.
    const { voucherId } = await approvedVoucher(holderAdmin, sc.token, programme.id, 30000);

    // Used in CQ naming the voucher: settlement does not draw it, the enterprise pays all 20,000 fen.
    const record = await useInstrument(researcher, operator2, instrument2, voucherId);
    const month = shanghaiMonth(record.start);
    await settle(provider2Admin.token, month);
    const charge = (ok(await api('GET', `/charges?period=${month}&pageSize=200`, { token: holderAdmin.token }), 200, 'charges').items as any[]).find((c) => c.usageId === record.id);
    expect(charge).toMatchObject({ amountFen: 20000, voucherFen: 0, payableFen: 20000 });

    // Not yet paid: nothing to claim. The provider issues the statement, the money arrives, it is paid.
    expectError(await api('POST', '/voucher-claims', { token: holderAdmin.token, body: { kind: 'holder', programmeId: programme.id } }), 422, 'RULE_VIOLATION');
    const statement = await statementBetween(provider2Admin, month, provider2.id, enterprise.id);
    ok(await api('POST', `/statements/${statement.id}/issue`, { token: provider2Admin.token }), 200, 'issue');
    ok(await api('POST', `/statements/${statement.id}/pay`, { token: provider2Admin.token }), 200, 'pay statement');

    // A provider-redeemed programme is not the holder's to claim; a provider claim takes no programme.
    expectError(await api('POST', '/voucher-claims', { token: holderAdmin.token, body: { kind: 'holder', programmeId: programme.id, month } }), 400, 'VALIDATION_FAILED');

    // The covered part: roundHalfUp(20,000 × 5,000 / 10,000) = 10,000 (balance 30,000). The first story's
    // line, drawn on the provider-redeemed voucher, is in another statement and is not the holder's to claim.
    // Five at once: exactly one claims the line, never more than the voucher's balance.
    const racing = await Promise.all(Array.from({ length: 5 }, () => api('POST', '/voucher-claims', {
      token: holderAdmin.token, body: { kind: 'holder', programmeId: programme.id, statementIds: [statement.id] },
    })));
    expect(racing.map((r) => r.status).sort()).toEqual([201, 422, 422, 422, 422].sort());
    const claim = racing.find((r) => r.status === 201)!.body;
    expect(claim).toMatchObject({ kind: 'holder', issuingRegion: 'SC', programmeId: programme.id, amountFen: cover(20000, 5000, 30000), lineCount: 1, state: 'submitted' });
    expect(claim.lines).toEqual([expect.objectContaining({ usageId: record.id, voucherId, amountFen: 10000 })]);
    expectError(await api('POST', '/voucher-claims', { token: holderAdmin.token, body: { kind: 'holder', programmeId: programme.id } }), 422, 'RULE_VIOLATION');

    // CQ cannot decide it; SC approves and pays.
    expectError(await api('POST', `/voucher-claims/${claim.id}/approve`, { token: cq.token }), 403, 'FORBIDDEN');
    expectError(await api('POST', `/voucher-claims/${claim.id}/approve`, { token: holderAdmin.token }), 403, 'FORBIDDEN');
    ok(await api('POST', `/voucher-claims/${claim.id}/approve`, { token: sc.token }), 200, 'approve');
    ok(await api('POST', `/voucher-claims/${claim.id}/pay`, { token: sc.token, body: { reference: 'SC-PAY-0002' } }), 200, 'pay');

    const ledger = ok(await api('GET', `/voucher-programmes/${programme.id}/ledger`, { token: sc.token }), 200, 'ledger');
    expect(ledger).toMatchObject({ mode: 'holder-reimbursed', issuedFen: 30000, drawnFen: 10000, claimedFen: 10000, paidFen: 10000, expiredFen: 0 });
    expect(ledger.vouchers).toEqual([expect.objectContaining({ voucherId, balanceFen: 20000, expiredFen: 0 })]);

    // Once the voucher's validity has ended (moved into the past here, as time would), its unspent 20,000 fen expire.
    const db = new Client({ connectionString: testEnv().databaseUrl });
    await db.connect();
    try {
      await db.query(`update billing.voucher set valid_from = now() - interval '40 days', valid_to = now() - interval '1 minute' where id = $1`, [voucherId]);
    } finally {
      await db.end();
    }
    const expired = ok(await api('GET', `/voucher-programmes/${programme.id}/ledger`, { token: sc.token }), 200, 'ledger');
    expect(expired).toMatchObject({ issuedFen: 30000, drawnFen: 10000, paidFen: 10000, expiredFen: 20000 });
    expect(expired.vouchers).toEqual([expect.objectContaining({ voucherId, balanceFen: 0, expiredFen: 20000 })]);
    // The holder and the provider each see their own claims only.
    const mine = (ok(await api('GET', '/voucher-claims?pageSize=200', { token: holderAdmin.token }), 200, 'claims').items as any[]);
    expect(mine.map((c) => c.id)).toContain(claim.id);
    expect(mine.every((c) => c.claimantInstitutionId === enterprise.id)).toBe(true);
    expectError(await api('GET', `/voucher-claims/${claim.id}`, { token: providerAdmin.token }), 404, 'NOT_FOUND');
    expectError(await api('GET', '/voucher-claims', { token: researcher.token }), 403, 'FORBIDDEN');
  }, 120000);
});

async function fetchBytes(path: string, token: string): Promise<Buffer> {
  const { testEnv } = await import('./support/api');
  const res = await fetch(`${testEnv().gatewayUrl}/api/v1${path}`, { headers: { authorization: `Bearer ${token}` } });
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}
