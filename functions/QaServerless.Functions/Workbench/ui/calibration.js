// Calibration sessions: participants score the same calls blind; the QA lead closes the session with a baseline
// (expert, consensus or the agreed standard) and everybody sees deviations, pass/fail and per-item agreement.
// Routes: #/calibration[/{center}], #/calibration/{center}/{session}[/{call}], #/calibration/new/{center}[?calls=…],
// #/calibration/trends/{center}.
import { t, extend, lang, has } from './i18n.js';
import { h, render, showProblem, clearProblem } from './dom.js';
import { calibrationApi } from './routes.js';
import { createPage, peoplePicker } from './calibration-create.js';
import { scoreCallPage } from './calibration-score.js';
import { closeForm } from './calibration-close.js';
import { resultsPanels } from './calibration-results.js';
import { trendsPage } from './calibration-trends.js';

extend({
  'cal.title': ['校准', 'Calibration'], 'cal.sessions': ['校准场次', 'Sessions'], 'cal.none': ['暂无校准场次。', 'No calibration sessions yet.'],
  'cal.session': ['场次', 'Session'], 'cal.status': ['状态', 'Status'], 'cal.calls': ['通话数', 'Calls'], 'cal.participants': ['参与人数', 'Participants'],
  'cal.created': ['创建时间', 'Created'], 'cal.Open': ['进行中（盲评）', 'Open (blind)'], 'cal.Closed': ['已结束', 'Closed'],
  'cal.new': ['新建校准', 'New calibration'], 'cal.trendsLink': ['质检员趋势与预警', 'Inspector trends and alerts'], 'cal.myTrend': ['我的校准趋势', 'My calibration trend'],
  'cal.due': ['截止 {0}', 'due {0}'], 'cal.scorecard': ['质检标准 {0} v{1}', 'scorecard {0} v{1}'],
  'cal.progress': ['进度', 'Progress'], 'cal.myProgress': ['已评 {0} / {1} 通', '{0} of {1} calls scored'],
  'cal.call': ['通话', 'Call'], 'cal.myScore': ['我的得分', 'My score'], 'cal.scoreIt': ['评分', 'Score it'], 'cal.rescore': ['修改', 'Change'],
  'cal.person': ['人员', 'Person'], 'cal.role': ['身份', 'Role'], 'cal.scoredCalls': ['已评通话', 'Calls scored'], 'cal.complete': ['已完成', 'Done'],
  'cal.role.Inspector': ['质检员', 'Inspector'], 'cal.role.AgentRepresentative': ['座席代表', 'Agent representative'], 'cal.role.Trainer': ['培训师', 'Trainer'],
  'cal.role.TeamLead': ['班组长', 'Team lead'], 'cal.role.QaLead': ['质检主管', 'QA lead'],
  'cal.tolerance': ['容差：{0} {1}', 'Tolerance: {0} {1}'],
  'cal.method.Proportional': ['比例法 ≤ {0}%', 'proportional, ≤ {0} %'], 'cal.method.ScoreDifference': ['分差法 ≤ {0} 分', 'score difference, ≤ {0} points'],
  'cal.rule.Mean': ['（按平均偏差）', '(on the mean)'], 'cal.rule.EveryCall': ['（每通都须在容差内）', '(every call)'],
  'problem.calibration.closed': ['此校准已结束，评分不能再修改。', 'The session is closed: scores can no longer change.'],
  'problem.calibration.still-open': ['主管结束校准后才显示结果。', 'Results show once the QA lead closes the session.'],
  'problem.calibration.closed-other-baseline': ['此校准已用另一种基准结束。', 'The session was closed with another baseline.'],
  'problem.calibration.scorecard-gone': ['此校准所用的质检标准版本已不存在。', 'The session\'s scorecard version is gone.'],
  'cal.inviteMore': ['邀请更多参与者', 'Invite more people'], 'cal.inviteSend': ['发送邀请', 'Send the invitations'],
  'cal.blind': ['盲评：结束前任何人（包括主管）都看不到他人的评分。', 'Blind: nobody (the QA lead included) sees anyone else\'s scores before the close.'],
});

const c = encodeURIComponent;
export const centerOf = me => me.centers.find(x => x !== '*') ?? '';
export const leads = me => me.roles.some(r => r === 'qa-lead' || r === 'admin');
export const myId = me => (me.personId ?? me.id).toLowerCase();

/** "Proportional, ≤ 5 % (on the mean)" as a reader says it. */
export const toleranceText = tol => (tol?.method && has(`cal.method.${tol.method}`)
  ? t('cal.tolerance', t(`cal.method.${tol.method}`, tol.limit ?? '—'), has(`cal.rule.${tol.rule}`) ? t(`cal.rule.${tol.rule}`) : '')
  : t('cal.tolerance', tol?.method ?? '—', tol?.limit ?? ''));

/** A participant by name, with the id after it (ids alone only where there is no name). */
export const nameOf = (session, personId) => {
  const p = (session.participants ?? []).find(x => x.personId?.toLowerCase() === String(personId).toLowerCase());
  return p?.name ? `${p.name} (${p.personId})` : personId;
};

