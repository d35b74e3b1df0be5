// A closed session's results: each participant's outcome, each participant × call (score, deviation from the
// baseline, within tolerance or not), and each item's agreement with Krippendorff's α and its reading.
import { t, extend } from './i18n.js';
import { h } from './dom.js';
import { nameOf, toleranceText } from './calibration.js';

extend({
  'cal.results': ['校准结果', 'Results'], 'cal.baselineUsed': ['基准：{0}', 'Baseline: {0}'], 'cal.baselineRow': ['基准分', 'Baseline score'],
  'cal.meanPercent': ['平均偏差 %', 'Mean deviation %'], 'cal.meanPoints': ['平均偏差（分）', 'Mean deviation (points)'],
  'cal.passed': ['结果', 'Outcome'], 'cal.pass': ['通过', 'Pass'], 'cal.fail': ['未通过', 'Fail'], 'cal.absent': ['未参与', 'did not score'],
  'cal.isExpert': ['（专家基准）', '(expert baseline)'],
  'cal.perCall': ['每人每通', 'Per participant and call'], 'cal.perCallHint': ['每格：得分；与基准的偏差（分，正数 = 比基准宽松）与百分比；✓ 在容差内，✗ 超出。',
    'Each cell: score; deviation from the baseline (points, positive = more lenient than the baseline) and percent; ✓ within tolerance, ✗ outside.'],
  'cal.within': ['在容差内', 'within tolerance'], 'cal.outside': ['超出容差', 'outside tolerance'], 'cal.spread': ['极差', 'Spread'],
  'cal.items': ['各项一致性', 'Agreement per item'], 'cal.item': ['项目', 'Item'], 'cal.agreement': ['一致率 %', 'Agreement %'],
  'cal.unanimous': ['全员一致通话', 'Unanimous calls'], 'cal.alpha': ['α（名义）', 'α (nominal)'], 'cal.alphaInterval': ['α（等距）', 'α (interval)'],
  'cal.match': ['与基准一致 %', 'Match with baseline %'], 'cal.reading': ['解读', 'Reading'],
  'cal.onCalls': ['基于 {0}/{1} 通电话', 'on {0} of {1} calls'],
  'cal.read.reliable': ['可靠', 'reliable'], 'cal.read.tentative': ['仅可暂定', 'tentative only'], 'cal.read.unreliable': ['不可靠', 'not reliable'],
  'cal.read.undefined': ['无差异', 'no variation'], 'cal.read.undefinedWhy': ['所有答案相同，α 无定义：看一致率', 'every answer the same, α undefined: read the agreement %'],
  'cal.read.few': ['样本太少，仅供参考', 'too few to rely on'],
  'cal.alphaLegend': ['Krippendorff α 的解读（Krippendorff 2004）：α ≥ 0.800 可靠；0.667 ≤ α < 0.800 仅可暂定；α < 0.667 不可靠。少于 {0} 通电话有两人以上作答时数字显示为灰色。',
    'Reading Krippendorff\'s α (Krippendorff 2004): α ≥ 0.800 reliable; 0.667 ≤ α < 0.800 tentative only; below 0.667 not reliable. Greyed when fewer than {0} calls have two or more answers.'],
  'cal.scoreAlpha': ['总分的 α（等距）：{0}', 'α (interval) of the total scores: {0}'],
});

/** Below this many calls with two or more answers, α rests on too little to read: the least a session holds (5). */
export const fewestCalls = 5;
export const reliabilityOf = alpha => (alpha == null ? 'undefined' : alpha >= 0.8 ? 'reliable' : alpha >= 0.667 ? 'tentative' : 'unreliable');

const fixed = (x, d = 2) => (x == null ? '—' : Number(x).toFixed(d));
const signed = x => (x > 0 ? `+${x.toFixed(2)}` : x.toFixed(2));

