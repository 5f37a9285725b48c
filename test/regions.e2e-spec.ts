import { randomBytes } from 'node:crypto';
import { api, bureauToken, expectError } from './support/api';
import { createInstitution, createRegionalOfficer, uniqueCode } from './support/factories';

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
});
