// After release, the agent's own answers beside the inspector's (the evaluation page's panel), and the month's
// self-vs-inspector gaps per item (the KPI page's and the agent's section). Both read the API; neither is shown
// before release (docs/self-evaluation.md).
import { t, extend } from './i18n.js';
import { h } from './dom.js';
import { selfApi } from './self-api.js';

extend({
  'self.cmp.title': ['自评对比', 'Self-evaluation beside the inspector\'s'],
  'self.cmp.scores': ['质检得分 {0} · 座席自评 {1} · 差 {2}', 'Inspector {0} · agent\'s own {1} · difference {2}'],
  'self.cmp.missed': ['座席没有在质检结果发布前提交自评。', 'The agent did not submit a self-evaluation before the release.'],
  'self.cmp.differences': ['{0} 项不同', '{0} items differ'], 'self.cmp.item': ['评分项', 'Item'], 'self.cmp.inspector': ['质检员', 'Inspector'],
  'self.cmp.self': ['座席自评', 'Agent\'s own'], 'self.cmp.mark': ['比较', 'Compared'], 'self.cmp.differs': ['不同', 'differs'], 'self.cmp.same': ['一致', 'same'],
  'self.cmp.otherVersion': ['自评所用的评分表版本与质检不同：按评分项编号对照。', 'The self-evaluation used another scorecard version: items are matched by id.'],
  'self.gap.title': ['自评与质检差异（{0}）', 'Self vs inspector ({0})'],
  'self.gap.intro': ['差 = 自评得分率 − 质检得分率（每项分值的比例），正数表示座席给自己打得更高。', 'Gap = self points share − inspector points share of each item; positive: the agent rated themselves higher.'],
  'self.gap.summary': ['请求 {0} · 已提交 {1} · 未提交 {2} · 平均得分差 {3}', 'Asked {0} · submitted {1} · missed {2} · mean score gap {3}'],
  'self.gap.agreement': ['一致率', 'Agreement'], 'self.gap.gap': ['平均差', 'Mean gap'], 'self.gap.of': ['{0} / {1}', '{0} of {1}'], 'self.gap.n': ['n = {0}', 'n = {0}'],
  'self.gap.none': ['本月没有已发布的自评对比。', 'No self-evaluations compared this month.'],
  'self.gap.group.center': ['全中心', 'Whole center'],
});

const signed = (x, digits = 2) => (x == null ? '—' : `${x > 0 ? '+' : ''}${Number(x).toFixed(digits)}`);
const percent = x => (x == null ? '—' : `${x > 0 ? '+' : ''}${(Number(x) * 100).toFixed(1)}%`);
// The evaluation page's words for an answer (its keys); not its choiceLabel, which would make the two modules import each other.
const answerText = (item, a) => (!a ? '—' : a.notApplicable ? t('ev.na') : item?.answerType === 'Scale' ? t('ev.points', a.points) : t(a.points ? 'ev.yes' : 'ev.no'));

/** Fills `box` with the comparison of a released evaluation (nothing when the call had no self-evaluation); marks it loaded. */
export async function fillSelfComparison(box, center, evaluation, items) {
  const comparison = await selfApi.comparison(center, evaluation.callId).catch(() => null);
  box.dataset.loaded = 'true';
  if (!comparison) return;
  const byId = new Map(items.map(i => [i.itemId, i]));
  const missed = comparison.status === 'Missed';
  const score = x => (x == null ? '—' : Number(x).toFixed(2));
  box.replaceChildren(h('section', { class: 'panel', id: 'self-comparison', 'aria-labelledby': 'self-comparison-title' },
    h('h2', { id: 'self-comparison-title' }, t('self.cmp.title')),
    h('p', { id: 'self-scores' }, missed ? t('self.cmp.missed')
      : t('self.cmp.scores', score(comparison.inspectorScore), score(comparison.selfScore), signed(comparison.selfScore - comparison.inspectorScore))),
    missed ? null : h('p', { class: 'muted', id: 'self-differences' }, t('self.cmp.differences', comparison.differences)),
    comparison.sameScorecardVersion ? null : h('p', { class: 'muted' }, t('self.cmp.otherVersion')),
    missed ? null : h('table', {},
      h('thead', {}, h('tr', {}, ['self.cmp.item', 'self.cmp.inspector', 'self.cmp.self', 'self.cmp.mark'].map(k => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, comparison.items.map(i => h('tr', { class: i.differs ? 'differs' : null, dataset: { item: i.itemId, differs: String(i.differs) } },
        h('td', { title: i.itemId }, i.text), h('td', { class: 'inspector' }, answerText(byId.get(i.itemId), i.inspector)),
        h('td', { class: 'self' }, answerText(byId.get(i.itemId), i.self)),
        h('td', {}, i.self == null ? '—' : i.differs ? h('span', { class: 'badge warning' }, `≠ ${t('self.cmp.differs')}`) : h('span', { class: 'badge ok' }, t('self.cmp.same')))))))));
}

/**
 * The month's gaps, a table per group the caller may see (an agent: their own; a supervisor: their teams; a lead: the
 * center). `texts` maps item ids to their wording. Returns the section at once and fills it when the figures arrive;
 * with `hideEmpty` (the KPI page, where most centers ask no self-evaluations) a month without any stays hidden.
 */
export function selfGapSection(center, month, groupBy, texts = {}, { hideEmpty = false } = {}) {
  const section = h('section', { class: 'panel', id: 'self-gaps', 'aria-labelledby': 'self-gaps-title' }, h('h2', { id: 'self-gaps-title' }, t('self.gap.title', month ?? '')));
  selfApi.gaps(center, month, groupBy).catch(() => null).then(report => {
    section.dataset.loaded = 'true';
    if (!report || (hideEmpty && !report.groups.length)) { section.hidden = true; return; }
    section.querySelector('h2').textContent = t('self.gap.title', report.month);
    section.append(h('p', { class: 'muted' }, t('self.gap.intro')), ...(report.groups.length ? report.groups.map(g => groupTable(report, g, texts))
      : [h('p', { class: 'muted', id: 'self-gaps-none' }, t('self.gap.none'))]));
  });
  return section;
}

function groupTable(report, g, texts) {
  return h('div', { class: 'self-gap-group', dataset: { group: g.group } },
    h('h3', {}, report.groupBy === 'center' ? t('self.gap.group.center') : g.group),
    h('p', { class: 'summary' }, t('self.gap.summary', g.asked, g.submitted, g.missed, signed(g.meanScoreGap))),
    g.items.length ? h('table', {},
      h('thead', {}, h('tr', {}, ['self.cmp.item', 'self.gap.agreement', 'self.gap.gap'].map(k => h('th', { scope: 'col' }, t(k))))),
      h('tbody', {}, g.items.map(i => h('tr', { dataset: { item: i.itemId } },
        h('td', { title: i.itemId }, texts[i.itemId] ?? i.itemId),
        h('td', { class: 'num agreement' }, i.agreementRate == null ? '—' : `${(i.agreementRate * 100).toFixed(0)}% `, h('span', { class: 'muted' }, `(${t('self.gap.of', i.agreed, i.pairs)})`)),
        h('td', { class: 'num gap' }, percent(i.meanShareGap), ' ', h('span', { class: 'muted' }, `(${t('self.gap.n', i.scoredPairs)})`))))))
      : null);
}
