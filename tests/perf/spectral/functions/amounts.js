// Shared by the sum checks: the same arithmetic as PerfRules' Amounts and RuleHelpers (tolerance 0.005).
export const near = (a, b, tol = 0.005) => Math.abs(a - b) <= tol + 1e-9;
export const sourceSum = (a) =>
  (a.sources || []).reduce((s, x) => s + x.value, 0) + (a.unplaced || []).reduce((s, v) => s + v, 0);
export const hasSources = (a) => (a.sources && a.sources.length > 0) || (a.unplaced && a.unplaced.length > 0);
// Columns of a row that are not the sum of its parts: 总计, then each named source column (unless a figure is unplaced).
export function offTheirSum(whole, parts) {
  const off = [];
  let total = 0, unplaced = (whole.unplaced || []).length > 0;
  for (const p of parts) { total += p.total ?? 0; unplaced ||= (p.unplaced || []).length > 0; }
  if (whole.total != null && !near(whole.total, total)) off.push(`总计 ${whole.total} ≠ ${total}`);
  if (unplaced) return off;
  const columns = [];
  for (const a of [whole, ...parts]) for (const s of a.sources || []) if (!columns.includes(s.column)) columns.push(s.column);
  const value = (a, c) => (a.sources || []).find((s) => s.column === c)?.value;
  for (const c of columns) {
    const w = value(whole, c);
    if (w == null) continue;
    const sum = parts.reduce((s, p) => s + (value(p, c) ?? 0), 0);
    if (!near(w, sum)) off.push(`${c} ${w} ≠ ${sum}`);
  }
  return off;
}
