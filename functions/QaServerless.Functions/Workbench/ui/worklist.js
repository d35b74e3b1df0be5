// Inspector: today's worklist (priority = why the call was sampled, due = the work day). j/k move, Enter opens.
import { t, extend } from './i18n.js';
import { get } from './api.js';
import { h, render } from './dom.js';
import { pageShortcuts } from './shortcuts.js';
import { peopleOf, personCell } from './people.js';

extend({
  'wl.title': ['今日任务', 'Today\'s worklist'],
  'wl.summary': ['{0} · 共 {1} 条，日上限 {2}', '{0} · {1} calls, daily cap {2}'],
  'wl.call': ['通话', 'Call'], 'wl.agent': ['座席', 'Agent'], 'wl.team': ['班组', 'Team'], 'wl.business': ['业务类型', 'Business type'],
  'wl.reason': ['抽检原因', 'Why sampled'], 'wl.due': ['截止', 'Due'], 'wl.status': ['状态', 'Status'], 'wl.open': ['评估', 'Evaluate'],
  'wl.deferred': ['顺延', 'deferred'], 'wl.empty': ['今天没有分配给你的通话。', 'No calls assigned to you today.'],
  'wl.reassign': ['改派', 'Reassign'], 'wl.day': ['日期', 'Day'], 'wl.inspector': ['质检员', 'Inspector'], 'wl.show': ['查看', 'Show'],
  'status.Assigned': ['待评估', 'To do'], 'status.InProgress': ['进行中', 'In progress'], 'status.Completed': ['已完成', 'Done'],
  'sc.move': ['上一条 / 下一条', 'Previous / next'], 'sc.open': ['打开评估', 'Open the evaluation'],
});

/** Sampling reasons come from the sampling plan; known ones read better translated, others show as they are. */
const reasonText = reason => {
  const known = {
    complaint: ['投诉', 'complaint'], 'test-call': ['明访', 'test call'], testcall: ['明访', 'test call'], 'new-hire': ['新员工', 'new hire'],
    newhire: ['新员工', 'new hire'], 'new hire': ['新员工', 'new hire'], floor: ['每周保底', 'weekly floor'], 'watch list': ['重点关注', 'watch list'],
    'must-include': ['必检', 'must include'], watch: ['重点关注', 'watch list'], 'watch-list': ['重点关注', 'watch list'], random: ['随机', 'random'], risk: ['AI 风险', 'AI risk'],
  }[String(reason).toLowerCase()];
  return known ? known[document.documentElement.lang === 'en' ? 1 : 0] : reason;
};

export async function worklistPage(me, centerParam, dayParam) {
  const center = centerParam || me.centers.find(c => c !== '*') || '';
  const lead = me.roles.includes('qa-lead') || me.roles.includes('admin');
  const query = new URLSearchParams();
  if (dayParam) query.set('day', dayParam);
  const inspectorParam = new URLSearchParams(location.hash.split('?')[1] || '').get('inspector');
  if (inspectorParam) query.set('inspector', inspectorParam);
  const [list, people] = await Promise.all([get(`/api/assignments/${encodeURIComponent(center)}/worklist?${query}`), peopleOf(me, center)]);
  const items = [...list.items].sort((a, b) => (a.status === 'Completed') - (b.status === 'Completed') || a.day.localeCompare(b.day));

  const rows = items.map((a, i) => h('tr', { dataset: { index: i } },
    h('td', {}, h('a', { href: `#/evaluate/${encodeURIComponent(center)}/${encodeURIComponent(a.callId)}`, class: 'open' }, a.callId)),
    h('td', {}, personCell(people, a.agentId)), h('td', {}, a.team), h('td', {}, a.businessType),
    h('td', {}, reasonText(a.reason), a.deferred ? [' ', h('span', { class: 'badge warning' }, t('wl.deferred'))] : null),
    h('td', {}, a.day), h('td', {}, t(`status.${a.status}`)),
    lead ? h('td', {}, h('a', { href: `#/assignment/${encodeURIComponent(center)}/${encodeURIComponent(a.callId)}`, class: 'reassign' }, t('wl.reassign'))) : null));
  const table = h('table', { 'aria-describedby': 'wl-summary' },
    h('thead', {}, h('tr', {}, ['wl.call', 'wl.agent', 'wl.team', 'wl.business', 'wl.reason', 'wl.due', 'wl.status', ...(lead ? ['wl.reassign'] : [])].map(k => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, rows));

  const filters = lead ? h('form', { class: 'row panel', onsubmit: e => {
    e.preventDefault();
    const f = new FormData(e.target);
    location.hash = `#/worklist/${encodeURIComponent(center)}/${f.get('day') || ''}?inspector=${encodeURIComponent(f.get('inspector') || '')}`;
  } },
  h('label', { for: 'wl-inspector' }, t('wl.inspector')), h('input', { id: 'wl-inspector', name: 'inspector', value: list.inspectorId, style: 'width:10rem' }),
  h('label', { for: 'wl-day' }, t('wl.day')), h('input', { id: 'wl-day', name: 'day', type: 'date', value: list.day, style: 'width:11rem' }),
  h('button', { type: 'submit', class: 'secondary' }, t('wl.show'))) : null;

  render(h('h1', {}, t('wl.title')),
    h('p', { id: 'wl-summary', class: 'muted' }, t('wl.summary', list.day, String(list.count), list.dailyCap ?? '—')),
    filters, items.length ? table : h('p', { class: 'panel' }, t('wl.empty')));

  // Keyboard: j/k (or arrows) move between calls, Enter opens the one with focus.
  const links = [...document.querySelectorAll('#main a.open')];
  links[0]?.setAttribute('autofocus', '');
  pageShortcuts.set([['j / k', t('sc.move')], ['Enter', t('sc.open')]], (e, typing) => {
    if (typing || e.ctrlKey || e.altKey || e.metaKey) return false;
    const at = links.indexOf(document.activeElement);
    if (e.key === 'j' || e.key === 'ArrowDown') { links[Math.min(links.length - 1, at + 1)]?.focus(); return true; }
    if (e.key === 'k' || e.key === 'ArrowUp') { links[Math.max(0, at - 1)]?.focus(); return true; }
    return false;
  });
}
