// Inspector: the evaluation page. Audio through the short-lived read link, transcript lines that seek, the scorecard
// by sections (N/A, critical, warning marked), problem records stamped at the playback time, live score and band,
// save draft and submit. Everything has a key (press "?").
import { t, extend } from './i18n.js';
import { get } from './api.js';
import { h, field, render, showProblem, clearProblem, toast, mmss } from './dom.js';
import { pageShortcuts } from './shortcuts.js';
import { liveScore, possibleOf } from './scoring.js';
import { evaluationsApi, callsApi } from './routes.js';

extend({
  'ev.title': ['评估通话 {0}', 'Evaluate call {0}'], 'ev.audio': ['录音', 'Recording'], 'ev.noAudio': ['此通话没有录音（或已过保留期）。', 'This call has no recording (or it is past retention).'],
  'ev.speed': ['倍速', 'Speed'], 'ev.transcript': ['转写', 'Transcript'], 'ev.noTranscript': ['暂无转写。', 'No transcript yet.'],
  'ev.score': ['当前得分', 'Score so far'], 'ev.band.Excellent': ['优秀', 'Excellent'], 'ev.band.Good': ['良好', 'Good'], 'ev.band.Pass': ['合格', 'Pass'], 'ev.band.Fail': ['不合格', 'Fail'],
  'ev.critical': ['致命', 'critical'], 'ev.warning': ['警告项', 'warning'], 'ev.naAllowed': ['可 N/A', 'N/A allowed'], 'ev.weight': ['权重 {0}', 'weight {0}'],
  'ev.yes': ['是', 'Yes'], 'ev.no': ['否', 'No'], 'ev.na': ['不适用', 'N/A'], 'ev.points': ['{0} 分', '{0} pts'],
  'ev.missing': ['还有 {0} 项未评', '{0} items to go'], 'ev.criticalCount': ['致命错误 {0}', 'Critical errors {0}'], 'ev.warningCount': ['警告 {0}', 'Warnings {0}'],
  'ev.problems': ['问题记录', 'Problem records'], 'ev.addProblem': ['添加问题（当前播放时间）', 'Add a problem (at the playback time)'],
  'ev.description': ['问题描述', 'Description'], 'ev.class': ['问题等级', 'Class'], 'ev.item': ['所属项目', 'Item'], 'ev.moment': ['时间点', 'Moment'],
  'ev.class.Common': ['常见', 'Common'], 'ev.class.Typical': ['典型', 'Typical'], 'ev.class.Serious': ['严重', 'Serious'],
  'ev.add': ['添加', 'Add'], 'ev.remove': ['删除', 'Remove'], 'ev.save': ['保存草稿', 'Save draft'], 'ev.submit': ['提交', 'Submit'],
  'ev.saved': ['草稿已保存', 'Draft saved'], 'ev.submitted': ['已提交', 'Submitted'], 'ev.status': ['状态：{0}', 'Status: {0}'],
  'ev.readonly': ['此评估已提交，只读。', 'This evaluation is submitted: read only.'], 'ev.noProblems': ['尚无问题记录。', 'No problem records yet.'],
  'ev.guidance': ['评分说明', 'Guidance'], 'ev.seekTo': ['跳到 {0}', 'Seek to {0}'], 'ev.agent': ['座席 {0} · 班组 {1} · {2}', 'Agent {0} · team {1} · {2}'],
  'sc.play': ['播放 / 暂停', 'Play / pause'], 'sc.skip': ['后退 / 前进 5 秒', 'Back / forward 5 s'], 'sc.speed': ['减速 / 加速', 'Slower / faster'],
  'sc.answer': ['当前项：是 / 否 / 不适用 / 分值', 'Current item: yes / no / N/A / points'], 'sc.item': ['上一项 / 下一项', 'Previous / next item'],
  'sc.problem': ['在当前时间添加问题', 'Add a problem at the current time'], 'sc.save': ['保存草稿', 'Save draft'], 'sc.submit': ['提交', 'Submit'],
});

const speeds = [1, 1.25, 1.5, 1.75, 2];

