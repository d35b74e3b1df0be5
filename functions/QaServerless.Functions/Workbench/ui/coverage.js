// QA lead: sampling coverage per agent for a month — evaluated so far against the target, and how far the agent's
// mean score can be trusted (95 % margin of error).
import { t, extend } from './i18n.js';
import { get } from './api.js';
import { h, render } from './dom.js';

extend({
  'cov.title': ['抽检覆盖', 'Sampling coverage'], 'cov.month': ['月份', 'Month'], 'cov.show': ['查看', 'Show'],
  'cov.summary': ['{0} · 抽样方案 v{1} · 误差 ≤ ±{2} 分视为可信', '{0} · plan v{1} · trustworthy when the margin is ≤ ±{2} points'],
  'cov.agent': ['座席', 'Agent'], 'cov.target': ['目标', 'Target'], 'cov.population': ['通话量', 'Calls'], 'cov.sampled': ['抽中', 'Sampled'],
  'cov.assigned': ['已分配', 'Assigned'], 'cov.evaluated': ['已评估', 'Evaluated'], 'cov.progress': ['完成度', 'Progress'],
  'cov.mean': ['平均分', 'Mean score'], 'cov.margin': ['误差（95%）', 'Margin (95 %)'], 'cov.trust': ['可信', 'Trustworthy'],
  'cov.newHire': ['新员工', 'new hire'], 'cov.watch': ['重点关注', 'watch list'], 'cov.none': ['本月暂无数据。', 'No data for this month yet.'],
  'cov.yes': ['是', 'yes'], 'cov.no': ['否', 'no'],
});

const f1 = x => (x == null ? '—' : Number(x).toFixed(1));

/** Route #/coverage or #/coverage/{center}/{yyyy-MM}. */
export async function coveragePage(me, centerParam, month) {
  const center = centerParam || me.centers.find(x => x !== '*') || '';
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
    h('p', { class: 'muted' }, t('cov.summary', report.month, report.planVersion, report.trustworthyMargin)), form,
    agents.length ? h('table', {},
      h('thead', {}, h('tr', {}, ['cov.agent', 'cov.target', 'cov.population', 'cov.sampled', 'cov.assigned', 'cov.evaluated', 'cov.progress', 'cov.mean', 'cov.margin', 'cov.trust']
        .map(k => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, agents.map(a => h('tr', {},
        h('td', {}, a.agentId, a.newHire ? [' ', h('span', { class: 'badge warning' }, t('cov.newHire'))] : null, a.onWatchList ? [' ', h('span', { class: 'badge critical' }, t('cov.watch'))] : null),
        h('td', { class: 'num' }, f1(a.target)), h('td', { class: 'num' }, a.population), h('td', { class: 'num' }, a.sampled),
        h('td', { class: 'num' }, a.assigned), h('td', { class: 'num' }, a.evaluated), h('td', {}, bar(a)),
        h('td', { class: 'num' }, f1(a.meanScore)), h('td', { class: 'num' }, a.marginOfError == null ? '—' : `±${f1(a.marginOfError)}`),
        h('td', {}, a.trustworthy ? t('cov.yes') : t('cov.no'))))))
      : h('p', { class: 'panel' }, t('cov.none')));
}
