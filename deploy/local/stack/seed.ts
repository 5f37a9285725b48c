import { generateCatalogueBundle, zipBundle } from '../../../bench/generator/catalogue';

export interface DemoAccount {
  role: string;
  /** A bureau officer's region (issue 16); absent: a joint officer, or not a bureau officer. */
  region?: string;
  email: string;
  password: string;
  name: string;
}

interface Json {
  [key: string]: any;
}

async function call(baseUrl: string, method: string, path: string, token: string | null, body?: unknown, raw?: FormData): Promise<{ status: number; body: Json }> {
  const headers: Record<string, string> = {};
  if (token) headers.authorization = `Bearer ${token}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${baseUrl}/api/v1${path}`, { method, headers, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as Json) : {} };
}

/**
 * Seeds a demo catalogue through the public API, as a bureau officer would: a generated bundle
 * imported as a job, then demo accounts of every role. Idempotent: a second run changes nothing.
 */
export async function seedDemo(baseUrl: string, bureau: { email: string; password: string }, instruments: number, log: (line: string) => void): Promise<DemoAccount[]> {
  const login = await call(baseUrl, 'POST', '/auth/login', null, bureau);
  if (login.status !== 200) throw new Error(`cannot sign in as ${bureau.email}: ${JSON.stringify(login.body)}`);
  const token = login.body.accessToken as string;

  const existing = await call(baseUrl, 'GET', '/instruments?pageSize=1', token);
  if ((existing.body.total ?? 0) < instruments) {
    const { files } = generateCatalogueBundle({ instruments, seed: 2026 });
    const form = new FormData();
    form.append('bundle', new Blob([zipBundle(files)], { type: 'application/zip' }), 'demo-bundle.zip');
    const started = await call(baseUrl, 'POST', '/imports', token, undefined, form);
    if (started.status !== 202) throw new Error(`demo import refused: ${JSON.stringify(started.body)}`);
    for (;;) {
      const job = await call(baseUrl, 'GET', `/jobs/${started.body.jobId}`, token);
      if (job.body.state === 'completed') break;
      if (job.body.state === 'failed') throw new Error(`demo import failed: ${JSON.stringify(job.body.error).slice(0, 2000)}`);
      await new Promise((r) => setTimeout(r, 300));
    }
    log(`demo: imported ${instruments} instruments`);
  }

  const institutions = await call(baseUrl, 'GET', '/institutions?pageSize=2', token);
  const home = institutions.body.items[0].code as string;
  // The demo researcher works elsewhere, so their bookings of the demo institution's instruments are external.
  const away = (institutions.body.items[1] ?? institutions.body.items[0]).code as string;
  const accounts: DemoAccount[] = [
    { role: 'researcher', email: 'researcher@demo.yixiang.local', password: 'demo-keyan-2026', name: '演示研究员' },
    { role: 'institution_admin', email: 'admin@demo.yixiang.local', password: 'demo-danwei-2026', name: '演示单位管理员' },
    { role: 'operator', email: 'operator@demo.yixiang.local', password: 'demo-jizu-2026', name: '演示机组负责人' },
    { role: 'auditor', email: 'auditor@demo.yixiang.local', password: 'demo-shenji-2026', name: '演示审计员' },
    // Regional bureaus (issue 16): the bootstrap bureau account stays the joint (川渝) officer.
    { role: 'bureau', region: 'CQ', email: 'cq.bureau@demo.yixiang.local', password: 'demo-yukejiju-2026', name: '重庆市科技局演示账号' },
    { role: 'bureau', region: 'SC', email: 'sc.bureau@demo.yixiang.local', password: 'demo-chuankejiju-2026', name: '四川省科技厅演示账号' },
  ];
  for (const a of accounts) {
    const res = await call(baseUrl, 'POST', '/users', token, {
      email: a.email, password: a.password, name: a.name, role: a.role,
      ...(a.role === 'auditor' || a.role === 'bureau' ? {} : { institutionCode: a.role === 'researcher' ? away : home }),
      ...(a.region ? { region: a.region } : {}),
    });
    if (res.status !== 201 && res.status !== 409) throw new Error(`cannot create demo user ${a.email}: ${JSON.stringify(res.body)}`);
  }
  const signIn = async (a: DemoAccount) => (await call(baseUrl, 'POST', '/auth/login', null, { email: a.email, password: a.password })).body.accessToken as string;
  await seedBookings(baseUrl, home, await signIn(accounts[1]), await signIn(accounts[0]), log);
  await seedVoucherProgrammes(baseUrl, { CQ: await signIn(accounts[4]), SC: await signIn(accounts[5]) });
  return [{ role: 'bureau', email: bureau.email, password: bureau.password, name: '科技局管理员' }, ...accounts];
}

