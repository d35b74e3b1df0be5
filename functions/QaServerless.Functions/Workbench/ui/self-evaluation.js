// The agent's self-evaluations (docs/self-evaluation.md): the list (open ones first) with the month's own gaps, and one
// call scored on the same scorecard version the inspector uses — the recording and masked transcript beside the card
// (recording.js), the live score (scoring.js), save (Ctrl+S) and submit (Ctrl+Enter, final). The inspector's answers
// are never here: they show on the evaluation page once it is released.
import { t, extend, lang, has } from './i18n.js';
import { h, field, render, showProblem, clearProblem, toast, markField, clearFields, confirmDialog } from './dom.js';
import { pageShortcuts } from './shortcuts.js';
import { liveScore } from './scoring.js';
import { answerBlocks, answerByKey } from './answer-blocks.js';
import { scorecardsApi } from './routes.js';
import { loadRecording, recordingPanels } from './recording.js';
import { selfApi } from './self-api.js';
import { selfGapSection } from './self-compare.js';

extend({
  'nav.self': ['我的自评', 'My self-evaluations'], 'self.title': ['我的自评', 'My self-evaluations'],
  'self.intro': ['质检抽中的部分通话请你先按同一评分表自评；质检结果发布后可对比双方的评分。', 'Some sampled calls ask you to score yourself on the same scorecard first; once the inspector\'s evaluation is released you see both side by side.'],
  'self.call': ['通话', 'Call'], 'self.asked': ['请求时间', 'Asked'], 'self.state': ['状态', 'State'], 'self.score': ['自评得分', 'Own score'], 'self.open': ['去自评', 'Self-evaluate'],
  'self.view': ['查看', 'View'], 'self.none': ['目前没有请你自评的通话。', 'No calls to self-evaluate.'],
  'self.status.Open': ['待自评', 'Open'], 'self.status.Submitted': ['已提交', 'Submitted'], 'self.status.Missed': ['未提交（已发布）', 'Missed (released)'],
  'self.closed': ['已关闭', 'closed'],
  'self.callTitle': ['自评 · 通话 {0}', 'Self-evaluation · call {0}'],
  'self.meta': ['评分表 {0} v{1} · {2}', 'Scorecard {0} v{1} · {2}'],
  'self.hidden': ['质检员的评分在发布前不会显示；你的自评在质检员提交前也不会给质检员看。', 'The inspector\'s answers are not shown before release; the inspector does not see yours before submitting theirs.'],
  'self.note': ['备注（可选：你会怎么改进）', 'Note (optional: what you would do differently)'],
  'self.save': ['保存', 'Save'], 'self.submit': ['提交自评', 'Submit'], 'self.saved': ['已保存（版本 {0}）', 'Saved (version {0})'],
  'self.submitted': ['已提交：{0}', 'Submitted: {0}'], 'self.confirm': ['提交后不能再修改。确认提交？自评得分 {0}。', 'Once submitted it cannot change. Submit? Own score {0}.'],
  'self.confirmYes': ['提交', 'Submit'], 'self.cancel': ['取消', 'Cancel'], 'self.unanswered': ['请评这一项。', 'Answer this item.'],
  'self.toEvaluation': ['查看已发布的评估与对比', 'See the released evaluation and the comparison'], 'self.back': ['返回我的自评', 'Back to my self-evaluations'],
  'self.history': ['版本记录', 'History'], 'self.h.version': ['版本', 'Version'], 'self.h.status': ['状态', 'Status'], 'self.h.at': ['时间', 'When'], 'self.h.why': ['原因', 'Why'],
  'self.reason.asked at assignment': ['分配时请求', 'asked at assignment'], 'self.reason.answers saved': ['已保存', 'answers saved'],
  'self.reason.submitted': ['已提交', 'submitted'], 'self.reason.closed at release': ['发布时关闭', 'closed at release'],
  'self.reason.missed: released before submission': ['未提交：质检结果已发布', 'missed: released before submission'],
  'self.sc.answer': ['当前项：是 / 否 / 不适用 / 分值（然后下一项）', 'Current item: yes / no / N/A / points (then the next)'],
  'self.sc.save': ['保存', 'Save'], 'self.sc.submit': ['提交自评', 'Submit'],
  'problem.self-evaluation.closed': ['质检结果已发布：自评已关闭，不能再修改。', 'The inspector\'s evaluation is released: this self-evaluation is closed.'],
  'problem.self-evaluation.submitted': ['自评已提交，不能再修改。', 'This self-evaluation is submitted: it no longer changes.'],
  'problem.self-evaluation.forbidden': ['只有通话的座席本人可以自评。', 'Only the agent of the call answers their self-evaluation.'],
  // The inbox words each kind; this one is the self-evaluation's (inbox.js reads nb.k.{kind}).
  'nb.k.SelfEvaluationRequested': ['请为通话 {callId} 自评（质检结果发布前提交）', 'Please self-evaluate call {callId} (submit before the inspector\'s evaluation is released)'],
});

