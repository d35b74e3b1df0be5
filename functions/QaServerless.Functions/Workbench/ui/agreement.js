// QA lead: how far the AI's suggestions agree with released human scores, per scorecard item, over a rolling window —
// precision, recall and F1 on "a deduction was found", Cohen's κ on the answers — and the gate that follows from the
// center's κ threshold (below it, the item's suggestions are hidden from inspectors).
import { t, extend } from './i18n.js';
import { get } from './api.js';
import { h, render } from './dom.js';
import { scorecardsApi } from './routes.js';

extend({
  'nav.agreement': ['AI 一致性', 'AI agreement'],
  'ag.title': ['AI 与人工评分一致性', 'AI agreement with human scores'],
  'ag.summary': ['近 {0} 天 · κ 阈值 {1} · 至少 {2} 对比较后才判定 · AI {3}', 'Last {0} days · κ threshold {1} · judged after {2} comparisons · AI {3}'],
  'ag.on': ['已启用', 'on'], 'ag.off': ['已关闭', 'off'], 'ag.window': ['统计窗口（天）', 'Window (days)'], 'ag.show': ['查看', 'Show'],
  'ag.item': ['评分项', 'Item'], 'ag.pairs': ['比较数', 'Pairs'], 'ag.matrix': ['TP / FP / FN / TN', 'TP / FP / FN / TN'],
  'ag.precision': ['精确率', 'Precision'], 'ag.recall': ['召回率', 'Recall'], 'ag.f1': ['F1', 'F1'], 'ag.kappa': ['κ', 'κ'],
  'ag.observed': ['一致率', 'Agreement'], 'ag.gate': ['建议', 'Suggestions'],
  'ag.gate.Probation': ['试用（显示）', 'probation (shown)'], 'ag.gate.Trusted': ['可信（显示）', 'trusted (shown)'], 'ag.gate.Hidden': ['隐藏', 'hidden'],
  'ag.none': ['还没有可比较的已发布评估。', 'No released evaluations with AI suggestions to compare yet.'],
  'ag.hint': ['“扣分”为正类：精确率 = AI 指出的扣分中人工也扣的比例；召回率 = 人工扣分中 AI 也指出的比例。', '"Deduction" is the positive class: precision = share of the AI\'s deductions humans also made; recall = share of human deductions the AI also found.'],
  'ag.kappaOf': ['κ {0}（阈值 {1}）', 'κ {0} (threshold {1})'],
  'ag.tooFew': ['比较数不足：{0}/{1}', 'too few pairs: {0} of {1}'], 'ag.ofN': ['{0}/{1}', '{0} of {1}'],
  'ag.missing': ['没有一致性数据的评分项', 'Items without agreement figures'],
  'ag.missingHint': ['现行质检标准 {0} v{1} 中以下评分项尚无可比较的数据：', 'These items of the scorecard in force ({0} v{1}) have nothing to compare yet:'],
  'ag.reason.NoPairsYet': ['尚无比较：窗口内没有 AI 分析过的通话发布过此项的人工评分', 'no pairs yet: no released human answer on a call the AI analysed in this window'],
  'ag.reason.NeverPreScored': ['AI 从未给出可用建议（{0} 条人工评分无对应建议）', 'never pre-scored: the AI had no usable suggestion for {0} released answers'],
  'ag.warningItem': ['警告项（不扣分）', 'warning item (deducts nothing)'],
  'ag.cause.NoEvidence': ['无证据', 'no evidence'], 'ag.cause.QuoteNotFound': ['引文不在通话中', 'quote not in the call'],
  'ag.cause.WrongTime': ['引文时间不符', 'quote at another time'], 'ag.cause.WrongMessage': ['引文不在所引消息中', 'quote in another message'], 'ag.cause.NotAnswered': ['模型未作答', 'model gave no answer'],
  'ag.cause.NotPreScored': ['预评分未完成（{0}）', 'pre-scoring did not finish ({0})'],
});

const f2 = x => (x == null ? '—' : Number(x).toFixed(2));
const pct = x => (x == null ? '—' : `${Math.round(Number(x) * 100)}%`);

/** κ on a −1…1 track with the threshold marked (κ below 0 shows as an empty bar; on too few pairs, grey). */
function kappaBar(kappa, threshold, few) {
  const at = x => Math.max(0, Math.min(1, Number(x))) * 100;
  return h('span', { class: 'kappa-track', role: 'img', 'aria-label': t('ag.kappaOf', f2(kappa), f2(threshold)) },
    kappa == null ? null : h('span', { class: few ? 'kappa few' : 'kappa', style: `width:${at(kappa)}%` }),
    h('span', { class: 'threshold', style: `left:${at(threshold)}%` }));
}

/** A share with the count it rests on, e.g. "67% (2 of 3)". */
const shareOf = (x, count, of) => (of ? [pct(x), h('span', { class: 'muted' }, ` (${t('ag.ofN', count, of)})`)] : '—');

