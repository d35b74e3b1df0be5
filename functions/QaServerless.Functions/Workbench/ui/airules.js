// The AI rule editor, a tab of the settings (QA leads change it, inspectors of the center may read it): the center's
// tagging rules as versions (a save is a new version, a version never changes), one box a rule with the API's errors
// at their field, and the dry run: what the rules in the editor would tag on pasted lines or on a call's transcript.
import { t, extend } from './i18n.js';
import { h, field, showProblem, clearFields, mmss } from './dom.js';
import { pageShortcuts } from './shortcuts.js';
import { aiRulesApi, callsApi } from './routes.js';

extend({
  'set.tab.rules': ['AI 规则', 'AI rules'],
  'rule.versions': ['版本', 'Versions'], 'rule.builtIn': ['内置规则（版本 0）', 'Built-in rules (version 0)'],
  'rule.version': ['版本 {0} · {1} 保存于 {2}', 'Version {0} · saved by {1} on {2}'],
  'rule.versionN': ['版本 {0}', 'Version {0}'],
  'rule.current': ['当前', 'current'], 'rule.viewing': ['正在查看版本 {0}；保存会生成新版本。', 'Viewing version {0}; saving makes a new version.'],
  'rule.edit': ['规则（{0} 条）', 'Rules ({0})'], 'rule.add': ['添加规则', 'Add a rule'], 'rule.remove': ['删除此规则', 'Remove this rule'],
  'rule.save': ['保存为新版本', 'Save as a new version'], 'rule.saved': ['已保存为版本 {0}。', 'Saved as version {0}.'],
  'rule.readOnly': ['你只能查看（质检主管可修改）', 'You may only read these (a QA lead may change them)'],
  'rule.f.id': ['编号', 'Id'], 'rule.f.name': ['名称', 'Name'], 'rule.f.category': ['类别', 'Category'],
  'rule.f.kind': ['类型', 'Kind'], 'rule.f.trigger': ['触发', 'Tags when'], 'rule.f.speaker': ['说话人', 'Speaker'],
  'rule.f.keywords': ['关键词（逗号分隔）', 'Keywords (comma-separated)'], 'rule.f.pattern': ['正则表达式', 'Regular expression'],
  'rule.f.windowStart': ['窗口起（秒）', 'Window from (s)'], 'rule.f.windowEnd': ['窗口止（秒）', 'Window to (s)'],
  'rule.f.fromEnd': ['从通话结束倒数', 'Counted back from the end'], 'rule.f.minSeconds': ['最短时长（秒）', 'At least (s)'],
  'rule.f.riskWeight': ['风险权重 0–100', 'Risk weight 0–100'],
  'rule.kind.Phrase': ['话术', 'Phrase'], 'rule.kind.Silence': ['静默', 'Silence'], 'rule.kind.Overtalk': ['抢话', 'Overtalk'],
  'rule.kind.FirstResponse': ['首次响应（文字会话）', 'First response (text)'], 'rule.f.channel': ['适用于', 'Runs on'],
  'rule.channel.any': ['通话和文字会话', 'calls and text'], 'rule.channel.Voice': ['仅通话', 'calls only'], 'rule.channel.Text': ['仅文字会话', 'text only'],
  'rule.trigger.WhenFound': ['说了', 'said'], 'rule.trigger.WhenMissing': ['没说', 'not said'],
  'rule.speaker.any': ['任一方', 'either'], 'rule.speaker.Agent': ['坐席', 'agent'], 'rule.speaker.Customer': ['客户', 'customer'],
  'rule.dry': ['试运行', 'Dry run'],
  'rule.dry.intro': ['用编辑器中的规则（未保存也可）标注下面的文本：每行“坐席|客户 开始秒 结束秒 内容”，或载入一通通话的转写。',
    'Tags the text below with the rules in the editor (saved or not): one line each "agent|customer start end text", or load a call\'s transcript.'],
  'rule.dry.text': ['样本文本', 'Sample text'], 'rule.dry.call': ['通话编号', 'Call id'], 'rule.dry.load': ['载入转写', 'Load its transcript'],
  'rule.dry.noTranscript': ['通话 {0} 没有转写。', 'Call {0} has no transcript.'],
  'rule.dry.badLine': ['第 {0} 行应写成“坐席 0 2.5 您好”。', 'Line {0} should read "agent 0 2.5 hello".'],
  'rule.dry.run': ['试运行', 'Run'], 'rule.dry.result': ['命中 {0} 条规则 · 风险分 {1}', '{0} rules fired · risk {1}'],
  'rule.dry.none': ['没有规则命中。', 'No rule fired.'],
  'rule.sc.save': ['保存规则', 'Save the rules'], 'rule.sc.dry': ['试运行', 'Dry run'],
});

