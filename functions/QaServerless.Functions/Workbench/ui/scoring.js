// The live score, as the server computes it (docs/scoring.md, Scoring/ScoreCalculator.cs): shown while the inspector
// answers; the server's result after a save is the one that counts.
export const possibleOf = item => (item.answerType === 'Scale' ? item.scaleMax : 1);

const round2 = x => Math.sign(x) * Math.round((Math.abs(x) + Number.EPSILON) * 100) / 100;

/** The version's formula: a version recorded before formulas existed scores by the old rule (ScoringRules.FormulaInEffect). */
export const formulaOf = card => card.rules?.formula ?? 'WeightedPoints';

export function liveScore(card, answers) {
  let earned = 0, possible = 0;
  const critical = [], warnings = [], missing = [];
  const share = formulaOf(card) === 'ItemShare';
  const sectionWeighted = share && card.sections.some(s => s.weight != null);
  for (const section of card.sections) {
    let sectionEarned = 0, sectionPossible = 0;
    for (const item of section.items) {
      const a = answers.get(item.itemId);
      if (!a || (a.points == null && !a.notApplicable)) { missing.push(item.itemId); continue; }
      if (item.warning) { if (!a.notApplicable && a.points === 0) warnings.push(item.itemId); continue; }
      if (a.notApplicable) continue;
      const weight = Number(item.weight ?? 1);
      // Old rule: weighted points. New rule: the weight is the item's share, a scale answer earns its fraction of it.
      sectionEarned += share ? weight * a.points / possibleOf(item) : a.points * weight;
      sectionPossible += share ? weight : possibleOf(item) * weight;
      if (item.critical && a.points === 0) critical.push(item.itemId);
    }
    if (!sectionWeighted) { earned += sectionEarned; possible += sectionPossible; }
    else if (sectionPossible > 0) { earned += Number(section.weight ?? 0) * sectionEarned / sectionPossible; possible += Number(section.weight ?? 0); }
  }
  const rules = { criticalCap: 0, excellentFrom: 90, goodFrom: 80, passFrom: 60, ...(card.rules ?? {}) };
  const raw = possible > 0 ? round2(earned / possible * 100) : 100;
  const score = critical.length ? Math.min(raw, Number(rules.criticalCap)) : raw;
  const band = critical.length ? 'Fail' : score >= rules.excellentFrom ? 'Excellent' : score >= rules.goodFrom ? 'Good' : score >= rules.passFrom ? 'Pass' : 'Fail';
  return { score, band, critical, warnings, missing };
}

/** The answers an item offers, each with the key that gives it: yes/no or 0..n points, then N/A where it is allowed. */
export const choicesOf = item => [
  ...(item.answerType === 'Scale'
    ? Array.from({ length: item.scaleMax + 1 }, (_, p) => ({ points: p, key: String(p) }))
    : [{ points: 1, key: 'y' }, { points: 0, key: 'n' }]),
  ...(item.notApplicableAllowed ? [{ na: true, key: 'a' }] : [])];
