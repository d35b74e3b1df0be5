// A call record's correction history (QA leads, from a search result): when the source re-sends a call with corrected
// facts, the call keeps the new record and the earlier ones stay as versions. Oldest first, the current record last,
// each field that differs from the version before marked.
import { t, extend, lang } from './i18n.js';
import { h, showProblem } from './dom.js';
import { callsApi } from './routes.js';

extend({
  'ch.history': ['记录历史', 'History'], 'ch.historyOf': ['通话 {0} 的记录历史', 'Call record history of {0}'],
  'ch.version': ['版本', 'Version'], 'ch.current': ['当前', 'current'], 'ch.none': ['此通话记录未被更正过。', 'This call record was never corrected.'],
  'ch.talk': ['通话（秒）', 'Talk (s)'], 'ch.hold': ['保持（秒）', 'Hold (s)'], 'ch.acw': ['话后（秒）', 'After-call (s)'],
  'ch.resolved': ['已解决', 'Resolved'], 'ch.csat': ['满意度', 'CSAT'], 'ch.complaint': ['投诉', 'Complaint'], 'ch.changed': ['（已更正）', '(corrected)'],
});

const shown = v => (v == null ? '—' : typeof v === 'boolean' ? t(v ? 'se.yes' : 'se.no') : String(v));
// [field, label key, how it reads]: the facts a correction changes.
const facts = [
  ['start', 'se.start', v => new Date(v).toLocaleString(lang)], ['agentId', 'se.agent', shown], ['team', 'se.team', shown],
  ['businessType', 'se.businessType', shown], ['direction', 'se.direction', v => t(`se.${v}`)], ['talkSeconds', 'ch.talk', shown],
  ['holdSeconds', 'ch.hold', shown], ['afterCallWorkSeconds', 'ch.acw', shown], ['resolved', 'ch.resolved', shown],
  ['csat', 'ch.csat', shown], ['complaint', 'ch.complaint', shown],
];

/** A table row spanning `columns` cells under a search result, filled once the history is read. */
function historyRow(center, callId, columns) {
  const cell = h('td', { colspan: columns }, h('p', { class: 'muted' }, '…'));
  callsApi.history(center, callId).then(records => {
    cell.replaceChildren(h('table', { 'aria-label': t('ch.historyOf', callId) },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, t('ch.version')), facts.map(([, key]) => h('th', { scope: 'col' }, t(key))))),
      h('tbody', {}, records.map((r, i) => h('tr', { dataset: { version: i + 1 } },
        h('td', {}, i === records.length - 1 ? `${i + 1} (${t('ch.current')})` : i + 1),
        facts.map(([name, , read]) => {
          const changed = i > 0 && JSON.stringify(records[i - 1][name]) !== JSON.stringify(r[name]);
          return h('td', { class: changed ? 'changed' : null, dataset: { field: name } },
            changed ? h('strong', {}, read(r[name])) : read(r[name]), changed ? h('span', { class: 'sr-only' }, t('ch.changed')) : null);
        }))))),
    ...(records.length === 1 ? [h('p', { class: 'muted' }, t('ch.none'))] : []));
  }).catch(e => { cell.replaceChildren(); showProblem(e); });
  return h('tr', { class: 'call-history', dataset: { historyOf: callId } }, cell);
}

/** The row action that opens and closes a result's history under its row. */
export function historyButton(center, callId, columns) {
  const button = h('button', { type: 'button', class: 'ghost history', 'aria-expanded': 'false', 'aria-label': t('ch.historyOf', callId),
    onclick: () => {
      const row = button.closest('tr');
      const open = row.nextElementSibling?.dataset.historyOf === callId;
      if (open) row.nextElementSibling.remove(); else row.after(historyRow(center, callId, columns));
      button.setAttribute('aria-expanded', String(!open));
    } }, t('ch.history'));
  return button;
}
