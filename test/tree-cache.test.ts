import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { bound, sourceTree } from '../src/load/tree-cache.js';
import { cacheRoot } from '../src/load/cache-dir.js';
import { parseMarkdown } from '../src/render/markdown.js';

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

describe('the tree of a source body, kept between runs', () => {
  // The folder albo uses (this process's environment is not changed: other unit files run alongside).
  const dir = path.join(cacheRoot()!, 'albero');
  const list = () => (existsSync(dir) ? readdirSync(dir) : []);
  /**
   * Parses a body through the cache and finds the file it was kept in: among the files new since the call
   * (the folder may hold thousands), the one holding exactly this tree (other tests may add files meanwhile).
   */
  function keep(text: string): { tree: unknown; files: string[] } {
    const before = new Set(list());
    const tree = sourceTree(text);
    const files = list().filter((f) => !before.has(f) && f.endsWith('.json') && readFileSync(path.join(dir, f), 'utf8') === JSON.stringify(tree));
    return { tree, files };
  }
  const body = () => `# Prova ${randomUUID()}\n\nTesto con **forte** e un elenco:\n\n- uno\n- due\n`;

  it('a body parsed once is kept as JSON under its hash, and the same body reads back the kept tree', () => {
    const text = body();
    const { tree, files } = keep(text);
    expect(tree).toEqual(parseMarkdown(text));
    expect(files).toHaveLength(1);
    const file = files[0]!;
    expect(file).toMatch(/^[0-9a-f]{64}\.json$/);
    // No temporary file is left next to it.
    expect(list().filter((f) => f.startsWith(file) && f !== file)).toEqual([]);
    // Read back from the file, not parsed again: a kept tree changed on disk is what comes back.
    const kept = { type: 'root', children: [{ type: 'thematicBreak' }] };
    writeFileSync(path.join(dir, file), JSON.stringify(kept));
    expect(sourceTree(text)).toEqual(kept);
    // Another body has another file.
    const other = keep(body());
    expect(other.files).toHaveLength(1);
    expect(other.files[0]).not.toBe(file);
  });

  it('a damaged entry, or one that is not a tree, is parsed again and replaced', () => {
    for (const damaged of ['{"type":"roo', 'null', '{"type":"paragraph","children":[]}', '[]']) {
      const text = body();
      const { tree, files } = keep(text);
      const file = files[0]!;
      writeFileSync(path.join(dir, file), damaged);
      expect(sourceTree(text), damaged).toEqual(parseMarkdown(text));
      expect(readFileSync(path.join(dir, file), 'utf8'), damaged).toBe(JSON.stringify(tree));
    }
  });
});
