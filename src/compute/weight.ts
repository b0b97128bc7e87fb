/** The total weight: the criteria scores plus the optional extra points. */
export function computeWeight(scores: Record<string, number>, extra = 0): number {
  return Object.values(scores).reduce((sum, s) => sum + s, 0) + extra;
}


/**
 * The total weight in hundredths of a point, with weighted criteria: Σ score × factor (the factor being
 * the criterion's weight in hundredths, 100 for an unweighted one) plus the extra points. Integers only,
 * so that 0,3 + 0,6 is 0,9 and not 0,8999999999999999.
 */
export function weightedHundredths(parts: readonly { score: number; factor: number }[], extra = 0): number {
  return parts.reduce((sum, p) => sum + p.score * p.factor, 0) + extra * 100;
}
