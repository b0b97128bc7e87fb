import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { bound } from './tree-cache.js';
import { cacheRoot } from './cache-dir.js';

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

const folder = (kind: string) => {
  const root = cacheRoot();
  return root && path.join(root, kind);
};

/** Results kept per kind at most, unless the kind says otherwise (then the oldest go, as for the trees). */
const MAX_RESULTS = 200;

/** Writes per kind in this process: the bound is checked at the first and every 100 after (a listing per write would cost). */
const writes = new Map<string, number>();

let override: { code: string | undefined } | undefined;
/** Tests only: run as if albo's code had this hash (undefined: as the unbundled modules, nothing kept). */
export function useCodeStamp(code: string | undefined): void {
  override = { code };
}

/**
 * The result of `compute` for these inputs: read back if albo's same code computed it before from the same
 * inputs, else computed and kept (`code`: which albo; nothing is kept without it). `valid` tells a sound entry from a damaged one (then it is computed
 * again). A result that throws is not kept. A cache that cannot be read or written only costs time.
 */
export function cached<T>(kind: string, inputs: readonly (string | Uint8Array)[], compute: () => T, valid: (x: unknown) => x is T, code = codeStamp(), max = MAX_RESULTS): T {
  const dir = code === undefined ? undefined : folder(kind);
  if (code === undefined || dir === undefined) return compute();
  const hash = createHash('sha256').update(code);
  for (const part of inputs) hash.update(`\0${typeof part === 'string' ? 's' : 'b'}${part.length}\0`).update(part);
  const file = path.join(dir, `${hash.digest('hex')}.json`);
  try {
    const kept: unknown = JSON.parse(readFileSync(file, 'utf8'));
    if (valid(kept)) return kept;
  } catch {
    // not computed yet, or a damaged entry: computed again and replaced
  }
  const result = compute();
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}`;
    writeFileSync(temp, JSON.stringify(result));
    renameSync(temp, file);
    const n = writes.get(kind) ?? 0;
    writes.set(kind, n + 1);
    if (n % 100 === 0) bound(path.dirname(file), max);
  } catch {
    // a cache that cannot be written only costs time
  }
  return result;
}
