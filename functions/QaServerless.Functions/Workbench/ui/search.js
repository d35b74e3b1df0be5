// Search (QA leads, admins, inspectors, supervisors): calls and their evaluations by any mix of filters, kept in the
// URL hash (#/search/{center}?from=…&to=…&…) so a search can be bookmarked. Results a page at a time ([ / ]), with the
// count; from a result a lead starts an evaluation, or selects calls and calibrates them.
import { t, extend, lang } from './i18n.js';
import { get, post, ApiProblem } from './api.js';
import { h, field, render, showProblem, clearProblem } from './dom.js';
import { pageShortcuts } from './shortcuts.js';
import { searchApi, evaluationsApi, scorecardsApi } from './routes.js';
import { historyButton } from './call-history.js';
import { channelName } from './conversation.js';

extend({
  'nav.search': ['搜索', 'Search'], 'se.title': ['搜索通话与评估', 'Search calls and evaluations'], 'se.from': ['开始日期', 'From'], 'se.to': ['结束日期', 'To'],
  'se.agent': ['座席', 'Agent'], 'se.team': ['班组', 'Team'], 'se.businessType': ['业务类型', 'Business type'], 'se.direction': ['呼叫方向', 'Direction'],
  'se.minDuration': ['时长至少（秒）', 'Duration at least (s)'], 'se.maxDuration': ['时长至多（秒）', 'Duration at most (s)'],
  'se.status': ['评估状态', 'Evaluation status'], 'se.band': ['等级', 'Band'], 'se.failedItem': ['扣分项（项目编号）', 'Failed item (item id)'],
  'se.critical': ['致命错误类别', 'Critical error class'], 'se.minRisk': ['AI 风险分至少', 'AI risk at least'], 'se.tag': ['规则标签', 'Rule tag'],
  'se.sampled': ['是否抽中', 'Sampled'], 'se.sort': ['排序', 'Sort'], 'se.search': ['搜索', 'Search'], 'se.reset': ['清空条件', 'Clear filters'],
  'se.any': ['不限', 'Any'], 'se.yes': ['是', 'Yes'], 'se.no': ['否', 'No'], 'se.none': ['未评估', 'Not evaluated'], 'se.anyCritical': ['任一类别', 'Any class'],
  'se.Inbound': ['呼入', 'Inbound'], 'se.Outbound': ['呼出', 'Outbound'],
  'se.crit.Customer': ['客户类', 'Customer'], 'se.crit.Business': ['业务类', 'Business'], 'se.crit.Compliance': ['合规类', 'Compliance'],
  'se.sort.-start': ['最新在前', 'Newest first'], 'se.sort.start': ['最早在前', 'Oldest first'], 'se.sort.-duration': ['时长最长在前', 'Longest first'],
  'se.sort.duration': ['时长最短在前', 'Shortest first'], 'se.sort.score': ['得分最低在前', 'Lowest score first'], 'se.sort.-score': ['得分最高在前', 'Highest score first'],
  'se.sort.-risk': ['风险最高在前', 'Highest risk first'], 'se.sort.risk': ['风险最低在前', 'Lowest risk first'],
  'se.results': ['结果', 'Results'], 'se.channel': ['渠道', 'Channel'], 'se.pick': ['选择', 'Select'], 'se.pickCall': ['选择通话 {0}', 'Select call {0}'], 'se.call': ['通话', 'Call'],
  'se.start': ['开始时间', 'Start'], 'se.duration': ['时长', 'Duration'], 'se.evaluation': ['评估', 'Evaluation'], 'se.score': ['得分', 'Score'],
  'se.risk': ['风险', 'Risk'], 'se.tags': ['标签', 'Tags'], 'se.action': ['操作', 'Action'], 'se.sampledYes': ['抽中', 'sampled'],
  'se.evaluate': ['开始评估', 'Evaluate'], 'se.evaluateCall': ['开始评估通话 {0}', 'Start an evaluation of call {0}'], 'se.open': ['打开评估', 'Open'],
  'se.calibrate': ['校准所选（{0}）', 'Calibrate selected ({0})'], 'se.prev': ['上一页', 'Previous page'], 'se.next': ['下一页', 'Next page'],
  'se.count': ['第 {0}–{1} 条，共 {2} 条', '{0}–{1} of {2}'],
  'se.countAtLeast': ['第 {0}–{1} 条，至少 {2} 条（已读到上限 {3} 行：请缩小日期或增加条件，排序只在已读部分内）',
    '{0}–{1} of at least {2} (the read stopped at {3} rows: narrow the dates or add filters; the order covers what was read)'],
  'se.empty': ['没有符合条件的通话。', 'No call matches these filters.'], 'se.rangeHint': ['日期范围最多 31 天。', 'At most 31 days per search.'],
  'se.sc.filters': ['跳到筛选条件', 'jump to the filters'], 'se.sc.page': ['上一页 / 下一页', 'previous / next page'],
  'se.sc.evaluate': ['为当前行开始评估', 'start an evaluation of the current row'], 'se.sc.calibrate': ['校准所选通话', 'calibrate the selected calls'],
  'problem.search.filters': ['筛选条件有误，见下方标注。', 'Some filters need a change: see the marks below.'],
  'problem.search.page-token': ['搜索条件已变化：请从第一页重新开始。', 'The search changed: start again from the first page.'],
});

