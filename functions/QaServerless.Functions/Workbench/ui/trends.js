// KPI trends (QA leads, supervisors): a center's, team's or agent's mean score, pass rate, FCR, AHT and critical-error
// rate over the last 12 months or weeks, each chart with the center's target line; a point opens the evaluations of
// that period (the drill-down page). QA leads set the targets in the form below the charts.
import { t, extend } from './i18n.js';
import { h, render } from './dom.js';
import { pageShortcuts } from './shortcuts.js';
import { kpiTrendsApi } from './routes.js';
import { lineChart } from './linechart.js';
import { figures, shown, targetOf, targetText, targetsForm } from './targets.js';

extend({
  'nav.trends': ['KPI 趋势', 'Trends'], 'trend.title': ['KPI 趋势', 'KPI trends'], 'trend.grain': ['周期', 'Periods'],
  'trend.grain.month': ['近 12 个月', 'Last 12 months'], 'trend.grain.week': ['近 12 周', 'Last 12 weeks'],
  'trend.groupBy': ['对象', 'Of'], 'trend.group.center': ['全中心', 'Whole center'], 'trend.group.team': ['班组', 'Team'], 'trend.group.agent': ['座席', 'Agent'],
  'trend.group': ['编号', 'Id'], 'trend.show': ['查看', 'Show'], 'trend.evaluations': ['{0} 条评估', '{0} evaluations'],
  'trend.ownTeams': ['你的班组：{0}', 'Your teams: {0}'], 'trend.clickPoint': ['点击数据点查看该周期的评估。', 'Click a point for the evaluations of that period.'],
  'trend.sc.grain': ['切换月 / 周', 'months / weeks'], 'trend.sc.targets': ['编辑目标', 'edit the targets'],
});

const monthLabel = period => period.slice(2);                 // 2026-10 → 26-10
const weekLabel = period => period.slice(5);                  // 2026-W41 → W41

/** Route #/trends[/{center}/{month|week}/{center|team|agent}/{group}]. */
export async function trendsPage(me, centerParam, grainParam, groupByParam, groupParam) {
  const center = centerParam || me.centers.find(x => x !== '*') || '';
  const grain = grainParam === 'week' ? 'week' : 'month';
  const groupBy = ['team', 'agent'].includes(groupByParam) ? groupByParam : 'center';
  const group = groupBy === 'center' || !groupParam || groupParam === '-' ? '' : groupParam;
  const lead = me.roles.some(r => r === 'qa-lead' || r === 'admin');
  const [trend, targets] = await Promise.all([
    groupBy !== 'center' && !group ? null : kpiTrendsApi.trend(center, { grain, groupBy, group: group || null }),
    kpiTrendsApi.targets(center),
  ]);

  const grainSelect = h('select', { id: 'trend-grain', style: 'width:11rem' }, ['month', 'week'].map(g => h('option', { value: g, selected: g === grain }, t(`trend.grain.${g}`))));
  const bySelect = h('select', { id: 'trend-by', style: 'width:11rem' }, ['center', 'team', 'agent'].map(g => h('option', { value: g, selected: g === groupBy }, t(`trend.group.${g}`))));
  const teamList = h('datalist', { id: 'trend-teams' }, (me.teams ?? []).map(x => h('option', { value: x })));
  const groupInput = h('input', { id: 'trend-group', name: 'group', value: group, list: 'trend-teams', style: 'width:9rem' });
  const go = (g = grainSelect.value) => {
    const by = bySelect.value;
    location.hash = `#/trends/${encodeURIComponent(center)}/${g}/${by}/${by === 'center' ? '-' : encodeURIComponent(groupInput.value.trim() || '-')}`;
  };
  const filters = h('form', { class: 'row panel', onsubmit: e => { e.preventDefault(); go(); } },
    h('label', { for: 'trend-grain' }, t('trend.grain')), grainSelect, h('label', { for: 'trend-by' }, t('trend.groupBy')), bySelect,
    h('label', { for: 'trend-group' }, t('trend.group')), groupInput, teamList, h('button', { type: 'submit', class: 'secondary' }, t('trend.show')));

  // A point opens the evaluations of its period for the same group.
  const drillTo = p => {
    const period = grain === 'month' ? p.period : `${p.from}..${p.to}`;
    location.hash = `#/drill/${encodeURIComponent(center)}/${period}/${groupBy}/${encodeURIComponent(group || '-')}/-`;
  };
  const charts = (trend?.points ?? []).length === 0 ? [] : figures.map(f => {
    const target = targetOf(f, trend.targets ?? targets?.targets);
    const points = trend.points.map(p => ({
      label: grain === 'month' ? monthLabel(p.period) : weekLabel(p.period), period: p.period, value: shown(f, f.read(p)),
      title: `${p.period} (${t('trend.evaluations', p.evaluations)})`, onclick: () => drillTo(p),
    }));
    return h('figure', { class: 'panel trend', 'data-chart': f.key }, h('figcaption', {}, h('strong', {}, t(`fig.${f.key}`)),
      target == null ? null : h('span', { class: 'muted' }, ` · ${targetText(f, target)}`)),
      lineChart(points, { yLabel: t(`fig.${f.key}`), format: f.format, top: f.top, target, targetLabel: target == null ? null : targetText(f, target), lowerIsBetter: f.lowerIsBetter, emptyText: t('kpi.none') }));
  });

  pageShortcuts.set([['m / w', t('trend.sc.grain')], ['e', t('trend.sc.targets')]], (e, typing) => {
    if (typing || e.ctrlKey || e.metaKey || e.altKey) return false;
    if (e.key === 'm' && grain !== 'month') { go('month'); return true; }
    if (e.key === 'w' && grain !== 'week') { go('week'); return true; }
    if (e.key === 'e' && lead) { document.getElementById('target-meanScore')?.focus(); return true; }
    return false;
  });

  const subtitle = [center, t(`trend.group.${groupBy}`), group, lead ? null : t('trend.ownTeams', (me.teams ?? []).join(', '))].filter(Boolean).join(' · ');
  render(h('h1', {}, t('trend.title')), h('p', { class: 'muted' }, subtitle), filters,
    charts.length ? h('p', { class: 'muted' }, t('trend.clickPoint')) : h('p', { class: 'panel', id: 'trend-empty' }, t('kpi.none')),
    h('div', { class: 'trend-grid', id: 'trend-charts' }, charts),
    targets ? targetsForm(center, targets, lead, () => trendsPage(me, centerParam, grainParam, groupByParam, groupParam)) : null);
}
