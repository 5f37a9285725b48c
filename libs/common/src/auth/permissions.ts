import type { Actor } from '@yixiang/contracts';
import { decide, noSuch, Permission, PermissionObjects, type Said, said } from '@yixiang/domain';
import { fail } from '../errors/rpc-error';

export { can } from '@yixiang/domain';

/** Services decide permissions: they know who owns what; the gateway only knows who asks. */
export function requireActor(actor: Actor | null | undefined): Actor {
  if (!actor) fail('UNAUTHENTICATED', said('请先登录', 'sign in first'));
  return actor;
}

/**
 * The one way a service asks a permission (the rules are libs/domain's permissions): the signed-in
 * actor if allowed, else FORBIDDEN with the rule's reason, or NOT_FOUND (`notFound`, the sentence a
 * missing object would give) where the rule hides that the object exists at all.
 */
export function authorize<P extends Permission>(actor: Actor | null | undefined, permission: P, object: PermissionObjects[P], notFound: Said = noSuch('该记录', 'it')): Actor {
  const a = requireActor(actor);
  const decision = decide(a, permission, object);
  if (decision.allowed) return a;
  if (decision.hidden) fail('NOT_FOUND', notFound);
  fail('FORBIDDEN', decision.reason, { permission });
}
