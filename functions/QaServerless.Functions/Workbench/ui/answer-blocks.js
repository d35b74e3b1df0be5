// A scorecard as answer blocks for the pages where one person scores a call beside its recording (calibration scoring,
// the agent's self-evaluation): a fieldset per item with a radio per answer, and the keys y / n / a / 0-9 that answer
// the focused item and move to the next. The evaluation page has its own (current item, AI suggestions, problems).
import { t } from './i18n.js';
import { h } from './dom.js';
import { choicesOf } from './scoring.js';
import { choiceLabel } from './evaluate.js';

/** One fieldset per item, its saved answer checked; `answers` (itemId → answer) is updated as radios change, then `changed()`. */
export function answerBlocks(items, answers, { open, changed }) {
  return items.map((item, i) => {
    const have = answers.get(item.itemId);
    return h('fieldset', { class: 'item', dataset: { item: item.itemId, index: i } },
      h('legend', {}, item.text, ' ', item.critical ? h('span', { class: 'badge critical' }, t('ev.critical')) : null, ' ',
        item.warning ? h('span', { class: 'badge warning' }, t('ev.warning')) : h('span', { class: 'muted' }, t('ev.weight', item.weight))),
      item.guidance ? h('p', { class: 'muted' }, item.guidance) : null,
      h('div', { class: 'answers' }, choicesOf(item).map(choice => {
        const input = h('input', { type: 'radio', name: `item-${item.itemId}`, value: choice.na ? 'na' : choice.points, disabled: !open,
          checked: !!have && (choice.na ? !!have.notApplicable : !have.notApplicable && have.points === choice.points) });
        input.addEventListener('change', () => { answers.set(item.itemId, choice.na ? { itemId: item.itemId, notApplicable: true } : { itemId: item.itemId, points: choice.points }); changed(); });
        return h('label', {}, input, choiceLabel(item, choice), ' ', h('kbd', { 'aria-hidden': 'true' }, choice.key));
      })));
  });
}

/**
 * The answer key pressed on the focused block: checks that answer and moves the focus to the next block (after the last:
 * `last`). True when the key answered something.
 */
export function answerByKey(blocks, items, key, last) {
  const block = document.activeElement?.closest?.('fieldset.item');
  if (!block || !blocks.includes(block)) return false;
  const radio = [...block.querySelectorAll('input')].find((r, i) => choicesOf(items[Number(block.dataset.index)])[i].key === key);
  if (!radio || radio.disabled) return false;
  radio.checked = true;
  radio.dispatchEvent(new Event('change'));
  const following = blocks[Number(block.dataset.index) + 1];
  (following ? following.querySelector('input') : last)?.focus();
  return true;
}
