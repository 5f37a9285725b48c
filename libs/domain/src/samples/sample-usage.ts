/**
 * The usage record a completed sample order becomes (issue 18): mode `sample`, billed per sample
 * (policy.md: `amount = price × samples`), and counted in the evaluation like any record, so its
 * interval is the instrument's time the order took — from the start of testing to the report —
 * widened to whole minutes (records are minute-aligned) and at least one minute long (end > start).
 */
export function sampleUsageInterval(testingAt: Date, reportIssuedAt: Date): { start: Date; end: Date } {
  const minute = 60_000;
  const start = Math.floor(testingAt.getTime() / minute) * minute;
  const end = Math.max(start + minute, Math.ceil(reportIssuedAt.getTime() / minute) * minute);
  return { start: new Date(start), end: new Date(end) };
}

/** What a report file may be called and sent as: a plain name and a MIME type, or the safe defaults. */
export interface ReportFileName { fileName: string; contentType: string }

const MIME = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$/i;

/**
 * The name a report is stored and downloaded under: the uploader's without any folder part or control
 * characters, at most 200 characters (the extension kept); `report.pdf` when nothing is left. A MIME
 * type that is not `type/subtype` is stored as application/octet-stream (the browser then saves the file).
 */
export function reportFileName(uploadedName: string | undefined, uploadedType: string | undefined): ReportFileName {
  // eslint-disable-next-line no-control-regex
  const base = (uploadedName ?? '').split(/[\\/]/).pop()!.replace(/[\u0000-\u001f\u007f"]/g, '').trim();
  const dot = base.lastIndexOf('.');
  const ext = dot > 0 && base.length - dot <= 10 ? base.slice(dot) : '';
  const chars = Array.from(base);
  const fileName = chars.length === 0 ? 'report.pdf' : chars.length <= 200 ? base : Array.from(base.slice(0, base.length - ext.length)).slice(0, 200 - ext.length).join('') + ext;
  const contentType = uploadedType && MIME.test(uploadedType.trim()) ? uploadedType.trim().toLowerCase() : 'application/octet-stream';
  return { fileName, contentType };
}

/**
 * A Content-Disposition header for a download named `fileName` (RFC 6266): an ASCII `filename` for
 * old clients (other characters as `_`) and the exact name, percent-encoded UTF-8, as `filename*`.
 */
export function attachmentDisposition(fileName: string): string {
  // eslint-disable-next-line no-control-regex
  const ascii = fileName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
