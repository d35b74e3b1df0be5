// The QA lead creates a calibration session: 5–10 calls (preselected from ?calls=id1,id2 when the search page links
// here, picked from the API's suggestions, or typed by id), participants from the inspector list and the roster (by
// name), the scorecard, the tolerance and a due date. The server's field errors are shown at their fields.
import { t, extend, lang } from './i18n.js';
import { h, field, render, showProblem, clearProblem, clearFields, markField } from './dom.js';
import { pageShortcuts } from './shortcuts.js';
import { calibrationApi, scorecardsApi } from './routes.js';

extend({
  'cal.newTitle': ['新建校准场次', 'New calibration session'], 'cal.sessionTitle': ['标题', 'Title'],
  'cal.scorecardPick': ['质检标准', 'Scorecard'], 'cal.chosen': ['已选通话（{0} 通，需 5–10 通）', 'Chosen calls ({0}; 5 to 10 needed)'],
  'cal.noneChosen': ['尚未选择通话。', 'No call chosen yet.'], 'cal.remove': ['移除 {0}', 'Remove {0}'],
  'cal.addCall': ['按通话编号添加', 'Add a call by its id'], 'cal.add': ['添加', 'Add'], 'cal.noSuchCall': ['本中心没有此通话：{0}', 'No such call in the center: {0}'],
  'cal.suggestions': ['建议校准的通话（分歧信号）', 'Suggested calls (signs of disagreement)'],
  'cal.noSuggestions': ['暂无建议：近期没有申诉成立等分歧信号。可按编号添加通话。', 'No suggestions: no upheld appeal or other sign of disagreement lately. Add calls by id.'],
  'cal.weight': ['权重', 'Weight'], 'cal.reasons': ['原因', 'Why'], 'cal.disputed': ['有分歧的项目', 'Items in dispute'],
  'cal.reason.appeal upheld': ['申诉成立', 'appeal upheld'], 'cal.pickCall': ['选择通话 {0}', 'Pick call {0}'],
  'cal.invite': ['邀请参与者', 'Invite participants'], 'cal.inspectors': ['质检员', 'Inspectors'], 'cal.agents': ['座席代表（来自花名册）', 'Agent representatives (from the roster)'],
  'cal.invitePerson': ['邀请 {0}', 'Invite {0}'], 'cal.invited': ['已邀请 {0} 人', '{0} invited'],
  'cal.toleranceTitle': ['容差', 'Tolerance'], 'cal.methodPick': ['方法', 'Method'], 'cal.limit': ['限值（% 或分）', 'Limit (% or points)'], 'cal.rulePick': ['判定', 'Rule'],
  'cal.m.Proportional': ['比例法（%）', 'Proportional (%)'], 'cal.m.ScoreDifference': ['分差法（分）', 'Score difference (points)'],
  'cal.r.Mean': ['平均偏差在容差内', 'Mean deviation within'], 'cal.r.EveryCall': ['每通都在容差内', 'Every call within'],
  'cal.dueAt': ['截止日期', 'Due date'], 'cal.create': ['创建场次', 'Create the session'],
  'cal.sc.create': ['创建场次', 'Create the session'],
  'problem.field.validation.title': ['请填写标题。', 'Give the session a title.'],
  'problem.field.validation.callIds': ['请选择 5–10 通不同的本中心通话。', 'Pick 5 to 10 different calls of this center.'],
  'problem.field.validation.participants': ['请至少邀请 2 人（每人一次）。', 'Invite at least 2 people (each once).'],
  'problem.field.validation.tolerance.limit': ['限值须大于 0 且不超过 100。', 'The limit is above 0 and at most 100.'],
});

