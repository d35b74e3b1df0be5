// The inbox: what happened that concerns the person (released evaluations, appeals, decisions, coaching and calibration
// reminders, the day's worklist), newest first, and the unread count shown as a badge in the top bar.
import { t, extend, lang } from './i18n.js';
import { h, render, toast } from './dom.js';
import { pageShortcuts } from './shortcuts.js';
import { notificationsApi } from './routes.js';

extend({
  'nav.inbox': ['通知', 'Inbox'], 'nb.title': ['通知', 'Inbox'], 'nb.empty': ['暂无通知。', 'No notifications.'],
  'nb.unread': ['{0} 条未读', '{0} unread'], 'nb.when': ['时间', 'When'], 'nb.what': ['内容', 'What'], 'nb.open': ['打开', 'Open'],
  'nb.markRead': ['标为已读', 'Mark read'], 'nb.read': ['已读', 'Read'], 'nb.marked': ['已标为已读', 'Marked read'],
  'nb.badge': ['未读通知：{0}', 'Unread notifications: {0}'], 'nb.state': ['状态', 'State'], 'sc.markRead': ['标为已读', 'Mark read'],
  'nb.k.EvaluationReleased': ['通话 {callId} 的评估已发布（得分 {score}）', 'Evaluation of call {callId} released (score {score})'],
  'nb.k.AppealDeadlineSoon': ['通话 {callId} 的申诉期将在 {deadline} 截止', 'The appeal window for call {callId} closes on {deadline}'],
  'nb.k.AppealFiled': ['座席 {agentId} 对通话 {callId} 提出申诉', 'Agent {agentId} appealed the evaluation of call {callId}'],
  'nb.k.AppealDecided.true': ['通话 {callId} 的申诉成立，得分改为 {score}', 'Appeal on call {callId} upheld: score corrected to {score}'],
  'nb.k.AppealDecided.false': ['通话 {callId} 的申诉被驳回', 'Appeal on call {callId} rejected'],
  // Item-level appeals (facts.items > 0): how many items were disputed and upheld.
  'nb.k.AppealFiled.items': ['座席 {agentId} 对通话 {callId} 的 {items} 个评分项提出申诉', 'Agent {agentId} disputed {items} item(s) of the evaluation of call {callId}'],
  'nb.k.AppealDecided.true.items': ['通话 {callId} 的申诉：{items} 项中 {upheldItems} 项成立，得分改为 {score}', 'Appeal on call {callId}: {upheldItems} of {items} disputed items upheld, score corrected to {score}'],
  'nb.k.AppealDecided.false.items': ['通话 {callId} 的申诉被驳回（{items} 项均不成立）', 'Appeal on call {callId} rejected: none of {items} disputed items upheld'],
  'nb.k.CoachingDue': ['今天需跟进辅导：{action}', 'Coaching follow-up due today: {action}'],
  'nb.k.CoachingOverdue': ['辅导跟进已逾期（{followUpOn}）：{action}', 'Coaching follow-up overdue since {followUpOn}: {action}'],
  'nb.k.CalibrationInvited': ['邀请您参加校准：{title}', 'You are invited to calibration: {title}'],
  'nb.k.CalibrationDue': ['校准“{title}”将在 {due} 截止，请完成评分', 'Calibration "{title}" is due on {due}: please finish scoring'],
  'nb.k.WorklistReady': ['{day} 的工作清单已就绪：{calls} 通', 'Your worklist for {day} is ready: {calls} calls'],
});

const centerOf = me => me.centers.find(c => c !== '*') ?? '';
const when = iso => (iso ? new Date(iso).toLocaleString(lang, { dateStyle: 'short', timeStyle: 'short' }) : '');
const isInstant = v => /^\d{4}-\d\d-\d\dT/.test(v);

