// KPI dashboard (QA leads, supervisors): the month's contact-center and QA figures, charts of the days, bands and the
// Pareto of deductions, the groups (team, agent, inspector, business type), and the monthly export files.
import { t, extend } from './i18n.js';
import { get, post } from './api.js';
import { h, render, showProblem, clearProblem, toast } from './dom.js';

extend({
  'kpi.title': ['KPI 看板', 'KPI dashboard'], 'kpi.month': ['月份', 'Month'], 'kpi.groupBy': ['分组', 'Group by'], 'kpi.show': ['查看', 'Show'],
  'kpi.group.team': ['班组', 'Team'], 'kpi.group.agent': ['座席', 'Agent'], 'kpi.group.inspector': ['质检员', 'Inspector'], 'kpi.group.businessType': ['业务类型', 'Business type'],
  'kpi.calls': ['通话量', 'Calls'], 'kpi.answerRate': ['接通率', 'Answer rate'], 'kpi.serviceLevel': ['服务水平（{0} 秒）', 'Service level ({0} s)'],
  'kpi.aht': ['平均处理时长', 'Average handle time'], 'kpi.csat': ['满意度', 'CSAT'], 'kpi.complaints': ['投诉率', 'Complaint rate'],
  'kpi.fcr': ['首次解决率（24 小时）', 'First contact resolution (24 h)'], 'kpi.crr': ['问题解决率', 'Call resolution rate'],
  'kpi.evaluations': ['评估数', 'Evaluations'], 'kpi.meanScore': ['平均质检分', 'Mean QA score'], 'kpi.passRate': ['合格率', 'Pass rate'],
  'kpi.appealsUpheld': ['申诉成立率', 'Appeals upheld'], 'kpi.daily': ['每日评估数', 'Evaluations per day'], 'kpi.bands': ['等级分布', 'Bands'],
  'kpi.pareto': ['扣分项帕累托', 'Pareto of deductions'], 'kpi.groups': ['分组明细', 'Groups'], 'kpi.group': ['分组', 'Group'],
  'kpi.exports': ['月度导出', 'Monthly export'], 'kpi.generate': ['生成导出（仅限已结束的月份）', 'Generate (ended months only)'],
  'kpi.generated': ['已生成 {0} 个文件', '{0} files generated'], 'kpi.download': ['下载 {0}', 'Download {0}'], 'kpi.none': ['暂无数据。', 'No data yet.'],
});

const pct = r => (r?.value == null ? '—' : `${(Number(r.value) * 100).toFixed(1)}%`);
const num = x => (x == null ? '—' : Number(x).toLocaleString());
const thisMonth = () => new Date().toISOString().slice(0, 7);

function bars(points, label) {
  const max = Math.max(1, ...points.map(p => p.value));
  return h('figure', { class: 'panel' }, h('figcaption', {}, h('strong', {}, label)),
    h('div', { class: 'chart', role: 'img', 'aria-label': `${label}: ${points.map(p => `${p.label} ${p.value}`).join(', ')}` },
      points.map(p => h('div', { class: 'bar', style: `height:${Math.round((p.value / max) * 100)}%` }, h('span', {}, p.value)))),
    h('div', { class: 'chart-labels', 'aria-hidden': 'true' }, points.map(p => h('span', {}, p.label))));
}

