import { strToU8, zipSync } from 'fflate';
import { randomBytes } from 'node:crypto';
import { api, bureauToken } from './support/api';
import { createUser } from './support/factories';

/**
 * An institution admin's settlement writes only their own institution's charges, yet a voucher draws
 * across providers in the order of start: so the admin's run must price their records exactly as the
 * bureau's run does, counting what other providers' earlier records (of this month and of unsettled
 * earlier months) drew from the same voucher, without writing those.
 */
const tag = randomBytes(3).toString('hex').toUpperCase();
const P1 = `SC1-${tag}`;
const P2 = `SC2-${tag}`;
const HOLDER = `SCH-${tag}`;
const VOUCHER = `SCV-${tag}`;

function bundle(): Blob {
  const files: Record<string, string> = {
    'institutions.csv': `code,name,kind,region\n${P1},重庆结算范围大学,university,CQ\n${P2},重庆结算范围研究院,institute,CQ\n${HOLDER},成都结算范围科技有限公司,enterprise,SC\n`,
    'users.csv': `code,institutionCode,name,email\nSCU-${tag},${HOLDER},郑洁,scu-${tag.toLowerCase()}@holder.example.cn\n`,
    'instruments.csv': `code,institutionCode,name,categoryCode,originalValueFen,sharingStatus,onlineBooking\nSCE1-${tag},${P1},结算范围电镜一,0101,100000000,open,true\nSCE2-${tag},${P2},结算范围电镜二,0101,100000000,open,true\n`,
    'rates.csv': 'code,instrumentCode,serviceMode,unit,internalPriceFen,externalPriceFen,incrementMinutes,minimumChargeFen,validFrom,validTo\n'
      + `SCR1-${tag},SCE1-${tag},self,hour,10000,20000,30,0,2026-01-01,\nSCR2-${tag},SCE2-${tag},self,hour,10000,20000,30,0,2026-01-01,\n`,
    // 50,000 fen covering all of each fee: the October record of P2 draws 20,000, the November one of P2 20,000, P1's only the 10,000 left.
    'vouchers.csv': `code,holderInstitutionCode,faceValueFen,coverBps,perUseCapFen,validFrom,validTo\n${VOUCHER},${HOLDER},50000,10000,,2026-01-01,2027-01-01\n`,
    'usage.csv': 'code,instrumentCode,userCode,start,end,samples,serviceMode,serviceCategory,status,voucherCode\n'
      + `SCU0-${tag},SCE2-${tag},SCU-${tag},2026-10-20T09:00:00+08:00,2026-10-20T10:00:00+08:00,,self,research,completed,${VOUCHER}\n`
      + `SCU1-${tag},SCE2-${tag},SCU-${tag},2026-11-02T09:00:00+08:00,2026-11-02T10:00:00+08:00,,self,research,completed,${VOUCHER}\n`
      + `SCU2-${tag},SCE1-${tag},SCU-${tag},2026-11-03T09:00:00+08:00,2026-11-03T10:00:00+08:00,,self,research,completed,${VOUCHER}\n`,
  };
  return new Blob([zipSync(Object.fromEntries(Object.entries(files).map(([n, t]) => [n, strToU8(t)])))], { type: 'application/zip' });
}

async function finished(token: string, id: string): Promise<any> {
  for (let i = 0; i < 1200; i++) {
    const j = (await api('GET', `/jobs/${id}`, { token })).body;
    if (j.state === 'completed' || j.state === 'failed') return j;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`job ${id} did not finish`);
}

async function settle(token: string, period: string): Promise<any> {
  const started = await api('POST', '/settlements', { token, body: { period } });
  expect(started.status).toBe(202);
  const job = await finished(token, started.body.jobId);
  expect(job.state).toBe('completed');
  return job;
}

describe('a settlement scoped to one provider', () => {
  it('draws vouchers as the whole platform’s run does, writes only its own rows, and converges with the bureau’s run', async () => {
    const bureau = await bureauToken();
    const form = new FormData();
    form.append('bundle', bundle(), 'scope.zip');
    const imported = await finished(bureau, (await api('POST', '/imports', { token: bureau, raw: form })).body.jobId);
    expect(imported.state).toBe('completed');
    const institutions = (await api('GET', `/institutions?q=${tag}&pageSize=10`, { token: bureau })).body.items as any[];
    const id = (code: string) => institutions.find((i) => i.code === code).id;
    const admin1 = await createUser(bureau, 'institution_admin', P1);
    const admin2 = await createUser(bureau, 'institution_admin', P2);

    const charges = async () => {
      const all: any[] = [];
      for (const period of ['2026-10', '2026-11']) {
        all.push(...(await api('GET', `/charges?period=${period}&pageSize=200`, { token: bureau })).body.items);
      }
      return Object.fromEntries(all.filter((c) => c.usageCode.endsWith(tag)).map((c) => [c.usageCode.split('-')[0], [c.amountFen, c.voucherFen, c.payableFen]]));
    };

    // P1's admin first: P1's November record gets only what the voucher has left after P2's October and November records.
    const first = await settle(admin1.token, '2026-11');
    expect(first.result.periods.at(-1)).toMatchObject({ period: '2026-11', records: 1, charged: 1, statements: 1 });
    expect((await charges()).SCU2).toEqual([20000, 10000, 10000]);

    // The bureau's run: every record, with the same draws; P1's row untouched.
    await settle(bureau, '2026-11');
    const full = await charges();
    expect(full).toEqual({ SCU0: [20000, 20000, 0], SCU1: [20000, 20000, 0], SCU2: [20000, 10000, 10000] });

    // Either admin again, and both at once with the bureau: nothing moves, one statement per provider, payer and month.
    await Promise.all([settle(admin2.token, '2026-11'), settle(admin1.token, '2026-11'), settle(bureau, '2026-11')]);
    expect(await charges()).toEqual(full);
    const statements = (await api('GET', '/statements?period=2026-11&pageSize=200', { token: bureau })).body.items as any[];
    const ours = statements.filter((s) => s.payerInstitutionId === id(HOLDER));
    expect(ours.map((s) => [s.providerInstitutionId === id(P1) ? 'P1' : 'P2', s.lines, s.amountFen, s.voucherFen]).sort())
      .toEqual([['P1', 1, 20000, 10000], ['P2', 1, 20000, 20000]]);
    // The admin of P2 sees, of the vouchers' month, their own statement only.
    const seen = (await api('GET', '/statements?period=2026-11&pageSize=200', { token: admin2.token })).body.items as any[];
    expect(seen.filter((s) => s.payerInstitutionId === id(HOLDER)).map((s) => s.providerInstitutionId)).toEqual([id(P2)]);
  }, 180000);
});
