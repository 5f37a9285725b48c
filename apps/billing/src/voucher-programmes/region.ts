import type { Actor } from '@yixiang/contracts';

/** A bureau officer's region (null: a joint officer, or not a bureau officer at all). */
export function regionOf(actor: Actor): string | null {
  return actor.role === 'bureau' ? actor.region : null;
}
