// One evaluation, for everyone who may see it. The inspector scores (audio through the short-lived read link,
// transcript lines that seek, the scorecard by sections with N/A, critical and warning marked, problem records stamped
// at the playback time, live score and band, save draft, submit, release); the agent acknowledges or appeals; the QA
// lead decides an appeal (upheld: corrects the answers); supervisors and leads plan coaching. Press "?" for the keys.
import { t, extend, lang, has } from './i18n.js';
import { h, field, render, showProblem, clearProblem, toast, checkRequired, clearFields, confirmDialog } from './dom.js';
import { pageShortcuts } from './shortcuts.js';
import { liveScore, possibleOf, choicesOf } from './scoring.js';
import { evaluationsApi, scorecardsApi, nextWorklistCall } from './routes.js';
import { loadRecording, recordingPanels } from './recording.js';
import { peopleOf, nameText } from './people.js';
import { suggestionsByItem, choiceOf, suggestionBox, analysisPanel, firstEvidenceAt } from './ai.js';
import { disputeDraft, itemDecisionForm, appealOutcome, isItemised, statusText } from './dispute.js';
import { channelName } from './conversation.js';
import { threadPanel } from './thread.js';
import { fillSelfComparison } from './self-compare.js';

extend({
  'ev.title': ['评估 · 通话 {0}', 'Evaluation · call {0}'], 'ev.titleText': ['评估 · {1}会话 {0}', 'Evaluation · {1} conversation {0}'],
  'ev.addProblemText': ['添加问题（所选消息）', 'Add a problem (at the selected message)'], 'sc.problemText': ['在所选消息添加问题', 'Add a problem at the selected message'],
  'ev.score': ['得分', 'Score'], 'ev.liveScore': ['当前得分（实时）', 'Score so far (live)'],
  'ev.band.Excellent': ['优秀', 'Excellent'], 'ev.band.Good': ['良好', 'Good'], 'ev.band.Pass': ['合格', 'Pass'], 'ev.band.Fail': ['不合格', 'Fail'],
  'ev.critical': ['致命', 'critical'], 'ev.warning': ['警告项', 'warning'], 'ev.naAllowed': ['可 N/A', 'N/A allowed'], 'ev.weight': ['权重 {0}', 'weight {0}'],
  'ev.yes': ['是', 'Yes'], 'ev.no': ['否', 'No'], 'ev.na': ['不适用', 'N/A'], 'ev.points': ['{0} 分', '{0} pts'],
  'ev.missing': ['还有 {0} 项未评', '{0} items to go'], 'ev.criticalCount': ['致命错误 {0}', 'Critical errors {0}'], 'ev.warningCount': ['警告 {0}', 'Warnings {0}'],
  'ev.problems': ['问题记录', 'Problem records'], 'ev.addProblem': ['添加问题（当前播放时间）', 'Add a problem (at the playback time)'],
  'ev.description': ['问题描述', 'Description'], 'ev.class': ['问题等级', 'Class'], 'ev.item': ['所属项目', 'Item'], 'ev.moment': ['时间点', 'Moment'],
  'ev.class.Common': ['常见', 'Common'], 'ev.class.Typical': ['典型', 'Typical'], 'ev.class.Serious': ['严重', 'Serious'],
  'ev.add': ['添加', 'Add'], 'ev.remove': ['删除', 'Remove'], 'ev.save': ['保存草稿', 'Save draft'], 'ev.submit': ['提交', 'Submit'], 'ev.release': ['发布给座席', 'Release to the agent'],
  'ev.saved': ['草稿已保存', 'Draft saved'], 'ev.done': ['已完成：{0}', 'Done: {0}'], 'ev.noProblems': ['尚无问题记录。', 'No problem records yet.'],
  'ev.seekTo': ['跳到 {0}', 'Seek to {0}'], 'ev.agent': ['座席 {0} · 班组 {1} · 质检员 {2} · 标准 {3} v{4}', 'Agent {0} · team {1} · inspector {2} · scorecard {3} v{4}'],
  'ev.status.Draft': ['草稿', 'Draft'], 'ev.status.Submitted': ['已提交', 'Submitted'], 'ev.status.Released': ['已发布', 'Released'],
  'ev.status.Acknowledged': ['已确认', 'Acknowledged'], 'ev.status.Appealed': ['申诉中', 'Appealed'], 'ev.status.AppealUpheld': ['申诉成立（已更正）', 'Appeal upheld (corrected)'],
  'ev.status.AppealRejected': ['申诉驳回', 'Appeal rejected'],
  'ev.acknowledge': ['确认结果', 'Acknowledge'], 'ev.appeal': ['提出申诉', 'Appeal'], 'ev.appealComment': ['申诉理由', 'Why you appeal'],
  'ev.appealBy': ['申诉截止 {0}', 'Appeal by {0}'], 'ev.appealText': ['座席申诉：{0}', 'Agent\'s appeal: {0}'],
  'ev.decision': ['申诉裁定', 'Decide the appeal'], 'ev.decisionComment': ['裁定说明', 'Decision note'], 'ev.uphold': ['申诉成立（按当前答案更正）', 'Uphold (correct to the answers above)'],
  'ev.reject': ['驳回申诉', 'Reject'], 'ev.decided': ['裁定：{0}（{1}）', 'Decision: {0} ({1})'],
  'ev.corrected': ['原得分 {0} → 更正后 {1}', 'Original score {0} → corrected {1}'],
  'ev.coaching': ['辅导跟进', 'Coaching'], 'ev.coachAction': ['辅导措施', 'Action'], 'ev.coachOwner': ['负责人', 'Owner'], 'ev.coachDate': ['跟进日期', 'Follow up on'],
  'ev.addCoaching': ['添加辅导', 'Add coaching'], 'ev.outcome': ['跟进结果', 'Outcome'], 'ev.improved': ['已改进', 'Improved'], 'ev.recordOutcome': ['记录结果', 'Record the outcome'],
  'ev.noCoaching': ['暂无辅导。', 'No coaching yet.'], 'ev.history': ['版本记录', 'History'],
  'ev.h.version': ['版本', 'Version'], 'ev.h.status': ['状态', 'Status'], 'ev.h.by': ['修改人', 'By'], 'ev.h.at': ['时间', 'When'], 'ev.h.why': ['原因', 'Why'],
  'ev.lost': ['未达标（得 {0} / {1} 分）', 'Missed (earned {0} of {1})'], 'ev.warned': ['警告', 'Warning'],
  'sc.answer': ['当前项：是 / 否 / 不适用 / 分值', 'Current item: yes / no / N/A / points'], 'sc.item': ['上一项 / 下一项', 'Previous / next item'],
  'sc.problem': ['在当前时间添加问题', 'Add a problem at the current time'],
  'ev.answered': ['已评 {0} / {1} 项', '{0} of {1} items answered'], 'ev.noScoreYet': ['尚无得分：先评一项', 'No score yet: answer an item'],
  'ev.confirmRelease': ['发布后座席即可看到结果，确认发布？得分 {0}（{1}）。', 'Once released the agent sees it. Release? Score {0} ({1}).'],
  'ev.confirmCritical': ['此评估有 {0} 个致命错误，得分 {1}（不合格）。确认发布给座席？', 'This evaluation has {0} critical error(s), score {1} (Fail). Release it to the agent?'],
  'ev.confirm': ['确认发布', 'Release'], 'ev.cancel': ['取消', 'Cancel'], 'ev.nextCall': ['下一通：{0}', 'Next call: {0}'], 'ev.backToWorklist': ['返回今日任务', 'Back to the worklist'],
  'ev.stamp': ['取当前播放时间', 'Take the playback time'], 'ev.momentFormat': ['格式 分:秒，如 01:25', 'as mm:ss, e.g. 01:25'],
  'ev.reason.draft saved': ['保存草稿', 'draft saved'], 'ev.reason.submitted': ['提交', 'submitted'], 'ev.reason.released': ['发布', 'released'],
  'ev.reason.started from assignment': ['按分配开始', 'started from assignment'], 'ev.reason.started by a QA lead': ['质检主管开始', 'started by a QA lead'],
  'ev.reason.acknowledged by the agent': ['座席已确认', 'acknowledged by the agent'], 'ev.reason.appealed by the agent': ['座席申诉', 'appealed by the agent'],
  'ev.reason.appeal upheld: corrected': ['申诉成立：已更正', 'appeal upheld: corrected'], 'ev.reason.appeal rejected': ['申诉驳回', 'appeal rejected'],
  'ev.reason.coaching planned': ['已安排辅导', 'coaching planned'], 'ev.reason.coaching followed up': ['辅导已跟进', 'coaching followed up'],
  'problem.field.validation.action': ['请填写辅导措施。', 'Say what the coaching action is.'], 'problem.field.validation.owner': ['请填写负责人。', 'Somebody must own the action.'],
  'problem.field.validation.followUpOn': ['请选择今天或以后的跟进日期。', 'Pick a follow-up date, today or later.'],
  'problem.field.validation.comment': ['请填写说明。', 'Add a comment.'], 'problem.field.validation.outcome': ['请填写跟进结果。', 'Say how the follow-up went.'], 'sc.save': ['保存草稿', 'Save draft'], 'sc.submit': ['提交 / 发布', 'Submit / release'],
});

