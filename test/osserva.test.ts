import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ROOT } from './helpers/seed.js';

// `albo build --osserva` (the compiled CLI, in its own process): builds, then builds again at every change
// of a source or a template, keeps going after an error, and Ctrl-C ends it with out/ whole.
const tmp = mkdtempSync(path.join(tmpdir(), 'albo-osserva-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function watching(cwd: string) {
  const child = spawn(process.execPath, [path.join(ROOT, 'dist/albo/cli.js'), 'build', '--osserva'], { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: 'true' } });
  const io = { out: '', err: '' };
  child.stdout.on('data', (b: Buffer) => (io.out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (io.err += b.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)));
  /** Waits until the output shows `n` builds' summary lines (each build prints one, written or not). */
  const builds = (n: number, what: RegExp) =>
    new Promise<void>((resolve, reject) => {
      const started = Date.now();
      const check = () => {
        if (count(io.out + io.err, what) >= n) return resolve();
        if (Date.now() - started > 90_000) return reject(new Error(`attesa scaduta:\n${io.out}\n${io.err}`));
        setTimeout(check, 50);
      };
      check();
    });
  return { child, io, exited, builds };
}
const count = (text: string, what: RegExp) => text.match(new RegExp(what.source, 'g'))?.length ?? 0;

describe('albo build --osserva', () => {
  it('builds again at each change, only what changed; an error writes nothing and the next fix builds; Ctrl-C leaves out/ whole', async () => {
    const work = path.join(tmp, 'ente');
    cpSync(path.join(ROOT, 'content/capannori'), path.join(work, 'content/capannori'), { recursive: true });
    cpSync(path.join(ROOT, 'templates'), path.join(work, 'templates'), { recursive: true });
    const w = watching(work);
    try {
      await w.builds(1, /In attesa di modifiche in content e templates/);
      expect(count(w.io.out, /Generati \d+ file/)).toBe(1);
      const card = path.join(work, 'content/capannori/2024/schede/coordinamento-stato-civile.md');
      const pdf = path.join(work, 'out/capannori/2024/schede/coordinamento-stato-civile.pdf');
      const notice = path.join(work, 'out/capannori/2024/avviso-servizi-al-cittadino.pdf');
      const [cardBefore, noticeBefore] = [readFileSync(pdf), readFileSync(notice)];
      // a card's text edited: its files are written again, the notice is not
      writeFileSync(card, readFileSync(card, 'utf8').replace('## Bisogno organizzativo\n', '## Bisogno organizzativo\n\nUna frase aggiunta durante l\'osservazione.\n'));
      await w.builds(2, /Generati \d+ file/);
      expect(w.io.out.split('\n').filter((l) => l.startsWith('Generati'))[1]).toMatch(/^Generati [1-9]\d* file in out\/ da \d+ sorgenti \(\d+ invariati, non riscritti\)\.$/);
      expect(readFileSync(pdf).equals(cardBefore)).toBe(false);
      expect(readFileSync(notice).equals(noticeBefore)).toBe(true);
      // an error: reported, nothing written, and the process keeps watching
      const good = readFileSync(card, 'utf8');
      const written = readFileSync(pdf);
      writeFileSync(card, good.replace(/autonomia: \d+/, 'autonomia: 28'));
      await w.builds(1, /1 errore, 0 avvisi/);
      expect(w.io.err).toContain('fuori dall\'intervallo');
      expect(readFileSync(pdf).equals(written)).toBe(true);
      expect(w.child.exitCode).toBeNull();
      // fixed: built again
      writeFileSync(card, good.replace('Una frase aggiunta', 'Una frase corretta'));
      await w.builds(3, /Generati \d+ file/);
      expect(readFileSync(pdf).equals(written)).toBe(false);
      // What the watching process wrote, after its writers' warm-up and three builds, is what a build of
      // the same sources in a new process writes.
      const fresh = path.join(tmp, 'stesso-ente');
      cpSync(path.join(work, 'content'), path.join(fresh, 'content'), { recursive: true });
      cpSync(path.join(work, 'templates'), path.join(fresh, 'templates'), { recursive: true });
      const r = spawnSync(process.execPath, [path.join(ROOT, 'dist/albo/cli.js'), 'build'], { cwd: fresh, encoding: 'utf8', env: { ...process.env, CI: 'true' } });
      expect(r.status, r.stderr).toBe(0);
      for (const ext of ['.pdf', '.docx']) {
        const name = `capannori/2024/schede/coordinamento-stato-civile${ext}`;
        expect(readFileSync(path.join(fresh, 'out', name)).equals(readFileSync(path.join(work, 'out', name))), name).toBe(true);
      }
    } finally {
      w.child.kill('SIGINT');
    }
    expect(await w.exited).toBe(130);
    expect(w.io.err).toMatch(/\nFermato\.\n$/);
    // nothing half-written beside out/
    expect(readdirSync(work).sort()).toEqual(['content', 'out', 'templates']);
  }, 180_000);

  it('without a content folder it says so and ends, instead of waiting', async () => {
    const r = spawn(process.execPath, [path.join(ROOT, 'dist/albo/cli.js'), 'build', '--osserva', '--contenuti', path.join(tmp, 'manca')], { cwd: tmp });
    let err = '';
    r.stderr.on('data', (b: Buffer) => (err += b.toString()));
    expect(await new Promise((resolve) => r.on('close', resolve))).toBe(1);
    expect(err).toContain('manca');
    expect(err).not.toContain('In attesa');
  }, 30_000);

  it('only with build', async () => {
    const r = spawn(process.execPath, [path.join(ROOT, 'dist/albo/cli.js'), 'check', '--osserva'], { cwd: ROOT });
    let err = '';
    r.stderr.on('data', (b: Buffer) => (err += b.toString()));
    expect(await new Promise((resolve) => r.on('close', resolve))).toBe(1);
    expect(err).toContain('--osserva vale solo per "albo build"');
  });
});
