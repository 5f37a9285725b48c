import { api, bureauToken, expectError } from './support/api';
import { createInstitution, createUser, instrumentBody, rateCard, uniqueCode } from './support/factories';

describe('catalogue through the gateway', () => {
  let bureau: string;
  let institution: any;
  let admin: { token: string; user: any };
  let researcher: { token: string };
  let otherAdmin: { token: string };
  let instrument: any;

  beforeAll(async () => {
    bureau = await bureauToken();
    institution = await createInstitution(bureau, { name: '重庆嘉陵理工大学', region: 'CQ' });
    admin = await createUser(bureau, 'institution_admin', institution.code);
    researcher = await createUser(bureau, 'researcher', institution.code);
    const other = await createInstitution(bureau, { name: '成都锦江新材料研究所', kind: 'institute', region: 'SC' });
    otherAdmin = await createUser(bureau, 'institution_admin', other.code);
  });

  it('creates institution → admin → instrument → rate card, and finds it by Chinese text and filters', async () => {
    const created = await api('POST', '/instruments', { token: admin.token, body: instrumentBody({ name: '场发射扫描电镜 Ultra', model: `QX-${institution.code}` }) });
    expect(created.status).toBe(201);
    instrument = created.body;
    expect(instrument.institution.code).toBe(institution.code);
    expect(instrument.bookingRules).toEqual({ slotMinutes: 30, minMinutes: 30, maxMinutes: 480, leadMinutes: 0, cancelDeadlineMinutes: 1440, approvalRequired: false, qualificationRequired: false,
      checkInBeforeMinutes: 15, noShowAfterMinutes: 30 });

    const rates = await api('PUT', `/instruments/${instrument.id}/rates`, { token: admin.token, body: [rateCard(), rateCard({ serviceMode: 'assisted', externalPriceFen: 90000, internalPriceFen: 45000 })] });
    expect(rates.status).toBe(200);
    expect(rates.body).toHaveLength(2);
    expect(rates.body[0].validFrom).toBe('2024-12-31T16:00:00.000Z');

    const byChinese = await api('GET', `/instruments?q=${encodeURIComponent('电镜')}&institution=${institution.code}`, { token: researcher.token });
    expect(byChinese.status).toBe(200);
    expect(byChinese.body.items.map((i: any) => i.code)).toContain(instrument.code);
    expect(byChinese.body.items.find((i: any) => i.code === instrument.code).fromPriceFen).toBe(40000);

    const byModel = await api('GET', `/instruments?q=${encodeURIComponent(`qx-${institution.code}`)}`, { token: researcher.token });
    expect(byModel.body.items.map((i: any) => i.code)).toEqual([instrument.code]);

    const filters = `category=01&region=CQ&mode=assisted&maxPriceFen=90000&institution=${institution.id}`;
    const filtered = await api('GET', `/instruments?${filters}`, { token: researcher.token });
    expect(filtered.body.items.map((i: any) => i.code)).toContain(instrument.code);
    // A region as people type it (issue 21): the code in any case, the name, the short name.
    for (const region of ['cq', '重庆', '重庆市', '渝']) {
      const found = await api('GET', `/instruments?institution=${institution.id}&region=${encodeURIComponent(region)}`, { token: researcher.token });
      expect({ region, status: found.status, found: (found.body.items ?? []).some((i: any) => i.code === instrument.code) }).toEqual({ region, status: 200, found: true });
    }
    const unknownRegion = await api('GET', `/instruments?region=${encodeURIComponent('北京')}`, { token: researcher.token });
    expect(unknownRegion.status).toBe(400);
    expect(JSON.stringify(unknownRegion.body)).toContain('地区应为地区代码或名称');
    for (const miss of ['category=02', 'region=SC', 'region=%E5%9B%9B%E5%B7%9D', 'mode=sample', 'maxPriceFen=39999', 'q=%E6%A0%B8%E7%A3%81']) {
      const none = await api('GET', `/instruments?institution=${institution.id}&${miss}`, { token: researcher.token });
      expect(none.status).toBe(200);
      expect(none.body.items.map((i: any) => i.code)).not.toContain(instrument.code);
    }

    // A change is seen by the very next search (the search index, the page and summary caches all follow it).
    expect((await api('PATCH', `/instruments/${instrument.id}`, { token: admin.token, body: { name: '场发射扫描电镜 Ultra 二代' } })).status).toBe(200);
    const renamed = await api('GET', `/instruments?q=${encodeURIComponent('电镜')}&institution=${institution.code}`, { token: researcher.token });
    expect(renamed.body.items.find((i: any) => i.code === instrument.code).name).toBe('场发射扫描电镜 Ultra 二代');
    const byNewWord = await api('GET', `/instruments?q=${encodeURIComponent('二代')}&institution=${institution.code}`, { token: researcher.token });
    expect(byNewWord.body.items.map((i: any) => i.code)).toEqual([instrument.code]);
  });

  it('paginates with total, page and pageSize', async () => {
    for (let i = 0; i < 3; i++) {
      const res = await api('POST', '/instruments', { token: admin.token, body: instrumentBody({ name: `核磁共振波谱仪 ${i}`, categoryCode: '0106' }) });
      expect(res.status).toBe(201);
    }
    const page1 = await api('GET', `/instruments?institution=${institution.code}&category=0106&pageSize=2&page=1`, { token: admin.token });
    const page2 = await api('GET', `/instruments?institution=${institution.code}&category=0106&pageSize=2&page=2`, { token: admin.token });
    expect(page1.body).toMatchObject({ total: 3, page: 1, pageSize: 2 });
    expect(page1.body.items).toHaveLength(2);
    expect(page2.body.items).toHaveLength(1);
    expect(new Set([...page1.body.items, ...page2.body.items].map((i: any) => i.code)).size).toBe(3);
    // A text search counts its matches in the same pass as the page; past the last page it still knows the total.
    const text = (page: number) => api('GET', `/instruments?q=${encodeURIComponent('核磁共振')}&institution=${institution.code}&pageSize=2&page=${page}`, { token: admin.token });
    const [first, second, beyond] = [await text(1), await text(2), await text(9)];
    expect([first.body.total, second.body.total, beyond.body.total]).toEqual([3, 3, 3]);
    expect([first.body.items.length, second.body.items.length, beyond.body.items.length]).toEqual([2, 1, 0]);
    expectError(await api('GET', '/instruments?pageSize=201', { token: admin.token }), 400, 'VALIDATION_FAILED');
  });

  it('lets neither a researcher nor another institution’s admin edit the instrument (403)', async () => {
    expectError(await api('PATCH', `/instruments/${instrument.id}`, { token: researcher.token, body: { name: '改名' } }), 403, 'FORBIDDEN');
    expectError(await api('PATCH', `/instruments/${instrument.id}`, { token: otherAdmin.token, body: { name: '改名' } }), 403, 'FORBIDDEN');
    expectError(await api('PUT', `/instruments/${instrument.id}/rates`, { token: otherAdmin.token, body: [rateCard()] }), 403, 'FORBIDDEN');
    expectError(await api('POST', '/instruments', { token: researcher.token, body: instrumentBody() }), 403, 'FORBIDDEN');
    const ok = await api('PATCH', `/instruments/${instrument.id}`, { token: admin.token, body: { location: '理学楼 B102', bookingRules: { approvalRequired: true } } });
    expect(ok.status).toBe(200);
    expect(ok.body.location).toBe('理学楼 B102');
    expect(ok.body.bookingRules.approvalRequired).toBe(true);
    expect(ok.body.bookingRules.slotMinutes).toBe(30);
  });

  it('answers bad input of every kind with 400 naming the field', async () => {
    const cases: [string, string, unknown, string][] = [
      ['POST', '/instruments', instrumentBody({ originalValueFen: -1 }), 'originalValueFen'],
      ['POST', '/instruments', instrumentBody({ originalValueFen: 1.5 }), 'originalValueFen'],
      ['POST', '/instruments', instrumentBody({ categoryCode: '9999' }), 'categoryCode'],
      ['POST', '/instruments', instrumentBody({ categoryCode: '01' }), 'categoryCode'],
      ['POST', '/instruments', instrumentBody({ sharingStatus: 'public' }), 'sharingStatus'],
      ['POST', '/instruments', instrumentBody({ purchaseDate: '2021-13-45x' }), 'purchaseDate'],
      ['POST', '/instruments', instrumentBody({ name: '' }), 'name'],
      ['POST', '/instruments', instrumentBody({ unknownField: 1 }), 'unknownField'],
      ['POST', '/instruments', instrumentBody({ bookingRules: { slotMinutes: 'x' } }), 'bookingRules.slotMinutes'],
      ['POST', '/instruments', instrumentBody({ bookingRules: { minMinutes: 600, maxMinutes: 60 } }), 'bookingRules.minMinutes'],
      ['POST', '/institutions', { code: uniqueCode('I'), name: 'x', kind: 'school', region: 'CQ' }, 'kind'],
      ['POST', '/institutions', { code: uniqueCode('I'), name: 'x', kind: 'university', region: 'CQ', creditCode: '91510116996030823K' }, 'creditCode'],
      ['POST', '/users', { email: 'not-an-email', password: 'long-enough-pw', name: 'x', role: 'researcher' }, 'email'],
      ['POST', '/users', { email: 'a@b.cn', password: 'short', name: 'x', role: 'researcher' }, 'password'],
      ['POST', '/users', { email: 'a@b.cn', password: 'long-enough-pw', name: 'x', role: 'king' }, 'role'],
    ];
    for (const [method, path, body, field] of cases) {
      const token = path === '/instruments' ? admin.token : bureau;
      const res = await api(method, path, { token, body });
      expect({ path, field, status: res.status }).toEqual({ path, field, status: 400 });
      expect(res.body.error.code).toBe('VALIDATION_FAILED');
      expect(res.body.error.details.fields.map((f: any) => f.field)).toContain(field);
      expect(JSON.stringify(res.body)).not.toMatch(/at .*\.js:\d+/);
    }
    const badRate = await api('PUT', `/instruments/${instrument.id}/rates`, { token: admin.token, body: [rateCard({ unit: 'hour', incrementMinutes: undefined })] });
    expectError(badRate, 400, 'VALIDATION_FAILED');
    expect(badRate.body.error.details.fields[0].field).toBe('cards[0].incrementMinutes');
    const notJson = await api('POST', '/instruments', { token: admin.token, raw: '{"name": ', headers: { 'content-type': 'application/json' } });
    expectError(notJson, 400);
    expectError(await api('GET', '/instruments/not a code!', { token: admin.token }), 404);
    expectError(await api('GET', '/instruments', {}), 401, 'UNAUTHENTICATED');
    expectError(await api('GET', '/instruments', { token: 'garbage' }), 401, 'UNAUTHENTICATED');
  });

  it('refuses overlapping rate-card validity with 409 and keeps the cards it had', async () => {
    const before = await api('GET', `/instruments/${instrument.id}/rates`, { token: admin.token });
    const res = await api('PUT', `/instruments/${instrument.id}/rates`, {
      token: admin.token,
      body: [rateCard({ code: 'OV-1', validFrom: '2025-01-01', validTo: '2025-07-01' }), rateCard({ code: 'OV-2', validFrom: '2025-06-30T12:00:00+08:00' })],
    });
    expectError(res, 409, 'RATE_CARD_OVERLAP');
    expect(res.body.error.message).toContain('OV-1');
    const after = await api('GET', `/instruments/${instrument.id}/rates`, { token: admin.token });
    expect(after.body).toEqual(before.body);
    const touching = await api('PUT', `/instruments/${instrument.id}/rates`, {
      token: admin.token,
      body: [rateCard({ validFrom: '2025-01-01', validTo: '2025-07-01' }), rateCard({ validFrom: '2025-07-01' })],
    });
    expect(touching.status).toBe(200);
  });

  it('keeps opening hours, blackouts and qualifications', async () => {
    const hours = await api('PUT', `/instruments/${instrument.id}/availability`, { token: admin.token, body: { timezone: 'Asia/Shanghai', weekly: [{ weekday: 1, start: '08:00', end: '22:00' }, { weekday: 6, start: '09:00', end: '24:00' }] } });
    expect(hours.status).toBe(200);
    expectError(await api('PUT', `/instruments/${instrument.id}/availability`, { token: admin.token, body: { timezone: 'Asia/Shanghai', weekly: [{ weekday: 1, start: '08:00', end: '12:00' }, { weekday: 1, start: '11:00', end: '13:00' }] } }), 400, 'VALIDATION_FAILED');
    expectError(await api('PUT', `/instruments/${instrument.id}/availability`, { token: admin.token, body: { timezone: 'Mars/Olympus', weekly: [] } }), 400, 'VALIDATION_FAILED');
    const blackout = await api('POST', `/instruments/${instrument.id}/blackouts`, { token: admin.token, body: { start: '2026-12-01T08:00:00+08:00', end: '2026-12-02T08:00:00+08:00', reason: '年度维护' } });
    expect(blackout.status).toBe(201);
    expect(blackout.body.start).toBe('2026-12-01T00:00:00.000Z');
    expectError(await api('POST', `/instruments/${instrument.id}/blackouts`, { token: researcher.token, body: { start: '2026-12-01T08:00:00+08:00', end: '2026-12-02T08:00:00+08:00', reason: 'x' } }), 403);
    expect((await api('DELETE', `/instruments/${instrument.id}/blackouts/${blackout.body.id}`, { token: admin.token })).status).toBe(200);

    const operator = await createUser(bureau, 'operator', institution.code);
    const q = await api('POST', '/qualifications', { token: operator.token, body: { userEmail: (await api('GET', '/auth/me', { token: researcher.token })).body.email, instrumentId: instrument.id, validTo: '2030-01-01T00:00:00+08:00' } });
    expect(q.status).toBe(201);
    expectError(await api('POST', '/qualifications', { token: otherAdmin.token, body: { userId: q.body.userId, instrumentId: instrument.id, validTo: '2030-01-01T00:00:00+08:00' } }), 403);
  });

  it('lets an auditor read everything and change nothing', async () => {
    const auditor = await createUser(bureau, 'auditor');
    expect((await api('GET', `/instruments/${instrument.id}`, { token: auditor.token })).status).toBe(200);
    expectError(await api('PATCH', `/instruments/${instrument.id}`, { token: auditor.token, body: { name: 'x' } }), 403);
    expectError(await api('POST', '/institutions', { token: auditor.token, body: { code: uniqueCode('I'), name: 'x', kind: 'other', region: 'CQ' } }), 403);
  });

  it('rejects a duplicate institution code with 409', async () => {
    expectError(await api('POST', '/institutions', { token: bureau, body: { code: institution.code, name: 'dup', kind: 'other', region: 'CQ' } }), 409, 'DUPLICATE');
  });
});
