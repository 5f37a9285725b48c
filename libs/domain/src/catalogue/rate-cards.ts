import { byCodePoint } from '../validation/code-point-order';

/** A rate card's validity, half-open [from, to) in epoch ms; an open-ended card has `to` = Infinity. */
export interface RateCardWindow {
  code: string;
  serviceMode: string;
  from: number;
  to: number;
}

/**
 * Every pair of cards of one service mode whose [validFrom, validTo) intervals overlap (policy.md:
 * at any instant one card prices a mode). Cards that only touch do not overlap: validTo is
 * exclusive. Pairs come in order of mode, then validFrom; each pair earlier card first. The
 * cards may carry more (an import's line number): the pairs hand them back as given.
 */
export function overlappingCards<T extends RateCardWindow>(cards: readonly T[]): [T, T][] {
  const out: [T, T][] = [];
  const sorted = [...cards].sort((a, b) => byCodePoint(a.serviceMode, b.serviceMode) || a.from - b.from);
  for (let i = 0; i < sorted.length; i++) {
    for (let j = i + 1; j < sorted.length && sorted[j].serviceMode === sorted[i].serviceMode; j++) {
      if (sorted[j].from < sorted[i].to) out.push([sorted[i], sorted[j]]);
    }
  }
  return out;
}
