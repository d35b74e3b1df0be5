// The navigation: one entry a page, in the order shown. A new page adds one line here (and its page in pages.js).
// key: the letter after "g"; roles: who sees it; group: the menu it sits in when the bar is grouped.
export const navItems = [
  { name: 'worklist', key: 'w', roles: ['inspector', 'qa-lead', 'admin'], group: 'work' },
  { name: 'my', key: 'm', roles: ['agent'], group: 'work' },
  { name: 'team', key: 't', roles: ['supervisor'], group: 'work' },
  { name: 'appeals', key: 'a', roles: ['qa-lead', 'admin'], group: 'work' },
  { name: 'calibration', key: 'c', roles: ['inspector', 'qa-lead', 'admin'], group: 'work' },
  { name: 'coverage', key: 'v', roles: ['qa-lead', 'admin'], group: 'insight' },
  { name: 'kpi', key: 'k', roles: ['qa-lead', 'admin', 'supervisor'], group: 'insight' },
  { name: 'agreement', key: 'i', roles: ['qa-lead', 'admin'], group: 'insight' },
  { name: 'settings', key: 'x', roles: ['qa-lead', 'admin'], group: 'admin' },
  { name: 'quarantine', key: 'q', roles: ['qa-lead', 'admin'], group: 'admin' },
  { name: 'search', key: 'f', roles: ['qa-lead', 'admin', 'inspector', 'supervisor'], group: 'work' },
  { name: 'scorecards', key: 'b', roles: ['qa-lead', 'admin'], group: 'admin' },
  { name: 'trends', key: 'r', roles: ['qa-lead', 'admin', 'supervisor'], group: 'insight' },
  { name: 'inbox', key: 'n', roles: ['agent', 'supervisor', 'inspector', 'qa-lead', 'admin'], group: 'work' },
  { name: 'imports', key: 'p', roles: ['qa-lead', 'admin'], group: 'admin' },
  { name: 'self', key: 's', roles: ['agent'], group: 'work' },
];

// A role's home is its first page in this order (the lead's day starts with appeals, an inspector's with the worklist).
const homeOrder = ['appeals', 'worklist', 'team', 'my'];

/** The pages the person sees, in bar order, and their home page first among equals. */
export function navFor(me) {
  const roles = new Set(me?.roles ?? []);
  return navItems.filter(item => item.roles.some(r => roles.has(r)));
}

export function homeFor(me) {
  // An admin (who is not also a QA lead) runs the centers: the settings are the day's start, the lead's pages are a key away.
  if (me?.roles?.includes('admin') && !me.roles.includes('qa-lead')) return 'settings';
  const names = navFor(me).map(i => i.name);
  return homeOrder.find(n => names.includes(n)) ?? names[0];
}

export const navKeyOf = name => navItems.find(i => i.name === name)?.key;
