// Item-level disputes (docs/scoring.md, "Item-level disputes") on the evaluation page: the agent ticks "dispute" on the
// items scored wrong, a reason each (an overall comment optional); the QA lead decides each disputed item (upheld with
// the answer it should have had, or rejected, a comment each) and sees the corrected score live; everyone sees the
// outcome per item. An appeal without items is the whole-evaluation appeal, decided as before (evaluate.js).
import { t, extend } from './i18n.js';
import { h, field, markField, clearFields } from './dom.js';
import { liveScore, choicesOf } from './scoring.js';

extend({
  'ds.dispute': ['申诉此项', 'Dispute this item'], 'ds.reason': ['申诉理由（此项）', 'Why this item is wrong'],
  'ds.comment': ['总体说明（申诉单项时可不填）', 'Overall comment (optional when you dispute items)'],
  'ds.noneSelected': ['请勾选要申诉的评分项，或填写总体申诉理由。', 'Tick the items you dispute, or say why you appeal the whole evaluation.'],
  'ds.selected': ['已选 {0} 项申诉', '{0} item(s) disputed'],
  'ds.title': ['逐项裁定', 'Decide each disputed item'], 'ds.agentReason': ['座席理由：{0}', 'Agent\'s reason: {0}'],
  'ds.inspectorAnswer': ['质检员答案：{0}', 'Inspector\'s answer: {0}'], 'ds.upheld': ['成立', 'Upheld'], 'ds.rejected': ['不成立', 'Rejected'],
  'ds.decisionOf': ['对“{0}”的裁定', 'Decision on "{0}"'], 'ds.correctTo': ['更正为', 'Correct to'], 'ds.itemComment': ['说明（此项）', 'Note (this item)'],
  'ds.overall': ['总体说明（可选）', 'Overall note (optional)'], 'ds.record': ['记录裁定', 'Record the decision'],
  'ds.live': ['原得分 {0} → 更正后 {1}（{2}）', 'Original score {0} → corrected {1} ({2})'], 'ds.undecided': ['请裁定此项：成立或不成立。', 'Decide this item: upheld or rejected.'],
  'ds.outcome': ['申诉项', 'Disputed items'], 'ds.pending': ['待裁定', 'Awaiting decision'],
  'ds.upheldTo': ['成立：{0} → {1}', 'Upheld: {0} → {1}'], 'ds.rejectedKeeps': ['不成立：维持 {0}', 'Rejected: {0} stands'],
  'ds.leadNote': ['主管说明：{0}', 'Lead\'s note: {0}'], 'ds.count': ['申诉 {0} 项', '{0} item(s) disputed'],
  'ds.counted': ['{1} 项中 {0} 项成立', '{0} of {1} items upheld'], 'ds.decidedNoNote': ['裁定：{0}', 'Decision: {0}'],
  'ev.status.AppealPartlyUpheld': ['申诉部分成立（已更正）', 'Appeal partly upheld (corrected)'],
  'ev.reason.appeal partly upheld: corrected': ['申诉部分成立：已更正', 'appeal partly upheld: corrected'],
});

const itemsOf = evaluation => evaluation.appeal?.items ?? [];

/** True when the appeal disputes items (decided per item); false for a whole-evaluation appeal or none. */
export const isItemised = evaluation => itemsOf(evaluation).length > 0;

/** The status in words: an upheld item-level appeal with rejected items says "partly upheld". */
export function statusText(evaluation) {
  const partly = evaluation.status === 'AppealUpheld' && itemsOf(evaluation).some(i => i.upheld === false);
  return t(partly ? 'ev.status.AppealPartlyUpheld' : `ev.status.${evaluation.status}`);
}

/** An answer in words: yes, no, N/A or its points; a dash when there is none. */
export function answerText(item, answer) {
  if (!answer) return '—';
  if (answer.notApplicable) return t('ev.na');
  return item?.answerType === 'Scale' ? t('ev.points', answer.points) : t(answer.points ? 'ev.yes' : 'ev.no');
}

