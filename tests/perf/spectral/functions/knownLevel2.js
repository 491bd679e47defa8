// PR301: a level-2 code is one of the code table's (rules/indicator-codes.yaml, copied here).
const known = new Set([11, 12, 13, 14, 21, 22, 23, 24, 31]);
export default (indicator) => {
  if (!known.has(indicator.level2.code)) return [{ message: `指标“${indicator.name}”的二级指标代码 ${indicator.level2.code} 不是已知代码` }];
};