const kinds = ['Phrase', 'Silence', 'Overtalk', 'FirstResponse'];
const channels = ['any', 'Voice', 'Text'];
const triggers = ['WhenFound', 'WhenMissing'];
const speakers = ['any', 'Agent', 'Customer'];
const numbers = ['windowStart', 'windowEnd', 'minSeconds', 'riskWeight'];
const speakerWords = { agent: 'Agent', a: 'Agent', 坐席: 'Agent', customer: 'Customer', c: 'Customer', 客户: 'Customer' };
const when = iso => new Date(iso).toLocaleString(document.documentElement.lang, { dateStyle: 'medium', timeStyle: 'short' });
// The version just saved: the page it opens says so (the hash change draws the page anew).
let justSaved = null;
const link = (center, version) => `#/settings/${encodeURIComponent(center)}/rules/${version}`;

/** One rule's box: every control is named as the API names its errors (rules[2].pattern), so they land beside it. */
function ruleBox(rule, i, editable) {
  const name = f => `rules[${i}].${f}`;
  const select = (f, options, value) => h('select', { name: name(f), disabled: !editable }, options.map(o => h('option', { value: o, selected: o === value }, t(`rule.${f}.${o}`))));
  const input = (f, value, cls) => h('input', { name: name(f), value: value ?? '', autocomplete: 'off', class: cls, disabled: !editable });
  return h('fieldset', { class: 'panel rule', dataset: { rule: i } },
    h('legend', {}, rule.name || rule.id || `#${i + 1}`),
    h('div', { class: 'grid settings-grid' },
      field(t('rule.f.id'), input('id', rule.id)), field(t('rule.f.name'), input('name', rule.name)), field(t('rule.f.category'), input('category', rule.category)),
      field(t('rule.f.kind'), select('kind', kinds, rule.kind)), field(t('rule.f.trigger'), select('trigger', triggers, rule.trigger)),
      field(t('rule.f.speaker'), select('speaker', speakers, rule.speaker ?? 'any')), field(t('rule.f.channel'), select('channel', channels, rule.channel ?? 'any')),
      field(t('rule.f.keywords'), input('keywords', (rule.keywords ?? []).join(', '))), field(t('rule.f.pattern'), input('pattern', rule.pattern)),
      ...numbers.map(f => field(t(`rule.f.${f}`), h('input', { name: name(f), value: rule[f] ?? '', inputmode: 'decimal', autocomplete: 'off', class: 'short', disabled: !editable }))),
      h('label', { class: 'inline' }, h('input', { type: 'checkbox', name: name('fromEnd'), checked: !!rule.fromEnd, disabled: !editable }), t('rule.f.fromEnd'))),
    editable ? h('button', { type: 'button', class: 'ghost remove', onclick: e => e.target.closest('fieldset').dispatchEvent(new CustomEvent('remove', { bubbles: true })) }, t('rule.remove')) : null);
}

/** The rules as the editor holds them, for the request: numbers as typed (text that is no number goes as it is, so the
 * API names the field), keywords split at commas. */
