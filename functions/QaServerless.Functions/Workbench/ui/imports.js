// Admin / QA lead: import profiles — how the center's own CDR export (or an Amazon Connect / Genesys Cloud export)
// reads as our call records — made from scratch or from a built-in one, saved as versions, and tried on a file picked
// here (the dry run: the first calls as they would be stored and every reject with its reason; nothing is stored).
import { t, extend } from './i18n.js';
import { h, render, field, showProblem, clearFields, toast } from './dom.js';
import { importsApi } from './routes.js';
import { pageShortcuts } from './shortcuts.js';

extend({
  'nav.imports': ['导入配置', 'Imports'],
  'imp.title': ['导入配置', 'Import profiles'],
  'imp.hint': ['文件放在 call-records/{中心}/{配置编号}/ 下即按该配置读取；编号为 default 的配置用于其余文件。',
    'Files under call-records/{center}/{profile id}/ are read with that profile; the profile "default" takes the others.'],
  'imp.pick': ['配置', 'Profile'], 'imp.new': ['新建（空白）', 'New (blank)'], 'imp.builtIn': ['内置：{0}', 'Built-in: {0}'],
  'imp.open': ['打开', 'Open'], 'imp.id': ['配置编号（文件夹名）', 'Profile id (folder name)'], 'imp.name': ['名称', 'Name'],
  'imp.format': ['格式', 'Format'], 'imp.columns': ['字段对应：我方字段 ← 贵方列名或 JSON 路径（A|B 取第一个非空）',
    'Fields: ours ← your column or JSON path (A|B takes the first not empty)'],
  'imp.dateTimeFormat': ['日期时间格式（空 = ISO 8601）', 'Date-time format (empty = ISO 8601)'],
  'imp.timeZone': ['无时区时间的时区（空 = 中心时区）', 'Zone of naive times (empty = the center\'s)'],
  'imp.durationUnit': ['时长单位', 'Durations in'],
  'imp.trueWords': ['“是”的写法（逗号分隔）', 'Words for true (comma-separated)'], 'imp.falseWords': ['“否”的写法', 'Words for false'],
  'imp.inboundWords': ['呼入的写法', 'Words for inbound'], 'imp.outboundWords': ['呼出的写法', 'Words for outbound'],
  'imp.businessTypes': ['业务类型对照（每行 贵方=我方）', 'Business types (one a line: yours=ours)'],
  'imp.teams': ['班组对照（每行 贵方=我方）', 'Teams (one a line: yours=ours)'],
  'imp.defaults': ['缺省值（每行 我方字段=值）', 'Defaults (one a line: our field=value)'],
  'imp.hash': ['客户字段是原始号码：入库前散列', 'The customer field is a raw number: hash it before storing'],
  'imp.save': ['保存为新版本', 'Save as a new version'], 'imp.saved': ['已保存 v{0}', 'Saved v{0}'],
  'imp.version': ['版本 {0}', 'version {0}'], 'imp.unsaved': ['未保存', 'not saved'],
  'imp.dry': ['试运行', 'Dry run'], 'imp.file': ['样本文件（≤ 4 MB）', 'Sample file (≤ 4 MB)'], 'imp.run': ['试运行（不入库）', 'Dry run (stores nothing)'],
  'imp.needSave': ['请先保存配置，再试运行。', 'Save the profile first, then run it.'], 'imp.needFile': ['请选择文件。', 'Pick a file.'],
  'imp.summary': ['读取 {0} 条 · 可入库 {1} 条 · 拒绝 {2} 条', 'Read {0} · would store {1} · rejected {2}'],
  'imp.leftOut': ['另有 {0} 条拒绝未列出', '{0} more rejects not listed'],
  'imp.rows': ['前几条（入库后的样子）', 'First records (as they would be stored)'], 'imp.rejects': ['拒绝及原因', 'Rejects and why'],
  'imp.line': ['行', 'Line'], 'imp.reason': ['原因', 'Reason'], 'imp.record': ['原记录（已脱敏）', 'Record (masked)'],
  'imp.sc.dry': ['试运行', 'dry run'], 'imp.sc.save': ['保存', 'save'],
  'imp.f.callId': ['通话编号', 'Call id'], 'imp.f.agentId': ['座席', 'Agent'], 'imp.f.team': ['班组', 'Team'], 'imp.f.businessType': ['业务类型', 'Business type'],
  'imp.f.direction': ['方向', 'Direction'], 'imp.f.start': ['开始时间', 'Start'], 'imp.f.talkSeconds': ['通话', 'Talk'], 'imp.f.holdSeconds': ['保持', 'Hold'],
  'imp.f.afterCallWorkSeconds': ['话后处理', 'ACW'], 'imp.f.queueSeconds': ['排队', 'Queue'], 'imp.f.abandoned': ['放弃', 'Abandoned'],
  'imp.f.resolved': ['已解决', 'Resolved'], 'imp.f.csat': ['满意度', 'CSAT'], 'imp.f.complaint': ['投诉', 'Complaint'], 'imp.f.testCall': ['测试通话', 'Test call'],
  'imp.f.customerKey': ['客户键', 'Customer key'], 'imp.f.channel': ['渠道', 'Channel'], 'imp.f.recordingPath': ['录音路径', 'Recording path'],
  'problem.import-profile.invalid': ['配置有误，请按字段旁的提示修改。', 'The profile has problems: see the notes at the fields.'],
  'problem.import-profile.dry-run-invalid': ['无法试运行这个文件。', 'This file cannot be run.'],
});