/**
 * The agent's side: a "dispute" checkbox and a reason per item (control(item) goes in the item's block), and the body of
 * the appeal: the ticked items in card order with their reasons, or the whole-evaluation comment. Null when incomplete
 * (the empty reason or comment is marked and focused).
 */
export function disputeDraft(items) {
  const rows = new Map();
  const counter = h('p', { class: 'muted', id: 'dispute-count', 'aria-live': 'polite' });
  const count = () => { const n = [...rows.values()].filter(r => r.box.checked).length; counter.textContent = n ? t('ds.selected', n) : ''; };
  const control = item => {
    const box = h('input', { type: 'checkbox', id: `dispute-${item.itemId}`, name: `dispute-${item.itemId}`, dataset: { item: item.itemId } });
    const reason = h('textarea', { id: `dispute-reason-${item.itemId}`, name: `reason-${item.itemId}`, rows: 2, required: true });
    const reasonField = field(t('ds.reason'), reason);
    reasonField.hidden = true;
    box.addEventListener('change', () => { reasonField.hidden = !box.checked; if (box.checked) reason.focus(); count(); });
    rows.set(item.itemId, { box, reason });
    return h('div', { class: 'dispute' }, h('label', { for: box.id }, box, ' ', t('ds.dispute')), reasonField);
  };
  const body = (form, comment) => {
    clearFields(form);
    document.querySelectorAll('.dispute').forEach(el => clearFields(el));
    const chosen = items.filter(i => rows.get(i.itemId)?.box.checked);
    chosen.forEach((i, k) => { rows.get(i.itemId).reason.dataset.field = `items[${k}].reason`; });
    const empty = chosen.map(i => rows.get(i.itemId).reason).filter(r => !r.value.trim());
    if (empty.length) { empty.forEach(r => markField(r, t('requiredMissing'))); empty[0].focus(); return null; }
    if (!chosen.length && !comment.value.trim()) { markField(comment, t('ds.noneSelected')).focus(); return null; }
    return chosen.length
      ? { comment: comment.value.trim() || null, items: chosen.map(i => ({ itemId: i.itemId, reason: rows.get(i.itemId).reason.value.trim() })) }
      : { comment: comment.value };
  };
  return { control, body, counter };
}

/**
 * The QA lead's decision of an item-level appeal: per disputed item the agent's reason, the inspector's answer, upheld
 * or rejected, the corrected answer when upheld, a note; the corrected score live. decide(body, form) sends it.
 */
