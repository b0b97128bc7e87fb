import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { cached, codeStamp } from '../src/load/result-cache.js';

// Results kept between runs (the contract rules as checked, the coat of arms made opaque): read back only for
// the same inputs and the same albo, recomputed when damaged, never kept when albo's code has no hash.
const tmp = mkdtempSync(path.join(tmpdir(), 'albo-risultati-'));
const before = process.env.ALBO_CACHE;
afterAll(() => {
  if (before === undefined) delete process.env.ALBO_CACHE;
  else process.env.ALBO_CACHE = before;
  rmSync(tmp, { recursive: true, force: true });
});
const isNumbers = (x: unknown): x is number[] => Array.isArray(x) && x.every((n) => typeof n === 'number');

describe('result cache', () => {
  let calls = 0;
  const compute = (value: number[]) => () => {
    calls++;
    return value;
  };
  beforeEach(() => {
    calls = 0;
    process.env.ALBO_CACHE = mkdtempSync(path.join(tmp, 'c-'));
  });
  const entries = () => readdirSync(path.join(process.env.ALBO_CACHE!, 'prova')).filter((f) => f.endsWith('.json'));

  it('computes once for the same inputs and code, then reads back what it kept', () => {
    expect(cached('prova', ['a', new Uint8Array([1, 2])], compute([1, 2, 3]), isNumbers, 'albo-1')).toEqual([1, 2, 3]);
    expect(cached('prova', ['a', new Uint8Array([1, 2])], compute([9]), isNumbers, 'albo-1')).toEqual([1, 2, 3]);
    expect(calls).toBe(1);
    expect(entries()).toHaveLength(1);
  });

  it('other bytes, another albo, or the same bytes split differently are other results', () => {
    cached('prova', ['a', new Uint8Array([1, 2])], compute([1]), isNumbers, 'albo-1');
    expect(cached('prova', ['a', new Uint8Array([1, 3])], compute([2]), isNumbers, 'albo-1')).toEqual([2]);
    expect(cached('prova', ['a', new Uint8Array([1, 2])], compute([3]), isNumbers, 'albo-2')).toEqual([3]);
    expect(cached('prova', ['ab'], compute([4]), isNumbers, 'albo-1')).toEqual([4]);
    expect(cached('prova', ['a', 'b'], compute([5]), isNumbers, 'albo-1')).toEqual([5]);
    // a text and bytes with the same characters are not the same input
    expect(cached('prova', ['a', '\u0001\u0002'], compute([6]), isNumbers, 'albo-1')).toEqual([6]);
    expect(calls).toBe(6);
    expect(entries()).toHaveLength(6);
  });

  it('a damaged or unsound entry is computed again and replaced', () => {
    cached('prova', ['x'], compute([1]), isNumbers, 'albo-1');
    const [file] = entries();
    const full = path.join(process.env.ALBO_CACHE!, 'prova', file!);
    writeFileSync(full, '[1, 2');
    expect(cached('prova', ['x'], compute([7]), isNumbers, 'albo-1')).toEqual([7]);
    expect(JSON.parse(readFileSync(full, 'utf8'))).toEqual([7]);
    writeFileSync(full, '{"not": "numbers"}');
    expect(cached('prova', ['x'], compute([8]), isNumbers, 'albo-1')).toEqual([8]);
    expect(calls).toBe(3);
    expect(entries()).toEqual([file]);
  });

  it('a computation that throws keeps nothing; without a hash of the code nothing is kept', () => {
    expect(() =>
      cached('prova', ['y'], () => {
        throw new Error('regole non valide');
      }, isNumbers, 'albo-1'),
    ).toThrow('regole non valide');
    expect(cached('prova', ['z'], compute([1]), isNumbers, undefined)).toEqual([1]);
    expect(cached('prova', ['z'], compute([2]), isNumbers, undefined)).toEqual([2]);
    expect(calls).toBe(2);
    expect(() => entries()).toThrow();
    // the unbundled modules (these tests, StrykerJS's mutants) have no hash: their results are never kept
    expect(codeStamp()).toBeUndefined();
  });

  it('a cache folder that cannot be written only costs time', () => {
    const file = path.join(tmp, 'un-file');
    writeFileSync(file, '');
    process.env.ALBO_CACHE = file;
    expect(cached('prova', ['w'], compute([1]), isNumbers, 'albo-1')).toEqual([1]);
    expect(cached('prova', ['w'], compute([2]), isNumbers, 'albo-1')).toEqual([2]);
  });

  it.runIf(process.getuid?.() !== undefined)("a default cache folder that is not this user's alone is not used: computed, nothing kept", () => {
    delete process.env.ALBO_CACHE;
    const before = process.env.TMPDIR;
    const temp = mkdtempSync(path.join(tmp, 't-'));
    process.env.TMPDIR = temp;
    try {
      const dir = path.join(temp, `albo-cache-${process.getuid!()}`);
      mkdirSync(dir);
      chmodSync(dir, 0o777);
      expect(cached('prova', ['v'], compute([1]), isNumbers, 'albo-1')).toEqual([1]);
      expect(cached('prova', ['v'], compute([2]), isNumbers, 'albo-1')).toEqual([2]);
      expect(readdirSync(dir)).toEqual([]);
    } finally {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
    }
  });
});
