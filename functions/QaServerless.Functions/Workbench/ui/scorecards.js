// QA lead: the center's scorecards (质检标准) and their versions — draft, published with its effective date, in force,
// superseded, retired. A lead creates a card or the next draft of one, edits it with a live preview, saves it (the
// API's field errors shown at the field), publishes it with the notice period, retires a version and compares two.
// Routes: #/scorecards[/{center}], #/scorecards/{center}/~new, #/scorecards/{center}/{id}/{version},
// #/scorecards/{center}/{id}/compare/{a}/{b}.
import { t, extend } from './i18n.js';
import { h, field, render, showProblem, clearProblem, clearFields, toast, confirmDialog } from './dom.js';
import { pageShortcuts } from './shortcuts.js';
import { scorecardAdminApi } from './routes.js';
import { toDraft, toBody } from './scorecard-model.js';
import { createEditor } from './scorecard-editor.js';
import { createPreview } from './scorecard-preview.js';
import { compareTable } from './scorecard-compare.js';

extend({
  'nav.scorecards': ['质检标准', 'Scorecards'],
  'scb.title': ['质检标准', 'Scorecards'], 'scb.none': ['本中心还没有质检标准。', 'This center has no scorecards yet.'],
  'scb.new': ['新建质检标准', 'New scorecard'], 'scb.fromTemplate': ['从模板创建（呼入服务）', 'From the template (inbound service)'],
  'scb.fromChatTemplate': ['从模板创建（在线客服会话质检）', 'From the template (Chat QA)'],
  'scb.version': ['版本', 'Version'], 'scb.status': ['状态', 'Status'], 'scb.effective': ['生效时间', 'Effective from'],
  'scb.published': ['发布', 'Published'], 'scb.open': ['打开 v{0}', 'Open v{0}'], 'scb.newDraft': ['基于 v{0} 新建草稿', 'New draft from v{0}'],
  'scb.st.Draft': ['草稿', 'draft'], 'scb.st.Scheduled': ['已发布 · {0} 生效', 'published · effective {0}'], 'scb.st.InForce': ['现行', 'in force'],
  'scb.st.Superseded': ['已被取代', 'superseded'], 'scb.st.Retired': ['已停用', 'retired'],
  'scb.save': ['保存草稿', 'Save the draft'], 'scb.saved': ['草稿已保存', 'Draft saved'], 'scb.unsaved': ['有未保存的修改', 'Unsaved changes'],
  'scb.allSaved': ['已保存', 'All saved'], 'scb.newTitle': ['新建质检标准', 'New scorecard'],
  'scb.publish': ['发布', 'Publish'], 'scb.publishTitle': ['发布（公示期 {0} 天）', 'Publish (notice period {0} days)'],
  'scb.effectiveOn': ['生效日期', 'Takes effect on'], 'scb.earliest': ['最早 {0}：发布后公示 {1} 天再生效。', 'Earliest {0}: a version is announced {1} days before it applies.'],
  'scb.reason': ['缩短公示期的理由（仅管理员）', 'Why the notice is shortened (admins only)'],
  'scb.publishedToast': ['v{0} 已发布，{1} 生效', 'v{0} published, effective {1}'],
  'scb.retire': ['停用此版本', 'Retire this version'], 'scb.retireQ': ['停用 v{0}？停用后不再用于新的评估。', 'Retire v{0}? It will no longer be used for new evaluations.'],
  'scb.retired': ['v{0} 已停用', 'v{0} retired'], 'scb.cancel': ['取消', 'Cancel'],
  'scb.compareWith': ['对比', 'Compare'], 'scb.back': ['返回列表', 'Back to the list'], 'scb.readOnly': ['已发布的版本不可修改；修改请新建草稿。', 'A published version never changes: make a new draft to change it.'],
  'scb.k.save': ['保存草稿', 'Save the draft'], 'scb.k.move': ['上移 / 下移当前项目（或板块）', 'Move the focused item (or section) up / down'],
  'scb.k.new': ['新建质检标准', 'New scorecard'],
  // The API's field codes (Scorecards/FieldProblems.cs), said at the control.
  'problem.scorecard.invalid': ['质检标准有需要修改的地方，见下方标注。', 'The scorecard needs changes: see the marks below.'],
  'problem.field.scorecard.name-missing': ['请填写质检标准名称。', 'A scorecard needs a name.'],
  'problem.field.scorecard.id-invalid': ['编号为 1–40 个字母、数字、- 或 _。', 'An id is 1 to 40 letters, digits, - or _.'],
  'problem.field.scorecard.sections-missing': ['至少需要一个板块。', 'A scorecard needs at least one section.'],
  'problem.field.scorecard.section-id-missing': ['板块需要编号。', 'A section needs an id.'],
  'problem.field.scorecard.section-id-twice': ['板块编号重复。', 'This section id is used twice.'],
  'problem.field.scorecard.section-title-missing': ['请填写板块名称。', 'A section needs a title.'],
  'problem.field.scorecard.section-items-missing': ['板块至少需要一个项目。', 'A section needs at least one item.'],
  'problem.field.scorecard.item-id-missing': ['项目需要编号。', 'An item needs an id.'],
  'problem.field.scorecard.item-id-invalid': ['项目编号最多 64 个字符，不含 / \\ # ? | 或控制字符。', 'An item id is at most 64 characters, without / \\ # ? | or control characters.'],
  'problem.field.scorecard.item-id-twice': ['项目编号重复。', 'This item id is used twice.'],
  'problem.field.scorecard.item-text-missing': ['请填写可衡量的考核内容。', 'An item needs its measurable wording.'],
  'problem.field.scorecard.weight-not-positive': ['计分项目的权重必须大于 0。', 'A scoring item\'s weight must be greater than 0.'],
  'problem.field.scorecard.weight-negative': ['权重不能为负数。', 'A weight cannot be negative.'],
  'problem.field.scorecard.scale-out-of-range': ['最高分须在 1 到 100 之间。', 'A scale runs from 0 to between 1 and 100.'],
  'problem.field.scorecard.critical-not-na': ['致命项必须评分，不能设为不适用。', 'A critical item must always be answered: it cannot be N/A.'],
  'problem.field.scorecard.critical-not-warning': ['项目不能同时是致命项和警告项。', 'An item is either critical or a warning, not both.'],
  'problem.field.scorecard.no-scoring-item': ['至少需要一个计分项目（仅有警告项无法计分）。', 'At least one scoring item is needed (warnings alone cannot score).'],
  'problem.field.scorecard.section-weight-needs-item-share': ['板块权重需使用“项目占比”公式。', 'Section weights need the item-share formula.'],
  'problem.field.scorecard.section-weight-not-positive': ['板块权重必须大于 0。', 'A section\'s weight must be greater than 0.'],
  'problem.field.scorecard.section-weight-all-or-none': ['一个板块设了权重，其他含计分项目的板块也都要设。', 'When one section has a weight, every section with scoring items needs one.'],
  'problem.field.scorecard.cap-out-of-range': ['封顶分为 0–100。', 'The cap is a score from 0 to 100.'],
  'problem.field.scorecard.band-out-of-range': ['等级线为 0–100。', 'Band limits are scores from 0 to 100.'],
  'problem.field.scorecard.bands-not-rising': ['等级线须递增：合格 ≤ 良好 ≤ 优秀。', 'Bands must rise: pass ≤ good ≤ excellent.'],
  'problem.field.scorecard.not-draft': ['只有草稿可以发布。', 'Only a draft can be published.'],
  'problem.field.scorecard.not-published': ['只有已发布的版本可以停用。', 'Only a published version can be retired.'],
  'problem.field.scorecard.effective-in-past': ['生效日期不能早于现在。', 'The effective date cannot be in the past.'],
  'problem.field.scorecard.notice-too-short': ['生效日期须在公示期满之后；只有管理员可以缩短公示期。', 'The effective date must be after the notice period; only an admin may shorten it.'],
  'problem.field.scorecard.reason-missing': ['缩短公示期需要说明理由。', 'Shortening the notice period needs a stated reason.'],
});

