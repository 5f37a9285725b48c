import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { parseDateOrInstant, parseInstant } from '../instants';
import { buildStatements, chargeRow, drawVouchers, isCharge, priceUsage, RateCard, sortRows, statementRow, Voucher, VoucherClaim } from './index';

const EXAMPLE = join(__dirname, '../../../../../shared/spec/worked-example');
const read = (file: string): Record<string, string>[] => parse(readFileSync(join(EXAMPLE, file), 'utf8'), { columns: true, bom: true, skip_empty_lines: true });
const rows = (file: string): string[][] => parse(readFileSync(join(EXAMPLE, file), 'utf8'), { bom: true, skip_empty_lines: true }).slice(1);
const date = (text: string) => parseDateOrInstant(text) as Date;
const instant = (text: string) => parseInstant(text) as Date;

/** The whole billing of the worked example, from its bundle, with the pure rules alone. */
function billWorkedExample() {
  const owner = new Map(read('bundle/instruments.csv').map((i) => [i.code, i.institutionCode]));
  const userInstitution = new Map(read('bundle/users.csv').map((u) => [u.code, u.institutionCode]));
  const cards: RateCard[] = read('bundle/rates.csv').map((r) => ({
    code: r.code, instrumentCode: r.instrumentCode, serviceMode: r.serviceMode as RateCard['serviceMode'], unit: r.unit as RateCard['unit'],
    internalPriceFen: BigInt(r.internalPriceFen), externalPriceFen: BigInt(r.externalPriceFen), incrementMinutes: r.incrementMinutes ? Number(r.incrementMinutes) : null,
    minimumChargeFen: BigInt(r.minimumChargeFen || '0'), validFrom: date(r.validFrom), validTo: r.validTo ? date(r.validTo) : null,
  }));
  const vouchers: Voucher[] = read('bundle/vouchers.csv').map((v) => ({
    code: v.code, holderInstitutionCode: v.holderInstitutionCode, faceValueFen: BigInt(v.faceValueFen), coverBps: Number(v.coverBps),
    perUseCapFen: v.perUseCapFen ? BigInt(v.perUseCapFen) : null, validFrom: date(v.validFrom), validTo: v.validTo ? date(v.validTo) : null,
  }));
  const usage = read('bundle/usage.csv').filter((u) => u.status === 'completed');
  const priced = usage.map((u) => {
    const payer = userInstitution.get(u.userCode) as string;
    const provider = owner.get(u.instrumentCode) as string;
    const result = priceUsage({
      code: u.code, instrumentCode: u.instrumentCode, serviceMode: u.serviceMode as RateCard['serviceMode'], start: instant(u.start), end: instant(u.end),
      samples: u.samples ? Number(u.samples) : null, external: payer !== provider,
    }, cards);
    return { u, payer, provider, result };
  });
  const claims: VoucherClaim[] = priced.flatMap(({ u, payer, result }) => (isCharge(result) && u.voucherCode
    ? [{ usageCode: u.code, voucherCode: u.voucherCode, start: instant(u.start), amountFen: result.amountFen, external: result.external, serviceCategory: u.serviceCategory, userInstitutionCode: payer }]
    : []));
  const { draws, refusals } = drawVouchers(vouchers, claims);
  const drawn = new Map(draws.map((d) => [d.usageCode, d]));
  const charges = priced.flatMap(({ result }) => (isCharge(result) ? [chargeRow(result, drawn.get(result.usageCode) ?? null)] : []));
  const unbilled = priced.flatMap(({ result }) => (isCharge(result) ? [] : [[result.usageCode, result.message]]));
  const statements = buildStatements(priced.flatMap(({ u, payer, provider, result }) => (isCharge(result)
    ? [{ usageCode: u.code, providerInstitutionCode: provider, payerInstitutionCode: payer, start: instant(u.start), amountFen: result.amountFen, voucherFen: drawn.get(u.code)?.voucherFen ?? 0n }]
    : [])));
  return { charges: sortRows(charges), unbilled: sortRows(unbilled), refusals: sortRows(refusals.map((r) => [r.usageCode, r.voucherCode, r.message])), statements: statements.map(statementRow) };
}

describe('billing the worked example', () => {
  const billed = billWorkedExample();

  it('gives charges.csv row for row', () => {
    expect(billed.charges).toEqual(rows('expected/charges.csv'));
  });

  it('lists the same unbilled records and voucher refusals (reasons are free text: compared by record and voucher)', () => {
    expect(billed.unbilled.map((r) => r[0])).toEqual(rows('expected/unbilled.csv').map((r) => r[0]));
    expect(billed.refusals.map((r) => r.slice(0, 2))).toEqual(rows('expected/voucher-rejections.csv').map((r) => r.slice(0, 2)));
  });

  it('gives statements.csv row for row', () => {
    expect(billed.statements).toEqual(rows('expected/statements.csv'));
  });
});
