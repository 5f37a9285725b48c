import fc from 'fast-check';
import { attachmentDisposition, reportFileName, sampleUsageInterval } from './sample-usage';

describe('the usage interval of a completed sample order', () => {
  it.each<[string, string, string, string]>([
    ['2026-12-01T01:00:00Z', '2026-12-01T03:30:00Z', '2026-12-01T01:00:00.000Z', '2026-12-01T03:30:00.000Z'],
    ['2026-12-01T01:00:30Z', '2026-12-01T03:30:01Z', '2026-12-01T01:00:00.000Z', '2026-12-01T03:31:00.000Z'],
    // A report issued the same second as testing began still takes one minute of the instrument.
    ['2026-12-01T01:00:10Z', '2026-12-01T01:00:20Z', '2026-12-01T01:00:00.000Z', '2026-12-01T01:01:00.000Z'],
    // Clocks of two replicas: a report stamped before the start is still one minute long.
    ['2026-12-01T01:05:00Z', '2026-12-01T01:04:00Z', '2026-12-01T01:05:00.000Z', '2026-12-01T01:06:00.000Z'],
  ])('testing %s, report %s → [%s, %s)', (testing, report, start, end) => {
    const i = sampleUsageInterval(new Date(testing), new Date(report));
    expect([i.start.toISOString(), i.end.toISOString()]).toEqual([start, end]);
  });

  it('is minute-aligned, non-empty and covers the testing time', () => {
    const instant = fc.integer({ min: Date.UTC(2020, 0, 1), max: Date.UTC(2030, 0, 1) });
    fc.assert(fc.property(instant, instant, (a, b) => {
      const { start, end } = sampleUsageInterval(new Date(a), new Date(b));
      expect(start.getTime() % 60_000).toBe(0);
      expect(end.getTime() % 60_000).toBe(0);
      expect(end.getTime()).toBeGreaterThan(start.getTime());
      expect(start.getTime()).toBeLessThanOrEqual(a);
      expect(end.getTime()).toBeGreaterThanOrEqual(Math.max(a, b));
    }));
  });
});

describe('a report file’s name and type', () => {
  it.each<[string | undefined, string | undefined, string, string]>([
    ['检测报告-SO-1.pdf', 'application/pdf', '检测报告-SO-1.pdf', 'application/pdf'],
    ['C:\\Users\\lab\\report.PDF', 'Application/PDF', 'report.PDF', 'application/pdf'],
    ['../../etc/passwd', 'text/plain', 'passwd', 'text/plain'],
    ['', 'not a type', 'report.pdf', 'application/octet-stream'],
    [undefined, undefined, 'report.pdf', 'application/octet-stream'],
    ['a"b\u0001.txt', 'text/plain; charset=utf-8', 'ab.txt', 'application/octet-stream'],
    [`${'长'.repeat(300)}.pdf`, 'application/pdf', `${'长'.repeat(196)}.pdf`, 'application/pdf'],
  ])('%j as %j → %j, %j', (name, type, fileName, contentType) => {
    expect(reportFileName(name, type)).toEqual({ fileName, contentType });
  });

  it('never keeps a folder, a control character or more than 200 characters', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 400 }), (name) => {
      const { fileName } = reportFileName(name, undefined);
      // eslint-disable-next-line no-control-regex
      expect(fileName).not.toMatch(/[\\/"\u0000-\u001f\u007f]/);
      expect(Array.from(fileName).length).toBeLessThanOrEqual(200);
      expect(fileName.length).toBeGreaterThan(0);
    }));
  });
});

describe('the download’s Content-Disposition', () => {
  it('names a Chinese file exactly in filename* and in ASCII in filename', () => {
    expect(attachmentDisposition('检测报告 (1).pdf')).toBe(`attachment; filename="____ (1).pdf"; filename*=UTF-8''%E6%A3%80%E6%B5%8B%E6%8A%A5%E5%91%8A%20%281%29.pdf`);
    expect(attachmentDisposition('report.pdf')).toBe(`attachment; filename="report.pdf"; filename*=UTF-8''report.pdf`);
  });

  it('is a header value for any name, and filename* decodes to the name', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 100 }), (name) => {
      const header = attachmentDisposition(name);
      expect(header).toMatch(/^[\x20-\x7e]*$/);
      expect(decodeURIComponent(header.split("filename*=UTF-8''")[1]!)).toBe(name);
    }));
  });
});
