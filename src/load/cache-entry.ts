import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cacheRoot } from './cache-dir.js';

/**
 * One entry of albo's cache folder (src/load/cache-dir.ts): a JSON file named by the hash of what it was
 * computed from. The trees of the sources, the validations, the contract rules, the coat of arms and the
 * DOCX index layouts are all kept this way. A cache that cannot be read or written only costs time.
 */

/** Where the entry of this kind and key lives; undefined without a cache folder of this user's (then nothing is kept). */
export function entryFile(kind: string, key: string): string | undefined {
  const root = cacheRoot();
  return root === undefined ? undefined : path.join(root, kind, `${key}.json`);
}

/** The entry's value, or undefined when it is missing, unreadable or not JSON (then it is computed again). */
export function readEntry(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

/**
 * Writes per folder in this process. The bound is checked at every 100th write of a process, and at any
 * write whose entry is named by a hash starting with «00» (one in 256): a listing per write would cost,
 * and one at a process's first write cost a one-card edit among 2.000 cards about 100 ms (10.000 kept
 * validations listed). A folder grows past its bound by a few hundred entries at most.
 */
const writes = new Map<string, number>();
const sampled = (file: string) => path.basename(file).startsWith('00');

/**
 * Keeps `value` in `file`: written whole under another name, then renamed (a reader never sees half an
 * entry); its folder is kept to at most `max` entries.
 */
export function keepEntry(file: string, value: unknown, max: number): void {
  const dir = path.dirname(file);
  try {
    mkdirSync(dir, { recursive: true });
    const temp = `${file}.${process.pid}`;
    writeFileSync(temp, JSON.stringify(value));
    renameSync(temp, file);
    const n = (writes.get(dir) ?? 0) + 1;
    writes.set(dir, n);
    if (n % 100 === 0 || sampled(file)) bound(dir, max);
  } catch {
    // a cache that cannot be written only costs time
  }
}

/** Beyond `max` entries, the oldest (first written, first out) go, down to 90 % of `max`: a miss only costs a computation. */
export function bound(dir: string, max: number): void {
  const entries = readdirSync(dir).filter((f) => f.endsWith('.json'));
  if (entries.length <= max) return;
  const dated = entries.map((f) => ({ f, t: statSync(path.join(dir, f)).mtimeMs })).sort((a, b) => a.t - b.t || a.f.localeCompare(b.f));
  for (const { f } of dated.slice(0, entries.length - Math.floor(max * 0.9))) rmSync(path.join(dir, f), { force: true });
}
