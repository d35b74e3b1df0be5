// Tiny DOM helpers: build elements without innerHTML (no injection from API data), and the shared banner and toast.
import { t, has, extend } from './i18n.js';

// Problems in the reader's language: by HTTP status, and by the API's problem codes (Hosting/ProblemCodes.cs).
extend({
  required: ['必填', 'required'],
  requiredMissing: ['请填写此项。', 'Fill this in.'],
  fieldMarkedRequired: ['（必填）', '(required)'],
  backHome: ['返回首页', 'Back to the home page'],
  'problem.status.0': ['无法连接服务器', 'Cannot reach the server'],
  'problem.status.400': ['请检查输入', 'Please check your input'],
  'problem.status.401': ['请先登录', 'Please sign in'],
  'problem.status.403': ['无权执行此操作', 'You may not do this'],
  'problem.status.404': ['找不到此内容，或你无权查看', 'Not found, or not yours to see'],
  'problem.status.409': ['当前状态下不能这样做', 'Not possible in this state'],
  'problem.status.412': ['内容已被他人修改', 'Changed by somebody else'],
  'problem.status.428': ['缺少版本信息', 'Version missing'],
  'problem.status.500': ['服务器出错了', 'The server hit an error'],
  'problem.validation': ['有字段需要修改，见下方标注。', 'Some fields need a change: see the marks below.'],
  'problem.evaluation.not-found': ['找不到此评估，或你无权查看。', 'No such evaluation, or not one you may see.'],
  'problem.evaluation.forbidden': ['你无权对此评估执行此操作。', 'You may not do this to this evaluation.'],
  'problem.evaluation.started-already': ['此通话已有评估。', 'This call has an evaluation already.'],
  'problem.evaluation.items-missing': ['每一项都必须评分：还有 {0} 项未评（已标出）。', 'Every item must be answered: {0} to go (marked).'],
  'problem.evaluation.not-draft': ['只有草稿可以修改或提交。', 'Only a draft can be edited or submitted.'],
  'problem.evaluation.not-submitted': ['只有已提交的评估可以发布。', 'Only a submitted evaluation can be released.'],
  'problem.evaluation.not-released': ['只有已发布的评估可以这样做。', 'Only a released evaluation allows this.'],
  'problem.evaluation.appealed-already': ['此评估已经申诉过（每个评估只能申诉一次）。', 'This evaluation was appealed already (one appeal each).'],
  'problem.evaluation.appeal-window-closed': ['申诉期已过。', 'The appeal window has closed.'],
  'problem.evaluation.no-open-appeal': ['此评估没有待裁定的申诉。', 'This evaluation has no open appeal.'],
  'problem.evaluation.coaching-not-found': ['找不到此辅导。', 'No such coaching.'],
  'problem.evaluation.not-now': ['当前状态下不能这样做。', 'Not possible in this state.'],
  'problem.precondition.required': ['缺少版本信息，请刷新后重试。', 'The version is missing: reload and retry.'],
  'problem.precondition.failed': ['有人刚刚修改了此内容：请刷新页面后重新操作。', 'Somebody changed this meanwhile: reload the page and redo your change.'],
});

