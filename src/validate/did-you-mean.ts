import { closest, distance } from 'fastest-levenshtein';

/** The closest of the candidates, if close enough to be a typo (case aside): the «intendevi …?» of every message. */
export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  if (!candidates.length) return undefined;
  const best = closest(word, candidates as string[]);
  return distance(word.toLowerCase(), best.toLowerCase()) <= Math.max(2, Math.floor(best.length / 3)) ? best : undefined;
}
