import type { EntityManager } from '@mikro-orm/postgresql';
import { GENESIS_HASH } from '@yixiang/domain';
import { withCorrelation } from '../logging/correlation';
import { auditTable, auditTableSql } from './audit-table';
import { AuditTrail } from './audit-trail';

describe('the audit table', () => {
  it('is the audit table of the service’s own schema, and takes nothing but a plain schema name', () => {
    expect(auditTable('billing')).toBe('billing.audit');
    for (const bad of ['', 'Billing', 'billing.audit', 'billing; drop table x', 'bill-ing']) expect(() => auditTable(bad)).toThrow(/schema/);
  });

  it('is made with seq as its key and triggers that refuse UPDATE, DELETE and TRUNCATE', () => {
    const ddl = auditTableSql('subsidy').join('\n');
    expect(ddl).toMatch(/create table subsidy\.audit \(\s+seq bigint primary key/);
    expect(ddl).toMatch(/before update or delete on subsidy\.audit for each row execute function subsidy\.audit_append_only\(\)/);
    expect(ddl).toMatch(/before truncate on subsidy\.audit for each statement/);
  });
});

describe('an append to the trail', () => {
  /** A transaction that answers the chain's head query with `head` and records what is run. */
  const tx = (head: { seq: string | null; hash: string | null }, inTransaction = true) => {
    const run: [string, unknown[]][] = [];
    const em = {
      isInTransaction: () => inTransaction,
      execute: async (sql: string, params: unknown[] = []) => {
        run.push([sql, params]);
        return sql.includes('clock_timestamp') ? [{ now: '2026-12-05T02:00:00.000Z', ...head }] : [];
      },
    } as unknown as EntityManager;
    return { em, run };
  };
  const trail = new AuditTrail({ service: 'billing', schema: 'billing' });
  const change = { actor: { userId: 'u-1', role: 'bureau' as const, institutionId: null, region: null }, action: 'voucher.issue', objectType: 'voucher' as const, objectId: 'v-1', before: null, after: { faceValueFen: 100000n, at: new Date('2026-01-01T00:00:00Z') } };

  it('refuses to be written outside a transaction (it must commit with its change)', async () => {
    await expect(trail.append(tx({ seq: null, hash: null }, false).em, change)).rejects.toThrow(/transaction/);
  });

  it('locks the chain first, then links to the head: the first entry to the genesis hash, the next to the head’s hash', async () => {
    const first = tx({ seq: null, hash: null });
    const entry = await withCorrelation('corr-1', () => trail.append(first.em, change));
    expect(first.run[0][0]).toMatch(/pg_advisory_xact_lock/);
    expect(entry).toMatchObject({ sequence: 1, prevHash: GENESIS_HASH, correlationId: 'corr-1', actorRole: 'bureau', at: '2026-12-05T02:00:00.000Z' });
    // What is hashed is what jsonb gives back: the bigint and the date as text.
    expect(entry.after).toEqual({ faceValueFen: '100000', at: '2026-01-01T00:00:00.000Z' });
    const next = tx({ seq: '41', hash: 'a'.repeat(64) });
    expect(await trail.append(next.em, change)).toMatchObject({ sequence: 42, prevHash: 'a'.repeat(64) });
    expect(next.run.at(-1)?.[0]).toMatch(/^insert into billing\.audit /);
  });
});
