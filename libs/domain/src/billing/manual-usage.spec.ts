import fc from 'fast-check';
import { manualUsageProblems, UsageFieldError } from './manual-usage';

const now = new Date('2026-12-02T10:00:00Z');
const instrument = { code: 'NMR-600', serviceModes: ['assisted', 'sample'] };
const at = (iso: string) => new Date(iso);

describe('manual usage entries', () => {
  it.each<[string, string, string, string, UsageFieldError[]]>([
    ['a finished assisted hour', '2026-12-01T09:00:00Z', '2026-12-01T10:00:00Z', 'assisted', []],
    ['ending exactly now', '2026-12-02T09:00:00Z', '2026-12-02T10:00:00Z', 'sample', []],
    ['ending before it starts', '2026-12-01T10:00:00Z', '2026-12-01T09:00:00Z', 'assisted', [{ field: 'end', reason: 'end must be after start' }]],
    ['lasting nothing', '2026-12-01T10:00:00Z', '2026-12-01T10:00:00Z', 'assisted', [{ field: 'end', reason: 'end must be after start' }]],
    ['starting between minutes', '2026-12-01T09:00:30Z', '2026-12-01T10:00:00Z', 'assisted', [{ field: 'start', reason: 'usage is recorded in whole minutes' }]],
    ['ending between minutes', '2026-12-01T09:00:00Z', '2026-12-01T10:00:00.500Z', 'assisted', [{ field: 'end', reason: 'usage is recorded in whole minutes' }]],
    ['ending in the future', '2026-12-02T09:00:00Z', '2026-12-02T11:00:00Z', 'assisted', [{ field: 'end', reason: 'usage records what happened; end is in the future' }]],
    ['lasting longer than 31 days', '2026-10-01T00:00:00Z', '2026-11-01T00:01:00Z', 'assisted', [{ field: 'end', reason: 'end must be at most 31 days after start' }]],
    ['of a mode the instrument does not offer', '2026-12-01T09:00:00Z', '2026-12-01T10:00:00Z', 'self', [{ field: 'serviceMode', reason: 'NMR-600 offers assisted, sample' }]],
  ])('%s', (_, start, end, serviceMode, problems) => {
    expect(manualUsageProblems({ start: at(start), end: at(end), serviceMode }, instrument, now)).toEqual(problems);
  });

  it('reports every problem at once, in the order of the form', () => {
    const problems = manualUsageProblems({ start: at('2026-12-02T10:00:30Z'), end: at('2026-12-02T09:59:30Z'), serviceMode: 'self' }, instrument, now);
    expect(problems.map((p) => p.field)).toEqual(['end', 'start', 'end', 'serviceMode']);
  });

  it('accepts every past, whole-minute use of at most 31 days in an offered mode', () => {
    const minute = 60000;
    fc.assert(fc.property(fc.integer({ min: 1, max: 31 * 1440 }), fc.integer({ min: 0, max: 1e6 }), fc.constantFrom('assisted', 'sample'), (minutes, before, mode) => {
      const end = new Date(Math.floor(now.getTime() / minute) * minute - before * minute);
      const start = new Date(end.getTime() - minutes * minute);
      expect(manualUsageProblems({ start, end, serviceMode: mode }, instrument, now)).toEqual([]);
    }));
  });
});
