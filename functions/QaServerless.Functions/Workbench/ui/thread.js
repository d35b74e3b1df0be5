// The thread of an evaluation (docs/threads.md), on the evaluation page for everyone who sees it: conversations about
// the evaluation as a whole and about each item, replies, edits (the next version), withdrawal (the history stays),
// mentions that notify. Each item of the scorecard gets a comment button with its count. `?comment=` in the page's
// address (a notification's link) opens the thread at that comment.
import { t, extend, lang, has } from './i18n.js';
import { h, toast, confirmDialog, showProblem } from './dom.js';
import { threadsApi } from './routes.js';
import { composer, withMentions, personName } from './thread-compose.js';

extend({
  'th.title': ['讨论', 'Discussion'], 'th.count': ['{0} 条评论', '{0} comments'], 'th.empty': ['还没有评论。', 'No comments yet.'],
  'th.about': ['关于', 'About'], 'th.whole': ['整个评估', 'The whole evaluation'], 'th.post': ['发表评论', 'Post comment'],
  'th.reply': ['回复', 'Reply'], 'th.postReply': ['发表回复', 'Post reply'], 'th.edit': ['编辑', 'Edit'], 'th.saveEdit': ['保存修改', 'Save the change'],
  'th.withdraw': ['撤回', 'Withdraw'], 'th.withdrawn': ['（此评论已撤回）', '(This comment was withdrawn)'], 'th.edited': ['已编辑 · 第 {0} 版', 'edited · version {0}'],
  'th.history': ['修改记录', 'History'], 'th.confirmWithdraw': ['撤回此评论？其他人将看到它已撤回，修改记录会保留。', 'Withdraw this comment? Others see that it was withdrawn; its history stays.'],
  'th.itemComments': ['评论（{1}）：{0}', 'Comments ({1}): {0}'], 'th.itemButton': ['评论 {0}', 'Comments {0}'], 'th.posted': ['评论已发表', 'Comment posted'], 'th.saved': ['修改已保存', 'Change saved'],
  'th.withdrawnToast': ['评论已撤回', 'Comment withdrawn'], 'th.scorersOnly': ['仅质检', 'scorers only'],
  'th.reason.posted': ['发表', 'posted'], 'th.reason.edited': ['编辑', 'edited'], 'th.reason.withdrawn': ['撤回', 'withdrawn'],
  'problem.thread.comment-not-found': ['找不到此评论，或你无权查看。', 'No such comment, or not one you may read.'],
  'problem.thread.forbidden': ['只有作者可以修改；作者或质检主管可以撤回。', 'Only the author edits; the author or a QA lead withdraws.'],
  'problem.thread.comment-id-taken': ['此评论编号已被使用，请重新发表。', 'This comment id is taken: post again.'],
  'problem.thread.withdrawn': ['此评论已撤回。', 'This comment was withdrawn.'],
  'problem.field.validation.text': ['请填写评论内容。', 'Write the comment.'],
  'problem.field.validation.mentions': ['提到的人中有人看不到此评估：只能提及质检员、座席、班组长和质检主管（@qa-lead）。', 'Somebody mentioned cannot see this evaluation: mention the inspector, the agent, the supervisor or the QA leads (@qa-lead).'],
  'problem.field.validation.itemId': ['此项目不在本评估的质检标准中。', 'That item is not on this evaluation\'s scorecard.'],
  'problem.field.validation.parentId': ['要回复的评论不存在。', 'The comment replied to does not exist.'],
  // The inbox words these kinds (inbox.js describe).
  'nb.k.Mentioned': ['{byName} 在通话 {callId} 的评估讨论中提到了您：{excerpt}', '{byName} mentioned you on the evaluation of call {callId}: {excerpt}'],
  'nb.k.CommentReplied': ['{byName} 回复了通话 {callId} 的评估讨论：{excerpt}', '{byName} replied in the thread on the evaluation of call {callId}: {excerpt}'],
});

const when = iso => new Date(iso).toLocaleString(lang, { dateStyle: 'short', timeStyle: 'short' });

