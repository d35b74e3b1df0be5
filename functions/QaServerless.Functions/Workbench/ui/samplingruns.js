// What a day's sampling run did with the plan: the header (plan version, capacity, population, drawn, cut, shortfall),
// every stratum (agent × business type) with why it drew what it drew, and the calls it sent to the inspectors.
import { t, extend } from './i18n.js';
import { h } from './dom.js';
import { ApiProblem } from './api.js';
import { samplingRunsApi } from './routes.js';

extend({
  'run.day': ['抽样日（通话日期）', 'Run day (the calls\' day)'], 'run.show': ['查看', 'Show'],
  'run.none': ['{0} 没有抽样记录（那天没有运行，或不是工作日）。', 'No sampling run for {0} (it did not run, or it was no working day).'],
  'run.header': ['{0}：按方案版本 {1} 抽样，{2}，送交质检日 {3}', '{0}: sampled on plan version {1}, {2}, for work day {3}'],
  'run.status.Drawing': ['抽取中', 'drawing'], 'run.status.Drawn': ['已抽取', 'drawn'], 'run.status.Sent': ['已送交分配', 'sent to assignment'],
  'run.population': ['通话总数', 'Calls'], 'run.capacity': ['质检容量', 'Capacity'], 'run.mustInclude': ['必抽', 'Must include'],
  'run.demand': ['方案需求', 'Plan asked'], 'run.drawn': ['抽中', 'Drawn'], 'run.cut': ['因容量削减', 'Cut for capacity'], 'run.shortfall': ['缺口', 'Shortfall'],
  'run.strata': ['分层（座席 × 业务类型）', 'Strata (agent × business type)'], 'run.agent': ['座席', 'Agent'], 'run.businessType': ['业务类型', 'Business type'],
  'run.quota': ['配额', 'Quota'], 'run.why': ['原因', 'Why'], 'run.calls': ['抽中的通话', 'Calls drawn'], 'run.call': ['通话', 'Call'], 'run.team': ['班组', 'Team'],
  'run.reason': ['抽中原因', 'Reason'],
});

const head = keys => h('thead', {}, h('tr', {}, keys.map(k => h('th', { scope: 'col' }, t(k)))));
const num = x => h('td', { class: 'num' }, x);

/** Yesterday in the browser's calendar: the day the daily run samples by default. */
export const yesterday = () => new Date(Date.now() - 86_400_000).toLocaleDateString('sv');

/** The runs tab of the settings page for a day (yyyy-MM-dd). */
export async function samplingRunsPanel(center, day) {
  const input = h('input', { type: 'date', id: 'run-day', name: 'day', value: day, class: 'short' });
  const form = h('form', { class: 'row panel', onsubmit: e => { e.preventDefault(); location.hash = `#/settings/${encodeURIComponent(center)}/runs/${input.value}`; } },
    h('label', { for: 'run-day' }, t('run.day')), input, h('button', { type: 'submit', class: 'secondary' }, t('run.show')));
  let report;
  try { report = await samplingRunsApi.run(center, day); } catch (e) {
    if (e instanceof ApiProblem && e.status === 404) return [form, h('p', { class: 'panel', id: 'run-none' }, t('run.none', day))];
    throw e;
  }
  const calls = await samplingRunsApi.calls(center, day);
  const r = report.run;
  const figures = [['run.population', r.population], ['run.capacity', r.capacity], ['run.mustInclude', r.mustInclude], ['run.demand', r.demand],
    ['run.drawn', r.drawn], ['run.cut', r.cut], ['run.shortfall', r.shortfall]];
  return [form,
    h('section', { class: 'panel', id: 'run-header' },
      h('p', {}, t('run.header', r.day, r.planVersion, t(`run.status.${r.status}`), r.workDay)),
      h('table', {}, head(figures.map(([k]) => k)), h('tbody', {}, h('tr', {}, figures.map(([, v]) => num(v)))))),
    h('section', { class: 'panel', id: 'run-strata' }, h('h2', {}, t('run.strata'), ` (${report.strata.length})`),
      h('table', {}, head(['run.agent', 'run.businessType', 'run.population', 'run.demand', 'run.quota', 'run.drawn', 'run.mustInclude', 'run.why']),
        h('tbody', {}, report.strata.map(s => h('tr', { dataset: { agent: s.agentId } }, h('td', {}, s.agentId), h('td', {}, s.businessType),
          num(s.population), num(s.demand), num(s.quota), num(s.drawn), num(s.mustInclude), h('td', {}, s.why)))))),
    h('section', { class: 'panel', id: 'run-calls' }, h('h2', {}, t('run.calls'), ` (${calls.length})`),
      h('table', {}, head(['run.call', 'run.agent', 'run.team', 'run.businessType', 'run.reason']),
        h('tbody', {}, calls.map(x => h('tr', {}, h('td', {}, x.callId), h('td', {}, x.agentId), h('td', {}, x.team), h('td', {}, x.businessType), h('td', {}, x.reason))))))];
}
