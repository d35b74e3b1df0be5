// A QA lead moves one call's assignment to another inspector, picked by name from the center's inspectors. The API checks
// skill, conflict of interest and the daily cap (its reason shows at the inspector field); the assignment's ETag goes
// back in If-Match, so a change made meanwhile is refused rather than overwritten.
import { t, extend } from './i18n.js';
import { h, render, field, showProblem, clearFields } from './dom.js';
import { assignmentsApi, rosterApi } from './routes.js';

extend({
  'asg.title': ['分配 · {0}', 'Assignment · {0}'],
  'asg.now': ['当前分配', 'Assigned now'], 'asg.inspector': ['质检员', 'Inspector'], 'asg.day': ['评估日', 'Work day'],
  'asg.sampleDay': ['通话日', 'Call day'], 'asg.assignedAt': ['分配于', 'Assigned at'], 'asg.status': ['状态', 'Status'],
  'asg.agent': ['座席 / 班组 / 业务', 'Agent / team / business'], 'asg.reason': ['抽检原因', 'Why sampled'],
  'asg.reassign': ['改派给', 'Reassign to'], 'asg.submit': ['改派', 'Reassign'],
  'asg.done': ['已从 {0} 改派给 {1}。', 'Moved from {0} to {1}.'],
  'asg.history': ['本次查看中的改派', 'Reassignments made here'],
  'asg.inactive': ['（停用）', '(inactive)'],
  'asg.back': ['返回该质检员的任务', 'Back to the inspector\'s worklist'],
});

const when = iso => new Date(iso).toLocaleString(document.documentElement.lang, { dateStyle: 'medium', timeStyle: 'short' });

/** Route #/assignment/{center}/{callId} (reached from the worklist's "reassign"). */
export async function assignmentPage(me, center, callId) {
  const [assignment, inspectors] = await Promise.all([assignmentsApi.get(center, callId), rosterApi.inspectors(center).catch(() => [])]);
  const nameOf = id => inspectors.find(i => i.inspectorId === id)?.name;
  const who = id => (nameOf(id) ? `${nameOf(id)} (${id})` : id);
  let current = assignment;
  const moves = h('ol', { id: 'asg-history' });

  const facts = () => h('dl', { class: 'facts', id: 'asg-facts' },
    [['asg.inspector', who(current.inspectorId)], ['asg.status', t(`status.${current.status}`)], ['asg.day', current.day],
      ['asg.sampleDay', current.sampleDay], ['asg.assignedAt', when(current.assignedAt)],
      ['asg.agent', `${current.agentId} / ${current.team} / ${current.businessType}`], ['asg.reason', current.reason]]
      .flatMap(([k, v]) => [h('dt', {}, t(k)), h('dd', { dataset: { fact: k.slice(4) } }, v)]));
  const now = h('section', { class: 'panel' }, h('h2', {}, t('asg.now')), facts());

  const select = h('select', { name: 'inspectorId', required: true }, inspectors
    .filter(i => i.inspectorId !== current.inspectorId)
    .map(i => h('option', { value: i.inspectorId }, `${i.name} (${i.inspectorId})${i.active === false ? ` ${t('asg.inactive')}` : ''}`)));
  const form = h('form', { class: 'panel', id: 'asg-reassign', onsubmit: async e => {
    e.preventDefault();
    const from = current.inspectorId;
    try {
      current = await assignmentsApi.reassign(center, current, select.value);
      clearFields(form); // moved: a refusal shown before is over
      moves.append(h('li', {}, t('asg.done', who(from), who(current.inspectorId)), ` · ${when(new Date().toISOString())}`));
      now.replaceChild(facts(), now.querySelector('#asg-facts'));
      [...select.options].forEach(o => { o.hidden = o.value === current.inspectorId; });
      select.value = [...select.options].find(o => !o.hidden)?.value ?? '';
    } catch (err) { showProblem(err, form); }
  } },
  h('h2', {}, t('asg.reassign')), field(t('asg.inspector'), select),
  h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'asg-submit' }, t('asg.submit'))));

  render(h('h1', {}, t('asg.title', callId)), now,
    me.roles.includes('qa-lead') || me.roles.includes('admin') ? form : null,
    h('section', { class: 'panel' }, h('h2', {}, t('asg.history')), moves),
    h('p', {}, h('a', { href: `#/worklist/${encodeURIComponent(center)}/${current.day}?inspector=${encodeURIComponent(current.inspectorId)}` }, t('asg.back'))));
  select.setAttribute('autofocus', '');
}
