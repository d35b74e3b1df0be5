// KPI dashboard (QA leads, supervisors): the month's contact-center and QA figures, charts of the days, bands and the
// Pareto of deductions, the groups (team, agent, inspector, business type), and the monthly export files.
import { t, extend } from './i18n.js';
import { get, post } from './api.js';
import { h, render, showProblem, clearProblem, toast } from './dom.js';
import { pageShortcuts } from './shortcuts.js';
import { peopleOf, personCell } from './people.js';
import { kpiTrendsApi } from './routes.js';
import { figures, targetNote } from './targets.js';
import { selfGapSection } from './self-compare.js';

extend({
  'kpi.title': ['KPI 看板', 'KPI dashboard'], 'kpi.month': ['月份', 'Month'], 'kpi.groupBy': ['分组', 'Group by'], 'kpi.show': ['查看', 'Show'],
  'kpi.group.team': ['班组', 'Team'], 'kpi.group.agent': ['座席', 'Agent'], 'kpi.group.inspector': ['质检员', 'Inspector'], 'kpi.group.businessType': ['业务类型', 'Business type'],
  'kpi.group.channel': ['渠道', 'Channel'], 'kpi.textConversations': ['文本会话', 'Text conversations'],
  'kpi.firstResponse': ['平均首次响应', 'Average first response'], 'kpi.firstResponse60': ['60 秒内首次响应', 'First response within 60 s'],
  'kpi.calls': ['通话量', 'Calls'], 'kpi.answerRate': ['接通率', 'Answer rate'], 'kpi.serviceLevel': ['服务水平（{0} 秒）', 'Service level ({0} s)'],
  'kpi.aht': ['平均处理时长', 'Average handle time'], 'kpi.csat': ['满意度', 'CSAT'], 'kpi.complaints': ['投诉率', 'Complaint rate'],
  'kpi.fcr': ['首次解决率（24 小时）', 'First contact resolution (24 h)'], 'kpi.crr': ['问题解决率', 'Call resolution rate'],
  'kpi.evaluations': ['评估数', 'Evaluations'], 'kpi.meanScore': ['平均质检分', 'Mean QA score'], 'kpi.passRate': ['合格率', 'Pass rate'],
  'kpi.appealsUpheld': ['申诉成立率', 'Appeals upheld'],
  'kpi.itemsUpheld': ['申诉成立项（成立 / 申诉）', 'Items upheld (upheld / disputed)'], 'kpi.upheldItemRate': ['评分项差错率（成立项 ÷ 已评项）', 'Upheld-item rate (upheld ÷ items evaluated)'],
  'kpi.scoringErrors': ['评分差错', 'Scoring errors'], 'kpi.appealsUpheldCount': ['申诉成立（成立 / 裁定）', 'Appeals upheld (upheld / decided)'], 'kpi.daily': ['每日评估数', 'Evaluations per day'], 'kpi.bands': ['等级分布', 'Bands'],
  'kpi.pareto': ['扣分项帕累托', 'Pareto of deductions'], 'kpi.groups': ['分组明细', 'Groups'], 'kpi.group': ['分组', 'Group'],
  'kpi.exports': ['月度导出', 'Monthly export'], 'kpi.generate': ['生成导出（仅限已结束的月份）', 'Generate (ended months only)'],
  'kpi.sort': ['排序', 'Sort'], 'kpi.sort.group': ['按编号', 'By id'], 'kpi.sort.meanScore': ['得分最低在前', 'Lowest score first'],
  'kpi.sort.-meanScore': ['得分最高在前', 'Highest score first'], 'kpi.sort.-evaluations': ['评估最多在前', 'Most evaluations first'],
  'kpi.prev': ['上一页', 'Previous page'], 'kpi.next': ['下一页', 'Next page'], 'kpi.pageOf': ['第 {0}–{1} 条，共 {2} 条', '{0}–{1} of {2}'],
  'kpi.sc.page': ['上一页 / 下一页', 'previous / next page'], 'kpi.sc.worst': ['切换：得分最低在前 / 按编号', 'toggle: lowest score first / by id'],
  'kpi.generated': ['已生成 {0} 个文件', '{0} files generated'], 'kpi.download': ['下载 {0}', 'Download {0}'], 'kpi.none': ['暂无数据。', 'No data yet.'],
  'kpi.noFiles': ['本月尚未生成导出文件：生成后可在此下载。', 'No export files for this month yet: generate them, then download here.'],
  'kpi.notEnded': ['本月尚未结束，结束后才能导出。', 'This month has not ended: it can be exported once it has.'],
  'kpi.criticalErrorRate': ['致命错误率', 'Critical-error rate'], 'kpi.trends': ['查看趋势', 'Trends'],
  'kpi.paretoHint': ['点击扣分项查看扣了此项的评估。', 'Click an item for the evaluations that lost it.'],
  'kpi.drillGroup': ['查看 {0} 的评估', 'Evaluations of {0}'],
  'kpi.emptyMonth': ['{0} 没有通话记录和评估：所以下面的表格为空。请选择其他月份。', '{0} has no call records and no evaluations: the tables below are empty. Pick another month.'],
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

const sorts = ['group', 'meanScore', '-meanScore', '-evaluations'];

/** Route #/kpi or #/kpi/{center}/{yyyy-MM}/{groupBy}[/{sort}]. The groups come a page at a time (`[` / `]`). */
export async function kpiPage(me, centerParam, monthParam, groupParam, sortParam) {
  const center = centerParam || me.centers.find(x => x !== '*') || '';
  const month = monthParam || thisMonth();
  const groupBy = groupParam || 'team';
  const sort = sorts.includes(sortParam) ? sortParam : 'group';
  const url = token => `/api/kpis/${encodeURIComponent(center)}?month=${encodeURIComponent(month)}&groupBy=${encodeURIComponent(groupBy)}`
    + `&sort=${encodeURIComponent(sort)}${token ? `&continuationToken=${encodeURIComponent(token)}` : ''}`;
  const [report, targets, people] = await Promise.all([get(url(null)), kpiTrendsApi.targets(center), peopleOf(me, center)]);
  const texts = await kpiTrendsApi.itemTexts(center, report.scorecardVersions).catch(() => ({}));
  const groupCell = id => (groupBy === 'agent' || groupBy === 'inspector' ? personCell(people, id) : id);
  const cc = report.total.contactCenter, qa = report.total.qa;
  const lead = me.roles.some(r => r === 'qa-lead' || r === 'admin');

  const monthInput = h('input', { id: 'kpi-month', type: 'month', value: month, style: 'width:12rem' });
  const groupSelect = h('select', { id: 'kpi-group', style: 'width:12rem' }, ['team', 'agent', 'inspector', 'businessType', 'channel']
    .map(g => h('option', { value: g, selected: g === groupBy }, t(`kpi.group.${g}`))));
  const sortSelect = h('select', { id: 'kpi-sort', style: 'width:12rem' }, sorts.map(s => h('option', { value: s, selected: s === sort }, t(`kpi.sort.${s}`))));
  const go = (g, s) => { location.hash = `#/kpi/${encodeURIComponent(center)}/${monthInput.value}/${g}/${s}`; };
  const filters = h('form', { class: 'row panel', onsubmit: e => { e.preventDefault(); go(groupSelect.value, sortSelect.value); } },
    h('label', { for: 'kpi-month' }, t('kpi.month')), monthInput, h('label', { for: 'kpi-group' }, t('kpi.groupBy')), groupSelect,
    h('label', { for: 'kpi-sort' }, t('kpi.sort')), sortSelect,
    h('button', { type: 'submit', class: 'secondary' }, t('kpi.show')));

  // A tile of a figure with a target carries the target and whether the period met it.
  const figure = key => figures.find(f => f.key === key);
  const tile = (label, value, key, raw) => h('div', { class: 'card', 'data-figure': key },
    h('div', { class: 'muted' }, label), h('div', { class: 'score', style: 'font-size:1.6rem' }, value),
    key ? targetNote(figure(key), raw, targets?.targets) : null);
  const tiles = h('div', { class: 'grid', id: 'kpi-tiles' },
    tile(t('kpi.calls'), num(cc.calls)), tile(t('kpi.answerRate'), pct(cc.answerRate)), tile(t('kpi.serviceLevel', cc.serviceLevelSeconds), pct(cc.serviceLevel)),
    tile(t('kpi.aht'), cc.averageHandleSeconds == null ? '—' : `${cc.averageHandleSeconds} s`, 'aht', cc.averageHandleSeconds), tile(t('kpi.csat'), cc.csatMean ?? '—'),
    tile(t('kpi.complaints'), pct(cc.complaintRate)), tile(t('kpi.fcr'), pct(cc.firstContactResolution?.['24h']), 'fcr', cc.firstContactResolution?.['24h']?.value),
    tile(t('kpi.crr'), pct(cc.callResolutionRate)),
    // Text channels (chat, e-mail …): their count and first response time, once there are any.
    ...(Number(cc.textConversations ?? 0) > 0 ? [tile(t('kpi.textConversations'), num(cc.textConversations)),
      tile(t('kpi.firstResponse'), cc.averageFirstResponseSeconds == null ? '—' : `${cc.averageFirstResponseSeconds} s`),
      tile(t('kpi.firstResponse60'), pct(cc.firstResponseWithinTarget))] : []),
    tile(t('kpi.evaluations'), num(qa.evaluations)), tile(t('kpi.meanScore'), qa.meanScore ?? '—', 'meanScore', qa.meanScore),
    tile(t('kpi.passRate'), pct(qa.passRate), 'passRate', qa.passRate?.value),
    tile(t('kpi.criticalErrorRate'), pct(qa.criticalErrorRate), 'criticalErrorRate', qa.criticalErrorRate?.value),
    tile(t('kpi.appealsUpheld'), pct(qa.appealsUpheld)), tile(t('kpi.itemsUpheld'), `${num(qa.itemsUpheld ?? 0)} / ${num(qa.itemsDisputed ?? 0)}`));

  const daily = (report.daily ?? []).map(d => ({ label: String(d.day).slice(8), value: Number(d.evaluations) }));
  const bands = ['Excellent', 'Good', 'Pass', 'Fail'].map(b => ({ label: t(`ev.band.${b}`), value: Number(qa.bands?.[b] ?? 0) }));
  const pareto = (report.itemPareto ?? []).slice(0, 10);
  const drill = (by, group, item) => `#/drill/${encodeURIComponent(center)}/${month}/${by}/${encodeURIComponent(group || '-')}/${encodeURIComponent(item || '-')}`;
  // The Pareto reads by the items' wording (the id is the title); a bar opens the evaluations that lost the item.
  const maxCount = Math.max(1, ...pareto.map(p => Number(p.count)));
  const paretoChart = h('figure', { class: 'panel', id: 'kpi-pareto', 'data-chart': 'pareto' }, h('figcaption', {}, h('strong', {}, t('kpi.pareto')),
    h('span', { class: 'muted' }, ` · ${t('kpi.paretoHint')}`)),
    h('ol', { class: 'pareto' }, pareto.map(p => h('li', {}, h('a', { href: drill('center', null, p.itemId), class: 'pareto-row', title: p.itemId, 'data-item': p.itemId, 'data-value': p.count },
      h('span', { class: 'pareto-label' }, texts[p.itemId] ?? p.itemId, p.kind === 'warning' ? ' ⚠' : ''),
      h('span', { class: 'pareto-track' }, h('span', { class: `pareto-bar ${p.kind === 'warning' ? 'warning' : ''}`, style: `width:${Math.round((Number(p.count) / maxCount) * 100)}%` })),
      h('span', { class: 'pareto-count num' }, `${p.count} · ${(Number(p.cumulativeShare) * 100).toFixed(0)}%`))))));

  // The groups section shows one page; [ and ] (or the buttons) fetch the page before or after it.
  const groupsSection = h('section', { class: 'panel', id: 'kpi-groups' });
  let current = report;
  const showPage = r => {
    current = r;
    const p = r.page ?? { skip: 0, totalGroups: r.groups.length };
    // Inspectors: their quality figures beside the counts (scoring errors, appeals and items upheld against them).
    const inspectors = groupBy === 'inspector';
    const table = h('table', {},
      h('thead', {}, h('tr', {}, [t('kpi.group'), t('kpi.calls'), t('kpi.answerRate'), t('kpi.evaluations'), t('kpi.meanScore'), t('kpi.passRate'),
        ...(inspectors ? [t('kpi.scoringErrors'), t('kpi.appealsUpheldCount'), t('kpi.itemsUpheld'), t('kpi.upheldItemRate')] : [])].map(x => h('th', { scope: 'col' }, x)))),
      h('tbody', {}, r.groups.map(g => h('tr', { dataset: { group: g.group } }, h('td', {}, h('a', { href: drill(groupBy, g.group, null), class: 'drill', title: t('kpi.drillGroup', g.group) }, groupCell(g.group))),
        h('td', { class: 'num' }, num(g.contactCenter.calls)),
        h('td', { class: 'num' }, pct(g.contactCenter.answerRate)), h('td', { class: 'num' }, num(g.qa.evaluations)),
        h('td', { class: 'num' }, g.qa.meanScore ?? '—'), h('td', { class: 'num' }, pct(g.qa.passRate)),
        inspectors ? [h('td', { class: 'num scoring-errors' }, num(g.qa.scoringErrors ?? 0)),
          h('td', { class: 'num appeals-upheld' }, `${num(g.qa.appealsUpheld?.numerator ?? 0)} / ${num(g.qa.appealsUpheld?.denominator ?? 0)}`),
          h('td', { class: 'num items-upheld' }, `${num(g.qa.itemsUpheld ?? 0)} / ${num(g.qa.itemsDisputed ?? 0)}`),
          h('td', { class: 'num upheld-item-rate' }, pct(g.qa.upheldItemRate))] : null))));
    const pager = h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', id: 'kpi-prev', disabled: !p.previousToken, onclick: () => turn(p.previousToken) }, `[ ${t('kpi.prev')}`),
      h('span', { id: 'kpi-page', 'aria-live': 'polite' }, t('kpi.pageOf', r.groups.length ? p.skip + 1 : 0, p.skip + r.groups.length, p.totalGroups)),
      h('button', { type: 'button', class: 'secondary', id: 'kpi-next', disabled: !p.continuationToken, onclick: () => turn(p.continuationToken) }, `${t('kpi.next')} ]`));
    groupsSection.replaceChildren(h('h2', {}, t('kpi.groups')), r.groups.length ? table : h('p', { class: 'muted' }, t('kpi.none')), pager);
  };
  const turn = async token => {
    if (!token) return;
    clearProblem();
    try { showPage(await get(url(token))); } catch (e) { showProblem(e); }
  };
  showPage(report);
  pageShortcuts.set([['[ / ]', t('kpi.sc.page')], ['s', t('kpi.sc.worst')]], (e, typing) => {
    if (typing || e.ctrlKey || e.metaKey || e.altKey) return false;
    if (e.key === ']') { turn(current.page?.continuationToken); return true; }
    if (e.key === '[') { turn(current.page?.previousToken); return true; }
    if (e.key === 's') { go(groupBy, sort === 'meanScore' ? 'group' : 'meanScore'); return true; }
    return false;
  });

  let exportsPanel = null;
  if (lead) {
    // A download link only for a file that exists (a link to a missing file was a silently cancelled download).
    const links = h('div', { class: 'actions', id: 'kpi-downloads' });
    const showFiles = files => links.replaceChildren(...(files.length
      ? files.map(file => h('a', { class: 'button secondary', href: `/api/kpis/${encodeURIComponent(center)}/exports/${month}/${file}`, download: file }, t('kpi.download', file)))
      : [h('p', { class: 'muted', id: 'kpi-no-files' }, t('kpi.noFiles'))]));
    const ended = month < thisMonth();
    exportsPanel = h('section', { class: 'panel', id: 'kpi-exports' }, h('h2', {}, t('kpi.exports')),
      ended ? null : h('p', { class: 'muted', id: 'kpi-not-ended' }, t('kpi.notEnded')),
      h('button', { type: 'button', id: 'kpi-generate', disabled: !ended, onclick: async () => {
        clearProblem();
        try { const files = await post(`/api/kpis/${encodeURIComponent(center)}/exports/${month}`); toast(t('kpi.generated', files.length)); showFiles(files.map(f => String(f).split('/').pop())); } catch (e) { showProblem(e); }
      } }, t('kpi.generate')), links);
    showFiles(await get(`/api/kpis/${encodeURIComponent(center)}/exports/${month}`).catch(() => []));
  }
  // A month with nothing in it says so, rather than showing empty tables.
  const emptyMonth = !Number(qa.evaluations) && !Number(cc.calls)
    ? h('p', { class: 'panel', id: 'kpi-empty-month' }, t('kpi.emptyMonth', month)) : null;

  render(h('h1', {}, t('kpi.title')), h('p', { class: 'muted' }, `${center} · ${report.period} · `,
    h('a', { href: `#/trends/${encodeURIComponent(center)}`, id: 'kpi-trends-link' }, t('kpi.trends'))), filters, emptyMonth, tiles,
    h('div', { class: 'grid' }, daily.length ? bars(daily, t('kpi.daily')) : null, bars(bands, t('kpi.bands'))),
    pareto.length ? paretoChart : null,
    groupsSection, selfGapSection(center, month, ['team', 'agent'].includes(groupBy) ? groupBy : null, texts, { hideEmpty: true }), exportsPanel);
}