export function resultsPanels(session, results) {
  const people = results.participants;
  const outcome = p => (p.isBaseline ? t('cal.isExpert') : !p.result ? t('cal.absent')
    : h('span', { class: p.result.passed ? 'band-excellent' : 'band-fail' }, p.result.passed ? t('cal.pass') : t('cal.fail')));
  const summary = h('section', { class: 'panel', id: 'results' }, h('h2', {}, t('cal.results')),
    h('p', { class: 'muted' }, t('cal.baselineUsed', t(`cal.${results.baseline.kind}`)), results.baseline.expertId ? ` · ${nameOf(session, results.baseline.expertId)}` : '',
      ' · ', toleranceText(results.tolerance)),
    h('table', {}, h('thead', {}, h('tr', {}, ['cal.person', 'cal.role', 'cal.meanPercent', 'cal.meanPoints', 'cal.passed'].map(k => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, people.map(p => h('tr', { dataset: { person: p.participantId } }, h('td', {}, nameOf(session, p.participantId)), h('td', {}, t(`cal.role.${p.role}`)),
        h('td', { class: 'num mean-percent' }, fixed(p.result?.meanPercent)), h('td', { class: 'num mean-points' }, fixed(p.result?.meanPoints)),
        h('td', { class: 'outcome' }, outcome(p)))))));

  // Participant × call: the baseline row, then each participant's score and deviation per call.
  const scoreOf = (call, person) => Object.entries(call.scores ?? {}).find(([k]) => k.toLowerCase() === person.toLowerCase())?.[1];
  const cell = (p, call) => {
    const d = p.result?.calls?.find(x => x.callId === call.callId);
    const score = scoreOf(call, p.participantId);
    if (score == null) return h('td', { class: 'num', dataset: { call: call.callId } }, '—');
    return h('td', { class: `num ${d ? (d.withinTolerance ? 'within' : 'outside') : ''}`, dataset: { call: call.callId } },
      h('div', { class: 'cell-score' }, fixed(score)),
      d ? h('div', { class: 'deviation muted' }, `${signed(d.signedPoints)} · ${d.percent.toFixed(1)}% `,
        h('span', { class: d.withinTolerance ? 'band-excellent' : 'band-fail', title: t(d.withinTolerance ? 'cal.within' : 'cal.outside') }, d.withinTolerance ? '✓' : '✗'),
        h('span', { class: 'sr-only' }, t(d.withinTolerance ? 'cal.within' : 'cal.outside'))) : null);
  };
  const matrix = h('section', { class: 'panel', id: 'per-call' }, h('h2', {}, t('cal.perCall')), h('p', { class: 'muted' }, t('cal.perCallHint')),
    h('div', { class: 'scroll-x' }, h('table', {},
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('cal.person')), results.calls.map(call => h('th', { scope: 'col', class: 'num' }, call.callId)))),
      h('tbody', {},
        h('tr', { class: 'baseline-row', dataset: { person: '@baseline' } }, h('th', { scope: 'row' }, t('cal.baselineRow')),
          results.calls.map(call => h('td', { class: 'num', dataset: { call: call.callId } }, h('strong', {}, fixed(call.baseline))))),
        people.map(p => h('tr', { dataset: { person: p.participantId } }, h('th', { scope: 'row' }, nameOf(session, p.participantId)),
          results.calls.map(call => cell(p, call)))),
        h('tr', { class: 'muted' }, h('th', { scope: 'row' }, t('cal.spread')), results.calls.map(call => h('td', { class: 'num' }, fixed(call.spread))))))));

  const items = h('section', { class: 'panel', id: 'per-item' }, h('h2', {}, t('cal.items')),
    h('p', { class: 'muted', id: 'alpha-legend' }, t('cal.alphaLegend', fewestCalls)),
    h('table', {}, h('thead', {}, h('tr', {}, ['cal.item', 'cal.agreement', 'cal.unanimous', 'cal.alpha', 'cal.reading', 'cal.alphaInterval', 'cal.match']
      .map(k => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, results.items.map(i => {
      const a = i.agreement ?? {};
      const few = (a.pairableCalls ?? 0) < fewestCalls;
      const reading = reliabilityOf(a.alphaNominal);
      return h('tr', { dataset: { item: i.itemId }, class: few ? 'few' : null },
        h('td', {}, i.text), h('td', { class: 'num agreement' }, fixed(a.percentAgreement, 1)),
        h('td', { class: 'num unanimous' }, `${a.unanimousCalls ?? 0} / ${a.calls ?? 0}`),
        h('td', { class: 'num alpha' }, fixed(a.alphaNominal, 3), h('div', { class: 'muted count' }, t('cal.onCalls', a.pairableCalls ?? 0, a.calls ?? 0))),
        h('td', { class: 'reading' }, h('span', { class: `badge read-${reading}` }, t(`cal.read.${reading}`)), reading === 'undefined' ? h('div', { class: 'muted' }, t('cal.read.undefinedWhy')) : null,
          few ? h('div', { class: 'muted' }, t('cal.read.few')) : null),
        h('td', { class: 'num' }, fixed(a.alphaInterval, 3)), h('td', { class: 'num match' }, fixed(i.baselineMatchPercent, 1)));
    }))),
    h('p', { class: 'muted', id: 'score-alpha' }, t('cal.scoreAlpha', fixed(results.scoreAlphaInterval, 3))));
  return [summary, matrix, items];
}
