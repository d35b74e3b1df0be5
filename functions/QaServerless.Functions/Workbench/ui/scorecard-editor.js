// The builder's form: name, the channels it is for, scoring rules, sections (optional weight) and their items, added, removed and reordered by
// drag (the ⠿ handle) or by keyboard (Alt+↑/↓ on any control of an item or a section). Every control carries the
// API's field path in data-field (e.g. sections[1].items[0].weight), so a 400's errors land at the control.
import { t, extend } from './i18n.js';
import { h, field } from './dom.js';
import { addSection, addItem, remove, move, moveTo, locate } from './scorecard-model.js';

extend({
  'scb.name': ['质检标准名称', 'Scorecard name'], 'scb.id': ['编号', 'Id'], 'scb.idHint': ['自动生成', 'automatic'],
  'scb.channels': ['适用渠道（如 chat, email；留空为全部）', 'For channels (e.g. chat, email; empty: any)'],
  'scb.rules': ['计分规则', 'Scoring rules'], 'scb.formula': ['计分公式', 'Formula'],
  // Short enough for the select at 1280 px; docs/scoring.md says what each means.
  'scb.formula.ItemShare': ['项目占比', 'Item share'], 'scb.formula.WeightedPoints': ['加权分值（旧）', 'Weighted points (old)'],
  'scb.criticalCap': ['致命错误封顶分', 'Critical-error cap'], 'scb.passFrom': ['合格线', 'Pass from'], 'scb.goodFrom': ['良好线', 'Good from'],
  'scb.excellentFrom': ['优秀线', 'Excellent from'],
  'scb.section': ['板块 {0}', 'Section {0}'], 'scb.sectionTitle': ['板块名称', 'Section title'],
  'scb.sectionWeightField': ['板块权重（可选）', 'Section weight (optional)'],
  'scb.item': ['第 {0} 项', 'Item {0}'], 'scb.text': ['考核内容（可衡量的描述）', 'Wording (measurable)'], 'scb.guidance': ['评分说明 / 标准话术', 'Guidance / standard phrases'],
  'scb.weight': ['权重', 'Weight'], 'scb.answerType': ['答案类型', 'Answer type'], 'scb.answerType.YesNo': ['是 / 否', 'Yes / no'],
  'scb.answerType.Scale': ['分值 0…n', 'Scale 0…n'], 'scb.scaleMax': ['最高分', 'Scale max'], 'scb.na': ['允许不适用 (N/A)', 'N/A allowed'],
  'scb.criticalClass': ['致命错误类别', 'Critical class'], 'scb.critical.none': ['非致命', 'not critical'],
  'scb.critical.Customer': ['客户类', 'customer'], 'scb.critical.Business': ['业务类', 'business'], 'scb.critical.Compliance': ['合规类', 'compliance'],
  'scb.warning': ['警告项（不扣分）', 'Warning (deducts nothing)'],
  'scb.addItem': ['添加项目', 'Add an item'], 'scb.addSection': ['添加板块', 'Add a section'], 'scb.remove': ['删除', 'Remove'],
  'scb.up': ['上移', 'Move up'], 'scb.down': ['下移', 'Move down'], 'scb.drag': ['拖动以调整顺序（或 Alt+↑/↓）', 'Drag to reorder (or Alt+↑/↓)'],
  'scb.moved': ['已移到 {0} 第 {1} 位', 'Moved to {0}, place {1}'], 'scb.sectionMoved': ['板块已移到第 {0} 位', 'Section moved to place {0}'],
  'scb.removeItemQ': ['删除此项？', 'Remove this item?'],
});

const criticalClasses = ['', 'Customer', 'Business', 'Compliance'];

/**
 * Draws the working copy into host. onChange(structural) after every edit: structural when sections or items were added,
 * removed, moved or changed kind (the form is drawn again, the focus kept on the same control of the same item).
 */
