// The live score, as the server computes it (docs/scoring.md, Scoring/ScoreCalculator.cs): shown while the inspector
// answers; the server's result after a save is the one that counts.
export const possibleOf = item => (item.answerType === 'Scale' ? item.scaleMax : 1);

const round2 = x => Math.sign(x) * Math.round((Math.abs(x) + Number.EPSILON) * 100) / 100;

export function liveScore(card, answers) {
  let earned = 0, possible = 0;
  const critical = [], warnings = [], missing = [];
  for (const item of card.sections.flatMap(s => s.items)) {
    const a = answers.get(item.itemId);
    if (!a || (a.points == null && !a.notApplicable)) { missing.push(item.itemId); continue; }
    if (item.warning) { if (!a.notApplicable && a.points === 0) warnings.push(item.itemId); continue; }
    if (a.notApplicable) continue;
    const weight = Number(item.weight ?? 1);
    earned += a.points * weight;
    possible += possibleOf(item) * weight;
    if (item.critical && a.points === 0) critical.push(item.itemId);
  }
  const rules = { criticalCap: 0, excellentFrom: 90, goodFrom: 80, passFrom: 60, ...(card.rules ?? {}) };
  const raw = possible > 0 ? round2(earned / possible * 100) : 100;
  const score = critical.length ? Math.min(raw, Number(rules.criticalCap)) : raw;
  const band = critical.length ? 'Fail' : score >= rules.excellentFrom ? 'Excellent' : score >= rules.goodFrom ? 'Good' : score >= rules.passFrom ? 'Pass' : 'Fail';
  return { score, band, critical, warnings, missing };
}
