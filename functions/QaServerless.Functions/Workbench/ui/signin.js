// Local sign-in (development only): pick a role, a center and a person; the app sets the qa-dev-user cookie.
import { t, extend } from './i18n.js';
import { get, post, ApiProblem } from './api.js';
import { h, field, render, showProblem, clearProblem } from './dom.js';

extend({
  easyAuthOnly: ['此环境未开启本地登录。请通过单点登录（Easy Auth）登录。', 'Local sign-in is off here. Sign in with single sign-on (Easy Auth).'],
  ssoSignIn: ['单点登录', 'Single sign-on'],
  pickPerson: ['— 选择 —', '— pick —'],
});

const roles = ['inspector', 'agent', 'supervisor', 'qa-lead', 'admin'];

export async function signInPage(done) {
  let directory = [];
  try { directory = await get('/api/dev/directory'); } catch (e) {
    if (e instanceof ApiProblem && e.status === 404) {
      render(h('h1', {}, t('signIn')), h('p', {}, t('easyAuthOnly')), h('a', { class: 'button', href: '/.auth/login/aad?post_login_redirect_uri=/api/ui/' }, t('ssoSignIn')));
      return;
    }
    throw e;
  }

  const role = h('select', { name: 'role', autofocus: true }, roles.map(r => h('option', { value: r }, `${r} · ${t(`role.${r}`)}`)));
  const center = h('input', { name: 'center', list: 'centers', required: true, autocomplete: 'off' });
  const person = h('input', { name: 'personId', list: 'people', autocomplete: 'off' });
  const team = h('input', { name: 'team', list: 'teams', autocomplete: 'off' });
  const name = h('input', { name: 'name', autocomplete: 'off' });
  const centers = h('datalist', { id: 'centers' }, directory.map(c => h('option', { value: c.centerId }, c.name)));
  const people = h('datalist', { id: 'people' });
  const teams = h('datalist', { id: 'teams' });
  if (directory.length) center.value = directory[0].centerId;

  // Offer the people of the chosen center who fit the role; picking one fills in their team and name.
  const refresh = () => {
    const c = directory.find(d => d.centerId === center.value);
    const list = !c ? [] : role.value === 'agent' ? c.agents : role.value === 'inspector' || role.value === 'qa-lead' ? c.inspectors : [];
    people.replaceChildren(...list.map(p => h('option', { value: p.id }, `${p.name}${p.team ? ' · ' + p.team : ''}`)));
    teams.replaceChildren(...(c?.teams ?? []).map(x => h('option', { value: x })));
    personField.hidden = !['agent', 'inspector', 'qa-lead'].includes(role.value);
    teamField.hidden = !['agent', 'supervisor'].includes(role.value);
    if (role.value === 'supervisor' && !team.value && c?.teams?.length) team.value = c.teams[0];
  };
  person.addEventListener('change', () => {
    const c = directory.find(d => d.centerId === center.value);
    const found = [...(c?.agents ?? []), ...(c?.inspectors ?? [])].find(p => p.id === person.value);
    if (found) { name.value = found.name; if (found.team) team.value = found.team; }
  });

  const personField = field(t('person'), person);
  const teamField = field(t('team'), team);
  const form = h('form', { class: 'panel', 'aria-labelledby': 'signin-title' },
    field(t('role'), role), field(t('center'), center), personField, teamField, field(t('name'), name),
    centers, people, teams,
    h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('signIn'))));
  role.addEventListener('change', refresh);
  center.addEventListener('change', refresh);
  form.addEventListener('submit', async e => {
    e.preventDefault();
    clearProblem();
    try {
      await post('/api/dev/sign-in', {
        role: role.value, center: center.value.trim(), personId: person.value.trim() || null,
        team: team.value.trim() || null, name: name.value.trim() || null,
      });
      await done();
    } catch (err) { showProblem(err); }
  });
  render(h('h1', { id: 'signin-title' }, t('signInTitle')), h('p', { class: 'muted' }, t('signInHint')),
    directory.length ? null : h('p', {}, t('noDirectory')), form);
  refresh();
}
