// What the pipeline could not take, with what to do about each: call manifests in quarantine, CDR files that failed or
// lost rows, assignments Service Bus dead-lettered. The API offers no retry or dismiss for any of them (a corrected
// upload under the same name replaces a quarantined manifest or a failed file), so the page says what a person does.
import { t, extend, lang } from './i18n.js';
import { h, render } from './dom.js';
import { pageShortcuts } from './shortcuts.js';
import { quarantineApi } from './routes.js';

extend({
  'nav.quarantine': ['隔离与死信', 'Quarantine'],
  'qu.title': ['隔离区与死信 · {0}', 'Quarantine and dead letters · {0}'],
  'qu.manifests': ['被隔离的通话清单', 'Call manifests in quarantine'],
  'qu.manifests.none': ['没有被隔离的清单。', 'No manifest in quarantine.'],
  'qu.manifests.why': ['清单（通话的 .json 文件）有错，通话没有入库；原文件保留在原处。', 'The manifest (the call\'s .json file) is wrong, so the call was not stored; the file stays where it was uploaded.'],
  'qu.manifests.do': ['改正下列问题后，以同一路径重新上传 {0}：导入成功后此条自动消失。（没有忽略接口。）', 'Correct what is listed and upload {0} again under the same path: once it imports, this entry goes. (There is no dismiss.)'],
  'qu.batches': ['话单文件（CDR）', 'CDR files'],
  'qu.batches.none': ['没有失败或有拒收行的话单文件。', 'No CDR file failed or lost rows.'],
  'qu.batches.fine': ['另有 {0} 个文件已导入或正在导入。', '{0} more files imported or importing.'],
  'qu.file': ['文件', 'File'], 'qu.status': ['状态', 'Status'], 'qu.rows': ['读取 / 入库 / 拒收', 'Read / stored / rejected'],
  'qu.reason': ['原因', 'Reason'], 'qu.todo': ['怎么办', 'What to do'], 'qu.when': ['时间', 'When'],
  'qu.status.queued': ['排队中', 'queued'], 'qu.status.ingesting': ['导入中', 'importing'], 'qu.status.ingested': ['已导入', 'imported'],
  'qu.status.ingested with rejects': ['已导入，部分行被拒', 'imported, some rows rejected'],
  'qu.status.rejected': ['整份拒收', 'refused'], 'qu.status.failed': ['失败', 'failed'],
  'qu.do.rejected': ['文件本身不可用（名称、格式、中心或列）：重试无用。改正后以新文件名上传。', 'The file itself cannot be taken (name, format, center or columns): a retry would fail again. Correct it and upload it under a new name.'],
  'qu.do.failed': ['第 {0} 次尝试失败。系统最多自动重试 5 次；之后请以同名重新上传（内容变化即重新导入）。', 'Attempt {0} failed. It is retried automatically up to 5 times; after that, upload it again under the same name (changed content imports again).'],
  'qu.do.rejects': ['被拒的行及原因在 {0}：改正这些行，另存为新文件上传。', 'The rejected rows and their reasons are in {0}: correct those rows and upload them as a new file.'],
  'qu.deadLetters': ['分配死信（未能分配给质检员的通话）', 'Dead-lettered assignments (calls no inspector got)'],
  'qu.deadLetters.none': ['没有死信。', 'No dead letters.'],
  'qu.call': ['通话', 'Call'], 'qu.deliveries': ['投递次数', 'Deliveries'],
  'qu.dl.MaxDeliveryCountExceeded': ['多次投递仍未能分配（已达最大投递次数）', 'Delivered the maximum number of times without being assigned'],
  'qu.dl.TTLExpiredException': ['排队超过有效期仍未处理', 'Waited past its time to live without being handled'],
  'qu.dl.do': ['没有重试接口：检查质检员名单（每日上限、技能、回避班组）是否有人能接此通话，然后在“今日任务”中确认；必要时请运维重新提交此消息（{0}）。', 'There is no retry: check the inspector list (daily caps, skills, excluded teams) for somebody who can take the call, then check the worklists; if needed ask operations to resubmit message {0}.'],
  'qu.sc.reload': ['刷新', 'Reload'],
});

