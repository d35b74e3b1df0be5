// The role pages. Each is an async function (me, ...routeParams) that renders into <main>.
import { t } from './i18n.js';
import { h, render } from './dom.js';
import { worklistPage } from './worklist.js';
import { evaluatePage, evaluationPage } from './evaluate.js';
import { myPage, teamPage, appealsPage } from './lists.js';
import { calibrationPage } from './calibration.js';
import { coveragePage } from './coverage.js';
import { kpiPage } from './kpi.js';
import { agreementPage } from './agreement.js';
import { importsPage } from './imports.js';

const pending = name => async () => {
  render(h('h1', {}, t(`nav.${name}`)), h('p', { class: 'panel' }, t('notAvailable', name)));
};

export const pages = {
  worklist: worklistPage,
  evaluate: evaluatePage,
  evaluation: evaluationPage,
  my: myPage,
  team: teamPage,
  appeals: appealsPage,
  calibration: calibrationPage,
  coverage: coveragePage,
  kpi: kpiPage,
  agreement: agreementPage,
  imports: importsPage,
};
