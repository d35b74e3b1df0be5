// The role pages. Each is an async function (me, ...routeParams) that renders into <main>.
import { t } from './i18n.js';
import { h, render } from './dom.js';
import { worklistPage } from './worklist.js';
import { evaluatePage } from './evaluate.js';

const pending = name => async () => {
  render(h('h1', {}, t(`nav.${name}`)), h('p', { class: 'panel' }, t('notAvailable', name)));
};

export const pages = {
  worklist: worklistPage,
  evaluate: evaluatePage,
  my: pending('my'),
  team: pending('team'),
  appeals: pending('appeals'),
  calibration: pending('calibration'),
  coverage: pending('coverage'),
  kpi: pending('kpi'),
};
