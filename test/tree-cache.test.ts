import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bound } from '../src/load/tree-cache.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'albo-alberi-'));
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

describe('the tree cache is bounded', () => {
  it('at the limit nothing goes; one over, the oldest go down to 90 % of it', () => {
    const full = folder('pieno', 10);
    bound(full, 10);
    expect(readdirSync(full).length).toBe(10);
    const over = folder('oltre', 11);
    bound(over, 10);
    expect(readdirSync(over).sort()).toEqual(['t02.json', 't03.json', 't04.json', 't05.json', 't06.json', 't07.json', 't08.json', 't09.json', 't10.json']);
  });
});
