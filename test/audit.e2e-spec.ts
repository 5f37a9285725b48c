import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import { Client } from 'pg';
import { api, bureauToken, expectError, testEnv } from './support/api';
import { createInstitution, createUser, instrumentBody, rateCard, uniqueCode } from './support/factories';
import { approvedVoucher, followJob, ok, programmeBody, Signed } from './support/voucher-flow';

/**
 * The audit trail (issue 20): changing a rate card, publishing a subsidy run and approving a voucher
 * application each leave an entry with the object before and after, who did it and the request's
 * correlation id, in the trail of the service that made the change; the database refuses to change
 * or remove an entry; and a row altered behind the triggers' back is named by GET /audit/verify.
 */
describe('the audit trail', () => {
  let bureau: string;
  let auditor: string;
  let admin: Signed;
  let researcher: Signed;
  let db: Client;

  const audit = async (query: string, token = auditor) => ok(await api('GET', `/audit?${query}`, { token }), 200, `GET /audit?${query}`);

  beforeAll(async () => {
    bureau = await bureauToken();
    auditor = (await createUser(bureau, 'auditor')).token;
    const institution = await createInstitution(bureau, { region: 'CQ' });
    admin = await createUser(bureau, 'institution_admin', institution.code);
    researcher = await createUser(bureau, 'researcher', institution.code);
    db = new Client({ connectionString: testEnv().databaseUrl });
    await db.connect();
  }, 60000);

  afterAll(async () => {
    await db.end();
  });

  it('records a rate card change with the cards before and after, who made it and the request’s correlation id', async () => {
    const instrument = ok(await api('POST', '/instruments', { token: admin.token, body: instrumentBody() }), 201, 'instrument');
    const code = `${instrument.code}-RC`;
    ok(await api('PUT', `/instruments/${instrument.id}/rates`, { token: admin.token, body: [rateCard({ code, externalPriceFen: 40000 })] }), 200, 'first cards');
    const correlationId = uniqueCode('audit-rc');
    ok(await api('PUT', `/instruments/${instrument.id}/rates`, {
      token: admin.token, body: [rateCard({ code, externalPriceFen: 45000 })], headers: { 'x-correlation-id': correlationId },
    }), 200, 'changed cards');

    const page = await audit(`objectType=rate-cards&objectId=${instrument.id}`);
    expect(page.total).toBe(2);
    const [changed, first] = page.items;
    expect(changed).toMatchObject({
      service: 'catalogue', action: 'rate-cards.replace', objectType: 'rate-cards', objectId: instrument.id,
      actorId: admin.user.id, actorRole: 'institution_admin', correlationId,
    });
    expect(changed.before).toEqual([expect.objectContaining({ code, externalPriceFen: 40000 })]);
    expect(changed.after).toEqual([expect.objectContaining({ code, externalPriceFen: 45000 })]);
    expect(first.before).toEqual([]);
    // The later entry is the next link of the catalogue's chain (other writers may come between).
    expect(changed.sequence).toBeGreaterThan(first.sequence);
    expect(changed.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(new Date(changed.at).getTime()).toBeGreaterThanOrEqual(new Date(first.at).getTime());
  }, 60000);

  it('records a subsidy run’s publication, draft before and published after', async () => {
    const document = { ...JSON.parse(readFileSync(join(__dirname, 'fixtures/worked-example/bundle/policy.json'), 'utf8')), code: uniqueCode('audit-policy') };
    const policy = ok(await api('POST', '/policies', { token: bureau, body: document }), 201, 'policy');
    const started = ok(await api('POST', '/subsidy-runs', { token: bureau, body: { policyId: policy.id, year: 2019, region: 'ZZAUDIT' } }), 202, 'run');
    expect((await followJob(bureau, started.jobId)).state).toBe('completed');
    ok(await api('POST', `/subsidy-runs/${started.runId}/publish`, { token: bureau }), 200, 'publish');

    const [published] = (await audit(`objectType=subsidy-run&objectId=${started.runId}`)).items;
    expect(published).toMatchObject({ service: 'subsidy', action: 'subsidy-run.publish', actorRole: 'bureau', before: { id: started.runId, status: 'draft', publishedAt: null } });
    expect(published.after).toMatchObject({ id: started.runId, status: 'published', publishedAt: expect.any(String) });
    // The policy posted is in the trail too, under its code.
    const [posted] = (await audit(`objectType=policy&objectId=${document.code}`)).items;
    expect(posted).toMatchObject({ action: 'policy.create', before: null, after: { id: policy.id, version: 1 } });
  }, 60000);

  let approval: any;
  it('records a voucher application’s approval, submitted before and approved after', async () => {
    const programme = ok(await api('POST', '/voucher-programmes', { token: bureau, body: programmeBody({ issuingRegion: 'CQ' }) }), 201, 'programme');
    const { application } = await approvedVoucher(researcher, bureau, programme.id, 150000);
    const page = await audit(`objectType=voucher-application&objectId=${application.id}`);
    expect(page.items).toHaveLength(1);
    [approval] = page.items;
    expect(approval).toMatchObject({
      service: 'billing', action: 'voucher-application.approve', actorRole: 'bureau',
      before: { id: application.id, state: 'submitted' }, after: { id: application.id, state: 'approved', voucherId: application.voucherId },
    });
  }, 60000);

  it('records a bundle import, with what it wrote per file', async () => {
    const code = uniqueCode('AUDIMP');
    const form = new FormData();
    form.append('bundle', new Blob([zipSync({ 'institutions.csv': strToU8(`code,name,kind,region\n${code},审计导入测试研究院,institute,CQ\n`) })], { type: 'application/zip' }), 'audit.zip');
    const started = ok(await api('POST', '/imports', { token: bureau, raw: form }), 202, 'import');
    expect((await followJob(bureau, started.jobId)).state).toBe('completed');
    const [imported] = (await audit(`objectType=import&objectId=${started.jobId}`)).items;
    expect(imported).toMatchObject({ service: 'catalogue', action: 'import.apply', actorRole: 'bureau', before: null, after: { counts: { 'institutions.csv': { inserted: 1 } } } });
  }, 60000);

  it('filters by actor and time and pages the services’ trails together, newest first', async () => {
    const mine = await audit(`actorId=${admin.user.id}&pageSize=200`);
    expect(mine.items.length).toBeGreaterThanOrEqual(2);
    expect(mine.items.every((e: any) => e.actorId === admin.user.id)).toBe(true);
    const all = await audit('pageSize=6');
    const times = all.items.map((e: any) => e.at);
    expect([...times].sort().reverse()).toEqual(times);
    // Every service's trail is in the merged list (the booking service's too once something there changed: other files may have).
    expect([...new Set((await audit('pageSize=200')).items.map((e: any) => e.service))]).toEqual(expect.arrayContaining(['catalogue', 'billing', 'subsidy']));
    const second = await audit('pageSize=3&page=2');
    expect(second.items.map((e: any) => e.hash)).toEqual(all.items.slice(3, 6).map((e: any) => e.hash));
    const later = await audit(`from=${encodeURIComponent(approval.at)}&service=billing&pageSize=200`);
    expect(later.items.map((e: any) => e.hash)).toContain(approval.hash);
    expect(later.items.every((e: any) => e.service === 'billing' && e.at >= approval.at)).toBe(true);
    expect((await audit(`to=${encodeURIComponent(approval.at)}&service=billing&pageSize=200`)).items.map((e: any) => e.hash)).not.toContain(approval.hash);
    expectError(await api('GET', '/audit', { token: admin.token }), 403, 'FORBIDDEN');
    expectError(await api('GET', '/audit?objectType=nonsense', { token: auditor }), 400, 'VALIDATION_FAILED');
  }, 60000);

  it('records a fund account opened and its budget changed, and a terminal registered and revoked — never its credential — in the booking service’s trail', async () => {
    const group = ok(await api('POST', '/research-groups', { token: admin.token, body: { name: `审计课题组-${uniqueCode('G')}`, piUserId: researcher.user.id } }), 201, 'group');
    const account = ok(await api('POST', `/research-groups/${group.id}/fund-accounts`, {
      token: admin.token, body: { code: uniqueCode('JF'), name: '审计测试经费卡', budgetFen: 500000, validFrom: '2026-01-01T00:00:00+08:00' },
    }), 201, 'fund account');
    ok(await api('PATCH', `/fund-accounts/${account.id}`, { token: admin.token, body: { budgetFen: 300000, state: 'frozen' } }), 200, 'change');
    const [changed, opened] = (await audit(`objectType=fund-account&objectId=${account.id}`)).items;
    expect(opened).toMatchObject({ service: 'booking', action: 'fund-account.open', before: null, after: expect.objectContaining({ budgetFen: '500000', state: 'active' }) });
    expect(changed).toMatchObject({ service: 'booking', action: 'fund-account.change', actorId: admin.user.id, actorRole: 'institution_admin' });
    expect(changed.before).toMatchObject({ budgetFen: '500000', state: 'active' });
    expect(changed.after).toMatchObject({ budgetFen: '300000', state: 'frozen' });

    const instrument = ok(await api('POST', '/instruments', { token: admin.token, body: instrumentBody() }), 201, 'instrument');
    const terminal = ok(await api('POST', '/terminals', { token: admin.token, body: { instrumentId: instrument.id, name: '审计测试终端' } }), 201, 'terminal');
    ok(await api('POST', `/terminals/${terminal.id}/revoke`, { token: admin.token }), 200, 'revoke');
    const trail = await audit(`objectType=terminal&objectId=${terminal.id}`);
    expect(trail.items.map((e: any) => e.action)).toEqual(['terminal.revoke', 'terminal.register']);
    expect(trail.items[0].before).toMatchObject({ revokedAt: null, instrumentId: instrument.id });
    expect(trail.items[0].after.revokedAt).not.toBeNull();
    const stored = await db.query(`select credential_sha256 from booking.terminal where id = $1`, [terminal.id]);
    expect(JSON.stringify(trail)).not.toContain(terminal.credential);
    expect(JSON.stringify(trail)).not.toContain(stored.rows[0].credential_sha256);
    await expect(db.query(`update booking.audit set action = 'x' where object_id = $1`, [terminal.id])).rejects.toThrow(/append-only/);
  });

  it('never forks a chain under concurrent changes: every entry its own sequence number, the chain intact', async () => {
    const instruments = await Promise.all(Array.from({ length: 6 }, async () => ok(await api('POST', '/instruments', { token: admin.token, body: instrumentBody() }), 201, 'instrument')));
    const institution = admin.user.institutionId as string;
    await Promise.all([
      ...instruments.map(async (i) => ok(await api('PUT', `/instruments/${i.id}/rates`, { token: admin.token, body: [rateCard({ code: `${i.code}-RC` })] }), 200, 'rates')),
      ...Array.from({ length: 6 }, async (_, n) => ok(await api('PATCH', `/institutions/${institution}`, {
        token: bureau, body: { contacts: [{ name: `联系人${n}`, phone: `023-6000000${n}` }] },
      }), 200, 'institution')),
    ]);
    const written = (await audit('service=catalogue&pageSize=200')).items as any[];
    const ours = written.filter((e) => (e.objectType === 'rate-cards' && instruments.some((i) => i.id === e.objectId)) || (e.objectType === 'institution' && e.objectId === institution && e.action === 'institution.update'));
    expect(ours).toHaveLength(12);
    const sequences = written.map((e) => e.sequence);
    expect(new Set(sequences).size).toBe(sequences.length);
    // Newest first, and each entry points at the one numbered before it.
    let links = 0;
    for (let i = 0; i + 1 < written.length && written[i].sequence === written[i + 1].sequence + 1; i++, links++) expect(written[i].prevHash).toBe(written[i + 1].hash);
    // The loop checked at least one link of the head of the chain, never vacuously nothing.
    expect(links).toBeGreaterThan(0);
    const { chains } = ok(await api('GET', '/audit/verify', { token: auditor }), 200, 'verify');
    expect(chains.find((c: any) => c.service === 'catalogue')).toMatchObject({ intact: true, broken: null });
  }, 60000);

  it('refuses UPDATE, DELETE and TRUNCATE of the trail in the database', async () => {
    for (const schema of ['catalogue', 'billing', 'subsidy']) {
      await expect(db.query(`update ${schema}.audit set action = 'forged' where seq = 1`)).rejects.toThrow(/append-only/);
      await expect(db.query(`delete from ${schema}.audit where seq = 1`)).rejects.toThrow(/append-only/);
      await expect(db.query(`truncate ${schema}.audit`)).rejects.toThrow(/append-only/);
    }
    const { rows } = await db.query(`select action from billing.audit where seq = $1`, [approval.sequence]);
    expect(rows).toEqual([{ action: 'voucher-application.approve' }]);
  });

  it('names the first broken link of a row a superuser altered behind the triggers, and all intact again once restored', async () => {
    const intact = ok(await api('GET', '/audit/verify', { token: auditor }), 200, 'verify');
    expect(intact.intact).toBe(true);
    expect(intact.chains.map((c: any) => c.service)).toEqual(['catalogue', 'booking', 'billing', 'subsidy']);
    expect(intact.chains.every((c: any) => c.intact && c.broken === null && c.entries > 0)).toBe(true);
    expect(intact.entries).toBe(intact.chains.reduce((n: number, c: any) => n + c.entries, 0));

    // What someone with the rights to switch the trigger off could do: raise the approved amount in the record.
    const tamper = async (sql: string, params: unknown[]) => {
      await db.query('begin');
      await db.query('alter table billing.audit disable trigger audit_append_only');
      await db.query(sql, params);
      await db.query('alter table billing.audit enable trigger audit_append_only');
      await db.query('commit');
    };
    const { rows: [original] } = await db.query(`select after from billing.audit where seq = $1`, [approval.sequence]);
    try {
      await tamper(`update billing.audit set after = jsonb_set(after, '{approvedFen}', '9900000') where seq = $1`, [approval.sequence]);
      const broken = ok(await api('GET', '/audit/verify', { token: bureau }), 200, 'verify');
      expect(broken.intact).toBe(false);
      expect(broken.chains.find((c: any) => c.service === 'billing')).toMatchObject({ intact: false, broken: { sequence: approval.sequence, problem: 'content-hash' } });
      expect(broken.chains.filter((c: any) => c.service !== 'billing').every((c: any) => c.intact)).toBe(true);
    } finally {
      await tamper(`update billing.audit set after = $2::jsonb where seq = $1`, [approval.sequence, JSON.stringify(original.after)]);
    }
    expect(ok(await api('GET', '/audit/verify', { token: auditor }), 200, 'verify').intact).toBe(true);
  }, 60000);
});