const targets = ['callId', 'agentId', 'team', 'businessType', 'direction', 'start', 'talkSeconds', 'holdSeconds', 'afterCallWorkSeconds',
  'queueSeconds', 'abandoned', 'resolved', 'csat', 'complaint', 'testCall', 'customerKey', 'channel', 'recordingPath'];
const required = new Set(targets.slice(0, 7));
const formats = ['csv', 'json', 'amazon-connect', 'genesys-cloud'];
const units = ['seconds', 'milliseconds', 'hh:mm:ss'];

const words = list => (list ?? []).join(', ');
const parseWords = text => text.split(/[,，]/).map(w => w.trim()).filter(Boolean);
const lines = map => Object.entries(map ?? {}).map(([k, v]) => `${k}=${v}`).join('\n');
function parseLines(text) {
  const map = {};
  for (const line of text.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) map[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return map;
}

/** Route #/imports or #/imports/{center}/{profileId}. */
export async function importsPage(me, centerParam, profileParam) {
  const center = centerParam || me.centers.find(x => x !== '*') || '';
  const [mine, builtIn] = await Promise.all([importsApi.list(center), importsApi.builtIn()]);
  const loaded = profileParam ? await importsApi.find(center, profileParam) : null;
  let current = loaded ?? { name: '', format: 'csv', fields: {}, defaults: {}, durationUnit: 'seconds' };
  let etag = loaded?.version > 0 ? loaded.etag : undefined;

  const picker = h('select', { id: 'imp-pick', name: 'pick' },
    h('option', { value: '' }, t('imp.new')),
    mine.map(p => h('option', { value: p.profileId, selected: p.profileId === profileParam }, `${p.profileId} — ${p.name} (v${p.version})`)),
    builtIn.filter(b => !mine.some(p => p.profileId === b.profileId))
      .map(b => h('option', { value: b.profileId, selected: b.profileId === profileParam }, t('imp.builtIn', b.name))));
  const open = h('form', { class: 'row panel', onsubmit: e => { e.preventDefault(); location.hash = `#/imports/${encodeURIComponent(center)}/${encodeURIComponent(picker.value)}`; } },
    field(t('imp.pick'), picker), h('button', { type: 'submit', class: 'secondary', id: 'imp-open' }, t('imp.open')));

  const input = (name, value, attrs = {}) => h('input', { name, id: `imp-${name.replace(/\W/g, '-')}`, value: value ?? '', autocomplete: 'off', ...attrs });
  const area = (name, value) => h('textarea', { name, id: `imp-${name}`, rows: 3 }, value ?? '');
  const select = (name, options, value) => h('select', { name, id: `imp-${name}` }, options.map(o => h('option', { value: o, selected: o === value }, o)));
  const idInput = input('profileId', loaded?.profileId ?? '', { required: true, pattern: '[a-z0-9][a-z0-9-]{0,39}' });
  const columns = targets.map(f => field(`${t(`imp.f.${f}`)} (${f})${required.has(f) ? ' *' : ''}`, input(`fields.${f}`, current.fields?.[f])));
  const hash = h('input', { type: 'checkbox', name: 'hashCustomerKey', id: 'imp-hash', checked: !!current.hashCustomerKey });
  const status = h('span', { class: 'muted', id: 'imp-version' }, loaded?.version > 0 ? t('imp.version', loaded.version) : t('imp.unsaved'));

  const form = h('form', { class: 'panel', id: 'imp-form', onsubmit: e => { e.preventDefault(); save(); } },
    h('div', { class: 'row' }, field(t('imp.id'), idInput), field(t('imp.name'), input('name', current.name, { required: true })),
      field(t('imp.format'), select('format', formats, current.format)), status),
    h('h2', {}, t('imp.columns')),
    h('div', { class: 'grid imp-columns' }, columns),
    h('div', { class: 'row' }, field(t('imp.dateTimeFormat'), input('dateTimeFormat', current.dateTimeFormat, { placeholder: 'dd/MM/yyyy HH:mm' })),
      field(t('imp.timeZone'), input('timeZone', current.timeZone, { placeholder: 'Asia/Shanghai' })),
      field(t('imp.durationUnit'), select('durationUnit', units, current.durationUnit))),
    h('div', { class: 'row' }, field(t('imp.trueWords'), input('trueWords', words(current.trueWords), { placeholder: '是' })),
      field(t('imp.falseWords'), input('falseWords', words(current.falseWords), { placeholder: '否' })),
      field(t('imp.inboundWords'), input('inboundWords', words(current.inboundWords), { placeholder: '呼入' })),
      field(t('imp.outboundWords'), input('outboundWords', words(current.outboundWords), { placeholder: '呼出' }))),
    h('div', { class: 'row' }, field(t('imp.businessTypes'), area('businessTypes', lines(current.businessTypes))),
      field(t('imp.teams'), area('teams', lines(current.teams))), field(t('imp.defaults'), area('defaults', lines(current.defaults)))),
    h('label', { for: 'imp-hash' }, hash, ' ', t('imp.hash')),
    h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'imp-save' }, t('imp.save'))));

  const value = name => form.elements[name].value.trim();
  function profileFromForm() {
    const fields = {};
    for (const f of targets) if (value(`fields.${f}`)) fields[f] = value(`fields.${f}`);
    return {
      name: value('name'), format: value('format'), fields, defaults: parseLines(value('defaults')),
      dateTimeFormat: value('dateTimeFormat') || null, timeZone: value('timeZone') || null, durationUnit: value('durationUnit'),
      trueWords: parseWords(value('trueWords')), falseWords: parseWords(value('falseWords')),
      inboundWords: parseWords(value('inboundWords')), outboundWords: parseWords(value('outboundWords')),
      businessTypes: parseLines(value('businessTypes')), teams: parseLines(value('teams')), hashCustomerKey: hash.checked,
      basedOn: current.version === 0 ? current.profileId : current.basedOn ?? null,
    };
  }
  async function save() {
    clearFields(form);
    try {
      const saved = await importsApi.save(center, value('profileId'), profileFromForm(), etag);
      current = saved;
      etag = saved.etag;
      status.textContent = t('imp.version', saved.version);
      toast(t('imp.saved', saved.version));
    } catch (e) { showProblem(e, form); }
  }

  const fileInput = h('input', { type: 'file', id: 'imp-file', name: 'file', accept: '.csv,.json,.jsonl,.txt' });
  const results = h('div', { id: 'imp-results' });
  const dry = h('form', { class: 'panel', id: 'imp-dry', onsubmit: e => { e.preventDefault(); run(); } },
    h('h2', {}, t('imp.dry')), h('div', { class: 'row' }, field(t('imp.file'), fileInput), h('button', { type: 'submit', id: 'imp-run' }, t('imp.run'))), results);
  async function run() {
    clearFields(dry);
    const id = value('profileId');
    if (!id || current.version === undefined) { showProblem({ problem: { title: t('imp.dry'), detail: t('imp.needSave') } }, dry); return; }
    if (!fileInput.files.length) { showProblem({ problem: { title: t('imp.dry'), detail: t('imp.needFile') } }, dry); return; }
    try { showResults(await importsApi.dryRun(center, id, fileInput.files[0])); } catch (e) { showProblem(e, dry); }
  }
  function showResults(r) {
    const cols = ['callId', 'agentId', 'team', 'businessType', 'direction', 'start', 'talkSeconds', 'holdSeconds', 'afterCallWorkSeconds', 'queueSeconds', 'abandoned', 'channel', 'audioBlob'];
    const head = cols.map(cname => h('th', { scope: 'col' }, cname === 'audioBlob' ? t('imp.f.recordingPath') : t(`imp.f.${cname}`)));
    results.replaceChildren(...[
      h('p', { id: 'imp-summary', role: 'status' }, t('imp.summary', r.recordsRead, r.accepted, r.rejected)),
      r.problem ? h('p', { class: 'field-error', id: 'imp-problem' }, r.problem) : null,
      r.calls.length ? [h('h3', {}, t('imp.rows')), h('div', { class: 'scroll' }, h('table', { id: 'imp-calls' }, h('thead', {}, h('tr', {}, head)),
        h('tbody', {}, r.calls.map(call => h('tr', { dataset: { call: call.callId } }, cols.map(cname => h('td', {}, String(call[cname] ?? '—'))))))))] : null,
      r.rejects.length ? [h('h3', {}, t('imp.rejects')), h('table', { id: 'imp-rejects' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('imp.line')), h('th', { scope: 'col' }, t('imp.reason')), h('th', { scope: 'col' }, t('imp.record')))),
        h('tbody', {}, r.rejects.map(x => h('tr', { dataset: { line: x.line } }, h('td', {}, String(x.line)), h('td', {}, x.reason), h('td', { class: 'muted' }, x.record)))))] : null,
      r.rejectsLeftOut ? h('p', { class: 'muted' }, t('imp.leftOut', r.rejectsLeftOut)) : null].flat().filter(Boolean));
  }

  pageShortcuts.set([['Ctrl+S', t('imp.sc.save')], ['Ctrl+Enter', t('imp.sc.dry')]], e => {
    if ((e.ctrlKey || e.metaKey) && e.key === 's') { save(); return true; }
    if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') { run(); return true; }
    return false;
  });
  render(h('h1', {}, t('imp.title')), h('p', { class: 'muted' }, t('imp.hint')), open, form, dry);
}
