/**
 * A service's audit trail table, `<schema>.audit` (issue 20). The schema is spliced into SQL, so
 * only a plain identifier is taken.
 */
export function auditTable(schema: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`not a schema name: ${schema}`);
  return `${schema}.audit`;
}

/**
 * The DDL of a service's audit trail, for its migration. `seq` is the chain's order (the primary
 * key: two appends can never both be link n), every hash is the chain's (libs/domain audit/chain.ts),
 * and triggers refuse UPDATE, DELETE and TRUNCATE, so the table only ever grows; the chain is what
 * shows it if someone with the rights to switch the triggers off went around them.
 */
export function auditTableSql(schema: string): string[] {
  const table = auditTable(schema);
  const refuse = `${schema}.audit_append_only`;
  return [
    `create table ${table} (
      seq bigint primary key check (seq > 0),
      at timestamptz not null,
      actor_id text,
      actor_role text,
      action text not null,
      object_type text not null,
      object_id text not null,
      before jsonb,
      after jsonb,
      correlation_id text,
      prev_hash text not null check (prev_hash ~ '^[0-9a-f]{64}$'),
      hash text not null unique check (hash ~ '^[0-9a-f]{64}$'))`,
    `create index audit_at_idx on ${table} (at desc, seq desc)`,
    `create index audit_object_idx on ${table} (object_type, object_id)`,
    `create index audit_actor_idx on ${table} (actor_id)`,
    `create function ${refuse}() returns trigger language plpgsql as $$
      begin
        raise exception 'the audit trail is append-only: % on %.% is refused', tg_op, tg_table_schema, tg_table_name using errcode = 'P0001';
      end $$`,
    `create trigger audit_append_only before update or delete on ${table} for each row execute function ${refuse}()`,
    `create trigger audit_no_truncate before truncate on ${table} for each statement execute function ${refuse}()`,
  ];
}

/** The migration's down: the table and its function (the triggers go with the table). */
export function dropAuditTableSql(schema: string): string[] {
  return [`drop table ${auditTable(schema)}`, `drop function ${schema}.audit_append_only()`];
}
