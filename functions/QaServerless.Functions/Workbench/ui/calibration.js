// Calibration sessions: participants score the same calls blind; the QA lead closes the session with a baseline
// (expert, consensus or the agreed standard) and everybody sees deviations, pass/fail and per-item agreement.
import { t, extend, lang, has } from './i18n.js';
import { get, api } from './api.js';
import { h, field, render, showProblem, clearProblem, toast } from './dom.js';
import { peopleOf, personCell } from './people.js';
import { scorecardsApi } from './routes.js';

/** "Proportional 5" as a reader says it: the method in words, with the limit's unit. */
const toleranceText = tol => (tol?.method && has(`cal.method.${tol.method}`)
  ? t('cal.tolerance', t(`cal.method.${tol.method}`, tol.limit ?? '—'), '') : t('cal.tolerance', tol?.method ?? '—', tol?.limit ?? ''));

extend({
  'cal.title': ['校准', 'Calibration'], 'cal.sessions': ['校准场次', 'Sessions'], 'cal.none': ['暂无校准场次。', 'No calibration sessions yet.'],
  'cal.session': ['场次', 'Session'], 'cal.status': ['状态', 'Status'], 'cal.calls': ['通话数', 'Calls'], 'cal.participants': ['参与人数', 'Participants'],
  'cal.created': ['创建时间', 'Created'], 'cal.Open': ['进行中（盲评）', 'Open (blind)'], 'cal.Closed': ['已结束', 'Closed'],
  'cal.scoreCall': ['为通话 {0} 评分', 'Score call {0}'], 'cal.saveScore': ['保存评分', 'Save my score'], 'cal.saved': ['已保存通话 {0} 的评分', 'Saved your score of call {0}'],
  'cal.progress': ['进度', 'Progress'], 'cal.scored': ['已评 {0} 通', '{0} calls scored'], 'cal.close': ['结束校准', 'Close the session'],
  'cal.baseline': ['基准', 'Baseline'], 'cal.Expert': ['专家评分', 'Expert\'s score'], 'cal.Consensus': ['小组共识（均值）', 'Group consensus (mean)'],
  'cal.Standard': ['讨论后的标准分', 'Agreed standard'], 'cal.expert': ['专家（人员编号）', 'Expert (person id)'],
  'cal.results': ['校准结果', 'Results'], 'cal.person': ['人员', 'Person'], 'cal.meanPercent': ['平均偏差 %', 'Mean deviation %'],
  'cal.meanPoints': ['平均偏差（分）', 'Mean deviation (points)'], 'cal.passed': ['结果', 'Outcome'], 'cal.pass': ['通过', 'Pass'], 'cal.fail': ['未通过', 'Fail'],
  'cal.items': ['各项一致性', 'Agreement per item'], 'cal.item': ['项目', 'Item'], 'cal.agreement': ['一致率 %', 'Agreement %'], 'cal.alpha': ['Krippendorff α', 'Krippendorff α'],
  'cal.onCalls': ['基于 {0}/{1} 通电话', 'on {0} of {1} calls'],
  'cal.tolerance': ['容差：{0} {1}', 'Tolerance: {0} {1}'],
  'cal.method.Proportional': ['比例法 ≤ {0}%', 'proportional, ≤ {0} %'], 'cal.method.ScoreDifference': ['分差法 ≤ {0} 分', 'score difference, ≤ {0} points'],
});

const c = encodeURIComponent;
const base = center => `/api/calibration/${c(center)}`;
const centerOf = me => me.centers.find(x => x !== '*') ?? '';
const pct = x => (x == null ? '—' : Number(x).toFixed(1));

