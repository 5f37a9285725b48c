import { type Said, said } from '../messages/said';
import type { PermissionActor } from './rules';

/**
 * Regional bureaus (issue 16). A bureau officer belongs to one region (`CQ`, `SC`, …) or is a joint
 * officer (region null) who sees and runs everything. A regional officer runs its own region's
 * institutions, voucher programmes, policies and runs; an object of another region, or one of the
 * whole platform (region null), is a joint officer's. Every other role has region null and is
 * never "the bureau of" anything.
 */

/** A region code: 2–8 capital letters (the institutions' `region` follows the same rule). */
export const REGION_PATTERN = /^[A-Z]{2,8}$/;

export function isRegionCode(value: unknown): value is string {
  return typeof value === 'string' && REGION_PATTERN.test(value);
}

/** A bureau officer with no region: the platform's joint (川渝) bureau. */
export function isJointOfficer(a: PermissionActor): boolean {
  return a.role === 'bureau' && a.region === null;
}

/** A bureau officer of one region only. */
export function isRegionalOfficer(a: PermissionActor): a is PermissionActor & { region: string } {
  return a.role === 'bureau' && a.region !== null;
}

/**
 * Whether the actor is the bureau for an object of `region` (null: the whole platform): a joint
 * officer always; a regional officer only for its own region.
 */
export function bureauOfRegion(a: PermissionActor, region: string | null): boolean {
  if (a.role !== 'bureau') return false;
  return a.region === null || (region !== null && a.region === region);
}

/** The refusal a regional officer gets for another region's object, naming both regions. */
export function otherRegionReason(a: PermissionActor, region: string | null): Said {
  const where = region === null ? 'the whole platform (joint officers only)' : `region ${region}`;
  return said(`区域科技局只能管理本区域（${a.region ?? '联合'}）的对象，此对象属于${region ?? '全平台'}`, `a ${a.region ?? 'joint'} bureau officer cannot act for ${where}`);
}
