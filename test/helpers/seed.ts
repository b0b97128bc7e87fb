import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** The shared seeds sit beside the repository (../shared), in sessions and in CI; ALBO_SEEDS overrides. */
export const SEEDS = process.env.ALBO_SEEDS ? path.resolve(process.env.ALBO_SEEDS) : path.resolve(ROOT, '../shared/seeds');

export function seedText(prefix: string): string {
  const file = readdirSync(SEEDS).find((f) => f.startsWith(prefix));
  if (!file) throw new Error(`seed ${prefix} non trovato in ${SEEDS}`);
  return readFileSync(path.join(SEEDS, file), 'utf8');
}

/**
 * The sentences of a seed document: HTML and bold markers removed, a sentence ends at . ; : ? ! followed by
 * a space, or at a line end. Page-break splits (a line ending without punctuation, continued after a blank
 * line) are joined first, as the transcription does.
 */
export function seedSentences(text: string): string[] {
  const clean = text
    .replace(/<\/?(i|b|em|strong|span)>/g, '')
    .replace(/<\/(p|li|ol|ul)>|<br\s*\/?>/g, '\n')
    .replace(/<[^>]+>/g, ' ')
    .replace(/\*\*/g, '\n')
    .replace(/\t/g, '\n')
    .replace(/•/g, '\n')
    .replace(/ \. /g, '\n');
  return clean
    .split('\n')
    .map((l) => l.trim().replace(/^[-.]\s+/, '').replace(/^x\s+/, ''))
    .filter(Boolean)
    .flatMap((l) => l.split(/(?<=[.;:?!])\s+(?=[A-ZÀ-Ü"“(a-z0-9])/))
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
