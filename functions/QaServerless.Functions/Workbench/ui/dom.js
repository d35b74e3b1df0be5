// Tiny DOM helpers: build elements without innerHTML (no injection from API data), and the shared banner and toast.
import { t } from './i18n.js';

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
/** A labelled control: the label's for= points at the control's id (the accessibility test checks every control). */
export function field(labelText, control) {
  if (!control.id) control.id = `f${++fieldIds}`;
  return h('div', { class: 'field' }, h('label', { for: control.id }, labelText), control);
}

export function render(...children) {
  const main = document.getElementById('main');
  main.replaceChildren(...children.flat().filter(x => x !== null && x !== undefined && x !== false));
  return main;
}

/** Shows an API problem (RFC 7807) or any error in the banner: a message, never a blank page. */
export function showProblem(error) {
  const banner = document.getElementById('banner');
  const problem = error?.problem ?? { title: t('unexpected'), detail: String(error?.message ?? error) };
  const items = [];
  if (problem.errors && typeof problem.errors === 'object') {
    for (const [name, messages] of Object.entries(problem.errors)) items.push(h('li', {}, h('strong', {}, name), ': ', [].concat(messages).join(' ')));
  }
  banner.replaceChildren(
    h('button', { class: 'close', type: 'button', 'aria-label': t('dismiss'), onclick: clearProblem }, '×'),
    h('h2', {}, problem.title || t('errorTitle'), problem.status ? ` (${problem.status})` : ''),
    problem.detail ? h('p', {}, problem.detail) : null,
    items.length ? h('div', {}, t('fieldErrors'), h('ul', {}, items)) : null);
  banner.hidden = false;
}

export function clearProblem() {
  const banner = document.getElementById('banner');
  banner.hidden = true;
  banner.replaceChildren();
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
