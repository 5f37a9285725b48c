import { strToU8, zipSync } from 'fflate';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { api, bureauToken, expectError, testEnv } from './support/api';
import { createUser } from './support/factories';
import { hundredths, OfficeCell, openWithLibreOffice } from './support/libreoffice';
import { readSheet } from './support/xlsx';
import { CHARGES_SHEET, EVALUATION_INSTRUMENTS_SHEET, EVALUATION_SHEET } from '@yixiang/domain';

const EXAMPLE = join(__dirname, 'fixtures/worked-example');

function bundle(files: Record<string, string>): Blob {
  return new Blob([zipSync(Object.fromEntries(Object.entries(files).map(([n, t]) => [n, strToU8(t)])))], { type: 'application/zip' });
}

async function followJob(token: string, jobId: string): Promise<any> {
  for (let i = 0; i < 1200; i++) {
    const job = await api('GET', `/jobs/${jobId}`, { token });
    if (job.body.state === 'completed' || job.body.state === 'failed') return job.body;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`job ${jobId} did not finish`);
}

async function importBundle(token: string, files: Record<string, string>): Promise<any> {
  const form = new FormData();
  form.append('bundle', bundle(files), 'bundle.zip');
  const started = await api('POST', '/imports', { token, raw: form });
  expect(started.status).toBe(202);
  return followJob(token, started.body.jobId);
}

async function settle(token: string, period: string): Promise<any> {
  const started = await api('POST', '/settlements', { token, body: { period } });
  expect(started.status).toBe(202);
  return followJob(token, started.body.jobId);
}

/** CSV rows without the header; free-text reason columns cut off where the expected file says so. */
const csvRows = (text: string) => text.trimEnd().split('\n').slice(1);

/**
 * Other test files bill data of their own in the same database; the bureau's exports hold it all.
 * The worked example's rows are those of its usage codes (UR-…) and of its four institutions.
 */
const WORKED_INSTITUTIONS = ['A-UNIV', 'B-HOSP', 'C-INST', 'D-CORP'];
const workedOnly = (csv: string, isStatement = false) => {
  const [header, ...rows] = csv.trimEnd().split('\n');
  const keep = rows.filter((r) => (isStatement ? WORKED_INSTITUTIONS.includes(r.split(',')[0]) && WORKED_INSTITUTIONS.includes(r.split(',')[1]) : r.startsWith('UR-')));
  return `${[header, ...keep].join('\n')}\n`;
};

