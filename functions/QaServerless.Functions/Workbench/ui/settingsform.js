// One settings form from a list of fields: the current values, who may change them, the version they carry, the API's
// errors at their field and a note that stays after a save. The settings pages describe their fields; this draws them.
import { t, extend, has, lang } from './i18n.js';
import { h, field, showProblem, checkRequired, markField, toast } from './dom.js';

extend({
  'set.save': ['保存', 'Save'],
  'set.saved': ['已保存。', 'Saved.'],
  'set.savedVersion': ['已保存为版本 {0}。', 'Saved as version {0}.'],
  'set.version': ['当前版本 {0} · {1} 修改于 {2}', 'Version {0} · changed by {1} on {2}'],
  'set.defaultVersion': ['尚未保存过：显示的是默认值（版本 0）', 'Never saved: these are the defaults (version 0)'],
  'set.unversioned': ['此设置不保留版本：最后一次保存生效', 'No versions kept for this setting: the last save applies'],
  'set.whoMay': ['可修改：{0}', 'May change it: {0}'],
  'set.readOnly': ['你只能查看（{0}可修改）', 'You may only read this ({0} may change it)'],
  'set.range': ['范围 {0}', 'range {0}'],
  'set.badLine': ['第 {0} 行应写成“名称=数值”。', 'Line {0} should read "name=number".'],
  'set.badDate': ['“{0}”不是 yyyy-MM-dd 日期。', '"{0}" is not a yyyy-MM-dd date.'],
});

const days = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
extend(Object.fromEntries(days.map((d, i) => [`set.day.${d}`, [`周${'一二三四五六日'[i]}`, d.slice(0, 3)]])));

const when = iso => (iso ? new Date(iso).toLocaleString(lang, { dateStyle: 'medium', timeStyle: 'short' }) : '—');

/** The channels of a rates field: those the form names, then any other the saved value holds. */
const channelsOf = (f, value) => [...new Set([...(f.channels ?? []), ...Object.keys(value ?? {})])];

/** A channel's name in the user's language; one the workbench has no word for as the source wrote it. */
const channelName = c => (has(`set.channel.${c}`) ? t(`set.channel.${c}`) : c);

/** The control of one field, filled with its value. Kinds: number, bool, select, text, weekdays, dates, weights, rates. */
function control(f, value) {
  const name = f.name;
  switch (f.kind) {
    case 'bool':
      return h('input', { type: 'checkbox', name, checked: !!value });
    case 'select':
      return h('select', { name }, f.options.map(o => h('option', { value: o, selected: o === value }, t(`${f.labels}.${o}`))));
    case 'text':
      return h('input', { name, value: value ?? '', required: f.required, autocomplete: 'off' });
    case 'weekdays':
      return h('div', { class: 'row', 'data-field': name, role: 'group' }, days.map(d =>
        h('label', { class: 'inline' }, h('input', { type: 'checkbox', name: `${name}.${d}`, value: d, checked: (value ?? []).includes(d) }), t(`set.day.${d}`))));
    case 'rates': // one share a channel; empty: the channel goes by the per-agent target
      return h('div', { class: 'row', 'data-field': name, role: 'group' }, channelsOf(f, value).map(c =>
        h('label', { class: 'inline' }, channelName(c),
          h('input', { type: 'text', inputmode: 'decimal', name: `${name}.${c}`, value: value?.[c] ?? '', autocomplete: 'off', class: 'short' }))));
    case 'dates':
      return h('textarea', { name, rows: 2, placeholder: '2026-10-01, 2026-10-02' }, (value ?? []).join(', '));
    case 'weights':
      return h('textarea', { name, rows: 3, placeholder: '投诉=2' }, Object.entries(value ?? {}).map(([k, v]) => `${k}=${v}`).join('\n'));
    default:
      return h('input', { type: 'text', inputmode: 'decimal', name, value: value ?? '', autocomplete: 'off', class: 'short' });
  }
}

/** A rates field's inputs, one a channel (named field.channel, as the API names its errors). */
const rateInputs = (form, f) => [...form.querySelectorAll(`[data-field="${f.name}"] input`)];

