import type { ClientProxy } from '@nestjs/microservices';
import type { UserSessionReply } from '@yixiang/contracts';
import { GatewayConfig } from '../config';
import type { Services } from '../http/services';
import { SessionCache } from './session-cache';

/** A catalogue whose answers the test releases one by one, counting the questions. */
function catalogue() {
  const waiting: { id: string; resolve: (r: UserSessionReply) => void }[] = [];
  const services = {
    catalogue: {
      request: (_subject: string, payload: { id: string }) => new Promise<UserSessionReply>((resolve) => waiting.push({ id: payload.id, resolve })),
    },
  } as unknown as Services;
  const answer = (version: number, active = true) => waiting.shift()?.resolve({ active, role: 'researcher', institutionId: 'inst-1', region: null, tokenVersion: version });
  return { services, waiting, answer };
}

function cache(services: Services, ms = 5000): SessionCache {
  return new SessionCache(services, Object.assign(new GatewayConfig(), { SESSION_CACHE_MS: ms }), {} as ClientProxy);
}

describe('the gateway session cache', () => {
  it('asks the catalogue once for concurrent requests of one user, then answers from the map', async () => {
    const c = catalogue();
    const sessions = cache(c.services);
    const both = Promise.all([sessions.load('u1'), sessions.load('u1')]);
    expect(c.waiting).toHaveLength(1);
    c.answer(3);
    const [a, b] = await both;
    expect(a).toBe(b);
    expect(a.actor).toEqual({ userId: 'u1', role: 'researcher', institutionId: 'inst-1', region: null });
    expect(sessions.fresh('u1', Date.now())?.tokenVersion).toBe(3);
    expect(sessions.fresh('u1', Date.now() + 5001)).toBeUndefined();
  });

  it('puts a bureau officer’s region in the actor, and never another role’s', async () => {
    const waiting: ((r: UserSessionReply) => void)[] = [];
    const services = { catalogue: { request: () => new Promise<UserSessionReply>((resolve) => waiting.push(resolve)) } } as unknown as Services;
    const sessions = cache(services);
    const officer = sessions.load('u-cq');
    waiting.shift()?.({ active: true, role: 'bureau', institutionId: null, region: 'CQ', tokenVersion: 1 });
    expect((await officer).actor).toEqual({ userId: 'u-cq', role: 'bureau', institutionId: null, region: 'CQ' });
    const admin = sessions.load('u-admin');
    waiting.shift()?.({ active: true, role: 'institution_admin', institutionId: 'i', region: 'CQ', tokenVersion: 1 });
    expect((await admin).actor?.region).toBeNull();
  });

  it('forgets a user at once on revocation', async () => {
    const c = catalogue();
    const sessions = cache(c.services);
    const loaded = sessions.load('u1');
    c.answer(1);
    await loaded;
    sessions.forget('u1');
    expect(sessions.fresh('u1', Date.now())).toBeUndefined();
  });

  it('does not remember an answer that was on its way when a revocation arrived (it may predate the change)', async () => {
    const c = catalogue();
    const sessions = cache(c.services);
    const stale = sessions.load('u1');
    sessions.forget('u1');
    const fresh = sessions.load('u1');
    expect(c.waiting).toHaveLength(2);
    c.answer(1);
    expect((await stale).tokenVersion).toBe(1);
    expect(sessions.fresh('u1', Date.now())).toBeUndefined();
    c.answer(2);
    expect((await fresh).tokenVersion).toBe(2);
    expect(sessions.fresh('u1', Date.now())?.tokenVersion).toBe(2);
  });

  it('keeps a deactivated or unknown user as no actor', async () => {
    const c = catalogue();
    const sessions = cache(c.services);
    const loaded = sessions.load('gone');
    c.answer(-1, false);
    expect((await loaded).actor).toBeNull();
  });
});