const c = encodeURIComponent;
const centerOf = me => me.centers.find(x => x !== '*') ?? '';
const isoDay = d => `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
const daysAgo = n => { const d = new Date(); d.setDate(d.getDate() - n); return isoDay(d); };
const mmss = s => `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`;
const when = iso => new Date(iso).toLocaleString(lang, { month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' });
const tags = ['complaint', 'test-call', 'repeat-call', 'forbidden-words', 'greeting-2s', 'recording-disclosure', 'long-silence', 'overtalk', 'forbidden', 'greeting', 'disclosure', 'silence'];
const statuses = ['Draft', 'Submitted', 'Released', 'Acknowledged', 'Appealed', 'AppealUpheld', 'AppealRejected'];
const sorts = ['-start', 'start', '-duration', 'duration', 'score', '-score', '-risk', 'risk'];

/** The filters of the form: [query name, label key, control]. Their names are the API's, so a 400 marks the field. */
function controls(q, me) {
  const input = (name, type, extra = {}) => h('input', { name, type, value: q.get(name) ?? '', ...extra });
  const select = (name, options) => h('select', { name }, options.map(([value, label]) => h('option', { value, selected: (q.get(name) ?? '') === value }, label)));
  const any = ['', t('se.any')];
  return [
    ['from', input('from', 'date', { required: true, value: q.get('from') || daysAgo(6) })],
    ['to', input('to', 'date', { required: true, value: q.get('to') || daysAgo(0) })],
    ['agent', input('agent', 'text')],
    ['team', input('team', 'text', { list: 'se-teams' })],
    ['businessType', input('businessType', 'text', { list: 'se-types' })],
    ['direction', select('direction', [any, ['Inbound', t('se.Inbound')], ['Outbound', t('se.Outbound')]])],
    ['minDuration', input('minDuration', 'number', { min: 0 })],
    ['maxDuration', input('maxDuration', 'number', { min: 0 })],
    ['status', select('status', [any, ['None', t('se.none')], ...statuses.map(s => [s, t(`ev.status.${s}`)])])],
    ['band', select('band', [any, ...['Excellent', 'Good', 'Pass', 'Fail'].map(b => [b, t(`ev.band.${b}`)])])],
    ['failedItem', input('failedItem', 'text', { list: 'se-items' })],
    ['critical', select('critical', [any, ['Any', t('se.anyCritical')], ...['Customer', 'Business', 'Compliance'].map(x => [x, t(`se.crit.${x}`)])])],
    ['minRisk', input('minRisk', 'number', { min: 0, max: 100 })],
    ['tag', input('tag', 'text', { list: 'se-tags' })],
    ['sampled', select('sampled', [any, ['true', t('se.yes')], ['false', t('se.no')]])],
    ['sort', select('sort', sorts.map(s => [s, t(`se.sort.${s}`)]))],
  ].map(([name, control]) => { control.id = `se-${name}`; return [name, control]; });
}

/** The scorecard in force's item ids for the failed-item list; none when the person may not read scorecards. */
async function itemIds(center) {
  try {
    const id = await scorecardsApi.inForceId(center);
    const card = await get(`/api/centers/${c(center)}/scorecards/${c(id)}/current`);
    return { scorecardId: id, items: (card.sections ?? []).flatMap(s => s.items ?? []) };
  } catch { return { scorecardId: null, items: [] }; }
}

/** Route #/search/{center}?{filters}. */
export async function searchPage(me, centerParam) {
  const center = centerParam || centerOf(me);
  const q = new URLSearchParams(location.hash.split('?')[1] || '');
  const lead = me.roles.some(r => r === 'qa-lead' || r === 'admin');
  const fields = controls(q, me);
  const form = h('form', { class: 'panel search-form', id: 'search-form', novalidate: true },
    fields.map(([name, control]) => field(t(`se.${name}`), control)),
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'se-submit' }, t('se.search')),
      h('a', { class: 'button secondary', href: `#/search/${c(center)}` }, t('se.reset')),
      h('span', { class: 'muted' }, t('se.rangeHint'))));
  const card = lead || me.roles.includes('inspector') ? await itemIds(center) : { scorecardId: null, items: [] };
  const lists = [
    h('datalist', { id: 'se-items' }, card.items.map(i => h('option', { value: i.itemId }, i.text))),
    h('datalist', { id: 'se-tags' }, tags.map(x => h('option', { value: x }))),
    h('datalist', { id: 'se-types' }, ['咨询', '投诉', '订单', '售后'].map(x => h('option', { value: x }))),
    h('datalist', { id: 'se-teams' }, [...(me.teams ?? [])].map(x => h('option', { value: x }))),
  ];

  const query = () => {
    const next = new URLSearchParams();
    for (const [name, control] of fields) if (String(control.value).trim() !== '') next.set(name, String(control.value).trim());
    return next;
  };
  form.addEventListener('submit', e => {
    e.preventDefault();
    const hash = `#/search/${c(center)}?${query()}`;
    if (location.hash === hash) load(null); else location.hash = hash;
  });

  const selected = new Map(); // call id → result, kept across pages
  const calibrate = h('button', { type: 'button', id: 'se-calibrate', class: 'secondary', disabled: true, onclick: () => calibrateSelected() }, t('se.calibrate', 0));
  const refreshSelection = () => { calibrate.disabled = selected.size === 0; calibrate.textContent = t('se.calibrate', selected.size); };
  const calibrateSelected = () => {
    if (!selected.size) return;
    location.hash = `#/calibration/new/${c(center)}?calls=${[...selected.keys()].map(c).join(',')}`;
  };

  const evaluate = async (result, button) => {
    clearProblem();
    button.disabled = true;
    try {
      const scorecardId = card.scorecardId ?? await scorecardsApi.inForceId(center);
      let id;
      try { id = (await post(evaluationsApi.base(center), { callId: result.callId, scorecardId })).evaluationId; } catch (e) {
        // Started meanwhile (another lead): the problem names the evaluation; open it.
        id = e instanceof ApiProblem && e.status === 409 ? /'(ev-[^']+)'/.exec(e.problem.detail ?? '')?.[1] : null;
        if (!id) throw e;
      }
      location.hash = `#/evaluation/${c(center)}/${c(id)}`;
    } catch (e) { button.disabled = false; showProblem(e); }
  };

  const results = h('section', { class: 'panel', id: 'search-results', 'aria-live': 'polite' });
  let current = null;
  const show = page => {
    current = page;
    const from = page.results.length ? page.skip + 1 : 0, to = page.skip + page.results.length;
    const count = page.countIsLowerBound ? t('se.countAtLeast', from, to, page.count, page.maxRows) : t('se.count', from, to, page.count);
    const heads = [lead ? 'se.pick' : null, 'se.call', 'se.start', 'se.agent', 'se.team', 'se.businessType', 'se.direction', 'se.duration',
      'se.evaluation', 'se.score', 'se.risk', 'se.tags', lead ? 'se.action' : null].filter(Boolean);
    const rows = page.results.map(r => {
      const pick = h('input', { type: 'checkbox', class: 'pick', 'aria-label': t('se.pickCall', r.callId), checked: selected.has(r.callId),
        onchange: e => { if (e.target.checked) selected.set(r.callId, r); else selected.delete(r.callId); refreshSelection(); } });
      const start = lead && !r.evaluationId
        ? h('button', { type: 'button', class: 'secondary evaluate', 'aria-label': t('se.evaluateCall', r.callId), onclick: e => evaluate(r, e.currentTarget) }, t('se.evaluate'))
        : null;
      return h('tr', { dataset: { call: r.callId } },
        lead ? h('td', {}, pick) : null,
        h('td', {}, r.evaluationId ? h('a', { class: 'open', href: `#/evaluation/${c(center)}/${c(r.evaluationId)}` }, r.callId) : r.callId,
          // A text conversation says its channel beside its id: its duration is the thread's, not talk time.
          r.channel ? [' ', h('span', { class: 'badge channel', title: t('se.channel') }, channelName(r.channel))] : null),
        h('td', {}, when(r.start)), h('td', {}, r.agentId), h('td', {}, r.team), h('td', {}, r.businessType),
        h('td', {}, t(`se.${r.direction}`)), h('td', { class: 'num' }, mmss(r.handleSeconds)),
        h('td', {}, r.evaluationStatus ? t(`ev.status.${r.evaluationStatus}`) : '—'),
        h('td', { class: 'num' }, r.score == null ? '—' : h('span', { class: `band-${String(r.band).toLowerCase()}` }, `${Number(r.score).toFixed(1)} ${t(`ev.band.${r.band}`)}`)),
        h('td', { class: 'num' }, r.riskScore ?? '—'),
        h('td', {}, [...(r.sampled ? [t('se.sampledYes')] : []), ...r.tags, ...r.criticalClasses.map(x => t(`se.crit.${x}`))]
          .map(x => h('span', { class: 'badge' }, x))),
        lead ? h('td', {}, start, historyButton(center, r.callId, heads.length)) : null);
    });
    const pager = h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', id: 'se-prev', disabled: !page.previousPageToken, onclick: () => load(page.previousPageToken) }, `[ ${t('se.prev')}`),
      h('span', { id: 'se-count' }, count),
      h('button', { type: 'button', class: 'secondary', id: 'se-next', disabled: !page.nextPageToken, onclick: () => load(page.nextPageToken) }, `${t('se.next')} ]`),
      lead ? calibrate : null);
    results.replaceChildren(h('h2', {}, t('se.results')),
      page.results.length ? h('table', {}, h('thead', {}, h('tr', {}, heads.map(k => h('th', { scope: 'col' }, t(k))))), h('tbody', {}, rows))
        : h('p', { class: 'muted', id: 'se-empty' }, t('se.empty')),
      pager);
  };
  const load = async token => {
    clearProblem();
    try { show(await searchApi.search(center, query(), token)); } catch (e) { showProblem(e, form); }
  };

  pageShortcuts.set([['/', t('se.sc.filters')], ['[ / ]', t('se.sc.page')], ...(lead ? [['e', t('se.sc.evaluate')], ['c', t('se.sc.calibrate')]] : [])], (e, typing) => {
    if (typing || e.ctrlKey || e.metaKey || e.altKey) return false;
    if (e.key === '/') { fields[0][1].focus(); return true; }
    if (e.key === ']') { if (current?.nextPageToken) load(current.nextPageToken); return true; }
    if (e.key === '[') { if (current?.previousPageToken) load(current.previousPageToken); return true; }
    if (lead && e.key === 'c') { calibrateSelected(); return true; }
    if (lead && e.key === 'e') { document.activeElement?.closest('tr')?.querySelector('button.evaluate')?.click(); return true; }
    return false;
  });

  render(h('h1', {}, t('se.title')), h('p', { class: 'muted' }, center), form, lists, results);
  // Focus where the work continues (the shell leaves focus alone when the previous page had it on <main>).
  if (q.has('from')) await load(null);
  (results.querySelector('input.pick, a.open') ?? fields[0][1]).focus();
}
