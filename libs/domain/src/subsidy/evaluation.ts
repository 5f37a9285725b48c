import { add, compare, div, minRatio, mul, parseDecimal, Ratio, ratio, roundHalfUp, roundToPlaces } from '../rational';
import { shanghaiMidnight } from '../instants';
import type { Grade, Policy } from './policy';
import { ineligibleReason } from './eligibility';
import { addSourceMinutes, countedMinutes, isTerminal, mergeSourceMinutes, SourceMinutes, sourceKey } from './sources';

export interface EvalInstitution { code: string; region: string | null; groupCode: string | null }
export interface EvalInstrument {
  code: string; institutionCode: string; originalValueFen: bigint; purchaseDate: string | null; retiredOn: string | null;
  specialised: boolean; sharingStatus: 'open' | 'internal' | 'suspended'; onlineBooking: boolean;
  rateCards: { validFrom: Date; validTo: Date | null }[];
}
export interface EvalUsage {
  code: string; instrumentCode: string; userInstitutionCode: string; start: Date; end: Date; status: 'completed' | 'void' | string;
  serviceCategory: string; /** The billed amount before vouchers; null when the record could not be billed. */ amountFen: bigint | null;
  /** What recorded it (terminal, check-out, import, manual); absent or null: unknown, counted as non-terminal. */
  source?: string | null;
}

/**
 * The counted usage of year Y (completed, starting in Y) summed per instrument, user institution,
 * service category and source (null: unknown, counted as non-terminal): every figure of the evaluation is a sum over these, so a run reads groups from
 * the database instead of millions of records.
 */
export interface UsageGroup {
  instrumentCode: string; userInstitutionCode: string; serviceCategory: string;
  minutes: bigint; amountFen: bigint; ratingCount: number; ratingSum: number; source: string | null;
}

/**
 * An instrument's usage, reduced: minutes as recorded, terminal and not (the policy's factor is
 * applied to the sums by evaluate), and by source for the explanation.
 */
export interface InstrumentUsage {
  terminalMinutes: bigint; otherMinutes: bigint; externalTerminalMinutes: bigint; externalOtherMinutes: bigint; incomeBaseFen: bigint;
  sources: SourceMinutes[];
}

/** What the evaluation needs of the usage, reduced: per instrument, and per owning institution. */
export interface UsageFigures {
  instruments: Map<string, InstrumentUsage>;
  /** Ratings on external records and the distinct external user institutions, per owning institution. */
  institutions: Map<string, { ratingCount: number; ratingSum: number; partners: Set<string> }>;
}

/**
 * Folds usage groups into the figures, one group at a time, so that a run over millions of groups
 * holds only per-instrument and per-institution sums. External = another institution than the
 * owner; related parties (same non-empty group code) are external but earn no income base.
 */
export class UsageReducer {
  private readonly owner = new Map<string, string>();
  private readonly groupOf = new Map<string, string | null>();
  private readonly excluded: Set<string>;
  readonly figures: UsageFigures = { instruments: new Map(), institutions: new Map() };

  /** Only the eligible instruments' usage counts: the others are not evaluated at all. */
  constructor(institutions: readonly EvalInstitution[], instruments: readonly EvalInstrument[], policy: Policy, year: number) {
    for (const i of institutions) this.groupOf.set(i.code, i.groupCode);
    for (const i of instruments) if (isEligible(i, policy, year)) this.owner.set(i.code, i.institutionCode);
    this.excluded = new Set(policy.excludedCategories);
  }

