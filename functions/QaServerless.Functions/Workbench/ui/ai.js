// AI help on the evaluation page (issue 9). Per item: the model's suggested answer, its confidence and the evidence
// it quoted (verified against the transcript; a button seeks the audio there), only for items whose agreement gate
// lets suggestions show. A suggestion is labelled as such and never becomes the inspector's answer until the
// inspector accepts it ("i"). Also the call's rule tags with their evidence. Only scorers get any of it (the API's rule).
import { t, extend } from './i18n.js';
import { h, mmss, showProblem } from './dom.js';
import { aiRulesApi, callsApi } from './routes.js';

extend({
  'ai.title': ['AI 分析', 'AI analysis'], 'ai.label': ['AI 建议', 'AI suggestion'], 'ai.confidence': ['置信度 {0}%', 'confidence {0} %'],
  'ai.accept': ['采纳 AI 建议', 'Accept the AI suggestion'], 'ai.hear': ['跳到 {0} 听证据：{1}', 'Hear the evidence at {0}: {1}'],
  'ai.gate.Probation': ['试用中', 'on probation'], 'ai.gate.Trusted': ['已验证', 'trusted'],
  'ai.gateHint.Probation': ['与人工评分的对比还不够多，仅供参考', 'Not enough comparisons with human scores yet: a hint only'],
  'ai.gateHint.Trusted': ['与人工评分一致性达标（κ）', 'Agrees with human scores (κ) above the center\'s threshold'],
  'ai.answer.yes': ['是', 'Yes'], 'ai.answer.no': ['否', 'No'], 'ai.answer.na': ['不适用', 'N/A'], 'ai.points': ['{0} 分', '{0} pts'],
  'ai.status.Queued': ['AI 分析排队中。', 'The AI analysis is queued.'], 'ai.status.Failed': ['AI 分析失败：{0}', 'The AI analysis failed: {0}'],
  'ai.status.SkippedBudget': ['超出今日 AI 预算，未分析：{0}', 'Over today\'s AI budget, not analysed: {0}'],
  'ai.status.Disabled': ['AI 分析未启用。', 'AI analysis is switched off.'], 'ai.status.NoCall': ['没有这通通话的记录。', 'There is no record of this call.'], 'ai.status.NoAudio': ['通话没有录音，无法分析。', 'The call has no recording to analyse.'],
  'ai.none': ['此通话尚无 AI 分析。', 'No AI analysis for this call yet.'],
  'ai.hidden': ['{0} 项的建议因与人工一致性未达标而隐藏', 'Suggestions of {0} items are hidden: they disagree with human scores'],
  'ai.discarded': ['{0} 条建议因证据未通过核验而丢弃', '{0} suggestions were discarded: their evidence did not check out'],
  'ai.risk': ['风险分 {0}', 'Risk {0}'], 'ai.tags': ['规则标签', 'Rule tags'], 'ai.noTags': ['没有规则命中。', 'No rule fired.'],
  'ai.trigger.WhenFound': ['命中', 'found'], 'ai.trigger.WhenMissing': ['缺失', 'missing'],
  'ai.analyze': ['重新分析', 'Analyse again'], 'ai.analyzeFirst': ['分析此通话', 'Analyse this call'],
  'ai.requested': ['已请求分析，排队中。', 'Analysis requested: queued.'], 'ai.check': ['查看结果', 'Check for the result'],
  'ai.read': ['看消息 #{0} 中的证据：{1}', 'Read the evidence in message #{0}: {1}'],
  'sc.accept': ['采纳当前项的 AI 建议', 'Accept the AI suggestion for the current item'], 'sc.evidence': ['听当前项 AI 建议的证据', 'Hear the evidence of the current item\'s AI suggestion'],
});

/** The suggestions that may show, by item id (the API already leaves out Hidden items; this keeps to the gate regardless). */
export function suggestionsByItem(analysis) {
  const byItem = new Map();
  for (const gated of analysis?.suggestions ?? []) {
    if (!gated?.suggestion || gated.gate === 'Hidden') continue;
    byItem.set(gated.suggestion.itemId, { ...gated.suggestion, gate: gated.gate });
  }
  return byItem;
}

/** The answer an AI label stands for on this item ({ points } or { na }), or null when the item cannot take it. */
export function choiceOf(item, suggestion) {
  const a = String(suggestion.answer);
  const scale = item.answerType === 'Scale';
  if (a === 'na') return item.notApplicableAllowed ? { na: true } : null;
  if (a === 'yes' || a === 'no') return scale ? null : { points: a === 'yes' ? 1 : 0 };
  const p = Number(a);
  return scale && Number.isInteger(p) && p >= 0 && p <= item.scaleMax ? { points: p } : null;
}

const answerText = s => (/^\d+$/.test(String(s.answer)) ? t('ai.points', s.answer) : t(`ai.answer.${s.answer}`));
const evidenceAt = e => Number(e.segmentStart ?? e.statedTime ?? 0);
/** Where a piece of evidence is, as a button shows it: the message (#3) of a text conversation, else the moment (mm:ss). */
const evidenceButton = (at, messageNumber, segment, quote, hear) => messageNumber
  ? h('button', { type: 'button', class: 'ghost seek', 'aria-label': t('ai.read', messageNumber, quote), onclick: () => hear(at, segment) }, `#${messageNumber}`)
  : h('button', { type: 'button', class: 'ghost seek', 'aria-label': t('ai.hear', mmss(at), quote), onclick: () => hear(at, segment) }, mmss(at));

/** The first moment the suggestion's evidence points at (for the "hear the evidence" key), or null. */
export const firstEvidenceAt = suggestion => (suggestion?.evidence?.length ? evidenceAt(suggestion.evidence[0]) : null);

