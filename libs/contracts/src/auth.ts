export const ROLES = ['researcher', 'institution_admin', 'operator', 'bureau', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

/** Roles that always belong to an institution; bureau officers and auditors never do. */
export const INSTITUTION_ROLES: readonly Role[] = ['researcher', 'institution_admin', 'operator'];

/**
 * Who is asking. The gateway authenticates the bearer token and passes the actor in every
 * request message; services decide permissions because only they know who owns what.
 */
export interface Actor {
  userId: string;
  role: Role;
  institutionId: string | null;
  /**
   * A bureau officer's region (`CQ`, `SC`, …: 2–8 capital letters), or null for a joint officer,
   * who sees and runs everything. Null for every other role (issue 16).
   */
  region: string | null;
}

/** Every request message: who sent it, the id from the path (if any) and the validated data. */
export interface Envelope<T = unknown> {
  actor: Actor | null;
  id?: string;
  data?: T;
}
