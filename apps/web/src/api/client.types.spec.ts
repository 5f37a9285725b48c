import { api, call } from './client';

// Compile-time guarantees of the typed client (checked by `npx tsc -p apps/web/tsconfig.json`):
// a reply's type comes from the OpenAPI document, so a reader cannot claim another one.
async function replyTypes(): Promise<void> {
  const page = await call(api.GET('/api/v1/settlements', { params: { query: { pageSize: 1 } } }));
  const total: number = page.total;
  // @ts-expect-error GET /settlements answers a page, not a bare array (the list convention)
  page.map((run) => run.jobId);
  const voucher = await call(api.GET('/api/v1/vouchers'));
  // @ts-expect-error faceValueFen is integer fen, a number, never text
  const text: string = voucher.items[0].faceValueFen;
  const results = await call(api.GET('/api/v1/subsidy-runs/{id}/results', { params: { path: { id: 'run' } } }));
  // A run's results are documented field by field (no longer free JSON objects): bigints as decimal text.
  const subsidyFen: string = results.items?.[0]?.subsidyFen ?? '0';
  const openRate: string | undefined = results.items?.[0]?.indicators.openRate;
  // @ts-expect-error no such figure: a misspelled field is a compile error, not undefined at run time
  void results.items?.[0]?.subsidyYuan;
  const explained = await call(api.GET('/api/v1/subsidy-runs/{id}/results', { params: { path: { id: 'run' }, query: { institution: 'A-UNIV' } } }));
  // @ts-expect-error a usage record's amount is fen as decimal text (or null), never a number
  const amount: number | undefined = explained.instruments?.[0]?.records[0]?.amountFen;
  void total;
  void text;
  void subsidyFen;
  void openRate;
  void amount;
}

describe('the typed API client', () => {
  it('is checked by the compiler (see the @ts-expect-error lines)', () => {
    expect(typeof replyTypes).toBe('function');
  });
});
