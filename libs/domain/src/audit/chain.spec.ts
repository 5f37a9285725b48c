import fc from 'fast-check';
import { canonicalJson, chainEntry, firstBrokenLink, GENESIS_HASH, type AuditContent, type AuditEntry } from './chain';

const change = (i: number, over: Partial<AuditContent> = {}): Omit<AuditContent, 'sequence'> => ({
  at: new Date(Date.UTC(2026, 11, 3, 10, i)).toISOString(), actorId: `u-${i}`, actorRole: 'admin', objectType: 'rate-card', objectId: `card-${i}`,
  action: 'update', before: { externalPriceFen: '10000', unit: 'hour' }, after: { externalPriceFen: `${10000 + i}`, unit: 'hour' }, correlationId: `c-${i}`, ...over,
});

function trail(n: number): AuditEntry[] {
  const out: AuditEntry[] = [];
  for (let i = 0; i < n; i += 1) out.push(chainEntry(out[out.length - 1], change(i)));
  return out;
}

describe('canonical JSON', () => {
  it('does not depend on key order, writes bigints as strings and leaves undefined out', () => {
    expect(canonicalJson({ b: 1, a: { d: [1, 'x'], c: null } })).toBe(canonicalJson({ a: { c: null, d: [1, 'x'] }, b: 1 }));
    expect(canonicalJson({ fen: 12345678901234567890n, gone: undefined })).toBe('{"fen":"12345678901234567890"}');
  });
});

describe('the audit trail’s hash chain', () => {
  it('links an entry to the one before it, the first to the genesis hash', () => {
    const [first, second] = trail(2);
    expect(first).toMatchObject({ sequence: 1, prevHash: GENESIS_HASH });
    expect(second).toMatchObject({ sequence: 2, prevHash: first!.hash });
    expect(first!.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(firstBrokenLink(trail(10))).toBeNull();
  });

  it('names a missing entry, a reordered pair and a recomputed hash at the entry where they are', () => {
    const t = trail(5);
    expect(firstBrokenLink([t[0]!, t[1]!, t[3]!, t[4]!])).toEqual({ sequence: 4, problem: 'gap' });
    const forged = chainEntry(t[1], change(9));
    expect(firstBrokenLink([t[0]!, t[1]!, forged, t[3]!])).toEqual({ sequence: 4, problem: 'previous-hash' });
  });

  const fields = ['at', 'actorId', 'actorRole', 'objectType', 'objectId', 'action', 'before', 'after', 'correlationId'] as const;

  it('any field of any entry altered after the fact is named at that entry', () => {
    fc.assert(fc.property(fc.integer({ min: 1, max: 12 }), fc.nat(), fc.constantFrom(...fields), fc.string({ minLength: 1 }), (n, pick, field, text) => {
      const t = trail(n);
      const index = pick % n;
      const original = t[index]!;
      const altered = { ...original, [field]: field === 'before' || field === 'after' ? { externalPriceFen: text } : `${String(original[field])}${text}` } as AuditEntry;
      t[index] = altered;
      expect(firstBrokenLink(t)).toEqual({ sequence: index + 1, problem: 'content-hash' });
    }));
  });

  it('the same content keyed in another order still verifies (jsonb gives keys back in its own order)', () => {
    const t = trail(3);
    t[1] = { ...t[1]!, after: Object.fromEntries(Object.entries(t[1]!.after as object).reverse()) };
    expect(firstBrokenLink(t)).toBeNull();
  });
});
