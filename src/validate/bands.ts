import type { RuleIssue } from '../kinds/kind.js';

/** Bands of points that overlap or run backwards (fund bands, EQ bands). */
export function bandIssues(bands: readonly { da: number; a: number }[], at: PropertyKey[]): RuleIssue[] {
  const issues: RuleIssue[] = [];
  const sorted = bands.map((f, i) => ({ ...f, i })).sort((a, b) => a.da - b.da);
  sorted.forEach((f, k) => {
    if (f.da > f.a) issues.push({ path: [...at, f.i, 'da'], message: `fascia ${f.da}–${f.a}: l'inizio supera la fine` });
    const prev = sorted[k - 1];
    if (prev && f.da <= prev.a) {
      issues.push({ path: [...at, f.i, 'da'], message: `la fascia ${f.da}–${f.a} si sovrappone a ${prev.da}–${prev.a}`, hint: 'ogni pesatura deve cadere in una sola fascia' });
    }
  });
  return issues;
}

/** A run of reachable weights that no band covers (inclusive), and the band just above it (index as written). */
export interface BandGap {
  from: number;
  to: number;
  next?: number;
}

/**
 * The weights a card can reach between `lo` and `hi` that fall in no band, as runs. Reachable weights are
 * `lo + k × grid` (grid: the greatest common divisor of the criteria's weights, 1 for a plain sum); all
 * figures are integers (points, or hundredths of a point), so the arithmetic is exact. Bands that run
 * backwards are ignored here: they are an error of their own.
 */
export function bandGaps(bands: readonly { da: number; a: number }[], lo: number, hi: number, grid = 1): BandGap[] {
  const gaps: BandGap[] = [];
  const sorted = bands.map((f, i) => ({ ...f, i })).filter((f) => f.da <= f.a).sort((a, b) => a.da - b.da || a.a - b.a);
  /** The first reachable weight at or above x. */
  const up = (x: number) => lo + Math.max(0, Math.ceil((x - lo) / grid)) * grid;
  // The lowest reachable weight not covered yet.
  let cursor = lo;
  for (const f of sorted) {
    if (cursor > hi) break;
    // The reachable weights from the cursor up to (not including) the band's start.
    if (f.da > cursor) gaps.push({ from: cursor, to: Math.min(up(f.da) - grid, hi), next: f.i });
    cursor = Math.max(cursor, up(f.a + 1));
  }
  if (cursor <= hi) gaps.push({ from: cursor, to: hi });
  return gaps;
}
