import 'reflect-metadata';
import { ValidationPipe } from '@nestjs/common';
import fc from 'fast-check';
import { CreateBookingDto, FieldError, UpdateInstrumentDto } from '@yixiang/contracts';
import { flattenValidationErrors } from '../errors/rpc-error';
import { InputValidationPipe } from './input-validation-pipe';

class Refused extends Error {
  constructor(readonly fields: FieldError[]) {
    super('refused');
  }
}

const OPTIONS = { whitelist: true, forbidNonWhitelisted: true, transform: true };
const pipe = new InputValidationPipe(OPTIONS, (fields) => new Refused(fields), flattenValidationErrors);
const reference = new ValidationPipe({ ...OPTIONS, exceptionFactory: (errors) => new Refused(flattenValidationErrors(errors)) });

async function outcome(p: ValidationPipe, value: unknown, metatype: new () => unknown) {
  try {
    return { value: { ...((await p.transform(JSON.parse(JSON.stringify(value)), { type: 'body', metatype })) as object) } };
  } catch (error) {
    return { fields: (error as Refused).fields };
  }
}

const booking = {
  instrumentId: 'EQ-A1', start: '2026-12-01T09:00:00+08:00', end: '2026-12-01T11:00:00+08:00', serviceMode: 'self', purpose: '形貌表征',
};

describe('InputValidationPipe', () => {
  it('answers clean bodies exactly as ValidationPipe does', async () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 20 });
    await fc.assert(fc.asyncProperty(fc.record({ purpose: text, projectCode: fc.option(text, { nil: undefined }), start: fc.constantFrom(booking.start, '2027-02-30T09:00:00+08:00') }), async (patch) => {
      const body = { ...booking, ...patch };
      expect(await outcome(pipe, body, CreateBookingDto)).toEqual(await outcome(reference, body, CreateBookingDto));
    }), { numRuns: 300 });
  });

  it('refuses NUL, lone surrogates and deep nesting before the DTO, naming the field', async () => {
    expect(await outcome(pipe, { ...booking, purpose: 'a\u0000' }, CreateBookingDto)).toEqual({ fields: [expect.objectContaining({ field: 'purpose' })] });
    expect(await outcome(pipe, { name: '\ud800' }, UpdateInstrumentDto)).toEqual({ fields: [expect.objectContaining({ field: 'name' })] });
    let deep: unknown = 1;
    for (let i = 0; i < 40; i++) deep = { a: deep };
    expect((await outcome(pipe, { bookingRules: deep }, UpdateInstrumentDto)).fields?.[0].reason).toEqual({ zh: expect.stringContaining('嵌套不能超过 32 层'), en: expect.stringContaining('nested deeper') });
  });

  it('checks path and query values by their parameter name, and leaves custom arguments (the actor) alone', async () => {
    await expect(pipe.transform('x\u0000', { type: 'param', data: 'id', metatype: String })).rejects.toEqual(new Refused([expect.objectContaining({ field: 'id' })]));
    expect(await pipe.transform({ role: '\u0000' }, { type: 'custom', metatype: Object })).toEqual({ role: '\u0000' });
  });

  it('refuses null for a field a PATCH may leave out but not empty, and still lets a nullable one be cleared', async () => {
    const named = async (body: object) => [...new Set((await outcome(pipe, body, UpdateInstrumentDto)).fields?.map((f) => f.field))];
    expect(await named({ name: null })).toEqual(['name']);
    expect(await named({ specialised: null, serviceModes: null })).toEqual(['specialised', 'serviceModes']);
    expect(await outcome(pipe, { model: null, retiredOn: null }, UpdateInstrumentDto)).toEqual({ value: { model: null, retiredOn: null } });
  });
});
