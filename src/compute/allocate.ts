/**
 * Allocation of a fund among positions, in euro cents (integers only). Each rule is a pure function of
 * the fund and the positions' weights; the result always says what was allocated and what is left.
 */

export type AllocationRule =
  | { tipo: 'per-punto'; soglia: number; euro_per_punto: number }
  | { tipo: 'proporzionale' }
  | { tipo: 'fasce'; fasce: { da: number; a: number; importo: number }[] }
  /** Every position gets its own fixed amount (Position.fixed), whatever its weight. */
  | { tipo: 'importo-fisso' };

export interface FundTerms {
  /** The fund, in cents. */
  fund: number;
  rule: AllocationRule;
  /** Amounts are multiples of this step, in cents (1 = to the cent). */
  step: number;
  /** Positions below this weight get nothing. */
  minWeight?: number;
  /** The ente's own per-position maximum, in cents. */
  maxPerPosition?: number;
}

export interface Position {
  id: string;
  /** Points, with at most two decimals (weighted criteria); the rules compute in hundredths of a point. */
  weight: number;
  /** The contractual maximum for this position (CCNL in force, or the ente's lower limit), in cents. */
  contractCap: number;
  /** The fixed amount (importo-fisso rule), in cents. */
  fixed?: number;
}

export interface Allocation {
  /** Cents per position id, in the positions' order. */
  pay: Map<string, number>;
  total: number;
  fund: number;
  /** fund - total: negative when the rule gives more than the fund has. */
  remainder: number;
  /** Positions whose amount was limited by a maximum (proportional rule). */
  capped: Set<string>;
}

const floorTo = (cents: number, step: number) => Math.floor(cents / step) * step;

/** A weight in hundredths of a point: an integer, so that rules compare and multiply exactly. */
export const hundredths = (points: number): number => Math.round(points * 100);

/** Amounts fixed by the weight alone (per-punto, fasce) or by the position (importo-fisso): they do not depend on the fund. */
function byWeight(rule: Exclude<AllocationRule, { tipo: 'proporzionale' }>, p: Position): number {
  const weight = hundredths(p.weight);
  if (rule.tipo === 'importo-fisso') return p.fixed ?? 0;
  // Whole points give whole cents; a fraction of a point gives its share of the euro per point, to the cent below.
  if (rule.tipo === 'per-punto') return Math.floor((Math.max(0, weight - rule.soglia * 100) * Math.round(rule.euro_per_punto * 100)) / 100);
  const band = bandFor(rule.fasce, p.weight);
  return band ? Math.round(band.importo * 100) : 0;
}

/** The band a weight (points) falls in (bands include both ends), or undefined: a gap, below the first or above the last. */
export function bandFor<B extends { da: number; a: number }>(fasce: readonly B[], weight: number): B | undefined {
  const w = hundredths(weight);
  return fasce.find((f) => w >= f.da * 100 && w <= f.a * 100);
}

/**
 * The fund shared in proportion to the weights, to the step. Shares above a position's maximum are cut to
 * it and the rest shared again among the others (repeatedly). Rounding: every share is first rounded
 * down to the step; the steps left over go one each to the positions with the largest remainders
 * (ties: higher weight, then the positions' order), so the total equals the fund whenever the fund is a
 * multiple of the step, and never exceeds it.
 */
function proportional(fund: number, positions: { id: string; weight: number; cap: number }[], step: number): { pay: Map<string, number>; capped: Set<string> } {
  const pay = new Map<string, number>();
  const capped = new Set<string>();
  let open = positions.filter((p) => p.weight > 0);
  let available = fund;
  // Water-filling: fix the positions whose share would exceed their maximum.
  for (;;) {
    const weights = open.reduce((s, p) => s + p.weight, 0);
    const over = open.filter((p) => (available * p.weight) / weights > p.cap);
    if (!over.length || !weights) break;
    for (const p of over) {
      const cut = floorTo(p.cap, step);
      pay.set(p.id, cut);
      capped.add(p.id);
      available -= cut;
    }
    open = open.filter((p) => !over.includes(p));
  }
  // With every position capped there is no share left to compute: no weight, no shares, nothing to add.
  const weights = open.reduce((s, p) => s + p.weight, 0);
  const denominator = weights * step;
  const shares = open.map((p, index) => {
    const numerator = available * p.weight;
    return { p, index, units: Math.floor(numerator / denominator), rest: numerator % denominator };
  });
  let left = Math.floor((available - shares.reduce((s, x) => s + x.units * step, 0)) / step);
  const order = [...shares].sort((a, b) => b.rest - a.rest || b.p.weight - a.p.weight || a.index - b.index);
  for (const share of order) {
    if (left <= 0) break;
    if ((share.units + 1) * step > share.p.cap) continue;
    share.units += 1;
    left -= 1;
  }
  for (const s of shares) pay.set(s.p.id, s.units * step);
  return { pay, capped };
}

export function allocate(terms: FundTerms, positions: readonly Position[]): Allocation {
  const eligible = (p: Position) => terms.minWeight === undefined || hundredths(p.weight) >= terms.minWeight * 100;
  const cap = (p: Position) => Math.min(p.contractCap, terms.maxPerPosition ?? Infinity);
  let pay: Map<string, number>;
  let capped = new Set<string>();
  if (terms.rule.tipo === 'proporzionale') {
    // In hundredths of a point: the shares are the same (only the ratios count), and every product is an integer.
    const result = proportional(terms.fund, positions.filter(eligible).map((p) => ({ id: p.id, weight: hundredths(p.weight), cap: cap(p) })), terms.step);
    pay = result.pay;
    capped = result.capped;
  } else {
    const rule = terms.rule;
    // The ente's own maximum limits the amount; the legal cap is checked, never silently applied.
    pay = new Map(positions.filter(eligible).map((p) => [p.id, floorTo(Math.min(byWeight(rule, p), terms.maxPerPosition ?? Infinity), terms.step)]));
  }
  const ordered = new Map(positions.map((p) => [p.id, pay.get(p.id) ?? 0]));
  const total = [...ordered.values()].reduce((s, c) => s + c, 0);
  return { pay: ordered, total, fund: terms.fund, remainder: terms.fund - total, capped };
}