export async function evaluatePage(me, center, callId) {
  const [assignment, evaluation] = await Promise.all([
    get(`/api/assignments/${encodeURIComponent(center)}/calls/${encodeURIComponent(callId)}`).catch(e => (e.status === 404 ? null : Promise.reject(e))),
    evaluationsApi.openForCall(center, callId),
  ]);
  const card = await evaluationsApi.scorecardFor(center, evaluation);
  const [audio, transcript] = await Promise.all([callsApi.audioLink(center, callId), callsApi.transcript(center, callId)]);

  const state = {
    evaluation,
    answers: new Map((evaluation.answers ?? []).map(a => [a.itemId, a])),
    problems: [...(evaluation.problems ?? [])],
    current: 0,
  };
  const items = card.sections.flatMap(s => s.items);
  const editable = ['Draft', 'InProgress', undefined].includes(evaluation.status);

  // The player: the browser streams the recording from storage through the short-lived link.
  const player = h('audio', { controls: true, preload: 'metadata', src: audio?.url, 'aria-label': t('ev.audio') });
  const speed = h('select', { 'aria-label': t('ev.speed') }, speeds.map(s => h('option', { value: s }, `${s}×`)));
  speed.addEventListener('change', () => { player.playbackRate = Number(speed.value); });
  const setSpeed = step => {
    const i = Math.min(speeds.length - 1, Math.max(0, speeds.indexOf(player.playbackRate) + step));
    player.playbackRate = speeds[i]; speed.value = String(speeds[i]); toast(`${speeds[i]}×`);
  };
  const seek = s => { player.currentTime = Math.max(0, s); };

  const transcriptLines = (transcript?.segments ?? transcript?.lines ?? []).map(line => {
    const start = Number(line.start ?? line.startSecond ?? line.at ?? 0);
    return h('button', { type: 'button', dataset: { start }, onclick: () => { seek(start); player.play().catch(() => {}); } },
      h('span', { class: 'time' }, mmss(start)), line.speaker ? `${line.speaker}: ` : '', line.text);
  });
  player.addEventListener('timeupdate', () => {
    let now = null;
    for (const b of transcriptLines) if (Number(b.dataset.start) <= player.currentTime) now = b;
    transcriptLines.forEach(b => b.classList.toggle('now', b === now));
  });

  // The scorecard: one fieldset per item, a radio per answer; the answer keys act on the current item.
  const scoreBox = h('div', { class: 'panel', 'aria-live': 'polite', id: 'live-score' });
  const itemBlocks = items.map((item, index) => {
    const name = `item-${item.itemId}`;
    const choices = item.answerType === 'Scale'
      ? Array.from({ length: item.scaleMax + 1 }, (_, p) => ({ label: t('ev.points', p), points: p, key: String(p) }))
      : [{ label: t('ev.yes'), points: 1, key: 'y' }, { label: t('ev.no'), points: 0, key: 'n' }];
    if (item.notApplicableAllowed) choices.push({ label: t('ev.na'), na: true, key: 'a' });
    const saved = state.answers.get(item.itemId);
    const radios = choices.map(c => {
      const input = h('input', { type: 'radio', name, value: c.na ? 'na' : c.points, disabled: !editable,
        checked: saved && (c.na ? saved.notApplicable : !saved.notApplicable && saved.points === c.points) });
      input.addEventListener('change', () => answer(index, c));
      input.addEventListener('focus', () => setCurrent(index, false));
      return h('label', {}, input, c.label, ' ', h('kbd', { 'aria-hidden': 'true' }, c.key));
    });
    return h('fieldset', { class: 'item', dataset: { index } },
      h('legend', {}, item.text, ' ',
        item.critical ? h('span', { class: 'badge critical' }, `${t('ev.critical')} · ${item.critical}`) : null, ' ',
        item.warning ? h('span', { class: 'badge warning' }, t('ev.warning')) : null, ' ',
        item.notApplicableAllowed ? h('span', { class: 'badge na' }, t('ev.naAllowed')) : null, ' ',
        item.warning ? null : h('span', { class: 'muted' }, t('ev.weight', item.weight))),
      item.guidance ? h('p', { class: 'muted' }, item.guidance) : null,
      h('div', { class: 'answers' }, radios));
  });
  const sections = card.sections.map(section => h('section', { class: 'panel' }, h('h2', {}, section.title),
    itemBlocks.filter(b => section.items.some(i => i.itemId === items[Number(b.dataset.index)].itemId))));

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
  function updateScore() {
    const s = liveScore(card, state.answers);
    scoreBox.replaceChildren(
      h('div', { class: 'muted' }, t('ev.score')),
      h('div', { class: `score band-${s.band.toLowerCase()}`, id: 'score-value' }, s.score.toFixed(2), ' ', h('span', { style: 'font-size:1rem' }, t(`ev.band.${s.band}`))),
      h('div', { class: 'row' },
        h('span', { class: 'badge critical' }, t('ev.criticalCount', s.critical.length)),
        h('span', { class: 'badge warning' }, t('ev.warningCount', s.warnings.length)),
        s.missing.length ? h('span', { class: 'badge na' }, t('ev.missing', s.missing.length)) : null),
      h('div', { class: 'muted' }, t('ev.status', evaluation.status ?? 'Draft')));
  }

  // Problem records: stamped at the playback time when the form opens, so the moment is where the inspector heard it.
  const problemList = h('ul', { id: 'problems' });
  const description = h('input', { name: 'description', autocomplete: 'off' });
  const problemClass = h('select', { name: 'class' }, ['Common', 'Typical', 'Serious'].map(c => h('option', { value: c }, t(`ev.class.${c}`))));
  const problemItem = h('select', { name: 'itemId' }, items.map(i => h('option', { value: i.itemId }, i.text)));
  const moment = h('input', { name: 'moment', readonly: true, style: 'width:6rem' });
  const problemForm = h('form', { class: 'panel', hidden: true, 'aria-label': t('ev.addProblem') },
    h('div', { class: 'row' }, field(t('ev.moment'), moment), field(t('ev.item'), problemItem), field(t('ev.class'), problemClass)),
    field(t('ev.description'), description),
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('ev.add'))));
  let stampedAt = 0;
  function openProblem() {
    if (!editable) return;
    stampedAt = Math.floor(player.currentTime || 0);
    moment.value = mmss(stampedAt);
    problemItem.value = items[state.current].itemId;
    problemForm.hidden = false;
    description.value = '';
    description.focus();
  }
  problemForm.addEventListener('submit', e => {
    e.preventDefault();
    if (!description.value.trim()) { description.focus(); return; }
    state.problems.push({ itemId: problemItem.value, description: description.value.trim(), atSecond: stampedAt, class: problemClass.value });
    problemForm.hidden = true;
    renderProblems();
    setCurrent(state.current);
  });
  problemForm.addEventListener('keydown', e => { if (e.key === 'Escape') { problemForm.hidden = true; setCurrent(state.current); } });
  function renderProblems() {
    problemList.replaceChildren(...(state.problems.length ? state.problems.map((p, i) => h('li', {},
      h('button', { type: 'button', class: 'ghost', 'aria-label': t('ev.seekTo', mmss(p.atSecond)), onclick: () => seek(p.atSecond) }, mmss(p.atSecond)), ' ',
      h('span', { class: `badge ${p.class === 'Serious' ? 'critical' : p.class === 'Typical' ? 'warning' : 'na'}` }, t(`ev.class.${p.class}`)), ' ',
      `${items.find(x => x.itemId === p.itemId)?.text ?? p.itemId}: ${p.description} `,
      editable ? h('button', { type: 'button', class: 'secondary', onclick: () => { state.problems.splice(i, 1); renderProblems(); } }, t('ev.remove')) : null))
      : [h('li', { class: 'muted' }, t('ev.noProblems'))]));
  }

  const body = () => ({ answers: [...state.answers.values()], problems: state.problems });
  async function save() {
    clearProblem();
    try {
      state.evaluation = await evaluationsApi.save(center, state.evaluation, body());
      toast(t('ev.saved'));
      return true;
    } catch (e) { showProblem(e); return false; }
  }
  async function submit() {
    clearProblem();
    try {
      state.evaluation = await evaluationsApi.save(center, state.evaluation, body());
      state.evaluation = await evaluationsApi.submit(center, state.evaluation);
      toast(t('ev.submitted'));
      location.hash = `#/worklist/${encodeURIComponent(center)}`;
    } catch (e) { showProblem(e); }
  }

  const saveButton = h('button', { type: 'button', class: 'secondary', onclick: save, 'aria-keyshortcuts': 'Control+S', disabled: !editable }, t('ev.save'));
  const submitButton = h('button', { type: 'button', onclick: submit, 'aria-keyshortcuts': 'Control+Enter', disabled: !editable }, t('ev.submit'));
  const addProblemButton = h('button', { type: 'button', class: 'secondary', onclick: openProblem, 'aria-keyshortcuts': 'e', disabled: !editable }, t('ev.addProblem'));

  render(
    h('h1', {}, t('ev.title', callId)),
    assignment ? h('p', { class: 'muted' }, t('ev.agent', assignment.agentId, assignment.team, assignment.businessType)) : null,
    editable ? null : h('p', { class: 'panel' }, t('ev.readonly')),
    h('div', { class: 'split' },
      h('div', {},
        h('div', { class: 'panel player' }, h('h2', {}, t('ev.audio')), audio?.url ? player : h('p', {}, t('ev.noAudio')),
          h('div', { class: 'row' }, h('label', { for: 'speed' }, t('ev.speed')), Object.assign(speed, { id: 'speed', style: 'width:6rem' }))),
        scoreBox,
        h('div', { class: 'panel' }, h('h2', {}, t('ev.transcript')),
          transcriptLines.length ? h('div', { class: 'transcript', role: 'list' }, transcriptLines) : h('p', { class: 'muted' }, t('ev.noTranscript'))),
        h('div', { class: 'panel' }, h('h2', {}, t('ev.problems')), problemList, addProblemButton), problemForm,
        h('div', { class: 'actions' }, saveButton, submitButton)),
      h('div', {}, sections)));
  renderProblems();
  updateScore();
  setCurrent(items.findIndex(i => !state.answers.has(i.itemId)) === -1 ? 0 : items.findIndex(i => !state.answers.has(i.itemId)));

  pageShortcuts.set([
    ['p', t('sc.play')], ['h / l', t('sc.skip')], ['< / >', t('sc.speed')],
    ['y / n / a / 0-9', t('sc.answer')], ['j / k', t('sc.item')], ['e', t('sc.problem')],
    ['Ctrl+S', t('sc.save')], ['Ctrl+Enter', t('sc.submit')],
  ], (e, typing) => {
    if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') { save(); return true; }
    if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') { submit(); return true; }
    if (typing || e.ctrlKey || e.metaKey || e.altKey) return false;
    const item = items[state.current];
    switch (e.key) {
      case 'p': if (player.paused) player.play().catch(() => {}); else player.pause(); return true;
      case 'h': seek(player.currentTime - 5); return true;
      case 'l': seek(player.currentTime + 5); return true;
      case '<': case ',': setSpeed(-1); return true;
      case '>': case '.': setSpeed(1); return true;
      case 'j': setCurrent(state.current + 1); return true;
      case 'k': setCurrent(state.current - 1); return true;
      case 'e': openProblem(); return true;
      case 'y': if (item.answerType !== 'Scale') { answer(state.current, { points: 1 }, true); return true; } return false;
      case 'n': if (item.answerType !== 'Scale') { answer(state.current, { points: 0 }, true); return true; } return false;
      case 'a': if (item.notApplicableAllowed) { answer(state.current, { na: true }, true); return true; } return false;
      default:
        if (/^[0-9]$/.test(e.key) && item.answerType === 'Scale' && Number(e.key) <= possibleOf(item)) { answer(state.current, { points: Number(e.key) }, true); return true; }
        return false;
    }
  });
}

