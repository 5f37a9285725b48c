import { api, ApiResponse } from './api';
import { instrumentBody, rateCard, uniqueCode } from './factories';

/**
 * Steps of the voucher story (issue 16) through the public API, shared by the acceptance test and the
 * authorisation table: a programme, an approved application, a service used and settled, its statement.
 */

export type Signed = { token: string; user: any };

export function ok<T = any>(res: ApiResponse<T>, status: number, what: string): T {
  if (res.status !== status) throw new Error(`${what} → ${res.status} ${JSON.stringify(res.body)}`);
  return res.body;
}

export async function eventually<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 15000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export async function followJob(token: string, jobId: string): Promise<any> {
  for (let i = 0; i < 1200; i++) {
    const job = ok(await api('GET', `/jobs/${jobId}`, { token }), 200, `job ${jobId}`);
    if (job.state === 'completed' || job.state === 'failed') return job;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`job ${jobId} did not finish`);
}

export async function settle(token: string, period: string): Promise<any> {
  const job = await followJob(token, ok(await api('POST', '/settlements', { token, body: { period } }), 202, `settle ${period}`).jobId);
  if (job.state !== 'completed') throw new Error(`settlement ${period} failed: ${JSON.stringify(job.error)}`);
  return job;
}

/** The Asia/Shanghai month of an instant. */
export const shanghaiMonth = (at: Date | string) => new Date(new Date(at).getTime() + 8 * 3600e3).toISOString().slice(0, 7);
const shanghaiDay = (days: number) => new Date(Date.now() + 8 * 3600e3 + days * 86400e3).toISOString().slice(0, 10);

/** A programme valid from a month ago to two months ahead (the services below are used now). */
export function programmeBody(overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    code: uniqueCode('PG'), name: '川渝科技创新券（测试）', year: new Date().getUTCFullYear(), budgetFen: 10000000, coverBps: 6000,
    perApplicationCapFen: 2000000, perHolderYearCapFen: 5000000, applicantKinds: [], applicantRegions: [], providerRegions: [],
    validFrom: new Date(Date.now() - 30 * 86400e3).toISOString(), validTo: new Date(Date.now() + 60 * 86400e3).toISOString(), mode: 'provider-redeemed',
    ...overrides,
  };
}

/** Applies (as `applicant`) and has `officer` approve the whole amount: the voucher issued. */
export async function approvedVoucher(applicant: Signed, officer: string, programmeId: string, amountFen: number): Promise<{ application: any; voucherId: string }> {
  const application = ok(await api('POST', '/voucher-applications', { token: applicant.token, body: { programmeId, amountFen, project: '新型电池隔膜的表征与测试' } }), 201, 'apply');
  const approved = ok(await api('POST', `/voucher-applications/${application.id}/approve`, { token: officer, body: { amountFen } }), 200, 'approve application');
  return { application: approved, voucherId: approved.voucherId as string };
}

/**
 * An open instrument of the admin's institution, bookable all week, at 400 yuan an hour to outsiders
 * billed by the half hour: a service checked in and out at once is billed 30 minutes, 20,000 fen. Check-in
 * opens 30 days ahead, so that a booking of the coming weeks can be checked in and out now.
 */
export async function hourlyInstrument(admin: Signed): Promise<any> {
  const body = instrumentBody({ bookingRules: { checkInBeforeMinutes: 60 * 24 * 30 } });
  const instrument = ok(await api('POST', '/instruments', { token: admin.token, body }), 201, 'instrument');
  const weekly = [1, 2, 3, 4, 5, 6, 7].map((weekday) => ({ weekday, start: '00:00', end: '24:00' }));
  ok(await api('PUT', `/instruments/${instrument.id}/availability`, { token: admin.token, body: { timezone: 'Asia/Shanghai', weekly } }), 200, 'availability');
  ok(await api('PUT', `/instruments/${instrument.id}/rates`, {
    token: admin.token, body: [rateCard({ code: `${instrument.code}-RC`, validFrom: '2019-01-01', externalPriceFen: 40000, internalPriceFen: 20000, incrementMinutes: 30 })],
  }), 200, 'rates');
  return instrument;
}

let slot = 0;
/**
 * A researcher books the instrument (naming a voucher or none), the operator checks in and out at once:
 * the usage record (of now, minute-aligned) the check-out makes, once billing has it.
 */
export async function useInstrument(researcher: Signed, operator: Signed, instrument: any, voucherId: string | null): Promise<any> {
  slot += 1;
  const day = shanghaiDay(2 + (slot % 20));
  const hour = String(8 + (slot % 12)).padStart(2, '0');
  const booking = ok(await api('POST', '/bookings', {
    token: researcher.token,
    body: { instrumentId: instrument.id, start: `${day}T${hour}:00:00+08:00`, end: `${day}T${hour}:30:00+08:00`, serviceMode: 'self', serviceCategory: 'research', purpose: '隔膜孔隙形貌表征', ...(voucherId ? { voucherId } : {}) },
  }), 201, 'booking');
  ok(await api('POST', `/bookings/${booking.id}/check-in`, { token: operator.token, body: {} }), 200, 'check-in');
  ok(await api('POST', `/bookings/${booking.id}/check-out`, { token: operator.token, body: {} }), 200, 'check-out');
  return eventually('the usage record of the check-out', async () => {
    const list = ok(await api('GET', `/usage?instrumentId=${instrument.id}&source=check-out&pageSize=200`, { token: operator.token }), 200, 'usage').items as any[];
    return list.find((u) => u.code === `U-${booking.code}`);
  });
}

/** The provider's statement to the payer for the month (as the provider's admin sees it). */
export async function statementBetween(admin: Signed, period: string, providerId: string, payerId: string): Promise<any> {
  const list = ok(await api('GET', `/statements?period=${period}&pageSize=200`, { token: admin.token }), 200, 'statements').items as any[];
  const found = list.find((s) => s.providerInstitutionId === providerId && s.payerInstitutionId === payerId);
  if (!found) throw new Error(`no statement ${period} between ${providerId} and ${payerId}`);
  return found;
}

/**
 * A provider's claim, approved and paid: the payer's researcher gets a voucher of the programme (the
 * bureau `officer` approves), uses an instrument of the provider with it; the provider settles, issues the
 * statement and claims the month from the programme's issuing region, which approves and pays.
 */
export async function paidProviderClaim(
  officer: string, programme: { id: string; issuingRegion: string },
  provider: { admin: Signed; operator: Signed }, payerResearcher: Signed,
): Promise<any> {
  const { voucherId } = await approvedVoucher(payerResearcher, officer, programme.id, 15000);
  // An instrument of its own: two check-outs within one minute on one instrument would overlap.
  const instrument = await hourlyInstrument(provider.admin);
  const record = await useInstrument(payerResearcher, provider.operator, instrument, voucherId);
  const month = shanghaiMonth(record.start);
  await settle(provider.admin.token, month);
  const statement = await statementBetween(provider.admin, month, record.providerInstitutionId, record.userInstitutionId);
  if (statement.status === 'draft') ok(await api('POST', `/statements/${statement.id}/issue`, { token: provider.admin.token }), 200, 'issue statement');
  const claim = ok(await api('POST', '/voucher-claims', { token: provider.admin.token, body: { kind: 'provider', month, issuingRegion: programme.issuingRegion } }), 201, 'claim');
  ok(await api('POST', `/voucher-claims/${claim.id}/approve`, { token: officer }), 200, 'approve claim');
  return ok(await api('POST', `/voucher-claims/${claim.id}/pay`, { token: officer, body: { reference: `PAY-${claim.code}` } }), 200, 'pay claim');
}
