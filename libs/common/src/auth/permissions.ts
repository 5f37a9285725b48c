import type { Actor, Role } from '@yixiang/contracts';
import { decide, Permission, PermissionObjects } from '@yixiang/domain';
import { fail } from '../errors/rpc-error';

export { can } from '@yixiang/domain';

/** Services decide permissions: they know who owns what; the gateway only knows who asks. */
export function requireActor(actor: Actor | null | undefined): Actor {
  if (!actor) fail('UNAUTHENTICATED', 'sign in first');
  return actor;
}

/**
 * The one way a service asks a permission (the rules are libs/domain's permissions): the signed-in
 * actor if allowed, else FORBIDDEN with the rule's reason, or NOT_FOUND (`notFound`, the sentence a
 * missing object would give) where the rule hides that the object exists at all.
 */
export function authorize<P extends Permission>(actor: Actor | null | undefined, permission: P, object: PermissionObjects[P], notFound = 'it does not exist'): Actor {
  const a = requireActor(actor);
  const decision = decide(a, permission, object);
  if (decision.allowed) return a;
  if (decision.hidden) fail('NOT_FOUND', notFound);
  fail('FORBIDDEN', decision.reason, { permission });
}

export function requireRole(actor: Actor | null | undefined, ...roles: Role[]): Actor {
  const a = requireActor(actor);
  if (!roles.includes(a.role)) fail('FORBIDDEN', `this needs the role ${roles.join(' or ')}; you are ${a.role}`);
  return a;
}

/** Bureau officers read everything; auditors read everything; institution staff their own institution. */
export function canReadInstitution(actor: Actor, institutionId: string): boolean {
  return actor.role === 'bureau' || actor.role === 'auditor' || actor.institutionId === institutionId;
}

/** Writes on an institution's objects: its own admins (and, where the caller allows it, the bureau). */
export function assertManagesInstitution(actor: Actor, institutionId: string, opts: { bureau?: boolean; roles?: Role[] } = {}): void {
  if (opts.bureau && actor.role === 'bureau') return;
  const roles = opts.roles ?? ['institution_admin'];
  if (roles.includes(actor.role) && actor.institutionId === institutionId) return;
  if (actor.role === 'auditor') fail('FORBIDDEN', 'auditors read everything and change nothing');
  fail('FORBIDDEN', roles.includes(actor.role) ? 'you may only change your own institution’s records' : `this needs the role ${roles.join(' or ')}${opts.bureau ? ' or bureau' : ''}`);
}
