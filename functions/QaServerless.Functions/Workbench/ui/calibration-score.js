// A participant scores one call of a calibration session: the recording and the masked transcript beside the card
// (the evaluation page's player, recording.js), their saved answers shown again, and how many calls are done.
// Blind: no AI suggestions here and nobody else's answers.
import { t, extend } from './i18n.js';
import { h, render, showProblem, clearProblem, toast, clearFields, markField } from './dom.js';
import { pageShortcuts } from './shortcuts.js';
import { liveScore } from './scoring.js';
import { answerBlocks, answerByKey } from './answer-blocks.js';
import { calibrationApi, scorecardsApi } from './routes.js';
import { loadRecording, recordingPanels } from './recording.js';
import { myId } from './calibration.js';

extend({
  'cal.scoreCall': ['校准评分 · 通话 {0}', 'Calibration · call {0}'], 'cal.saveScore': ['保存评分', 'Save my score'],
  'cal.saved': ['已保存通话 {0} 的评分：{1}', 'Saved your score of call {0}: {1}'], 'cal.savedScore': ['已保存的得分：{0}', 'Saved score: {0}'],
  'cal.notSaved': ['尚未保存', 'Not saved yet'], 'cal.back': ['返回场次', 'Back to the session'], 'cal.nextCall': ['下一通', 'Next call'],
  'cal.unanswered': ['请评这一项。', 'Answer this item.'], 'cal.callOf': ['第 {0} / {1} 通', 'Call {0} of {1}'],
  'cal.sc.answer': ['当前项：是 / 否 / 不适用 / 分值（然后下一项）', 'Current item: yes / no / N/A / points (then the next)'],
  'cal.sc.save': ['保存并去下一通', 'Save and go to the next call'],
});

const c = encodeURIComponent;

export async function scoreCallPage(me, center, sessionId, callId) {
  const view = await calibrationApi.session(center, sessionId);
  const session = view.session;
  const [card, scores, recording] = await Promise.all([
    scorecardsApi.version(center, session.scorecardId, session.scorecardVersion),
    calibrationApi.scores(center, sessionId),
    loadRecording(center, callId)]);
  const mine = new Map(scores.filter(s => s.participantId.toLowerCase() === myId(me)).map(s => [s.callId, s]));
  const saved = mine.get(callId);
  const answers = new Map((saved?.answers ?? []).map(a => [a.itemId, a]));
  const items = card.sections.flatMap(s => s.items);
  const media = recordingPanels(recording);
  const index = session.callIds.indexOf(callId);
  const open = session.status === 'Open';

  const live = h('p', { id: 'cal-live', 'aria-live': 'polite' });
  const showLive = () => {
    const result = liveScore(card, answers);
    live.replaceChildren(answers.size ? h('strong', { class: `band-${result.band.toLowerCase()}` }, result.score.toFixed(2)) : '—', ' · ',
      saved ? t('cal.savedScore', Number(saved.score).toFixed(2)) : t('cal.notSaved'));
  };
  const blocks = answerBlocks(items, answers, { open, changed: () => showLive() });
  const form = h('form', { id: 'cal-score', 'aria-label': t('cal.scoreCall', callId), novalidate: true }, blocks,
    open ? h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'save-score', 'aria-keyshortcuts': 'Control+Enter' }, t('cal.saveScore'))) : null);
  const next = session.callIds.slice(index + 1).concat(session.callIds.slice(0, index)).find(id => !mine.has(id));
  const after = () => { location.hash = next ? `#/calibration/${c(center)}/${c(sessionId)}/${c(next)}` : `#/calibration/${c(center)}/${c(sessionId)}`; };

  let busy = false;
  async function save() {
    if (busy || !open) return;
    clearProblem();
    clearFields(form);
    const unanswered = blocks.filter(b => !answers.has(b.dataset.item));
    if (unanswered.length) { unanswered.forEach(b => markField(b.querySelector('input'), t('cal.unanswered'))); unanswered[0].querySelector('input').focus(); return; }
    busy = true;
    try {
      const result = await calibrationApi.score(center, sessionId, callId, [...answers.values()]);
      toast(t('cal.saved', callId, Number(result.score).toFixed(2)));
      after();
    } catch (e) { showProblem(e, form); } finally { busy = false; }
  }
  form.addEventListener('submit', e => { e.preventDefault(); save(); });

  const done = session.callIds.filter(id => mine.has(id)).length;
  render(h('h1', {}, t('cal.scoreCall', callId)),
    h('p', { class: 'muted' }, `${session.title} · ${t('cal.callOf', index + 1, session.callIds.length)} · `,
      h('span', { id: 'my-progress' }, t('cal.myProgress', done, session.callIds.length)), ' · ',
      h('a', { href: `#/calibration/${c(center)}/${c(sessionId)}`, id: 'back' }, t('cal.back'))),
    h('div', { class: 'split' },
      h('div', { class: 'side' }, media.playerPanel, media.transcriptPanel),
      h('div', {}, h('section', { class: 'panel' }, live, form))));
  showLive();
  const first = blocks.find(b => !answers.has(b.dataset.item)) ?? blocks[0];
  (first?.querySelector('input:checked') ?? first?.querySelector('input'))?.focus();

  // Keys: the player's, and y / n / a / digits answer the item that has the focus, then move to the next item.
  pageShortcuts.set([...media.shortcuts, ['y / n / a / 0-9', t('cal.sc.answer')], ['Ctrl+Enter', t('cal.sc.save')]], (e, typing) => {
    if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') { save(); return true; }
    if (typing && !e.target.matches?.('input[type=radio]')) return false;
    if (e.ctrlKey || e.metaKey || e.altKey) return false;
    return answerByKey(blocks, items, e.key, form.querySelector('button')) || media.handleKey(e.key);
  });
}
