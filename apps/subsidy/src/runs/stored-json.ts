/**
 * JSON as the subsidy schema stores it: results and frozen inputs with bigints as decimal
 * strings (JSON has no bigint), and jsonb read back either parsed or as text, depending on the driver path.
 */
export const toJson = (value: unknown): string => JSON.stringify(value, (_, v) => (typeof v === 'bigint' ? v.toString() : v));

export const parseJson = (v: unknown): unknown => (typeof v === 'string' ? JSON.parse(v) : v);