const keySafe = id => id && id.length <= 200 && !/[/\\#?|\p{Cc}]/u.test(id);

export async function createPage(me, center) {
  const preset = new URLSearchParams(location.hash.split('?')[1] ?? '').get('calls');
  const [suggestions, inspectors, agents, cards, tolerance] = await Promise.all([
    calibrationApi.suggestions(center), calibrationApi.inspectors(center), calibrationApi.agents(center),
    calibrationApi.scorecards(center), calibrationApi.tolerance(center)]);
  const published = [...new Map(cards.filter(x => x.status === 'Published').map(x => [x.scorecardId, x])).values()];
  const inForce = await scorecardsApi.inForceId(center).catch(() => published[0]?.scorecardId ?? '');
  const itemText = new Map(cards.flatMap(card => card.sections.flatMap(s => s.items)).map(i => [i.itemId, i.text]));
  const chosen = [...new Set((preset ?? '').split(',').map(x => x.trim()).filter(keySafe))];

  const title = h('input', { name: 'title', id: 'cal-title', required: true, autocomplete: 'off', autofocus: true });
  const scorecard = h('select', { name: 'scorecardId', id: 'cal-scorecard' },
    published.map(x => h('option', { value: x.scorecardId, selected: x.scorecardId === inForce }, `${x.name} (${x.scorecardId})`)));

  // Calls: the chosen list, suggestions that toggle in and out of it, and an id box.
  const chosenList = h('ol', { id: 'chosen-calls' });
  const chosenLabel = h('h3', { id: 'chosen-label' });
  const suggestionBoxes = new Map();
  // Each chosen call with what it is (agent, business type, start), read once per call.
  const facts = new Map();
  const agentName = id => { const a = (agents ?? []).find(x => x.agentId === id); return a ? `${a.name} (${id})` : id; };
  const factsOf = id => {
    const span = h('span', { class: 'muted call-facts' });
    if (!facts.has(id)) facts.set(id, calibrationApi.call(center, id).catch(() => null));
    facts.get(id).then(call => { if (call) span.textContent = ` · ${agentName(call.agentId)} · ${call.businessType} · ${new Date(call.start).toLocaleString(lang)}`; });
    return span;
  };
  const renderChosen = () => {
    chosenLabel.textContent = t('cal.chosen', chosen.length);
    chosenList.replaceChildren(...(chosen.length ? chosen.map(id => h('li', { dataset: { call: id } }, id, factsOf(id), ' ',
      h('button', { type: 'button', class: 'ghost', 'aria-label': t('cal.remove', id), onclick: () => toggle(id, false) }, '×')))
      : [h('li', { class: 'muted' }, t('cal.noneChosen'))]));
    for (const [id, box] of suggestionBoxes) box.checked = chosen.includes(id);
  };
  function toggle(id, on) {
    const at = chosen.indexOf(id);
    if (on && at < 0) chosen.push(id);
    if (!on && at >= 0) chosen.splice(at, 1);
    renderChosen();
  }
  const suggestionTable = (suggestions ?? []).length
    ? h('table', { id: 'suggestions' }, h('thead', {}, h('tr', {}, ['', 'cal.call', 'cal.weight', 'cal.reasons', 'cal.disputed'].map(k => h('th', { scope: 'col' }, k ? t(k) : '')))),
      h('tbody', {}, suggestions.map(s => {
        const box = h('input', { type: 'checkbox', name: 'suggestion', value: s.callId, 'aria-label': t('cal.pickCall', s.callId), onchange: e => toggle(s.callId, e.target.checked) });
        suggestionBoxes.set(s.callId, box);
        return h('tr', { dataset: { call: s.callId } }, h('td', {}, box), h('td', {}, s.callId), h('td', { class: 'num' }, s.weight),
          h('td', {}, s.reasons.map(r => (t(`cal.reason.${r}`) === `cal.reason.${r}` ? r : t(`cal.reason.${r}`))).join('、')),
          h('td', {}, s.itemIds.map(i => itemText.get(i) ?? i).join('、')));
      })))
    : h('p', { class: 'muted', id: 'no-suggestions' }, t('cal.noSuggestions'));
  const callId = h('input', { name: 'addCall', id: 'add-call', autocomplete: 'off', dataset: { field: 'callIds' } });
  async function addTyped() {
    clearFields(callsBox);
    const ids = callId.value.split(/[\s,，]+/).filter(Boolean);
    for (const id of ids) {
      if (!keySafe(id) || !(await calibrationApi.call(center, id))) { markField(callId, t('cal.noSuchCall', id)).focus(); return; }
      toggle(id, true);
    }
    callId.value = '';
    callId.focus();
  }
  callId.addEventListener('keydown', e => { if (e.key === 'Enter') { e.preventDefault(); addTyped(); } });
  const callsBox = h('fieldset', { class: 'panel', id: 'calls-box' }, h('legend', {}, t('cal.calls')), chosenLabel, chosenList,
    h('div', { class: 'row' }, field(t('cal.addCall'), callId), h('button', { type: 'button', class: 'secondary', id: 'add-call-button', onclick: addTyped }, t('cal.add'))),
    h('h3', {}, t('cal.suggestions')), suggestionTable);

  const { box: peopleBox, invited } = peoplePicker(inspectors, agents);

  const method = h('select', { name: 'method', dataset: { field: 'tolerance.method' } }, ['Proportional', 'ScoreDifference'].map(m => h('option', { value: m, selected: m === tolerance.method }, t(`cal.m.${m}`))));
  const limit = h('input', { name: 'limit', type: 'number', min: '0.1', max: '100', step: '0.1', value: tolerance.limit, dataset: { field: 'tolerance.limit' }, style: 'width:7rem' });
  const rule = h('select', { name: 'rule', dataset: { field: 'tolerance.rule' } }, ['Mean', 'EveryCall'].map(r => h('option', { value: r, selected: r === tolerance.rule }, t(`cal.r.${r}`))));
  const due = h('input', { name: 'dueAt', type: 'date', id: 'cal-due' });

  const form = h('form', { id: 'create-form', novalidate: true, 'aria-label': t('cal.newTitle') },
    h('div', { class: 'panel' }, h('div', { class: 'row' }, field(t('cal.sessionTitle'), title), field(t('cal.scorecardPick'), scorecard), field(t('cal.dueAt'), due))),
    callsBox, peopleBox,
    h('fieldset', { class: 'panel' }, h('legend', {}, t('cal.toleranceTitle')),
      h('div', { class: 'row' }, field(t('cal.methodPick'), method), field(t('cal.limit'), limit), field(t('cal.rulePick'), rule))),
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'create-session', 'aria-keyshortcuts': 'Control+Enter' }, t('cal.create'))));

  let busy = false;
  async function create() {
    if (busy) return;
    clearProblem();
    busy = true;
    try {
      const created = await calibrationApi.create(center, {
        title: title.value.trim() || null, scorecardId: scorecard.value || null, callIds: chosen, participants: [...invited.values()],
        tolerance: { method: method.value, limit: limit.value === '' ? 0 : Number(limit.value), rule: rule.value },
        dueAt: due.value ? new Date(`${due.value}T23:59:59`).toISOString() : null,
      });
      location.hash = `#/calibration/${encodeURIComponent(center)}/${encodeURIComponent(created.session.sessionId)}`;
    } catch (e) { showProblem(e, form); } finally { busy = false; }
  }
  form.addEventListener('submit', e => { e.preventDefault(); create(); });
  render(h('h1', {}, t('cal.newTitle')), form);
  renderChosen();
  title.focus();
  pageShortcuts.set([['Ctrl+Enter', t('cal.sc.create')]], e => ((e.ctrlKey || e.metaKey) && e.key === 'Enter' ? (create(), true) : false));
}

