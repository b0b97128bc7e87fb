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

describe('loading only those entes', () => {
  it('the entes not asked for are not validated: their errors are not there, their sources not listed', async () => {
    const { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { loadProjects } = await import('../src/build/project.js');
    const { ROOT } = await import('./helpers/seed.js');
    const dir = mkdtempSync(path.join(tmpdir(), 'albo-solo-ente-'));
    try {
      cpSync(path.join(ROOT, 'content'), dir, { recursive: true });
      const card = path.join(dir, 'capannori/2024/schede/coordinamento-stato-civile.md');
      writeFileSync(card, readFileSync(card, 'utf8').replace('anno: 2024', 'anno: duemila'));
      const all = await loadProjects(dir);
      expect(all.diagnostics.some((d) => d.file === card)).toBe(true);
      const lecco = await loadProjects(dir, undefined, { within: [path.join(dir, 'lecco')] });
      expect(lecco.projects.map((p) => path.basename(p.dir))).toEqual(['lecco']);
      expect(lecco.diagnostics.filter((d) => d.severity === 'errore')).toEqual([]);
      expect(new Set(lecco.sources.map((s) => path.basename(path.dirname(s.ente))))).toEqual(new Set(['lecco']));
      // a path that is in no ente reads them all
      const everything = await loadProjects(dir, undefined, { within: [dir] });
      expect(everything.diagnostics).toEqual(all.diagnostics);
      expect(everything.projects.length).toBe(all.projects.length);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
