import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { entesOf } from '../src/build/project.js';

// `albo check <file|folder>` reads only the entes what was asked lies in (issue #20: validating every ente was
// most of what a check of one card cost); anything that is not inside one ente reads them all.
const c = path.resolve('/c');
const p = (...parts: string[]) => path.join(c, ...parts);
// Entes: two side by side, and a union holding two comuni of its own.
const dirs = [p('alfa'), p('beta'), p('unione'), p('unione', 'uno'), p('unione', 'due')];
const names = (s: Set<string> | undefined) => s && [...s].map((d) => path.relative(c, d)).sort();

describe('which entes a check of paths reads', () => {
  it('a file, a folder or the ente.yaml of one ente: that ente alone', () => {
    expect(names(entesOf([p('alfa', '2024', 'schede', 'x.md')], c, dirs))).toEqual(['alfa']);
    expect(names(entesOf([p('alfa', '2024')], c, dirs))).toEqual(['alfa']);
    expect(names(entesOf([p('alfa')], c, dirs))).toEqual(['alfa']);
    expect(names(entesOf([p('beta', 'ente.yaml')], c, dirs))).toEqual(['beta']);
  });

  it('inside a nested ente, the deepest one; a folder holding entes, those too', () => {
    expect(names(entesOf([p('unione', 'uno', 'x.md')], c, dirs))).toEqual([path.join('unione', 'uno')]);
    expect(names(entesOf([p('unione', 'x.md')], c, dirs))).toEqual(['unione']);
    expect(names(entesOf([p('unione')], c, dirs))).toEqual(['unione', path.join('unione', 'due'), path.join('unione', 'uno')]);
    // a name that only starts like an ente's folder is not inside it
    expect(entesOf([p('alfabeto', 'x.md')], c, dirs)).toBeUndefined();
  });

  it('several paths: every ente they lie in', () => {
    expect(names(entesOf([p('alfa', 'x.md'), p('beta', 'y.md'), p('alfa', 'z.md')], c, dirs))).toEqual(['alfa', 'beta']);
  });

  it('content/ itself, a folder of no ente, a path outside content/: undefined (everything is read)', () => {
    expect(entesOf([c], c, dirs)).toBeUndefined();
    expect(entesOf([p('bozze', 'x.md')], c, dirs)).toBeUndefined();
    expect(entesOf([path.resolve('/altrove', 'alfa', 'x.md')], c, dirs)).toBeUndefined();
    // one such path among others is enough
    expect(entesOf([p('alfa', 'x.md'), c], c, dirs)).toBeUndefined();
    expect(entesOf([p('alfa', 'x.md')], c, [])).toBeUndefined();
  });
});
