// Page shortcuts: the current page registers its list (for the "?" help) and a handler; navigating clears them.
export const pageShortcuts = {
  list: [],
  handler: null,
  set(list, handler) { this.list = list; this.handler = handler; },
  clear() { this.list = []; this.handler = null; },
};

/** True when a key press belongs to a text field, not to the page's shortcuts. */
export const isTyping = target =>
  !!target?.closest?.('input:not([type=radio]):not([type=checkbox]):not([type=range]), textarea, select, [contenteditable]');