const c = encodeURIComponent;
const centerOf = me => me.centers.find(x => x !== '*') ?? '';
const isLead = me => me.roles.some(r => r === 'qa-lead' || r === 'admin');
const pad = n => String(n).padStart(2, '0');
const ymd = d => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
/** A moment as the lead reads it: local date and time, the same in both languages (it is compared with calendars). */
export const when = iso => (iso ? `${ymd(new Date(iso))} ${pad(new Date(iso).getHours())}:${pad(new Date(iso).getMinutes())}` : '—');

/** Draft, scheduled (published, effective later), in force, superseded or retired — as GET …/current decides. */
export function statusOf(v, versions, now = new Date()) {
  if (v.status !== 'Published') return v.status;
  const inForce = versions.filter(x => x.status === 'Published' && new Date(x.effectiveFrom) <= now)
    .sort((a, b) => new Date(b.effectiveFrom) - new Date(a.effectiveFrom) || b.version - a.version)[0];
  if (inForce?.version === v.version) return 'InForce';
  return new Date(v.effectiveFrom) > now ? 'Scheduled' : 'Superseded';
}

const statusBadge = (v, versions) => {
  const s = statusOf(v, versions);
  const cls = { Draft: 'na', Scheduled: 'warning', InForce: 'ok', Superseded: 'na', Retired: 'na' }[s];
  return h('span', { class: `badge ${cls} st-${s}` }, t(`scb.st.${s}`, when(v.effectiveFrom)));
};

