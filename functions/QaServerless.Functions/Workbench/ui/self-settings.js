// The settings page's self-evaluation form: on/off and the share of sampled calls whose agent is asked (versioned:
// If-Match with the version read, 412 when somebody saved first). QA leads and admins change it.
import { extend } from './i18n.js';
import { selfApi } from './self-api.js';

extend({
  'set.self': ['座席自评', 'Agent self-evaluation'],
  'set.self.intro': ['抽中的通话中按比例请座席先自评（按通话编号固定选出，重放不会重复请求）；发布后并排显示，KPI 给出每项差异。',
    'A share of sampled calls asks the agent to score it first (picked by the call id, so a replay asks nothing twice); after release both show side by side and the KPIs give each item\'s gap.'],
  'set.f.self.enabled': ['启用座席自评', 'Ask agents to self-evaluate'], 'set.f.sharePercent': ['请求比例（抽中通话的 %）', 'Share of sampled calls (%)'],
});

const fields = [{ name: 'enabled', kind: 'bool', label: 'set.f.self.enabled' }, { name: 'sharePercent', range: '0–100' }];

/** The form, drawn by the settings page's own `section` (which shows a read error in its place). */
export const selfSettingsSection = (center, lead, section) =>
  section({ id: 'set-self', title: 'set.self', intro: 'set.self.intro', fields, whoMay: ['qa-lead', 'admin'], editable: lead, versioned: true },
    () => selfApi.settings(center), (body, current) => selfApi.saveSettings(center, body, current.etag));