const c = encodeURIComponent;

/** An answer in words: yes, no, N/A or its points. */
export const choiceLabel = (item, choice) => (choice.na ? t('ev.na') : item.answerType === 'Scale' ? t('ev.points', choice.points) : t(choice.points ? 'ev.yes' : 'ev.no'));

/** Route #/evaluate/{center}/{callId}: the inspector's evaluation of a call from the worklist (started on first open). */
export async function evaluatePage(me, center, callId) {
  const evaluation = await evaluationsApi.openForCall(center, callId);
  history.replaceState(null, '', `#/evaluation/${c(center)}/${c(evaluation.evaluationId)}`);
  await showEvaluation(me, center, evaluation);
}

/** Route #/evaluation/{center}/{evaluationId}. */
export async function evaluationPage(me, center, id) {
  await showEvaluation(me, center, await evaluationsApi.get(center, id));
}

async function showEvaluation(me, center, evaluation) {
  const card = await scorecardsApi.version(center, evaluation.scorecardId, evaluation.scorecardVersion);
  // Scorers get the whole analysis (suggestions, tags); everyone else who may see the call only its transcript.
  const scorerRole = me.roles.some(r => ['inspector', 'qa-lead', 'admin'].includes(r));
  const [recording, versions, people] = await Promise.all([
    loadRecording(center, evaluation.callId, { analysis: scorerRole }),
    evaluationsApi.versions(center, evaluation.evaluationId).catch(() => []), peopleOf(me, center)]);
  const { analysis } = recording;
  const suggestions = suggestionsByItem(analysis);
  const rerender = async (next, done) => { toast(t('ev.done', done)); await showEvaluation(me, center, next); };

  const lead = me.roles.some(r => r === 'qa-lead' || r === 'admin');
  const inspector = me.roles.includes('inspector') && me.personId === evaluation.inspectorId;
  const agent = me.roles.includes('agent') && me.personId === evaluation.agentId;
  const supervisor = me.roles.includes('supervisor') && me.teams.includes(evaluation.team);
  const mayScore = lead || inspector;
  const status = evaluation.status;
  const scoring = status === 'Draft' && mayScore;
  // An item-level appeal is decided per item (dispute.js); the whole-evaluation one by correcting the card here.
  const deciding = status === 'Appealed' && lead && !isItemised(evaluation);
  const decidingItems = status === 'Appealed' && lead && isItemised(evaluation);
  const editable = scoring || deciding;
  const released = !['Draft', 'Submitted'].includes(status);

  const state = {
    answers: new Map((evaluation.answers ?? []).map(a => [a.itemId, a])),
    problems: (evaluation.problems ?? []).map(p => ({ itemId: p.itemId, description: p.description, atSecond: p.atSecond, class: p.class,
      ...(p.messageId ? { messageId: p.messageId } : {}) })),
    current: 0,
  };
  const items = card.sections.flatMap(s => s.items);
  const dispute = agent && status === 'Released' ? disputeDraft(items) : null;

  // The player (the browser streams the recording from storage through the short-lived link), or a text conversation's thread.
  const media = recordingPanels(recording);
  const { hear, where } = media;

  // The scorecard: a fieldset per item, a radio per answer; the answer keys act on the current item.
  const scoreBox = h('div', { class: 'panel', 'aria-live': 'polite', id: 'live-score' });
  const itemBlocks = items.map((item, index) => {
    const name = `item-${item.itemId}`;
    const choices = choicesOf(item).map(choice => ({ ...choice, label: choiceLabel(item, choice) }));
    const saved = state.answers.get(item.itemId);
    const radios = choices.map(choice => {
      const input = h('input', { type: 'radio', name, value: choice.na ? 'na' : choice.points, disabled: !editable,
        checked: !!saved && (choice.na ? !!saved.notApplicable : !saved.notApplicable && saved.points === choice.points) });
      input.addEventListener('change', () => answer(index, choice));
      input.addEventListener('focus', () => setCurrent(index, false));
      return h('label', {}, input, choice.label, editable ? [' ', h('kbd', { 'aria-hidden': 'true' }, choice.key)] : null);
    });
    const suggestion = suggestions.get(item.itemId);
    const acceptable = suggestion && editable && choiceOf(item, suggestion);
    // Released: the items that lost points (or a warning that fired) stand out, so the agent sees what to work on.
    const lost = released && !editable && saved && !saved.notApplicable && saved.points != null && saved.points < possibleOf(item);
    return h('fieldset', { class: lost ? 'item failed' : 'item', dataset: { index, item: item.itemId } },
      h('legend', {}, item.text, ' ',
        lost ? [h('span', { class: 'badge critical lost' }, t(item.warning ? 'ev.warned' : 'ev.lost', saved.points, possibleOf(item))), ' '] : null,
        item.critical ? h('span', { class: 'badge critical' }, `${t('ev.critical')} · ${item.critical}`) : null, ' ',
        item.warning ? h('span', { class: 'badge warning' }, t('ev.warning')) : null, ' ',
        item.notApplicableAllowed ? h('span', { class: 'badge na' }, t('ev.naAllowed')) : null, ' ',
        item.warning ? null : h('span', { class: 'muted' }, t('ev.weight', item.weight))),
      item.guidance ? h('p', { class: 'muted' }, item.guidance) : null,
      h('div', { class: 'answers' }, radios),
      dispute?.control(item),
      suggestion ? suggestionBox(suggestion, { hear, accept: acceptable ? () => acceptSuggestion(index) : null }) : null);
  });
  const sections = card.sections.map(section => h('section', { class: 'panel' }, h('h2', {}, section.title),
    section.items.map(i => itemBlocks[items.indexOf(i)])));

  function setCurrent(index, focus = true) {
    state.current = Math.max(0, Math.min(items.length - 1, index));
    itemBlocks.forEach((b, i) => b.classList.toggle('current', i === state.current));
    if (focus) {
      const block = itemBlocks[state.current];
      (block.querySelector('input:checked') ?? block.querySelector('input'))?.focus();
      block.scrollIntoView({ block: 'nearest' });
    }
  }
  function answer(index, choice, advance = false) {
    if (!editable) return;
    const item = items[index];
    state.answers.set(item.itemId, choice.na ? { itemId: item.itemId, points: null, notApplicable: true } : { itemId: item.itemId, points: choice.points, notApplicable: false });
    const value = choice.na ? 'na' : String(choice.points);
    itemBlocks[index].querySelectorAll('input').forEach(r => { r.checked = r.value === value; });
    updateScore();
    if (advance) setCurrent(index + 1);
  }
  /** The inspector takes the AI's answer for an item: only now does it become the human answer. */
  function acceptSuggestion(index) {
    const suggestion = suggestions.get(items[index].itemId);
    const choice = suggestion && choiceOf(items[index], suggestion);
    if (!editable || !choice) return false;
    answer(index, choice, true);
    return true;
  }
  function updateScore() {
    const live = editable ? liveScore(card, state.answers) : null;
    const result = live ?? evaluation.result ?? liveScore(card, state.answers);
    // Nothing answered yet: no score to show (an empty card is not 100 "Excellent").
    const answered = items.filter(i => state.answers.has(i.itemId)).length;
    const unscored = editable && answered === 0;
    const score = Number(result.score);
    const critical = live ? live.critical.length : (evaluation.result?.criticalItemIds?.length ?? 0);
    const warnings = live ? live.warnings.length : (evaluation.result?.warningItemIds?.length ?? 0);
    scoreBox.replaceChildren(...[
      h('div', { class: 'muted' }, editable ? t('ev.liveScore') : t('ev.score')),
      unscored ? h('div', { class: 'score', id: 'score-value', title: t('ev.noScoreYet') }, '—', ' ', h('span', { class: 'band', id: 'band' }, t('ev.noScoreYet')))
        : h('div', { class: `score band-${String(result.band).toLowerCase()}`, id: 'score-value' }, score.toFixed(2), ' ',
          h('span', { class: 'band', id: 'band' }, t(`ev.band.${result.band}`))),
      editable ? h('div', { class: 'muted', id: 'answered' }, t('ev.answered', answered, items.length)) : null,
      evaluation.originalResult && !editable
        ? h('p', { id: 'corrected' }, t('ev.corrected', Number(evaluation.originalResult.score).toFixed(2), score.toFixed(2))) : null,
      h('div', { class: 'row' },
        h('span', { class: 'badge critical' }, t('ev.criticalCount', critical)),
        h('span', { class: 'badge warning' }, t('ev.warningCount', warnings)),
        live?.missing.length ? h('span', { class: 'badge na' }, t('ev.missing', live.missing.length)) : null),
      h('p', { id: 'status' }, h('strong', {}, statusText(evaluation)),
        evaluation.appealDeadline && status === 'Released' ? ` · ${t('ev.appealBy', new Date(evaluation.appealDeadline).toLocaleString(lang))}` : '')].filter(Boolean));
  }

  // Problem records: stamped at the playback time (or the selected message) when the form opens, so it is where the inspector found it.
  const problemList = h('ul', { id: 'problems' });
  const description = h('input', { name: 'description', autocomplete: 'off', required: true });
  const problemClass = h('select', { name: 'class' }, ['Common', 'Typical', 'Serious'].map(x => h('option', { value: x }, t(`ev.class.${x}`))));
  const problemItem = h('select', { name: 'itemId' }, items.map(i => h('option', { value: i.itemId }, i.text)));
  const addLabel = t(media.thread ? 'ev.addProblemText' : 'ev.addProblem');
  const problemForm = h('form', { class: 'panel', hidden: true, id: 'problem-form', novalidate: true, 'aria-label': addLabel },
    h('div', { class: 'row' }, ...where.controls, field(t('ev.item'), problemItem), field(t('ev.class'), problemClass)),
    field(t('ev.description'), description),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('ev.add'))));
  function openProblem() {
    if (!editable) return;
    where.open();
    problemItem.value = items[state.current].itemId;
    problemForm.hidden = false;
    clearFields(problemForm);
    description.value = '';
    description.focus();
  }
  problemForm.addEventListener('submit', e => {
    e.preventDefault();
    if (!checkRequired(problemForm)) return;
    const at = where.read();
    if (!at) return;
    state.problems.push({ itemId: problemItem.value, description: description.value.trim(), class: problemClass.value, ...at });
    problemForm.hidden = true;
    renderProblems();
    setCurrent(state.current);
  });
  problemForm.addEventListener('keydown', e => { if (e.key === 'Escape') { problemForm.hidden = true; setCurrent(state.current); } });
  function renderProblems() {
    problemList.replaceChildren(...(state.problems.length ? state.problems.map((p, i) => h('li', {},
      h('button', { type: 'button', class: 'ghost at', 'aria-label': where.goLabel(p), onclick: () => where.go(p) }, where.label(p)), ' ',
      h('span', { class: `badge ${p.class === 'Serious' ? 'critical' : p.class === 'Typical' ? 'warning' : 'na'}` }, t(`ev.class.${p.class}`)), ' ',
      `${items.find(x => x.itemId === p.itemId)?.text ?? p.itemId}: ${p.description} `,
      editable ? h('button', { type: 'button', class: 'secondary', onclick: () => { state.problems.splice(i, 1); renderProblems(); } }, t('ev.remove')) : null))
      : [h('li', { class: 'muted' }, t('ev.noProblems'))]));
  }

  // Actions, by role and status. Each answers with the new version, which is shown at once.
  // busy: one action at a time (two quick Ctrl+Enter presses must not submit and then release unseen).
  let busy = false;
  const run = async (label, work, scope = actionsBox, after) => {
    if (busy) return;
    busy = true;
    clearProblem();
    try { const next = await work(); if (next) { await rerender(next, label); after?.(next); } } catch (e) { showMissing(e); showProblem(e, scope); } finally { busy = false; }
  };
  /** Unanswered items (the server's list) are marked on the card, and the first becomes the current item. */
  function showMissing(e) {
    const missing = e?.problem?.code === 'evaluation.items-missing' ? e.problem.missing ?? [] : [];
    itemBlocks.forEach(b => b.classList.toggle('missing', missing.includes(b.dataset.item)));
    const first = items.findIndex(i => missing.includes(i.itemId));
    if (first >= 0) setCurrent(first, false);
  }
  const draftBody = () => ({ answers: [...state.answers.values()], problems: state.problems });
  const saveDraft = async () => {
    clearProblem();
    try { evaluation = await evaluationsApi.saveDraft(center, evaluation, draftBody()); toast(t('ev.saved')); updateScore(); } catch (e) { showProblem(e, actionsBox); }
  };
  const submit = () => run(t('ev.submit'), async () => {
    // Keep the saved version: when the submit is refused (items open), the next try must send its ETag, not a stale one (412).
    evaluation = await evaluationsApi.saveDraft(center, evaluation, draftBody());
    return evaluationsApi.act(center, evaluation, 'submit', {});
  });
  // Releasing shows the result to the agent: it is confirmed, and a critical error is said out loud first.
  const release = () => run(t('ev.release'), async () => {
    const r = evaluation.result ?? {};
    const critical = r.criticalItemIds?.length ?? 0;
    const score = r.score == null ? '—' : Number(r.score).toFixed(2);
    const ok = await confirmDialog(critical ? t('ev.confirmCritical', critical, score) : t('ev.confirmRelease', score, has(`ev.band.${r.band}`) ? t(`ev.band.${r.band}`) : '—'),
      t('ev.confirm'), t('ev.cancel'), { safeDefault: critical > 0 });
    return ok ? evaluationsApi.act(center, evaluation, 'release', {}) : null;
  }, actionsBox, offerNextCall);
  /** After a release: the inspector's next call of the worklist, one key away. */
  async function offerNextCall() {
    const next = await nextWorklistCall(center, evaluation.callId).catch(() => null);
    const box = document.getElementById('next-call');
    if (!box) return;
    box.replaceChildren(next
      ? h('a', { class: 'button', id: 'next-call-link', href: `#/evaluate/${c(center)}/${c(next.callId)}` }, t('ev.nextCall', next.callId))
      : h('a', { class: 'button secondary', id: 'next-call-link', href: '#/worklist' }, t('ev.backToWorklist')));
    box.hidden = false;
    box.querySelector('a').focus();
  }

  const actionsBox = h('div', { id: 'actions' });
  const actions = [];
  let primary = null; // what Ctrl+Enter does here
  if (scoring) {
    actions.push(h('div', { class: 'actions' },
      h('button', { type: 'button', class: 'secondary', id: 'save', onclick: saveDraft, 'aria-keyshortcuts': 'Control+S' }, t('ev.save')),
      h('button', { type: 'button', id: 'submit', onclick: submit, 'aria-keyshortcuts': 'Control+Enter' }, t('ev.submit'))));
    primary = submit;
  }
  if (status === 'Submitted' && mayScore) {
    actions.push(h('div', { class: 'actions' }, h('button', { type: 'button', id: 'release', onclick: release, autofocus: true, 'aria-keyshortcuts': 'Control+Enter' }, t('ev.release'))));
    primary = release;
  }
  if (agent && status === 'Released') {
    // Ticked items (dispute.js) make an item-level appeal, the comment optional; none, the whole evaluation with a comment.
    const comment = h('textarea', { name: 'appealComment', id: 'appeal-comment', dataset: { field: 'comment' } });
    actions.push(h('div', { class: 'panel' },
      h('div', { class: 'actions' }, h('button', { type: 'button', id: 'acknowledge', autofocus: true,
        onclick: () => run(t('ev.acknowledge'), () => evaluationsApi.act(center, evaluation, 'acknowledge', {})) }, t('ev.acknowledge'))),
      h('form', { novalidate: true, onsubmit: e => { e.preventDefault(); const body = dispute.body(e.target, comment); if (body) run(t('ev.appeal'), () => evaluationsApi.act(center, evaluation, 'appeal', body), e.target); } },
        field(t('ds.comment'), comment), dispute.counter, h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'secondary', id: 'appeal' }, t('ev.appeal'))))));
  }
  if (evaluation.appeal) {
    const a = evaluation.appeal;
    actions.push(h('div', { class: 'panel', id: 'appeal-box' }, a.comment ? h('p', {}, t('ev.appealText', a.comment)) : null,
      isItemised(evaluation) ? appealOutcome(card, evaluation) : null,
      a.upheld == null ? null : h('p', {}, a.decisionComment ? t('ev.decided', statusText(evaluation), a.decisionComment) : t('ds.decidedNoNote', statusText(evaluation)))));
  }
  // The per-item decision sits above the card (the wide column), beside the items it decides.
  const itemDecision = decidingItems ? itemDecisionForm(card, evaluation, (body, form) => run(t('ev.decision'), () => evaluationsApi.act(center, evaluation, 'appeal/decision', body), form)) : null;
  if (deciding) {
    const note = h('textarea', { name: 'decisionComment', id: 'decision-comment', required: true, dataset: { field: 'comment' } });
    const decide = upheld => checkRequired(decisionForm) && run(t('ev.decision'), () => evaluationsApi.act(center, evaluation, 'appeal/decision',
      upheld ? { upheld, comment: note.value, ...draftBody() } : { upheld, comment: note.value }), decisionForm);
    const decisionForm = h('form', { class: 'panel', id: 'decision-form', 'aria-labelledby': 'decision-title', onsubmit: e => e.preventDefault() },
      h('h2', { id: 'decision-title' }, t('ev.decision')), field(t('ev.decisionComment'), note),
      h('div', { class: 'actions' },
        h('button', { type: 'button', id: 'uphold', onclick: () => decide(true) }, t('ev.uphold')),
        h('button', { type: 'button', id: 'reject', class: 'secondary', onclick: () => decide(false) }, t('ev.reject'))));
    actions.push(decisionForm);
  }
  if (released && (lead || supervisor)) actions.push(coachingPanel(center, evaluation, run));

  const selfBox = h('div', { id: 'self-comparison-box' });
  const who = h('p', { class: 'muted' }, t('ev.agent', nameText(people, evaluation.agentId), evaluation.team, nameText(people, evaluation.inspectorId), evaluation.scorecardId, evaluation.scorecardVersion));
  render(
    h('h1', {}, media.thread ? t('ev.titleText', evaluation.callId, channelName(recording.call?.channel ?? evaluation.channel ?? 'chat')) : t('ev.title', evaluation.callId)), who,
    h('div', { class: 'split' },
      h('div', { class: 'side' },
        media.playerPanel,
        scoreBox, actionsBox, h('div', { id: 'next-call', class: 'actions', hidden: true }),
        h('div', { class: 'panel' }, h('h2', {}, t('ev.problems')), problemList,
          editable ? h('button', { type: 'button', class: 'secondary', id: 'add-problem', onclick: openProblem, 'aria-keyshortcuts': 'e' }, addLabel) : null),
        problemForm,
        scorerRole ? analysisPanel(analysis, hear, { center, callId: evaluation.callId }) : null,
        media.transcriptPanel,
        historyPanel(versions, people)),
      h('div', {}, selfBox, itemDecision, sections, threadPanel(me, center, evaluation, { items, itemBlocks, people }))));
  actionsBox.replaceChildren(...actions);
  // After release: the agent's self-evaluation beside these answers, when the call had one (self-compare.js).
  if (released) fillSelfComparison(selfBox, center, evaluation, items); else selfBox.dataset.loaded = 'true';
  renderProblems();
  updateScore();
  if (editable) {
    const firstOpen = items.findIndex(i => !state.answers.has(i.itemId));
    setCurrent(firstOpen === -1 ? 0 : firstOpen);
  }

  pageShortcuts.set([
    ...media.shortcuts,
    ['y / n / a / 0-9', t('sc.answer')], ['j / k', t('sc.item')], ['i', t('sc.accept')], ['v', t('sc.evidence')], ['e', t(media.thread ? 'sc.problemText' : 'sc.problem')],
    ['Ctrl+S', t('sc.save')], ['Ctrl+Enter', t('sc.submit')],
  ], (e, typing) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's' && scoring) { saveDraft(); return true; }
    if ((e.ctrlKey || e.metaKey) && e.key === 'Enter' && primary) { primary(); return true; }
    if (typing || e.ctrlKey || e.metaKey || e.altKey) return false;
    if (media.handleKey(e.key)) return true;
    switch (e.key) {
      case 'v': {
        const suggestion = suggestions.get(items[state.current].itemId);
        const at = firstEvidenceAt(suggestion);
        if (at == null) return false;
        hear(at, suggestion.evidence[0].segment);
        return true;
      }
    }
    if (!editable) return false;
    const item = items[state.current];
    switch (e.key) {
      case 'j': setCurrent(state.current + 1); return true;
      case 'k': setCurrent(state.current - 1); return true;
      case 'e': openProblem(); return true;
      case 'i': return acceptSuggestion(state.current);
      case 'y': if (item.answerType !== 'Scale') { answer(state.current, { points: 1 }, true); return true; } return false;
      case 'n': if (item.answerType !== 'Scale') { answer(state.current, { points: 0 }, true); return true; } return false;
      case 'a': if (item.notApplicableAllowed) { answer(state.current, { na: true }, true); return true; } return false;
      default:
        if (/^[0-9]$/.test(e.key) && item.answerType === 'Scale' && Number(e.key) <= possibleOf(item)) { answer(state.current, { points: Number(e.key) }, true); return true; }
        return false;
    }
  });
}