/** Route #/calibration or #/calibration/{center}/{sessionId}. */
export async function calibrationPage(me, centerParam, sessionId) {
  const center = centerParam || centerOf(me);
  if (sessionId) return sessionPage(me, center, sessionId);
  const sessions = await get(`${base(center)}/sessions`);
  render(h('h1', {}, t('cal.title')),
    sessions.length ? h('table', {},
      h('thead', {}, h('tr', {}, ['cal.session', 'cal.status', 'cal.calls', 'cal.participants', 'cal.created'].map(k => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, sessions.map(s => h('tr', {},
        h('td', {}, h('a', { class: 'open', href: `#/calibration/${c(center)}/${c(s.sessionId)}` }, s.title)),
        h('td', {}, t(`cal.${s.status}`)), h('td', { class: 'num' }, s.calls), h('td', { class: 'num' }, s.participants),
        h('td', {}, new Date(s.createdAt).toLocaleDateString(lang))))))
      : h('p', { class: 'panel' }, t('cal.none')));
  document.querySelector('#main a.open')?.setAttribute('autofocus', '');
}

async function sessionPage(me, center, sessionId) {
  const [view, people] = await Promise.all([get(`${base(center)}/sessions/${c(sessionId)}`), peopleOf(me, center)]);
  const session = view.session ?? view;
  const lead = me.roles.some(r => r === 'qa-lead' || r === 'admin');
  const participant = (session.participants ?? []).some(p => p.personId?.toLowerCase() === (me.personId ?? me.id).toLowerCase());
  const parts = [h('h1', {}, `${t('cal.title')} · ${session.title}`),
    h('p', { class: 'muted' }, `${t(`cal.${session.status}`)} · ${toleranceText(session.tolerance)}`)];

  if (session.status === 'Open') {
    if (participant) {
      const card = await scorecardsApi.version(center, session.scorecardId, session.scorecardVersion);
      const items = card.sections.flatMap(s => s.items);
      for (const callId of session.callIds) {
        const selects = items.map(item => {
          const options = item.answerType === 'Scale'
            ? Array.from({ length: item.scaleMax + 1 }, (_, p) => [String(p), t('ev.points', p)])
            : [['1', t('ev.yes')], ['0', t('ev.no')]];
          if (item.notApplicableAllowed) options.push(['na', t('ev.na')]);
          return field(item.text, h('select', { name: item.itemId }, h('option', { value: '' }, '—'), options.map(([v, l]) => h('option', { value: v }, l))));
        });
        const form = h('form', { class: 'panel', 'aria-label': t('cal.scoreCall', callId) }, h('h2', {}, t('cal.scoreCall', callId)),
          h('div', { class: 'grid' }, selects), h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('cal.saveScore'))));
        form.addEventListener('submit', async e => {
          e.preventDefault();
          clearProblem();
          const answers = [...form.querySelectorAll('select')].filter(s => s.value !== '').map(s =>
            s.value === 'na' ? { itemId: s.name, notApplicable: true } : { itemId: s.name, points: Number(s.value) });
          try { await api('PUT', `${base(center)}/sessions/${c(sessionId)}/scores/${c(callId)}`, { answers }); toast(t('cal.saved', callId)); } catch (err) { showProblem(err); }
        });
        parts.push(form);
      }
    }
    if (lead) {
      parts.push(h('section', { class: 'panel' }, h('h2', {}, t('cal.progress')),
        h('ul', {}, (view.progress ?? []).map(p => h('li', {}, personCell(people, p.personId), ` · ${t('cal.scored', p.callsScored)}`)))));
      const baseline = h('select', { name: 'baseline' }, ['Consensus', 'Expert', 'Standard'].map(k => h('option', { value: k }, t(`cal.${k}`))));
      const expert = h('input', { name: 'expertId' });
      const close = h('form', { class: 'panel', 'aria-label': t('cal.close') }, field(t('cal.baseline'), baseline), field(t('cal.expert'), expert),
        h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('cal.close'))));
      close.addEventListener('submit', async e => {
        e.preventDefault();
        clearProblem();
        try {
          await api('POST', `${base(center)}/sessions/${c(sessionId)}/close`, { baseline: baseline.value, expertId: expert.value || null },
            { etag: view.etag });
          await sessionPage(me, center, sessionId);
        } catch (err) { showProblem(err); }
      });
      parts.push(close);
    }
  } else {
    const results = await get(`${base(center)}/sessions/${c(sessionId)}/results`);
    parts.push(h('section', { class: 'panel' }, h('h2', {}, t('cal.results')),
      h('table', {}, h('thead', {}, h('tr', {}, ['cal.person', 'cal.meanPercent', 'cal.meanPoints', 'cal.passed'].map(k => h('th', { scope: 'col' }, t(k))))),
        h('tbody', {}, results.participants.map(p => h('tr', {}, h('td', {}, personCell(people, p.participantId), p.isBaseline ? ` (${t('cal.baseline')})` : ''),
          h('td', { class: 'num' }, pct(p.result?.meanPercent)), h('td', { class: 'num' }, pct(p.result?.meanPoints)),
          h('td', {}, p.result ? h('span', { class: p.result.passed ? 'band-excellent' : 'band-fail' }, p.result.passed ? t('cal.pass') : t('cal.fail')) : '—')))))),
      h('section', { class: 'panel' }, h('h2', {}, t('cal.items')),
        h('table', {}, h('thead', {}, h('tr', {}, ['cal.item', 'cal.agreement', 'cal.alpha'].map(k => h('th', { scope: 'col' }, t(k))))),
          h('tbody', {}, results.items.map(i => h('tr', {}, h('td', {}, i.text), h('td', { class: 'num' }, pct(i.agreement?.percentAgreement == null ? null : i.agreement.percentAgreement * (i.agreement.percentAgreement <= 1 ? 100 : 1))),
            h('td', { class: 'num' }, i.agreement?.alphaNominal == null ? '—' : Number(i.agreement.alphaNominal).toFixed(3),
              // The count α rests on: calls that at least two people answered.
              i.agreement ? h('div', { class: 'muted' }, t('cal.onCalls', i.agreement.pairableCalls ?? 0, i.agreement.calls ?? 0)) : null)))))));
  }
  render(...parts);
}
