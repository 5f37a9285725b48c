/**
 * What an audit entry changed, for the auditor's page: the leaf values that differ between the
 * object before and after, each by its path (`status`, `[0].externalPriceFen`, `contacts[1].phone`).
 * A field only before is shown with an empty after, one only after with an empty before; an empty
 * list or object inside is a value of its own (the whole object empty is just nothing before).
 */
export interface ChangedField {
  path: string;
  before: string;
  after: string;
}

const ABSENT = '—';

function leaves(value: unknown, path: string, out: Map<string, string>): void {
  if (Array.isArray(value)) {
    if (value.length === 0 && path) out.set(path, '[]');
    value.forEach((v, i) => leaves(v, `${path}[${i}]`, out));
  } else if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value as Record<string, unknown>);
    if (keys.length === 0 && path) out.set(path, '{}');
    for (const key of keys) leaves((value as Record<string, unknown>)[key], path ? `${path}.${key}` : key, out);
  } else {
    out.set(path, value === null || value === undefined ? 'null' : typeof value === 'string' ? value : JSON.stringify(value));
  }
}

export function changedFields(before: unknown, after: unknown): ChangedField[] {
  const b = new Map<string, string>();
  const a = new Map<string, string>();
  if (before !== null && before !== undefined) leaves(before, '', b);
  if (after !== null && after !== undefined) leaves(after, '', a);
  const paths = [...new Set([...b.keys(), ...a.keys()])];
  return paths.filter((p) => b.get(p) !== a.get(p)).map((path) => ({ path, before: b.get(path) ?? ABSENT, after: a.get(path) ?? ABSENT }));
}
