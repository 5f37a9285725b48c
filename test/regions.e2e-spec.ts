import { randomBytes } from 'node:crypto';
import { api, bureauToken, expectError } from './support/api';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeCreditCode } from '@yixiang/domain';
import { createInstitution, createRegionalOfficer, createUser, instrumentBody, rateCard, uniqueCode } from './support/factories';

// Argon2 sign-ins of several new accounts take seconds on a busy machine.
jest.setTimeout(60000);

/** Issue 16: regional bureaus. The bootstrap bureau account is the joint officer. */
describe('regional bureaus (issue 16)', () => {
  let joint: string;
  let cq: { user: any; token: string };
  let sc: { user: any; token: string };
  let cqInstitution: any;
  let scInstitution: any;

  const account = (role: string, extra: Record<string, unknown> = {}) => ({
    email: `${uniqueCode(role).toLowerCase()}@test.example.cn`, password: `pw-${randomBytes(8).toString('hex')}`, name: '区域测试用户', role, ...extra,
  });

  beforeAll(async () => {
    joint = await bureauToken();
    [cq, sc] = await Promise.all([createRegionalOfficer(joint, 'CQ'), createRegionalOfficer(joint, 'SC')]);
    [cqInstitution, scInstitution] = await Promise.all([createInstitution(joint, { region: 'CQ' }), createInstitution(joint, { region: 'SC' })]);
  });

  describe('the foundation: accounts and sessions', () => {
    it('the bootstrap bureau account is a joint officer (no region); a regional officer carries its region', async () => {
      expect((await api('GET', '/auth/me', { token: joint })).body).toMatchObject({ role: 'bureau', region: null });
      expect(cq.user).toMatchObject({ role: 'bureau', region: 'CQ' });
      expect((await api('GET', '/auth/me', { token: sc.token })).body).toMatchObject({ role: 'bureau', region: 'SC' });
    });

    it('only a bureau officer has a region, and a region is 2–8 capital letters', async () => {
      const researcher = await api('POST', '/users', { token: joint, body: account('researcher', { institutionCode: cqInstitution.code, region: 'CQ' }) });
      expectError(researcher, 400, 'VALIDATION_FAILED');
      expect(JSON.stringify(researcher.body)).toContain('region');
      for (const region of ['cq', 'C', 'ABCDEFGHI', 'C1']) expectError(await api('POST', '/users', { token: joint, body: account('bureau', { region }) }), 400, 'VALIDATION_FAILED');
    });

    it('only a joint officer creates bureau officers and auditors', async () => {
      expectError(await api('POST', '/users', { token: cq.token, body: account('bureau', { region: 'CQ' }) }), 403, 'FORBIDDEN');
      expectError(await api('POST', '/users', { token: cq.token, body: account('bureau') }), 403, 'FORBIDDEN');
      expectError(await api('POST', '/users', { token: cq.token, body: account('auditor') }), 403, 'FORBIDDEN');
      const joint2 = await api('POST', '/users', { token: joint, body: account('bureau') });
      expect(joint2.status).toBe(201);
      expect(joint2.body.region).toBeNull();
    });

    it('a regional officer creates accounts for the institutions of its own region only, naming the regions', async () => {
      const own = await api('POST', '/users', { token: cq.token, body: account('institution_admin', { institutionCode: cqInstitution.code }) });
      expect(own.status).toBe(201);
      expect(own.body.region).toBeNull();
      const other = await api('POST', '/users', { token: cq.token, body: account('institution_admin', { institutionCode: scInstitution.code }) });
      expectError(other, 403, 'FORBIDDEN');
      expect(other.body.error.message).toContain('SC');
      expect((await api('POST', '/users', { token: sc.token, body: account('researcher', { institutionCode: scInstitution.code }) })).status).toBe(201);
    });

    it('a regional officer changes the accounts of its region only; a joint officer moves an officer to another region, which ends its tokens', async () => {
      const created = await api('POST', '/users', { token: joint, body: account('researcher', { institutionCode: scInstitution.code }) });
      expectError(await api('PATCH', `/users/${created.body.id}`, { token: cq.token, body: { name: '改名' } }), 403, 'FORBIDDEN');
      expect((await api('PATCH', `/users/${created.body.id}`, { token: sc.token, body: { name: '改名' } })).status).toBe(200);
      // Not even to another of its own institutions' roles across the border.
      expectError(await api('PATCH', `/users/${created.body.id}`, { token: sc.token, body: { institutionCode: cqInstitution.code } }), 403, 'FORBIDDEN');
      const officer = await createRegionalOfficer(joint, 'CQ');
      expectError(await api('PATCH', `/users/${officer.user.id}`, { token: cq.token, body: { region: 'SC' } }), 403, 'FORBIDDEN');
      const moved = await api('PATCH', `/users/${officer.user.id}`, { token: joint, body: { region: 'SC' } });
      expect(moved.status).toBe(200);
      expect(moved.body.region).toBe('SC');
      expectError(await api('GET', '/auth/me', { token: officer.token }), 401, 'UNAUTHENTICATED');
      // Made a researcher, the account loses its region (only the bureau has one).
      const demoted = await api('PATCH', `/users/${officer.user.id}`, { token: joint, body: { role: 'auditor' } });
      expect(demoted.status).toBe(200);
      expect(demoted.body.region).toBeNull();
    });
  });
  describe('every bureau endpoint obeys the region', () => {
    it('a regional officer lists and reads its region’s accounts and the bureau’s, not the other region’s', async () => {
      const [mine, theirs] = await Promise.all([createUser(joint, 'researcher', cqInstitution.code), createUser(joint, 'researcher', scInstitution.code)]);
      const listed = ((await api('GET', '/users?pageSize=200&role=researcher', { token: cq.token })).body.items as any[]).map((u) => u.id);
      expect(listed).toContain(mine.user.id);
      expect(listed).not.toContain(theirs.user.id);
      expect(((await api('GET', '/users?pageSize=200&role=bureau', { token: cq.token })).body.items as any[]).map((u) => u.id)).toContain(sc.user.id);
      expect((await api('GET', `/users/${mine.user.id}`, { token: cq.token })).status).toBe(200);
      expectError(await api('GET', `/users/${theirs.user.id}`, { token: cq.token }), 403, 'FORBIDDEN');
      expect((await api('GET', `/users/${theirs.user.id}`, { token: joint })).status).toBe(200);
      // Nor does a refused duplicate email tell the CQ officer that the SC account exists.
      const taken = await api('POST', '/users', { token: cq.token, body: account('researcher', { institutionCode: cqInstitution.code, email: theirs.email }) });
      expectError(taken, 409, 'DUPLICATE');
      expect(taken.body.error.message).toContain('不能用于新账号');
      const own = await api('POST', '/users', { token: cq.token, body: account('researcher', { institutionCode: cqInstitution.code, email: mine.email }) });
      expectError(own, 409, 'DUPLICATE');
      expect(own.body.error.message).toContain('已有相同电子邮箱的用户');
    });

    const institutionBody = (region: string) => ({ code: uniqueCode('INS'), name: '区域测试单位', kind: 'enterprise', region, creditCode: makeCreditCode(Math.floor(Math.random() * 1e9)) });
    const policyOf = (region: string | null) => ({
      ...JSON.parse(readFileSync(join(__dirname, 'fixtures/worked-example/bundle/policy.json'), 'utf8')), code: uniqueCode('region-policy'), ...(region ? { region } : {}),
    });

    it('the CQ officer creating an SC institution is refused (403, naming the regions); the joint officer creates both', async () => {
      const refused = await api('POST', '/institutions', { token: cq.token, body: institutionBody('SC') });
      expectError(refused, 403, 'FORBIDDEN');
      expect(refused.body.error.message).toMatch(/CQ[\s\S]*SC/);
      expect((await api('POST', '/institutions', { token: cq.token, body: institutionBody('CQ') })).status).toBe(201);
      for (const region of ['CQ', 'SC']) expect((await api('POST', '/institutions', { token: joint, body: institutionBody(region) })).status).toBe(201);
      // Nor may it move its own institution across the border, or change the other region's.
      const own = await createInstitution(cq.token, { region: 'CQ' });
      expectError(await api('PATCH', `/institutions/${own.id}`, { token: cq.token, body: { region: 'SC' } }), 403, 'FORBIDDEN');
      expectError(await api('PATCH', `/institutions/${scInstitution.id}`, { token: cq.token, body: { name: '越权改名' } }), 403, 'FORBIDDEN');
    });

    it('the SC officer’s subsidy run over CQ is refused (403); its own run defaults to SC; the joint officer runs both', async () => {
      const policy = (await api('POST', '/policies', { token: joint, body: policyOf(null) })).body;
      const refused = await api('POST', '/subsidy-runs', { token: sc.token, body: { policyId: policy.id, year: 2019, region: 'CQ', simulation: true } });
      expectError(refused, 403, 'FORBIDDEN');
      expect(refused.body.error.message).toContain('CQ');
      const own = await api('POST', '/subsidy-runs', { token: sc.token, body: { policyId: policy.id, year: 2019, simulation: true } });
      expect(own.status).toBe(202);
      expect((await api('GET', `/subsidy-runs/${own.body.runId}`, { token: sc.token })).body.region).toBe('SC');
      // The SC draft does not exist for the CQ officer; the joint officer sees it.
      expectError(await api('GET', `/subsidy-runs/${own.body.runId}`, { token: cq.token }), 404, 'NOT_FOUND');
      expect((await api('GET', `/subsidy-runs/${own.body.runId}`, { token: joint })).status).toBe(200);
      for (const region of ['CQ', 'SC']) expect((await api('POST', '/subsidy-runs', { token: joint, body: { policyId: policy.id, year: 2019, region, simulation: true } })).status).toBe(202);
    });

    it('policies: a regional officer writes its region’s and runs those and the platform-wide ones, never another region’s', async () => {
      expectError(await api('POST', '/policies', { token: cq.token, body: policyOf('SC') }), 403, 'FORBIDDEN');
      expectError(await api('POST', '/policies', { token: cq.token, body: policyOf(null) }), 403, 'FORBIDDEN');
      const cqPolicy = await api('POST', '/policies', { token: cq.token, body: policyOf('CQ') });
      expect(cqPolicy.status).toBe(201);
      expect(cqPolicy.body.region).toBe('CQ');
      // Another region's officer may not add a version of it, nor run it.
      expectError(await api('POST', '/policies', { token: sc.token, body: { ...cqPolicy.body.document, region: 'SC' } }), 403, 'FORBIDDEN');
      expectError(await api('POST', '/subsidy-runs', { token: sc.token, body: { policyId: cqPolicy.body.id, year: 2019, simulation: true } }), 403, 'FORBIDDEN');
      // A CQ policy runs over CQ only, even for the joint officer (422 naming the rule).
      const across = await api('POST', '/subsidy-runs', { token: joint, body: { policyId: cqPolicy.body.id, year: 2019, region: 'SC', simulation: true } });
      expectError(across, 422);
      expect(JSON.stringify(across.body)).toContain('policy-region');
      const run = await api('POST', '/subsidy-runs', { token: cq.token, body: { policyId: cqPolicy.body.id, year: 2019, simulation: true } });
      expect(run.status).toBe(202);
      expectError(await api('POST', '/policies', { token: cq.token, body: { ...policyOf('CQ'), region: 'cq' } }), 400, 'VALIDATION_FAILED');
    });

    it('a regional officer settles the providers of its region only, issues vouchers to its region’s holders, and lists its region’s statements', async () => {
      const provider = async (region: string) => {
        const institution = await createInstitution(joint, { region });
        const admin = await createUser(joint, 'institution_admin', institution.code);
        const operator = await createUser(joint, 'operator', institution.code);
        const instrument = (await api('POST', '/instruments', { token: admin.token, body: instrumentBody() })).body;
        await api('PUT', `/instruments/${instrument.id}/rates`, { token: admin.token, body: [rateCard({ validFrom: '2019-01-01', code: `${instrument.code}-RC` })] });
        return { institution, admin, operator, instrument };
      };
      const [p1, p2] = await Promise.all([provider('CQ'), provider('SC')]);
      const user = await createUser(joint, 'researcher', cqInstitution.code);
      for (const [i, p] of [p1, p2].entries()) {
        const res = await api('POST', '/usage', {
          token: p.operator.token,
          body: { instrumentId: p.instrument.id, userId: user.user.id, start: `2026-11-0${3 + i}T09:00:00+08:00`, end: `2026-11-0${3 + i}T10:00:00+08:00`, serviceMode: 'self', serviceCategory: 'research', reason: '区域结算测试' },
        });
        expect(res.status).toBe(201);
      }
      const started = await api('POST', '/settlements', { token: cq.token, body: { period: '2026-11' } });
      expect(started.status).toBe(202);
      let job: any;
      for (let i = 0; i < 600; i++) {
        job = (await api('GET', `/jobs/${started.body.jobId}`, { token: cq.token })).body;
        if (job.state === 'completed' || job.state === 'failed') break;
        await new Promise((r) => setTimeout(r, 200));
      }
      expect(job.state).toBe('completed');
      // The SC officer does not see the CQ officer's job.
      expectError(await api('GET', `/jobs/${started.body.jobId}`, { token: sc.token }), 404, 'NOT_FOUND');
      const providersOf = async (token: string) => ((await api('GET', '/statements?period=2026-11&pageSize=200', { token })).body.items as any[])
        .filter((s) => s.payerInstitutionId === cqInstitution.id).map((s) => s.providerInstitutionId);
      // Only the CQ provider's statement was written; the SC provider's record waits for the SC bureau.
      expect(await providersOf(joint)).toEqual([p1.institution.id]);
      expect(await providersOf(cq.token)).toEqual([p1.institution.id]);
      // The SC officer lists statements touching SC institutions only: none of these.
      expect(await providersOf(sc.token)).toEqual([]);

      const voucher = (holder: any) => ({ code: uniqueCode('RV'), holderInstitutionCode: holder.code, faceValueFen: 100000, coverBps: 5000, validFrom: '2026-01-01' });
      expectError(await api('POST', '/vouchers', { token: cq.token, body: voucher(scInstitution) }), 403, 'FORBIDDEN');
      const issued = await api('POST', '/vouchers', { token: cq.token, body: voucher(cqInstitution) });
      expect(issued.status).toBe(201);
      expect(((await api('GET', '/vouchers?pageSize=200', { token: cq.token })).body.items as any[]).map((v) => v.id)).toContain(issued.body.id);
      expect(((await api('GET', '/vouchers?pageSize=200', { token: sc.token })).body.items as any[]).map((v) => v.id)).not.toContain(issued.body.id);
    }, 120000);
  });
});