/** The thread panel; it loads itself and puts a comment button on each item block (`fieldset[data-item]`). */
export function threadPanel(me, center, evaluation, { items, itemBlocks, people }) {
  const panel = h('section', { class: 'panel', id: 'thread', 'aria-labelledby': 'thread-title' });
  const lead = me.roles.some(r => r === 'qa-lead' || r === 'admin');
  const self = me.personId ?? me.id;
  let view = { comments: [], mentionable: [] };
  const names = id => view.mentionable.find(m => m.id === id)?.name ?? people?.get(id)?.name ?? null;
  const itemText = id => items.find(i => i.itemId === id)?.text ?? id;
  let composeAbout = null;

  const buttons = new Map(itemBlocks.map(block => {
    const itemId = block.dataset.item;
    // Named before the thread has loaded (the count follows in draw), so the page never has an unlabelled control.
    const button = h('button', { type: 'button', class: 'ghost item-comments', dataset: { item: itemId }, onclick: () => compose(itemId),
      'aria-label': t('th.itemComments', itemText(itemId), '…') }, t('th.itemButton', '').trim());
    block.querySelector('legend')?.append(' ', button);
    return [itemId, button];
  }));

  /** The composer about an item (or the whole evaluation), brought into view with the text focused. */
  function compose(itemId) {
    if (composeAbout) composeAbout.value = itemId ?? '';
    panel.querySelector('#thread-new .thread-text')?.focus();
    panel.querySelector('#thread-new')?.scrollIntoView({ block: 'nearest' });
  }

  async function load(focusId) {
    try { view = await threadsApi.list(center, evaluation.evaluationId); } catch (e) { showProblem(e, panel); return; }
    draw();
    panel.dataset.loaded = String(Number(panel.dataset.loaded ?? 0) + 1);
    const target = focusId && panel.querySelector(`li.comment[data-comment="${CSS.escape(focusId)}"]`);
    if (target) { target.scrollIntoView({ block: 'center' }); (target.querySelector(':scope > .comment-actions .reply') ?? target).focus(); }
  }

  function draw() {
    const live = view.comments.filter(c => !c.withdrawn);
    for (const [itemId, button] of buttons) {
      const count = live.filter(c => c.itemId === itemId).length;
      button.replaceChildren(t('th.itemButton', count));
      button.setAttribute('aria-label', t('th.itemComments', itemText(itemId), count));
      button.classList.toggle('has-comments', count > 0);
    }
    composeAbout = h('select', { name: 'itemId', class: 'thread-about', dataset: { field: 'itemId' } },
      h('option', { value: '' }, t('th.whole')), items.map(i => h('option', { value: i.itemId }, i.text)));
    const fresh = composer({ mentionable: view.mentionable, names, about: composeAbout, submitLabel: t('th.post'),
      send: async body => { const saved = await threadsApi.post(center, evaluation.evaluationId, body); toast(t('th.posted')); await load(saved.commentId); } });
    fresh.form.id = 'thread-new';

    const byId = new Map(view.comments.map(c => [c.commentId, c]));
    const rootOf = c => { let at = c; for (let i = 0; at.parentId && byId.has(at.parentId) && i < 100; i++) at = byId.get(at.parentId); return at; };
    const roots = view.comments.filter(c => rootOf(c) === c);
    const groups = [null, ...items.map(i => i.itemId)].map(itemId => [itemId, roots.filter(c => (c.itemId ?? null) === itemId)]).filter(([, list]) => list.length);
    panel.replaceChildren(
      h('h2', { id: 'thread-title' }, t('th.title'), ' ', h('span', { class: 'muted', id: 'thread-count' }, t('th.count', live.length))),
      fresh.form,
      groups.length ? h('div', { id: 'thread-list' }, groups.map(([itemId, list]) => h('section', { class: 'thread-group', dataset: { item: itemId ?? '' } },
        h('h3', {}, itemId ? itemText(itemId) : t('th.whole')),
        h('ol', { class: 'comments' }, list.map(root => commentItem(root, view.comments.filter(c => c !== root && rootOf(c) === root)))))))
        : h('p', { class: 'muted', id: 'thread-empty' }, t('th.empty')));
  }

  function commentItem(c, replies) {
    const mine = (c.authorId ?? '').toLowerCase() === String(self).toLowerCase();
    const li = h('li', { class: c.withdrawn ? 'comment withdrawn' : 'comment', tabindex: '-1', dataset: { comment: c.commentId } });
    const body = h('p', { class: 'comment-text' }, c.withdrawn ? h('span', { class: 'muted' }, t('th.withdrawn')) : withMentions(c.text, c.mentions ?? [], names));
    const history = h('ol', { class: 'comment-history muted', hidden: true });
    const actions = h('div', { class: 'comment-actions row' },
      h('button', { type: 'button', class: 'ghost reply', onclick: () => openForm(li, { parent: c }) }, t('th.reply')),
      mine && !c.withdrawn ? h('button', { type: 'button', class: 'ghost edit', onclick: () => openForm(li, { edit: c, body }) }, t('th.edit')) : null,
      (mine || lead) && !c.withdrawn ? h('button', { type: 'button', class: 'ghost withdraw', onclick: () => withdraw(c) }, t('th.withdraw')) : null,
      c.version > 1 ? h('button', { type: 'button', class: 'ghost show-history', 'aria-expanded': 'false', onclick: e => showHistory(c, history, e.currentTarget) }, t('th.history')) : null);
    li.append(...[
      h('div', { class: 'comment-head' }, h('strong', { class: 'author', title: c.authorId }, personName(c.authorId, names)), ' ',
        h('span', { class: 'muted' }, `${has(`role.${c.authorRole}`) ? t(`role.${c.authorRole}`) : c.authorRole} · ${when(c.postedAt)}`),
        c.version > 1 && !c.withdrawn ? [' ', h('span', { class: 'badge na' }, t('th.edited', c.version))] : null,
        c.beforeRelease ? [' ', h('span', { class: 'badge warning' }, t('th.scorersOnly'))] : null),
      body, actions, history,
      replies.length ? h('ol', { class: 'replies' }, replies.map(r => commentItem(r, []))) : null].filter(Boolean));
    return li;
  }

  /** A reply form under the comment, or the comment's text replaced by an edit form. */
  function openForm(li, { parent, edit, body }) {
    li.querySelector(':scope > .thread-form')?.remove();
    const close = () => { form.remove(); if (body) body.hidden = false; li.querySelector(':scope > .comment-actions button')?.focus(); };
    const { form, text } = composer({
      mentionable: view.mentionable, names, initial: edit?.text ?? '', onCancel: close, withId: !edit,
      submitLabel: edit ? t('th.saveEdit') : t('th.postReply'),
      send: async b => {
        const saved = edit ? await threadsApi.edit(center, edit, { text: b.text })
          : await threadsApi.post(center, evaluation.evaluationId, { ...b, parentId: parent.commentId });
        toast(t(edit ? 'th.saved' : 'th.posted'));
        await load(saved.commentId);
      },
    });
    form.classList.add(edit ? 'edit-form' : 'reply-form');
    if (body) { body.hidden = true; body.after(form); } else li.querySelector(':scope > .comment-actions').after(form);
    text.focus();
  }

  async function withdraw(c) {
    if (!await confirmDialog(t('th.confirmWithdraw'), t('th.withdraw'), t('th.cancel'), { safeDefault: true })) return;
    try { await threadsApi.withdraw(center, c); toast(t('th.withdrawnToast')); await load(c.commentId); } catch (e) { showProblem(e); }
  }

  async function showHistory(c, list, button) {
    if (!list.hidden) { list.hidden = true; button.setAttribute('aria-expanded', 'false'); return; }
    const versions = await threadsApi.versions(center, c).catch(e => { showProblem(e); return []; });
    list.replaceChildren(...versions.map(v => h('li', {}, `v${v.version} · ${when(v.changedAt)} · ${has(`th.reason.${v.reason}`) ? t(`th.reason.${v.reason}`) : v.reason}: `,
      v.withdrawn ? t('th.withdrawn') : v.text)));
    list.hidden = false;
    button.setAttribute('aria-expanded', 'true');
  }

  const opened = new URLSearchParams(location.hash.split('?')[1] ?? '').get('comment');
  load(opened);
  return panel;
}
