// The notifications tab of the settings (docs/notifications.md, "API"): how a center's notifications leave the
// workbench besides the inbox — a Teams workflow webhook, e-mail on or off, and the people e-mail goes to, each picked
// by name (people.js), with their address and whether they prefer one digest a day. QA leads and admins change it.
import { t, extend } from './i18n.js';
import { h, field, showProblem, clearFields, toast, problemTitle, problemMessage } from './dom.js';
import { notificationsApi } from './routes.js';
import { peopleOf } from './people.js';

extend({
  'set.tab.notifications': ['通知发送', 'Notifications'],
  'ns.title': ['通知发送设置', 'Notification delivery'],
  'ns.intro': ['站内通知之外，还可以发到 Teams 工作流（Webhook）和电子邮件；选择“每日汇总”的联系人每天只收到一封邮件。',
    'Besides the inbox, notifications can go to a Teams workflow (webhook) and by e-mail; a contact who takes the daily digest gets one e-mail a day.'],
  'ns.webhookUrl': ['Webhook 地址（Teams 工作流“收到 Teams Webhook 请求时”）', 'Webhook URL (the Teams workflow\'s "When a Teams webhook request is received")'],
  'ns.emailEnabled': ['发送电子邮件', 'Send e-mail'],
  'ns.contacts': ['邮件联系人', 'E-mail contacts'], 'ns.noContacts': ['尚无联系人。', 'No contacts yet.'],
  'ns.recipient': ['收件人（姓名）', 'Recipient (name)'], 'ns.email': ['邮箱', 'E-mail address'], 'ns.digest': ['每日汇总', 'Daily digest'],
  'ns.recipientN': ['第 {0} 位联系人的收件人', 'Recipient of contact {0}'], 'ns.emailN': ['第 {0} 位联系人的邮箱', 'E-mail address of contact {0}'],
  'ns.digestN': ['第 {0} 位联系人只收每日汇总', 'Contact {0} takes the daily digest only'], 'ns.removeN': ['删除第 {0} 位联系人', 'Remove contact {0}'],
  'ns.remove': ['删除', 'Remove'], 'ns.add': ['添加联系人', 'Add a contact'], 'ns.qaLeads': ['质检主管共享收件箱', 'QA leads\' shared inbox'],
  'ns.save': ['保存', 'Save'], 'ns.saved': ['已保存。', 'Saved.'],
  'problem.notifications.settings-invalid': ['通知设置有误：请按标出的字段修改。', 'The notification settings need a fix: see the marked fields.'],
  'problem.field.notifications.webhook-not-https': ['Webhook 须为 https 地址（Teams 工作流给出的地址）。', 'The webhook must be an https URL (the one the Teams workflow gives).'],
  'problem.field.notifications.recipient-missing': ['请按姓名选择收件人，或选质检主管共享收件箱。', 'Pick the recipient by name, or the QA leads\' shared inbox.'],
  'problem.field.notifications.recipient-twice': ['此收件人已在列表中。', 'This recipient is listed already.'],
  'problem.field.notifications.email-invalid': ['请填写有效的邮箱地址，如 name@example.com。', 'Give an e-mail address such as name@example.com.'],
  'problem.field.notifications.too-many-contacts': ['最多 2000 位联系人。', 'At most 2000 contacts.'],
});

const QA_LEADS = '@qa-lead';

/** "Name (id)" for a recipient the page knows, else the id as stored. */
const shown = (people, id) => {
  if (id === QA_LEADS) return `${t('ns.qaLeads')} (${QA_LEADS})`;
  const name = people.get(id)?.name;
  return name && name !== id ? `${name} (${id})` : (id ?? '');
};

/** The roster id behind what was typed or picked: "Name (id)", a name only one person has, or an id as it is. */
export function recipientOf(people, text) {
  const value = (text ?? '').trim();
  const picked = /\(([^()]+)\)$/.exec(value);
  if (picked) return picked[1].trim();
  const named = [...people.values()].filter(p => p.name === value);
  return named.length === 1 ? named[0].id : value;
}

function contactRow(contact, i, editable) {
  const n = i + 1;
  const name = f => `contacts[${i}].${f}`;
  return h('tr', { dataset: { contact: i } },
    h('td', {}, h('input', { name: name('recipient'), list: 'ns-people', value: contact.shown ?? '', autocomplete: 'off', 'aria-label': t('ns.recipientN', n), disabled: !editable })),
    h('td', {}, h('input', { name: name('email'), type: 'email', value: contact.email ?? '', autocomplete: 'off', 'aria-label': t('ns.emailN', n), disabled: !editable })),
    h('td', { class: 'center' }, h('input', { name: name('digest'), type: 'checkbox', checked: !!contact.digest, 'aria-label': t('ns.digestN', n), disabled: !editable })),
    h('td', {}, editable ? h('button', { type: 'button', class: 'ghost remove', 'aria-label': t('ns.removeN', n), dataset: { remove: i } }, t('ns.remove')) : null));
}

