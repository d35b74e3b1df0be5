// Roster and inspector uploads: a CSV from the person's computer, sent as it is. The API checks every row first and
// writes nothing when one is bad; its errors come back per row and field (values masked), shown here as a table.
import { t, extend } from './i18n.js';
import { h, field, showProblem, clearProblem, toast } from './dom.js';
import { ApiProblem } from './api.js';
import { rosterApi } from './routes.js';

extend({
  'ro.agents': ['座席花名册', 'Agent roster'], 'ro.inspectors': ['质检员名单', 'Inspectors'],
  'ro.current': ['当前 {0} 人，其中在岗 {1} 人。', '{0} on file, {1} active.'],
  'ro.columns': ['CSV 列（首行为列名）：', 'CSV columns (header row first):'],
  'ro.file': ['CSV 文件', 'CSV file'], 'ro.upload': ['上传', 'Upload'],
  'ro.rules': ['按编号更新：上传中没有的人保持不变（停用请写 active=false）。有一行出错则整份不保存。', 'Rows are upserted by id: people not in the file stay (send active=false to retire someone). One bad row and nothing is saved.'],
  'ro.done': ['已保存 {0} 行。', '{0} rows saved.'],
  'ro.rejected': ['有 {0} 处错误，未保存任何行：改正后重新上传整份文件。', '{0} problems, nothing was saved: correct them and upload the whole file again.'],
  'ro.row': ['行', 'Row'], 'ro.field': ['字段', 'Field'], 'ro.reason': ['原因', 'Reason'],
  'ro.wholeFile': ['整份文件', 'whole file'], 'ro.pickFile': ['请选择一个 CSV 文件。', 'Pick a CSV file.'],
  'ro.whoMay': ['可上传：质检主管、管理员', 'May upload: QA leads and admins'],
});

const kinds = {
  agents: { title: 'ro.agents', columns: 'agentId,name,team,supervisorId,hireDate,businessTypes,active', list: rosterApi.agents, upload: rosterApi.uploadAgents },
  inspectors: { title: 'ro.inspectors', columns: 'inspectorId,name,dailyCap,skills,excludedTeams,active', list: rosterApi.inspectors, upload: rosterApi.uploadInspectors },
};

/** "rows[3].hireDate" → row 3, field hireDate; "agentId" (a repeated id) or "body" → the whole file. */
export function rowErrors(errors) {
  return Object.entries(errors ?? {}).map(([key, messages]) => {
    const m = /^rows\[(\d+)\]\.?(.*)$/.exec(key);
    return { row: m ? Number(m[1]) : null, field: m ? m[2] : key, reason: [].concat(messages).join(' ') };
  }).sort((a, b) => (a.row ?? 0) - (b.row ?? 0));
}

function errorTable(list) {
  return h('table', { class: 'row-errors' },
    h('thead', {}, h('tr', {}, ['ro.row', 'ro.field', 'ro.reason'].map(k => h('th', { scope: 'col' }, t(k))))),
    h('tbody', {}, list.map(e => h('tr', { dataset: { row: e.row ?? '' } },
      h('td', { class: 'num' }, e.row ?? t('ro.wholeFile')), h('td', {}, h('code', {}, e.field)), h('td', {}, e.reason)))));
}

async function uploadForm(center, kind) {
  const spec = kinds[kind];
  const people = await spec.list(center);
  const counts = h('p', { class: 'muted counts' }, t('ro.current', people.length, people.filter(p => p.active !== false).length));
  const file = h('input', { type: 'file', name: 'file', accept: '.csv,text/csv', required: true });
  const outcome = h('div', { class: 'outcome', role: 'status' });
  const form = h('form', { class: 'panel upload', id: `ro-${kind}`, 'aria-labelledby': `ro-${kind}-title`, novalidate: true },
    h('h2', { id: `ro-${kind}-title` }, t(spec.title)), counts,
    h('p', { class: 'muted' }, t('ro.columns'), ' ', h('code', {}, spec.columns)),
    h('p', { class: 'muted' }, t('ro.rules'), ' ', t('ro.whoMay')),
    field(t('ro.file'), file), h('div', { class: 'actions' }, h('button', { type: 'submit' }, t('ro.upload'))), outcome);
  form.addEventListener('submit', async e => {
    e.preventDefault();
    clearProblem();
    outcome.replaceChildren();
    const picked = file.files?.[0];
    if (!picked) { outcome.append(h('p', { class: 'field-error' }, t('ro.pickFile'))); file.focus(); return; }
    try {
      const result = await spec.upload(center, await picked.text());
      outcome.append(h('p', { class: 'saved-note' }, t('ro.done', result.upserted)));
      toast(t('ro.done', result.upserted));
      const now = await spec.list(center);
      counts.textContent = t('ro.current', now.length, now.filter(p => p.active !== false).length);
    } catch (err) {
      const list = err instanceof ApiProblem && err.status === 400 ? rowErrors(err.problem.errors) : [];
      if (!list.length) { showProblem(err, form); return; }
      outcome.append(h('p', { class: 'field-error', role: 'alert' }, t('ro.rejected', list.length)), errorTable(list));
      outcome.querySelector('table').setAttribute('tabindex', '-1');
      outcome.querySelector('table').focus();
    }
  });
  return form;
}

/** The roster tab of the settings page: the agents' upload, then the inspectors'. */
export async function rosterPanel(me, center) {
  return Promise.all([uploadForm(center, 'agents'), uploadForm(center, 'inspectors')]);
}
