// QA lead: sampling coverage per agent for a month — evaluated so far against the target, and how far the agent's
// figures can be trusted: the mean's 95 % margin (Student's t, cut to 0–100), pass and critical-error rates with their
// Wilson intervals. Below the API's minimum number of evaluations no margin is shown: "not enough evaluations".
import { t, extend } from './i18n.js';
import { get } from './api.js';
import { h, render } from './dom.js';
import { peopleOf, personCell } from './people.js';

extend({
  'cov.title': ['抽检覆盖', 'Sampling coverage'], 'cov.month': ['月份', 'Month'], 'cov.show': ['查看', 'Show'],
  'cov.summary': ['{0} · 抽样方案 v{1} · 误差 ≤ ±{2} 分视为可信', '{0} · plan v{1} · trustworthy when the margin is ≤ ±{2} points'],
  'cov.agent': ['座席', 'Agent'], 'cov.target': ['目标', 'Target'], 'cov.population': ['通话量', 'Calls'], 'cov.sampled': ['抽中', 'Sampled'],
  'cov.assigned': ['已分配', 'Assigned'], 'cov.evaluated': ['已评估', 'Evaluated'], 'cov.progress': ['完成度', 'Progress'],
  'cov.mean': ['平均分', 'Mean score'], 'cov.margin': ['误差（95%）', 'Margin (95 %)'], 'cov.trust': ['可信', 'Trustworthy'],
  'cov.newHire': ['新员工', 'new hire'], 'cov.watch': ['重点关注', 'watch list'], 'cov.none': ['本月暂无数据。', 'No data for this month yet.'],
  'cov.yes': ['是', 'yes'], 'cov.no': ['否', 'no'],
  'cov.passRate': ['合格率', 'Pass rate'], 'cov.criticalRate': ['致命错误率', 'Critical-error rate'],
  'cov.notEnough': ['评估不足（{0} 条，至少 {1} 条）', 'not enough evaluations ({0} of {1} needed)'],
  'cov.minimum': ['少于 {0} 条评估不计算误差。均值误差：t 分布，限于 0–100 分；比率：Wilson 区间。', 'Fewer than {0} evaluations give no margin. Mean: Student\'s t, cut to the 0–100 scale; rates: Wilson interval.'],
  'cov.ofN': ['{0}/{1}', '{0} of {1}'],
});

const f1 = x => (x == null ? '—' : Number(x).toFixed(1));
const pct = x => `${Math.round(Number(x) * 100)}%`;

/** Below the minimum: the count and "not enough evaluations", never a number that looks like a margin. */
const notEnough = (a, report) => h('span', { class: 'muted not-enough' }, t('cov.notEnough', a.evaluated, report.minimumEvaluations));

/** The mean's margin and its interval on the scale (e.g. ±49.3 (0.0–69.3)). */
function marginCell(a, report) {
  if (!a.enoughEvaluations || a.marginOfError == null) return a.evaluated ? notEnough(a, report) : '—';
  const i = a.scoreInterval;
  return [`±${f1(a.marginOfError)}`, i ? h('div', { class: 'muted' }, `${f1(i.low)}–${f1(i.high)}`) : null];
}

/** A rate with the count it rests on; its Wilson interval once there are enough evaluations. */
function rateCell(rate) {
  if (!rate || !rate.of) return '—';
  const count = t('cov.ofN', rate.count, rate.of);
  return rate.interval ? [pct(rate.share), h('div', { class: 'muted' }, `${count} · ${pct(rate.interval.low)}–${pct(rate.interval.high)}`)]
    : h('span', { class: 'muted' }, count);
}

/** Route #/coverage or #/coverage/{center}/{yyyy-MM}. */
export async function coveragePage(me, centerParam, month) {
  const center = centerParam || me.centers.find(x => x !== '*') || '';
  const people = await peopleOf(me, center);
  const report = await get(`/api/sampling/${encodeURIComponent(center)}/coverage${month ? `?month=${encodeURIComponent(month)}` : ''}`);
  const monthInput = h('input', { id: 'cov-month', name: 'month', type: 'month', value: report.month, style: 'width:12rem' });
  const form = h('form', { class: 'row panel', onsubmit: e => { e.preventDefault(); location.hash = `#/coverage/${encodeURIComponent(center)}/${monthInput.value}`; } },
    h('label', { for: 'cov-month' }, t('cov.month')), monthInput, h('button', { type: 'submit', class: 'secondary' }, t('cov.show')));
  const agents = [...report.agents].sort((a, b) => (a.evaluated / (a.target || 1)) - (b.evaluated / (b.target || 1)));
  const bar = a => {
    const share = Math.min(1, a.target > 0 ? a.evaluated / a.target : 1);
    return h('span', { class: 'meter', role: 'img', 'aria-label': `${Math.round(share * 100)} %` },
      h('span', { style: `display:inline-block;height:.6rem;width:${Math.round(share * 8)}rem;background:var(--brand);border-radius:.3rem` }),
      h('span', { style: `display:inline-block;height:.6rem;width:${8 - Math.round(share * 8)}rem;background:var(--line);border-radius:.3rem` }),
      ` ${Math.round(share * 100)}%`);
  };
  render(h('h1', {}, t('cov.title')),
    h('p', { class: 'muted' }, t('cov.summary', report.month, report.planVersion, report.trustworthyMargin)),
    h('p', { class: 'muted', id: 'cov-minimum' }, t('cov.minimum', report.minimumEvaluations)), form,
    agents.length ? h('table', {},
      h('thead', {}, h('tr', {}, ['cov.agent', 'cov.target', 'cov.population', 'cov.sampled', 'cov.assigned', 'cov.evaluated', 'cov.progress', 'cov.mean', 'cov.margin', 'cov.passRate', 'cov.criticalRate', 'cov.trust']
        .map(k => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, agents.map(a => h('tr', { dataset: { agent: a.agentId } },
        h('td', {}, personCell(people, a.agentId), a.newHire ? [' ', h('span', { class: 'badge warning' }, t('cov.newHire'))] : null, a.onWatchList ? [' ', h('span', { class: 'badge critical' }, t('cov.watch'))] : null),
        h('td', { class: 'num' }, f1(a.target)), h('td', { class: 'num' }, a.population), h('td', { class: 'num' }, a.sampled),
        h('td', { class: 'num' }, a.assigned), h('td', { class: 'num' }, a.evaluated), h('td', {}, bar(a)),
        h('td', { class: 'num' }, f1(a.meanScore)), h('td', { class: 'num margin' }, marginCell(a, report)),
        h('td', { class: 'num pass-rate' }, rateCell(a.passRate)), h('td', { class: 'num critical-rate' }, rateCell(a.criticalErrorRate)),
        h('td', { class: 'trust' }, a.trustworthy ? t('cov.yes') : t('cov.no'))))))
      : h('p', { class: 'panel' }, t('cov.none')));
}
