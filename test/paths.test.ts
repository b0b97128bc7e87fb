import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { renderOutputs } from '../src/build/build.js';
import { stageBuild } from '../src/build/commit.js';
import { loadProjects } from '../src/build/project.js';
import { isInside, leavesBase } from '../src/paths.js';
import { ROOT } from './helpers/seed.js';

// «Inside a folder» decides which ente a source belongs to, where an output may go and what a build may
// write: a folder whose name starts with two dots («..bozze») is inside, «..» and «../x» are not.
const tmp = mkdtempSync(path.join(tmpdir(), 'albo-paths-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('inside a folder', () => {
  it('«..» and what is under it leave the folder; names that only start with two dots do not', () => {
    for (const rel of ['..', path.join('..', 'x'), path.join('..', '..', 'x')]) expect(leavesBase(rel), rel).toBe(true);
    for (const rel of ['', 'a', '..bozze', path.join('..bozze', 'a.md'), '...', path.join('a', '..b')]) expect(leavesBase(rel), rel).toBe(false);
    expect(leavesBase(path.resolve('/altro'))).toBe(true);
    expect(isInside('/c', '/c')).toBe(true);
    expect(isInside('/c', '/c/..bozze/a.md')).toBe(true);
    expect(isInside('/c', '/c/a/b')).toBe(true);
    expect(isInside('/c', '/d/a')).toBe(false);
    expect(isInside('/c/a', '/c')).toBe(false);
    expect(isInside('/c', '/cc/a')).toBe(false);
  });

  it('an ente in a folder named «..comune» loads and builds (it was an internal error)', async () => {
    const content = path.join(tmp, 'content');
    cpSync(path.join(ROOT, 'content', 'esempio-importi-fissi'), path.join(content, '..comune'), { recursive: true });
    const loaded = await loadProjects(content);
    expect(loaded.diagnostics.filter((d) => d.severity === 'errore')).toEqual([]);
    expect(loaded.projects.map((p) => path.basename(p.dir))).toEqual(['..comune']);
    const outDir = path.join(tmp, 'out');
    const renderer = { width: 1, render: async () => new Uint8Array([1]), close: async () => undefined };
    const result = await renderOutputs(loaded.projects, { contentDir: content, outDir, templatesDir: path.join(ROOT, 'templates'), version: '0', renderer });
    expect(result.files.length).toBeGreaterThan(0);
    expect(result.files.every((f) => f.path.startsWith(path.join(outDir, '..comune') + path.sep) || path.dirname(f.path) === outDir)).toBe(true);
    // The output folder takes files under «..comune/» as its own.
    const staged = await stageBuild(outDir);
    await staged.write({ path: path.join(outDir, '..comune', 'a.pdf'), bytes: new Uint8Array([1]) });
    await expect(staged.write({ path: path.join(outDir, '..', 'fuori.pdf'), bytes: new Uint8Array([1]) })).rejects.toThrow(/fuori dalla cartella di uscita/);
    await staged.abort();
  });
});