  add(g: UsageGroup): void {
    const owner = this.owner.get(g.instrumentCode);
    if (owner === undefined) return;
    const external = g.userInstitutionCode !== owner;
    const ownerGroup = this.groupOf.get(owner);
    const related = external && Boolean(ownerGroup) && this.groupOf.get(g.userInstitutionCode) === ownerGroup;
    const i = this.figures.instruments.get(g.instrumentCode) ?? emptyUsage();
    const terminal = isTerminal(g.source);
    if (terminal) i.terminalMinutes += g.minutes;
    else i.otherMinutes += g.minutes;
    if (external && terminal) i.externalTerminalMinutes += g.minutes;
    if (external && !terminal) i.externalOtherMinutes += g.minutes;
    addSourceMinutes(i.sources, sourceKey(g.source), g.minutes);
    if (external && !related && !this.excluded.has(g.serviceCategory)) i.incomeBaseFen += g.amountFen;
    this.figures.instruments.set(g.instrumentCode, i);
    if (external) {
      const inst = this.figures.institutions.get(owner) ?? { ratingCount: 0, ratingSum: 0, partners: new Set<string>() };
      inst.ratingCount += g.ratingCount;
      inst.ratingSum += g.ratingSum;
      inst.partners.add(g.userInstitutionCode);
      this.figures.institutions.set(owner, inst);
    }
  }
}

const emptyUsage = (): InstrumentUsage => ({ terminalMinutes: 0n, otherMinutes: 0n, externalTerminalMinutes: 0n, externalOtherMinutes: 0n, incomeBaseFen: 0n, sources: [] });

export function reduceUsage(groups: readonly UsageGroup[], institutions: readonly EvalInstitution[], instruments: readonly EvalInstrument[], policy: Policy, year: number): UsageFigures {
  const reducer = new UsageReducer(institutions, instruments, policy, year);
  for (const g of groups) reducer.add(g);
  return reducer.figures;
}

export interface EvaluationInput {
  policy: Policy; year: number; region?: string | null;
  institutions: EvalInstitution[]; instruments: EvalInstrument[]; usage: UsageFigures;
}

/** Counted usage of year Y as groups, from records and their ratings (one per usage code). */
export function groupUsage(records: readonly EvalUsage[], ratings: ReadonlyMap<string, number>, year: number): UsageGroup[] {
  const from = shanghaiMidnight(`${year}-01-01`).getTime();
  const to = shanghaiMidnight(`${year + 1}-01-01`).getTime();
  const groups = new Map<string, UsageGroup>();
  for (const u of records) {
    const t = u.start.getTime();
    if (u.status !== 'completed' || t < from || t >= to) continue;
    const source = u.source ?? null;
    const key = `${u.instrumentCode}\u0000${u.userInstitutionCode}\u0000${u.serviceCategory}\u0000${source ?? ''}`;
    const g = groups.get(key) ?? { instrumentCode: u.instrumentCode, userInstitutionCode: u.userInstitutionCode, serviceCategory: u.serviceCategory, minutes: 0n, amountFen: 0n, ratingCount: 0, ratingSum: 0, source };
    g.minutes += BigInt(u.end.getTime() - u.start.getTime()) / MINUTE_MS;
    g.amountFen += u.amountFen ?? 0n;
    const rating = ratings.get(u.code);
    if (rating !== undefined) {
      g.ratingCount += 1;
      g.ratingSum += rating;
    }
    groups.set(key, g);
  }
  return [...groups.values()];
}

/** Points with two decimals, as integers of hundredths: 1998 = 19.98. */
export interface Indicators { openRate: bigint; onlineRate: bigint; utilisation: bigint; activeShare: bigint; externalShare: bigint; satisfaction: bigint; externalReach: bigint }

export interface InstrumentResult {
  instrumentCode: string; institutionCode: string; effectiveMinutes: bigint; externalMinutes: bigint; benchmarkHours: number;
  incomeBaseFen: bigint; rawFen: bigint; cappedFen: bigint;
}

export interface InstitutionResult {
  /** Effective and external minutes as counted: non-terminal ones at manualHoursFactorPct (sources.ts countedMinutes). */
  institutionCode: string; eligibleInstruments: number; effectiveMinutes: bigint; externalMinutes: bigint;
  /** The minutes of its eligible instruments by source, as recorded (before the factor). */
  minutesBySource: SourceMinutes[];
  indicators: Indicators; total: bigint; grade: Grade; gradeBeforeQuota: Grade; rank: number;
  ratings: number; externalInstitutions: number; incomeBaseFen: bigint; subsidyBeforeBudgetFen: bigint; subsidyFen: bigint;
  /** Why the institution's total is 0 although its instruments earned something, if so. */
  ineligibleReason: string | null;
  /** The counts behind the organisation and operation indicators. */
  counts: { open: number; online: number; active: number; ratingSum: number };
  instruments: InstrumentResult[];
}

