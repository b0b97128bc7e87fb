/** The total weight: the criteria scores plus the optional extra points. */
export function computeWeight(scores: Record<string, number>, extra = 0): number {
  return Object.values(scores).reduce((sum, s) => sum + s, 0) + extra;
}

