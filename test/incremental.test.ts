import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stagingDir } from '../src/build/commit.js';
import { sha256 } from '../src/build/manifest.js';
import { ROOT } from './helpers/seed.js';
import { scratchProject } from './helpers/scratch.js';

// As an office runs it: the compiled CLI, one process per command (npm test compiles first).
const CLI = path.join(ROOT, 'dist', 'albo', 'cli.js');
const tmp = mkdtempSync(path.join(tmpdir(), 'albo-incrementale-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

interface Run {
  code: number | null;
  out: string;
  err: string;
  /** The packages the process loaded (names under node_modules). */
  packages: Set<string>;
}

function albo(args: string[], cwd: string, env: Record<string, string> = {}): Run {
  const log = path.join(tmp, `imports-${Math.random().toString(36).slice(2)}.log`);
  const r = spawnSync(process.execPath, ['--import', path.join(ROOT, 'test/helpers/log-imports.mjs'), CLI, ...args], {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, ALBO_IMPORT_LOG: log, CI: 'true', ...env },
  });
  const urls = existsSync(log) ? readFileSync(log, 'utf8').split('\n') : [];
  // A package is loaded from node_modules (the writers' libraries stay outside the bundle) or inside a
  // chunk of the bundle: esbuild's metafile says which packages each chunk holds.
  const packages = new Set(
    urls.flatMap((u) => {
      const own = /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(u)?.[1];
      if (own) return [own];
      const chunk = /\/dist\/albo\/([^/]+\.js)$/.exec(u)?.[1];
      return chunk ? bundled(`dist/albo/${chunk}`) : [];
    }),
  );
  return { code: r.status, out: r.stdout.trim(), err: r.stderr.trim(), packages };
}

let meta: { outputs: Record<string, { inputs: Record<string, unknown> }> } | undefined;
/** The packages whose code is in a chunk of the bundled CLI (dist/albo/meta.json, written by scripts/bundle.mjs). */
function bundled(chunk: string): string[] {
  meta ??= JSON.parse(readFileSync(path.join(ROOT, 'dist', 'albo', 'meta.json'), 'utf8')) as NonNullable<typeof meta>;
  return Object.keys(meta.outputs[chunk]?.inputs ?? {}).flatMap((i) => /^node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(i)?.[1] ?? []);
}

function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}
const snapshot = (dir: string) => new Map(files(dir).map((f) => [f, `${sha256(readFileSync(path.join(dir, f)))} ${statSync(path.join(dir, f)).mtimeMs}`]));
const changed = (dir: string, before: Map<string, string>) => files(dir).filter((f) => before.get(f) !== snapshot(dir).get(f));

const WRITERS = ['pdfmake', 'pdfkit', 'docx', 'fontkit', 'piscina'];
const VALIDATORS = ['zod', 'yaml', 'gray-matter', 'micromark', 'unified', 'handlebars'];

