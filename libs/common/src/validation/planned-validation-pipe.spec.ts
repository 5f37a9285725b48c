import 'reflect-metadata';
import { ArgumentMetadata, HttpException, Type, ValidationPipe } from '@nestjs/common';
import { getMetadataStorage } from 'class-validator';
import fc from 'fast-check';
import * as contracts from '@yixiang/contracts';
import { CreateBookingDto } from '@yixiang/contracts';
import { planValidation, PlannedValidationPipe, validateByPlan } from './planned-validation-pipe';
import { rpcValidationPipe } from '../errors/rpc-error';

const OPTIONS = { whitelist: true, forbidNonWhitelisted: true, transform: true };
const metadataOf = (target: Type<unknown>) => getMetadataStorage().getTargetValidationMetadatas(target, undefined as unknown as string, false, false, undefined);

/** Every DTO of the contracts: what the gateway and the services validate. */
const DTOS = Object.entries(contracts)
  .filter(([, value]) => typeof value === 'function' && metadataOf(value as Type<unknown>).length > 0)
  .map(([name, value]) => [name, value as Type<unknown>] as const);

const GENERIC: unknown[] = [
  '', ' ', 'x', 'abc', '测试仪器', '0101', '01', 'CQ', 'INS-00001', 'BK-ABCDEF123456', '3f1c2b8e-8f0e-4b51-9d7c-1d2e3f4a5b6c', 'not-a-uuid',
  '2026-12-01T09:00:00+08:00', '2026-12-01T01:00:00.000Z', '2026-12-01', '2026-13-01T00:00:00Z', 'researcher@demo.yixiang.local',
  'a'.repeat(64), 'a'.repeat(501), '1', '0', '-1', '10', '1.5', '50', 'true', 'false', 'open', 'assisted', 'research', 'Asia/Shanghai',
  '09:00', '24:00', 0, 1, -1, 2, 1.5, 10, 50, 100, 2026, 10000, 10001, 1e9, true, false, null, ['a'], { a: 1 },
  // The calendar, offset and money rules of libs/domain (custom constraints both paths must run alike).
  '2025-02-30', '2027-02-30T09:00:00+08:00', '2026-01-01T00:00:00+99:99', '2026-01-01T00:00:00+14:00', '0000-01', '2025-03', '1899-12-31',
  '2026-01-31T09:00:00+08:00', '1995-01-01T00:00:00+08:00', 1e18, 10000000000, 10000000001,
];

/** Values worth trying for one property: those its own constraints and API examples name (likelier valid). */
function candidates(target: Type<unknown>, property: string): unknown[] {
  const found = new Set<unknown>();
  for (const m of metadataOf(target).filter((x) => x.propertyName === property)) {
    for (const c of (m.constraints ?? []) as unknown[]) {
      if (Array.isArray(c)) c.forEach((v) => found.add(v));
      if (typeof c === 'number') [c - 1, c, c + 1, String(c), 'x'.repeat(Math.max(0, Math.min(c, 600)))].forEach((v) => found.add(v));
    }
  }
  const api = Reflect.getMetadata('swagger/apiModelProperties', target.prototype as object, property) as { example?: unknown; enum?: unknown[] } | undefined;
  if (api?.example !== undefined) found.add(api.example);
  api?.enum?.forEach((v) => found.add(v));
  return [...found];
}

function bodies(target: Type<unknown>): fc.Arbitrary<Record<string, unknown>> {
  const properties = [...new Set(metadataOf(target).map((m) => m.propertyName))];
  const value = (p: string) => {
    const own = candidates(target, p);
    return own.length ? fc.oneof({ arbitrary: fc.constantFrom(...own), weight: 3 }, { arbitrary: fc.constantFrom(...GENERIC), weight: 1 }) : fc.constantFrom(...GENERIC);
  };
  const fields = Object.fromEntries(properties.map((p) => [p, fc.option(value(p), { nil: undefined, freq: 6 })]));
  return fc.tuple(fc.record(fields), fc.option(fc.constantFrom('extra', '__proto__', 'constructor', 'toString'), { freq: 8 })).map(([record, extra]) => {
    const body: Record<string, unknown> = JSON.parse(JSON.stringify(record));
    if (extra) Object.defineProperty(body, extra, { value: 'x', enumerable: true, configurable: true, writable: true });
    return body;
  });
}

async function outcome(pipe: ValidationPipe, target: Type<unknown>, body: Record<string, unknown>, type: ArgumentMetadata['type']) {
  const copy = JSON.parse(JSON.stringify(body)) as Record<string, unknown>;
  if (Object.prototype.hasOwnProperty.call(body, '__proto__')) Object.defineProperty(copy, '__proto__', { value: 'x', enumerable: true, configurable: true, writable: true });
  try {
    const entity = (await pipe.transform(copy, { type, metatype: target })) as object;
    return { proto: Object.getPrototypeOf(entity) as unknown, own: { ...entity } };
  } catch (error) {
    return { error: error instanceof HttpException ? error.getResponse() : String(error) };
  }
}

