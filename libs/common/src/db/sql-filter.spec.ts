import type { Actor } from '@yixiang/contracts';
import { SqlFilter } from './sql-filter';

const actor = (role: Actor['role']): Actor => ({ userId: 'u-1', role, institutionId: role === 'bureau' || role === 'auditor' ? null : 'i-1', region: null });
const booking = { provider: 'provider_institution_id', client: 'user_institution_id', user: 'user_id' };
const statement = { provider: 's.provider_institution_id', client: 's.payer_institution_id' };

describe('SqlFilter', () => {
  it('is true with no condition', () => {
    const f = new SqlFilter();
    expect([f.sql, f.params]).toEqual(['true', []]);
  });

  it('joins conditions with and, keeping their values in order', () => {
    const f = new SqlFilter().and(`kind = 'booking'`).and('status = ?', 'approved').and('start_at >= ? and start_at < ?', 1, 2);
    expect(f.sql).toBe(`kind = 'booking' and status = ? and start_at >= ? and start_at < ?`);
    expect(f.params).toEqual(['approved', 1, 2]);
  });

  it('refuses a condition whose placeholders and values disagree', () => {
    expect(() => new SqlFilter().and('status = ?')).toThrow(/1 placeholders for 0 values/);
    expect(() => new SqlFilter().and('status = ?', 'a', 'b')).toThrow(/1 placeholders for 2 values/);
  });

  it.each<[Actor['role'], typeof booking | typeof statement, string, unknown[]]>([
    ['bureau', booking, 'true', []],
    ['auditor', booking, 'true', []],
    ['researcher', booking, 'user_id = ?', ['u-1']],
    ['institution_admin', booking, '(provider_institution_id = ? or user_institution_id = ?)', ['i-1', 'i-1']],
    ['operator', booking, '(provider_institution_id = ? or user_institution_id = ?)', ['i-1', 'i-1']],
    ['researcher', statement, 's.payer_institution_id = ?', ['i-1']],
    ['operator', statement, '(s.provider_institution_id = ? or s.payer_institution_id = ?)', ['i-1', 'i-1']],
  ])('scopes a %s to the rows they may read', (role, columns, sql, params) => {
    const f = new SqlFilter().scopedTo(actor(role), columns);
    expect([f.sql, f.params]).toEqual([sql, params]);
  });
});

describe('SqlFilter.scopedTo for regional bureau officers (issue 16)', () => {
  const cq: Actor = { userId: 'u-cq', role: 'bureau', institutionId: null, region: 'CQ' };
  it('limits a regional officer to the rows its region’s institutions provide or are the client of', () => {
    const f = new SqlFilter().scopedTo(cq, booking, ['i-1', 'i-2']);
    expect(f.sql).toBe('(provider_institution_id::text = any(?::text[]) or user_institution_id::text = any(?::text[]))');
    expect(f.params).toEqual(['{"i-1","i-2"}', '{"i-1","i-2"}']);
  });
  it('shows a regional officer nothing when its region’s institutions are not given (or it has none)', () => {
    expect(new SqlFilter().scopedTo(cq, booking).sql).toBe('false');
    expect(new SqlFilter().scopedTo(cq, booking, []).sql).toBe('false');
  });
  it('leaves a joint officer unlimited', () => {
    expect(new SqlFilter().scopedTo({ ...cq, region: null }, booking, ['i-1']).sql).toBe('true');
  });
});
