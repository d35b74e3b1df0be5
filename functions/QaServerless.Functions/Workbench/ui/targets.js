// KPI targets of a center (GET/PUT /api/kpis/{center}/targets): how each trended figure reads, its target and whether
// a value meets it, and the small form a QA lead sets them with (percent in the form, shares in the API).
import { t, extend } from './i18n.js';
import { h, field, showProblem, clearFields, toast } from './dom.js';
import { kpiTrendsApi } from './routes.js';

extend({
  'target.title': ['目标', 'Targets'], 'target.save': ['保存目标', 'Save targets'], 'target.saved': ['目标已保存（第 {0} 版）', 'Targets saved (version {0})'],
  'target.none': ['未设目标', 'No target'], 'target.atLeast': ['目标 ≥ {0}', 'Target ≥ {0}'], 'target.atMost': ['目标 ≤ {0}', 'Target ≤ {0}'],
  'target.met': ['达标', 'Met'], 'target.missed': ['未达标', 'Missed'], 'target.version': ['第 {0} 版 · {1} 修改', 'Version {0} · changed by {1}'],
  'target.hint': ['留空表示不设目标。比率按百分比填写。', 'Leave a field empty for no target. Rates are percentages.'],
  'target.readOnly': ['目标由质检主管设置。', 'Targets are set by QA leads.'],
  'fig.meanScore': ['平均质检分', 'Mean QA score'], 'fig.passRate': ['合格率 (%)', 'Pass rate (%)'], 'fig.fcr': ['首次解决率 24 小时 (%)', 'FCR 24 h (%)'],
  'fig.aht': ['平均处理时长（秒）', 'Average handle time (s)'], 'fig.criticalErrorRate': ['致命错误率 (%)', 'Critical-error rate (%)'],
  'problem.field.validation.passRate': ['请填写 0–100 之间的百分比，或留空。', 'A percentage from 0 to 100, or empty.'],
  'problem.field.validation.firstContactResolution': ['请填写 0–100 之间的百分比，或留空。', 'A percentage from 0 to 100, or empty.'],
  'problem.field.validation.criticalErrorRate': ['请填写 0–100 之间的百分比，或留空。', 'A percentage from 0 to 100, or empty.'],
  'problem.field.validation.meanScore': ['请填写 0–100 之间的分数，或留空。', 'A score from 0 to 100, or empty.'],
  'problem.field.validation.averageHandleSeconds': ['请填写大于 0 的秒数，或留空。', 'Seconds above 0, or empty.'],
});

const percent = v => `${(Math.round(v * 10) / 10).toFixed(1)}%`;

/** The figures a trend shows and a target can be set for: how to read a point, the axis, the target's direction. */
export const figures = [
  { key: 'meanScore', target: 'meanScore', read: p => p.meanScore, top: 100, format: v => Number(v).toFixed(1) },
  { key: 'passRate', target: 'passRate', percent: true, read: p => p.passRate?.value, top: 100, format: percent },
  { key: 'fcr', target: 'firstContactResolution', percent: true, read: p => p.firstContactResolution?.value, top: 100, format: percent },
  { key: 'aht', target: 'averageHandleSeconds', lowerIsBetter: true, read: p => p.averageHandleSeconds, format: v => `${Math.round(v)}` },
  { key: 'criticalErrorRate', target: 'criticalErrorRate', percent: true, lowerIsBetter: true, read: p => p.criticalErrorRate?.value, format: percent },
];

/** A figure's value in the unit it is shown in (percent for rates), or null. */
export const shown = (figure, raw) => (raw == null ? null : figure.percent ? Math.round(Number(raw) * 1_000_000) / 10_000 : Number(raw));

/** The target of a figure in its shown unit, or null. */
export const targetOf = (figure, targets) => shown(figure, targets?.[figure.target]);

/** "Target ≥ 90.0%" / "Target ≤ 2.0%". */
export const targetText = (figure, target) => t(figure.lowerIsBetter ? 'target.atMost' : 'target.atLeast', figure.format(target));

export const meets = (figure, value, target) => (value == null || target == null ? null : figure.lowerIsBetter ? value <= target : value >= target);

/** The note under a tile: the target and met/missed (a class for the colour, the word for whoever cannot see it). */
export function targetNote(figure, rawValue, targets) {
  const target = targetOf(figure, targets);
  if (target == null) return null;
  const ok = meets(figure, shown(figure, rawValue), target);
  return h('div', { class: `target-note ${ok === true ? 'met' : ok === false ? 'missed' : ''}`, 'data-met': ok == null ? null : String(ok) },
    targetText(figure, target), ok == null ? '' : ` · ${ok ? `✓ ${t('target.met')}` : `✗ ${t('target.missed')}`}`);
}

/** The targets form: leads edit (If-Match with the version read), others read. onSaved gets the saved targets. */
export function targetsForm(center, current, canEdit, onSaved) {
  let etag = current?.etag ?? `"${current?.version ?? 0}"`;
  const inputs = figures.map(f => {
    const value = targetOf(f, current?.targets);
    const input = h('input', { type: 'number', name: f.target, id: `target-${f.key}`, step: 'any', min: '0', max: f.key === 'aht' ? null : '100',
      value: value == null ? '' : String(Math.round(value * 100) / 100), disabled: !canEdit, style: 'width:8rem' });
    return { f, input };
  });
  const form = h('form', { class: 'panel', id: 'targets-form', novalidate: true, onsubmit: async e => {
    e.preventDefault();
    clearFields(form);
    const body = {};
    for (const { f, input } of inputs) {
      const v = input.value.trim() === '' ? null : Number(input.value);
      body[f.target] = v == null ? null : f.percent ? Math.round(v * 1000) / 100000 : v;
    }
    try {
      const saved = await kpiTrendsApi.saveTargets(center, body, etag);
      etag = saved.etag ?? `"${saved.version}"`;
      toast(t('target.saved', saved.version));
      onSaved?.(saved);
    } catch (err) { showProblem(err, form); }
  } },
  h('h2', {}, t('target.title')),
  h('p', { class: 'muted' }, canEdit ? t('target.hint') : t('target.readOnly'),
    current?.version ? ` ${t('target.version', current.version, current.updatedBy ?? '—')}` : ''),
  h('div', { class: 'row' }, inputs.map(({ f, input }) => field(t(`fig.${f.key}`), input))),
  canEdit ? h('div', { class: 'actions' }, h('button', { type: 'submit', id: 'targets-save' }, t('target.save'))) : null);
  return form;
}
