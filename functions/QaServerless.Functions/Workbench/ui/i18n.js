// Simplified Chinese by default, English on request (remembered in localStorage).
const zh = {
  appName: '质检工作台', home: '首页', skip: '跳到主要内容', navigation: '导航', loading: '加载中…', close: '关闭',
  shortcuts: '快捷键', signOut: '退出', signIn: '登录', signInTitle: '本地登录（开发环境）',
  signInHint: '选择角色、中心和人员。此登录仅在开发环境可用；在 Azure 中由 Easy Auth 登录。',
  role: '角色', center: '中心', person: '人员（工号）', team: '班组', name: '姓名（可选）',
  'role.admin': '管理员', 'role.qa-lead': '质检主管', 'role.inspector': '质检员', 'role.supervisor': '班组长', 'role.agent': '座席',
  signedInAs: '当前用户', noDirectory: '没有可选的中心：请直接输入中心编号。',
  errorTitle: '出错了', networkError: '无法连接服务器', unexpected: '页面出现意外错误', fieldErrors: '请检查以下字段：',
  notAvailable: '此功能的接口尚未提供（{0}）。', empty: '暂无数据。', retry: '重试', dismiss: '关闭提示',
  'nav.worklist': '今日任务', 'nav.my': '我的评估', 'nav.team': '班组评估', 'nav.appeals': '申诉处理',
  'nav.calibration': '校准', 'nav.coverage': '抽检覆盖', 'nav.kpi': 'KPI 看板', 'nav.api': 'API 文档',
  welcome: '你好，{0}', homeHint: '从下面选择今天的工作。', apiReference: 'API 参考文档',
  'shortcut.help': '显示快捷键', 'shortcut.nav': '切换页面（g 然后 w/m/t/a/c/v/k/i）',
  language: '语言', switchTo: 'English', required: '必填', requiredMissing: '请填写此项。', fieldMarkedRequired: '（必填）',
  backHome: '返回首页', 'problem.status.0': '无法连接服务器', 'problem.status.400': '请检查输入', 'problem.status.401': '请先登录',
  'problem.status.403': '无权执行此操作', 'problem.status.404': '找不到此内容，或你无权查看', 'problem.status.409': '当前状态下不能这样做',
  'problem.status.412': '内容已被他人修改', 'problem.status.428': '缺少版本信息', 'problem.status.500': '服务器出错了',
  'problem.validation': '有字段需要修改，见下方标注。',
  'problem.evaluation.not-found': '找不到此评估，或你无权查看。', 'problem.evaluation.forbidden': '你无权对此评估执行此操作。',
  'problem.evaluation.started-already': '此通话已有评估。', 'problem.evaluation.items-missing': '每一项都必须评分：还有 {0} 项未评（已标出）。',
  'problem.evaluation.not-draft': '只有草稿可以修改或提交。', 'problem.evaluation.not-submitted': '只有已提交的评估可以发布。',
  'problem.evaluation.not-released': '只有已发布的评估可以这样做。', 'problem.evaluation.appealed-already': '此评估已经申诉过（每个评估只能申诉一次）。',
  'problem.evaluation.appeal-window-closed': '申诉期已过。', 'problem.evaluation.no-open-appeal': '此评估没有待裁定的申诉。',
  'problem.evaluation.coaching-not-found': '找不到此辅导。', 'problem.evaluation.not-now': '当前状态下不能这样做。',
  'problem.precondition.required': '缺少版本信息，请刷新后重试。', 'problem.precondition.failed': '有人刚刚修改了此内容：请刷新页面后重新操作。',
};
const en = {
  appName: 'QA Workbench', home: 'Home', skip: 'Skip to main content', navigation: 'Navigation', loading: 'Loading…', close: 'Close',
  shortcuts: 'Shortcuts', signOut: 'Sign out', signIn: 'Sign in', signInTitle: 'Local sign-in (development)',
  signInHint: 'Pick a role, a center and a person. This sign-in exists only in Development; in Azure, Easy Auth signs you in.',
  role: 'Role', center: 'Center', person: 'Person (roster id)', team: 'Team', name: 'Name (optional)',
  'role.admin': 'Admin', 'role.qa-lead': 'QA lead', 'role.inspector': 'Inspector', 'role.supervisor': 'Supervisor', 'role.agent': 'Agent',
  signedInAs: 'Signed in as', noDirectory: 'No centers to pick from: type the center id.',
  errorTitle: 'Something went wrong', networkError: 'Cannot reach the server', unexpected: 'The page hit an unexpected error', fieldErrors: 'Please check these fields:',
  notAvailable: 'This feature\'s API is not available yet ({0}).', empty: 'Nothing here yet.', retry: 'Retry', dismiss: 'Dismiss',
  'nav.worklist': 'Worklist', 'nav.my': 'My evaluations', 'nav.team': 'Team', 'nav.appeals': 'Appeals',
  'nav.calibration': 'Calibration', 'nav.coverage': 'Coverage', 'nav.kpi': 'KPIs', 'nav.api': 'API docs',
  welcome: 'Hello, {0}', homeHint: 'Pick today\'s work below.', apiReference: 'API reference',
  'shortcut.help': 'Show shortcuts', 'shortcut.nav': 'Go to a page (g then w/m/t/a/c/v/k/i)',
  language: 'Language', switchTo: '中文', required: 'required', requiredMissing: 'Fill this in.', fieldMarkedRequired: '(required)',
  backHome: 'Back to the home page', 'problem.status.0': 'Cannot reach the server', 'problem.status.400': 'Please check your input', 'problem.status.401': 'Please sign in',
  'problem.status.403': 'You may not do this', 'problem.status.404': 'Not found, or not yours to see', 'problem.status.409': 'Not possible in this state',
  'problem.status.412': 'Changed by somebody else', 'problem.status.428': 'Version missing', 'problem.status.500': 'The server hit an error',
  'problem.validation': 'Some fields need a change: see the marks below.',
  'problem.evaluation.not-found': 'No such evaluation, or not one you may see.', 'problem.evaluation.forbidden': 'You may not do this to this evaluation.',
  'problem.evaluation.started-already': 'This call has an evaluation already.', 'problem.evaluation.items-missing': 'Every item must be answered: {0} to go (marked).',
  'problem.evaluation.not-draft': 'Only a draft can be edited or submitted.', 'problem.evaluation.not-submitted': 'Only a submitted evaluation can be released.',
  'problem.evaluation.not-released': 'Only a released evaluation allows this.', 'problem.evaluation.appealed-already': 'This evaluation was appealed already (one appeal each).',
  'problem.evaluation.appeal-window-closed': 'The appeal window has closed.', 'problem.evaluation.no-open-appeal': 'This evaluation has no open appeal.',
  'problem.evaluation.coaching-not-found': 'No such coaching.', 'problem.evaluation.not-now': 'Not possible in this state.',
  'problem.precondition.required': 'The version is missing: reload and retry.', 'problem.precondition.failed': 'Somebody changed this meanwhile: reload the page and redo your change.',
};
const dictionaries = { 'zh-CN': zh, en };

