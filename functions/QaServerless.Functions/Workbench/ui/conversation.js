// A text conversation (chat, IM, e-mail, SMS) where a call has its player: the thread of messages in order, each with
// its number (#n), sender and sent time in the center's time zone. Keys in the thread: ↑ / ↓ (or j / k) move between
// messages, Home / End to the first / last; the page's "e" marks a problem at the selected message, "m" goes to the thread.
import { t, extend, lang, has } from './i18n.js';
import { h, field } from './dom.js';

extend({
  'ch.chat': ['在线客服', 'Chat'], 'ch.im': ['即时消息', 'IM'], 'ch.email': ['邮件', 'E-mail'], 'ch.sms': ['短信', 'SMS'], 'ch.voice': ['通话', 'Call'],
  'conv.title': ['{0}会话 · {1} 条消息', '{0} conversation · {1} messages'], 'conv.zone': ['时间为中心时区（{0}）', 'Times in the center\'s time zone ({0})'],
  'conv.list': ['会话消息', 'Messages'], 'conv.sender.Agent': ['座席', 'Agent'], 'conv.sender.Customer': ['客户', 'Customer'], 'conv.sender.Unknown': ['系统', 'System'],
  'conv.none': ['此会话没有消息。', 'This conversation has no messages.'], 'conv.message': ['消息', 'Message'],
  'conv.atMessage': ['消息 #{0}', 'message #{0}'], 'conv.goTo': ['转到消息 #{0}', 'Go to message #{0}'],
  'sc.thread': ['转到会话消息', 'Go to the messages'], 'sc.message': ['上一条 / 下一条消息（在会话中）', 'Previous / next message (in the thread)'],
});

/** The channel in words: chat, e-mail …; a channel without a translation as the source names it. */
export const channelName = channel => (has(`ch.${channel}`) ? t(`ch.${channel}`) : String(channel ?? ''));

/** Whether a call record is a text conversation (the server's Call.IsText). */
export const isTextCall = call => call?.isText === true; // the server's one rule (Calls/Channels.cs): task, callback, video are not text

/** Whether a transcript is a thread of messages (its segments carry message ids). */
export const isThread = transcript => (transcript?.segments ?? []).some(s => s.messageId);

/** The messages of a thread: number (#1 first), id, sender, offset in whole seconds, sent time and text. */
export const messagesOf = transcript => (transcript?.segments ?? []).map((s, i) => ({
  number: i + 1, messageId: s.messageId ?? String(i + 1), speaker: s.speaker ?? 'Unknown', atSecond: Math.floor(Number(s.start ?? 0)),
  sentAt: s.sentAt ?? null, text: s.text ?? '',
}));

