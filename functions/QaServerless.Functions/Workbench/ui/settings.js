// A center's settings, one form each, as the API keeps them: the sampling plan (versioned, saved with If-Match), the AI
// settings and agreement gate, the calibration tolerance, the scoring settings (notice period, appeal window) and the
// center itself. QA leads and admins change the first four; only an admin changes the center (the API's rules).
import { t, extend } from './i18n.js';
import { h, render, problemTitle, problemMessage } from './dom.js';
import { pageShortcuts } from './shortcuts.js';
import { settingsApi } from './routes.js';
import { settingsForm } from './settingsform.js';
import { rosterPanel } from './roster.js';
import { samplingRunsPanel, yesterday } from './samplingruns.js';
import { rulesPanel } from './airules.js';
import { notificationSettingsPanel } from './notification-settings.js';
import { selfSettingsSection } from './self-settings.js';

extend({
  'nav.settings': ['设置', 'Settings'],
  'set.title': ['设置 · {0}', 'Settings · {0}'],
  'set.tab.values': ['参数', 'Values'], 'set.tab.roster': ['花名册与质检员', 'Roster and inspectors'], 'set.tab.runs': ['抽样记录', 'Sampling runs'],
  'set.pickCenter': ['中心', 'Center'], 'set.go': ['切换', 'Open'],
  'set.sc.save': ['保存当前表单', 'Save the form you are in'],
  'set.plan': ['抽样方案', 'Sampling plan'],
  'set.plan.intro': ['每次保存生成新版本；已完成的抽样保留它所用的版本。', 'Each save is a new version; sampling runs already made keep the version they used.'],
  'set.ai': ['AI 设置与建议门槛', 'AI settings and suggestion gate'],
  'set.ai.intro': ['κ 低于门槛的评分项不向质检员显示 AI 建议；少于最少比较数时仍在试用。', 'Items whose κ is below the threshold show no AI suggestions; below the minimum pairs an item stays on probation.'],
  'set.ai.usage': ['{0} 已用：音频 {1} 分钟，{2} 通通话，{3} 次模型调用，{4} 个 token。', '{0} so far: {1} audio minutes, {2} calls, {3} model calls, {4} tokens.'],
  'set.tolerance': ['校准容差（新场次的默认值）', 'Calibration tolerance (default of new sessions)'],
  'set.scoring': ['评分设置', 'Scoring settings'],
  'set.center': ['中心信息', 'Center'],
  'set.newCenter': ['新建中心', 'New center'],
  'set.newCenter.intro': ['仅全部中心的管理员可新建；已存在的编号会被修改。', 'Admins of every center only; an existing id is changed instead.'],
  'set.f.baseTargetPerAgentPerMonth': ['每位座席每月抽检量', 'Reviews per agent per month'],
  'set.f.floorPerAgentPerWeek': ['每位座席每周至少', 'At least per agent per week'],
  'set.f.newHireTenureDays': ['新员工：入职不满（天）', 'New hire: tenure under (days)'],
  'set.f.newHireMultiplier': ['新员工倍数', 'New-hire multiplier'],
  'set.f.watchListMultiplier': ['重点关注倍数', 'Watch-list multiplier'],
  'set.f.watchListDays': ['重点关注期（天）', 'Watch-list period (days)'],
  'set.f.minTalkSeconds': ['通话短于（秒）不随机抽取', 'Calls shorter than (s) not drawn'],
  'set.f.includeTestCalls': ['总是抽取明访测试通话', 'Always include test calls'],
  'set.f.includeComplaints': ['总是抽取投诉通话', 'Always include complaints'],
  'set.f.includeHighRisk': ['总是抽取高风险通话', 'Always include high-risk calls'],
  'set.f.excludeAbandoned': ['不抽取放弃的通话', 'Leave out abandoned calls'],
  'set.f.businessTypeMultipliers': ['业务类型权重（每行 名称=倍数）', 'Business-type weights (one name=multiplier a line)'],
  'set.f.channelRates': ['按渠道抽样比例（0–1，留空则按每位座席抽检量）', 'Share drawn per channel (0–1; empty: by the per-agent target)'],
  'set.channel.voice': ['语音', 'Voice'], 'set.channel.chat': ['在线客服', 'Chat'], 'set.channel.email': ['邮件', 'E-mail'],
  'set.f.workingDays': ['质检工作日', 'QA working days'],
  'set.f.holidays': ['节假日（yyyy-MM-dd，逗号分隔）', 'Holidays (yyyy-MM-dd, comma-separated)'],
  'set.f.enabled': ['启用 AI 分析', 'AI analysis on'],
  'set.f.analyzeAllCalls': ['分析全部通话（不只抽中的）', 'Analyse every call (not only sampled)'],
  'set.f.dailyBudgetMinutes': ['每日转写预算（分钟）', 'Daily transcription budget (minutes)'],
  'set.f.kappaThreshold': ['κ 门槛', 'κ threshold'],
  'set.f.minPairs': ['判定前最少比较数', 'Pairs before judging'],
  'set.f.windowDays': ['统计窗口（天）', 'Window (days)'],
  'set.f.evidenceToleranceSeconds': ['证据时间容差（秒）', 'Evidence time tolerance (s)'],
  'set.f.method': ['方法', 'Method'], 'set.f.limit': ['容差上限', 'Limit'], 'set.f.rule': ['通过规则', 'Pass rule'],
  'set.method.Proportional': ['比例法（%）', 'Proportional (%)'], 'set.method.ScoreDifference': ['分差法（分）', 'Score difference (points)'],
  'set.rule.Mean': ['平均偏差在容差内', 'Mean deviation within'], 'set.rule.EveryCall': ['每通都在容差内', 'Every call within'],
  'set.f.noticeDays': ['质检标准公示期（天）', 'Scorecard notice period (days)'],
  'set.f.appealWindowDays': ['申诉期（天）', 'Appeal window (days)'],
  'set.f.centerId': ['中心编号', 'Center id'], 'set.f.name': ['名称', 'Name'], 'set.f.timeZone': ['时区（IANA，如 Asia/Shanghai）', 'Time zone (IANA, e.g. Asia/Shanghai)'],
  'set.f.retentionDays': ['录音保留（天）', 'Recording retention (days)'],
});

