import 'reflect-metadata';
import { PATTERN_METADATA } from '@nestjs/microservices/constants';
import { Actor, BillingSubjects, CatalogueSubjects, JobNames, JobQueue, Queues, PayloadOf, ReplyOf, subject, UserView, VoucherView } from '@yixiang/contracts';
import { Handles } from './handles';
import { relay, ServiceClient } from './service-client';

/**
 * The message catalogue's guarantees are compile-time ones: `npx tsc -p tsconfig.json` compiles
 * this spec, so each `@ts-expect-error` below fails the typecheck the day the mistake under it
 * stops being an error. The functions are declared, never called: nothing here goes over NATS.
 */
declare const client: ServiceClient;
declare const actor: Actor;

export async function wrongPayload(): Promise<void> {
  // @ts-expect-error a voucher needs its data, not an id
  await client.request(BillingSubjects.voucherCreate, { actor, id: 'x' });
}

export async function wrongReply(): Promise<void> {
  // @ts-expect-error userUpdate answers a UserView, not a VoucherView
  const voucher: VoucherView = await client.request(CatalogueSubjects.userUpdate, { actor, id: 'x', data: {} });
  void voucher;
  const user: UserView = await client.request(CatalogueSubjects.userUpdate, { actor, id: 'x', data: {} });
  void user;
}

export async function plainString(): Promise<void> {
  // @ts-expect-error a plain string is not a subject: the payload and reply would be anyone's guess
  await client.request('catalogue.user.update', { actor, id: 'x', data: {} });
  // @ts-expect-error relay takes subjects only, too
  await relay(client, 'billing.subsidy.usage-groups', { year: 2025, listKey: 'k' });
}

export async function statedReply(): Promise<void> {
  // @ts-expect-error the reply comes from the subject: a call site cannot state its own
  await client.request<{ groups: number }>(BillingSubjects.usageGroups, { year: 2025, listKey: 'k' });
}

declare const runs: JobQueue<typeof Queues.subsidyRun>;

export async function wrongJob(): Promise<void> {
  // @ts-expect-error the subsidy-run queue has no settle-period job
  await runs.add(JobNames.settlePeriod, { runId: 'r', actor });
  // @ts-expect-error a run's job data names its run
  await runs.add(JobNames.runSubsidy, { period: '2025-01', actor });
  await runs.add(JobNames.runSubsidy, { runId: 'r', actor });
}

export class WrongHandlers {
  // @ts-expect-error voucherCreate's handler must answer a VoucherView
  @Handles(BillingSubjects.voucherCreate)
  create(): Promise<UserView> {
    return Promise.resolve({} as UserView);
  }
}

class RightHandlers {
  @Handles(BillingSubjects.usageGroups)
  groups(): Promise<ReplyOf<typeof BillingSubjects.usageGroups>> {
    return Promise.resolve({ groups: 1, chunks: 1 });
  }

  @Handles(BillingSubjects.importCheck, BillingSubjects.importApply)
  retired(): never {
    throw new Error('retired');
  }
}

describe('the typed message catalogue', () => {
  it('a subject is its name on the wire', () => {
    const probe = subject<{ text: string }, { text: string }>('probe.echo');
    expect(probe).toBe('probe.echo');
    expect(JSON.stringify({ pattern: CatalogueSubjects.userUpdate })).toBe('{"pattern":"catalogue.user.update"}');
    const payload: PayloadOf<typeof probe> = { text: 'x' };
    expect(payload.text).toBe('x');
  });

  it('@Handles registers the same message pattern as @MessagePattern', () => {
    expect(Reflect.getMetadata(PATTERN_METADATA, RightHandlers.prototype.groups)).toEqual(['billing.subsidy.usage-groups']);
    expect(Reflect.getMetadata(PATTERN_METADATA, RightHandlers.prototype.retired)).toEqual(['billing.import.check', 'billing.import.apply']);
  });
});
