/**
 * A PostgreSQL array literal for a bound parameter (`?::text[]`). Knex expands a JS array
 * bound to `?` into a list of parameters, so arrays travel as one literal string instead.
 */
export function pgArray(values: readonly unknown[]): string {
  const items = values.map((v) => {
    if (v === null || v === undefined) return 'NULL';
    const text = v instanceof Date ? v.toISOString() : String(v);
    return `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  });
  return `{${items.join(',')}}`;
}