describe('billing the worked example through the API', () => {
  let bureau: string;
  const files = Object.fromEntries(readdirSync(join(EXAMPLE, 'bundle')).filter((f) => f.endsWith('.csv')).map((f) => [f, readFileSync(join(EXAMPLE, 'bundle', f), 'utf8')]));

  beforeAll(async () => {
    bureau = await bureauToken();
  });

  it('imports the whole bundle, settles every month, and exports exactly the expected files', async () => {
    const imported = await importBundle(bureau, files);
    expect(imported.state).toBe('completed');
    expect(imported.result.counts['usage.csv']).toEqual({ inserted: 60, updated: 0, unchanged: 0 });
    expect(imported.result.counts['vouchers.csv']).toEqual({ inserted: 2, updated: 0, unchanged: 0 });
    expect(imported.result.counts['feedback.csv']).toEqual({ inserted: 17, updated: 0, unchanged: 0 });

    // Settling the last month settles every earlier month with unsettled records, in order.
    const settled = await settle(bureau, '2026-01');
    expect(settled.state).toBe('completed');
    expect(settled.result.periods[0].period).toBe('2024-12');
    // The run is listed for the bureau with the months it settled; researchers do not see the list.
    const runs = await api('GET', '/settlements', { token: bureau });
    expect(runs.status).toBe(200);
    const run = runs.body.items.find((r: any) => r.jobId === settled.id);
    expect(run).toMatchObject({ period: '2026-01', scheduled: false, state: 'completed', progress: 100, error: null });
    expect(run.periods.map((p: any) => p.period)).toEqual(settled.result.periods.map((p: any) => p.period));
    // The list convention (api.md): pageSize=1 gives one run and the total of all (a bare array before issue 15).
    const first = await api('GET', '/settlements?pageSize=1', { token: bureau });
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ page: 1, pageSize: 1 });
    expect(first.body.items).toHaveLength(1);
    expect(first.body.total).toBeGreaterThanOrEqual(1);
    const researcher = await createUser(bureau, 'researcher', 'A-UNIV');
    expectError(await api('GET', '/settlements', { token: researcher.token }), 403, 'FORBIDDEN');

    const charges = await api('GET', '/exports/charges.csv', { token: bureau });
    expect(charges.status).toBe(200);
    expect(charges.headers.get('content-type')).toContain('text/csv');
    expect(workedOnly(charges.body)).toBe(readFileSync(join(EXAMPLE, 'expected/charges.csv'), 'utf8'));
    expect(workedOnly((await api('GET', '/exports/statements.csv', { token: bureau })).body, true)).toBe(readFileSync(join(EXAMPLE, 'expected/statements.csv'), 'utf8'));
    const unbilled = csvRows(workedOnly((await api('GET', '/exports/unbilled.csv', { token: bureau })).body));
    expect(unbilled.map((r) => r.split(',')[0])).toEqual(csvRows(readFileSync(join(EXAMPLE, 'expected/unbilled.csv'), 'utf8')).map((r) => r.split(',')[0]));
    const refusals = csvRows(workedOnly((await api('GET', '/exports/voucher-rejections.csv', { token: bureau })).body));
    expect(refusals.map((r) => r.split(',').slice(0, 2).join())).toEqual(csvRows(readFileSync(join(EXAMPLE, 'expected/voucher-rejections.csv'), 'utf8')).map((r) => r.split(',').slice(0, 2).join()));

    // The same as .xlsx for people: Chinese headers, names beside codes, yuan as numbers, a 合计 row.
    const xlsx = await fetch(`${testEnv().gatewayUrl}/api/v1/exports/statements.xlsx`, { headers: { authorization: `Bearer ${bureau}` } });
    expect(xlsx.status).toBe(200);
    const sheet = await readSheet(await xlsx.arrayBuffer());
    expect(sheet.rows[0]).toEqual(['服务单位编号', '服务单位名称', '付费单位编号', '付费单位名称', '账期', '明细条数', '金额（元）', '创新券抵扣（元）', '应付（元）']);
    const statementLines = csvRows(workedOnly((await api('GET', '/exports/statements.csv', { token: bureau })).body, true)).slice(1).map((r) => r.split(','));
    const sheetLines = sheet.rows.slice(1, -1).filter((r) => statementLines.some((l) => l[0] === r[0] && l[1] === r[2] && l[2] === r[4]));
    expect(sheetLines.length).toBe(statementLines.length);
    for (const line of statementLines) {
      const r = sheetLines.find((x) => x[0] === line[0] && x[2] === line[1] && x[4] === line[2])!;
      expect([r[5], r[6], r[7], r[8]]).toEqual([Number(line[3]), Number(line[4]) / 100, Number(line[5]) / 100, Number(line[6]) / 100]);
      expect(typeof r[1]).toBe('string');
    }
    expect(sheet.rows.find((r) => r[0] === 'A-UNIV')?.[1]).toEqual(expect.stringMatching(/\S/));
    expect(sheet.rows[sheet.rows.length - 1][0]).toBe('合计');
  });

  it('gives Excel its CSV with ?excel=1: a byte-order mark and CRLF, the exchange-format bytes otherwise', async () => {
    const bytes = async (path: string) => {
      const res = await fetch(`${testEnv().gatewayUrl}/api/v1${path}`, { headers: { authorization: `Bearer ${bureau}` } });
      expect([path, res.status]).toEqual([path, 200]);
      return Buffer.from(await res.arrayBuffer());
    };
    for (const path of ['/exports/charges.csv', '/exports/unbilled.csv', '/statistics/cross-region.csv?year=2025']) {
      const plain = await bytes(path);
      const excel = await bytes(`${path}${path.includes('?') ? '&' : '?'}excel=1`);
      expect([path, plain.subarray(0, 3).toString('hex')]).not.toEqual([path, 'efbbbf']);
      expect(plain.includes('\r\n')).toBe(false);
      expect([path, excel.subarray(0, 3).toString('hex')]).toEqual([path, 'efbbbf']);
      expect(excel.subarray(3).toString('utf8')).toBe(plain.toString('utf8').replace(/\n/g, '\r\n'));
      // excel=0 is the exchange format, byte for byte.
      expect((await bytes(`${path}${path.includes('?') ? '&' : '?'}excel=0`)).equals(plain)).toBe(true);
    }
    expect(workedOnly((await bytes('/exports/charges.csv')).toString('utf8'))).toBe(readFileSync(join(EXAMPLE, 'expected/charges.csv'), 'utf8'));
  });

  it('changes nothing when a month is settled again or the bundle imported again', async () => {
    const before = workedOnly((await api('GET', '/exports/charges.csv', { token: bureau })).body);
    const statementsBefore = workedOnly((await api('GET', '/exports/statements.csv', { token: bureau })).body, true);
    expect((await settle(bureau, '2025-03')).state).toBe('completed');
    const again = await importBundle(bureau, files);
    // Identical rows are reported as such, not as 60 updates (issue 21).
    expect(again.result.counts['usage.csv']).toEqual({ inserted: 0, updated: 0, unchanged: 60 });
    expect((await settle(bureau, '2026-01')).state).toBe('completed');
    expect(workedOnly((await api('GET', '/exports/charges.csv', { token: bureau })).body)).toBe(before);
    const statementsAfter = workedOnly((await api('GET', '/exports/statements.csv', { token: bureau })).body, true);
    expect(statementsAfter).toBe(statementsBefore);
    expect(csvRows(statementsAfter)).toHaveLength(54);
  });

  it('settles a year as one range run, each month in order, with the results of twelve single settlements', async () => {
    const months = Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`);
    const singles: any[] = [];
    for (const month of months) singles.push(await settle(bureau, month));
    expect(singles.map((s) => s.state)).toEqual(months.map(() => 'completed'));
    const charges = workedOnly((await api('GET', '/exports/charges.csv', { token: bureau })).body);
    const statements = workedOnly((await api('GET', '/exports/statements.csv', { token: bureau })).body, true);
    expect(charges).toBe(readFileSync(join(EXAMPLE, 'expected/charges.csv'), 'utf8'));

    const started = await api('POST', '/settlements/range', { token: bureau, body: { from: '2025-01', to: '2025-12' } });
    expect(started.status).toBe(202);
    const progress: number[] = [];
    let range: any;
    for (let i = 0; i < 1200 && !range; i++) {
      const job = (await api('GET', `/jobs/${started.body.jobId}`, { token: bureau })).body;
      progress.push(job.progress);
      if (job.state === 'completed' || job.state === 'failed') range = job;
      else await new Promise((r) => setTimeout(r, 50));
    }
    expect(range.state).toBe('completed');
    expect(range.progress).toBe(100);
    expect(progress).toEqual([...progress].sort((a, b) => a - b));
    // One entry a month, in order, with each month's counts as its single settlement reported them.
    expect(range.result.periods.map((p: any) => p.period)).toEqual(months);
    expect(range.result.periods).toEqual(singles.map((s) => s.result.periods.at(-1)));
    expect(workedOnly((await api('GET', '/exports/charges.csv', { token: bureau })).body)).toBe(charges);
    expect(workedOnly((await api('GET', '/exports/statements.csv', { token: bureau })).body, true)).toBe(statements);
    const listed = (await api('GET', '/settlements', { token: bureau })).body.items.find((r: any) => r.jobId === started.body.jobId);
    expect(listed).toMatchObject({ period: '2025-01', through: '2025-12', state: 'completed' });

    // Backwards or longer than two years: refused naming the last month, in Chinese first, and nothing queued.
    const backwards = await api('POST', '/settlements/range', { token: bureau, body: { from: '2025-06', to: '2025-05' } });
    expectError(backwards, 400, 'VALIDATION_FAILED');
    expect(backwards.body.error.message).toContain('早于');
    expect(backwards.body.error.details.fields).toEqual([expect.objectContaining({ field: 'to' })]);
    expectError(await api('POST', '/settlements/range', { token: bureau, body: { from: '2024-01', to: '2026-02' } }), 400, 'VALIDATION_FAILED');
  });

  it('issues and pays statements, and never recomputes an issued one', async () => {
    const list = await api('GET', '/statements?period=2025-03&pageSize=200', { token: bureau });
    const statement = list.body.items[0];
    expectError(await api('POST', `/statements/${statement.id}/pay`, { token: bureau }), 409, 'ILLEGAL_TRANSITION');
    expect((await api('POST', `/statements/${statement.id}/issue`, { token: bureau })).body.status).toBe('issued');
    expect((await api('POST', `/statements/${statement.id}/pay`, { token: bureau })).body.status).toBe('paid');
    const detail = await api('GET', `/statements/${statement.id}`, { token: bureau });
    expect(detail.body.charges.reduce((n: number, c: any) => n + c.amountFen, 0)).toBe(statement.amountFen);
    expect((await settle(bureau, '2025-03')).state).toBe('completed');
    expect((await api('GET', `/statements/${statement.id}`, { token: bureau })).body).toMatchObject({ status: 'paid', amountFen: statement.amountFen });
  });

  it('rejects bad usage rows with the reason and loses nothing else', async () => {
    const bad = 'code,instrumentCode,userCode,start,end,samples,serviceMode,serviceCategory,status,voucherCode\n'
      + 'UR-B1,EQ-A1,UA1,2027-01-06T10:00:00+08:00,2027-01-06T09:00:00+08:00,,self,research,completed,\n'
      + 'UR-B2,EQ-NOPE,UA1,2027-01-07T09:00:00+08:00,2027-01-07T10:00:00+08:00,,self,research,completed,\n'
      + 'UR-B3,EQ-A1,UA1,2027-01-08T09:00:30+08:00,2027-01-08T10:00:00+08:00,,self,research,completed,\n'
      + 'UR-B4,EQ-A1,UA1,2027-01-09T09:00:00+08:00,2027-01-09T11:00:00+08:00,,self,research,completed,\n'
      + 'UR-B5,EQ-A1,UA2,2027-01-09T10:00:00+08:00,2027-01-09T12:00:00+08:00,,self,research,completed,\n'
      + 'UR-B6,EQ-A1,UA1,2025-01-07T09:00:00+08:00,2025-01-07T10:00:00+08:00,,self,research,completed,\n';
    const job = await importBundle(bureau, { 'usage.csv': bad });
    expect(job.state).toBe('failed');
    const cells = job.error.details.cells.map((c: any) => `${c.line}:${c.column}`);
    expect(cells).toEqual(expect.arrayContaining(['2:end', '3:instrumentCode', '4:start', '6:start', '7:start']));
    expect(job.error.details.cells.find((c: any) => c.line === 7).reason).toContain('UR-184');
    const usage = await api('GET', '/usage?pageSize=200', { token: bureau });
    expect(usage.body.items.filter((u: any) => u.code.startsWith('UR-B'))).toHaveLength(0);
    expect(usage.body.total).toBeGreaterThanOrEqual(60);
  });

  describe('the 2025 evaluation and post-subsidy of the worked example', () => {
    const policyDocument = JSON.parse(readFileSync(join(EXAMPLE, 'bundle/policy.json'), 'utf8'));
    const workedRows = (csv: string) => {
      const [header, ...rows] = csv.trimEnd().split('\n');
      return `${[header, ...rows.filter((r) => WORKED_INSTITUTIONS.includes(r.split(',')[0]) || WORKED_INSTITUTIONS.includes(r.split(',')[1]))].join('\n')}\n`;
    };
    const run = async (body: Record<string, unknown>) => {
      const started = await api('POST', '/subsidy-runs', { token: bureau, body });
      expect(started.status).toBe(202);
      const job = await followJob(bureau, started.body.jobId);
      expect(job.state).toBe('completed');
      return started.body.runId as string;
    };
    let policyId: string;
    let runId: string;

    it('validates and versions policies', async () => {
      const bad = await api('POST', '/policies', { token: bureau, body: { ...policyDocument, rateBps: -1, budgetFen: 'lots' } });
      expectError(bad, 400, 'VALIDATION_FAILED');
      expect(bad.body.error.details.fields.map((f: any) => f.field)).toEqual(expect.arrayContaining(['rateBps', 'budgetFen']));
      const created = await api('POST', '/policies', { token: bureau, body: policyDocument });
      expect(created.status).toBe(201);
      expect(created.body).toMatchObject({ code: 'worked-example-2025', usedByPublishedRun: false });
      policyId = created.body.id;
    });

    it('gives evaluation.csv and evaluation-instruments.csv row for row, identically on a second run', async () => {
      runId = await run({ policyId, year: 2025 });
      const evaluation = await api('GET', `/exports/evaluation.csv?runId=${runId}`, { token: bureau });
      expect(evaluation.status).toBe(200);
      expect(workedRows(evaluation.body)).toBe(readFileSync(join(EXAMPLE, 'expected/evaluation.csv'), 'utf8'));
      const instruments = await api('GET', `/exports/evaluation-instruments.csv?runId=${runId}`, { token: bureau });
      expect(workedRows(instruments.body)).toBe(readFileSync(join(EXAMPLE, 'expected/evaluation-instruments.csv'), 'utf8'));

      const again = await run({ policyId, year: 2025 });
      const first = await api('GET', `/subsidy-runs/${runId}`, { token: bureau });
      const second = await api('GET', `/subsidy-runs/${again}`, { token: bureau });
      expect(second.body.inputHash).toBe(first.body.inputHash);
      expect((await api('GET', `/exports/evaluation.csv?runId=${again}`, { token: bureau })).body).toBe(evaluation.body);
    });

    it('opens the charges and evaluation .xlsx in LibreOffice: Chinese headers, numbers that add up to what the API says', async () => {
      const download = async (path: string) => {
        const res = await fetch(`${testEnv().gatewayUrl}/api/v1${path}`, { headers: { authorization: `Bearer ${bureau}` } });
        expect([path, res.status]).toEqual([path, 200]);
        return new Uint8Array(await res.arrayBuffer());
      };
      const sumOf = (rows: OfficeCell[][], c: number) => rows.reduce((s, r) => s + (r[c].text === '' ? 0 : hundredths(r[c])), 0);

      const charges = openWithLibreOffice(await download('/exports/charges.xlsx?period=2025-03'), 'charges.xlsx');
      expect(charges.ms).toBeLessThan(60000);
      expect(charges.rows[0].map((c) => c.text)).toEqual(CHARGES_SHEET.columns.map((c) => c.header));
      const chargeLines = charges.rows.slice(1, -1);
      const chargeTotals = charges.rows[charges.rows.length - 1];
      expect(chargeTotals[0].text).toBe('合计');
      // 金额, 创新券抵扣, 应付: the 合计 row is the sum of the rows, to the fen.
      for (const c of [9, 11, 12]) expect([c, hundredths(chargeTotals[c])]).toEqual([c, sumOf(chargeLines, c)]);
      // Each worked-example line as the API's JSON gives it in fen; billed units a number, codes text.
      const json: any[] = [];
      for (let page = 1; ; page++) {
        const res = await api('GET', `/charges?period=2025-03&pageSize=200&page=${page}`, { token: bureau });
        json.push(...res.body.items);
        if (json.length >= res.body.total || res.body.items.length === 0) break;
      }
      const worked = chargeLines.filter((r) => r[0].text.startsWith('UR-'));
      expect(worked.length).toBeGreaterThan(0);
      for (const line of worked) {
        const charge = json.find((c) => c.usageCode === line[0].text);
        expect([line[0].text, hundredths(line[9]), hundredths(line[11]), hundredths(line[12]), hundredths(line[8])])
          .toEqual([charge.usageCode, charge.amountFen, charge.voucherFen, charge.payableFen, Math.round(Number(charge.billedUnits) * 100)]);
        expect(line[0].quoted && line[2].quoted && line[3].text !== '').toBe(true);
      }
      expect(json.filter((c) => c.usageCode.startsWith('UR-')).length).toBe(worked.length);

      const evaluation = openWithLibreOffice(await download(`/exports/evaluation.xlsx?runId=${runId}`), 'evaluation.xlsx');
      expect(evaluation.rows[0].map((c) => c.text)).toEqual(EVALUATION_SHEET.columns.map((c) => c.header));
      const institutions = evaluation.rows.slice(1, -1);
      const evaluationTotals = evaluation.rows[evaluation.rows.length - 1];
      expect(evaluationTotals[0].text).toBe('合计');
      // Hours are numbers (a SUM over them is not 0), and the 合计 row adds up hours and yuan.
      for (const c of [3, 4, 14, 15, 16]) expect([c, hundredths(evaluationTotals[c])]).toEqual([c, sumOf(institutions, c)]);
      const results = (await api('GET', `/subsidy-runs/${runId}/results`, { token: bureau })).body.items as any[];
      const expected = csvRows(workedRows(readFileSync(join(EXAMPLE, 'expected/evaluation.csv'), 'utf8'))).map((r) => r.split(','));
      for (const row of expected) {
        const line = institutions.find((r) => r[0].text === row[0])!;
        const result = results.find((r) => r.institutionCode === row[0]);
        // evaluation.csv's hours (2 decimals), the JSON's fen: the same figures, as numbers.
        expect([row[0], hundredths(line[3]), hundredths(line[4]), hundredths(line[16]), hundredths(line[12])])
          .toEqual([row[0], Math.round(Number(row[2]) * 100), Math.round(Number(row[3]) * 100), Number(result.subsidyFen), Number(result.total)]);
        expect(line[13].text).toBe(({ excellent: '优秀', good: '良好', pass: '合格', poor: '不合格' } as Record<string, string>)[row[12]]);
        expect(line[1].text).toMatch(/[\u4e00-\u9fff]/);
      }

      // The instruments' workbook names each instrument and its institution; the unbilled one says why in Chinese.
      const instruments = await readSheet(await download(`/exports/evaluation-instruments.xlsx?runId=${runId}`));
      expect(instruments.rows[0]).toEqual(EVALUATION_INSTRUMENTS_SHEET.columns.map((c) => c.header));
      expect(instruments.rows.find((r) => r[0] === 'EQ-A1')).toEqual(['EQ-A1', '冷冻透射电子显微镜', 'A-UNIV', '重庆嘉陵理工大学', 446.33, 194.33, 464700, 111528, 50000]);
      const unbilled = await readSheet(await download('/exports/unbilled.xlsx'));
      expect(unbilled.rows.find((r) => r[0] === 'UR-476')).toEqual(['UR-476', '开始时无有效收费标准', 'no rate card for EQ-C2/self valid at start']);
    }, 180000);

    it('lists subsidy runs by the list convention: pageSize=1 gives the newest run and the total', async () => {
      const listed = await api('GET', '/subsidy-runs?pageSize=1', { token: bureau });
      expect(listed.status).toBe(200);
      expect(listed.body).toMatchObject({ page: 1, pageSize: 1 });
      expect(listed.body.items).toHaveLength(1);
      expect(listed.body.total).toBeGreaterThanOrEqual(2);
      const second = await api('GET', '/subsidy-runs?pageSize=1&page=2', { token: bureau });
      expect(second.body.items[0].id).not.toBe(listed.body.items[0].id);
    });

    it('runs a region alone: A-UNIV and B-HOSP share the whole budget', async () => {
      const cq = await run({ policyId, year: 2025, region: 'CQ' });
      const rows = workedRows((await api('GET', `/exports/evaluation.csv?runId=${cq}`, { token: bureau })).body);
      expect(rows).toBe(readFileSync(join(EXAMPLE, 'expected-region-CQ/evaluation.csv'), 'utf8'));
    });

    it('explains every number of an institution’s result, with the usage records behind it', async () => {
      const res = await api('GET', `/subsidy-runs/${runId}/results?institution=A-UNIV`, { token: bureau });
      expect(res.status).toBe(200);
      expect(res.body.result).toMatchObject({ institutionCode: 'A-UNIV', grade: 'excellent', subsidyFen: '4478466' });
      expect(res.body.explanation.satisfaction).toContain('26/6');
      expect(res.body.explanation.satisfaction).toContain('8.33');
      expect(res.body.explanation.subsidyBeforeBudgetFen).toContain('63,684.23 元');
      // Chinese unless English is asked for; the same figures either way.
      expect(res.body.explanation.satisfaction).toContain('平均评分');
      const english = await api('GET', `/subsidy-runs/${runId}/results?institution=A-UNIV&lang=en`, { token: bureau });
      expect(english.body.explanation.satisfaction).toBe('10 × (mean rating 26/6 − 1) / 4 = 8.33');
      expect(Object.keys(english.body.explanation)).toEqual(Object.keys(res.body.explanation));
      for (const key of Object.keys(res.body.explanation)) {
        // The same numbers, in whatever order each language's grammar puts them.
        const figures = (text: string) => text.replace(/12 月 31 日|31 December/, '').match(/\d+(\.\d+)?/g)?.sort();
        expect([key, figures(res.body.explanation[key])]).toEqual([key, figures(english.body.explanation[key])]);
      }
      const french = await api('GET', `/subsidy-runs/${runId}/results?institution=A-UNIV&lang=fr`, { token: bureau });
      expect(french.status).toBe(400);
      expect(french.body.error.message).toContain('语言必须是以下之一');
      const a1 = res.body.instruments.find((i: any) => i.instrumentCode === 'EQ-A1');
      expect(a1).toMatchObject({ incomeBaseFen: '46470000', rawFen: '11152800', cappedFen: '5000000' });
      expect(a1.records.map((r: any) => r.code)).toEqual(expect.arrayContaining(['UR-184', 'UR-761', 'UR-957']));
      expect(a1.records.map((r: any) => r.code)).not.toContain('UR-671');
    });

    it('shows the worked example\'s hours by source, all imported, counted in full by default (issue 20)', async () => {
      const res = await api('GET', `/subsidy-runs/${runId}/results?institution=A-UNIV`, { token: bureau });
      expect(res.body.result.minutesBySource).toEqual([{ source: 'import', minutes: '53950' }]);
      expect(res.body.explanation.hoursBySource).toBe('按来源记录的机时：终端采集 0.00 小时，签退 0.00 小时，导入 899.17 小时，手工录入 0.00 小时；各来源机时全额计入');
    });

    it('with manualHoursFactorPct 50 counts the imported (non-terminal) hours at half, each instrument\'s sum floored to the minute (issue 20)', async () => {
      const created = await api('POST', '/policies', { token: bureau, body: { ...policyDocument, code: `worked-example-2025-half-${Date.now()}`, manualHoursFactorPct: 50 } });
      expect(created.status).toBe(201);
      const half = await run({ policyId: created.body.id, year: 2025 });
      const evaluation = csvRows(workedRows((await api('GET', `/exports/evaluation.csv?runId=${half}`, { token: bureau })).body));
      // Half the hours: A-UNIV falls to good (utilisation 16.86) and takes the whole budget; B-HOSP and C-INST fall to poor.
      expect(evaluation).toEqual([
        'A-UNIV,2,449.58,173.58,10.00,10.00,16.86,10.00,20.00,8.33,10.00,85.19,good,52171763,6140353,5002000',
        'B-HOSP,2,185.17,59.17,5.00,10.00,9.99,0.00,20.00,5.00,10.00,59.99,poor,2558348,0,0',
        'C-INST,2,92.12,43.53,10.00,5.00,5.01,0.00,20.00,5.50,10.00,55.51,poor,1940000,0,0',
      ]);
      const instruments = csvRows(workedRows((await api('GET', `/exports/evaluation-instruments.csv?runId=${half}`, { token: bureau })).body));
      // EQ-C2: 4,965 min recorded → 2,482 (2,482.5 floored) = 41.37 h; EQ-A1 446.33 h → 223.17 h.
      expect(instruments.map((r) => r.split(',').slice(0, 4).join())).toEqual([
        'EQ-A1,A-UNIV,223.17,97.17', 'EQ-A2,A-UNIV,226.42,76.42', 'EQ-B1,B-HOSP,81.17,33.17', 'EQ-B2,B-HOSP,104.00,26.00', 'EQ-C1,C-INST,50.75,31.17', 'EQ-C2,C-INST,41.37,12.37',
      ]);
      const explained = await api('GET', `/subsidy-runs/${half}/results?institution=A-UNIV`, { token: bureau });
      expect(explained.body.result.minutesBySource).toEqual([{ source: 'import', minutes: '53950' }]);
      expect(explained.body.explanation.hoursBySource).toContain('导入 899.17 小时');
      expect(explained.body.explanation.hoursBySource).toContain('其余按 50% 计入');
    });

    it('simulates a change side by side, never publishable', async () => {
      const sim = await run({ policyId, year: 2025, simulation: true, overrides: { budgetFen: 6000000 }, baseRunId: runId });
      const compare = await api('GET', `/subsidy-runs/${sim}/compare`, { token: bureau });
      expect(compare.status).toBe(200);
      const a = compare.body.items.find((i: any) => i.institutionCode === 'A-UNIV');
      expect(a.baseFen).toBe(4478466);
      expect(a.deltaFen).toBeGreaterThan(0);
      expect(compare.body.gainers).toBeGreaterThanOrEqual(3);
      expectError(await api('POST', `/subsidy-runs/${sim}/publish`, { token: bureau }), 422, 'RULE_VIOLATION');
      expectError(await api('POST', '/subsidy-runs', { token: bureau, body: { policyId, year: 2025, overrides: { rateBps: 1 } } }), 400, 'VALIDATION_FAILED');
    });

    it('publishes a run, which then can be neither changed nor deleted, and shows an institution its own result', async () => {
      const published = await api('POST', `/subsidy-runs/${runId}/publish`, { token: bureau });
      expect(published.body.status).toBe('published');
      expectError(await api('POST', `/subsidy-runs/${runId}/publish`, { token: bureau }), 409, 'ILLEGAL_TRANSITION');
      expectError(await api('DELETE', `/subsidy-runs/${runId}`, { token: bureau }), 409, 'IMMUTABLE');
      expect((await api('GET', `/policies/${policyId}`, { token: bureau })).body.usedByPublishedRun).toBe(true);

      const admin = await api('POST', '/users', { token: bureau, body: { email: `admin-${Date.now()}@a-univ.example.cn`, password: 'a-long-password-1', name: '陈主任', role: 'institution_admin', institutionCode: 'A-UNIV' } });
      expect(admin.status).toBe(201);
      const token = (await api('POST', '/auth/login', { body: { email: admin.body.email, password: 'a-long-password-1' } })).body.accessToken;
      const own = await api('GET', `/subsidy-runs/${runId}/results?institution=B-HOSP`, { token });
      expect(own.status).toBe(200);
      expect(own.body.result.institutionCode).toBe('A-UNIV');
      const csv = (await api('GET', `/exports/evaluation.csv?runId=${runId}`, { token })).body as string;
      expect(csv.trimEnd().split('\n').slice(1).map((r) => r.split(',')[0])).toEqual(['A-UNIV']);
    });
  });

  // Last: it changes the worked example's rate cards, which the evaluation above reads.
  it('bills a record once the missing rate card exists and its month is settled again', async () => {
    const admin = await api('POST', '/users', { token: bureau, body: { email: `admin-${Date.now()}@c-inst.example.cn`, password: 'a-long-password-2', name: '刘所长', role: 'institution_admin', institutionCode: 'C-INST' } });
    const token = (await api('POST', '/auth/login', { body: { email: admin.body.email, password: 'a-long-password-2' } })).body.accessToken;
    const cards = [
      { code: 'RC-C2-S', serviceMode: 'self', unit: 'hour', internalPriceFen: 25000, externalPriceFen: 40000, incrementMinutes: 30, minimumChargeFen: 0, validFrom: '2024-06-01', validTo: '2025-10-01' },
      { code: 'RC-C2-S2', serviceMode: 'self', unit: 'hour', internalPriceFen: 26000, externalPriceFen: 42000, incrementMinutes: 30, minimumChargeFen: 0, validFrom: '2025-10-01' },
    ];
    expect((await api('PUT', '/instruments/EQ-C2/rates', { token, body: cards })).status).toBe(200);
    for (const period of ['2025-10', '2025-11']) expect((await settle(bureau, period)).state).toBe('completed');
    const unbilled = csvRows(workedOnly((await api('GET', '/exports/unbilled.csv', { token: bureau })).body));
    expect(unbilled.filter((r) => r.startsWith('UR-665') || r.startsWith('UR-476'))).toEqual([]);
    const charges = csvRows(workedOnly((await api('GET', '/exports/charges.csv', { token: bureau })).body));
    // UR-665: C-INST's own user, 10 h at the internal 26,000 fen/h; UR-476: B-HOSP's user, 4 h at the external 42,000.
    expect(charges.find((r) => r.startsWith('UR-665,'))).toBe('UR-665,RC-C2-S2,false,10.00,260000,,0,260000');
    expect(charges.find((r) => r.startsWith('UR-476,'))).toBe('UR-476,RC-C2-S2,true,4.00,168000,,0,168000');
  });
});
