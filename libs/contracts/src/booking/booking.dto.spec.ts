import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import { CreateBookingDto } from './booking.dto';

/** instrumentId takes an id or a code of exchange.md's shape: the loose `[A-Za-z0-9._-]{1,64}` once let `.abc` through. */
describe('CreateBookingDto.instrumentId', () => {
  const problems = (instrumentId: string) => validateSync(plainToInstance(CreateBookingDto, {
    instrumentId, start: '2026-12-01T09:00:00+08:00', end: '2026-12-01T11:00:00+08:00', serviceMode: 'self', purpose: 'XRD scan',
  })).filter((e) => e.property === 'instrumentId');

  it.each(['EQ-0001', '0f8fad5b-d9cb-469f-a165-70867728950e'])('accepts %j', (ref) => {
    expect(problems(ref)).toEqual([]);
  });

  it.each(['.abc', '-abc', '-'.repeat(36)])('refuses %j', (ref) => {
    expect(problems(ref)).toHaveLength(1);
  });
});
