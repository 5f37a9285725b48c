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
  void total;
  void text;
}

describe('the typed API client', () => {
  it('is checked by the compiler (see the @ts-expect-error lines)', () => {
    expect(typeof replyTypes).toBe('function');
  });
});
