import type { PayRule } from '../config.js';

/** The total weight: the criteria scores plus the optional extra points. */
export function computeWeight(scores: Record<string, number>, extra = 0): number {
  return Object.values(scores).reduce((sum, s) => sum + s, 0) + extra;
}

/** Expected yearly pay in euro cents, from the ente's rule (integers: money never goes through floats). */
export function computePayCents(weight: number, rule: PayRule): number {
  switch (rule.regola) {
    case 'per-punto':
      return Math.max(0, weight - rule.soglia) * Math.round(rule.euro_per_punto * 100);
  }
}
