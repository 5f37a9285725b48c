import type { Actor } from '@yixiang/contracts';

/**
 * A bureau officer's region (null: a joint officer, or no bureau at all). Read through this one function
 * so the region foundation's `Actor.region` is the only source.
 */
export function regionOf(actor: Actor): string | null {
  if (actor.role !== 'bureau') return null;
  return (actor as Actor & { region?: string | null }).region ?? null;
}
