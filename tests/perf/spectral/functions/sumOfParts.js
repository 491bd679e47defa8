import { offTheirSum } from './amounts.js';
// PR102 (a unit and its projects), PR103 (合计 and the units, or the projects when no unit is named).
export default (node, { parts }) => {
  if (parts === 'projects') {
    if (node.amounts?.total == null || !node.projects.every((p) => p.amounts?.total != null)) return;
    const off = offTheirSum(node.amounts, node.projects.map((p) => p.amounts));
    return off.length ? [{ message: `资金使用单位“${node.name}”的金额与其 ${node.projects.length} 个项目之和不符：${off.join('；')}` }] : undefined;
  }
  const doc = node;
  if (doc.grandTotal?.amounts?.total == null || !doc.units || doc.units.length === 0) return;
  const named = doc.units.filter((u) => !u.implicit);
  const items = named.length > 0 ? named : doc.units.flatMap((u) => u.projects || []);
  if (!items.every((x) => x.amounts?.total != null)) return;
  const off = offTheirSum(doc.grandTotal.amounts, items.map((x) => x.amounts));
  return off.length ? [{ message: `合计与${named.length > 0 ? '各资金使用单位' : '各项目'}之和不符：${off.join('；')}`, path: ['grandTotal'] }] : undefined;
};
