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
  language: '语言', switchTo: 'English',
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
  language: 'Language', switchTo: '中文',
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