/** Why an item has no figures, with the causes counted. */
function reasonText(m) {
  if (m.reason !== 'NeverPreScored') return t(`ag.reason.${m.reason}`);
  const causes = Object.entries(m.causes ?? {}).map(([cause, n]) => {
    const [kind, outcome] = cause.split(':');
    return `${kind === 'NotPreScored' ? t('ag.cause.NotPreScored', outcome) : t(`ag.cause.${kind}`)} × ${n}`;
  });
  return `${t('ag.reason.NeverPreScored', m.releasedAnswers)}: ${causes.join(', ')}`;
}

function missingPanel(gaps, texts) {
  if (!gaps?.unmeasured?.length) return null;
  return h('section', { class: 'panel', id: 'ag-missing' }, h('h2', {}, t('ag.missing')),
    h('p', { class: 'muted' }, t('ag.missingHint', gaps.scorecardId, gaps.scorecardVersion)),
    h('ul', {}, gaps.unmeasured.map(m => h('li', { dataset: { item: m.itemId, reason: m.reason } },
      h('strong', {}, texts.get(m.itemId) ?? m.text ?? m.itemId), ' ', h('span', { class: 'muted' }, `(${m.itemId})`),
      m.warning ? [' ', h('span', { class: 'badge na' }, t('ag.warningItem'))] : null, ' — ', reasonText(m)))));
}

/** Route #/agreement or #/agreement/{center}/{windowDays}. */
export async function agreementPage(me, centerParam, windowParam) {
  const center = centerParam || me.centers.find(x => x !== '*') || '';
  const base = `/api/ai/${encodeURIComponent(center)}`;
  const settings = await get(`${base}/settings`);
  const windowDays = Number(windowParam) || settings.windowDays;
  const [rows, texts, gaps] = await Promise.all([get(`${base}/agreement?windowDays=${windowDays}`), itemTexts(center),
    get(`${base}/agreement/unmeasured?windowDays=${windowDays}`)]);
  const few = a => a.pairs < settings.minPairs;

  const windowInput = h('input', { id: 'ag-window', name: 'windowDays', type: 'number', min: 1, max: 365, value: windowDays, style: 'width:7rem' });
  const form = h('form', { class: 'row panel', onsubmit: e => { e.preventDefault(); location.hash = `#/agreement/${encodeURIComponent(center)}/${windowInput.value}`; } },
    h('label', { for: 'ag-window' }, t('ag.window')), windowInput, h('button', { type: 'submit', class: 'secondary' }, t('ag.show')));
  const sorted = [...rows].sort((a, b) => (a.kappa ?? -2) - (b.kappa ?? -2) || a.itemId.localeCompare(b.itemId));
  render(h('h1', {}, t('ag.title')),
    h('p', { class: 'muted', id: 'ag-summary' }, t('ag.summary', windowDays, f2(settings.kappaThreshold), settings.minPairs, settings.enabled ? t('ag.on') : t('ag.off'))),
    form,
    sorted.length ? h('table', { id: 'agreement' },
      h('thead', {}, h('tr', {}, ['ag.item', 'ag.pairs', 'ag.matrix', 'ag.precision', 'ag.recall', 'ag.f1', 'ag.kappa', 'ag.observed', 'ag.gate']
        .map(k => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, sorted.map(a => h('tr', { dataset: { item: a.itemId, few: few(a) ? 'yes' : 'no' } },
        h('td', {}, texts.get(a.itemId) ?? a.itemId, texts.has(a.itemId) ? h('div', { class: 'muted' }, a.itemId) : null),
        h('td', { class: 'num' }, a.pairs, few(a) ? h('div', { class: 'muted too-few' }, t('ag.tooFew', a.pairs, settings.minPairs)) : null),
        h('td', { class: 'num' }, `${a.truePositives} / ${a.falsePositives} / ${a.falseNegatives} / ${a.trueNegatives}`),
        h('td', { class: 'num' }, shareOf(a.precision, a.truePositives, a.truePositives + a.falsePositives)),
        h('td', { class: 'num' }, shareOf(a.recall, a.truePositives, a.truePositives + a.falseNegatives)), h('td', { class: 'num' }, f2(a.f1)),
        h('td', { class: 'num' }, f2(a.kappa), ' ', kappaBar(a.kappa, settings.kappaThreshold, few(a)), h('div', { class: 'muted' }, `n = ${a.pairs}`)),
        h('td', { class: 'num' }, pct(a.observedAgreement)),
        // Only a gate judged on enough pairs may look good; probation (too few) stays grey.
        h('td', {}, h('span', { class: `badge ${a.gate === 'Hidden' ? 'critical' : a.gate === 'Trusted' && !few(a) ? 'ok' : 'na'}` }, t(`ag.gate.${a.gate}`)))))))
      : h('p', { class: 'panel' }, t('ag.none')),
    missingPanel(gaps, texts),
    h('p', { class: 'muted' }, t('ag.hint')));
}

/** Item wording from the scorecard in force, so the lead reads items, not ids (none in force: ids only). */
async function itemTexts(center) {
  try {
    const id = await scorecardsApi.inForceId(center);
    const card = await get(`/api/centers/${encodeURIComponent(center)}/scorecards/${encodeURIComponent(id)}/current`);
    return new Map((card.sections ?? []).flatMap(s => s.items).map(i => [i.itemId, i.text]));
  } catch { return new Map(); }
}
