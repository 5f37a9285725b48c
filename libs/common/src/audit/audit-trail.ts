import type { EntityManager } from '@mikro-orm/postgresql';
import { Inject, Injectable } from '@nestjs/common';
import type { Actor, AuditChainView, AuditedService, AuditEntryView, AuditListPart, AuditObjectType, AuditQuery } from '@yixiang/contracts';
import { canonicalJson, chainEntry, firstBrokenLink, type AuditEntry } from '@yixiang/domain';
import { currentCorrelationId } from '../logging/correlation';
import { auditTable } from './audit-table';

/** Which service's trail this is: its name in GET /audit and its schema (`<schema>.audit`). */
export interface AuditOptions {
  service: AuditedService;
  schema: string;
}

export const AUDIT_OPTIONS = Symbol('AUDIT_OPTIONS');

/** A change to record: who made it, what it did to which object, the object before and after. */
export interface AuditChange {
  actor: Actor | null;
  action: string;
  objectType: AuditObjectType;
  objectId: string;
  /** null: the object did not exist before. */
  before: unknown;
  /** null: the object no longer exists. */
  after: unknown;
}

interface AuditRow {
  seq: string; at: Date | string; actor_id: string | null; actor_role: string | null; action: string; object_type: string; object_id: string;
  before: unknown; after: unknown; correlation_id: string | null; prev_hash: string; hash: string;
}
/** Read from the table as `a`; ORDER BY names `a.seq`, since a bare `seq` would be the text column here (1, 10, 11, 2 …). */
const COLUMNS = 'a.seq::text as seq, a.at, a.actor_id, a.actor_role, a.action, a.object_type, a.object_id, a.before, a.after, a.correlation_id, a.prev_hash, a.hash';

/** A stored row as the chain's entry: the instant back as the ISO text that was hashed, jsonb as JSON. */
function entryOf(r: AuditRow): AuditEntry {
  const json = (v: unknown) => (typeof v === 'string' ? (JSON.parse(v) as unknown) : v);
  return {
    sequence: Number(r.seq), at: new Date(r.at).toISOString(), actorId: r.actor_id, actorRole: r.actor_role, action: r.action, objectType: r.object_type,
    objectId: r.object_id, before: json(r.before), after: json(r.after), correlationId: r.correlation_id, prevHash: r.prev_hash, hash: r.hash,
  };
}

/** A value as jsonb will give it back (dates as ISO text, bigints as decimal text, no undefined): what is hashed is what is stored. */
const asStored = (value: unknown): unknown => JSON.parse(canonicalJson(value ?? null));

/** Entries read per query while verifying (keyset pages of the chain). */
const VERIFY_BATCH = 5000;

/**
 * One service's audit trail (issue 20): `append` in the transaction of every audited change, `page`
 * and `verify` for GET /audit and GET /audit/verify. Appends are serialized by a transaction-scoped
 * advisory lock on the chain, taken as the change's last step: a concurrent writer waits until the
 * change before it commits or rolls back, then chains to whatever the head is by then, so the chain
 * never forks (the primary key on seq would refuse a fork anyway). The lock goes with the transaction.
 */
@Injectable()
export class AuditTrail {
  private readonly table: string;
  private readonly lockKey: string;

  constructor(@Inject(AUDIT_OPTIONS) private readonly options: AuditOptions) {
    this.table = auditTable(options.schema);
    this.lockKey = `yixiang.audit.${options.schema}`;
  }

  get service(): AuditedService {
    return this.options.service;
  }

  /** Records `change` in `tx`, which must be the change's own transaction: the entry commits if and only if the change does. */
  async append(tx: EntityManager, change: AuditChange): Promise<AuditEntry> {
    if (!tx.isInTransaction()) throw new Error('an audit entry is written in the transaction of the change it records');
    await tx.execute(`select pg_advisory_xact_lock(hashtext(?))`, [this.lockKey]);
    // The database's clock, read under the lock, so that the trail's times follow its order on every replica.
    const [head] = await tx.execute<{ now: string; seq: string | null; hash: string | null }[]>(
      `select to_char(clock_timestamp() at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') as now, h.seq::text as seq, h.hash
         from (select 1) one left join lateral (select seq, hash from ${this.table} order by seq desc limit 1) h on true`);
    const entry = chainEntry(head.seq === null ? undefined : { sequence: Number(head.seq), hash: head.hash as string }, {
      at: head.now, actorId: change.actor?.userId ?? null, actorRole: change.actor?.role ?? null, action: change.action, objectType: change.objectType,
      objectId: change.objectId, before: asStored(change.before), after: asStored(change.after), correlationId: currentCorrelationId() ?? null,
    });
    await tx.execute(
      `insert into ${this.table} (seq, at, actor_id, actor_role, action, object_type, object_id, before, after, correlation_id, prev_hash, hash)
       values (?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?::jsonb, ?, ?, ?)`,
      [entry.sequence, entry.at, entry.actorId, entry.actorRole, entry.action, entry.objectType, entry.objectId,
        canonicalJson(entry.before), canonicalJson(entry.after), entry.correlationId, entry.prevHash, entry.hash]);
    return entry;
  }

  /** The newest `limit` entries matching the query (newest first, as GET /audit merges them) and how many match. */
  async page(em: EntityManager, query: AuditQuery, limit: number): Promise<AuditListPart> {
    const where: string[] = [];
    const params: unknown[] = [];
    const add = (sql: string, value: unknown) => { where.push(sql); params.push(value); };
    if (query.objectType) add('a.object_type = ?', query.objectType);
    if (query.objectId) add('a.object_id = ?', query.objectId);
    if (query.actorId) add('a.actor_id = ?', query.actorId);
    if (query.from) add('a.at >= ?::timestamptz', query.from);
    if (query.to) add('a.at < ?::timestamptz', query.to);
    const filter = where.length ? `where ${where.join(' and ')}` : '';
    const conn = em.getConnection();
    const [rows, [{ total }]] = await Promise.all([
      conn.execute<AuditRow[]>(`select ${COLUMNS} from ${this.table} a ${filter} order by a.at desc, a.seq desc limit ?`, [...params, limit]),
      conn.execute<{ total: string }[]>(`select count(*)::text as total from ${this.table} a ${filter}`, params),
    ]);
    return { items: rows.map((r) => this.view(entryOf(r))), total: Number(total) };
  }

  /** Recomputes the whole chain from its first entry: the first link that does not hold, or none. */
  async verify(em: EntityManager): Promise<AuditChainView> {
    const conn = em.getConnection();
    const entries: AuditEntry[] = [];
    for (let after = 0; ;) {
      const rows = await conn.execute<AuditRow[]>(`select ${COLUMNS} from ${this.table} a where a.seq > ? order by a.seq limit ?`, [after, VERIFY_BATCH]);
      entries.push(...rows.map(entryOf));
      if (rows.length < VERIFY_BATCH) break;
      after = Number(rows[rows.length - 1].seq);
    }
    const broken = firstBrokenLink(entries);
    return { service: this.service, entries: entries.length, intact: broken === null, broken, lastHash: entries.length ? entries[entries.length - 1].hash : null };
  }

  private view(e: AuditEntry): AuditEntryView {
    return { service: this.service, ...e };
  }
}