const centerOf = me => me.centers.find(x => x !== '*') ?? '';
const when = iso => (iso ? new Date(iso).toLocaleString(lang, { dateStyle: 'short', timeStyle: 'short' }) : '—');
const head = keys => h('thead', {}, h('tr', {}, keys.map(k => h('th', { scope: 'col' }, t(k)))));
const plain = (prefix, value) => (value && t(`${prefix}.${value}`) !== `${prefix}.${value}` ? t(`${prefix}.${value}`) : value);

function manifests(list) {
  return h('section', { class: 'panel', id: 'qu-manifests' }, h('h2', {}, t('qu.manifests'), ` (${list.length})`),
    list.length ? [h('p', { class: 'muted' }, t('qu.manifests.why')), h('table', {}, head(['qu.file', 'qu.reason', 'qu.todo', 'qu.when']),
      h('tbody', {}, list.map(m => h('tr', { dataset: { blob: m.blob } }, h('td', {}, h('code', {}, m.blob)),
        h('td', {}, h('ul', {}, m.reasons.map(r => h('li', {}, r)))), h('td', {}, t('qu.manifests.do', m.blob)), h('td', {}, when(m.at))))))]
      : h('p', {}, t('qu.manifests.none')));
}

/** What to do about a CDR file, by its status. */
function batchTodo(b) {
  if (b.status === 'rejected') return t('qu.do.rejected');
  if (b.status === 'failed') return t('qu.do.failed', b.attempt || 1);
  return b.rejectsBlob ? t('qu.do.rejects', b.rejectsBlob) : '';
}

function batches(list) {
  const problems = list.filter(b => b.status === 'rejected' || b.status === 'failed' || b.rejected > 0);
  return h('section', { class: 'panel', id: 'qu-batches' }, h('h2', {}, t('qu.batches'), ` (${problems.length})`),
    problems.length ? h('table', {}, head(['qu.file', 'qu.status', 'qu.rows', 'qu.reason', 'qu.todo', 'qu.when']),
      h('tbody', {}, problems.map(b => h('tr', { dataset: { blob: b.blob, status: b.status } }, h('td', {}, h('code', {}, b.blob)),
        h('td', {}, plain('qu.status', b.status)), h('td', { class: 'num' }, `${b.rowsRead} / ${b.ingested} / ${b.rejected}`),
        h('td', {}, b.problem ?? '—'), h('td', {}, batchTodo(b)), h('td', {}, when(b.finished ?? b.started))))))
      : h('p', {}, t('qu.batches.none')),
    list.length > problems.length ? h('p', { class: 'muted' }, t('qu.batches.fine', list.length - problems.length)) : null);
}

function deadLetters(list) {
  return h('section', { class: 'panel', id: 'qu-dead-letters' }, h('h2', {}, t('qu.deadLetters'), ` (${list.length})`),
    list.length ? h('table', {}, head(['qu.call', 'qu.reason', 'qu.deliveries', 'qu.todo', 'qu.when']),
      h('tbody', {}, list.map(d => h('tr', { dataset: { message: d.messageId } }, h('td', {}, d.callId ?? '—'),
        h('td', {}, plain('qu.dl', d.reason), d.description ? h('div', { class: 'muted' }, d.description) : null,
          d.lastError ? h('div', { class: 'muted' }, d.lastError) : null),
        h('td', { class: 'num' }, d.deliveryCount ?? '—'), h('td', {}, t('qu.dl.do', d.messageId)), h('td', {}, when(d.recordedAt))))))
      : h('p', {}, t('qu.deadLetters.none')));
}

/** Route #/quarantine or #/quarantine/{center}. */
export async function quarantinePage(me, centerParam) {
  const center = centerParam || centerOf(me);
  const [m, b, d] = await Promise.all([quarantineApi.manifests(center), quarantineApi.batches(center), quarantineApi.deadLetters(center)]);
  render(h('h1', { tabindex: '-1', autofocus: true }, t('qu.title', center)), manifests(m), batches(b), deadLetters(d));
  pageShortcuts.set([['r', t('qu.sc.reload')]], (e, typing) => {
    if (typing || e.ctrlKey || e.metaKey || e.altKey || e.key !== 'r') return false;
    quarantinePage(me, center);
    return true;
  });
}
