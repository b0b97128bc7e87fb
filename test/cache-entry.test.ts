import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bound, keepEntry, readEntry } from '../src/load/cache-entry.js';

// The entries of albo's cache folder (trees, validations, contract rules, coat of arms, index layouts): written
// whole or not at all, read back only when they are JSON, each folder bounded so the cache cannot fill a disk.
const tmp = mkdtempSync(path.join(tmpdir(), 'albo-voci-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A cache folder with `n` trees written one second apart (t00.json is the oldest). */
function folder(name: string, n: number): string {
  const dir = path.join(tmp, name);
  mkdirSync(dir, { recursive: true });
  for (let i = 0; i < n; i++) {
    const f = path.join(dir, `t${String(i).padStart(2, '0')}.json`);
    writeFileSync(f, '{"type":"root","children":[]}');
    utimesSync(f, 1_700_000_000 + i, 1_700_000_000 + i);
  }
  return dir;
}

describe("a cache folder is bounded", () => {
  it('at the limit nothing goes; one over, the oldest go down to 90 % of it', () => {
    const full = folder('pieno', 10);
    bound(full, 10);
    expect(readdirSync(full).length).toBe(10);
    const over = folder('oltre', 11);
    bound(over, 10);
    expect(readdirSync(over).sort()).toEqual(['t02.json', 't03.json', 't04.json', 't05.json', 't06.json', 't07.json', 't08.json', 't09.json', 't10.json']);
  });

  it('the oldest by modification time go, whatever their names; equal times go in name order; other files stay', () => {
    const dir = path.join(tmp, 'ordine');
    mkdirSync(dir);
    // Names in the reverse order of age: z.json is the oldest.
    ['z', 'y', 'x', 'w', 'v'].forEach((n, i) => {
      writeFileSync(path.join(dir, `${n}.json`), '{}');
      utimesSync(path.join(dir, `${n}.json`), 1_700_000_000 + i, 1_700_000_000 + i);
    });
    writeFileSync(path.join(dir, 'nota.txt'), 'non è un albero');
    utimesSync(path.join(dir, 'nota.txt'), 1_600_000_000, 1_600_000_000);
    bound(dir, 4);
    expect(readdirSync(dir).sort()).toEqual(['nota.txt', 'v.json', 'w.json', 'x.json']);
    const tie = path.join(tmp, 'pari');
    mkdirSync(tie);
    for (const n of ['c', 'a', 'b']) {
      writeFileSync(path.join(tie, `${n}.json`), '{}');
      utimesSync(path.join(tie, `${n}.json`), 1_700_000_000, 1_700_000_000);
    }
    bound(tie, 2);
    expect(readdirSync(tie)).toEqual(['c.json']);
  });
});

describe('an entry', () => {
  it('is kept whole, in a folder made if missing, and read back as it was', () => {
    const file = path.join(tmp, 'nuova', 'sotto', 'a.json');
    keepEntry(file, { n: 1, testo: 'àè' }, 10);
    expect(readdirSync(path.dirname(file))).toEqual(['a.json']); // no temporary file left beside it
    expect(readEntry(file)).toEqual({ n: 1, testo: 'àè' });
    expect(readEntry(path.join(tmp, 'nuova', 'assente.json'))).toBeUndefined();
    writeFileSync(file, '{"n": 1');
    expect(readEntry(file)).toBeUndefined();
    writeFileSync(file, 'null');
    expect(readEntry(file)).toBeNull();
  });

  it('that cannot be written costs nothing but the entry', () => {
    const file = path.join(tmp, 'un-file');
    writeFileSync(file, '');
    expect(() => keepEntry(path.join(file, 'a.json'), [1], 10)).not.toThrow();
    expect(readEntry(path.join(file, 'a.json'))).toBeUndefined();
  });

  it("bounds its folder at every 100th write of a process there, and at an entry named by a hash starting with «00», not in between", () => {
    const dir = folder('cento', 5);
    const count = () => readdirSync(dir).filter((f) => f.endsWith('.json')).length;
    // a process's first write does not list the folder: 6 entries over a bound of 2 stay
    keepEntry(path.join(dir, 'n001.json'), 1, 2);
    expect(count()).toBe(6);
    for (let i = 2; i < 100; i++) keepEntry(path.join(dir, `n${String(i).padStart(3, '0')}.json`), i, 2);
    expect(count()).toBe(104);
    // the 100th write in this folder bounds it: down to 1 (90 % of 2), the new one stays
    keepEntry(path.join(dir, 'n100.json'), 100, 2);
    expect(readdirSync(dir)).toEqual(['n100.json']);
    keepEntry(path.join(dir, 'n101.json'), 101, 2);
    expect(count()).toBe(2);
    // another folder has its own count; an entry whose hash starts with 00 bounds it at once, others not
    const other = folder('altra', 5);
    keepEntry(path.join(other, '0a1f.json'), 1, 2);
    expect(readdirSync(other).filter((f) => f.endsWith('.json'))).toHaveLength(6);
    keepEntry(path.join(other, '00c3.json'), 1, 2);
    expect(readdirSync(other)).toEqual(['00c3.json']);
  });
});
