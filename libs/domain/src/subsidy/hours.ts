import { formatFixed, ratio, roundToPlaces } from '../rational';

/** Hours of a count of minutes, half-up to 2 decimals, as shown in the exports and the reasons. */
export function formatHours(minutes: bigint): string {
  return formatFixed(roundToPlaces(ratio(minutes, 60n), 2), 2);
}
