import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers/seed.js';

// The compiled CLI: workers run compiled JavaScript (npm test compiles first).
const CLI = path.join(ROOT, 'dist', 'albo', 'cli.js');
const tmp = mkdtempSync(path.join(tmpdir(), 'albo-parallel-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}

/** `albo build` of the shipped content in its own process, with `threads` render threads. */
function build(out: string, threads: number, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['-r', path.join(ROOT, 'test/helpers/count-workers.cjs'), CLI, 'build', '--uscita', out], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, ALBO_THREADS: String(threads), CI: 'true', ...env },
  });
  const workers = Number(/worker avviati: (\d+)/.exec(r.stderr)?.[1]);
  return { code: r.status, out: r.stdout, err: r.stderr.replace(/\nworker avviati: \d+\n$/, ''), workers };
}

describe('parallel build (issue 20)', () => {
  it('writes the same bytes on 3 threads as on one, in two separate processes, with the same messages', () => {
    expect(existsSync(CLI), 'manca dist/albo/: esegui "npm run compile" (npm test lo fa)').toBe(true);
    const single = build(path.join(tmp, 'uno'), 1);
    const parallel = build(path.join(tmp, 'tre'), 3);
    expect(single.code, single.err).toBe(0);
    expect(parallel.code, parallel.err).toBe(0);
    // One thread renders in the main thread; three start three workers.
    expect(single.workers).toBe(0);
    expect(parallel.workers).toBe(3);
    expect(parallel.out.replace(/tre\//g, 'uno/')).toBe(single.out);
    expect(parallel.err).toBe(single.err);
    const names = files(path.join(tmp, 'uno'));
    expect(names.filter((f) => f.endsWith('.pdf')).length).toBeGreaterThan(30);
    expect(files(path.join(tmp, 'tre'))).toEqual(names);
    const differing = names.filter((f) => !readFileSync(path.join(tmp, 'uno', f)).equals(readFileSync(path.join(tmp, 'tre', f))));
    // The manifest names the output folder only through the outputs' paths, which are relative: identical too.
    expect(differing).toEqual([]);
  }, 600_000);

  it('threads whose heap is too small to work: this thread renders instead, the same bytes', () => {
    const single = path.join(tmp, 'uno');
    if (!existsSync(single)) expect(build(single, 1).code).toBe(0);
    // 16 MB: the threads die as they load the writers (ERR_WORKER_OUT_OF_MEMORY), outside any task.
    const starved = build(path.join(tmp, 'stretti'), 2, { ALBO_THREAD_HEAP_MB: '16' });
    expect(starved.code, starved.err).toBe(0);
    const names = files(single);
    expect(files(path.join(tmp, 'stretti'))).toEqual(names);
    expect(names.filter((f) => !readFileSync(path.join(single, f)).equals(readFileSync(path.join(tmp, 'stretti', f))))).toEqual([]);
  }, 600_000);
});
