// Two versions of a scorecard side by side: items matched by id, each row added, removed, changed (the changed
// fields marked) or the same; section titles and weights and the scoring rules compared too.
import { t, extend } from './i18n.js';
import { h } from './dom.js';

extend({
  'scc.title': ['版本对比 · {0}', 'Compare versions · {0}'], 'scc.left': ['左侧版本', 'Left version'], 'scc.right': ['右侧版本', 'Right version'],
  'scc.show': ['对比', 'Compare'], 'scc.summary': ['新增 {0} · 删除 {1} · 修改 {2} · 未变 {3}', '{0} added · {1} removed · {2} changed · {3} unchanged'],
  'scc.kind.added': ['新增', 'added'], 'scc.kind.removed': ['删除', 'removed'], 'scc.kind.changed': ['修改', 'changed'], 'scc.kind.same': ['未变', 'unchanged'],
  'scc.rules': ['计分规则', 'Scoring rules'], 'scc.none': ['—', '—'], 'scc.change': ['变化', 'Change'],
  'scc.scale': ['0–{0} 分', 'scale 0–{0}'], 'scc.yesNo': ['是/否', 'yes/no'], 'scc.back': ['返回质检标准', 'Back to the scorecards'],
});

export const itemFields = ['text', 'guidance', 'weight', 'answerType', 'scaleMax', 'notApplicableAllowed', 'critical', 'warning', 'section'];
const ruleFields = ['formula', 'criticalCap', 'passFrom', 'goodFrom', 'excellentFrom'];

const norm = (item, field) => {
  const v = item[field];
  if (field === 'scaleMax') return item.answerType === 'Scale' ? Number(v) : null; // a yes/no item has no scale
  if (field === 'weight') return Number(v ?? 1);
  if (field === 'notApplicableAllowed' || field === 'warning') return !!v;
  return v ?? null;
};
const rulesOf = card => ({ criticalCap: 0, passFrom: 60, goodFrom: 80, excellentFrom: 90, ...(card.rules ?? {}), formula: card.rules?.formula ?? 'WeightedPoints' });

/**
 * The rows of a comparison, in the right version's order, each removed item after its old section (or at the end):
 * { kind: 'section', left, right, changed } and { kind: 'added'|'removed'|'changed'|'same', left, right, changed: Set }.
 */
export function diffVersions(a, b) {
  const flat = card => card.sections.flatMap(s => s.items.map(i => ({ ...i, section: s.sectionId })));
  const left = new Map(flat(a).map(i => [i.itemId, i]));
  const right = new Set(flat(b).map(i => i.itemId));
  const leftSections = new Map(a.sections.map(s => [s.sectionId, s]));
  const removedOf = section => section.items.filter(i => !right.has(i.itemId)).map(i => ({ kind: 'removed', left: { ...i, section: section.sectionId }, right: null, changed: new Set() }));
  const rows = [];
  for (const s of b.sections) {
    const old = leftSections.get(s.sectionId);
    rows.push({ kind: 'section', left: old ?? null, right: s,
      changed: new Set(old ? ['title', 'weight'].filter(f => (old[f] ?? null) !== (s[f] ?? null)) : ['title']) });
    for (const item of s.items) {
      const before = left.get(item.itemId);
      const now = { ...item, section: s.sectionId };
      if (!before) { rows.push({ kind: 'added', left: null, right: now, changed: new Set() }); continue; }
      const changed = new Set(itemFields.filter(f => norm(before, f) !== norm(now, f)));
      rows.push({ kind: changed.size ? 'changed' : 'same', left: before, right: now, changed });
    }
    if (old) rows.push(...removedOf(old));
  }
  for (const s of a.sections.filter(x => !b.sections.some(y => y.sectionId === x.sectionId))) {
    rows.push({ kind: 'section', left: s, right: null, changed: new Set(['title']) }, ...removedOf(s));
  }
  const ra = rulesOf(a), rb = rulesOf(b);
  return { rows, rules: { left: ra, right: rb, changed: new Set(ruleFields.filter(f => String(ra[f]) !== String(rb[f]))) } };
}

const mark = (on, ...content) => h('span', { class: on ? 'diff-field changed' : 'diff-field' }, ...content);

function itemCell(item, changed) {
  if (!item) return h('td', { class: 'diff-empty' }, t('scc.none'));
  const c = f => changed.has(f);
  return h('td', {},
    h('div', {}, mark(c('text'), h('strong', {}, item.text))),
    h('div', { class: 'row diff-meta' },
      mark(c('weight'), t('ev.weight', item.weight)),
      mark(c('answerType') || c('scaleMax'), item.answerType === 'Scale' ? t('scc.scale', item.scaleMax) : t('scc.yesNo')),
      item.notApplicableAllowed || c('notApplicableAllowed') ? mark(c('notApplicableAllowed'), item.notApplicableAllowed ? t('ev.naAllowed') : `¬ ${t('ev.naAllowed')}`) : null,
      item.critical || c('critical') ? mark(c('critical'), item.critical ? `${t('ev.critical')} · ${t(`scb.critical.${item.critical}`)}` : t('scb.critical.none')) : null,
      item.warning || c('warning') ? mark(c('warning'), item.warning ? t('ev.warning') : `¬ ${t('ev.warning')}`) : null,
      c('section') ? mark(true, item.section) : null),
    item.guidance || c('guidance') ? h('div', { class: 'muted' }, mark(c('guidance'), item.guidance || t('scc.none'))) : null);
}

const sectionText = s => (s ? [s.title, s.weight != null ? ` · ${t('scb.sectionWeight', s.weight)}` : ''] : [t('scc.none')]);

/** The comparison table of two stored versions. */
export function compareTable(a, b) {
  const { rows, rules } = diffVersions(a, b);
  const counts = kind => rows.filter(r => r.kind === kind).length;
  return [
    h('p', { id: 'scc-summary' }, t('scc.summary', counts('added'), counts('removed'), counts('changed'), counts('same'))),
    h('table', { class: 'diff', id: 'scc-table' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, `v${a.version}`), h('th', { scope: 'col' }, `v${b.version}`), h('th', { scope: 'col' }, t('scc.change')))),
      h('tbody', {},
        rows.map(r => r.kind === 'section'
          ? h('tr', { class: 'diff-section' }, h('th', { scope: 'row' }, mark(r.changed.size > 0 && !!r.left, ...sectionText(r.left))),
            h('th', {}, mark(r.changed.size > 0 && !!r.right, ...sectionText(r.right))), h('th', {}))
          : h('tr', { class: `diff-${r.kind}`, dataset: { item: (r.right ?? r.left).itemId, kind: r.kind, changed: [...r.changed].join(' ') } },
            itemCell(r.left, r.changed), itemCell(r.right, r.changed), h('td', {}, h('span', { class: `badge diff-badge-${r.kind}` }, t(`scc.kind.${r.kind}`))))),
        h('tr', { class: 'diff-section' }, h('th', { colspan: 3 }, t('scc.rules'))),
        h('tr', { class: rules.changed.size ? 'diff-changed' : 'diff-same', id: 'scc-rules' },
          ...[rules.left, rules.right].map(r => h('td', {}, ruleFields.map(f => h('div', {}, mark(rules.changed.has(f), `${t(`scb.${f === 'formula' ? 'formula' : f}`)}: `,
            f === 'formula' ? t(`scb.formula.${r[f]}`) : r[f]))))),
          h('td', {}, h('span', { class: `badge diff-badge-${rules.changed.size ? 'changed' : 'same'}` }, t(`scc.kind.${rules.changed.size ? 'changed' : 'same'}`)))))),
  ];
}