describe('PlannedValidationPipe', () => {
  it('covers the DTOs of the contracts, the booking among them', () => {
    expect(DTOS.length).toBeGreaterThan(20);
    expect(planValidation(CreateBookingDto)).not.toBeNull();
  });

  it('answers every body of every DTO exactly as ValidationPipe does, and takes its own path for many valid ones', async () => {
    const planned = new PlannedValidationPipe(OPTIONS);
    const reference = new ValidationPipe(OPTIONS);
    const taken = new Map<string, number>();
    for (const [name, target] of DTOS) {
      const plan = planValidation(target);
      await fc.assert(fc.asyncProperty(bodies(target), fc.constantFrom<ArgumentMetadata['type']>('body', 'query'), async (body, type) => {
        if (plan && validateByPlan(plan, JSON.parse(JSON.stringify(body)))) taken.set(name, (taken.get(name) ?? 0) + 1);
        expect(await outcome(planned, target, body, type)).toStrictEqual(await outcome(reference, target, body, type));
      }), { numRuns: 300 });
    }
    // Without these the property above could hold with the planned path never taken.
    expect(taken.size).toBeGreaterThanOrEqual(5);
  });

  it('takes its own path for valid booking requests, with the answer ValidationPipe gives', async () => {
    const planned = new PlannedValidationPipe(OPTIONS);
    const reference = new ValidationPipe(OPTIONS);
    const plan = planValidation(CreateBookingDto)!;
    const instant = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2040-01-01T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString());
    const booking = fc.record({
      instrumentId: fc.oneof(fc.uuid(), fc.stringMatching(contracts.CODE_PATTERN)),
      start: instant, end: instant, serviceMode: fc.constantFrom(...contracts.SERVICE_MODES), purpose: fc.string({ minLength: 1, maxLength: 80 }),
      projectCode: fc.option(fc.stringMatching(contracts.CODE_PATTERN), { nil: undefined }),
      voucherId: fc.option(fc.uuid(), { nil: undefined }),
      serviceCategory: fc.option(fc.constantFrom(...contracts.SERVICE_CATEGORIES), { nil: undefined }),
      samples: fc.option(fc.integer({ min: 1, max: 10000 }), { nil: undefined }),
    }, { requiredKeys: ['instrumentId', 'start', 'end', 'serviceMode', 'purpose'] });
    let valid = 0;
    await fc.assert(fc.asyncProperty(booking, async (body) => {
      const expected = await outcome(reference, CreateBookingDto, body, 'body');
      if (!('error' in expected)) {
        valid++;
        expect(validateByPlan(plan, { ...body })).toBeInstanceOf(CreateBookingDto);
      }
      expect(await outcome(planned, CreateBookingDto, body, 'body')).toStrictEqual(expected);
    }), { numRuns: 300 });
    expect(valid).toBeGreaterThan(150);
  });

  it('converts as class-transformer does for @Type(() => Number)', async () => {
    const pipe = new PlannedValidationPipe(OPTIONS);
    const query = (await pipe.transform({ page: '2', pageSize: '5' }, { type: 'query', metatype: contracts.PageQuery })) as contracts.PageQuery;
    expect(query).toBeInstanceOf(contracts.PageQuery);
    expect(query).toMatchObject({ page: 2, pageSize: 5 });
    // On its own path, not by leaving it to ValidationPipe.
    expect(validateByPlan(planValidation(contracts.PageQuery)!, { page: '2', pageSize: '5' })).toMatchObject({ page: 2, pageSize: 5 });
  });

  it('keeps its own path in the pipes the gateway and the services use (their errors keep targets for the messages)', async () => {
    // The bilingual messages need each error's target (validationError), which once made the pipe
    // stand aside: every booking went through ValidationPipe and class-transformer again (20–60 µs each).
    const pipe = rpcValidationPipe();
    const fallback = jest.spyOn(ValidationPipe.prototype, 'transform');
    try {
      const body = { instrumentId: 'INS-00001', serviceMode: 'assisted', purpose: '测试', start: '2026-12-01T09:00:00+08:00', end: '2026-12-01T11:00:00+08:00' };
      expect(await pipe.transform(body, { type: 'body', metatype: CreateBookingDto })).toBeInstanceOf(CreateBookingDto);
      expect(fallback).not.toHaveBeenCalled();
      await expect(pipe.transform({ ...body, start: 'tomorrow' }, { type: 'body', metatype: CreateBookingDto })).rejects.toBeDefined();
      expect(fallback).toHaveBeenCalledTimes(1);
    } finally {
      fallback.mockRestore();
    }
  });

  it('leaves an invalid body to ValidationPipe, which names the field', async () => {
    const pipe = new PlannedValidationPipe(OPTIONS);
    const body = { instrumentId: 'x', serviceMode: 'assisted', purpose: '测试', start: 'tomorrow', end: '2026-12-01T11:00:00+08:00' };
    await expect(pipe.transform(body, { type: 'body', metatype: CreateBookingDto })).rejects.toMatchObject({ response: { message: expect.arrayContaining([expect.stringContaining('start')]) } });
  });
});
