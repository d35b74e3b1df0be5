// Line charts as SVG built element by element (no innerHTML, no style attributes: the CSP drops them; colours come
// from classes in app.css). Every point carries its value in data-value and a <title>; values are printed by the
// points and the axes are labelled, so the chart reads without hovering. A target draws as a dashed line, and each
// point is marked met or missed against it.
const NS = 'http://www.w3.org/2000/svg';

/** s('line', { x1: 0 }, child…): an SVG element. */
export function s(tag, attrs = {}, ...children) {
  const el = document.createElementNS(NS, tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on') && typeof value === 'function') el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, String(value));
  }
  for (const child of children.flat()) if (child != null && child !== false) el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  return el;
}

const W = 560, H = 230, L = 48, R = 26, T = 22, B = 40;

/** A "nice" top for the y axis: 1, 2, 2.5 or 5 times a power of ten, at or above max. */
function niceTop(max) {
  if (max <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(max));
  return [1, 2, 2.5, 5, 10].map(m => m * p).find(v => v >= max);
}

/**
 * points: [{ label, value (number|null), title, onclick }]; opts: { yLabel (the chart's accessible name: the caption shows it), format(v), top (fixed axis top), target,
 * targetLabel, lowerIsBetter, name (data-chart), metText, missedText }.
 */
export function lineChart(points, opts) {
  const values = points.map(p => p.value).filter(v => v != null);
  const top = opts.top ?? niceTop(Math.max(...values, opts.target ?? 0) * 1.1);
  // The first point sits off the y axis, so its value does not run into the axis labels.
  const x = i => L + 16 + (points.length === 1 ? (W - L - R - 16) / 2 : (i * (W - L - R - 16)) / (points.length - 1));
  const y = v => T + (H - T - B) * (1 - v / top);
  const fmt = opts.format ?? (v => String(v));
  // Without a value there is no scale to read: only the zero line, and the empty text.
  const ticks = (values.length || opts.top ? [0, 0.25, 0.5, 0.75, 1] : [0]).map(f => f * top);
  const grid = ticks.map(v => s('g', { class: 'tick' },
    s('line', { x1: L, x2: W - R, y1: y(v), y2: y(v), class: 'grid' }),
    s('text', { x: L - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'axis-label' }, fmt(v))));
  const xLabels = points.map((p, i) => s('text', { x: x(i), y: H - B + 16, 'text-anchor': 'middle', class: 'axis-label' }, p.label));
  // The line joins consecutive periods that have a value; a period without one breaks it.
  const segments = [];
  let run = [];
  points.forEach((p, i) => { if (p.value == null) { if (run.length) segments.push(run); run = []; } else run.push(`${x(i)},${y(p.value)}`); });
  if (run.length) segments.push(run);
  const lines = segments.map(seg => s('polyline', { points: seg.join(' '), class: 'series' }));
  const met = v => (opts.target == null || v == null ? null : opts.lowerIsBetter ? v <= opts.target : v >= opts.target);
  const marks = points.map((p, i) => p.value == null ? null : s('g', { class: 'point' },
    s('circle', {
      cx: x(i), cy: y(p.value), r: 4.5, 'data-value': p.value, 'data-period': p.period ?? p.label, tabindex: p.onclick ? 0 : null,
      role: p.onclick ? 'link' : null, 'aria-label': `${p.title ?? p.label}: ${fmt(p.value)}`,
      class: ['dot', met(p.value) === true ? 'met' : met(p.value) === false ? 'missed' : null, p.onclick ? 'clickable' : null].filter(Boolean).join(' '),
      onclick: p.onclick, onkeydown: p.onclick ? e => { if (e.key === 'Enter') p.onclick(); } : null,
    }, s('title', {}, `${p.title ?? p.label}: ${fmt(p.value)}`)),
    s('text', { x: x(i), y: y(p.value) - 9, 'text-anchor': 'middle', class: 'value-label' }, fmt(p.value))));
  const target = opts.target == null ? null : s('g', { class: 'target', 'data-target': opts.target },
    s('line', { x1: L, x2: W - R, y1: y(opts.target), y2: y(opts.target), class: 'target-line' }),
    s('text', { x: W - R, y: y(opts.target) - 5, 'text-anchor': 'end', class: 'target-label' }, opts.targetLabel ?? fmt(opts.target)));
  return s('svg', { viewBox: `0 0 ${W} ${H}`, class: 'linechart', role: 'img', 'aria-label': `${opts.yLabel}: ${points.map(p => `${p.label} ${p.value == null ? '—' : fmt(p.value)}`).join(', ')}` },
    grid, s('line', { x1: L, x2: L, y1: T, y2: H - B, class: 'axis' }), s('line', { x1: L, x2: W - R, y1: H - B, y2: H - B, class: 'axis' }),
    xLabels, target, lines, marks,
    values.length ? null : s('text', { x: (L + W - R) / 2, y: (T + H - B) / 2, 'text-anchor': 'middle', class: 'axis-label empty' }, opts.emptyText ?? '—'));
}
