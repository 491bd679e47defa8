import { near } from './amounts.js';
// PR104 (expenditure against income), PR105 (expenditure against the budget-level split).
export default (overall, { against }) => {
  const exp = overall?.expenditure || [], other = overall?.[against] || [];
  if (exp.length === 0 || other.length === 0) return;
  const sum = (xs) => xs.reduce((s, x) => s + (x.value ?? 0), 0);
  if (!near(sum(exp), sum(other))) return [{ message: `部门预算支出 ${sum(exp)} 与${against === 'income' ? '收入来源' : '按预算级次划分'}之和 ${sum(other)} 不符` }];
};