/** Route #/kpi or #/kpi/{center}/{yyyy-MM}/{groupBy}. */
export async function kpiPage(me, centerParam, monthParam, groupParam) {
  const center = centerParam || me.centers.find(x => x !== '*') || '';
  const month = monthParam || thisMonth();
  const groupBy = groupParam || 'team';
  const report = await get(`/api/kpis/${encodeURIComponent(center)}?month=${encodeURIComponent(month)}&groupBy=${encodeURIComponent(groupBy)}`);
  const cc = report.total.contactCenter, qa = report.total.qa;
  const lead = me.roles.some(r => r === 'qa-lead' || r === 'admin');

  const monthInput = h('input', { id: 'kpi-month', type: 'month', value: month, style: 'width:12rem' });
  const groupSelect = h('select', { id: 'kpi-group', style: 'width:12rem' }, ['team', 'agent', 'inspector', 'businessType']
    .map(g => h('option', { value: g, selected: g === groupBy }, t(`kpi.group.${g}`))));
  const filters = h('form', { class: 'row panel', onsubmit: e => { e.preventDefault(); location.hash = `#/kpi/${encodeURIComponent(center)}/${monthInput.value}/${groupSelect.value}`; } },
    h('label', { for: 'kpi-month' }, t('kpi.month')), monthInput, h('label', { for: 'kpi-group' }, t('kpi.groupBy')), groupSelect,
    h('button', { type: 'submit', class: 'secondary' }, t('kpi.show')));

  const tile = (label, value) => h('div', { class: 'card' }, h('div', { class: 'muted' }, label), h('div', { class: 'score', style: 'font-size:1.6rem' }, value));
  const tiles = h('div', { class: 'grid', id: 'kpi-tiles' },
    tile(t('kpi.calls'), num(cc.calls)), tile(t('kpi.answerRate'), pct(cc.answerRate)), tile(t('kpi.serviceLevel', cc.serviceLevelSeconds), pct(cc.serviceLevel)),
    tile(t('kpi.aht'), cc.averageHandleSeconds == null ? '—' : `${cc.averageHandleSeconds} s`), tile(t('kpi.csat'), cc.csatMean ?? '—'),
    tile(t('kpi.complaints'), pct(cc.complaintRate)), tile(t('kpi.fcr'), pct(cc.firstContactResolution?.['24h'])), tile(t('kpi.crr'), pct(cc.callResolutionRate)),
    tile(t('kpi.evaluations'), num(qa.evaluations)), tile(t('kpi.meanScore'), qa.meanScore ?? '—'), tile(t('kpi.passRate'), pct(qa.passRate)),
    tile(t('kpi.appealsUpheld'), pct(qa.appealsUpheld)));

  const daily = (report.daily ?? []).map(d => ({ label: String(d.day).slice(8), value: Number(d.evaluations) }));
  const bands = ['Excellent', 'Good', 'Pass', 'Fail'].map(b => ({ label: t(`ev.band.${b}`), value: Number(qa.bands?.[b] ?? 0) }));
  const pareto = (report.itemPareto ?? []).slice(0, 10);

  const groups = h('table', {},
    h('thead', {}, h('tr', {}, [t('kpi.group'), t('kpi.calls'), t('kpi.answerRate'), t('kpi.evaluations'), t('kpi.meanScore'), t('kpi.passRate')].map(x => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, report.groups.map(g => h('tr', {}, h('td', {}, g.group), h('td', { class: 'num' }, num(g.contactCenter.calls)),
      h('td', { class: 'num' }, pct(g.contactCenter.answerRate)), h('td', { class: 'num' }, num(g.qa.evaluations)),
      h('td', { class: 'num' }, g.qa.meanScore ?? '—'), h('td', { class: 'num' }, pct(g.qa.passRate))))));

  let exportsPanel = null;
  if (lead) {
    const links = h('div', { class: 'actions', id: 'kpi-downloads' }, ['kpis.csv', 'kpis.xlsx', 'report.html'].map(file =>
      h('a', { class: 'button secondary', href: `/api/kpis/${encodeURIComponent(center)}/exports/${month}/${file}`, download: file }, t('kpi.download', file))));
    exportsPanel = h('section', { class: 'panel' }, h('h2', {}, t('kpi.exports')),
      h('button', { type: 'button', onclick: async () => {
        clearProblem();
        try { const files = await post(`/api/kpis/${encodeURIComponent(center)}/exports/${month}`); toast(t('kpi.generated', files.length)); } catch (e) { showProblem(e); }
      } }, t('kpi.generate')), links);
  }

  render(h('h1', {}, t('kpi.title')), h('p', { class: 'muted' }, `${center} · ${report.period}`), filters, tiles,
    h('div', { class: 'grid' }, daily.length ? bars(daily, t('kpi.daily')) : null, bars(bands, t('kpi.bands'))),
    pareto.length ? bars(pareto.map(p => ({ label: p.itemId, value: Number(p.count) })), t('kpi.pareto')) : null,
    h('section', { class: 'panel' }, h('h2', {}, t('kpi.groups')), report.groups.length ? groups : h('p', { class: 'muted' }, t('kpi.none'))),
    exportsPanel);
}
