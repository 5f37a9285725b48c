import { zipSync, strToU8 } from 'fflate';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { api, bureauToken, expectError } from './support/api';
import { createInstitution, createUser } from './support/factories';

const WORKED = join(__dirname, 'fixtures/worked-example/bundle');
const CATALOGUE_FILES = ['institutions.csv', 'users.csv', 'instruments.csv', 'rates.csv'];

function zip(files: Record<string, string>, folder = ''): Blob {
  const entries: Record<string, Uint8Array> = {};
  for (const [name, text] of Object.entries(files)) entries[`${folder}${name}`] = strToU8(text);
  return new Blob([zipSync(entries)], { type: 'application/zip' });
}

async function runImport(token: string, bundle: Blob): Promise<any> {
  const form = new FormData();
  form.append('bundle', bundle, 'bundle.zip');
  const started = await api('POST', '/imports', { token, raw: form });
  expect(started.status).toBe(202);
  const progress: number[] = [];
  for (let i = 0; i < 600; i++) {
    const job = await api('GET', `/jobs/${started.body.jobId}`, { token });
    expect(job.status).toBe(200);
    progress.push(job.body.progress);
    if (job.body.state === 'completed' || job.body.state === 'failed') return { ...job.body, progressSeen: progress };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('import did not finish');
}

const workedFiles = () => Object.fromEntries(CATALOGUE_FILES.map((f) => [f, readFileSync(join(WORKED, f), 'utf8')]));

/**
 * The worked example under codes of this file's own (other test files import it as it is): the
 * same rows, every code, email and credit code changed so that nothing collides.
 */
const relabelled = () => Object.fromEntries(Object.entries(workedFiles()).map(([f, text]) => [f, text
  .replace(/\b([A-D]-(UNIV|HOSP|INST|CORP))\b/g, 'I-$1').replace(/\bEQ-/g, 'EQ-I-').replace(/\bRC-/g, 'RC-I-')
  .replace(/\bU([A-D]\d)\b/g, 'UI$1').replace(/@/g, '.import@').replace(/,[0-9A-Z]{18},/g, ',,')]));

describe('import of an exchange bundle', () => {
  let bureau: string;
  beforeAll(async () => {
    bureau = await bureauToken();
  });

  it('imports the catalogue part of the worked example, and a second import changes nothing', async () => {
    const first = await runImport(bureau, zip(relabelled(), 'bundle/'));
    expect(first.state).toBe('completed');
    expect(first.progress).toBe(100);
    expect(first.result.counts['instruments.csv']).toEqual({ inserted: 8, updated: 0, unchanged: 0 });
    expect(first.result.counts['rates.csv'].inserted).toBe(10);
    const second = await runImport(bureau, zip(relabelled()));
    expect(second.state).toBe('completed');
    expect(second.result.counts['instruments.csv']).toEqual({ inserted: 0, updated: 0, unchanged: 8 });
    expect(second.result.counts['institutions.csv']).toEqual({ inserted: 0, updated: 0, unchanged: 4 });

    const eqA1 = await api('GET', '/instruments/EQ-I-A1', { token: bureau });
    expect(eqA1.body).toMatchObject({ name: '冷冻透射电子显微镜', originalValueFen: 2000000000, categoryCode: '0101', institution: { code: 'I-A-UNIV' }, serviceModes: ['self'] });
    const rates = await api('GET', '/instruments/EQ-I-A1/rates', { token: bureau });
    expect(rates.body.map((r: any) => [r.code, r.validFrom, r.validTo])).toEqual([
      ['RC-I-A1-S1', '2023-12-31T16:00:00.000Z', '2025-06-30T16:00:00.000Z'],
      ['RC-I-A1-S2', '2025-06-30T16:00:00.000Z', null],
    ]);
  });

  it('imports policy.json into the subsidy service, once', async () => {
    const policy = JSON.parse(readFileSync(join(WORKED, 'policy.json'), 'utf8'));
    const files = { 'policy.json': JSON.stringify({ ...policy, code: `import-test-${Date.now()}` }) };
    const first = await runImport(bureau, zip(files));
    expect(first.state).toBe('completed');
    expect(first.result.counts['policy.json']).toEqual({ inserted: 1, updated: 0, unchanged: 0 });
    const again = await runImport(bureau, zip(files));
    expect(again.result.counts['policy.json']).toEqual({ inserted: 0, updated: 0, unchanged: 1 });
    const bad = await runImport(bureau, zip({ 'policy.json': JSON.stringify({ ...policy, rateBps: 'a lot' }) }));
    expect(bad.state).toBe('failed');
    expect(bad.error.details.cells).toEqual([{ file: 'policy.json', line: 0, column: 'rateBps', reason: expect.stringContaining('0%–100%') }]);
  });

  it('imports the whole worked-example bundle twice: the second time every row is unchanged, none created or updated', async () => {
    // Every file of the bundle, under codes of this test's own (R-…), so that nothing collides with other tests' imports.
    const files = Object.fromEntries(readdirSync(WORKED).map((f) => [f, readFileSync(join(WORKED, f), 'utf8')
      .replace(/\b([A-D]-(UNIV|HOSP|INST|CORP))\b/g, 'R-$1').replace(/\bEQ-/g, 'EQ-R-').replace(/\bRC-/g, 'RC-R-').replace(/\bU([A-D]\d)\b/g, 'UR$1')
      .replace(/\bUR-/g, 'UR-R-').replace(/\bCV-/g, 'CV-R-').replace(/\bFB-/g, 'FB-R-').replace(/@/g, '.reimport@').replace(/,[0-9A-Z]{18},/g, ',,')
      .replace(/"code": "[^"]+"/, `"code": "reimport-${Date.now()}"`)]));
    const first = await runImport(bureau, zip(files));
    expect(first.state).toBe('completed');
    const rows = { 'institutions.csv': 4, 'users.csv': 8, 'instruments.csv': 8, 'rates.csv': 10, 'vouchers.csv': 2, 'usage.csv': 60, 'feedback.csv': 17, 'policy.json': 1 };
    for (const [file, n] of Object.entries(rows)) expect([file, first.result.counts[file]]).toEqual([file, { inserted: n, updated: 0, unchanged: 0 }]);
    const second = await runImport(bureau, zip(files));
    expect(second.state).toBe('completed');
    for (const [file, n] of Object.entries(rows)) expect([file, second.result.counts[file]]).toEqual([file, { inserted: 0, updated: 0, unchanged: n }]);
  });

  it('imports nothing from a bundle with one bad cell, naming file, line, column and reason', async () => {
    const files = workedFiles();
    files['instruments.csv'] = files['instruments.csv'].replace('EQ-A1,A-UNIV,', 'EQ-NEW-1,A-UNIV,').replace(',0106,650000000,', ',0106,65O000000,');
    files['institutions.csv'] += 'Z-NEW,新单位,university,CQ,,\n';
    const job = await runImport(bureau, zip(files));
    expect(job.state).toBe('failed');
    expect(job.error.code).toBe('VALIDATION_FAILED');
    expect(job.error.details.cells).toEqual([{ file: 'instruments.csv', line: 3, column: 'originalValueFen', reason: expect.stringContaining('65O000000') }]);
    expectError(await api('GET', '/instruments/EQ-NEW-1', { token: bureau }), 404);
    expectError(await api('GET', '/institutions/Z-NEW', { token: bureau }), 404);
  });

  it('reports every bad cell, of every service’s files, and files of services not yet installed', async () => {
    const files = workedFiles();
    files['rates.csv'] += 'RC-BAD,EQ-NOPE,self,hour,1,2,,0,2025-01-01,\nRC-OVL,EQ-A1,self,hour,1,2,30,0,2025-03-01,2025-04-01\n';
    files['users.csv'] = files['users.csv'].replace('code,', 'code,nickname,').replace(/\n(U\w+),/g, '\n$1,x,');
    (files as Record<string, string>)['usage.csv'] = 'code,instrumentCode,userCode,start,end,serviceMode,serviceCategory,status\nUR-X,EQ-NOPE,UA1,2025-01-06T09:00:00+08:00,2025-01-06T08:00:00+08:00,self,research,completed\n';
    (files as Record<string, string>)['policy.json'] = '{}';
    const job = await runImport(bureau, zip(files));
    expect(job.state).toBe('failed');
    const cells = job.error.details.cells as any[];
    expect(cells).toEqual(expect.arrayContaining([
      expect.objectContaining({ file: 'usage.csv', line: 2, column: 'end', reason: expect.stringContaining('结束时间不晚于开始时间') }),
      expect.objectContaining({ file: 'policy.json', column: 'code', reason: '编号必须填写' }),
      expect.objectContaining({ file: 'users.csv', line: 1, column: 'nickname' }),
      expect.objectContaining({ file: 'rates.csv', line: 12, column: 'incrementMinutes' }),
    ]));
  });

  it('lets an institution admin import only their own rows', async () => {
    const own = await createInstitution(bureau);
    const admin = await createUser(bureau, 'institution_admin', own.code);
    const job = await runImport(admin.token, zip({ 'instruments.csv': 'code,institutionCode,name,categoryCode,originalValueFen,sharingStatus\nEQ-STRANGER,A-UNIV,x,0101,1,open\n' }));
    expect(job.state).toBe('failed');
    expect(job.error.details.cells[0]).toMatchObject({ file: 'instruments.csv', line: 2, column: 'institutionCode' });
    const ok = await runImport(admin.token, zip({ 'instruments.csv': `code,institutionCode,name,categoryCode,originalValueFen,sharingStatus\nEQ-OWN-${own.code},${own.code},自有仪器,0104,60000000,open\n` }));
    expect(ok.state).toBe('completed');
    expectError(await runImport(bureau, new Blob([new Uint8Array([1, 2, 3])])).then((j) => ({ status: j.state === 'failed' ? 400 : 200, body: { error: j.error }, headers: new Headers() })), 400, 'VALIDATION_FAILED');
  });

  it('imports a bundle Excel saved in GB18030 with TRUE/FALSE, and refuses a file in neither encoding with the reason', async () => {
    const dir = join(__dirname, 'fixtures/gb18030-bundle');
    const bytes = Object.fromEntries(['institutions.csv', 'instruments.csv'].map((f) => [f, new Uint8Array(readFileSync(join(dir, f)))]));
    for (const b of Object.values(bytes)) expect(() => new TextDecoder('utf-8', { fatal: true }).decode(b)).toThrow();
    const imported = await runImport(bureau, new Blob([zipSync(bytes)], { type: 'application/zip' }));
    expect([imported.state, imported.error]).toEqual(['completed', undefined]);
    expect(imported.result.counts['instruments.csv'].inserted + imported.result.counts['instruments.csv'].unchanged).toBe(2);
    expect((await api('GET', '/instruments/EQ-G18-1', { token: bureau })).body).toMatchObject({
      name: '场发射扫描电子显微镜', manufacturer: '日立', specialised: true, onlineBooking: false, institution: { code: 'G18-UNIV' },
    });
    expect((await api('GET', '/instruments/EQ-G18-2', { token: bureau })).body).toMatchObject({ name: '激光共聚焦显微镜', specialised: false, onlineBooking: true });

    const neither = await runImport(bureau, new Blob([zipSync({ 'institutions.csv': Uint8Array.from([...strToU8('code,name\nX-'), 0xff, 0xfe, 0x0a]) })], { type: 'application/zip' }));
    expect(neither.state).toBe('failed');
    expect(neither.error.details.cells).toEqual([expect.objectContaining({ file: 'institutions.csv', reason: expect.stringMatching(/^文件既不是 UTF-8 也不是 GB18030/) })]);
  });

  it('refuses researchers and uploads without a bundle', async () => {
    const inst = await createInstitution(bureau);
    const researcher = await createUser(bureau, 'researcher', inst.code);
    const form = new FormData();
    form.append('bundle', zip(workedFiles()), 'b.zip');
    expectError(await api('POST', '/imports', { token: researcher.token, raw: form }), 403);
    const empty = new FormData();
    empty.append('other', 'x');
    expectError(await api('POST', '/imports', { token: bureau, raw: empty }), 400, 'VALIDATION_FAILED');
  });
});
