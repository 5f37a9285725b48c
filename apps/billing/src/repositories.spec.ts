import { entityManagerCalls, serviceFiles, serviceText, sqlMarks } from '../../../test/support/sql-placement';

// The SQL of each aggregate lives in its repository (settlement.repository.ts, exports.repository.ts,
// billing-import.repository.ts…): a service that queries the database itself is the mix of SQL and
// orchestration this layout ended.
describe('the billing service’s SQL lives in its repositories', () => {
  const services = serviceFiles(__dirname);

  it('has services to check', () => expect(services).toEqual([
    'exports/exports.service.ts', 'imports/billing-import.service.ts', 'national/national.service.ts', 'settlement/settlement.service.ts', 'statements/statements.service.ts',
    'statistics/cross-region.service.ts', 'usage-groups/usage-groups.service.ts', 'usage/usage.service.ts', 'voucher-claims/voucher-claims.service.ts',
    'voucher-programmes/voucher-applications.service.ts', 'voucher-programmes/voucher-programmes.service.ts', 'vouchers/feedback.service.ts', 'vouchers/vouchers.service.ts',
  ]));

  it.each(services)('%s runs no SQL and names no table', (file) => {
    expect(sqlMarks(serviceText(__dirname, file), ['catalogue', 'billing', 'booking', 'subsidy'])).toEqual([]);
  });

  // Billing has no entities: a service holds the EntityManager only to open a transaction (or fork
  // one manager for several reads) and hand it to its repositories, so that a settlement, a claim or
  // an import's statements commit together. A service calls nothing else on it.
  it.each(services)('%s uses the EntityManager only to open transactions for its repositories', (file) => {
    expect(entityManagerCalls(serviceText(__dirname, file)).filter((call) => call !== 'fork' && call !== 'transactional')).toEqual([]);
  });
});

describe('what counts as SQL in a service', () => {
  it.each([
    ['await em.execute(`select 1`)', ['.execute(']],
    ['this.em.getConnection()', ['getConnection']],
    ['await boundQuery(tx, sql, [])', ['boundQuery']],
    ['`select code from billing.voucher where id = ?`', ['billing.voucher']],
    ['`select catalogue.refresh_due_prices()`', ['catalogue.refresh_due_prices']],
    ["const table = 'billing.unbilled';", ['billing.unbilled']],
    // Not SQL: a subject, a property, an import path.
    ["subject('billing.usage.record')", []],
    ['await this.billing.check(request)', []],
    ["import { CatalogueClient } from './catalogue.client';", []],
  ])('%s → %j', (text, marks) => expect(sqlMarks(text, ['catalogue', 'billing'])).toEqual(marks));

  it('lists the EntityManager calls of every form', () => {
    expect(entityManagerCalls('this.em.fork().transactional(async (tx) => { await tx.execute(q); await this.orm.em.find(User, {}); em.flush(); })'))
      .toEqual(['execute', 'find', 'flush', 'fork']);
  });
});