const leads = ['qa-lead', 'admin'];
const n = (name, range) => ({ name, range });
const bool = name => ({ name, kind: 'bool' });

const planFields = [n('baseTargetPerAgentPerMonth', '0–1000'), n('floorPerAgentPerWeek', '0–50'), n('newHireTenureDays', '0–3650'),
  n('newHireMultiplier', '0–100'), n('watchListMultiplier', '0–100'), n('watchListDays', '1–365'), n('minTalkSeconds', '0–3600'),
  bool('includeTestCalls'), bool('includeComplaints'), bool('includeHighRisk'), bool('excludeAbandoned'),
  { name: 'businessTypeMultipliers', kind: 'weights' }, { name: 'channelRates', kind: 'rates', channels: ['voice', 'chat', 'email'] },
  { name: 'workingDays', kind: 'weekdays' }, { name: 'holidays', kind: 'dates' }];
const aiFields = [bool('enabled'), bool('analyzeAllCalls'), n('dailyBudgetMinutes', '0–1000000'), n('kappaThreshold', '-1–1'),
  n('minPairs', '1–10000'), n('windowDays', '1–365'), n('evidenceToleranceSeconds', '0–120')];
const toleranceFields = [{ name: 'method', kind: 'select', options: ['Proportional', 'ScoreDifference'], labels: 'set.method' },
  n('limit', '0–100'), { name: 'rule', kind: 'select', options: ['Mean', 'EveryCall'], labels: 'set.rule' }];
const scoringFields = [n('noticeDays', '0–90'), n('appealWindowDays', '1–90'), n('watchListDays', '0–365')];
const centerFields = [{ name: 'name', kind: 'text', required: true }, { name: 'timeZone', kind: 'text', required: true }, n('retentionDays', '1–3650')];

const centerOf = me => me.centers.find(x => x !== '*') ?? '';

/** A form, or the reason it could not be read, in its place (one setting that fails does not hide the others). */
async function section(spec, load, save) {
  try {
    return settingsForm(spec, await load(), save);
  } catch (e) {
    return h('section', { class: 'panel', id: spec.id, role: 'alert' }, h('h2', {}, t(spec.title)), h('p', {}, problemTitle(e), ' — ', problemMessage(e)));
  }
}

function tabs(center, current) {
  const link = (name, href) => h('a', { href, class: 'tab', 'aria-current': current === name ? 'page' : null }, t(`set.tab.${name}`));
  return h('nav', { class: 'tabs', 'aria-label': t('nav.settings') },
    link('values', `#/settings/${encodeURIComponent(center)}`), link('roster', `#/settings/${encodeURIComponent(center)}/roster`),
    link('runs', `#/settings/${encodeURIComponent(center)}/runs`), link('rules', `#/settings/${encodeURIComponent(center)}/rules`),
    link('notifications', `#/settings/${encodeURIComponent(center)}/notifications`));
}