const MINUTE_MS = 60000n;
const points = (weight: number, share: Ratio): bigint => roundToPlaces(mul(ratio(weight), share), 2);
const sumPoints = (i: Indicators): bigint => i.openRate + i.onlineRate + i.utilisation + i.activeShare + i.externalShare + i.satisfaction + i.externalReach;
const sharingPoints = (i: Indicators): bigint => i.externalShare + i.satisfaction + i.externalReach;

/** Eligible for year Y: value at the threshold, purchased by the end of Y (or undated), not retired before Y. */
export function isEligible(i: EvalInstrument, policy: Policy, year: number): boolean {
  return i.originalValueFen >= policy.eligibleValueFen && (i.purchaseDate === null || i.purchaseDate <= `${year}-12-31`)
    && (i.retiredOn === null || i.retiredOn >= `${year}-01-01`);
}

function gradeOf(total: bigint, policy: Policy): Grade {
  const hundredths = (n: number) => BigInt(Math.round(n * 100));
  if (total >= hundredths(policy.gradeBands.excellent)) return 'excellent';
  if (total >= hundredths(policy.gradeBands.good)) return 'good';
  if (total >= hundredths(policy.gradeBands.pass)) return 'pass';
  return 'poor';
}

/** The evaluation of every institution of the run's region for year Y (policy.md), before the budget. */
export function evaluate(input: EvaluationInput): InstitutionResult[] {
  const { policy, year } = input;
  const yearEnd = shanghaiMidnight(`${year}-12-31`).getTime();
  const evaluated = input.institutions.filter((i) => !input.region || i.region === input.region);
  const owned = new Map<string, EvalInstrument[]>();
  for (const i of input.instruments) {
    const list = owned.get(i.institutionCode);
    if (list) list.push(i);
    else owned.set(i.institutionCode, [i]);
  }
  const results: InstitutionResult[] = [];
  for (const institution of evaluated) {
    const eligible = (owned.get(institution.code) ?? []).filter((i) => isEligible(i, policy, year)).sort((a, b) => (a.code < b.code ? -1 : 1));
    if (eligible.length === 0) continue;
    const usage = eligible.map((i) => input.usage.instruments.get(i.code) ?? emptyUsage());
    const pct = policy.manualHoursFactorPct;
    const instruments: InstrumentResult[] = eligible.map((i, k) => {
      const f = usage[k];
      return {
        instrumentCode: i.code, institutionCode: institution.code,
        effectiveMinutes: countedMinutes(f.terminalMinutes, f.otherMinutes, pct), externalMinutes: countedMinutes(f.externalTerminalMinutes, f.externalOtherMinutes, pct),
        benchmarkHours: i.specialised ? policy.benchmarkHours.specialised : policy.benchmarkHours.general, incomeBaseFen: f.incomeBaseFen, rawFen: 0n, cappedFen: 0n,
      };
    });
    const n = BigInt(eligible.length);
    const open = eligible.filter((i) => i.sharingStatus === 'open');
    const online = open.filter((i) => i.onlineBooking && i.rateCards.some((c) => c.validFrom.getTime() <= yearEnd && (c.validTo === null || yearEnd < c.validTo.getTime())));
    let utilisationSum: Ratio = ratio(0);
    let active = 0n;
    for (const r of instruments) {
      const hours = ratio(r.effectiveMinutes, 60n);
      utilisationSum = add(utilisationSum, minRatio(ratio(1), div(hours, ratio(r.benchmarkHours))));
      if (compare(mul(hours, ratio(2)), ratio(r.benchmarkHours)) >= 0) active++;
    }
    const effective = instruments.reduce((s, r) => s + r.effectiveMinutes, 0n);
    const externalMinutes = instruments.reduce((s, r) => s + r.externalMinutes, 0n);
    // Ratings and partners of the institution's counted external records (of eligible instruments only).
    const own = input.usage.institutions.get(institution.code);
    const ratingCount = own?.ratingCount ?? 0;
    const ratingSum = own?.ratingSum ?? 0;
    const reach = own?.partners.size ?? 0;
    const indicators: Indicators = {
      openRate: points(10, ratio(BigInt(open.length), n)),
      onlineRate: open.length ? points(10, ratio(BigInt(online.length), BigInt(open.length))) : 0n,
      utilisation: points(30, div(utilisationSum, ratio(n))),
      activeShare: points(10, ratio(active, n)),
      externalShare: effective > 0n ? points(20, minRatio(ratio(1), div(ratio(externalMinutes, effective), parseDecimal(policy.targetExternalShare)))) : 0n,
      satisfaction: ratingCount >= policy.minRatings && ratingCount > 0
        ? points(10, ratio(BigInt(ratingSum) - BigInt(ratingCount), 4n * BigInt(ratingCount)))
        : 500n,
      externalReach: points(10, minRatio(ratio(1), ratio(BigInt(reach), BigInt(policy.targetExternalInstitutions)))),
    };
    const total = sumPoints(indicators);
    const grade = gradeOf(total, policy);
    results.push({
      institutionCode: institution.code, eligibleInstruments: eligible.length, effectiveMinutes: effective, externalMinutes,
      minutesBySource: mergeSourceMinutes(usage.map((u) => u.sources)), indicators, total,
      grade, gradeBeforeQuota: grade, rank: 0, ratings: ratingCount, externalInstitutions: reach,
      incomeBaseFen: instruments.reduce((s, r) => s + r.incomeBaseFen, 0n), subsidyBeforeBudgetFen: 0n, subsidyFen: 0n, ineligibleReason: null, instruments,
      counts: { open: open.length, online: online.length, active: Number(active), ratingSum },
    });
  }
  rankAndApplyQuota(results, policy);
  for (const r of results) applySubsidy(r, policy);
  return results.sort((a, b) => (a.institutionCode < b.institutionCode ? -1 : 1));
}

