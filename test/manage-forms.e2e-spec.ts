import { api, bureauToken, expectError } from './support/api';
import { createInstitution, createUser, instrumentBody } from './support/factories';

/**
 * Issue 21, through the HTTP API: the qualifications page's list (names, expiring, a page, only what the
 * caller may read), every descriptive field of an instrument editable after creation (and searchable at
 * once), and several opening ranges a day (a booking inside the second range is taken, one across the
 * lunch gap refused).
 */

/** A Shanghai calendar day `days` from today, as YYYY-MM-DD. */
function shanghaiDay(days: number): string {
  return new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);
}
const at = (day: string, hhmm: string) => `${day}T${hhmm}:00+08:00`;
const inDays = (days: number) => new Date(Date.now() + days * 86400e3).toISOString();

describe('operators’ and admins’ forms (issue 21)', () => {
  let bureau: string;
  let provider: any;
  let admin: { token: string; user: any; email: string };
  let operator: { token: string; user: any };
  let researchers: { token: string; user: any; email: string }[];
  let otherOperator: { token: string; user: any };
  let instrument: any;
  let second: any;
  let foreign: any;

  beforeAll(async () => {
    bureau = await bureauToken();
    provider = await createInstitution(bureau, { name: '重庆嘉陵理工大学', region: 'CQ' });
    const other = await createInstitution(bureau, { name: '成都锦江新材料研究所', kind: 'institute', region: 'SC' });
    admin = await createUser(bureau, 'institution_admin', provider.code);
    operator = await createUser(bureau, 'operator', provider.code);
    researchers = await Promise.all([0, 1, 2].map(() => createUser(bureau, 'researcher', other.code)));
    const otherAdmin = await createUser(bureau, 'institution_admin', other.code);
    otherOperator = await createUser(bureau, 'operator', other.code);
    instrument = (await api('POST', '/instruments', { token: admin.token, body: instrumentBody({ name: '透射电子显微镜 表单测试', bookingRules: { slotMinutes: 30, minMinutes: 30, maxMinutes: 600 } }) })).body;
    second = (await api('POST', '/instruments', { token: admin.token, body: instrumentBody({ name: '核磁共振波谱仪 表单测试', categoryCode: '0102' }) })).body;
    foreign = (await api('POST', '/instruments', { token: otherAdmin.token, body: instrumentBody({ name: '外单位电镜 表单测试' }) })).body;
    expect([instrument.id, second.id, foreign.id].every(Boolean)).toBe(true);
  });

  describe('GET /qualifications/roster', () => {
    beforeAll(async () => {
      const grant = (token: string, body: Record<string, unknown>) => api('POST', '/qualifications', { token, body });
      expect((await grant(operator.token, { userEmail: researchers[0].email, instrumentId: instrument.id, validTo: inDays(365) })).status).toBe(201);
      expect((await grant(operator.token, { userEmail: researchers[1].email, instrumentId: instrument.id, validTo: inDays(10) })).status).toBe(201);
      expect((await grant(admin.token, { userId: researchers[2].user.id, instrumentCode: second.code, validTo: inDays(90) })).status).toBe(201);
      expect((await grant(otherOperator.token, { userId: researchers[0].user.id, instrumentId: foreign.id, validTo: inDays(90) })).status).toBe(201);
    });

    it('lists the institution’s qualifications with user and instrument names, by instrument name, and marks one running out within 30 days', async () => {
      const res = await api('GET', '/qualifications/roster', { token: operator.token });
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ total: 3, page: 1, pageSize: 50 });
      const rows = res.body.items.map((q: any) => [q.instrumentName, q.userName, q.userEmail, q.standing]);
      expect(rows).toEqual(expect.arrayContaining([
        ['透射电子显微镜 表单测试', researchers[0].user.name, researchers[0].email, 'valid'],
        ['透射电子显微镜 表单测试', researchers[1].user.name, researchers[1].email, 'expiring'],
        ['核磁共振波谱仪 表单测试', researchers[2].user.name, researchers[2].email, 'valid'],
      ]));
      // Sorted by instrument name ('核' before '透' in code points), so one instrument's rows stay together.
      expect(res.body.items.map((q: any) => q.instrumentCode)).toEqual([second.code, instrument.code, instrument.code]);
      // Another institution's qualification of the same researcher is not this operator's to see.
      expect(JSON.stringify(res.body)).not.toContain(foreign.id);
    });

    it('pages, filters by instrument and by a part of a name or email', async () => {
      const first = await api('GET', '/qualifications/roster?page=1&pageSize=2', { token: admin.token });
      const rest = await api('GET', '/qualifications/roster?page=2&pageSize=2', { token: admin.token });
      expect([first.body.items.length, rest.body.items.length, first.body.total, rest.body.total]).toEqual([2, 1, 3, 3]);
      expect(new Set([...first.body.items, ...rest.body.items].map((q: any) => q.id)).size).toBe(3);
      const ofOne = await api('GET', `/qualifications/roster?instrumentId=${second.id}`, { token: operator.token });
      expect(ofOne.body.items.map((q: any) => q.userId)).toEqual([researchers[2].user.id]);
      // The email's local part (its random code makes it this researcher's alone; its first 12 characters
      // were 'researcher-' and one hex digit, which another researcher shared one run in eight).
      const byEmail = await api('GET', `/qualifications/roster?q=${encodeURIComponent(researchers[1].email.split('@')[0]!.toUpperCase())}`, { token: operator.token });
      expect(byEmail.body.items.map((q: any) => q.userId)).toEqual([researchers[1].user.id]);
      const wildcard = await api('GET', `/qualifications/roster?q=${encodeURIComponent('%')}`, { token: operator.token });
      expect(wildcard.body.total).toBe(0);
    });

    it('gives a researcher their own qualifications only, everywhere, and the bureau every one', async () => {
      const own = await api('GET', '/qualifications/roster', { token: researchers[0].token });
      expect(own.body.items.map((q: any) => q.instrumentId).sort()).toEqual([instrument.id, foreign.id].sort());
      const all = await api('GET', `/qualifications/roster?instrumentId=${foreign.id}`, { token: bureau });
      expect(all.body.items.map((q: any) => q.userId)).toEqual([researchers[0].user.id]);
    });

    it('refuses a bad page or instrument id with 400, and revoking removes the row', async () => {
      expectError(await api('GET', '/qualifications/roster?pageSize=201', { token: operator.token }), 400);
      expectError(await api('GET', '/qualifications/roster?instrumentId=x', { token: operator.token }), 400);
      const listed = (await api('GET', `/qualifications/roster?instrumentId=${instrument.id}`, { token: operator.token })).body.items as any[];
      const expiring = listed.find((q) => q.standing === 'expiring');
      expect((await api('DELETE', `/qualifications/${expiring.id}`, { token: operator.token })).status).toBe(200);
      const after = await api('GET', `/qualifications/roster?instrumentId=${instrument.id}`, { token: operator.token });
      expect(after.body.items.map((q: any) => q.id)).not.toContain(expiring.id);
    });
  });

  describe('PATCH /instruments/:id with the descriptive fields', () => {
    it('changes model, manufacturer, specifications, purchase date and the rest, and the next search finds the new name and model', async () => {
      const model = `JEM-F200-${provider.code}`;
      const changes = {
        name: '场发射透射电子显微镜 表单测试', model, manufacturer: 'JEOL', countryOfOrigin: 'JP', categoryCode: '0101', originalValueFen: 1234567800,
        purchaseDate: '2022-03-18', specialised: true, specifications: '加速电压 200 kV；点分辨率 0.19 nm', retiredOn: null,
      };
      const patched = await api('PATCH', `/instruments/${instrument.id}`, { token: admin.token, body: changes });
      expect(patched.status).toBe(200);
      expect(patched.body).toMatchObject(changes);
      expect((await api('GET', `/instruments/${instrument.id}`, { token: researchers[0].token })).body).toMatchObject(changes);
      for (const q of [model.toLowerCase(), '场发射透射']) {
        const found = await api('GET', `/instruments?q=${encodeURIComponent(q)}&institution=${provider.code}`, { token: researchers[0].token });
        expect({ q, codes: found.body.items.map((i: any) => i.code) }).toEqual({ q, codes: [instrument.code] });
      }
      // The old model is no longer a match.
      const old = await api('GET', `/instruments?q=${encodeURIComponent('Gemini 300')}&institution=${provider.code}`, { token: researchers[0].token });
      expect(old.body.items.map((i: any) => i.code)).not.toContain(instrument.code);
      // Clearing an optional text: null.
      const cleared = await api('PATCH', `/instruments/${instrument.id}`, { token: admin.token, body: { specifications: null, purchaseDate: null } });
      expect(cleared.body).toMatchObject({ specifications: null, purchaseDate: null, model });
    });

    it.each([
      ['purchaseDate', 'an impossible day', '2022-02-30'], ['model', '201 characters', 'x'.repeat(201)], ['manufacturer', 'a number', 7],
      ['countryOfOrigin', 'a name, not a code', 'Japan'], ['originalValueFen', 'below 0', -1], ['originalValueFen', 'a fraction of a fen', 1.5],
      ['categoryCode', 'a top-level code', '01'], ['specifications', '10001 characters', 'x'.repeat(10001)], ['name', 'null', null],
    ])('refuses %s (%s) with 400 naming it, and the instrument stays as it was', async (field, _what, value) => {
      const before = (await api('GET', `/instruments/${instrument.id}`, { token: admin.token })).body;
      const res = await api('PATCH', `/instruments/${instrument.id}`, { token: admin.token, body: { [field]: value } });
      expectError(res, 400);
      expect(JSON.stringify(res.body.error.details)).toContain(field);
      expect((await api('GET', `/instruments/${instrument.id}`, { token: admin.token })).body).toEqual(before);
    });
  });

  describe('several opening ranges a day', () => {
    const day = shanghaiDay(12);
    const weekday = ((new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7) + 1;

    beforeAll(async () => {
      const weekly = [{ weekday, start: '14:00', end: '18:00' }, { weekday, start: '08:00', end: '12:00' }];
      const put = await api('PUT', `/instruments/${second.id}/availability`, { token: admin.token, body: { timezone: 'Asia/Shanghai', weekly } });
      expect(put.status).toBe(200);
      // Stored sorted by start.
      expect(put.body.weekly).toEqual([{ weekday, start: '08:00', end: '12:00' }, { weekday, start: '14:00', end: '18:00' }]);
    });

    it('takes a booking inside the second range (201) and refuses one across the lunch gap (422)', async () => {
      const book = (start: string, end: string) => api('POST', '/bookings', {
        token: researchers[1].token, body: { instrumentId: second.id, serviceMode: 'assisted', purpose: '核磁氢谱测试', start: at(day, start), end: at(day, end) },
      });
      const across = await book('11:00', '15:00');
      expectError(across, 422, 'RULE_VIOLATION');
      expect(across.body.error.details.rules.map((v: any) => v.rule)).toEqual(['opening-hours']);
      expect((await book('14:30', '16:00')).status).toBe(201);
      expect((await book('09:00', '10:00')).status).toBe(201);
      const slots = await api('GET', `/instruments/${second.id}/slots?from=${encodeURIComponent(at(day, '00:00'))}&to=${encodeURIComponent(at(day, '23:59'))}`, { token: researchers[1].token });
      expect(slots.status).toBe(200);
      // Nothing offered in the lunch gap.
      const lunch = [Date.parse(at(day, '12:00')), Date.parse(at(day, '14:00'))];
      expect(slots.body.free.length).toBeGreaterThan(0);
      for (const s of slots.body.free as { start: string; end: string }[]) {
        expect(Date.parse(s.start) >= lunch[1] || Date.parse(s.end) <= lunch[0]).toBe(true);
      }
    });

    it('refuses ranges of one day that overlap, naming the entry, and keeps the hours as they were', async () => {
      const nested = [{ weekday, start: '08:00', end: '18:00' }, { weekday, start: '09:00', end: '10:00' }, { weekday, start: '11:00', end: '12:00' }];
      const res = await api('PUT', `/instruments/${second.id}/availability`, { token: admin.token, body: { timezone: 'Asia/Shanghai', weekly: nested } });
      expectError(res, 400);
      expect(res.body.error.details.fields.map((f: any) => f.field)).toEqual(['weekly[1]', 'weekly[2]']);
      const kept = await api('GET', `/instruments/${second.id}/availability`, { token: admin.token });
      expect(kept.body.weekly).toHaveLength(2);
    });
  });
});
