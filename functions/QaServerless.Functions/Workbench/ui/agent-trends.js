// The agent's and the supervisor's views (issue 15 part 6): the monthly QA score over the last months, the average,
// the quartile within the center (no other agent's figure is sent: GET /api/kpis/{center}/agents/trends), and the
// coaching actions with their follow-up dates (from the evaluations the person may see).
import { t, extend, lang } from './i18n.js';
import { get } from './api.js';
import { h } from './dom.js';
import { personCell } from './people.js';

extend({
  'tr.mine': ['我的质检趋势', 'My QA trend'], 'tr.team': ['班组成员趋势', 'Team members\' trends'],
  'tr.average': ['近 {0} 个月平均分：{1}', 'Average over {0} months: {1}'], 'tr.averageHead': ['近 {0} 个月平均分', 'Average, {0} months'], 'tr.evaluations': ['评估 {0} 条', '{0} evaluations'],
  'tr.quartile.1': ['中心前 25%', 'Top 25 % of the center'], 'tr.quartile.2': ['中心 25%–50%', '25–50 % of the center'],
  'tr.quartile.3': ['中心 50%–75%', '50–75 % of the center'], 'tr.quartile.4': ['中心后 25%', 'Bottom 25 % of the center'],
  'tr.standing': ['{0}：{1}（{2} 名座席参评）', '{0}: {1} ({2} agents evaluated)'], 'tr.noStanding': ['尚无排名：本期没有评估。', 'No standing yet: no evaluations in this period.'],
  'tr.monthly': ['每月平均分', 'Mean score by month'], 'tr.noScore': ['无评估', 'none'],
  'tr.agent': ['座席', 'Agent'], 'tr.band': ['排名区间', 'Standing'], 'tr.openCoaching': ['待跟进辅导', 'Open coaching'],
  'tr.coaching': ['我的辅导', 'My coaching'], 'tr.noCoaching': ['没有分配给你的辅导。', 'No coaching for you.'],
  'tr.due': ['跟进日期', 'Follow up on'], 'tr.action': ['措施', 'Action'], 'tr.state': ['状态', 'State'], 'tr.call': ['通话', 'Call'],
  'tr.open': ['待跟进', 'open'], 'tr.overdue': ['已逾期', 'overdue'], 'tr.done': ['已跟进：{0}', 'followed up: {0}'], 'tr.improved': ['已改进', 'improved'],
  'tr.noAgents': ['本期没有班组成员的评估。', 'No evaluations of team members in this period.'],
});

const c = encodeURIComponent;
const today = () => new Date().toLocaleDateString('sv'); // yyyy-MM-dd in the browser's zone
const monthLabel = m => new Date(`${m}-01T00:00:00`).toLocaleDateString(lang, { year: '2-digit', month: 'short' });

/** The agents' trends the caller may see ([] when the API has none for this role). */
export const trendsOf = center => get(`/api/kpis/${c(center)}/agents/trends?months=6`).then(r => r.agents ?? [], () => []);

/** One agent's months as bars on the 0–100 scale, each with its value, a month without evaluations as "none". */
function monthBars(trend, id) {
  const label = `${t('tr.monthly')}: ${trend.months.map(m => `${monthLabel(m.month)} ${m.meanScore ?? t('tr.noScore')}`).join(', ')}`;
  return h('figure', { class: 'trend', id },
    h('div', { class: 'chart', role: 'img', 'aria-label': label },
      trend.months.map(m => h('div', { class: `bar${m.meanScore == null ? ' empty' : ''}`, style: `height:${Math.round(Number(m.meanScore ?? 0))}%`, dataset: { month: m.month } },
        h('span', {}, m.meanScore == null ? '—' : Number(m.meanScore).toFixed(1))))),
    h('div', { class: 'chart-labels', 'aria-hidden': 'true' }, trend.months.map(m => h('span', {}, monthLabel(m.month)))));
}

const standingText = trend => (trend.standing
  ? t('tr.standing', trend.standing.month, t(`tr.quartile.${trend.standing.quartile}`), trend.standing.rankedAgents) : t('tr.noStanding'));

function coachingState(co) {
  if (co.outcome != null) return [t('tr.done', co.outcome), co.improved ? [' ', h('span', { class: 'badge ok' }, t('tr.improved'))] : null];
  return co.followUpOn < today() ? h('span', { class: 'badge critical' }, t('tr.overdue')) : h('span', { class: 'badge warning' }, t('tr.open'));
}

/** The agent's own panel: trend, average, quartile; then the coaching planned on their evaluations, soonest first. */
export function myTrendPanel(center, trend, evaluations) {
  const coaching = evaluations.flatMap(e => (e.coaching ?? []).map(co => ({ e, co })))
    .sort((a, b) => (a.co.outcome != null) - (b.co.outcome != null) || a.co.followUpOn.localeCompare(b.co.followUpOn));
  return [
    h('section', { class: 'panel', id: 'my-trend' }, h('h2', {}, t('tr.mine')),
      trend ? [
        h('p', {}, h('strong', { id: 'my-average' }, t('tr.average', trend.months.length, trend.average ?? '—')), ' · ', t('tr.evaluations', trend.evaluations)),
        h('p', { id: 'my-standing' }, standingText(trend)), monthBars(trend, 'my-months')]
        : h('p', { class: 'muted' }, t('tr.noStanding'))),
    h('section', { class: 'panel', id: 'my-coaching' }, h('h2', {}, t('tr.coaching')),
      coaching.length ? h('table', {},
        h('thead', {}, h('tr', {}, ['tr.due', 'tr.action', 'tr.state', 'tr.call'].map(k => h('th', { scope: 'col' }, t(k))))),
        h('tbody', {}, coaching.map(({ e, co }) => h('tr', { dataset: { coaching: co.coachingId } },
          h('td', {}, co.followUpOn), h('td', {}, co.action), h('td', {}, coachingState(co)),
          h('td', {}, h('a', { href: `#/evaluation/${c(center)}/${c(e.evaluationId)}` }, e.callId))))))
        : h('p', { class: 'muted' }, t('tr.noCoaching'))),
  ];
}

/** The supervisor's team: each agent's months, average, quartile and open coaching. */
export function teamTrendPanel(trends, evaluations, people) {
  const open = id => evaluations.filter(e => e.agentId === id).flatMap(e => e.coaching ?? []).filter(co => co.outcome == null).length;
  return h('section', { class: 'panel', id: 'team-trends' }, h('h2', {}, t('tr.team')),
    trends.length ? h('table', {},
      h('thead', {}, h('tr', {}, [t('tr.agent'), t('tr.monthly'), t('tr.averageHead', trends[0].months.length), t('tr.band'), t('tr.openCoaching')].map(x => h('th', { scope: 'col' }, x)))),
      h('tbody', {}, trends.map(a => h('tr', { dataset: { agent: a.agentId } },
        h('td', {}, personCell(people, a.agentId)), h('td', { class: 'trend-cell' }, monthBars(a)),
        h('td', { class: 'num average' }, a.average ?? '—'),
        h('td', { class: 'standing' }, a.standing ? t(`tr.quartile.${a.standing.quartile}`) : '—'),
        h('td', { class: 'num open-coaching' }, open(a.agentId))))))
      : h('p', { class: 'muted' }, t('tr.noAgents')));
}
