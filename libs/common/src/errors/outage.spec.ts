import fc from 'fast-check';
import { classifyOutage, outageBody, StoreUnavailableError, withinDeadline } from './outage';

const withCode = (message: string, code: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(message), { code, ...extra });

describe('classifyOutage', () => {
  it.each([
    ['57P01 admin shutdown', withCode('terminating connection due to administrator command', '57P01'), 'database'],
    ['57P03 starting up', withCode('the database system is starting up', '57P03'), 'database'],
    ['08006 connection failure', withCode('connection failure', '08006'), 'database'],
    ['08001 cannot connect', withCode('could not connect', '08001'), 'database'],
    ['53300 too many connections', withCode('sorry, too many clients already', '53300'), 'database'],
    ['pg: Connection terminated unexpectedly', new Error('Connection terminated unexpectedly'), 'database'],
    ['pg pool: connect timeout', new Error('timeout exceeded when trying to connect'), 'database'],
    ['knex: acquire timeout', Object.assign(new Error('Knex: Timeout acquiring a connection. The pool is probably full.'), { name: 'KnexTimeoutError' }), 'database'],
    ['MikroORM ConnectionException', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:5432'), { name: 'ConnectionException', code: 'ECONNREFUSED' }), 'database'],
    ['ioredis: closed', new Error('Connection is closed.'), 'redis'],
    ['ioredis: max retries', Object.assign(new Error('Reached the max retries per request limit (which is 20).'), { name: 'MaxRetriesPerRequestError' }), 'redis'],
    ['bounded queue.add', new StoreUnavailableError('redis', 'queueing the job did not complete within 5000 ms'), 'redis'],
    ['a bare refused socket', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED'), 'store'],
    ['a refused socket as a cause', Object.assign(new Error('query failed'), { cause: withCode('read ECONNRESET', 'ECONNRESET') }), 'store'],
    ['an AggregateError of refused connects', Object.assign(new AggregateError([withCode('connect ECONNREFUSED ::1:5432', 'ECONNREFUSED')], ''), {}), 'store'],
    ['knex: the transaction’s connection cut', Object.assign(new Error('Transaction query already complete, run with DEBUG=knex:tx for more info'), { name: 'DriverException' }), 'database'],
    ['MikroORM previous', Object.assign(new Error('wrapped'), { previous: withCode('x', '57P01') }), 'database'],
  ])('%s → %s', (_name, error, store) => {
    expect(classifyOutage(error)).toBe(store);
  });

  it.each([
    ['a unique violation', withCode('duplicate key', '23505')],
    ['bad input', withCode('invalid input syntax', '22P02')],
    ['a serialization failure', withCode('could not serialize', '40001')],
    ['a deadlock', withCode('deadlock detected', '40P01')],
    ['a bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
    ['a string', 'ECONNREFUSED'],
    ['null', null],
  ])('%s is not an outage', (_name, error) => {
    expect(classifyOutage(error)).toBeNull();
  });

  it('never throws, whatever it is given, and stops on cycles', () => {
    const cyclic: { cause?: unknown; message: string } = { message: 'x' };
    cyclic.cause = cyclic;
    expect(classifyOutage(cyclic)).toBeNull();
    fc.assert(fc.property(fc.anything(), (value) => {
      const found = classifyOutage(value);
      return found === null || ['database', 'redis', 'store'].includes(found);
    }));
  });

  it('a SQLSTATE of class 08 or 57P0[1-3] is always a database outage, whatever the message', () => {
    fc.assert(fc.property(fc.oneof(fc.constantFrom('57P01', '57P02', '57P03'), fc.stringMatching(/^08[0-9A-Z]{3}$/)), fc.string(), (code, message) => classifyOutage(withCode(message, code)) === 'database'));
  });

  it('constraint and data SQLSTATEs (classes 22, 23) are never an outage when the message is the database’s own', () => {
    fc.assert(fc.property(fc.stringMatching(/^2[23][0-9A-Z]{3}$/), (code) => classifyOutage(withCode('value violates a rule', code)) === null));
  });
});

describe('outageBody', () => {
  it('is a 503 with a retry hint, Chinese first', () => {
    const body = outageBody('database');
    expect(body.code).toBe('SERVICE_UNAVAILABLE');
    expect(body.details).toMatchObject({ reason: 'DATABASE_UNAVAILABLE', retryAfterSeconds: 5 });
    expect(body.message).toEqual({ zh: expect.stringMatching(/^数据库/), en: expect.stringContaining('database') });
  });
});

describe('withinDeadline', () => {
  it('passes a prompt answer through', async () => {
    await expect(withinDeadline(Promise.resolve(7), 100, 'redis', 'x')).resolves.toBe(7);
  });

  it('gives up on one that never comes, as an outage of the store named', async () => {
    const error = await withinDeadline(new Promise(() => undefined), 20, 'redis', 'queueing the job').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StoreUnavailableError);
    expect(classifyOutage(error)).toBe('redis');
  });
});
