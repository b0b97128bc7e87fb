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