export async function scorecardsPage(me, centerParam, id, version, a, b) {
  const center = centerParam || centerOf(me);
  if (id === '~new') return versionPage(me, center, null);
  if (id && version === 'compare') return comparePage(me, center, id, Number(a), Number(b));
  if (id && version) return versionPage(me, center, await scorecardAdminApi.version(center, id, version));
  return listPage(me, center);
}

async function listPage(me, center) {
  const all = await scorecardAdminApi.list(center);
  const lead = isLead(me);
  const byCard = new Map();
  for (const v of [...all].sort((x, y) => x.scorecardId.localeCompare(y.scorecardId) || x.version - y.version)) {
    if (!byCard.has(v.scorecardId)) byCard.set(v.scorecardId, []);
    byCard.get(v.scorecardId).push(v);
  }
  const act = async (work, scope) => {
    clearProblem();
    try { const card = await work(); location.hash = `#/scorecards/${c(center)}/${c(card.scorecardId)}/${card.version}`; } catch (e) { showProblem(e, scope); }
  };
  const panels = [...byCard].map(([id, versions]) => {
    const latest = versions[versions.length - 1];
    const left = h('select', { 'aria-label': t('scc.left'), name: `left-${id}` }, versions.map(v => h('option', { value: v.version, selected: v === versions[versions.length - 2] }, `v${v.version}`)));
    const right = h('select', { 'aria-label': t('scc.right'), name: `right-${id}` }, versions.map(v => h('option', { value: v.version, selected: v === latest }, `v${v.version}`)));
    const panel = h('section', { class: 'panel sc-card', dataset: { scorecard: id } },
      h('h2', {}, latest.name, ' ', h('span', { class: 'muted' }, `(${id})`)),
      h('table', {},
        h('thead', {}, h('tr', {}, ['scb.version', 'scb.status', 'scb.effective', 'scb.published', ''].map(k => h('th', { scope: 'col' }, k ? t(k) : '')))),
        h('tbody', {}, [...versions].reverse().map(v => h('tr', { dataset: { version: v.version, status: statusOf(v, versions) } },
          h('td', {}, h('a', { class: 'open', href: `#/scorecards/${c(center)}/${c(id)}/${v.version}`, 'aria-label': t('scb.open', v.version) }, `v${v.version}`)),
          h('td', {}, statusBadge(v, versions)),
          h('td', { class: 'effective' }, when(v.effectiveFrom)),
          h('td', {}, v.publishedAt ? `${when(v.publishedAt)} · ${v.publishedBy ?? ''}` : '—'),
          h('td', {}, lead && v === latest && v.status !== 'Draft'
            ? h('button', { type: 'button', class: 'secondary small new-draft', onclick: () => act(() => scorecardAdminApi.nextDraft(center, id), panel) }, t('scb.newDraft', v.version)) : null))))),
      versions.length > 1 ? h('form', { class: 'row compare', onsubmit: e => { e.preventDefault(); location.hash = `#/scorecards/${c(center)}/${c(id)}/compare/${left.value}/${right.value}`; } },
        left, h('span', {}, '↔'), right, h('button', { type: 'submit', class: 'secondary small' }, t('scb.compareWith'))) : null);
    return panel;
  });
  const tools = lead ? h('div', { class: 'actions' },
    h('a', { class: 'button', id: 'scb-new', href: `#/scorecards/${c(center)}/~new`, 'aria-keyshortcuts': 'n' }, t('scb.new')),
    ...[['inbound-service', 'scb-template', 'scb.fromTemplate'], ['chat-service', 'scb-chat-template', 'scb.fromChatTemplate']].map(([template, id, label]) =>
      byCard.has(template) ? null : h('button', { type: 'button', class: 'secondary', id, onclick: e => act(() => scorecardAdminApi.fromTemplate(center, template), e.target.parentElement) }, t(label)))) : null;
  render(h('h1', {}, t('scb.title')), tools, panels.length ? panels : h('p', { class: 'panel' }, t('scb.none')));
  document.querySelector('#main a.open, #scb-new')?.setAttribute('autofocus', '');
  pageShortcuts.set(lead ? [['n', t('scb.k.new')]] : [], (e, typing) => {
    if (typing || e.ctrlKey || e.altKey || e.metaKey || !lead || e.key !== 'n') return false;
    location.hash = `#/scorecards/${c(center)}/~new`;
    return true;
  });
}

