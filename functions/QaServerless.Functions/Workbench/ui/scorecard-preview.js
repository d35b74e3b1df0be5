// The builder's live preview: the card as an inspector sees it on the evaluation page, with sample answers scored by
// scoring.js (the same formula as Scoring/ScoreCalculator.cs, LiveScoreParityTests) — nothing is saved.
import { t, extend, has } from './i18n.js';
import { h } from './dom.js';
import { liveScore } from './scoring.js';
import { previewCard } from './scorecard-model.js';

extend({
  'scb.preview': ['预览（质检员所见）', 'Preview (as an inspector sees it)'],
  'scb.previewHint': ['选择示例答案即可看到得分和等级，与服务器算法一致；不会保存。', 'Pick sample answers to see the score and band, computed as the server does; nothing is saved.'],
  'scb.clearAnswers': ['清除示例答案', 'Clear the sample answers'], 'scb.sectionWeight': ['板块权重 {0}', 'section weight {0}'],
  'scb.untitled': ['（未命名）', '(untitled)'],
});

/** Draws into host and keeps the sample answers (by item uid) across redraws while the card is edited. */
export function createPreview(host) {
  const answers = new Map();
  let draft = null;

  function scoreBox(card) {
    const live = liveScore(card, answers);
    const answered = card.sections.reduce((n, s) => n + s.items.filter(i => answers.has(i.itemId)).length, 0);
    const total = card.sections.reduce((n, s) => n + s.items.length, 0);
    const band = has(`ev.band.${live.band}`) ? t(`ev.band.${live.band}`) : live.band;
    return h('div', { class: 'panel', id: 'pv-live', 'aria-live': 'polite' },
      h('div', { class: 'muted' }, t('ev.liveScore')),
      answered === 0
        ? h('div', { class: 'score', id: 'pv-score' }, '—', ' ', h('span', { class: 'band', id: 'pv-band' }, t('ev.noScoreYet')))
        : h('div', { class: `score band-${live.band.toLowerCase()}`, id: 'pv-score' }, live.score.toFixed(2), ' ', h('span', { class: 'band', id: 'pv-band' }, band)),
      h('div', { class: 'muted' }, t('ev.answered', answered, total)),
      h('div', { class: 'row' }, h('span', { class: 'badge critical', id: 'pv-critical' }, t('ev.criticalCount', live.critical.length)),
        h('span', { class: 'badge warning' }, t('ev.warningCount', live.warnings.length))));
  }

  function itemBlock(item, index) {
    const choices = item.answerType === 'Scale'
      ? Array.from({ length: Math.max(0, Math.min(100, item.scaleMax)) + 1 }, (_, p) => ({ label: t('ev.points', p), points: p }))
      : [{ label: t('ev.yes'), points: 1 }, { label: t('ev.no'), points: 0 }];
    if (item.notApplicableAllowed) choices.push({ label: t('ev.na'), na: true });
    const saved = answers.get(item.itemId);
    const radios = choices.map(choice => {
      const input = h('input', { type: 'radio', name: `pv-${item.itemId}`, value: choice.na ? 'na' : choice.points,
        checked: !!saved && (choice.na ? !!saved.notApplicable : !saved.notApplicable && saved.points === choice.points) });
      input.addEventListener('change', () => {
        answers.set(item.itemId, choice.na ? { notApplicable: true, points: null } : { notApplicable: false, points: choice.points });
        draw(draft);
        host.querySelector(`input[name="pv-${item.itemId}"]:checked`)?.focus();
      });
      return h('label', {}, input, choice.label);
    });
    return h('fieldset', { class: 'item', dataset: { item: index } },
      h('legend', {}, item.text || t('scb.untitled'), ' ',
        item.critical ? h('span', { class: 'badge critical' }, `${t('ev.critical')} · ${t(`scb.critical.${item.critical}`)}`) : null, ' ',
        item.warning ? h('span', { class: 'badge warning' }, t('ev.warning')) : null, ' ',
        item.notApplicableAllowed ? h('span', { class: 'badge na' }, t('ev.naAllowed')) : null, ' ',
        item.warning ? null : h('span', { class: 'muted' }, t('ev.weight', item.weight))),
      item.guidance ? h('p', { class: 'muted' }, item.guidance) : null,
      h('div', { class: 'answers' }, radios));
  }

  function draw(next) {
    draft = next;
    const card = previewCard(draft);
    const ids = new Set(card.sections.flatMap(s => s.items.map(i => i.itemId)));
    for (const id of [...answers.keys()]) if (!ids.has(id)) answers.delete(id);
    let n = 0;
    host.replaceChildren(
      h('h2', {}, t('scb.preview')), h('p', { class: 'muted' }, t('scb.previewHint')),
      scoreBox(card),
      ...card.sections.map(s => h('section', { class: 'panel' },
        h('h3', {}, s.title || t('scb.untitled'), s.weight != null ? [' ', h('span', { class: 'muted' }, t('scb.sectionWeight', s.weight))] : null),
        s.items.map(i => itemBlock(i, n++)))),
      h('button', { type: 'button', class: 'secondary', id: 'pv-clear', onclick: () => { answers.clear(); draw(draft); } }, t('scb.clearAnswers')));
  }

  return { draw };
}