/** The box under an item: the label, the answer, confidence, gate, evidence buttons and (while scoring) "accept". */
export function suggestionBox(suggestion, { hear, accept }) {
  return h('div', { class: `ai gate-${String(suggestion.gate).toLowerCase()}`, dataset: { aiFor: suggestion.itemId } },
    h('span', { class: 'badge ai-label' }, t('ai.label')), ' ',
    h('strong', { class: 'ai-answer' }, answerText(suggestion)), ' ',
    h('span', { class: 'muted' }, t('ai.confidence', Math.round(Number(suggestion.confidence) * 100))), ' ',
    h('span', { class: 'badge na', title: t(`ai.gateHint.${suggestion.gate}`) }, t(`ai.gate.${suggestion.gate}`)), ' ',
    accept ? h('button', { type: 'button', class: 'secondary accept', onclick: accept, 'aria-keyshortcuts': 'i' }, t('ai.accept'), ' ', h('kbd', { 'aria-hidden': 'true' }, 'i')) : null,
    h('ul', { class: 'evidence' }, (suggestion.evidence ?? []).map(e => h('li', {},
      evidenceButton(evidenceAt(e), e.messageNumber, e.segment, e.quote, hear), ` “${e.quote}”`))));
}

// Calls whose analysis was requested from this page and has not shown up yet (their panel says queued, not "none").
const requested = new Set();

/**
 * Asking for the analysis again, where there is none or it did not complete (one that completed is kept by the
 * analyser, so it offers nothing): queued on click, then "check" reads it and redraws the panel.
 */
function rerunControls(analysis, hear, rerun) {
  if (!rerun || analysis?.status === 'Completed') return null;
  const key = `${rerun.center}/${rerun.callId}`;
  const check = async e => {
    const panel = e.target.closest('#ai-analysis');
    try {
      const fresh = await callsApi.analysis(rerun.center, rerun.callId);
      if (fresh && fresh.status !== 'Queued') requested.delete(key);
      panel.replaceWith(analysisPanel(fresh, hear, rerun));
    } catch (err) { showProblem(err); }
  };
  const ask = async e => {
    const panel = e.target.closest('#ai-analysis');
    try {
      await aiRulesApi.analyze(rerun.center, rerun.callId);
      requested.add(key);
      panel.replaceWith(analysisPanel(analysis, hear, rerun));
    } catch (err) { showProblem(err); }
  };
  return requested.has(key)
    ? h('div', { class: 'row' }, h('p', { class: 'muted', id: 'ai-requested', role: 'status' }, t('ai.requested')),
      h('button', { type: 'button', class: 'secondary', id: 'ai-check', onclick: check }, t('ai.check')))
    : h('div', { class: 'row' }, h('button', { type: 'button', class: 'secondary', id: 'ai-analyze', onclick: ask }, t(analysis ? 'ai.analyze' : 'ai.analyzeFirst')));
}

/** The analysis panel: status, risk, hidden and discarded counts, and the rule tags with their evidence; with `rerun`
 * ({ center, callId }) a button asks for it again when it is missing or did not complete. */
export function analysisPanel(analysis, hear, rerun) {
  const again = rerunControls(analysis, hear, rerun);
  const waiting = rerun && requested.has(`${rerun.center}/${rerun.callId}`);
  if (!analysis) return h('div', { class: 'panel', id: 'ai-analysis' }, h('h2', {}, t('ai.title')), waiting ? null : h('p', { class: 'muted' }, t('ai.none')), again);
  if (analysis.status !== 'Completed') {
    return h('div', { class: 'panel', id: 'ai-analysis' }, h('h2', {}, t('ai.title')),
      h('p', { class: 'muted' }, t(`ai.status.${analysis.status}`, analysis.reason ?? '')), again);
  }
  const discarded = Object.values(analysis.discardedByReason ?? {}).reduce((a, b) => a + b, 0);
  const tags = analysis.tags ?? [];
  // A thread's tag evidence names its message by index: shown as #n.
  const thread = (analysis.transcript?.segments ?? []).some(s => s.messageId);
  return h('div', { class: 'panel', id: 'ai-analysis' }, h('h2', {}, t('ai.title')),
    h('div', { class: 'row' },
      h('span', { class: `badge ${analysis.riskScore >= 50 ? 'critical' : analysis.riskScore > 0 ? 'warning' : 'na'}`, title: (analysis.riskReasons ?? []).join(' · ') }, t('ai.risk', analysis.riskScore)),
      analysis.hiddenSuggestions ? h('span', { class: 'badge na', id: 'ai-hidden' }, t('ai.hidden', analysis.hiddenSuggestions)) : null,
      discarded ? h('span', { class: 'badge na' }, t('ai.discarded', discarded)) : null),
    h('h3', {}, t('ai.tags')),
    tags.length ? h('ul', { id: 'ai-tags', class: 'evidence' }, tags.map(tag => h('li', { dataset: { rule: tag.ruleId } },
      h('strong', {}, tag.name), ' ', h('span', { class: `badge ${tag.riskWeight > 0 ? 'warning' : 'na'}` }, t(`ai.trigger.${tag.trigger}`)), ' ',
      (tag.evidence ?? []).map(e => h('span', {}, ' ',
        evidenceButton(Number(e.start), thread && Number.isInteger(e.segment) ? e.segment + 1 : null, e.segment ?? undefined, e.quote ?? tag.name, hear),
        e.quote ? ` “${e.quote}”` : '')))))
      : h('p', { class: 'muted' }, t('ai.noTags')));
}