/** One version: editable with a live preview when it is a draft and the person leads the center; else read only. */
async function versionPage(me, center, stored) {
  const lead = isLead(me);
  const state = { card: stored, etag: stored?.etag, dirty: !stored, busy: false };
  const draft = toDraft(stored);
  const editable = lead && (!stored || stored.status === 'Draft');
  const [settings, versions] = await Promise.all([
    editable ? scorecardAdminApi.settings(center) : null,
    stored ? scorecardAdminApi.versions(center, stored.scorecardId) : []]);

  const heading = h('h1', {});
  const saveState = h('span', { class: 'muted', id: 'scb-save-state', 'aria-live': 'polite' });
  const drawHeading = () => {
    const card = state.card;
    heading.replaceChildren(...(card ? [`${card.name} · v${card.version} `, statusBadge(card, versions.map(v => (v.version === card.version ? card : v)))] : [t('scb.newTitle')]));
    saveState.textContent = editable ? t(state.dirty ? 'scb.unsaved' : 'scb.allSaved') : '';
  };
  const editorHost = h('div', { id: 'scb-editor' });
  const previewHost = h('aside', { class: 'preview', id: 'scb-preview', 'aria-label': t('scb.preview') });
  const preview = createPreview(previewHost);
  const opts = { readOnly: !editable, isNew: !stored, onChange: () => { state.dirty = true; drawHeading(); preview.draw(draft); } };
  const editor = createEditor(editorHost, draft, opts);

  async function save() {
    if (state.busy) return false;
    state.busy = true;
    clearProblem();
    try {
      const saved = opts.isNew ? await scorecardAdminApi.create(center, toBody(draft, { withId: true }))
        : await scorecardAdminApi.save(center, state.card, state.etag, toBody(draft));
      if (opts.isNew) {
        opts.isNew = false;
        draft.scorecardId = saved.scorecardId;
        history.replaceState(null, '', `#/scorecards/${c(center)}/${c(saved.scorecardId)}/${saved.version}`);
        editor.draw();
      }
      Object.assign(state, { card: saved, etag: saved.etag, dirty: false });
      clearFields(editor.form);
      drawHeading();
      toast(t('scb.saved'));
      return true;
    } catch (e) { showProblem(e, editor.form); return false; } finally { state.busy = false; }
  }

  const actions = [];
  if (editable) {
    actions.push(h('div', { class: 'actions' },
      h('button', { type: 'button', id: 'scb-save', onclick: save, 'aria-keyshortcuts': 'Control+S' }, t('scb.save')), saveState));
    actions.push(publishForm(me, center, settings, state, save));
  }
  if (lead && stored?.status === 'Published') {
    actions.push(h('div', { class: 'actions' }, h('button', { type: 'button', class: 'danger', id: 'scb-retire', onclick: async () => {
      if (!await confirmDialog(t('scb.retireQ', stored.version), t('scb.retire'), t('scb.cancel'), { safeDefault: true })) return;
      try { await scorecardAdminApi.retire(center, stored, state.etag); toast(t('scb.retired', stored.version)); location.hash = `#/scorecards/${c(center)}`; } catch (e) { showProblem(e); }
    } }, t('scb.retire'))));
  }
  const others = versions.filter(v => v.version !== stored?.version);
  const compare = stored && others.length ? h('form', { class: 'row', onsubmit: e => { e.preventDefault(); location.hash = `#/scorecards/${c(center)}/${c(stored.scorecardId)}/compare/${e.target.other.value}/${stored.version}`; } },
    h('select', { name: 'other', 'aria-label': t('scc.left') }, others.map(v => h('option', { value: v.version, selected: v.version === stored.version - 1 }, `v${v.version}`))),
    h('span', {}, `↔ v${stored.version}`), h('button', { type: 'submit', class: 'secondary small', id: 'scb-compare' }, t('scb.compareWith'))) : null;

  drawHeading();
  render(heading,
    h('div', { class: 'row' }, h('a', { href: `#/scorecards/${c(center)}` }, t('scb.back')), compare),
    editable ? null : h('p', { class: 'muted' }, t('scb.readOnly')),
    h('div', { class: 'builder' }, h('div', {}, editorHost, actions), previewHost));
  editor.draw();
  preview.draw(draft);
  if (editable) document.getElementById('scb-name')?.focus();
  pageShortcuts.set(editable ? [['Ctrl+S', t('scb.k.save')], ['Alt+↑ / Alt+↓', t('scb.k.move')]] : [], e => {
    if (editable && (e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 's') { save(); return true; }
    return false;
  });
}

/** Publishing: the effective date at least the notice period ahead (an admin may shorten it, with a reason). */
function publishForm(me, center, settings, state, save) {
  const admin = me.roles.includes('admin');
  const noticeDays = settings?.noticeDays ?? 7;
  const earliest = new Date(Date.now() + noticeDays * 86_400_000);
  const date = h('input', { type: 'date', name: 'effectiveFrom', id: 'scb-effective', value: ymd(earliest), min: admin ? ymd(new Date()) : ymd(earliest), required: true });
  const reason = admin ? h('input', { name: 'reason', id: 'scb-reason', autocomplete: 'off' }) : null;
  const form = h('form', { class: 'panel', id: 'scb-publish', novalidate: true, 'aria-labelledby': 'scb-publish-title' },
    h('h2', { id: 'scb-publish-title' }, t('scb.publishTitle', noticeDays)),
    h('div', { class: 'row' }, field(t('scb.effectiveOn'), date), reason ? field(t('scb.reason'), reason) : null),
    h('p', { class: 'muted' }, t('scb.earliest', when(earliest.toISOString()), noticeDays)),
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'scb-publish-button' }, t('scb.publish'))));
  form.addEventListener('submit', async e => {
    e.preventDefault();
    if ((state.dirty || !state.card) && !await save()) return;
    // The earliest day means "at the end of the notice period" (the API's default); a later day, its start; today, now.
    const chosen = date.value;
    const effectiveFrom = !chosen || chosen === ymd(earliest) ? undefined
      : chosen === ymd(new Date()) ? new Date().toISOString() : new Date(`${chosen}T00:00:00`).toISOString();
    try {
      const published = await scorecardAdminApi.publish(state.card, state.etag, { effectiveFrom, reason: reason?.value || undefined });
      toast(t('scb.publishedToast', published.version, when(published.effectiveFrom)));
      location.hash = `#/scorecards/${c(center)}`;
    } catch (err) { showProblem(err, form); }
  });
  return form;
}

async function comparePage(me, center, id, a, b) {
  const versions = await scorecardAdminApi.versions(center, id);
  const of = n => versions.find(v => v.version === n);
  const left = of(a) ?? versions[versions.length - 2] ?? versions[0];
  const right = of(b) ?? versions[versions.length - 1];
  const pick = (name, label, chosen) => h('select', { name, 'aria-label': label }, versions.map(v => h('option', { value: v.version, selected: v === chosen }, `v${v.version} · ${t(`scb.st.${statusOf(v, versions)}`, when(v.effectiveFrom))}`)));
  const form = h('form', { class: 'row panel', onsubmit: e => { e.preventDefault(); location.hash = `#/scorecards/${c(center)}/${c(id)}/compare/${e.target.left.value}/${e.target.right.value}`; } },
    pick('left', t('scc.left'), left), h('span', {}, '↔'), pick('right', t('scc.right'), right), h('button', { type: 'submit', class: 'secondary' }, t('scc.show')));
  render(h('h1', {}, t('scc.title', right.name)), h('p', {}, h('a', { href: `#/scorecards/${c(center)}` }, t('scc.back'))), form, compareTable(left, right));
  pageShortcuts.set([], () => false);
}
