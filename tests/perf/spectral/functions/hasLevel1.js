// PR201, PR202: a project has at least one indicator of the level-1 category (by code, else by name
// compared without white space and a trailing 指标, as CodeTable.SameName does).
const bare = (s) => (s || '').replace(/\s+/g, '').replace(/指标$/, '');
export default (project, { code, name }) => {
  const n = project.indicators.filter((i) => i.level1?.code === code || (i.level1?.code == null && bare(i.level1?.name) === bare(name))).length;
  if (n === 0) return [{ message: `项目“${project.name}”没有${name}（共 ${project.indicators.length} 个指标）` }];
};
