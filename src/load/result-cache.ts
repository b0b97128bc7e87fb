import { createHash } from 'node:crypto';
import { entryFile, keepEntry, readEntry } from './cache-entry.js';

/**
 * Results that depend only on some files' bytes and on albo's code (the contract rules as checked, the coat
 * of arms made opaque), kept between runs as JSON: a command of a few hundred milliseconds would otherwise
 * spend a good part of them running the YAML parser and the image decoder cold, every time, on the same
 * bytes. In albo's cache folder (src/load/cache-dir.ts), as the trees of the sources.
 */

/** A hash of albo's code, set by scripts/bundle.mjs in the bundled CLI. */
declare const __ALBO_CODE_HASH__: string | undefined;

/**
 * Which albo computes: the bundle's hash. Undefined when the modules run unbundled (the tests, StrykerJS's
 * mutants, development): there the code can change between runs without a new hash, so nothing is kept.
 */
export const codeStamp = (): string | undefined => (override ? override.code : typeof __ALBO_CODE_HASH__ === 'string' ? __ALBO_CODE_HASH__ : undefined);

/** Results kept per kind at most, unless the kind says otherwise (then the oldest go: src/load/cache-entry.ts). */
const MAX_RESULTS = 200;

let override: { code: string | undefined } | undefined;
/** Tests only: run as if albo's code had this hash (undefined: as the unbundled modules, nothing kept). */
export function useCodeStamp(code: string | undefined): void {
  override = { code };
}

/** The entry of a result: which albo, and each input with its kind and length (no two inputs read alike). */
function resultFile(kind: string, inputs: readonly (string | Uint8Array)[], code: string): string | undefined {
  const hash = createHash('sha256').update(code);
  for (const part of inputs) hash.update(`\0${typeof part === 'string' ? 's' : 'b'}${part.length}\0`).update(part);
  return entryFile(kind, hash.digest('hex'));
}

/**
 * The result of `compute` for these inputs: read back if albo's same code computed it before from the same
 * inputs, else computed and kept (`code`: which albo; nothing is kept without it). `valid` tells a sound entry from a damaged one (then it is computed
 * again). A result that throws is not kept. A cache that cannot be read or written only costs time.
 */
export function cached<T>(kind: string, inputs: readonly (string | Uint8Array)[], compute: () => T, valid: (x: unknown) => x is T, code = codeStamp(), max = MAX_RESULTS): T {
  const file = code === undefined ? undefined : resultFile(kind, inputs, code);
  if (file === undefined) return compute();
  const kept = readEntry(file);
  // not computed yet, or a damaged entry: computed again and replaced
  if (valid(kept)) return kept;
  const result = compute();
  keepEntry(file, result, max);
  return result;
}

/** As `cached`, for a result computed asynchronously (one that loads its modules only when it must compute). */
export async function cachedAsync<T>(kind: string, inputs: readonly (string | Uint8Array)[], compute: () => Promise<T>, valid: (x: unknown) => x is T, code = codeStamp(), max = MAX_RESULTS): Promise<T> {
  const file = code === undefined ? undefined : resultFile(kind, inputs, code);
  if (file === undefined) return compute();
  const kept = readEntry(file);
  if (valid(kept)) return kept;
  const result = await compute();
  keepEntry(file, result, max);
  return result;
}