/** The notification in the reader's language, its facts filled in (instants in local time). */
export function describe(n) {
  const itemised = Number(n.facts?.items) > 0 ? '.items' : '';
  const key = n.kind === 'AppealDecided' ? `nb.k.AppealDecided.${n.facts.upheld === 'true'}${itemised}` : n.kind === 'AppealFiled' ? `nb.k.AppealFiled${itemised}` : `nb.k.${n.kind}`;
  return t(key).replace(/\{(\w+)\}/g, (_, f) => { const v = n.facts?.[f] ?? ''; return isInstant(v) ? when(v) : v; });
}

/** The top bar's badge: the unread count of the person's center, hidden at zero or signed out. */
export async function updateBadge(me) {
  const badge = document.getElementById('inbox-badge');
  if (!badge) return;
  const center = me ? centerOf(me) : '';
  if (!center) { badge.hidden = true; return; }
  try {
    const { unread } = await notificationsApi.inbox(center);
    badge.textContent = String(unread);
    badge.setAttribute('aria-label', t('nb.badge', unread));
    badge.title = t('nb.badge', unread);
    badge.hidden = unread === 0;
  } catch { badge.hidden = true; } // the badge is a hint: the page itself says what went wrong
}

export async function inboxPage(me) {
  const center = centerOf(me);
  const inbox = await notificationsApi.inbox(center);
  const rows = inbox.items.map(n => h('tr', { 'data-id': n.notificationId, class: n.read ? 'read' : 'unread' },
    h('td', {}, when(n.at)),
    h('td', {}, h('a', { class: 'open', href: n.link, 'data-id': n.notificationId }, describe(n))),
    h('td', {}, n.read ? h('span', { class: 'muted' }, t('nb.read'))
      : h('button', { type: 'button', class: 'mark-read', 'data-id': n.notificationId, onclick: () => markRead(me, center, n.notificationId) }, t('nb.markRead')))));
  render(h('h1', {}, t('nb.title')),
    h('p', { id: 'inbox-unread', class: 'muted' }, t('nb.unread', inbox.unread)),
    rows.length ? h('table', { id: 'inbox' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('nb.when')), h('th', { scope: 'col' }, t('nb.what')), h('th', { scope: 'col' }, t('nb.state')))),
      h('tbody', {}, rows)) : h('p', { class: 'panel' }, t('nb.empty')));
  // Opening a notification marks it read: the link is followed at once, the mark goes along.
  document.querySelectorAll('#inbox a.open').forEach(a => a.addEventListener('click', () => { notificationsApi.markRead(center, a.dataset.id).catch(() => {}); }));
  const links = [...document.querySelectorAll('#inbox a.open')];
  const first = links.find(a => a.closest('tr').classList.contains('unread')) ?? links[0];
  first?.setAttribute('autofocus', '');
  first?.focus();
  pageShortcuts.set([['j / k', t('sc.move')], ['Enter', t('sc.open')], ['r', t('sc.markRead')]], (e, typing) => {
    if (typing || e.ctrlKey || e.altKey || e.metaKey) return false;
    const at = links.indexOf(document.activeElement);
    if (e.key === 'j') { links[Math.min(links.length - 1, at + 1)]?.focus(); return true; }
    if (e.key === 'k') { links[Math.max(0, at - 1)]?.focus(); return true; }
    if (e.key === 'r' && at >= 0) { markRead(me, center, links[at].dataset.id); return true; }
    return false;
  });
  updateBadge(me);
}

async function markRead(me, center, id) {
  await notificationsApi.markRead(center, id);
  const row = document.querySelector(`#inbox tr[data-id="${CSS.escape(id)}"]`);
  if (row) {
    row.classList.replace('unread', 'read');
    row.lastElementChild.replaceChildren(h('span', { class: 'muted' }, t('nb.read')));
  }
  const unread = document.querySelectorAll('#inbox tr.unread').length;
  document.getElementById('inbox-unread').textContent = t('nb.unread', unread);
  toast(t('nb.marked'));
  await updateBadge(me);
  row?.querySelector('a.open')?.focus();
}