/**
 * Inspectors (role inspector) and roster agents (agent representatives) to invite, by name: the box (#people, where the
 * server's `participants` error shows) and the people picked so far. The session page's invite form uses it too.
 */
export function peoplePicker(inspectors, agents) {
  const invited = new Map();
  const count = h('p', { id: 'invited-count', class: 'muted' });
  const showCount = () => { count.textContent = t('cal.invited', invited.size); };
  const personRow = (id, name, role, extra) => {
    const box = h('input', { type: 'checkbox', name: 'participant', value: id, 'aria-label': t('cal.invitePerson', `${name} (${id})`),
      onchange: e => { if (e.target.checked) invited.set(id, { personId: id, role, name }); else invited.delete(id); showCount(); } });
    return h('tr', { dataset: { person: id } }, h('td', {}, box), h('td', {}, name), h('td', {}, id), h('td', { class: 'muted' }, extra ?? ''));
  };
  const box = h('fieldset', { class: 'panel', id: 'people', dataset: { field: 'participants' } }, h('legend', {}, t('cal.invite')), count,
    h('h3', {}, t('cal.inspectors')),
    h('table', { id: 'inspector-list' }, h('tbody', {}, (inspectors ?? []).map(i => personRow(i.inspectorId, i.name, 'inspector')))),
    (agents ?? []).length ? h('details', {}, h('summary', {}, t('cal.agents')),
      h('table', { id: 'agent-list' }, h('tbody', {}, agents.map(a => personRow(a.agentId, a.name, 'agentRepresentative', a.team))))) : null);
  showCount();
  return { box, invited };
}