export function itemDecisionForm(card, evaluation, decide) {
  const items = card.sections.flatMap(s => s.items);
  const byId = id => items.find(i => i.itemId === id);
  const live = h('p', { id: 'dispute-live', 'aria-live': 'polite' });
  const rows = itemsOf(evaluation).map((d, k) => {
    const item = byId(d.itemId) ?? { itemId: d.itemId, text: d.itemId };
    const name = `upheld-${d.itemId}`;
    const radio = (value, label) => {
      const input = h('input', { type: 'radio', name, value, id: `${name}-${value}`, dataset: value === 'true' ? { field: `items[${k}].upheld` } : {} });
      input.addEventListener('change', update);
      return h('label', { for: input.id }, input, ' ', t(label));
    };
    const alternatives = choicesOf(item).filter(c => !(c.na ? d.inspectorAnswer?.notApplicable : !d.inspectorAnswer?.notApplicable && d.inspectorAnswer?.points === c.points));
    const answer = h('select', { id: `correct-${d.itemId}`, name: `correct-${d.itemId}`, dataset: { field: `items[${k}].answer` } },
      alternatives.map(c => h('option', { value: c.na ? 'na' : String(c.points) }, answerText(item, c.na ? { notApplicable: true } : { points: c.points }))));
    answer.addEventListener('change', update);
    const answerField = field(t('ds.correctTo'), answer);
    const note = h('textarea', { id: `note-${d.itemId}`, name: `note-${d.itemId}`, rows: 2, required: true, dataset: { field: `items[${k}].comment` } });
    const choice = h('fieldset', { class: 'plain' }, h('legend', {}, t('ds.decisionOf', item.text)),
      h('div', { class: 'row' }, radio('true', 'ds.upheld'), radio('false', 'ds.rejected')));
    const row = h('div', { class: 'panel dispute-item', dataset: { item: d.itemId } }, h('h3', {}, item.text),
      h('p', {}, t('ds.agentReason', d.reason)), h('p', { class: 'muted' }, t('ds.inspectorAnswer', answerText(item, d.inspectorAnswer))),
      choice, answerField, field(t('ds.itemComment'), note));
    const upheld = () => row.querySelector(`input[name="${name}"]:checked`)?.value;
    const corrected = () => (answer.value === 'na' ? { itemId: d.itemId, points: null, notApplicable: true } : { itemId: d.itemId, points: Number(answer.value), notApplicable: false });
    return { d, row, note, answerField, upheld, corrected, choice };
  });
  function update() {
    rows.forEach(r => { r.answerField.hidden = r.upheld() !== 'true'; });
    const answers = new Map((evaluation.answers ?? []).map(a => [a.itemId, a]));
    rows.filter(r => r.upheld() === 'true').forEach(r => answers.set(r.d.itemId, r.corrected()));
    const result = liveScore(card, answers);
    live.textContent = t('ds.live', Number(evaluation.result?.score ?? 0).toFixed(2), result.score.toFixed(2), t(`ev.band.${result.band}`));
  }
  const overall = h('textarea', { id: 'decision-overall', name: 'decisionOverall', rows: 2, dataset: { field: 'comment' } });
  const form = h('form', { class: 'panel', id: 'item-decision-form', novalidate: true, 'aria-labelledby': 'item-decision-title' },
    h('h2', { id: 'item-decision-title' }, t('ds.title')), rows.map(r => r.row), live, field(t('ds.overall'), overall),
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'decide-items' }, t('ds.record'))));
  form.addEventListener('submit', e => {
    e.preventDefault();
    clearFields(form);
    const open = rows.filter(r => !r.upheld()).map(r => markField(r.choice.querySelector('input'), t('ds.undecided')));
    const empty = rows.filter(r => !r.note.value.trim()).map(r => markField(r.note, t('requiredMissing')));
    if (open.length || empty.length) { (open[0] ?? empty[0]).focus(); return; }
    decide({
      comment: overall.value.trim() || null,
      items: rows.map(r => {
        const upheld = r.upheld() === 'true';
        const a = r.corrected();
        return { itemId: r.d.itemId, upheld, comment: r.note.value.trim(), answer: upheld ? (a.notApplicable ? { notApplicable: true } : { points: a.points }) : null };
      }),
    }, form);
  });
  update();
  return form;
}

/** The disputed items and how each was decided, for everyone who sees the evaluation. */
export function appealOutcome(card, evaluation) {
  const items = card.sections.flatMap(s => s.items);
  const disputed = itemsOf(evaluation);
  const upheld = disputed.filter(d => d.upheld === true).length;
  const decided = disputed.some(d => d.upheld != null);
  return h('div', { id: 'dispute-outcome' },
    h('h3', {}, t('ds.outcome'), ' · ', decided ? t('ds.counted', upheld, disputed.length) : t('ds.count', disputed.length)),
    h('ul', {}, disputed.map(d => {
      const item = items.find(i => i.itemId === d.itemId);
      const verdict = d.upheld == null ? h('span', { class: 'badge na' }, t('ds.pending'))
        : d.upheld ? h('span', { class: 'badge ok' }, t('ds.upheldTo', answerText(item, d.inspectorAnswer), answerText(item, d.correctedAnswer)))
          : h('span', { class: 'badge critical' }, t('ds.rejectedKeeps', answerText(item, d.inspectorAnswer)));
      return h('li', { dataset: { item: d.itemId, upheld: d.upheld == null ? 'open' : String(d.upheld) } },
        h('strong', {}, item?.text ?? d.itemId), ' ', verdict, h('br'), t('ds.agentReason', d.reason),
        d.comment ? [h('br'), t('ds.leadNote', d.comment)] : null);
    })));
}