const DAY_MS = 24 * 3600 * 1000;

/**
 * Opening hours for the demo institution's instruments and a few weeks of bookings on them by the
 * demo researcher, some approved, so that calendars, slots and approvals have something to show.
 * Runs once: a researcher who already has bookings is left alone.
 */
async function seedBookings(baseUrl: string, home: string, admin: string, researcher: string, log: (line: string) => void): Promise<void> {
  const mine = await call(baseUrl, 'GET', '/bookings?pageSize=1', researcher);
  if ((mine.body.total ?? 0) > 0) return;
  const listed = await call(baseUrl, 'GET', `/instruments?institution=${home}&sharingStatus=open&onlineBooking=true&pageSize=12`, admin);
  const instruments = (listed.body.items ?? []) as Json[];
  const weekly = [
    ...[1, 2, 3, 4, 5].map((weekday) => ({ weekday, start: '08:00', end: '20:00' })),
    { weekday: 6, start: '09:00', end: '17:00' },
  ];
  for (const i of instruments) await call(baseUrl, 'PUT', `/instruments/${i.id}/availability`, admin, { timezone: 'Asia/Shanghai', weekly });
  let booked = 0;
  for (let k = 0; k < 24 && instruments.length; k++) {
    const instrument = (await call(baseUrl, 'GET', `/instruments/${instruments[k % instruments.length].id}`, researcher)).body;
    const day = new Date(Date.now() + (1 + Math.floor(k * 1.2)) * DAY_MS);
    const from = new Date(Math.floor(day.getTime() / DAY_MS) * DAY_MS - 8 * 3600e3);
    const slots = await call(baseUrl, 'GET', `/instruments/${instrument.id}/slots?from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(new Date(from.getTime() + DAY_MS).toISOString())}`, researcher);
    const minutes = Math.min(Math.max(120, instrument.bookingRules.minMinutes), instrument.bookingRules.maxMinutes);
    const free = ((slots.body.free ?? []) as { start: string; end: string }[]).find((f) => Date.parse(f.end) - Date.parse(f.start) >= minutes * 60000);
    const mode = (instrument.serviceModes as string[]).find((m) => m !== 'self') ?? instrument.serviceModes[0];
    if (!free || (mode === 'self' && instrument.bookingRules.qualificationRequired)) continue;
    const start = new Date(Date.parse(free.start) + (k % 3) * 60 * 60000);
    const end = new Date(start.getTime() + minutes * 60000);
    if (end.getTime() > Date.parse(free.end)) continue;
    const res = await call(baseUrl, 'POST', '/bookings', researcher, {
      instrumentId: instrument.id, start: start.toISOString(), end: end.toISOString(), serviceMode: mode,
      purpose: ['钙钛矿薄膜形貌表征', '催化剂比表面积测定', '蛋白质分子量鉴定', '合金断口成分分析'][k % 4], ...(mode === 'sample' ? { samples: 1 + (k % 5) } : {}),
    });
    if (res.status !== 201) continue;
    booked++;
    if (res.body.status === 'requested' && k % 2 === 0) await call(baseUrl, 'POST', `/bookings/${res.body.id}/approve`, admin);
  }
  log(`demo: opening hours on ${instruments.length} instruments of ${home}, ${booked} bookings over the next weeks`);
}

/**
 * One innovation-voucher programme of each regional bureau, spendable on both sides of the border
 * (通用通兑), so the voucher pages have something to apply to. A programme already there (409) is kept.
 */
async function seedVoucherProgrammes(baseUrl: string, officers: Record<'CQ' | 'SC', string>): Promise<void> {
  const year = new Date().getUTCFullYear();
  const names = { CQ: '重庆市科技创新券', SC: '四川省科技创新券' };
  for (const region of ['CQ', 'SC'] as const) {
    const res = await call(baseUrl, 'POST', '/voucher-programmes', officers[region], {
      code: `${region}-${year}-CXQ`, name: `${year} 年${names[region]}`, year, budgetFen: 50_000_000, coverBps: 5000,
      perApplicationCapFen: 2_000_000, perHolderYearCapFen: 10_000_000, applicantKinds: [], applicantRegions: [], providerRegions: ['CQ', 'SC'],
      validFrom: `${year}-01-01T00:00:00+08:00`, validTo: `${year + 1}-01-01T00:00:00+08:00`, mode: 'provider-redeemed',
    });
    if (res.status !== 201 && res.status !== 409) throw new Error(`cannot create the demo voucher programme of ${region}: ${JSON.stringify(res.body)}`);
  }
}