function readRules(form) {
  return [...form.querySelectorAll('fieldset.rule')].map((box, i) => {
    const v = f => form.elements[`rules[${i}].${f}`];
    const rule = { id: v('id').value.trim(), name: v('name').value.trim(), category: v('category').value.trim() || 'custom',
      kind: v('kind').value, trigger: v('trigger').value, speaker: v('speaker').value === 'any' ? null : v('speaker').value,
      channel: v('channel').value === 'any' ? null : v('channel').value,
      keywords: v('keywords').value.split(/[,，、]/).map(k => k.trim()).filter(Boolean), pattern: v('pattern').value.trim() || null,
      fromEnd: v('fromEnd').checked };
    for (const f of numbers) {
      const text = v(f).value.trim();
      if (text !== '') rule[f] = Number.isNaN(Number(text)) ? text : Number(text);
    }
    return rule;
  });
}

/** Pasted lines as transcript segments, or the number of the first line that cannot be read. */
export function parseSample(text) {
  const segments = [];
  for (const [i, line] of text.split('\n').entries()) {
    if (!line.trim()) continue;
    const m = /^\s*(\S+)\s+(\d+(?:\.\d+)?)\s+(\d+(?:\.\d+)?)\s+(.+)$/.exec(line);
    const speaker = m && speakerWords[m[1].toLowerCase()];
    if (!speaker) return { badLine: i + 1 };
    segments.push({ speaker, start: Number(m[2]), end: Number(m[3]), text: m[4].trim() });
  }
  return { segments };
}

const sampleOf = transcript => transcript.segments
  .map(s => `${s.speaker === 'Customer' ? t('rule.speaker.Customer') : t('rule.speaker.Agent')} ${s.start} ${s.end} ${s.text}`).join('\n');

function dryRunResult(result) {
  return h('div', { id: 'rule-dry-result', role: 'status' },
    h('p', {}, h('strong', {}, t('rule.dry.result', result.tags.length, result.riskScore))),
    result.tags.length ? h('ul', { class: 'evidence' }, result.tags.map(tag => h('li', { dataset: { rule: tag.ruleId } },
      h('strong', {}, tag.name), ' ', h('span', { class: 'badge warning' }, t(`ai.trigger.${tag.trigger}`)), ' ',
      (tag.evidence ?? []).map(e => h('span', {}, ` ${mmss(e.start)}`, e.quote ? ` “${e.quote}”` : '')))))
      : h('p', { class: 'muted' }, t('rule.dry.none')));
}

/** The dry-run form: runs the editor's rules on the sample text, which a call's transcript can fill. */
function dryRunForm(center, editor) {
  const text = h('textarea', { name: 'transcript.segments', rows: 5, placeholder: '坐席 0 2 您好，很高兴为您服务\n客户 2.5 6 我这是第二次来电了' });
  const callId = h('input', { name: 'callId', autocomplete: 'off', class: 'short' });
  const out = h('div', {});
  const load = async () => {
    clearFields(form);
    const transcript = callId.value.trim() ? await callsApi.transcript(center, callId.value.trim()) : null;
    if (transcript) text.value = sampleOf(transcript);
    else showProblem({ problem: { title: t('rule.dry'), detail: t('rule.dry.noTranscript', callId.value.trim()) } }, form);
  };
  const form = h('form', { class: 'panel', id: 'rule-dry', onsubmit: async e => {
    e.preventDefault();
    clearFields(form);
    const parsed = parseSample(text.value);
    if (parsed.badLine) { showProblem({ problem: { title: t('rule.dry'), errors: { 'transcript.segments': [t('rule.dry.badLine', parsed.badLine)] } } }, form); return; }
    try {
      out.replaceChildren(dryRunResult(await aiRulesApi.dryRun(center, { segments: parsed.segments }, readRules(editor))));
      clearFields(editor); // the rules ran: marks from an earlier try are stale
    } catch (err) { out.replaceChildren(); showProblem(err, err.problem?.errors && Object.keys(err.problem.errors).some(k => k.startsWith('rules')) ? editor : form); }
  } },
  h('h2', {}, t('rule.dry')), h('p', { class: 'muted' }, t('rule.dry.intro')),
  field(t('rule.dry.text'), text),
  h('div', { class: 'row' }, h('label', { for: 'rule-dry-call' }, t('rule.dry.call')), Object.assign(callId, { id: 'rule-dry-call' }),
    h('button', { type: 'button', class: 'secondary', id: 'rule-dry-load', onclick: () => load().catch(err => showProblem(err, form)) }, t('rule.dry.load'))),
  h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'rule-dry-run' }, t('rule.dry.run'), ' ', h('kbd', {}, 'Ctrl+Enter'))),
  out);
  return form;
}

