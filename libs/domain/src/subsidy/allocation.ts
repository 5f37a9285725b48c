/**
 * Divides a budget among totals (policy.md, "The subsidy"): when the totals exceed the budget, each
 * gets total × budget / Σ totals floored to the fen, and the fen left over go one each to the
 * largest fractional remainders (ties: code ascending), so the parts sum exactly to the budget.
 */
export function allocate(totals: readonly { code: string; totalFen: bigint }[], budgetFen: bigint): Map<string, bigint> {
  const sum = totals.reduce((s, t) => s + t.totalFen, 0n);
  if (sum <= budgetFen) return new Map(totals.map((t) => [t.code, t.totalFen]));
  const shares = totals.map((t) => ({ code: t.code, floor: (t.totalFen * budgetFen) / sum, remainder: (t.totalFen * budgetFen) % sum }));
  let left = budgetFen - shares.reduce((s, x) => s + x.floor, 0n);
  const order = [...shares].sort((a, b) => (b.remainder !== a.remainder ? (b.remainder > a.remainder ? 1 : -1) : a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  const result = new Map(shares.map((s) => [s.code, s.floor]));
  for (const s of order) {
    if (left === 0n) break;
    result.set(s.code, (result.get(s.code) as bigint) + 1n);
    left--;
  }
  return result;
}
