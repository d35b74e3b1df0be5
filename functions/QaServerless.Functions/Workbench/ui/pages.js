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
import { settingsPage } from './settings.js';
import { quarantinePage } from './quarantine.js';
import { searchPage } from './search.js';
import { scorecardsPage } from './scorecards.js';
import { trendsPage } from './trends.js';
import { drillPage } from './drill.js';
import { inboxPage } from './inbox.js';
import { assignmentPage } from './assignment.js';
import { importsPage } from './imports.js';
import { selfPage } from './self-evaluation.js';

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
  settings: settingsPage,
  quarantine: quarantinePage,
  search: searchPage,
  scorecards: scorecardsPage,
  trends: trendsPage,
  drill: drillPage,
  inbox: inboxPage,
  assignment: assignmentPage,
  imports: importsPage,
  self: selfPage,
};
