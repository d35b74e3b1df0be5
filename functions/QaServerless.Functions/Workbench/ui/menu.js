// The top bar's navigation: a group with one page is a link; a group with more is a disclosure button whose list
// holds its pages (WAI-ARIA disclosure navigation), so the bar's width grows with the groups, not with the pages.
// Keys: Enter/Space opens, ↓ opens and goes to the first page, ↑/↓/Home/End move, Esc closes and returns to the button.
import { t, has, extend } from './i18n.js';
import { h } from './dom.js';
import { navFor } from './nav.js';

extend({
  'nav.group.work': ['工作', 'Work'], 'nav.group.insight': ['分析', 'Insight'], 'nav.group.admin': ['管理', 'Admin'],
  'nav.group.data': ['数据', 'Data'], 'nav.group.settings': ['设置', 'Settings'], 'nav.group.people': ['人员', 'People'],
  'nav.inGroup': ['{0}：{1}', '{0}: {1}'],
});

/** A group's label; a group nobody translated yet shows its own name rather than a key. */
const groupLabel = group => (has(`nav.group.${group}`) ? t(`nav.group.${group}`) : group);

const pageLink = ({ name, key }, current) =>
  h('a', { href: `#/${name}`, 'aria-current': current === name ? 'page' : null, 'aria-keyshortcuts': `g ${key}`, dataset: { page: name } }, t(`nav.${name}`));

function closeAll(nav, except) {
  nav.querySelectorAll('.menu > button[aria-expanded=true]').forEach(b => { if (b !== except) { b.setAttribute('aria-expanded', 'false'); b.nextElementSibling.hidden = true; } });
}

function groupMenu(group, items, current, nav) {
  const id = `nav-menu-${group}`;
  const here = items.find(i => i.name === current);
  const button = h('button', { type: 'button', class: here ? 'current' : null, 'aria-expanded': 'false', 'aria-controls': id, dataset: { group },
    // The page one is on is said with the group (the link inside is marked aria-current too).
    'aria-label': here ? t('nav.inGroup', groupLabel(group), t(`nav.${here.name}`)) : null }, groupLabel(group), h('span', { class: 'caret', 'aria-hidden': 'true' }, '▾'));
  const list = h('ul', { id, hidden: true }, items.map(item => h('li', {}, pageLink(item, current))));
  const links = () => [...list.querySelectorAll('a')];
  const open = (focus) => {
    closeAll(nav, button);
    button.setAttribute('aria-expanded', 'true');
    list.hidden = false;
    if (focus === 'first') links()[0]?.focus();
    if (focus === 'last') links().at(-1)?.focus();
  };
  const close = (refocus) => { button.setAttribute('aria-expanded', 'false'); list.hidden = true; if (refocus) button.focus(); };
  button.addEventListener('click', () => (button.getAttribute('aria-expanded') === 'true' ? close(false) : open()));
  const wrapper = h('div', { class: 'menu' }, button, list);
  wrapper.addEventListener('keydown', e => {
    const all = links();
    const at = all.indexOf(document.activeElement);
    const move = to => { e.preventDefault(); e.stopPropagation(); all[(to + all.length) % all.length]?.focus(); };
    if (e.key === 'Escape' && !list.hidden) { e.preventDefault(); e.stopPropagation(); close(true); }
    else if (e.target === button && e.key === 'ArrowDown') { e.preventDefault(); open('first'); }
    else if (e.target === button && e.key === 'ArrowUp') { e.preventDefault(); open('last'); }
    else if (at >= 0 && e.key === 'ArrowDown') move(at + 1);
    else if (at >= 0 && e.key === 'ArrowUp') move(at - 1);
    else if (at >= 0 && e.key === 'Home') move(0);
    else if (at >= 0 && e.key === 'End') move(all.length - 1);
  });
  // Leaving the menu (Tab past its last page, a click elsewhere) closes it.
  wrapper.addEventListener('focusout', e => { if (!wrapper.contains(e.relatedTarget)) close(false); });
  list.addEventListener('click', () => close(false));
  return wrapper;
}

/** The bar's entries for the person: in nav.js order of first appearance of each group. */
export function navBar(me, current) {
  const nav = document.getElementById('nav');
  const groups = new Map();
  for (const item of me ? navFor(me) : []) groups.set(item.group ?? 'work', [...(groups.get(item.group ?? 'work') ?? []), item]);
  return [...groups].map(([group, items]) => (items.length === 1 ? pageLink(items[0], current) : groupMenu(group, items, current, nav)));
}

// A click outside the bar closes an open menu.
document.addEventListener('click', e => {
  const nav = document.getElementById('nav');
  if (nav && !nav.contains(e.target)) closeAll(nav);
});