describe('startup, no-op and one-card builds, Ctrl-C (issue 20)', () => {
  const dir = scratchProject(tmp, 'progetto');
  const out = path.join(dir, 'out');
  let first: Run;
  beforeAll(() => {
    expect(existsSync(CLI), 'manca dist/albo/: esegui "npm run compile" (npm test lo fa)').toBe(true);
    // On one thread, so that the writers load where the import log sees them.
    first = albo(['build'], dir, { ALBO_THREADS: '1' });
    expect(first.code, first.err).toBe(0);
  }, 600_000);

  it('albo check loads the validators but no writer', () => {
    const r = albo(['check', 'content/capannori/2024/schede/coordinamento-stato-civile.md'], dir);
    expect(r.code, r.err).toBe(0);
    expect(r.packages).toContain('zod');
    expect(r.packages).toContain('micromark');
    for (const p of ['pdfmake', 'pdfkit', 'docx', 'fontkit', 'piscina']) expect([...r.packages], p).not.toContain(p);
    // A full build does load them: the log is not blind.
    expect(first.packages).toContain('pdfmake');
    expect(first.packages).toContain('docx');
  }, 120_000);

  it("the bundle holds zod's Italian locale and English default, not its other 62 (half of zod's code, parsed by every check)", () => {
    meta ??= JSON.parse(readFileSync(path.join(ROOT, 'dist', 'albo', 'meta.json'), 'utf8')) as NonNullable<typeof meta>;
    const inputs = Object.values(meta.outputs).flatMap((o) => Object.keys(o.inputs));
    const locales = [...new Set(inputs.filter((i) => i.includes('node_modules/zod/v4/locales/')))].sort();
    expect(locales).toEqual(['node_modules/zod/v4/locales/en.js', 'node_modules/zod/v4/locales/it.js']);
    // zod itself is there, with its schemas.
    expect(inputs).toContain('node_modules/zod/v4/classic/schemas.js');
  });

  it('the bundled CLI keeps the checked contract rules and the opaque coat of arms between runs, and reads them back', () => {
    const cache = mkdtempSync(path.join(tmp, 'cache-'));
    const card = 'content/capannori/2024/schede/coordinamento-stato-civile.md';
    const fresh = albo(['check', card], dir, { ALBO_CACHE: cache });
    expect(fresh.code, fresh.err).toBe(0);
    const kept = (kind: string) => readdirSync(path.join(cache, kind)).filter((f) => f.endsWith('.json'));
    expect(kept('contratti')).toHaveLength(1);
    expect(kept('stemma')).toHaveLength(1);
    const rules = JSON.parse(readFileSync(path.join(cache, 'contratti', kept('contratti')[0]!), 'utf8')) as { rules: { voce: string }[] };
    expect(rules.rules.map((r) => r.voce)).toContain('eq-posizione');
    // Read back: the same answer. Damaged: computed again, the same answer, the entry replaced.
    const again = albo(['check', card], dir, { ALBO_CACHE: cache });
    expect([again.code, again.out, again.err]).toEqual([fresh.code, fresh.out, fresh.err]);
    for (const kind of ['contratti', 'stemma']) writeFileSync(path.join(cache, kind, kept(kind)[0]!), '{"rotto": ');
    const damaged = albo(['check', card], dir, { ALBO_CACHE: cache });
    expect([damaged.code, damaged.out, damaged.err]).toEqual([fresh.code, fresh.out, fresh.err]);
    expect(JSON.parse(readFileSync(path.join(cache, 'stemma', kept('stemma')[0]!), 'utf8'))).toMatchObject({ width: expect.any(Number), png: expect.any(String) });
    // A broken coat of arms is reported from the cache as when it was first read.
    const stemma = path.join(dir, 'content/capannori/stemma.png');
    const good = readFileSync(stemma);
    try {
      writeFileSync(stemma, good.subarray(0, 100));
      const broken = albo(['check', card], dir, { ALBO_CACHE: cache });
      const brokenAgain = albo(['check', card], dir, { ALBO_CACHE: cache });
      expect(broken.code).toBe(1);
      expect(broken.err).toContain('lo stemma «stemma.png» non è utilizzabile');
      expect(brokenAgain.err).toBe(broken.err);
    } finally {
      writeFileSync(stemma, good);
    }
  }, 120_000);

  it('a no-op build answers from the fingerprint: nothing rewritten, nothing parsed, the same warnings', () => {
    const before = snapshot(out);
    const r = albo(['build'], dir);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^Generati 0 file in out\/ da 25 sorgenti \(73 invariati, non riscritti\)\.$/);
    // The warning of the first build (the Pesaro project's hours) is printed again, word for word.
    expect(r.err).toBe(first.err);
    expect(r.err).toContain('avviso: 4.500 ore dichiarate');
    expect(changed(out, before)).toEqual([]);
    for (const p of [...WRITERS, ...VALIDATORS]) expect([...r.packages], p).not.toContain(p);
  }, 120_000);

  it('an output changed by hand is noticed (no fingerprint shortcut) and made again, alone', () => {
    const pdf = path.join(out, 'capannori/2024/schede/coordinamento-stato-civile.pdf');
    const original = readFileSync(pdf);
    writeFileSync(pdf, Buffer.concat([original, Buffer.from('%')]));
    const before = snapshot(out);
    const r = albo(['build'], dir);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toMatch(/^Generati 1 file in out\/ /);
    expect(readFileSync(pdf).equals(original)).toBe(true);
    expect(changed(out, before)).toEqual(['.albo-manifest.json', 'capannori/2024/schede/coordinamento-stato-civile.pdf']);
  }, 120_000);

  it('a one-card edit rewrites that card\'s two files (and the notice that attaches it), and nothing else', () => {
    const card = path.join(dir, 'content/capannori/2024/schede/coordinamento-stato-civile.md');
    writeFileSync(card, readFileSync(card, 'utf8').replace('## Bisogno organizzativo\n', '## Bisogno organizzativo\n\nUna frase nuova.\n'));
    const before = snapshot(out);
    const r = albo(['build'], dir);
    expect(r.code, r.err).toBe(0);
    expect(changed(out, before)).toEqual([
      '.albo-manifest.json',
      'capannori/2024/avviso-servizi-al-cittadino-con-allegati.docx',
      'capannori/2024/avviso-servizi-al-cittadino-con-allegati.pdf',
      'capannori/2024/schede/coordinamento-stato-civile.docx',
      'capannori/2024/schede/coordinamento-stato-civile.pdf',
    ]);
    // And the next build is a no-op again.
    expect(albo(['build'], dir).out).toMatch(/^Generati 0 file/);
  }, 300_000);

  it('a changed template is not a no-op: the documents made with it are checked again', () => {
    const template = path.join(dir, 'templates/funzionigramma.md.hbs');
    writeFileSync(template, readFileSync(template, 'utf8') + '\n');
    const r = albo(['build'], dir);
    expect(r.code, r.err).toBe(0);
    expect(r.packages).toContain('zod');
    // One more blank line at the end of the Markdown: the same tree, so no file but the manifest changes.
    expect(r.out).toMatch(/^Generati 0 file in out\/ da 25 sorgenti \(73 invariati/);
  }, 300_000);

  it("an ente's own template and its coat of arms are inputs of the no-op check", () => {
    expect(albo(['build'], dir).out).toMatch(/^Generati 0 file/);
    // The ente's own funzionigramma template: only the ente's funzionigramma is made again.
    const own = path.join(dir, 'content/capannori/modelli/funzionigramma.md.hbs');
    mkdirSync(path.dirname(own), { recursive: true });
    writeFileSync(own, readFileSync(path.join(dir, 'templates/funzionigramma.md.hbs'), 'utf8') + '\nTesto del Comune.\n');
    let before = snapshot(out);
    let r = albo(['build'], dir);
    expect(r.code, r.err).toBe(0);
    expect(changed(out, before)).toEqual(['.albo-manifest.json', 'capannori/funzionigramma.docx', 'capannori/funzionigramma.pdf']);
    expect(albo(['build'], dir).out).toMatch(/^Generati 0 file/);
    rmSync(path.dirname(own), { recursive: true });
    before = snapshot(out);
    expect(albo(['build'], dir).code).toBe(0);
    expect(changed(out, before)).toEqual(['.albo-manifest.json', 'capannori/funzionigramma.docx', 'capannori/funzionigramma.pdf']);
    // The same picture with one more (ancillary) chunk: the build looks again, and finds nothing to write.
    const crest = path.join(dir, 'content/capannori/stemma.png');
    const png = readFileSync(crest);
    const text = Buffer.from('Comment\0stemma illustrativo', 'latin1');
    const chunk = Buffer.alloc(12 + text.length);
    chunk.writeUInt32BE(text.length, 0);
    chunk.write('tEXt', 4, 'latin1');
    text.copy(chunk, 8);
    chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + text.length)), 8 + text.length);
    writeFileSync(crest, Buffer.concat([png.subarray(0, 33), chunk, png.subarray(33)]));
    before = snapshot(out);
    r = albo(['build'], dir);
    expect(r.code, r.err).toBe(0);
    expect(r.packages).toContain('zod');
    expect(r.out).toMatch(/^Generati 0 file in out\/ da 25 sorgenti \(73 invariati/);
    expect(changed(out, before)).toEqual(['.albo-manifest.json']);
  }, 300_000);

  it('which LibreOffice lays out the DOCX indexes is an input: without it, those DOCX change, and back', () => {
    expect(albo(['build'], dir).out).toMatch(/^Generati 0 file/);
    const originals = snapshot(out);
    const r = albo(['build'], dir, { ALBO_SOFFICE: 'no' });
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('Nota: LibreOffice (soffice) non è installato');
    const paged = changed(out, originals).filter((f) => f !== '.albo-manifest.json');
    expect(paged.length).toBeGreaterThan(0);
    for (const f of paged) expect(f).toMatch(/\.docx$/);
    // Still without LibreOffice: a no-op.
    expect(albo(['build'], dir, { ALBO_SOFFICE: 'no' }).out).toMatch(/^Generati 0 file/);
    const back = albo(['build'], dir);
    expect(back.code, back.err).toBe(0);
    expect(back.out).not.toContain('Nota: LibreOffice');
    expect(back.out).toMatch(new RegExp(`^Generati ${paged.length} file`));
    for (const f of paged) expect(sha256(readFileSync(path.join(out, f))), f).toBe(originals.get(f)!.split(' ')[0]);
  }, 300_000);

  it('a scoped build leaves no fingerprint: the next complete build makes what it did not', () => {
    expect(albo(['build'], dir).out).toMatch(/^Generati 0 file/);
    const card = path.join(dir, 'content/capannori/2024/schede/politiche-giovanili-polo-artemisia.md');
    writeFileSync(card, readFileSync(card, 'utf8').replace('## Bisogno organizzativo\n', '## Bisogno organizzativo\n\nUn\'altra frase.\n'));
    let before = snapshot(out);
    const scoped = albo(['build', 'content/capannori/2024/schede/coordinamento-polo-tecnologico.md'], dir);
    expect(scoped.code, scoped.err).toBe(0);
    expect(changed(out, before).filter((f) => f.includes('politiche-giovanili'))).toEqual([]);
    before = snapshot(out);
    const full = albo(['build'], dir);
    expect(full.code, full.err).toBe(0);
    expect(changed(out, before)).toEqual(
      expect.arrayContaining(['capannori/2024/schede/politiche-giovanili-polo-artemisia.docx', 'capannori/2024/schede/politiche-giovanili-polo-artemisia.pdf']),
    );
    expect(albo(['build'], dir).out).toMatch(/^Generati 0 file/);
  }, 300_000);

  it('Ctrl-C during a build removes the half-made build and leaves out/ as it was', async () => {
    const before = snapshot(out);
    const child = spawn(process.execPath, [CLI, 'build', '--forza'], { cwd: dir, env: { ...process.env, CI: 'true' } });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    // Wait until the new files are being written next to out/, then interrupt.
    const staging = stagingDir(out);
    const deadline = Date.now() + 240_000;
    while (!existsSync(staging) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(existsSync(staging), 'la generazione non ha iniziato a scrivere').toBe(true);
    child.kill('SIGINT');
    expect(await exited).toBe(130);
    expect(err).toContain('Interrotto: nessun documento cambiato');
    expect(existsSync(staging)).toBe(false);
    expect(changed(out, before)).toEqual([]);
  }, 300_000);
});
