// Names instead of roster ids: one lookup per signed-in person and center (GET /api/centers/{center}/people, which
// answers only the people the caller may see), shared by every page. An id with no name shows as the id.
import { get } from './api.js';
import { h } from './dom.js';

const lookups = new Map();

/** The people of a center the person may see, as a Map id → { id, name, role, team }; fetched once, never failing a page. */
export function peopleOf(me, center) {
  const key = `${me?.id}|${center}`;
  if (!lookups.has(key)) {
    lookups.set(key, get(`/api/centers/${encodeURIComponent(center)}/people`)
      .then(list => new Map((list ?? []).map(p => [p.id, p])))
      .catch(() => new Map()));
  }
  return lookups.get(key);
}

/** "Name (id)", or the id alone when there is no name. For text that is not an element (a sentence, a title). */
export const nameText = (people, id) => {
  const name = id ? people?.get(id)?.name : null;
  return name && name !== id ? `${name} (${id})` : (id ?? '');
};

/** A person in a table or a sentence: the name, the id beside it (muted) and as the title. */
export function personCell(people, id) {
  const name = id ? people?.get(id)?.name : null;
  if (!name || name === id) return h('span', { class: 'person', dataset: { person: id ?? '' } }, id ?? '—');
  return h('span', { class: 'person', title: id, dataset: { person: id } }, name, ' ', h('span', { class: 'muted person-id' }, id));
}
