import { strToU8, zipSync } from 'fflate';
import { api, bureauToken } from './support/api';

/**
 * A settlement whose worker is killed (SIGKILL, a real process kill) part-way through a month: the
 * stack starts the service again, BullMQ hands the stalled job to it, and the month's statements
 * come out equal to those of the same usage settled without interruption a month earlier.
 */
const PER_INSTRUMENT = 5000;
const INSTRUMENTS = 4;

function bundle(): Blob {
  const files: Record<string, string> = {
    'institutions.csv': 'code,name,kind,region\nK-PROV,重庆恢复测试大学,university,CQ\nK-USER,成都恢复测试科技有限公司,enterprise,SC\n',
    'users.csv': 'code,institutionCode,name,email\nKU1,K-USER,周杰,ku1@k-user.example.cn\nKU2,K-PROV,吴敏,ku2@k-prov.example.cn\n',
    'instruments.csv': 'code,institutionCode,name,categoryCode,originalValueFen,sharingStatus,onlineBooking\n'
      + Array.from({ length: INSTRUMENTS }, (_, i) => `K-EQ-${i + 1},K-PROV,恢复测试电镜${i + 1},0101,100000000,open,true\n`).join(''),
    'rates.csv': 'code,instrumentCode,serviceMode,unit,internalPriceFen,externalPriceFen,incrementMinutes,minimumChargeFen,validFrom,validTo\n'
      + Array.from({ length: INSTRUMENTS }, (_, i) => `K-RC-${i + 1},K-EQ-${i + 1},self,hour,10000,20000,30,0,2026-01-01,\n`).join(''),
  };
  const usage = ['code,instrumentCode,userCode,start,end,samples,serviceMode,serviceCategory,status,voucherCode'];
  for (const month of ['2026-04', '2026-05']) {
    const base = Date.parse(`${month}-01T00:00:00+08:00`);
    for (let i = 1; i <= INSTRUMENTS; i++) {
      for (let g = 0; g < PER_INSTRUMENT; g++) {
        const start = new Date(base + g * 8 * 60000);
        const end = new Date(start.getTime() + 6 * 60000);
        usage.push(`K-${month}-${i}-${g},K-EQ-${i},${g % 2 ? 'KU1' : 'KU2'},${start.toISOString()},${end.toISOString()},,self,research,completed,`);
      }
    }
  }
  files['usage.csv'] = `${usage.join('\n')}\n`;
  return new Blob([zipSync(Object.fromEntries(Object.entries(files).map(([n, t]) => [n, strToU8(t)])))], { type: 'application/zip' });
}

async function job(token: string, id: string, until: (j: any) => boolean, timeoutMs: number, everyMs = 100): Promise<any> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const j = (await api('GET', `/jobs/${id}`, { token })).body;
    if (until(j)) return j;
    if (Date.now() > deadline) throw new Error(`job ${id}: ${JSON.stringify(j).slice(0, 300)}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

const billingPid = async (): Promise<number> => Number(String((await api('GET', '/health')).body.services.billing.instance).split(':').pop());

describe('settlement survives its worker being killed', () => {
  it('finishes the job after a kill, with the statements of an uninterrupted run', async () => {
    const bureau = await bureauToken();
    const form = new FormData();
    form.append('bundle', bundle(), 'recovery.zip');
    const imported = await api('POST', '/imports', { token: bureau, raw: form });
    const importJob = await job(bureau, imported.body.jobId, (j) => j.state === 'completed' || j.state === 'failed', 120000);
    expect(importJob.state).toBe('completed');

    const april = await api('POST', '/settlements', { token: bureau, body: { period: '2026-04' } });
    expect((await job(bureau, april.body.jobId, (j) => j.state === 'completed' || j.state === 'failed', 120000)).state).toBe('completed');

    const pid = await billingPid();
    const may = await api('POST', '/settlements', { token: bureau, body: { period: '2026-05' } });
    const running = await job(bureau, may.body.jobId, (j) => j.state === 'completed' || (j.state === 'active' && j.progress > 0), 60000, 10);
    expect(running.state).toBe('active'); // caught part-way, not after the end
    process.kill(pid, 'SIGKILL');

    const finished = await job(bureau, may.body.jobId, (j) => j.state === 'completed' || j.state === 'failed', 90000, 250);
    expect(finished.state).toBe('completed');
    expect(await billingPid()).not.toBe(pid);

    const statements = async (period: string) => {
      const res = await api('GET', `/statements?period=${period}&pageSize=200`, { token: bureau });
      return res.body.items
        .filter((s: any) => s.lines === PER_INSTRUMENT * INSTRUMENTS / 2)
        .map((s: any) => [s.payerInstitutionId, s.lines, s.amountFen, s.voucherFen, s.payableFen])
        .sort();
    };
    const aprilStatements = await statements('2026-04');
    expect(aprilStatements).toHaveLength(2);
    expect(await statements('2026-05')).toEqual(aprilStatements);
    const charges = await api('GET', '/charges?period=2026-05&pageSize=1', { token: bureau });
    expect(charges.body.total).toBe(PER_INSTRUMENT * INSTRUMENTS);
  }, 240000);
});