export function createEditor(host, draft, opts = {}) {
  // opts is read at each draw: the page turns isNew off once the card is created, without a new working copy.
  const readOnly = !!opts.readOnly;
  const onChange = structural => opts.onChange?.(structural);
  const status = h('span', { class: 'sr-only', 'aria-live': 'polite', id: 'scb-moved' });
  let dragged = null;

  const bind = (control, key, target, prop, kind = 'value') => {
    control.dataset.key = key;
    if (readOnly) control.disabled = true;
    control.addEventListener(kind === 'checked' ? 'change' : 'input', () => {
      target[prop] = kind === 'checked' ? control.checked : control.value;
      onChange(kind !== 'value');
      if (prop === 'answerType') draw(key); // the scale's maximum shows only for a scale
    });
    return control;
  };
  const input = (target, prop, key, path, attrs = {}) =>
    bind(h('input', { value: target[prop], dataset: { field: path }, autocomplete: 'off', ...attrs }), key, target, prop);
  const select = (target, prop, key, path, options) =>
    bind(h('select', { dataset: { field: path } }, options.map(([v, l]) => h('option', { value: v, selected: target[prop] === v }, l))), key, target, prop, 'select');
  const check = (target, prop, key, path, label) => {
    const box = bind(h('input', { type: 'checkbox', checked: target[prop], dataset: { field: path } }), key, target, prop, 'checked');
    return h('label', { class: 'check' }, box, ' ', label);
  };
  const button = (label, onclick, attrs = {}) => readOnly ? null : h('button', { type: 'button', class: 'secondary small', onclick, ...attrs }, label);

  function structural(work, focusKey) {
    work();
    onChange(true);
    draw(focusKey);
  }

  /** Alt+↑/↓ on a control moves its item (or, in a section's header, the section); the focus stays on the control. */
  function onKey(e) {
    if (readOnly || !e.altKey || e.ctrlKey || e.metaKey || !['ArrowUp', 'ArrowDown'].includes(e.key)) return;
    const holder = e.target.closest('[data-uid]');
    if (!holder) return;
    e.preventDefault();
    const key = e.target.dataset.key;
    if (!move(draft, holder.dataset.uid, e.key === 'ArrowUp' ? -1 : 1)) return;
    onChange(true);
    draw(key);
    const at = locate(draft, holder.dataset.uid);
    status.textContent = at.item ? t('scb.moved', at.section.title || t('scb.section', at.s + 1), at.i + 1) : t('scb.sectionMoved', at.s + 1);
  }

  function dragHandlers(uid) {
    if (readOnly) return {};
    return {
      ondragover: e => { if (dragged) { e.preventDefault(); e.dataTransfer.dropEffect = 'move'; } },
      ondrop: e => {
        if (!dragged) return;
        e.preventDefault();
        e.stopPropagation();
        const box = e.currentTarget.getBoundingClientRect();
        const id = dragged;
        dragged = null;
        if (moveTo(draft, id, uid, e.clientY > box.top + box.height / 2)) { onChange(true); draw(); }
      },
    };
  }

  function itemBlock(section, s, item, i) {
    const at = `sections[${s}].items[${i}]`;
    const k = p => `${item.uid}:${p}`;
    const handle = readOnly ? null : h('span', { class: 'handle', draggable: 'true', title: t('scb.drag'), 'aria-hidden': 'true',
      ondragstart: e => { dragged = item.uid; e.dataTransfer.effectAllowed = 'move'; e.dataTransfer.setData('text/plain', item.uid); e.target.closest('.sc-item').classList.add('dragging'); },
      ondragend: e => { dragged = null; e.target.closest('.sc-item')?.classList.remove('dragging'); } }, '⠿');
    return h('div', { class: 'sc-item', dataset: { uid: item.uid, item: item.itemId }, role: 'group', 'aria-label': t('scb.item', `${s + 1}.${i + 1}`), ...dragHandlers(item.uid) },
      h('div', { class: 'sc-head' }, handle, h('span', { class: 'sc-no' }, `${s + 1}.${i + 1}`),
        h('div', { class: 'grow' }, field(t('scb.text'), input(item, 'text', k('text'), `${at}.text`, { required: true }))),
        button('↑', () => structural(() => move(draft, item.uid, -1), k('up')), { 'aria-label': t('scb.up'), dataset: { key: k('up') } }),
        button('↓', () => structural(() => move(draft, item.uid, 1), k('down')), { 'aria-label': t('scb.down'), dataset: { key: k('down') } }),
        button(t('scb.remove'), () => structural(() => remove(draft, item.uid), `${section.uid}:addItem`), { class: 'ghost small remove-item' })),
      h('div', { class: 'sc-fields' },
        field(t('scb.id'), input(item, 'itemId', k('itemId'), `${at}.itemId`)),
        field(t('scb.weight'), input(item, 'weight', k('weight'), `${at}.weight`, { type: 'number', step: 'any', min: 0 })),
        field(t('scb.answerType'), select(item, 'answerType', k('answerType'), `${at}.answerType`, ['YesNo', 'Scale'].map(x => [x, t(`scb.answerType.${x}`)]))),
        item.answerType === 'Scale' ? field(t('scb.scaleMax'), input(item, 'scaleMax', k('scaleMax'), `${at}.scaleMax`, { type: 'number', min: 1, max: 100, step: 1 })) : h('div'),
        field(t('scb.criticalClass'), select(item, 'critical', k('critical'), `${at}.critical`, criticalClasses.map(x => [x, t(`scb.critical.${x || 'none'}`)])))),
      h('div', { class: 'sc-fields wide' },
        field(t('scb.guidance'), input(item, 'guidance', k('guidance'), `${at}.guidance`)),
        h('div', { class: 'checks' }, check(item, 'notApplicableAllowed', k('na'), `${at}.notApplicableAllowed`, t('scb.na')),
          check(item, 'warning', k('warning'), `${at}.warning`, t('scb.warning')))));
  }

  function sectionBlock(section, s) {
    const at = `sections[${s}]`;
    const k = p => `${section.uid}:${p}`;
    return h('fieldset', { class: 'sc-section', dataset: { uid: section.uid, section: section.sectionId }, ...dragHandlers(section.uid) },
      h('legend', {}, t('scb.section', s + 1)),
      h('div', { class: 'sc-head' },
        h('div', { class: 'grow' }, field(t('scb.sectionTitle'), input(section, 'title', k('title'), `${at}.title`, { required: true }))),
        field(t('scb.id'), input(section, 'sectionId', k('sectionId'), `${at}.sectionId`, { class: 'short' })),
        field(t('scb.sectionWeightField'), input(section, 'weight', k('weight'), `${at}.weight`, { type: 'number', step: 'any', min: 0, class: 'short' })),
        button('↑', () => structural(() => move(draft, section.uid, -1), k('up')), { 'aria-label': `${t('scb.up')} · ${t('scb.section', s + 1)}`, dataset: { key: k('up') } }),
        button('↓', () => structural(() => move(draft, section.uid, 1), k('down')), { 'aria-label': `${t('scb.down')} · ${t('scb.section', s + 1)}`, dataset: { key: k('down') } }),
        button(t('scb.remove'), () => structural(() => remove(draft, section.uid), 'addSection'), { class: 'ghost small', 'aria-label': `${t('scb.remove')} · ${t('scb.section', s + 1)}` })),
      h('div', { class: 'sc-items', tabindex: '-1', dataset: { field: `${at}.items` } }, section.items.map((item, i) => itemBlock(section, s, item, i))),
      button(t('scb.addItem'), () => { const added = addItem(draft, section); onChange(true); draw(`${added.uid}:text`); },
        { class: 'secondary small add-item', dataset: { key: k('addItem') } }));
  }

  function draw(focusKey = document.activeElement?.dataset?.key) {
    const r = draft.rules;
    const form = h('form', { id: 'scb-form', novalidate: true, onsubmit: e => e.preventDefault(), onkeydown: onKey },
      h('div', { class: 'panel' },
        h('div', { class: 'sc-head' },
          h('div', { class: 'grow' }, field(t('scb.name'), input(draft, 'name', 'name', 'name', { required: true, id: 'scb-name' }))),
          field(t('scb.channels'), input(draft, 'channels', 'channels', 'channels', { placeholder: 'chat, email', id: 'scb-channels' })),
          opts.isNew ? field(t('scb.id'), input(draft, 'scorecardId', 'scorecardId', 'scorecardId', { placeholder: t('scb.idHint'), class: 'short' })) : null),
        h('fieldset', { class: 'sc-rules', dataset: { field: 'rules' }, tabindex: '-1' }, h('legend', {}, t('scb.rules')),
          h('div', { class: 'sc-fields' },
            field(t('scb.formula'), select(r, 'formula', 'formula', 'rules.formula', ['ItemShare', 'WeightedPoints'].map(x => [x, t(`scb.formula.${x}`)]))),
            ...['criticalCap', 'passFrom', 'goodFrom', 'excellentFrom'].map(p =>
              field(t(`scb.${p}`), input(r, p, p, `rules.${p}`, { type: 'number', min: 0, max: 100, step: 'any' })))))),
      h('div', { dataset: { field: 'sections' }, tabindex: '-1', id: 'scb-sections' }, draft.sections.map(sectionBlock)),
      button(t('scb.addSection'), () => { const added = addSection(draft); onChange(true); draw(`${added.uid}:title`); }, { id: 'add-section', dataset: { key: 'addSection' } }),
      status);
    host.replaceChildren(form);
    if (focusKey) form.querySelector(`[data-key="${CSS.escape(focusKey)}"]`)?.focus();
    return form;
  }

  return { draw, get form() { return host.querySelector('#scb-form'); } };
}
