import { ceilDiv, formatFixed, ratio, roundHalfUp, roundToPlaces } from '../rational';

export type ServiceModeCode = 'self' | 'assisted' | 'sample';

export interface RateCard {
  code: string;
  instrumentCode: string;
  serviceMode: ServiceModeCode;
  unit: 'hour' | 'sample';
  internalPriceFen: bigint;
  externalPriceFen: bigint;
  /** Required for an hourly card. */
  incrementMinutes: number | null;
  minimumChargeFen: bigint;
  validFrom: Date;
  /** Exclusive; null = open-ended. */
  validTo: Date | null;
}

export interface UsageToPrice {
  code: string;
  instrumentCode: string;
  serviceMode: ServiceModeCode;
  start: Date;
  end: Date;
  samples: number | null;
  /** The user's institution differs from the instrument's owner (see `isExternal`). */
  external: boolean;
}

export interface Charge {
  usageCode: string;
  rateCode: string;
  external: boolean;
  /** Billed hours with 2 decimals for an hourly card ("8.50"), the sample count for a per-sample card. */
  billedUnits: string;
  /** Whole increments covering the duration, for an hourly card; null for a per-sample card. */
  billedMinutes: number | null;
  amountFen: bigint;
}

export type UnbilledReason =
  'no-rate-card' | 'samples-missing' | 'not-minute-aligned' | 'end-not-after-start' | 'rate-card-without-increment';

export interface Unbilled {
  usageCode: string;
  reason: UnbilledReason;
  message: string;
}

const MINUTE_MS = 60000;

/**
 * External when the user's institution differs from the instrument's owner. Related parties (same
 * groupCode) are still external here: the group only matters to the subsidy's income base.
 */
export function isExternal(userInstitutionCode: string, ownerInstitutionCode: string): boolean {
  return userInstitutionCode !== ownerInstitutionCode;
}

/** The card for (instrument, mode) whose [validFrom, validTo) contains the instant. */
export function rateCardAt(cards: readonly RateCard[], instrumentCode: string, mode: ServiceModeCode, at: Date): RateCard | null {
  const t = at.getTime();
  return (
    cards.find(
      (c) =>
        c.instrumentCode === instrumentCode &&
        c.serviceMode === mode &&
        c.validFrom.getTime() <= t &&
        (c.validTo === null || t < c.validTo.getTime()),
    ) ?? null
  );
}

/** `ceil(duration / increment) × increment`: every started increment is billed whole. */
export function billedMinutesFor(durationMinutes: bigint, incrementMinutes: bigint): bigint {
  return ceilDiv(durationMinutes, incrementMinutes) * incrementMinutes;
}

/** Billing one usage record (policy.md): the card valid at its start, external or internal price, increments, minimum charge. */
export function priceUsage(usage: UsageToPrice, cards: readonly RateCard[]): Charge | Unbilled {
  const unbilled = (reason: UnbilledReason, message: string): Unbilled => ({ usageCode: usage.code, reason, message });
  const startMs = usage.start.getTime();
  const endMs = usage.end.getTime();
  if (endMs <= startMs) return unbilled('end-not-after-start', 'end is not after start');
  if (startMs % MINUTE_MS !== 0 || endMs % MINUTE_MS !== 0) return unbilled('not-minute-aligned', 'start and end must be whole minutes');
  const card = rateCardAt(cards, usage.instrumentCode, usage.serviceMode, usage.start);
  if (!card) return unbilled('no-rate-card', `no rate card for ${usage.instrumentCode}/${usage.serviceMode} valid at start`);
  const price = usage.external ? card.externalPriceFen : card.internalPriceFen;
  let amount: bigint;
  let billedUnits: string;
  let billedMinutes: number | null = null;
  if (card.unit === 'hour') {
    // Billing per minute instead would silently undercharge: an hourly card without an increment is bad data.
    if (card.incrementMinutes === null || !Number.isSafeInteger(card.incrementMinutes) || card.incrementMinutes < 1) {
      return unbilled('rate-card-without-increment', `${card.code} is priced per hour but has no billing increment`);
    }
    const minutes = billedMinutesFor(BigInt((endMs - startMs) / MINUTE_MS), BigInt(card.incrementMinutes));
    amount = roundHalfUp(price * minutes, 60n);
    billedUnits = formatFixed(roundToPlaces(ratio(minutes, 60n), 2), 2);
    billedMinutes = Number(minutes);
  } else {
    if (usage.samples === null || !Number.isSafeInteger(usage.samples) || usage.samples < 1) {
      return unbilled('samples-missing', `${card.code} is priced per sample; the record gives no sample count`);
    }
    amount = price * BigInt(usage.samples);
    billedUnits = String(usage.samples);
  }
  if (amount < card.minimumChargeFen) amount = card.minimumChargeFen;
  return { usageCode: usage.code, rateCode: card.code, external: usage.external, billedUnits, billedMinutes, amountFen: amount };
}

export function isCharge(result: Charge | Unbilled): result is Charge {
  return 'amountFen' in result;
}
