import { Client } from 'pg';
import { decodeUsageGroupChunk, encodeUsageGroup } from '@yixiang/contracts';
import { USAGE_GROUP_LINE } from './usage-groups.repository';

/** The codec's writer half is SQL: PostgreSQL's lines must be exactly encodeUsageGroup's. */
describe('the usage-group line as PostgreSQL writes it (real PostgreSQL)', () => {
  const pg = new Client({ connectionString: process.env.POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' });
  beforeAll(() => pg.connect());
  afterAll(() => pg.end());

  it('equals encodeUsageGroup of the same group', async () => {
    const { rows } = await pg.query<{ line: string }>(`
      with u (id, instrument_id, user_institution_id, service_category, start_at, end_at, source) as (values
        ('00000000-0000-4000-8000-000000000001'::uuid, 'a0000000-0000-4000-8000-000000000001'::uuid, 'b0000000-0000-4000-8000-000000000001'::uuid, 'testing', '2026-03-01T01:00:00Z'::timestamptz, '2026-03-01T02:30:40Z'::timestamptz, 'manual'),
        ('00000000-0000-4000-8000-000000000002'::uuid, 'a0000000-0000-4000-8000-000000000001'::uuid, 'b0000000-0000-4000-8000-000000000001'::uuid, 'testing', '2026-03-02T01:00:00Z'::timestamptz, '2026-03-02T01:45:00Z'::timestamptz, 'manual'),
        ('00000000-0000-4000-8000-000000000004'::uuid, 'a0000000-0000-4000-8000-000000000001'::uuid, 'b0000000-0000-4000-8000-000000000001'::uuid, 'testing', '2026-03-03T01:00:00Z'::timestamptz, '2026-03-03T01:20:00Z'::timestamptz, 'terminal'),
        ('00000000-0000-4000-8000-000000000003'::uuid, 'a0000000-0000-4000-8000-000000000002'::uuid, 'b0000000-0000-4000-8000-000000000001'::uuid, 'research', '2026-03-02T01:00:00Z'::timestamptz, '2026-03-02T01:10:00Z'::timestamptz, 'check-out')),
      c (usage_record_id, amount_fen) as (values ('00000000-0000-4000-8000-000000000001'::uuid, 12000::bigint), ('00000000-0000-4000-8000-000000000002'::uuid, 3400::bigint)),
      f (usage_record_id, rating) as (values ('00000000-0000-4000-8000-000000000001'::uuid, 4))
      select ${USAGE_GROUP_LINE} as line
      from u left join c on c.usage_record_id = u.id left join f on f.usage_record_id = u.id
      group by u.instrument_id, u.user_institution_id, u.service_category, u.source order by u.instrument_id, u.source`);
    const lines = rows.map((r) => r.line);
    expect(lines).toEqual([
      encodeUsageGroup({ instrumentId: 'a0000000-0000-4000-8000-000000000001', userInstitutionId: 'b0000000-0000-4000-8000-000000000001', serviceCategory: 'testing', minutes: 136n, amountFen: 15400n, ratingCount: 1, ratingSum: 4, source: 'manual' }),
      encodeUsageGroup({ instrumentId: 'a0000000-0000-4000-8000-000000000001', userInstitutionId: 'b0000000-0000-4000-8000-000000000001', serviceCategory: 'testing', minutes: 20n, amountFen: 0n, ratingCount: 0, ratingSum: 0, source: 'terminal' }),
      encodeUsageGroup({ instrumentId: 'a0000000-0000-4000-8000-000000000002', userInstitutionId: 'b0000000-0000-4000-8000-000000000001', serviceCategory: 'research', minutes: 10n, amountFen: 0n, ratingCount: 0, ratingSum: 0, source: 'check-out' }),
    ]);
    expect(decodeUsageGroupChunk(lines.join('\n')).map((g) => g.source)).toEqual(['manual', 'terminal', 'check-out']);
  });
});