/** The settings tab #/settings/{center}/rules[/{version}]: versions, the editor, the dry run. */
export async function rulesPanel(me, center, versionParam) {
  const lead = me.roles.includes('qa-lead') || me.roles.includes('admin');
  const current = await aiRulesApi.current(center);
  const shown = versionParam !== undefined && versionParam !== '' && Number(versionParam) !== current.version
    ? await aiRulesApi.version(center, Number(versionParam)) : current;

  const versions = h('nav', { class: 'panel', id: 'rule-versions', 'aria-label': t('rule.versions') }, h('h2', {}, t('rule.versions')),
    h('ul', {}, Array.from({ length: current.version + 1 }, (_, i) => current.version - i).map(v => h('li', {},
      h('a', { href: link(center, v), 'aria-current': v === shown.version ? 'page' : null },
        v === 0 ? t('rule.builtIn') : v === shown.version ? t('rule.version', v, shown.createdBy, when(shown.createdAt)) : t('rule.versionN', v)),
      v === current.version ? [' ', h('span', { class: 'badge na' }, t('rule.current'))] : null))));

  const list = h('div', {});
  const status = h('p', { class: 'saved-note', id: 'rule-status', role: 'status' });
  const count = h('span', {});
  const renumber = rules => {
    list.replaceChildren(...rules.map((r, i) => ruleBox(r, i, lead)));
    count.textContent = t('rule.edit', rules.length);
  };
  const editor = h('form', { class: 'panel', id: 'rule-editor', onsubmit: async e => {
    e.preventDefault();
    status.textContent = '';
    try {
      const saved = await aiRulesApi.save(center, readRules(editor));
      justSaved = saved.version;
      location.hash = link(center, saved.version);
    } catch (err) { showProblem(err, editor); }
  } },
  h('h2', {}, count),
  shown.version !== current.version ? h('p', { class: 'muted' }, t('rule.viewing', shown.version)) : null,
  lead ? null : h('p', { class: 'muted' }, t('rule.readOnly')),
  list,
  lead ? h('div', { class: 'actions' },
    h('button', { type: 'button', class: 'secondary', id: 'rule-add', onclick: () => renumber([...readRules(editor), { id: '', name: '', kind: 'Phrase', trigger: 'WhenFound', riskWeight: 10 }]) }, t('rule.add')),
    h('button', { type: 'submit', id: 'rule-save' }, t('rule.save'), ' ', h('kbd', {}, 'Ctrl+S')), status) : null);
  editor.addEventListener('remove', e => {
    const rules = readRules(editor);
    rules.splice(Number(e.target.dataset.rule), 1);
    renumber(rules);
  });
  renumber(shown.rules);
  if (justSaved === shown.version) status.textContent = t('rule.saved', shown.version);
  justSaved = null;
  const dry = dryRunForm(center, editor);

  pageShortcuts.set([['Ctrl+S', t('rule.sc.save')], ['Ctrl+Enter', t('rule.sc.dry')]], e => {
    if (!(e.ctrlKey || e.metaKey)) return false;
    if (e.key.toLowerCase() === 's' && lead) { editor.requestSubmit(); return true; }
    if (e.key === 'Enter') { dry.requestSubmit(); return true; }
    return false;
  });
  return [versions, editor, dry];
}
