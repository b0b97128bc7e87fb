/**
 * Pay of an Elevata Qualificazione assignment, in cents (integers only): the position pay follows from
 * the graduation points by the ente's rule; the result pay is the share that keeps the result at the
 * given percentage of the total (position + result) resources.
 */

export type EqPayRule =
  | { tipo: 'fasce'; fasce: { da: number; a: number; importo: number }[] }
  | { tipo: 'lineare'; punteggio_minimo: number; minimo: number; massimo: number };

export type EqPosition = { cents: number; band?: { da: number; a: number } } | { below: number } | { noBand: true };

/** The position pay for `points` out of `maxPoints`; step in cents (linear rule rounds down to it). */
export function eqPositionPay(rule: EqPayRule, points: number, maxPoints: number, step = 1): EqPosition {
  if (rule.tipo === 'fasce') {
    const band = rule.fasce.find((f) => points >= f.da && points <= f.a);
    return band ? { cents: Math.round(band.importo * 100), band: { da: band.da, a: band.a } } : { noBand: true };
  }
  if (points < rule.punteggio_minimo) return { below: rule.punteggio_minimo };
  const min = Math.round(rule.minimo * 100);
  const max = Math.round(rule.massimo * 100);
  const span = maxPoints - rule.punteggio_minimo;
  const exact = span > 0 ? min + ((max - min) * (points - rule.punteggio_minimo)) / span : max;
  return { cents: Math.floor(Math.min(exact, max) / step) * step };
}

/**
 * The result pay that makes result / (position + result) = percent: rounded up to the cent, so the
 * contractual minimum share is never missed by rounding.
 */
export function eqResultPay(positionCents: number, percent: number): number {
  if (percent >= 100) throw new Error('percentuale di risultato pari o superiore al 100%');
  // percent may carry decimals: scale to integers so that the ceiling is exact.
  const p = Math.round(percent * 100);
  // A share of 0 % (or below, never written: ente.yaml refuses it) pays nothing.
  return Math.max(0, Math.ceil((positionCents * p) / (10_000 - p)));
}

/** A monthly instalment over the given number of monthly payments, to the cent. */
export const monthly = (annualCents: number, months: number): number => Math.round(annualCents / months);

/**
 * The instalments as a card can state them so that they add up to the annual amount: all equal when it
 * divides exactly; else all but the last at the rounded instalment, and the last taking the difference
 * (€ 13.800,00 over 13: 12 × € 1.061,54 + € 1.061,52, not «13 × € 1.061,54», which is € 13.800,02).
 */
export function instalments(annualCents: number, months: number): { months: number; each: number; last: number | null } {
  const each = monthly(annualCents, months);
  const last = annualCents - each * (months - 1);
  return last === each || months <= 1 ? { months, each, last: null } : { months, each, last };
}