/** The contacts as typed (the rows renumbered after a removal, so the API's contacts[i] names the row the reader sees). */
function readContacts(form, people) {
  return [...form.querySelectorAll('tr[data-contact]')].map(row => {
    const [recipient, email, digest] = ['recipient', 'email', 'digest'].map(f => row.querySelector(`[name$=".${f}"]`));
    return { recipient: recipientOf(people, recipient.value), email: email.value.trim(), digest: digest.checked };
  });
}

/** The settings tab #/settings/{center}/notifications. */
export async function notificationSettingsPanel(me, center) {
  const editable = me.roles.includes('qa-lead') || me.roles.includes('admin');
  let settings;
  try {
    settings = await notificationsApi.settings(center);
  } catch (e) {
    return [h('section', { class: 'panel', id: 'set-notifications', role: 'alert' }, h('h2', {}, t('ns.title')), h('p', {}, problemTitle(e), ' — ', problemMessage(e)))];
  }
  const people = await peopleOf(me, center);
  const webhook = h('input', { name: 'webhookUrl', type: 'url', value: settings.webhookUrl ?? '', placeholder: 'https://…', autocomplete: 'off', disabled: !editable });
  const email = h('input', { type: 'checkbox', name: 'emailEnabled', checked: !!settings.email, disabled: !editable });
  const rows = h('tbody', {});
  const status = h('p', { class: 'muted saved-note', role: 'status', id: 'set-notifications-status' });
  const draw = contacts => rows.replaceChildren(...(contacts.length
    ? contacts.map((c, i) => contactRow(c, i, editable))
    : [h('tr', { class: 'empty' }, h('td', { colspan: 4, class: 'muted' }, t('ns.noContacts')))]));
  const current = () => readContacts(form, people).map((c, i) => ({ ...c, shown: form.elements[`contacts[${i}].recipient`].value }));
  draw(settings.contacts.map(c => ({ ...c, shown: shown(people, c.recipient) })));

  const form = h('form', { class: 'panel settings', id: 'set-notifications', 'aria-labelledby': 'set-notifications-title', novalidate: true },
    h('h2', { id: 'set-notifications-title' }, t('ns.title')),
    h('p', { class: 'muted' }, t('ns.intro')),
    h('p', { class: 'muted version' }, t('set.unversioned')),
    h('fieldset', { class: 'plain' }, field(t('ns.webhookUrl'), webhook),
      h('label', { class: 'inline' }, email, t('ns.emailEnabled'))),
    h('fieldset', { class: 'plain', id: 'ns-contacts' }, h('legend', {}, t('ns.contacts')),
      h('table', {}, h('thead', {}, h('tr', {}, ['ns.recipient', 'ns.email', 'ns.digest', 'ns.remove'].map(k => h('th', { scope: 'col' }, t(k))))), rows),
      editable ? h('button', { type: 'button', class: 'secondary', id: 'ns-add', onclick: () => {
        draw([...current(), { shown: '', email: '', digest: false }]);
        form.elements[`contacts[${rows.querySelectorAll('tr[data-contact]').length - 1}].recipient`].focus();
      } }, t('ns.add')) : null),
    h('datalist', { id: 'ns-people' }, h('option', { value: shown(people, QA_LEADS) }),
      [...people.values()].map(p => h('option', { value: shown(people, p.id) }, t(`role.${p.role}`)))),
    editable ? h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('ns.save')), status) : null);

  rows.addEventListener('click', e => {
    const at = e.target.closest('[data-remove]')?.dataset.remove;
    if (at === undefined) return;
    const left = current().filter((_, i) => i !== Number(at));
    draw(left);
    (form.elements[`contacts[${Math.min(Number(at), left.length - 1)}].recipient`] ?? document.getElementById('ns-add'))?.focus();
  });
  form.addEventListener('submit', async e => {
    e.preventDefault();
    status.textContent = '';
    clearFields(form);
    try {
      const saved = await notificationsApi.saveSettings(center,
        { webhookUrl: webhook.value.trim() || null, email: email.checked, contacts: readContacts(form, people) });
      webhook.value = saved.webhookUrl ?? '';
      draw(saved.contacts.map(c => ({ ...c, shown: shown(people, c.recipient) })));
      status.textContent = t('ns.saved');
      toast(status.textContent);
    } catch (err) { showProblem(err, form); }
  });
  webhook.setAttribute('autofocus', '');
  return [form];
}