export async function calibrationPage(me, first, second, third) {
  if (first === 'new') return createPage(me, second || centerOf(me));
  if (first === 'trends') return trendsPage(me, second || centerOf(me));
  const center = first || centerOf(me);
  if (second && third) return scoreCallPage(me, center, second, third);
  if (second) return sessionPage(me, center, second);
  const sessions = await calibrationApi.sessions(center);
  render(h('h1', {}, t('cal.title')),
    h('div', { class: 'actions' },
      leads(me) ? h('a', { class: 'button', id: 'new-session', href: `#/calibration/new/${c(center)}` }, t('cal.new')) : null,
      h('a', { class: 'button secondary', id: 'trends-link', href: `#/calibration/trends/${c(center)}` }, leads(me) ? t('cal.trendsLink') : t('cal.myTrend'))),
    sessions.length ? h('table', { id: 'sessions' },
      h('thead', {}, h('tr', {}, ['cal.session', 'cal.status', 'cal.calls', 'cal.participants', 'cal.created'].map(k => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, sessions.map(s => h('tr', { dataset: { session: s.sessionId } },
        h('td', {}, h('a', { class: 'open', href: `#/calibration/${c(center)}/${c(s.sessionId)}` }, s.title)),
        h('td', {}, t(`cal.${s.status}`)), h('td', { class: 'num' }, s.calls), h('td', { class: 'num' }, s.participants),
        h('td', {}, new Date(s.createdAt).toLocaleDateString(lang))))))
      : h('p', { class: 'panel' }, t('cal.none')));
  (document.querySelector('#main #new-session') ?? document.querySelector('#main a.open'))?.focus();
}

async function sessionPage(me, center, sessionId) {
  const view = await calibrationApi.session(center, sessionId);
  const session = view.session;
  const lead = leads(me);
  const participant = (session.participants ?? []).some(p => p.personId?.toLowerCase() === myId(me));
  const parts = [h('h1', {}, `${t('cal.title')} · ${session.title}`),
    h('p', { class: 'muted', id: 'session-facts' }, [t(`cal.${session.status}`), toleranceText(session.tolerance),
      t('cal.scorecard', session.scorecardId, session.scorecardVersion),
      session.dueAt ? t('cal.due', new Date(session.dueAt).toLocaleDateString(lang)) : null].filter(Boolean).join(' · '))];

  if (session.status === 'Open') {
    parts.push(h('p', { class: 'muted' }, t('cal.blind')));
    if (participant) parts.push(await myCallsPanel(center, session));
    const redraw = () => sessionPage(me, center, sessionId);
    if (lead) parts.push(progressPanel(session, view.progress), await inviteForm(center, view, redraw), closeForm(me, center, view, redraw));
  } else {
    parts.push(...resultsPanels(session, await calibrationApi.results(center, sessionId)));
  }
  render(...parts);
  // Straight to the work: the first call still to score, else the close form.
  (document.querySelector('#main #my-calls a.todo') ?? document.querySelector('#main #my-calls a, #main #baseline'))?.focus();
}

/** The participant's calls: their own saved score per call (blind: nobody else's) and how far they are. */
async function myCallsPanel(center, session) {
  const mine = new Map((await calibrationApi.scores(center, session.sessionId)).map(s => [s.callId, s]));
  const done = session.callIds.filter(id => mine.has(id)).length;
  return h('section', { class: 'panel', id: 'my-calls' }, h('h2', {}, t('cal.progress')),
    h('p', { id: 'my-progress' }, h('strong', {}, t('cal.myProgress', done, session.callIds.length))),
    h('table', {}, h('thead', {}, h('tr', {}, ['cal.call', 'cal.myScore', ''].map(k => h('th', { scope: 'col' }, k ? t(k) : '')))),
      h('tbody', {}, session.callIds.map(id => h('tr', { dataset: { call: id } }, h('td', {}, id),
        h('td', { class: 'num' }, mine.has(id) ? Number(mine.get(id).score).toFixed(2) : '—'),
        h('td', {}, h('a', { class: mine.has(id) ? 'secondary' : 'todo', href: `#/calibration/${c(center)}/${c(session.sessionId)}/${c(id)}` },
          mine.has(id) ? t('cal.rescore') : t('cal.scoreIt'))))))));
}

/** The lead follows everybody's progress, never their scores, until the close. */
function progressPanel(session, progress) {
  return h('section', { class: 'panel', id: 'progress' }, h('h2', {}, t('cal.progress')),
    h('table', {}, h('thead', {}, h('tr', {}, ['cal.person', 'cal.role', 'cal.scoredCalls'].map(k => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, (progress ?? []).map(p => h('tr', { dataset: { person: p.personId } },
        h('td', {}, nameOf(session, p.personId)), h('td', {}, t(`cal.role.${p.role}`)),
        h('td', { class: 'num' }, `${p.callsScored} / ${session.callIds.length}`, p.submitted ? [' ', h('span', { class: 'badge ok' }, t('cal.complete'))] : null))))));
}

/** The lead invites more people while the session is open (with its ETag: an invitation crossing another change is refused). */
async function inviteForm(center, view, redraw) {
  const inSession = id => (view.session.participants ?? []).some(p => p.personId?.toLowerCase() === id.toLowerCase());
  const [inspectors, agents] = await Promise.all([calibrationApi.inspectors(center), calibrationApi.agents(center)]);
  const picker = peoplePicker((inspectors ?? []).filter(i => !inSession(i.inspectorId)), (agents ?? []).filter(a => !inSession(a.agentId)));
  const form = h('form', { id: 'invite-form', novalidate: true, 'aria-label': t('cal.inviteMore') },
    h('details', {}, h('summary', {}, t('cal.inviteMore')), picker.box,
      h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'send-invites', class: 'secondary' }, t('cal.inviteSend')))));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    clearProblem();
    try {
      await calibrationApi.invite(center, view, [...picker.invited.values()]);
      await redraw();
    } catch (problem) { showProblem(problem, form); }
  });
  return form;
}