/** Rank by total, then the sharing group's points, then exact external hours, then code; only the best `excellentQuota` stay excellent. */
function rankAndApplyQuota(results: InstitutionResult[], policy: Policy): void {
  const ranked = [...results].sort((a, b) => (b.total !== a.total ? (b.total > a.total ? 1 : -1)
    : sharingPoints(b.indicators) !== sharingPoints(a.indicators) ? (sharingPoints(b.indicators) > sharingPoints(a.indicators) ? 1 : -1)
    : b.externalMinutes !== a.externalMinutes ? (b.externalMinutes > a.externalMinutes ? 1 : -1)
    : a.institutionCode < b.institutionCode ? -1 : 1));
  let excellent = 0;
  ranked.forEach((r, i) => {
    r.rank = i + 1;
    if (r.grade !== 'excellent') return;
    excellent++;
    if (policy.excellentQuota !== null && excellent > policy.excellentQuota) r.grade = 'good';
  });
}

function applySubsidy(r: InstitutionResult, policy: Policy): void {
  const factor = BigInt(policy.gradeFactorPct[r.grade]);
  for (const i of r.instruments) {
    i.rawFen = roundHalfUp(i.incomeBaseFen * BigInt(policy.rateBps) * factor, 1_000_000n);
    i.cappedFen = i.rawFen < policy.perInstrumentCapFen ? i.rawFen : policy.perInstrumentCapFen;
  }
  const sum = r.instruments.reduce((s, i) => s + i.cappedFen, 0n);
  const capped = sum < policy.perInstitutionCapFen ? sum : policy.perInstitutionCapFen;
  r.ineligibleReason = ineligibleReason(r, policy);
  r.subsidyBeforeBudgetFen = r.ineligibleReason ? 0n : capped;
  r.subsidyFen = r.subsidyBeforeBudgetFen;
}

