// The workbench shell: who is signed in, the role's navigation, hash routes, the error banner, global shortcuts.
import { t, lang, setLang, localise } from './i18n.js';
import { get, post, ApiProblem } from './api.js';
import { h, render, drawings, showProblem, clearProblem, problemTitle, problemMessage } from './dom.js';
import { signInPage } from './signin.js';
import { pages } from './pages.js';
import { pageShortcuts, isTyping } from './shortcuts.js';
import { navFor, homeFor } from './nav.js';
import { navBar } from './menu.js';
import { updateBadge } from './inbox.js';

export const session = { me: null };

function renderChrome() {
  localise();
  document.getElementById('lang').textContent = t('switchTo');
  document.getElementById('lang').lang = lang === 'en' ? 'zh-CN' : 'en';
  const me = session.me;
  const current = location.hash.split('?')[0].split('/')[1] || '';
  document.getElementById('nav').replaceChildren(...navBar(me, current),
    h('a', { href: '/api/reference', target: '_blank', rel: 'noopener' }, t('nav.api')));
  document.getElementById('who').textContent = me ? `${t('signedInAs')}: ${me.name} · ${me.roles.map(r => t(`role.${r}`)).join('/')} · ${me.centers.join(',')}` : '';
  document.getElementById('signout').hidden = !me;
  updateBadge(me);
  document.title = `${t('appName')} · QaServerless`;
}

// /api/session answers 200 signed in or not: a signed-out first load logs no failed request (/api/me would be a 401).
async function loadMe() {
  const current = await get('/api/session');
  session.me = current?.signedIn ? current.me : null;
}

// A page that loads slowly may finish after the person has moved on and the next page has drawn. If it drew over that
// page, the current route is drawn again (seen: the team page's extra lookups finishing over an evaluation); if it drew
// nothing since (the sign-in finishing after it sent the person on), the current page stays as it is: drawing it again
// would take the focus and what the person has typed meanwhile.
let routeCount = 0, shownRoute = 0, shownDrawing = 0, pending = 0;

// While any page is still loading, <main> is aria-busy: assistive technology waits, and so can a test (a page that
// finished late may still draw; seen: the team page's lookups drawing over a search opened meanwhile).
export async function route() {
  pending++;
  document.getElementById('main')?.setAttribute('aria-busy', 'true');
  try { await drawRoute(); } finally {
    if (--pending === 0) document.getElementById('main')?.removeAttribute('aria-busy');
  }
}

async function drawRoute() {
  const id = ++routeCount;
  clearProblem();
  const [, name = '', ...params] = location.hash.split('?')[0].split('/');
  renderChrome();
  if (!session.me && name !== 'signin') { location.hash = '#/signin'; return; }
  render(h('p', { class: 'muted' }, t('loading')));
  try {
    if (name === 'signin') await signInPage(async () => { await loadMe(); location.hash = '#/'; });
    else if (pages[name]) await pages[name](session.me, ...params.map(decodeURIComponent));
    else {
      const home = homeFor(session.me);
      if (home) { location.hash = `#/${home}`; return; }
      render(h('h1', {}, t('welcome', session.me.name)), h('p', {}, t('homeHint')));
    }
  } catch (e) {
    if (e instanceof ApiProblem && e.status === 401) { session.me = null; location.hash = '#/signin'; return; }
    // The page could not draw: say so in the page itself (a banner above "loading…" looked like a hang).
    render(h('h1', {}, problemTitle(e)), h('p', { class: 'panel', role: 'alert', id: 'page-error' }, problemMessage(e)),
      h('p', {}, h('a', { href: '#/', autofocus: true }, t('backHome'))));
  }
  if (id < shownRoute) {
    if (drawings.count !== shownDrawing) { pageShortcuts.clear(); await route(); }
    return;
  }
  shownRoute = id;
  const main = document.getElementById('main');
  // Focus on <main> itself is only the fallback of a page without an autofocus (e.g. a late home page drawn first):
  // the page shown now takes it.
  if (!main.contains(document.activeElement) || document.activeElement === document.body || document.activeElement === main) {
    (main.querySelector('[autofocus]') ?? main).focus();
  }
  shownDrawing = drawings.count;
}

// Keyboard: "?" shows the shortcuts, "g" then a letter goes to a page. Page shortcuts live in their pages.
// A deadline, not a flag cleared by a timer: an old "g"'s timer must not cancel a newer "g" pressed within 1.5 s.
let pendingGUntil = 0;
document.addEventListener('keydown', e => {
  if (e.defaultPrevented || document.querySelector('dialog[open]')) return;
  const typing = isTyping(e.target);
  const plain = !typing && !e.ctrlKey && !e.metaKey && !e.altKey;
  // "g" then a letter: the letter belongs to the navigation, not to the page (j/k move in lists).
  if (plain && Date.now() < pendingGUntil) {
    pendingGUntil = 0;
    const item = navFor(session.me).find(i => i.key === e.key);
    if (item) { e.preventDefault(); location.hash = `#/${item.name}`; }
    return;
  }
  if (plain && e.key === 'g') { pendingGUntil = Date.now() + 1500; return; }
  // Then the page: it may take Ctrl combinations (save, submit) even while the person types in a field.
  if (pageShortcuts.handler?.(e, typing)) { e.preventDefault(); return; }
  if (!plain) return;
  if (e.key === '?') { e.preventDefault(); showHelp(); }
});


function showHelp() {
  // One row per page the person may go to: the list grows with nav.js, no hand-kept "g then w/m/t…" text.
  const nav = navFor(session.me).map(({ name, key }) => [`g ${key}`, t(`nav.${name}`)]);
  const rows = [['?', t('shortcut.help')], ...nav, ...pageShortcuts.list];
  document.getElementById('help-body').replaceChildren(h('table', {}, h('tbody', {}, rows.map(([k, d]) => h('tr', {}, h('td', {}, h('kbd', {}, k)), h('td', {}, d))))));
  localise(document.getElementById('help'));
  document.getElementById('help').showModal();
}

// Never a blank page: whatever escapes a page ends in the banner.
window.addEventListener('error', e => showProblem(e.error ?? e.message));
window.addEventListener('unhandledrejection', e => showProblem(e.reason));

document.getElementById('lang').addEventListener('click', () => { setLang(lang === 'en' ? 'zh-CN' : 'en'); route(); });
document.getElementById('help-button').addEventListener('click', showHelp);
document.getElementById('signout').addEventListener('click', async () => {
  await post('/api/dev/sign-out').catch(() => {});
  session.me = null;
  location.hash = '#/signin';
});
window.addEventListener('hashchange', () => { pageShortcuts.clear(); route(); });

setLang(lang);
loadMe().then(route, e => { renderChrome(); showProblem(e); });
