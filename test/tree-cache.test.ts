import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { sourceTree } from '../src/load/tree-cache.js';
import { cacheRoot } from '../src/load/cache-dir.js';
import { parseMarkdown } from '../src/render/markdown.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'albo-alberi-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

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

  it('a cache folder not made yet is made, with the trees folder inside it', () => {
    const before = process.env.ALBO_CACHE;
    process.env.ALBO_CACHE = path.join(tmp, 'da-fare', 'cache');
    try {
      const text = body();
      expect(sourceTree(text)).toEqual(parseMarkdown(text));
      expect(readdirSync(path.join(tmp, 'da-fare', 'cache', 'albero'))).toHaveLength(1);
    } finally {
      if (before === undefined) delete process.env.ALBO_CACHE;
      else process.env.ALBO_CACHE = before;
    }
  });
});
