// The thread's writing form (thread.js): a text, the people one may mention (a picker that inserts "@id" at the caret),
// and, as one types, the names of the people the text mentions — or that one of them may not see the evaluation, which
// the server would refuse (docs/threads.md, "Mentions"). Ctrl+Enter posts; Escape cancels a reply or an edit.
import { t, extend } from './i18n.js';
import { h, field, checkRequired, showProblem, clearFields } from './dom.js';

extend({
  'th.text': ['评论内容', 'Comment'], 'th.mentionPick': ['提及', 'Mention'], 'th.insertMention': ['插入 @', 'Insert @'],
  'th.willNotify': ['将通知：{0}', 'Will notify: {0}'], 'th.cannotMention': ['{0} 看不到此评估，不能提及', '{0} cannot see this evaluation and cannot be mentioned'],
  'th.qaLeads': ['质检主管（共享收件箱）', 'QA leads (shared inbox)'], 'th.qaLeadsShort': ['质检主管', 'QA leads'], 'th.cancel': ['取消', 'Cancel'], 'th.postKey': ['Ctrl+Enter 发表', 'Ctrl+Enter posts'],
});

// The server's rule for a mention (ThreadRules.MentionsIn): "@" not after an e-mail's local part, then an ASCII roster id.
const mentionToken = /(?<![A-Za-z0-9._%+\-@])@([A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?)/g;
const leads = '@qa-lead';

/** The ids a text mentions, each once, in the order written (`@qa-lead` as itself). */
export const mentionsIn = text => [...new Set([...String(text ?? '').matchAll(mentionToken)]
  .map(m => (m[1].toLowerCase() === 'qa-lead' ? leads : m[1])))];

/** A person's name for the thread: the leads' shared inbox in words, a roster name, else the id. */
export const personName = (id, names) => (id === leads ? t('th.qaLeads') : names(id) ?? id);

/** The text with each mention shown as the person's name (`@李娜`), the id as its title. */
export function withMentions(text, mentions, names) {
  const parts = [];
  let at = 0;
  for (const m of String(text).matchAll(mentionToken)) {
    const id = m[1].toLowerCase() === 'qa-lead' ? leads : m[1];
    if (!mentions.some(x => x.toLowerCase() === id.toLowerCase())) continue;
    const name = id === leads ? t('th.qaLeadsShort') : personName(id, names);
    parts.push(text.slice(at, m.index), h('span', { class: 'mention', title: id, dataset: { person: id } }, `@${name}`));
    at = m.index + m[0].length;
  }
  parts.push(text.slice(at));
  return parts;
}

let composers = 0;
const newCommentId = () => `cm-${(crypto.randomUUID?.() ?? `${Date.now()}${Math.random()}`).replace(/[^0-9a-f]/gi, '').slice(0, 20)}`;

/**
 * A form that sends `{ text, … }` through `send(body)`. The comment id is picked when the form is made and kept until a
 * send succeeds, so a retried post (a lost answer) makes one comment. `submitLabel`, `about` (an extra control before
 * the text), `initial` text, `onCancel` for replies and edits.
 */
export function composer({ mentionable, names, send, submitLabel, about = null, initial = '', onCancel = null, withId = true }) {
  const n = ++composers;
  let commentId = newCommentId();
  const text = h('textarea', { name: 'text', id: `thread-text-${n}`, class: 'thread-text', required: true, rows: 3, dataset: { field: 'text' } });
  text.value = initial;
  const preview = h('p', { class: 'muted mention-preview', 'aria-live': 'polite', dataset: { field: 'mentions' } });
  const pick = h('select', { name: 'mention', id: `thread-mention-${n}`, class: 'mention-pick' },
    mentionable.map(m => h('option', { value: m.id }, m.id === leads ? t('th.qaLeads') : `${personName(m.id, names)} (${m.id}) · ${t(`role.${m.role}`)}`)));
  const insert = h('button', { type: 'button', class: 'secondary insert-mention', onclick: () => {
    const token = `@${pick.value} `;
    const start = text.selectionStart ?? text.value.length;
    const before = text.value.slice(0, start);
    text.value = `${before}${before && !/\s$/.test(before) ? ' ' : ''}${token}${text.value.slice(text.selectionEnd ?? start)}`;
    text.focus();
    showMentions();
  } }, t('th.insertMention'));

  function showMentions() {
    const ids = mentionsIn(text.value);
    const known = ids.filter(id => mentionable.some(m => m.id.toLowerCase() === id.toLowerCase()));
    const unknown = ids.filter(id => !known.includes(id));
    preview.replaceChildren(...[
      known.length ? h('span', { class: 'will-notify' }, t('th.willNotify', known.map(id => personName(id, names)).join('、'))) : null,
      ...unknown.map(id => h('span', { class: 'field-error cannot-mention' }, ' ', t('th.cannotMention', id)))].filter(Boolean));
  }
  text.addEventListener('input', showMentions);

  let busy = false;
  const form = h('form', { class: 'thread-form', novalidate: true, onsubmit: async e => {
    e.preventDefault();
    if (busy || !checkRequired(form)) return;
    busy = true;
    try {
      const body = { text: text.value, ...(about ? { itemId: about.value || null } : {}), ...(withId ? { commentId } : {}) };
      await send(body);
      commentId = newCommentId();
      clearFields(form);
    } catch (err) { showProblem(err, form); } finally { busy = false; }
  } },
  about ? field(t('th.about'), about) : null,
  field(t('th.text'), text), preview,
  h('div', { class: 'row' }, field(t('th.mentionPick'), pick), insert),
  h('div', { class: 'actions' },
    h('button', { type: 'submit', class: 'post-comment', 'aria-keyshortcuts': 'Control+Enter' }, submitLabel),
    onCancel ? h('button', { type: 'button', class: 'secondary', onclick: onCancel }, t('th.cancel')) : null,
    h('span', { class: 'muted' }, t('th.postKey'))));
  // In the text, Ctrl+Enter posts this comment (not the page's Ctrl+Enter, which would submit the evaluation).
  text.addEventListener('keydown', e => {
    if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') { e.preventDefault(); e.stopPropagation(); form.requestSubmit(); }
    else if (e.key === 'Escape' && onCancel) { e.preventDefault(); e.stopPropagation(); onCancel(); }
  });
  showMentions();
  return { form, text };
}
