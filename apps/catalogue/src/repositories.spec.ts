import { entityManagerCalls, serviceFiles, serviceText, sqlMarks } from '../../../test/support/sql-placement';

// The SQL of each aggregate lives in its repository (users.repository.ts, billing-facts.repository.ts,
// imports.repository.ts…): a service that queries the database itself is the mix of SQL and
// orchestration this layout ended. The search engine (search/) is its own module, SQL included, by
// design (search/index.ts): it is not checked here.
describe('the catalogue service’s SQL lives in its repositories', () => {
  const services = serviceFiles(__dirname, ['search']);

  it('has services to check', () => expect(services).toEqual([
    'availability/availability.service.ts', 'imports/import.service.ts', 'institutions/institutions.service.ts', 'instruments/billing-facts.service.ts',
    'instruments/booking-context.service.ts', 'instruments/instruments.service.ts', 'qualifications/qualifications.service.ts', 'rates/rates.service.ts',
    'users/users.service.ts',
  ]));

  it.each(services)('%s runs no SQL and names no table', (file) => {
    expect(sqlMarks(serviceText(__dirname, file), ['catalogue', 'billing', 'booking', 'subsidy'])).toEqual([]);
  });

  // The catalogue's entities (entities/) are read and written through MikroORM's unit of work, which
  // writes its own SQL: a service may find, create, assign, flush and remove them, and open a
  // transaction (fork, transactional) that it hands to repositories. Nothing else of the EntityManager.
  const UNIT_OF_WORK = ['assign', 'clear', 'create', 'find', 'findAndCount', 'findOne', 'findOneOrFail', 'flush', 'fork', 'nativeDelete', 'removeAndFlush', 'transactional'];

  it.each(services)('%s uses the EntityManager only for entities and transactions', (file) => {
    expect(entityManagerCalls(serviceText(__dirname, file)).filter((call) => !UNIT_OF_WORK.includes(call))).toEqual([]);
  });
});
