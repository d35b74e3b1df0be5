// The scorecard builder's working copy: a version as the form edits it (every section and item with a client-only
// uid, so focus and drag follow an item while its id is edited), turned back into the API's request body. Pure.

let uids = 0;
const uid = () => `u${++uids}`;
const str = x => (x == null ? '' : String(x));

const itemOf = i => ({
  uid: uid(), itemId: str(i.itemId), text: str(i.text), guidance: str(i.guidance), weight: str(i.weight ?? 1),
  answerType: i.answerType === 'Scale' ? 'Scale' : 'YesNo', scaleMax: str(i.answerType === 'Scale' ? i.scaleMax : 4),
  notApplicableAllowed: !!i.notApplicableAllowed, critical: str(i.critical), warning: !!i.warning,
});

/** The working copy of a stored version (or of a new card: one section, one item, the new versions' formula). */
export function toDraft(card) {
  const rules = card?.rules ?? {};
  const draft = {
    scorecardId: str(card?.scorecardId), version: card?.version ?? null, status: card?.status ?? 'Draft', name: str(card?.name),
    // The channels the card is for, as the lead types them ("chat, email"); empty: any channel (the default card).
    channels: (card?.channels ?? []).join(', '),
    // A version stored without a formula scores by the old rule (scoring.js formulaOf): shown as what it is.
    rules: { formula: card ? (rules.formula ?? 'WeightedPoints') : 'ItemShare', criticalCap: str(rules.criticalCap ?? 0),
      passFrom: str(rules.passFrom ?? 60), goodFrom: str(rules.goodFrom ?? 80), excellentFrom: str(rules.excellentFrom ?? 90) },
    sections: (card?.sections ?? []).map(s => ({ uid: uid(), sectionId: str(s.sectionId), title: str(s.title), weight: str(s.weight), items: (s.items ?? []).map(itemOf) })),
  };
  if (!card) addSection(draft);
  return draft;
}

/** The first "{prefix}{n}" not taken: new sections and items get short ids the lead may keep. */
function freeId(taken, prefix) {
  for (let n = 1; ; n++) if (!taken.has(`${prefix}${n}`)) return `${prefix}${n}`;
}

export function addSection(draft) {
  const section = { uid: uid(), sectionId: freeId(new Set(draft.sections.map(s => s.sectionId)), 's'), title: '', weight: '', items: [] };
  draft.sections.push(section);
  addItem(draft, section);
  return section;
}

export function addItem(draft, section) {
  const item = itemOf({ itemId: freeId(new Set(draft.sections.flatMap(s => s.items.map(i => i.itemId))), 'i') });
  section.items.push(item);
  return item;
}

/** Where a uid sits: { section, s } for a section, plus { item, i } for an item. */
export function locate(draft, id) {
  for (let s = 0; s < draft.sections.length; s++) {
    const section = draft.sections[s];
    if (section.uid === id) return { section, s };
    const i = section.items.findIndex(x => x.uid === id);
    if (i >= 0) return { section, s, item: section.items[i], i };
  }
  return null;
}

export function remove(draft, id) {
  const at = locate(draft, id);
  if (!at) return;
  if (at.item) at.section.items.splice(at.i, 1); else draft.sections.splice(at.s, 1);
}

/**
 * Moves an item one place up or down (delta −1/+1); past the first or last place of its section it goes to the end of
 * the previous section or the start of the next. A section moves among sections. True when something moved.
 */
export function move(draft, id, delta) {
  const at = locate(draft, id);
  if (!at) return false;
  if (!at.item) {
    const to = at.s + delta;
    if (to < 0 || to >= draft.sections.length) return false;
    draft.sections.splice(at.s, 1);
    draft.sections.splice(to, 0, at.section);
    return true;
  }
  const to = at.i + delta;
  if (to >= 0 && to < at.section.items.length) {
    at.section.items.splice(at.i, 1);
    at.section.items.splice(to, 0, at.item);
    return true;
  }
  const next = draft.sections[at.s + delta];
  if (!next) return false;
  at.section.items.splice(at.i, 1);
  if (delta < 0) next.items.push(at.item); else next.items.unshift(at.item);
  return true;
}

/** Drag and drop: the item goes just before (or after) the target item, or at the end of a target section. */
export function moveTo(draft, id, targetId, after) {
  if (id === targetId) return false;
  const from = locate(draft, id);
  const target = locate(draft, targetId);
  if (!from?.item || !target) return false;
  from.section.items.splice(from.i, 1);
  if (!target.item) { target.section.items.push(from.item); return true; }
  const i = target.section.items.indexOf(target.item);
  target.section.items.splice(after ? i + 1 : i, 0, from.item);
  return true;
}

// A number field left empty or not a number: sent as 0 for an item weight, so the API names the field (weight > 0).
const num = (x, empty) => (str(x).trim() === '' || !Number.isFinite(Number(x)) ? empty : Number(x));

/** The API's ScorecardRequest: exactly its members (an unknown member is refused, docs/workbench.md). */
export function toBody(draft, { withId = false } = {}) {
  const r = draft.rules;
  return {
    ...(withId && draft.scorecardId.trim() ? { scorecardId: draft.scorecardId.trim() } : {}),
    name: draft.name,
    channels: draft.channels.split(/[\s,，、;；]+/).filter(Boolean),
    sections: draft.sections.map(s => ({
      sectionId: s.sectionId.trim(), title: s.title, weight: num(s.weight, null),
      items: s.items.map(i => ({
        itemId: i.itemId.trim(), text: i.text, guidance: i.guidance.trim() || null, weight: num(i.weight, 0), answerType: i.answerType,
        scaleMax: i.answerType === 'Scale' ? num(i.scaleMax, 0) : 1, notApplicableAllowed: i.notApplicableAllowed,
        critical: i.critical || null, warning: i.warning,
      })),
    })),
    rules: { formula: r.formula, criticalCap: num(r.criticalCap, 0), passFrom: num(r.passFrom, 0), goodFrom: num(r.goodFrom, 0), excellentFrom: num(r.excellentFrom, 0) },
  };
}

/** The card the preview scores: the body with each item known by its uid (ids may be empty or doubled while editing). */
export function previewCard(draft) {
  const body = toBody(draft);
  body.sections.forEach((s, si) => s.items.forEach((item, ii) => { item.itemId = draft.sections[si].items[ii].uid; }));
  return body;
}
