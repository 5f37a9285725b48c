import { lastValueFrom } from 'rxjs';
import type { ArgumentsHost } from '@nestjs/common';
import { ServiceExceptionFilter } from './rpc-exception.filter';

/** The body a service would reply with for an error a handler let out. */
async function replyFor(error: unknown): Promise<{ code: string; message: string; details?: Record<string, unknown> }> {
  try {
    await lastValueFrom(new ServiceExceptionFilter().catch(error, {} as ArgumentsHost));
  } catch (body) {
    return body as { code: string; message: string; details?: Record<string, unknown> };
  }
  throw new Error('the filter did not fail');
}

/** An error shaped as node-postgres raises it (and MikroORM wraps with the same code). */
const pgError = (code: string, extra: Record<string, unknown> = {}) =>
  Object.assign(new Error(`select "secret_table".* from … : date/time field value out of range: "2025-02-30"`), { code, ...extra });

describe('ServiceExceptionFilter and the database’s own input errors', () => {
  it.each(['22007', '22008', '22P02', '22003', '22021', '22001', '23502', '54001'])('SQLSTATE %s is the caller’s 400, without the SQL', async (code) => {
    const body = await replyFor(pgError(code, code === '23502' ? { column: 'name' } : {}));
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(JSON.stringify(body)).not.toContain('secret_table');
    expect(JSON.stringify(body)).not.toContain('2025-02-30');
    expect(JSON.stringify(body)).not.toMatch(/sqlstate|select|from/i);
    expect((body.details?.fields as { field: string }[])[0].field).toBe(code === '23502' ? 'name' : 'body');
  });

  it('still answers INTERNAL for what is not the input’s fault', async () => {
    expect((await replyFor(pgError('40001'))).code).toBe('INTERNAL');
    expect((await replyFor(new TypeError('x is undefined'))).code).toBe('INTERNAL');
  });
});

describe('ServiceExceptionFilter and an unreachable store', () => {
  it.each([
    ['the database stopping (57P01)', pgError('57P01'), 'DATABASE_UNAVAILABLE'],
    ['the database gone (connection terminated)', new Error('Connection terminated unexpectedly'), 'DATABASE_UNAVAILABLE'],
    ['Redis gone', new Error('Connection is closed.'), 'REDIS_UNAVAILABLE'],
  ])('%s is a 503 with a retry hint, not INTERNAL', async (_name, error, reason) => {
    const body = await replyFor(error);
    expect(body.code).toBe('SERVICE_UNAVAILABLE');
    expect(body.details).toMatchObject({ reason, retryAfterSeconds: 5 });
    expect(JSON.stringify(body)).not.toContain('secret_table');
  });
});
