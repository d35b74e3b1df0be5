// The QA lead closes a session with a baseline: the group's consensus, one participant as the expert, or the standard
// the group agreed after discussion — entered here per call and item, in the API's shape
// ({ baseline: 'standard', standard: [{ callId, answers: [{ itemId, points | notApplicable }] }] }).
import { t, extend } from './i18n.js';
import { h, field, showProblem, clearProblem, clearFields, markField } from './dom.js';
import { choicesOf } from './scoring.js';
import { calibrationApi, scorecardsApi } from './routes.js';
import { choiceLabel } from './evaluate.js';
import { nameOf } from './calibration.js';

extend({
  'cal.close': ['结束校准', 'Close the session'], 'cal.baseline': ['基准', 'Baseline'],
  'cal.Expert': ['专家评分', 'Expert\'s score'], 'cal.Consensus': ['小组共识（均值）', 'Group consensus (mean)'], 'cal.Standard': ['讨论后的标准答案', 'Agreed standard'],
  'cal.expert': ['专家', 'Expert'], 'cal.standardTitle': ['讨论后一致认定的答案（每通每项）', 'The answers the group agreed (every call, every item)'],
  'cal.standardHint': ['结束前填写：结果按这些答案计算每通的基准分。', 'Enter them before closing: each call\'s baseline is the score of these answers.'],
  'cal.pick': ['请选择', 'Choose'],
  'problem.field.validation.baseline': ['请选择基准。', 'Choose the baseline.'],
  'problem.field.validation.expertId': ['专家必须是本场参与者，且评完了每一通。', 'The expert must be a participant who scored every call.'],
  'problem.field.validation.standard': ['每一通都要填写标准答案。', 'Give the agreed answers for every call.'],
});

export function closeForm(me, center, view, reload) {
  const session = view.session;
  const baseline = h('select', { name: 'baseline', id: 'baseline' }, ['Consensus', 'Expert', 'Standard'].map(k => h('option', { value: k }, t(`cal.${k}`))));
  const expert = h('select', { name: 'expertId', id: 'expert-id' }, h('option', { value: '' }, t('cal.pick')),
    session.participants.map(p => h('option', { value: p.personId }, nameOf(session, p.personId))));
  const expertField = field(t('cal.expert'), expert);
  const standardBox = h('div', { id: 'standard', dataset: { field: 'standard' } });
  const standard = [];
  const form = h('form', { class: 'panel', id: 'close-form', 'aria-label': t('cal.close'), novalidate: true },
    h('h2', {}, t('cal.close')), h('div', { class: 'row' }, field(t('cal.baseline'), baseline), expertField), standardBox,
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'close-session' }, t('cal.close'))));

  // The standard's grid: a row per call, a column per item, a select per cell; the card is read once, when asked for.
  let card = null;
  async function showChoice() {
    clearFields(form); // an error of the baseline left is no longer about this one
    expertField.hidden = baseline.value !== 'Expert';
    standardBox.hidden = baseline.value !== 'Standard';
    if (baseline.value !== 'Standard' || card) return;
    card = await scorecardsApi.version(center, session.scorecardId, session.scorecardVersion);
    const items = card.sections.flatMap(s => s.items);
    const rows = session.callIds.map((callId, i) => h('tr', { dataset: { call: callId } }, h('th', { scope: 'row' }, callId),
      items.map((item, j) => {
        const select = h('select', { name: `standard-${callId}-${item.itemId}`, 'aria-label': `${callId} · ${item.text}`, required: true,
          dataset: { field: j === 0 ? `standard[${i}].answers` : `standard[${i}].answers[${j}]` } },
        h('option', { value: '' }, '—'), choicesOf(item).map(ch => h('option', { value: ch.na ? 'na' : ch.points }, choiceLabel(item, ch))));
        standard.push({ callId, itemId: item.itemId, select });
        return h('td', {}, select);
      })));
    standardBox.replaceChildren(h('h3', {}, t('cal.standardTitle')), h('p', { class: 'muted' }, t('cal.standardHint')),
      h('table', { class: 'standard-grid' }, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('cal.call')), items.map(i => h('th', { scope: 'col' }, i.text)))),
        h('tbody', {}, rows)));
  }
  baseline.addEventListener('change', showChoice);
  showChoice();

  const body = () => {
    if (baseline.value === 'Expert') return { baseline: 'expert', expertId: expert.value || null };
    if (baseline.value === 'Consensus') return { baseline: 'consensus' };
    return {
      baseline: 'standard',
      standard: session.callIds.map(callId => ({
        callId,
        answers: standard.filter(s => s.callId === callId && s.select.value !== '')
          .map(s => (s.select.value === 'na' ? { itemId: s.itemId, notApplicable: true } : { itemId: s.itemId, points: Number(s.select.value) })),
      })),
    };
  };
  let busy = false;
  form.addEventListener('submit', async e => {
    e.preventDefault();
    if (busy) return;
    clearProblem();
    clearFields(form);
    if (baseline.value === 'Standard') {
      // Every cell: the server would refuse the first call with a gap; here each empty cell is marked at once.
      const empty = standard.filter(s => s.select.value === '');
      if (empty.length) { empty.forEach(s => markField(s.select, t('requiredMissing'))); empty[0].select.focus(); return; }
    }
    busy = true;
    try { await calibrationApi.close(center, view, body()); await reload(); } catch (err) { showProblem(err, form); } finally { busy = false; }
  });
  return form;
}
