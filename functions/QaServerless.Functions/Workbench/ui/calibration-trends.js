// Inspector calibration trends and alerts (docs/calibration.md, "Trend and alert"): the QA lead sees every inspector,
// alerts first (two failed sessions in a row); an inspector sees their own trend.
import { t, extend, lang } from './i18n.js';
import { h, render, field } from './dom.js';
import { calibrationApi } from './routes.js';
import { leads, myId } from './calibration.js';

extend({
  'cal.trendsTitle': ['质检员校准趋势与预警', 'Inspector calibration trends and alerts'], 'cal.myTrendTitle': ['我的校准趋势', 'My calibration trend'],
  'cal.inspector': ['质检员', 'Inspector'], 'cal.sessionsCount': ['场次', 'Sessions'], 'cal.passRate': ['通过率', 'Pass rate'],
  'cal.meanDev': ['平均偏差 %', 'Mean deviation %'], 'cal.inARow': ['连续未通过', 'Failed in a row'], 'cal.history': ['各场结果（按结束时间）', 'Each session (in closing order)'],
  'cal.alert': ['预警', 'Alert'], 'cal.alertText': ['连续 {0} 场未通过校准', '{0} calibrations failed in a row'], 'cal.noAlert': ['—', '—'],
  'cal.alertsOnly': ['只看预警', 'Alerts only'], 'cal.noTrends': ['尚无已结束的校准。', 'No closed calibration yet.'],
  'cal.alertRule': ['预警规则：连续两场（或以上）未通过即预警。', 'The alert rule: two (or more) failed sessions in a row.'],
  'cal.sessionOutcome': ['{0}：{1}，平均偏差 {2}%', '{0}: {1}, mean deviation {2} %'], 'cal.backToList': ['返回校准', 'Back to calibration'],
});

const c = encodeURIComponent;

export async function trendsPage(me, center) {
  const lead = leads(me);
  const query = new URLSearchParams(location.hash.split('?')[1] ?? '');
  const alertsOnly = query.get('alerts') === '1';
  // A calibration alert's notification names the inspector: their row is marked and gets the focus.
  const named = (query.get('inspector') ?? '').toLowerCase();
  const [trends, sessions, inspectors] = await Promise.all([
    lead ? calibrationApi.trends(center, alertsOnly) : calibrationApi.trend(center, me.personId ?? me.id).then(x => [x]),
    calibrationApi.sessions(center), lead ? calibrationApi.inspectors(center) : null]);
  const titleOf = new Map(sessions.map(s => [s.sessionId, s.title]));
  const nameOf = id => { const i = (inspectors ?? []).find(x => x.inspectorId.toLowerCase() === id.toLowerCase()); return i ? `${i.name} (${i.inspectorId})` : (id.toLowerCase() === myId(me) ? me.name : id); };

  const toggle = h('input', { type: 'checkbox', id: 'alerts-only', checked: alertsOnly,
    onchange: e => { location.hash = `#/calibration/trends/${c(center)}${e.target.checked ? '?alerts=1' : ''}`; } });
  const isNamed = x => named !== '' && x.inspectorId.toLowerCase() === named;
  const rows = trends.filter(x => x.sessions.length).map(x => h('tr', { dataset: { inspector: x.inspectorId }, class: x.alertActive ? 'alert' : null, 'aria-current': isNamed(x) ? 'true' : null },
    h('td', {}, isNamed(x) ? h('strong', { tabindex: '-1', class: 'named' }, nameOf(x.inspectorId)) : nameOf(x.inspectorId)), h('td', { class: 'num' }, x.sessions.length),
    h('td', { class: 'num pass-rate' }, x.passRate == null ? '—' : `${x.passRate.toFixed(0)}%`),
    h('td', { class: 'num mean' }, x.meanPercent == null ? '—' : x.meanPercent.toFixed(2)),
    h('td', { class: 'num' }, x.consecutiveFailures),
    h('td', { class: 'alert-cell' }, x.alertActive ? h('span', { class: 'badge critical' }, t('cal.alertText', x.consecutiveFailures)) : t('cal.noAlert')),
    h('td', {}, h('ol', { class: 'trend' }, x.sessions.map(s => h('li', { class: s.passed ? 'pass' : 'fail', dataset: { session: s.sessionId } },
      h('a', { href: `#/calibration/${c(center)}/${c(s.sessionId)}`,
        title: t('cal.sessionOutcome', new Date(s.closedAt).toLocaleDateString(lang), s.passed ? t('cal.pass') : t('cal.fail'), s.meanPercent.toFixed(2)) },
        `${titleOf.get(s.sessionId) ?? s.sessionId} · ${s.meanPercent.toFixed(1)}% ${s.passed ? '✓' : '✗'}`),
      x.alertSessions.includes(s.sessionId) ? [' ', h('span', { class: 'badge critical' }, t('cal.alert'))] : null))))));

  render(h('h1', {}, lead ? t('cal.trendsTitle') : t('cal.myTrendTitle')),
    h('p', {}, h('a', { href: `#/calibration/${c(center)}`, id: 'back' }, t('cal.backToList'))),
    h('p', { class: 'muted' }, t('cal.alertRule')),
    lead ? h('div', { class: 'row' }, field(t('cal.alertsOnly'), toggle)) : null,
    rows.length ? h('table', { id: 'trends' },
      h('thead', {}, h('tr', {}, ['cal.inspector', 'cal.sessionsCount', 'cal.passRate', 'cal.meanDev', 'cal.inARow', 'cal.alert', 'cal.history'].map(k => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, rows))
      : h('p', { class: 'panel' }, t('cal.noTrends')));
  (document.querySelector('#trends tr[aria-current] .named') ?? (lead ? toggle : document.getElementById('back')))?.focus();
}
