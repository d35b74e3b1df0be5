// Evaluation lists: the agent's released evaluations, the supervisor's team (with coaching follow-ups), the QA lead's
// appeals to decide. The server scopes what each person sees; these pages only choose the filter.
import { t, extend, lang } from './i18n.js';
import { h, render } from './dom.js';
import { pageShortcuts } from './shortcuts.js';
import { evaluationsApi } from './routes.js';
import { peopleOf, personCell } from './people.js';
import { trendsOf, myTrendPanel, teamTrendPanel } from './agent-trends.js';
import { statusText } from './dispute.js';

extend({
  'ls.my': ['我的评估', 'My evaluations'], 'ls.team': ['班组评估', 'Team evaluations'], 'ls.appeals': ['待裁定的申诉', 'Appeals to decide'],
  'ls.call': ['通话', 'Call'], 'ls.agent': ['座席', 'Agent'], 'ls.score': ['得分', 'Score'], 'ls.band': ['等级', 'Band'], 'ls.status': ['状态', 'Status'],
  'ls.changed': ['更新时间', 'Updated'], 'ls.followUps': ['辅导跟进', 'Coaching follow-ups'], 'ls.due': ['跟进日期', 'Follow up on'],
  'ls.action': ['措施', 'Action'], 'ls.noFollowUps': ['没有待跟进的辅导。', 'No coaching to follow up.'], 'ls.empty': ['暂无评估。', 'No evaluations yet.'],
  'ls.noAppeals': ['没有待裁定的申诉。', 'No appeals to decide.'], 'ls.comment': ['申诉理由', 'Appeal'],
});

const centerOf = me => me.centers.find(c => c !== '*') ?? '';
const when = iso => (iso ? new Date(iso).toLocaleString(lang, { dateStyle: 'short', timeStyle: 'short' }) : '');

function table(center, people, list, extraHeader, extraCell) {
  const rows = list.map(e => h('tr', {},
    h('td', {}, h('a', { class: 'open', href: `#/evaluation/${encodeURIComponent(center)}/${encodeURIComponent(e.evaluationId)}` }, e.callId)),
    h('td', {}, personCell(people, e.agentId)),
    h('td', { class: 'num' }, e.result ? Number(e.result.score).toFixed(2) : '—'),
    h('td', {}, e.result ? h('span', { class: `band-${String(e.result.band).toLowerCase()}` }, t(`ev.band.${e.result.band}`)) : '—'),
    h('td', {}, statusText(e)),
    extraCell ? h('td', {}, extraCell(e)) : null,
    h('td', {}, when(e.changedAt))));
  return h('table', {},
    h('thead', {}, h('tr', {}, ['ls.call', 'ls.agent', 'ls.score', 'ls.band', 'ls.status'].map(k => h('th', { scope: 'col' }, t(k))),
      extraHeader ? h('th', { scope: 'col' }, t(extraHeader)) : null, h('th', { scope: 'col' }, t('ls.changed')))),
    h('tbody', {}, rows));
}

function listKeys() {
  const links = [...document.querySelectorAll('#main a.open')];
  links[0]?.setAttribute('autofocus', '');
  pageShortcuts.set([['j / k', t('sc.move')], ['Enter', t('sc.open')]], (e, typing) => {
    if (typing || e.ctrlKey || e.altKey || e.metaKey) return false;
    const at = links.indexOf(document.activeElement);
    if (e.key === 'j') { links[Math.min(links.length - 1, at + 1)]?.focus(); return true; }
    if (e.key === 'k') { links[Math.max(0, at - 1)]?.focus(); return true; }
    return false;
  });
}

export async function myPage(me) {
  const center = centerOf(me);
  const [list, people, trends] = await Promise.all([evaluationsApi.list(center, { agentId: me.personId }), peopleOf(me, center), trendsOf(center)]);
  render(h('h1', {}, t('ls.my')), myTrendPanel(center, trends.find(a => a.agentId === me.personId), list), list.length ? table(center, people, list) : h('p', { class: 'panel' }, t('ls.empty')));
  listKeys();
}

export async function teamPage(me) {
  const center = centerOf(me);
  const [list, people, trends] = await Promise.all([evaluationsApi.list(center, {}), peopleOf(me, center), trendsOf(center)]);
  const followUps = list.flatMap(e => (e.coaching ?? []).filter(co => co.outcome == null).map(co => ({ e, co })))
    .sort((a, b) => a.co.followUpOn.localeCompare(b.co.followUpOn));
  render(h('h1', {}, t('ls.team')),
    h('section', { class: 'panel' }, h('h2', {}, t('ls.followUps')),
      followUps.length ? h('table', {},
        h('thead', {}, h('tr', {}, ['ls.due', 'ls.agent', 'ls.action', 'ls.call'].map(k => h('th', { scope: 'col' }, t(k))))),
        h('tbody', {}, followUps.map(({ e, co }) => h('tr', {}, h('td', {}, co.followUpOn), h('td', {}, personCell(people, e.agentId)), h('td', {}, co.action),
          h('td', {}, h('a', { href: `#/evaluation/${encodeURIComponent(center)}/${encodeURIComponent(e.evaluationId)}` }, e.callId))))))
        : h('p', { class: 'muted' }, t('ls.noFollowUps'))),
    teamTrendPanel(trends, list, people),
    list.length ? table(center, people, list) : h('p', { class: 'panel' }, t('ls.empty')));
  listKeys();
}

/** The appeal in the list: its comment, and each disputed item with the agent's reason (decided on the evaluation page). */
const appealCell = e => [e.appeal?.comment || null, (e.appeal?.items ?? []).length
  ? h('ul', { class: 'disputed' }, e.appeal.items.map(d => h('li', { dataset: { item: d.itemId } }, h('strong', {}, d.itemId), `: ${d.reason}`))) : null];

export async function appealsPage(me) {
  const center = centerOf(me);
  const [list, people] = await Promise.all([evaluationsApi.list(center, { status: 'Appealed' }), peopleOf(me, center)]);
  render(h('h1', {}, t('ls.appeals')),
    list.length ? table(center, people, list, 'ls.comment', appealCell) : h('p', { class: 'panel' }, t('ls.noAppeals')));
  listKeys();
}