const c = encodeURIComponent;
const centerOf = me => me.centers.find(x => x !== '*') ?? '';
const when = iso => (iso ? new Date(iso).toLocaleString(lang, { dateStyle: 'short', timeStyle: 'short' }) : '—');
const stateOf = s => [t(`self.status.${s.status}`), s.closedAt && s.status !== 'Missed' ? ` · ${t('self.closed')}` : ''];

/** Route #/self, #/self/{center} (the list) or #/self/{center}/{callId} (one call). */
export async function selfPage(me, centerParam, callId) {
  const center = centerParam || centerOf(me);
  if (callId) return selfCallPage(me, center, callId);
  const list = await selfApi.mine(center);
  const first = list[0];
  const card = first ? await scorecardsApi.version(center, first.scorecardId, first.scorecardVersion).catch(() => null) : null;
  const texts = Object.fromEntries((card?.sections ?? []).flatMap(s => s.items).map(i => [i.itemId, i.text]));
  const rows = list.map(s => h('tr', { dataset: { call: s.callId, status: s.status } },
    h('td', {}, h('a', { href: `#/self/${c(center)}/${c(s.callId)}`, class: 'open' }, s.callId)), h('td', {}, when(s.requestedAt)),
    h('td', {}, stateOf(s)), h('td', { class: 'num' }, s.result && s.status === 'Submitted' ? Number(s.result.score).toFixed(2) : '—'),
    h('td', {}, h('a', { href: `#/self/${c(center)}/${c(s.callId)}` }, t(s.status === 'Open' && !s.closedAt ? 'self.open' : 'self.view')))));
  render(h('h1', {}, t('self.title')), h('p', { class: 'muted' }, t('self.intro')),
    list.length ? h('table', { id: 'self-list' }, h('thead', {}, h('tr', {}, ['self.call', 'self.asked', 'self.state', 'self.score', 'self.open'].map(k => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, rows)) : h('p', { class: 'panel', id: 'self-none' }, t('self.none')),
    selfGapSection(center, null, 'agent', texts));
  const focus = document.querySelector('#self-list tr[data-status=Open] a.open') ?? document.querySelector('#self-list a.open');
  focus?.setAttribute('autofocus', '');
  focus?.focus();
}

async function selfCallPage(me, center, callId) {
  const self = await selfApi.get(center, callId);
  const [card, recording, versions] = await Promise.all([
    scorecardsApi.version(center, self.scorecardId, self.scorecardVersion), loadRecording(center, callId), selfApi.versions(center, callId)]);
  let current = self;
  const open = self.status === 'Open' && !self.closedAt;
  const answers = new Map((self.answers ?? []).map(a => [a.itemId, a]));
  const items = card.sections.flatMap(s => s.items);
  const media = recordingPanels(recording);

  const live = h('p', { id: 'self-live', 'aria-live': 'polite' });
  const showLive = () => {
    const r = liveScore(card, answers);
    live.replaceChildren(t('self.score'), ': ', answers.size ? h('strong', { class: `band-${r.band.toLowerCase()}` }, r.score.toFixed(2)) : '—',
      has(`ev.band.${r.band}`) && answers.size ? ` · ${t(`ev.band.${r.band}`)}` : '', ' · ', t('ev.answered', answers.size, items.length));
  };
  const blocks = answerBlocks(items, answers, { open, changed: () => showLive() });
  const note = h('textarea', { name: 'note', id: 'self-note', rows: 2, disabled: !open, dataset: { field: 'note' } }, self.note ?? '');
  const form = h('form', { id: 'self-form', 'aria-label': t('self.callTitle', callId), novalidate: true }, blocks, field(t('self.note'), note),
    open ? h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', id: 'self-save', 'aria-keyshortcuts': 'Control+S', onclick: () => save() }, t('self.save')),
      h('button', { type: 'submit', id: 'self-submit', 'aria-keyshortcuts': 'Control+Enter' }, t('self.submit'))) : null);

  let busy = false;
  const body = () => ({ answers: [...answers.values()], note: note.value || null });
  async function save() {
    if (busy || !open) return;
    clearProblem();
    busy = true;
    try { current = await selfApi.saveDraft(center, current, body()); toast(t('self.saved', current.version)); } catch (e) { showProblem(e, form); } finally { busy = false; }
  }
  async function submit() {
    if (busy || !open) return;
    clearProblem();
    clearFields(form);
    const unanswered = blocks.filter(b => !answers.has(b.dataset.item));
    if (unanswered.length) { unanswered.forEach(b => markField(b.querySelector('input'), t('self.unanswered'))); unanswered[0].querySelector('input').focus(); return; }
    if (!await confirmDialog(t('self.confirm', liveScore(card, answers).score.toFixed(2)), t('self.confirmYes'), t('self.cancel'))) return;
    busy = true;
    try {
      current = await selfApi.saveDraft(center, current, body());
      current = await selfApi.submit(center, current);
      toast(t('self.submitted', callId));
      location.hash = `#/self/${c(center)}`;
    } catch (e) { showProblem(e, form); } finally { busy = false; }
  }
  form.addEventListener('submit', e => { e.preventDefault(); submit(); });

  render(h('h1', {}, t('self.callTitle', callId)),
    h('p', { class: 'muted' }, t('self.meta', self.scorecardId, self.scorecardVersion, stateOf(self).join('')), ' · ', h('a', { href: `#/self/${c(center)}`, id: 'self-back' }, t('self.back'))),
    h('p', { class: 'panel', id: 'self-hidden' }, t('self.hidden')),
    self.evaluationId ? h('p', {}, h('a', { href: `#/evaluation/${c(center)}/${c(self.evaluationId)}`, id: 'self-to-evaluation', autofocus: true }, t('self.toEvaluation'))) : null,
    h('div', { class: 'split' },
      h('div', { class: 'side' }, media.playerPanel, media.transcriptPanel, historyPanel(versions)),
      h('div', {}, h('section', { class: 'panel' }, live, form))));
  showLive();
  const firstOpen = blocks.find(b => !answers.has(b.dataset.item)) ?? blocks[0];
  if (open) (firstOpen?.querySelector('input:checked') ?? firstOpen?.querySelector('input'))?.focus();
  else document.getElementById('self-to-evaluation')?.focus();

  // Keys: the player's; y / n / a / digits answer the focused item, then the next one has the focus.
  pageShortcuts.set([...media.shortcuts, ['y / n / a / 0-9', t('self.sc.answer')], ['Ctrl+S', t('self.sc.save')], ['Ctrl+Enter', t('self.sc.submit')]], (e, typing) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') { save(); return true; }
    if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') { submit(); return true; }
    if (typing && !e.target.matches?.('input[type=radio]')) return false;
    if (e.ctrlKey || e.metaKey || e.altKey) return false;
    return answerByKey(blocks, items, e.key, note) || media.handleKey(e.key);
  });
}

/** Every version, newest first: asked, saved, submitted, closed. */
function historyPanel(versions) {
  const rows = [...(versions ?? [])].sort((a, b) => b.version - a.version);
  if (!rows.length) return null;
  return h('div', { class: 'panel', id: 'self-history' }, h('h2', {}, t('self.history')),
    h('table', {}, h('thead', {}, h('tr', {}, ['self.h.version', 'self.h.status', 'self.h.at', 'self.h.why'].map(k => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, rows.map(v => h('tr', {}, h('td', { class: 'num' }, `v${v.version}`), h('td', {}, t(`self.status.${v.status}`)),
        h('td', {}, when(v.changedAt)), h('td', {}, has(`self.reason.${v.reason}`) ? t(`self.reason.${v.reason}`) : v.reason ?? ''))))));
}