/** h('button', { class: 'x', onclick }, 'text', child) */
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs ?? {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else if (key === 'class') el.className = value;
    else if (key === 'dataset') Object.assign(el.dataset, value);
    // Through the CSSOM: the CSP (style-src 'self') drops style *attributes*, so setAttribute('style') drew no bars.
    else if (key === 'style') el.style.cssText = value;
    else if (value === true) el.setAttribute(key, '');
    else el.setAttribute(key, value);
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

let fieldIds = 0;
/** A labelled control: the label's for= points at the control's id (the accessibility test checks every control).
 * A required control's label says so (a mark and, for screen readers, the word). */
export function field(labelText, control) {
  if (!control.id) control.id = `f${++fieldIds}`;
  const mark = control.required ? [' ', h('span', { class: 'required', 'aria-hidden': 'true' }, '*'), h('span', { class: 'sr-only' }, t('fieldMarkedRequired'))] : null;
  return h('div', { class: 'field' }, h('label', { for: control.id }, labelText, mark), control);
}

/** How many times a page drew into <main>: lets the shell tell whether a late page drew over the current one. */
export const drawings = { count: 0 };

export function render(...children) {
  drawings.count++;
  const main = document.getElementById('main');
  main.replaceChildren(...children.flat().filter(x => x !== null && x !== undefined && x !== false));
  return main;
}

const problemOf = error => error?.problem ?? { title: t('unexpected'), detail: String(error?.message ?? error) };

/** The title of a problem in the reader's language: by HTTP status (the server's title is English). */
export function problemTitle(error) {
  const problem = problemOf(error);
  const status = problem.status ?? error?.status;
  return status != null && has(`problem.status.${status}`) ? t(`problem.status.${status}`) : problem.title || t('errorTitle');
}

/** What went wrong, in the reader's language: by the problem's code, else the server's detail, else by status. */
export function problemMessage(error) {
  const problem = problemOf(error);
  if (problem.code && has(`problem.${problem.code}`)) return t(`problem.${problem.code}`, problem.missing?.length ?? '');
  if (problem.detail) return String(problem.detail);
  const status = problem.status ?? error?.status;
  return status != null && has(`problem.status.${status}`) ? t(`problem.status.${status}`) : t('errorTitle');
}

/** The control a problem's field name points at (`followUpOn`, `problems[0].description`, …), within scope. */
function controlFor(scope, name) {
  const last = String(name).split('.').pop().replace(/\[\d+\]$/, '').toLowerCase();
  return [...scope.querySelectorAll('[name], [data-field]')]
    .find(el => [el.dataset.field, el.getAttribute('name')].some(n => n && (n.toLowerCase() === String(name).toLowerCase() || n.toLowerCase() === last)));
}

/** A field's messages in the reader's language: by their codes (`fieldCodes`, beside `errors`) where translated. */
function fieldText(problem, name, messages) {
  return [].concat(messages).map((m, i) => {
    const code = problem.fieldCodes?.[name]?.[i];
    return code && has(`problem.field.${code}`) ? t(`problem.field.${code}`) : m;
  }).join(' ');
}

/** Marks a control invalid with its message beside it (aria-describedby), and returns it. */
export function markField(control, message) {
  const at = control.closest('.field, label') ?? control;
  const note = h('p', { class: 'field-error', id: `${control.id || (control.id = `f${++fieldIds}`)}-error` }, message);
  at.after(note);
  control.setAttribute('aria-invalid', 'true');
  control.setAttribute('aria-describedby', note.id);
  return control;
}

export function clearFields(scope) {
  scope?.querySelectorAll('.field-error, .form-alert').forEach(el => el.remove());
  scope?.querySelectorAll('[aria-invalid]').forEach(el => { el.removeAttribute('aria-invalid'); el.removeAttribute('aria-describedby'); });
}

/** Required controls of a form that are empty: marked, the first focused. True when all are filled in. */
export function checkRequired(scope) {
  clearFields(scope);
  const empty = [...scope.querySelectorAll('[required]')].filter(el => !String(el.value ?? '').trim());
  empty.forEach(el => markField(el, t('requiredMissing')));
  empty[0]?.focus();
  return empty.length === 0;
}

/**
 * Shows an API problem (RFC 7807) or any error where the person is looking. With a scope (the form acted on): each
 * field error beside its control, the message at the top of the form, focus on the first error. Without: the banner,
 * brought into view and focused.
 */
export function showProblem(error, scope) {
  const problem = problemOf(error);
  const entries = problem.errors && typeof problem.errors === 'object' ? Object.entries(problem.errors) : [];
  const unplaced = [];
  let first = null;
  if (scope) {
    clearFields(scope);
    for (const [name, messages] of entries) {
      const control = controlFor(scope, name);
      const text = has(`problem.field.${problem.code}.${name}`) ? t(`problem.field.${problem.code}.${name}`) : fieldText(problem, name, messages);
      // Every field is marked (first ??= markField(…) marked only the first one); the first keeps the focus.
      if (control) { const marked = markField(control, text); first ??= marked; } else unplaced.push([name, text]);
    }
  } else unplaced.push(...entries.map(([n, m]) => [n, fieldText(problem, n, m)]));
  const body = [
    h('h2', {}, problemTitle(error), problem.status ? ` (${problem.status})` : ''),
    h('p', {}, problemMessage(error)),
    unplaced.length ? h('ul', {}, unplaced.map(([name, text]) => h('li', {}, h('strong', {}, name), ': ', text))) : null];
  if (scope) {
    const alert = h('div', { class: 'form-alert', role: 'alert', tabindex: '-1' }, ...body);
    scope.prepend(alert);
    (first ?? alert).focus();
    alert.scrollIntoView({ block: 'nearest' });
    return;
  }
  const banner = document.getElementById('banner');
  banner.replaceChildren(h('button', { class: 'close', type: 'button', 'aria-label': t('dismiss'), onclick: clearProblem }, '×'), ...body);
  banner.hidden = false;
  banner.tabIndex = -1;
  banner.focus();
}

export function clearProblem() {
  const banner = document.getElementById('banner');
  banner.hidden = true;
  banner.replaceChildren();
}

/**
 * Asks before an act that others will see: resolves true on confirm, false on cancel or Escape. With safeDefault the
 * focus starts on cancel, so a key pressed out of habit does not confirm.
 */
export function confirmDialog(message, confirmText, cancelText, { safeDefault = false } = {}) {
  return new Promise(resolve => {
    const yes = h('button', { type: 'button', id: 'confirm-yes', class: safeDefault ? 'danger' : null }, confirmText);
    const no = h('button', { type: 'button', id: 'confirm-no', class: 'secondary' }, cancelText);
    const dialog = h('dialog', { id: 'confirm', 'aria-labelledby': 'confirm-text' }, h('p', { id: 'confirm-text' }, message), h('div', { class: 'actions' }, yes, no));
    const done = answer => { dialog.close(); dialog.remove(); resolve(answer); };
    yes.addEventListener('click', () => done(true));
    no.addEventListener('click', () => done(false));
    dialog.addEventListener('cancel', e => { e.preventDefault(); done(false); });
    document.body.append(dialog);
    dialog.showModal();
    (safeDefault ? no : yes).focus();
  });
}

let toastTimer;
export function toast(message) {
  const el = document.getElementById('toast');
  el.textContent = message;
  el.classList.add('show');
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => el.classList.remove('show'), 2500);
}

export const mmss = seconds => {
  const s = Math.max(0, Math.floor(seconds || 0));
  return `${String(Math.floor(s / 60)).padStart(2, '0')}:${String(s % 60).padStart(2, '0')}`;
};