/** Every version of the evaluation, newest first: who changed it, when, why, and the score it had then. */
function historyPanel(versions, people) {
  const rows = [...(versions ?? [])].sort((a, b) => b.version - a.version);
  if (!rows.length) return null;
  return h('div', { class: 'panel', id: 'history' }, h('h2', {}, t('ev.history')),
    h('table', {},
      h('thead', {}, h('tr', {}, ['ev.h.version', 'ev.h.status', 'ev.h.by', 'ev.h.at', 'ev.h.why', 'ev.score'].map(k => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, rows.map(v => h('tr', { dataset: { version: v.version } },
        h('td', { class: 'num' }, `v${v.version}`), h('td', { class: 'status' }, t(`ev.status.${v.status}`)), h('td', {}, nameText(people, v.changedBy)),
        h('td', {}, new Date(v.changedAt).toLocaleString(lang)), h('td', {}, has(`ev.reason.${v.reason}`) ? t(`ev.reason.${v.reason}`) : v.reason ?? ''),
        h('td', { class: 'num' }, v.result ? Number(v.result.score).toFixed(2) : '—'))))));
}

/** Coaching: an action, an owner, a follow-up date; later its outcome (improved or not). */
function coachingPanel(center, evaluation, run) {
  const list = (evaluation.coaching ?? []).map(co => {
    const outcome = h('input', { name: `outcome-${co.coachingId}`, required: true, dataset: { field: 'outcome' } });
    const improved = h('input', { type: 'checkbox', name: `improved-${co.coachingId}`, id: `improved-${co.coachingId}` });
    return h('li', {}, h('strong', {}, co.action), ` · ${co.owner} · ${co.followUpOn}`,
      co.outcome != null ? ` · ${t('ev.outcome')}: ${co.outcome}${co.improved ? ` (${t('ev.improved')})` : ''}`
        : h('form', { class: 'row', novalidate: true, onsubmit: e => { e.preventDefault(); if (checkRequired(e.target)) run(t('ev.recordOutcome'), () => evaluationsApi.act(center, evaluation, `coaching/${c(co.coachingId)}/outcome`, { outcome: outcome.value, improved: improved.checked }), e.target); } },
          h('label', { for: outcome.id = `outcome-${co.coachingId}` }, t('ev.outcome')), outcome,
          h('label', { for: improved.id }, improved, ' ', t('ev.improved')),
          h('button', { type: 'submit', class: 'secondary' }, t('ev.recordOutcome'))));
  });
  const action = h('input', { name: 'coachAction', required: true, dataset: { field: 'action' } });
  const owner = h('input', { name: 'coachOwner', required: true, dataset: { field: 'owner' } });
  const date = h('input', { name: 'coachDate', type: 'date', required: true, dataset: { field: 'followUpOn' } });
  return h('div', { class: 'panel', id: 'coaching' }, h('h2', {}, t('ev.coaching')),
    list.length ? h('ul', {}, list) : h('p', { class: 'muted' }, t('ev.noCoaching')),
    h('form', { id: 'coaching-form', novalidate: true, onsubmit: e => { e.preventDefault(); if (checkRequired(e.target)) run(t('ev.addCoaching'), () => evaluationsApi.act(center, evaluation, 'coaching', { action: action.value, owner: owner.value, followUpOn: date.value || null }), e.target); } },
      h('div', { class: 'row' }, field(t('ev.coachAction'), action), field(t('ev.coachOwner'), owner), field(t('ev.coachDate'), date)),
      h('div', { class: 'actions' }, h('button', { type: 'submit', class: 'secondary' }, t('ev.addCoaching')))));
}
