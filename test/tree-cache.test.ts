import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { randomUUID } from 'node:crypto';
import { parserFiles, parserKey, sourceTree } from '../src/load/tree-cache.js';
import { fileURLToPath } from 'node:url';
import { createHash } from 'node:crypto';
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

  it.runIf(process.getuid?.() !== undefined)("without a cache folder of this user's alone: parsed, nothing kept", () => {
    const before = { cache: process.env.ALBO_CACHE, tmp: process.env.TMPDIR };
    const temp = mkdtempSync(path.join(tmp, 't-'));
    const open = path.join(temp, `albo-cache-${process.getuid!()}`);
    mkdirSync(open, { mode: 0o777 });
    chmodSync(open, 0o777);
    delete process.env.ALBO_CACHE;
    process.env.TMPDIR = temp;
    try {
      const text = body();
      expect(sourceTree(text)).toEqual(parseMarkdown(text));
      expect(readdirSync(open)).toEqual([]);
    } finally {
      for (const [k, v] of [['ALBO_CACHE', before.cache], ['TMPDIR', before.tmp]] as const) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
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

describe("the parser's stamp, part of every tree's key", () => {
  it("holds albo's markdown module (unless the bundle gives its hash), albo's package.json and the installed packages", () => {
    const markdown = fileURLToPath(new URL('../src/render/markdown.js', import.meta.url));
    expect(parserFiles('/albo', false)).toEqual([markdown, path.join('/albo', 'package.json'), path.join('/albo', 'node_modules', '.package-lock.json')]);
    expect(parserFiles('/albo', true)).toEqual([path.join('/albo', 'package.json'), path.join('/albo', 'node_modules', '.package-lock.json')]);
  });

  it("changes with any file's bytes, with the bundle's hash, and tells a missing file from an empty one", () => {
    const dir = mkdtempSync(path.join(tmp, 'stampo-'));
    const [a, b] = [path.join(dir, 'a'), path.join(dir, 'b')];
    writeFileSync(a, 'uno');
    writeFileSync(b, '');
    const key = parserKey([a, b], undefined);
    expect(parserKey([a, b], undefined)).toBe(key);
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    // nothing to read and no bundle: the hash of nothing
    expect(parserKey([], undefined)).toBe(createHash('sha256').digest('hex'));
    writeFileSync(a, 'due');
    const edited = parserKey([a, b], undefined);
    expect(edited).not.toBe(key);
    expect(parserKey([a, b], 'h1')).not.toBe(edited);
    expect(parserKey([a, b], 'h1')).not.toBe(parserKey([a, b], 'h2'));
    // the bundle's hash is not just more bytes of the files
    expect(parserKey([a, b], 'h1')).not.toBe(parserKey([a, b], ''));
    rmSync(b);
    const missing = parserKey([a, b], undefined);
    expect(missing).not.toBe(edited);
    // a missing file is named, so another missing file is another stamp
    expect(parserKey([a, path.join(dir, 'c')], undefined)).not.toBe(missing);
  });
});