/** Sent times in the center's zone: the date when it changes from the previous message, always the time. */
function clock(zone) {
  const opts = { timeZone: zone || undefined };
  let fmtDay, fmtTime;
  try {
    fmtDay = new Intl.DateTimeFormat(lang, { ...opts, year: 'numeric', month: '2-digit', day: '2-digit' });
    fmtTime = new Intl.DateTimeFormat(lang, { ...opts, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  } catch {
    // An unknown zone name: the browser's own zone rather than no times at all.
    fmtDay = new Intl.DateTimeFormat(lang, { year: 'numeric', month: '2-digit', day: '2-digit' });
    fmtTime = new Intl.DateTimeFormat(lang, { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });
  }
  let lastDay = null;
  return m => {
    if (!m.sentAt) return `+${Math.floor(m.atSecond / 60)}:${String(m.atSecond % 60).padStart(2, '0')}`;
    const at = new Date(m.sentAt), day = fmtDay.format(at), time = fmtTime.format(at);
    const text = day === lastDay ? time : `${day} ${time}`;
    lastDay = day;
    return text;
  };
}

/**
 * The thread panel of a loaded text conversation ({ call, transcript, zone }), with the same shape as the player's
 * panels (recording.js): `hear(seconds, segment)` selects a message (by index when known, else the first at that time),
 * `where` is the problem form's "at which message" control.
 */
export function threadPanels({ call, transcript, zone }) {
  const messages = messagesOf(transcript);
  const when = clock(zone);
  let selected = 0;
  const items = messages.map((m, i) => h('li', {
    role: 'option', id: `msg-${m.number}`, tabindex: i === 0 ? 0 : -1, 'aria-selected': String(i === 0),
    class: `msg from-${m.speaker.toLowerCase()}`, dataset: { number: m.number, messageId: m.messageId },
    onclick: () => select(i), onfocus: () => select(i, false),
  },
  h('span', { class: 'msg-head' }, h('span', { class: 'num' }, `#${m.number}`), ' ', h('strong', {}, t(`conv.sender.${m.speaker}`)), ' ',
    h('time', { datetime: m.sentAt ?? '' }, when(m))),
  h('span', { class: 'msg-text' }, m.text)));
  const list = h('ol', { class: 'messages', id: 'messages', role: 'listbox', 'aria-label': t('conv.list') }, items);

  function select(i, focus = true) {
    if (!items.length) return;
    selected = Math.max(0, Math.min(items.length - 1, i));
    items.forEach((li, k) => { li.tabIndex = k === selected ? 0 : -1; li.setAttribute('aria-selected', String(k === selected)); });
    if (focus) items[selected].focus();
    items[selected].scrollIntoView({ block: 'nearest' });
  }
  // Moving inside the thread is the thread's own: the page's j / k (items of the card) do not see these presses.
  list.addEventListener('keydown', e => {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    const step = { ArrowDown: 1, j: 1, ArrowUp: -1, k: -1 }[e.key];
    if (step) select(selected + step);
    else if (e.key === 'Home') select(0);
    else if (e.key === 'End') select(items.length - 1);
    else return;
    e.preventDefault();
  });
  const hear = (seconds, segment) => {
    const i = Number.isInteger(segment) ? segment : messages.findIndex(m => m.atSecond >= Math.floor(Number(seconds)));
    select(i < 0 ? messages.length - 1 : i);
  };
  const numberOf = p => messages.find(m => m.messageId === p.messageId)?.number;

  // The problem form's "where": the selected message, changeable in a list of every message.
  const pick = h('select', { name: 'messageId', id: 'problem-message' }, messages.map(m =>
    h('option', { value: m.messageId }, `#${m.number} ${t(`conv.sender.${m.speaker}`)}: ${m.text.length > 24 ? `${m.text.slice(0, 24)}…` : m.text}`)));
  const where = {
    controls: [field(t('conv.message'), pick)],
    open() { if (messages.length) pick.value = messages[selected].messageId; },
    read() { const m = messages.find(x => x.messageId === pick.value); return m ? { messageId: m.messageId, atSecond: m.atSecond } : null; },
    label: p => (numberOf(p) ? t('conv.atMessage', numberOf(p)) : p.messageId ?? '—'),
    goLabel: p => t('conv.goTo', numberOf(p) ?? p.messageId),
    go: p => { const n = numberOf(p); if (n) select(n - 1); },
  };

  const name = channelName(call?.channel ?? 'chat');
  return {
    thread: true, messages, hear, seek: hear, where, handleKey: key => (key === 'm' ? (select(selected), true) : false),
    current: () => messages[selected] ?? null,
    shortcuts: [['m', t('sc.thread')], ['↑ / ↓ · j / k', t('sc.message')]],
    playerPanel: h('div', { class: 'panel messages-panel', id: 'messages-panel' },
      h('h2', {}, t('conv.title', name, messages.length)),
      zone ? h('p', { class: 'muted' }, t('conv.zone', zone)) : null,
      messages.length ? list : h('p', { class: 'muted' }, t('conv.none'))),
    transcriptPanel: null,
  };
}