async function centerPicker(center) {
  const centers = await settingsApi.centers().catch(() => []);
  if (centers.length < 2) return null;
  const select = h('select', { name: 'center', id: 'set-center-pick' },
    centers.map(x => h('option', { value: x.centerId, selected: x.centerId === center }, `${x.centerId} · ${x.name}`)));
  return h('form', { class: 'row', onsubmit: e => { e.preventDefault(); location.hash = `#/settings/${encodeURIComponent(select.value)}`; } },
    h('label', { for: 'set-center-pick' }, t('set.pickCenter')), select, h('button', { type: 'submit', class: 'secondary' }, t('set.go')));
}

/** Today's AI use beside its budget (the budget is a setting of this form; what it bought is worth seeing there). */
async function withUsage(form, center) {
  const today = new Date().toLocaleDateString('sv');
  const usage = await settingsApi.aiUsage(center, today).catch(() => null);
  if (usage && form.matches('form')) {
    form.querySelector('.version').after(h('p', { class: 'muted', id: 'set-ai-usage' },
      t('set.ai.usage', today, usage.audioMinutes.toFixed(1), usage.calls, usage.transcriptionCalls + usage.chatCalls, usage.promptTokens + usage.completionTokens)));
  }
  return form;
}

/** Ctrl+S saves the form that has the focus (the pages' habit: the evaluation's draft saves the same way). */
function saveKey() {
  pageShortcuts.set([['Ctrl+S', t('set.sc.save')]], e => {
    if (!(e.ctrlKey || e.metaKey) || e.key.toLowerCase() !== 's') return false;
    document.activeElement?.closest?.('form.settings')?.requestSubmit();
    return true;
  });
}

/** Route #/settings, #/settings/{center}, #/settings/{center}/roster, #/settings/{center}/runs/{yyyy-MM-dd}, #/settings/{center}/rules/{version}
 * or #/settings/{center}/notifications. */
export async function settingsPage(me, centerParam, tab, day) {
  const center = centerParam || centerOf(me);
  const lead = me.roles.some(r => leads.includes(r));
  const admin = me.roles.includes('admin');
  const head = [h('h1', {}, t('set.title', center)), await centerPicker(center), tabs(center, ['roster', 'runs', 'rules', 'notifications'].includes(tab) ? tab : 'values')];
  if (tab === 'roster') { render(...head, ...(await rosterPanel(me, center))); return; }
  if (tab === 'rules') { render(...head, ...(await rulesPanel(me, center, day))); return; }
  if (tab === 'notifications') { render(...head, ...(await notificationSettingsPanel(me, center))); return; }
  if (tab === 'runs') { render(...head, ...(await samplingRunsPanel(center, day || yesterday()))); return; }

  const forms = await Promise.all([
    section({ id: 'set-plan', title: 'set.plan', intro: 'set.plan.intro', fields: planFields, whoMay: leads, editable: lead, versioned: true },
      () => settingsApi.samplingPlan(center), (body, current) => settingsApi.saveSamplingPlan(center, body, current.etag)),
    section({ id: 'set-ai', title: 'set.ai', intro: 'set.ai.intro', fields: aiFields, whoMay: leads, editable: lead },
      () => settingsApi.ai(center), body => settingsApi.saveAi(center, body)).then(form => withUsage(form, center)),
    section({ id: 'set-tolerance', title: 'set.tolerance', fields: toleranceFields, whoMay: leads, editable: lead },
      () => settingsApi.tolerance(center), body => settingsApi.saveTolerance(center, body)),
    section({ id: 'set-scoring', title: 'set.scoring', fields: scoringFields, whoMay: leads, editable: lead },
      () => settingsApi.scoring(center), body => settingsApi.saveScoring(center, body)),
    selfSettingsSection(center, lead, section),
    section({ id: 'set-center', title: 'set.center', fields: centerFields, whoMay: ['admin'], editable: admin },
      () => settingsApi.center(center), body => settingsApi.saveCenter(center, body)),
  ]);
  // A new center: only an admin of every center may name one the sign-in does not hold yet.
  if (admin && me.centers.includes('*')) {
    forms.push(settingsForm({ id: 'set-new-center', title: 'set.newCenter', intro: 'set.newCenter.intro', whoMay: ['admin'], editable: true,
      fields: [{ name: 'centerId', kind: 'text', required: true }, ...centerFields] }, { timeZone: 'Asia/Shanghai', retentionDays: 365 },
    ({ centerId, ...body }) => settingsApi.saveCenter(centerId ?? '', body).then(saved => { location.hash = `#/settings/${encodeURIComponent(saved.centerId)}`; return saved; })));
  }
  render(...head, ...forms);
  saveKey();
  document.querySelector('#main form.settings input:not([disabled]), #main form.settings select')?.setAttribute('autofocus', '');
}