/** The field's value for the request, or an error message for a value that cannot be sent as typed. */
function read(form, f) {
  const el = form.elements[f.name];
  switch (f.kind) {
    case 'bool': return { value: el.checked };
    case 'select': case 'text': return { value: el.value.trim() || null };
    case 'weekdays': return { value: days.filter(d => form.elements[`${f.name}.${d}`].checked) };
    case 'rates': {
      const rates = {};
      for (const input of rateInputs(form, f)) {
        const text = input.value.trim();
        if (text !== '') rates[input.name.slice(f.name.length + 1)] = Number.isNaN(Number(text)) ? text : Number(text);
      }
      return { value: Object.keys(rates).length ? rates : null };
    }
    case 'dates': {
      const list = el.value.split(/[\s,，;；]+/).filter(Boolean);
      const bad = list.find(d => !/^\d{4}-\d{2}-\d{2}$/.test(d));
      return bad ? { error: t('set.badDate', bad) } : { value: list };
    }
    case 'weights': {
      const weights = {};
      const lines = el.value.split('\n').map(l => l.trim());
      for (const [i, line] of lines.entries()) {
        if (!line) continue;
        const [key, number, ...rest] = line.split(/[=＝]/).map(s => s.trim());
        if (!key || number === undefined || rest.length || number === '' || Number.isNaN(Number(number))) return { error: t('set.badLine', i + 1) };
        weights[key] = Number(number);
      }
      return { value: weights };
    }
    default: {
      // A number as typed; text that is no number goes as it is, so the API names the field (it does not bind).
      const text = el.value.trim();
      return { value: text === '' ? null : Number.isNaN(Number(text)) ? text : Number(text) };
    }
  }
}

/** Puts a saved value back into its control (as the API stored it). */
function fill(form, f, value) {
  if (f.kind === 'weekdays') days.forEach(d => { form.elements[`${f.name}.${d}`].checked = (value ?? []).includes(d); });
  else if (f.kind === 'rates') rateInputs(form, f).forEach(i => { i.value = value?.[i.name.slice(f.name.length + 1)] ?? ''; });
  else if (f.kind === 'bool') form.elements[f.name].checked = !!value;
  else form.elements[f.name].value = control(f, value).value;
}

/** The version line: a version with who and when, or that this setting keeps none. */
function versionText(values, versioned) {
  if (!versioned) return t('set.unversioned');
  return values.version ? t('set.version', values.version, values.changedBy ?? '—', when(values.changedAt)) : t('set.defaultVersion');
}

/**
 * A settings form. spec: { id, title, intro, fields, whoMay (role names), editable, versioned }; values: what the API
 * returned (with .etag); save(body, values) sends the change and resolves to the saved values.
 */
export function settingsForm(spec, values, save) {
  const who = spec.whoMay.map(r => t(`role.${r}`)).join(t('set.and'));
  const status = h('p', { class: 'muted saved-note', role: 'status', id: `${spec.id}-status` });
  const version = h('p', { class: 'muted version', id: `${spec.id}-version` }, versionText(values, spec.versioned));
  const controls = spec.fields.map(f => {
    const el = control(f, values[f.name]);
    const hint = f.range ? h('span', { class: 'muted hint' }, ` ${t('set.range', f.range)}${f.unit ? ` ${t(f.unit)}` : ''}`) : null;
    if (f.kind === 'weekdays' || f.kind === 'rates') return h('fieldset', { class: 'field' }, h('legend', {}, t(f.label ?? `set.f.${f.name}`)), el);
    const wrapped = field(t(f.label ?? `set.f.${f.name}`), el);
    if (hint) wrapped.querySelector('label').append(hint);
    return wrapped;
  });
  const fieldset = h('fieldset', { class: 'plain', disabled: !spec.editable }, h('div', { class: 'grid settings-grid' }, controls));
  const form = h('form', { class: 'panel settings', id: spec.id, 'aria-labelledby': `${spec.id}-title`, novalidate: true },
    h('h2', { id: `${spec.id}-title` }, t(spec.title)),
    spec.intro ? h('p', { class: 'muted' }, t(spec.intro)) : null,
    version,
    h('p', { class: 'muted who-may' }, spec.editable ? t('set.whoMay', who) : t('set.readOnly', who)),
    fieldset,
    spec.editable ? h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('set.save')), status) : null);

  let current = values;
  form.addEventListener('submit', async e => {
    e.preventDefault();
    status.textContent = '';
    if (!checkRequired(form)) return;
    const body = {};
    let first = null;
    for (const f of spec.fields) {
      const { value, error } = read(form, f);
      if (error) first ??= markField(form.elements[f.name], error); else body[f.name] = value;
    }
    if (first) { first.focus(); return; }
    try {
      current = await save(body, current);
      for (const f of spec.fields) fill(form, f, current[f.name]);
      version.textContent = versionText(current, spec.versioned);
      status.textContent = spec.versioned && current.version ? t('set.savedVersion', current.version) : t('set.saved');
      toast(status.textContent);
    } catch (err) { showProblem(err, form); }
  });
  return form;
}

extend({ 'set.and': ['、', ' and '] });
