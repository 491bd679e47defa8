import { near, sourceSum, hasSources } from './amounts.js';
// PR101: a row's 总计 equals the sum of its source columns.
export default (amounts) => {
  if (!amounts || amounts.total == null || !hasSources(amounts)) return;
  const sources = sourceSum(amounts);
  if (!near(amounts.total, sources)) return [{ message: `总计 ${amounts.total} 不等于资金来源之和 ${sources}` }];
};
