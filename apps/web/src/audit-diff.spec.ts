import { changedFields } from './audit-diff';

describe('what an audit entry changed', () => {
  it.each([
    ['a status changed', { status: 'draft', id: 'r' }, { status: 'published', id: 'r' }, [{ path: 'status', before: 'draft', after: 'published' }]],
    ['a price in a list of cards', [{ code: 'RC', externalPriceFen: 40000 }], [{ code: 'RC', externalPriceFen: 45000 }], [{ path: '[0].externalPriceFen', before: '40000', after: '45000' }]],
    ['a first card added', [], [{ code: 'RC' }], [{ path: '[0].code', before: '—', after: 'RC' }]],
    ['a list inside emptied', { contacts: [{ name: '王' }] }, { contacts: [] }, [{ path: 'contacts[0].name', before: '王', after: '—' }, { path: 'contacts', before: '—', after: '[]' }]],
    ['an object created', null, { code: 'A', active: true }, [{ path: 'code', before: '—', after: 'A' }, { path: 'active', before: '—', after: 'true' }]],
    ['an object deleted', { code: 'A' }, null, [{ path: 'code', before: 'A', after: '—' }]],
    ['a value set to null', { reason: 'x' }, { reason: null }, [{ path: 'reason', before: 'x', after: 'null' }]],
    ['nothing changed', { a: { b: [1, 2] } }, { a: { b: [1, 2] } }, []],
  ])('%s', (_what, before, after, changed) => expect(changedFields(before, after)).toEqual(changed));
});
