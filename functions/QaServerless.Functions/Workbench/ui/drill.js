// The evaluations behind a KPI figure (from a group row, a Pareto bar or a trend point): GET /api/kpis/{c}/evaluations,
// worst score first, a page at a time, each with a link to the evaluation and to its call. Item ids read as their wording.
import { t, extend } from './i18n.js';
import { h, render, showProblem, clearProblem } from './dom.js';
import { pageShortcuts } from './shortcuts.js';
import { kpiTrendsApi } from './routes.js';

extend({
  'drill.title': ['评估明细', 'Evaluations behind the figure'], 'drill.period': ['周期', 'Period'], 'drill.item': ['扣分项', 'Item'],
  'drill.count': ['共 {0} 条评估', '{0} evaluations'], 'drill.evaluation': ['评估', 'Evaluation'], 'drill.call': ['通话', 'Call'],
  'drill.agent': ['座席', 'Agent'], 'drill.team': ['班组', 'Team'], 'drill.score': ['得分', 'Score'], 'drill.band': ['等级', 'Band'],
  'drill.items': ['扣分项', 'Deducted items'], 'drill.critical': ['致命错误', 'Critical error'], 'drill.back': ['返回 KPI 看板', 'Back to the KPI dashboard'],
  'drill.none': ['没有评估。', 'No evaluations.'], 'drill.sc.page': ['上一页 / 下一页', 'previous / next page'],
});

const none = x => (!x || x === '-' ? null : x);

/** Route #/drill/{center}/{yyyy-MM | yyyy-MM-dd..yyyy-MM-dd}/{groupBy}/{group|-}/{item|-}. */
export async function drillPage(me, center, period, groupByParam, groupParam, itemParam) {
  const [from, to] = String(period).split('..');
  const groupBy = none(groupByParam) ?? 'center';
  const group = groupBy === 'center' ? null : none(groupParam);
  const item = none(itemParam);
  const query = token => ({ ...(to ? { from, to } : { month: from }), groupBy, group, item, continuationToken: token });
  const first = await kpiTrendsApi.evaluations(center, query(null));
  const month = to ? from.slice(0, 7) : from;
  // Items by their wording (the scorecard versions of the month's report: the same versions the figures cover).
  const report = await kpiTrendsApi.monthReport(center, month).catch(() => null);
  const texts = await kpiTrendsApi.itemTexts(center, report?.scorecardVersions ?? []).catch(() => ({}));
  const itemLabel = id => h('span', { title: id, class: id === item ? 'mark' : null }, texts[id] ?? id);
  const c = encodeURIComponent;

  const section = h('section', { class: 'panel', id: 'drill-list' });
  let current = first;
  const show = pageData => {
    current = pageData;
    const rows = pageData.evaluations.map(e => h('tr', { 'data-evaluation': e.evaluationId },
      h('td', {}, h('a', { class: 'open', href: `#/evaluation/${c(center)}/${c(e.evaluationId)}` }, e.evaluationId)),
      h('td', {}, e.callId ? h('a', { href: `#/evaluate/${c(center)}/${c(e.callId)}` }, e.callId) : '—'),
      h('td', {}, e.agentId ?? '—'), h('td', {}, e.team ?? '—'), h('td', { class: 'num' }, e.score ?? '—'),
      h('td', {}, e.band ? t(`ev.band.${e.band}`) : '—'), h('td', {}, e.criticalError ? `✗ ${t('drill.critical')}` : ''),
      h('td', {}, [...e.deductedItems, ...e.warningItems].flatMap((id, i) => [i ? '、' : '', itemLabel(id)]))));
    const table = h('table', {}, h('thead', {}, h('tr', {}, [t('drill.evaluation'), t('drill.call'), t('drill.agent'), t('drill.team'), t('drill.score'),
      t('drill.band'), t('drill.critical'), t('drill.items')].map(x => h('th', { scope: 'col' }, x)))), h('tbody', {}, rows));
    const pager = h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', id: 'drill-prev', disabled: !pageData.previousToken, onclick: () => turn(pageData.previousToken) }, `[ ${t('kpi.prev')}`),
      h('span', { id: 'drill-count', 'aria-live': 'polite' }, t('drill.count', pageData.total)),
      h('button', { type: 'button', class: 'secondary', id: 'drill-next', disabled: !pageData.continuationToken, onclick: () => turn(pageData.continuationToken) }, `${t('kpi.next')} ]`));
    section.replaceChildren(rows.length ? table : h('p', { class: 'muted' }, t('drill.none')), pager);
  };
  const turn = async token => {
    if (!token) return;
    clearProblem();
    try { show(await kpiTrendsApi.evaluations(center, query(token))); } catch (e) { showProblem(e); }
  };
  show(first);
  pageShortcuts.set([['[ / ]', t('drill.sc.page')]], (e, typing) => {
    if (typing || e.ctrlKey || e.metaKey || e.altKey) return false;
    if (e.key === ']') { turn(current.continuationToken); return true; }
    if (e.key === '[') { turn(current.previousToken); return true; }
    return false;
  });
  const what = [t('drill.period'), ': ', to ? `${from} – ${to}` : from, group ? ` · ${t(`kpi.group.${groupBy}`)} ${group}` : '',
    item ? ` · ${t('drill.item')}: ` : '', item ? itemLabel(item) : ''];
  render(h('h1', {}, t('drill.title')), h('p', { class: 'muted', id: 'drill-what' }, center, ' · ', what), section,
    h('p', {}, h('a', { href: `#/kpi/${c(center)}/${month}/${groupBy === 'center' ? 'team' : groupBy}` }, t('drill.back'))));
}