export let lang = localStorage.getItem('qa-lang') === 'en' ? 'en' : 'zh-CN';

/** Adds a feature's strings to both dictionaries: extend({ key: [zh, en] }). */
export function extend(strings) {
  for (const [key, [z, e]] of Object.entries(strings)) { zh[key] = z; en[key] = e; }
}

/** Whether a key is translated (API codes and enum values without a translation show the server's text instead). */
export const has = key => key in dictionaries[lang] || key in zh;

export function t(key, ...args) {
  const text = dictionaries[lang][key] ?? zh[key] ?? key;
  return args.reduce((s, a, i) => s.replace(`{${i}}`, a), text);
}

export function setLang(next) {
  lang = next;
  localStorage.setItem('qa-lang', next === 'en' ? 'en' : 'zh-CN');
  document.documentElement.lang = next;
}

/** Localises the static parts of a subtree: data-i18n (text), data-i18n-label (aria-label), data-i18n-title. */
export function localise(root = document) {
  root.querySelectorAll('[data-i18n]').forEach(el => { el.textContent = t(el.dataset.i18n); });
  root.querySelectorAll('[data-i18n-label]').forEach(el => el.setAttribute('aria-label', t(el.dataset.i18nLabel)));
  root.querySelectorAll('[data-i18n-title]').forEach(el => el.setAttribute('title', t(el.dataset.i18nTitle)));
}
