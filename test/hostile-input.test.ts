import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { fsOps } from '../src/build/fs-ops.js';
import { MANIFEST_FILE, sha256 } from '../src/build/manifest.js';
import { previousDir, stagingDir } from '../src/build/commit.js';
import { validateConfig, validateSource } from '../src/build/project.js';
import type { RenderedDocument } from '../src/render/document.js';
import { renderDocx } from '../src/render/docx/index.js';
import { renderHtml } from '../src/render/html/index.js';
import { parseMarkdown } from '../src/render/markdown.js';
import { renderPdf } from '../src/render/pdf/index.js';
import { LIMITS } from '../src/validate/limits.js';
import { albo } from './helpers/cli.js';
import { check, readCard, show, shippedConfig } from './helpers/project.js';
import { ROOT } from './helpers/seed.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'albo-hostile-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const CARD = 'content/capannori/2024/schede/prova.md';
const card = () => readCard('coordinamento-stato-civile');
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
const timed = <T>(f: () => T): [T, number] => {
  const t0 = performance.now();
  const r = f();
  return [r, performance.now() - t0];
};
const meta = { titolo: 'Prova', oggetto: 'Prova', autore: 'Comune', intestazione: 'Comune', piede: 'Pagina {pagina} di {pagine}', data: '2024-01-15', lingua: 'it-IT' };
const doc = (markdown: string): RenderedDocument => ({ tree: parseMarkdown(markdown), markdown, meta });

describe('limits, checked by check (and so by build, which validates first)', () => {
  it('a 1 MB title: refused in well under a second as a too-large file; a 100 KB one at the title', () => {
    const [big, t] = timed(() => show(check(card().replace('titolo: "Coordinamento stato civile"', `titolo: "${'a'.repeat(1_000_000)}"`))));
    expect(big).toEqual([`${CARD}: errore: il file è troppo grande: 985 KB, il massimo è 512 KB\n  suggerimento: un atto così lungo va diviso in più sorgenti (es. il regolamento e i suoi allegati in file separati)`]);
    expect(t).toBeLessThan(1_000);
    const text = card().replace('titolo: "Coordinamento stato civile"', `titolo: "${'a'.repeat(100_000)}"`);
    expect(show(check(text))).toEqual([
      `${CARD}:${lineOf(text, 'titolo:')}:9: errore: valore troppo lungo: 100.000 caratteri, il massimo per un campo è 2.000\n  suggerimento: i campi del frontmatter sono titoli e nomi: il testo lungo va nelle sezioni del documento, dopo il secondo "---"`,
    ]);
  });

  it('a field: 2.000 characters pass, 2.001 do not', () => {
    const at = (n: number) => show(check(card().replace('titolo: "Coordinamento stato civile"', `titolo: "${'a'.repeat(n)}"`)));
    expect(at(LIMITS.fieldChars)).toEqual([]);
    expect(at(LIMITS.fieldChars + 1)[0]).toMatch(/valore troppo lungo: 2\.001 caratteri/);
  });

  it('a 5 MB card: refused before parsing, quickly; a card just under 512 KB is read', () => {
    const filler = '\nUn paragrafo di testo ordinario, come quelli delle schede.\n'.repeat(90_000);
    const [errors, t] = timed(() => show(check(card().replace('## Requisiti\n', `## Requisiti\n${filler}`))));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^content\/capannori\/2024\/schede\/prova\.md: errore: il file è troppo grande: 5\.\d{3} KB, il massimo è 512 KB/);
    expect(t).toBeLessThan(2_000);
    const under = card().replace('## Requisiti\n', `## Requisiti\n${filler.slice(0, LIMITS.sourceBytes - Buffer.byteLength(card()) - 10)}\n`);
    expect(Buffer.byteLength(under)).toBeLessThanOrEqual(LIMITS.sourceBytes);
    expect(show(check(under))).toEqual([]);
  });

  it('500 levels of lists, quotes or emphasis, 10.000 brackets, 2.500 columns: a located error in well under a second, no crash', () => {
    const body = (inner: string) => card().replace('## Requisiti\n', `## Requisiti\n\n${inner}\n`);
    const lists = body(Array.from({ length: 500 }, (_, i) => `${'  '.repeat(i)}- livello ${i + 1}`).join('\n'));
    const quotes = body('> '.repeat(500) + 'citazione');
    const markers = body('- '.repeat(500) + 'voce');
    const emphasis = body('*a _b '.repeat(250) + 'c' + '_ b* a'.repeat(250));
    for (const [name, text, message] of [
      ['lists', lists, /rientro troppo profondo \(50 colonne prima del testo\): elenchi e citazioni si annidano al massimo su 10 livelli/],
      ['quotes', quotes, /rientro troppo profondo/],
      ['markers', markers, /rientro troppo profondo/],
      ['emphasis', emphasis, /troppi segni di formattazione \(«\*», «_», «~»\) in un paragrafo: più di 200/],
      ['brackets', body('['.repeat(10_000) + 'a' + ']'.repeat(10_000)), /troppe parentesi quadre «\[ \]» in un paragrafo: più di 200/],
      ['columns', body('|a'.repeat(2_500) + '\n' + '|-'.repeat(2_500)), /riga di tabella con 2\.499 colonne, il massimo è 30/],
    ] as const) {
      const [errors, t] = timed(() => show(check(text)));
      expect(errors, name).toHaveLength(1);
      expect(errors[0], name).toMatch(message);
      expect(errors[0], name).toMatch(/^content\/capannori\/2024\/schede\/prova\.md:\d+:\d+: errore: /);
      expect(t, name).toBeLessThan(1_500);
    }
    expect(show(check(lists))[0]).toContain(`prova.md:${lineOf(lists, '- livello 25')}:1:`);
  });

  it('nesting at the limit (10 levels) passes and all three writers render it; 11 levels do not pass', async () => {
    const nested = (n: number) => Array.from({ length: n }, (_, i) => `${'  '.repeat(i)}- livello ${i + 1}`).join('\n');
    const quoted = (n: number) => '> '.repeat(n) + 'citazione';
    const withBody = (inner: string) => card().replace('## Requisiti\n', `## Requisiti\n\n${inner}\n`);
    expect(show(check(withBody(nested(10))))).toEqual([]);
    expect(show(check(withBody(quoted(10))))).toEqual([]);
    expect(show(check(withBody(nested(11))))[0]).toMatch(/elenchi e citazioni annidati su più di 10 livelli/);
    expect(show(check(withBody(quoted(11))))[0]).toMatch(/elenchi e citazioni annidati su più di 10 livelli/);
    const deepest = doc(`${nested(10)}\n\n${quoted(10)}\n\n${'*a _b '.repeat(5)}testo${'_ b* a'.repeat(5)}\n`);
    expect(show(check(withBody('*a _b '.repeat(5) + 'c' + '_ b* a'.repeat(5))))).toEqual([]);
    expect(show(check(withBody('*a _b '.repeat(5) + '*c d*' + '_ b* a'.repeat(5))))[0]).toMatch(/annidati su più di 10 livelli/);
    expect((await renderPdf(deepest)).length).toBeGreaterThan(1000);
    expect((await renderDocx(deepest)).length).toBeGreaterThan(1000);
    expect(new TextDecoder().decode(renderHtml(deepest))).toContain('livello 10');
  }, 60_000);

  it('paragraphs and tables: at the limit pass, beyond it are located errors', () => {
    const withBody = (inner: string) => card().replace('## Requisiti\n', `## Requisiti\n\n${inner}\n`);
    const para = (n: number) => 'parola '.repeat(Math.ceil(n / 7)).slice(0, n);
    expect(show(check(withBody(para(LIMITS.paragraphChars))))).toEqual([]);
    const long = withBody(para(LIMITS.paragraphChars + 1));
    expect(show(check(long))).toEqual([`${CARD}:${lineOf(long, 'parola parola')}:1: errore: paragrafo troppo lungo: 20.001 caratteri, il massimo è 20.000\n  suggerimento: dividi il testo in più paragrafi con una riga vuota`]);
    const table = (cols: number, rows: number) => [`|${' c |'.repeat(cols)}`, `|${' - |'.repeat(cols)}`, ...Array.from({ length: rows - 1 }, () => `|${' x |'.repeat(cols)}`)].join('\n');
    expect(show(check(withBody(table(LIMITS.tableColumns, 3))))).toEqual([]);
    expect(show(check(withBody(table(LIMITS.tableColumns + 1, 3))))[0]).toMatch(/tabella con 31 colonne, il massimo è 30/);
    expect(show(check(withBody(table(2, LIMITS.tableRows))))).toEqual([]);
    expect(show(check(withBody(table(2, LIMITS.tableRows + 1))))[0]).toMatch(/tabella con 2\.001 righe, il massimo è 2\.000/);
  });

  const BOMB = 'a: &a ["x","x","x","x","x","x","x","x","x"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n';

  it('a YAML alias bomb in a card: a located error, not an internal one', () => {
    const text = card().replace('tipo: scheda\n', `tipo: scheda\n${BOMB}`);
    const [errors, t] = timed(() => show(check(text)));
    expect(errors).toEqual([`${CARD}:${lineOf(text, 'b: &b')}:8: errore: gli alias YAML si espandono in troppi valori\n  suggerimento: gli alias YAML (&nome, *nome) non servono nei sorgenti: scrivi i valori per esteso`]);
    expect(t).toBeLessThan(1_000);
    // Many plain aliases, no expansion: their number is limited.
    const many = card().replace('tipo: scheda\n', `tipo: scheda\nx: &x 1\ny: [${Array.from({ length: LIMITS.yamlAliases + 1 }, () => '*x').join(', ')}]\n`);
    expect(show(check(many))[0]).toMatch(new RegExp(`prova\\.md:${lineOf(many, 'y: [')}:\\d+: errore: troppi alias YAML: 51, il massimo è 50`));
  });

  it('a YAML alias bomb in ente.yaml: a located error', () => {
    const file = 'content/capannori/ente.yaml';
    const text = BOMB + readFileSync(path.join(ROOT, file), 'utf8');
    const r = validateConfig(new TextEncoder().encode(text), file);
    expect(r.config).toBeUndefined();
    expect(show(r.diagnostics)).toEqual([`${file}:2:8: errore: gli alias YAML si espandono in troppi valori\n  suggerimento: gli alias YAML (&nome, *nome) non servono nei sorgenti: scrivi i valori per esteso`]);
  });

  it('validation and rendering time grow linearly with the size of a source (time per KB within a constant factor)', async () => {
    const config = shippedConfig();
    const unit = [
      'Un paragrafo ordinario della scheda, con **grassetto**, *corsivo* e un [collegamento](https://example.org/), ripetuto per dare al documento le dimensioni di un atto vero.',
      '',
      '- prima voce di un elenco\n  - seconda voce, annidata\n- terza voce',
      '',
      '| Colonna | Valore |\n| --- | ---: |\n| uno | 1 |\n| due | 2 |',
      '',
      '',
    ].join('\n');
    const sizes = [8, 16, 32, 64];
    const perKb: number[] = [];
    for (const kb of sizes) {
      const body = unit.repeat(Math.ceil((kb * 1024) / unit.length));
      const text = card().replace('## Requisiti\n', `## Requisiti\n\n${body}\n`);
      const bytes = new TextEncoder().encode(text);
      let best = Infinity;
      // The best of two runs: a loaded machine slows runs, never speeds them.
      for (let run = 0; run < 2; run++) {
        const t0 = performance.now();
        const r = validateSource(bytes, CARD, config);
        expect(r.diagnostics.filter((d) => d.severity === 'errore')).toEqual([]);
        const tree = doc(text.slice(text.indexOf('## Requisiti')));
        await renderPdf(tree);
        await renderDocx(tree);
        renderHtml(tree);
        best = Math.min(best, performance.now() - t0);
      }
      perKb.push(best / (bytes.length / 1024));
    }
    console.log(`[albo linearity] ms per KB (validation + PDF + DOCX + HTML) at ${sizes.map((s, i) => `${s} KB: ${perKb[i]!.toFixed(1)}`).join(', ')}`);
    // Superlinear growth would make the largest source's time per KB a multiple of the smallest's.
    expect(perKb.at(-1)! / perKb[0]!).toBeLessThan(3);
    expect(perKb.at(-1)! / perKb.at(-2)!).toBeLessThan(2);
  }, 300_000);
});

/** A small project (one ente, one source) so that builds are quick. */
function small(name: string): string {
  const dir = path.join(tmp, name);
  cpSync(path.join(ROOT, 'content/lecco'), path.join(dir, 'content/lecco'), { recursive: true });
  cpSync(path.join(ROOT, 'templates'), path.join(dir, 'templates'), { recursive: true });
  return dir;
}

const SERVICE = 'content/lecco/servizi/rete-servizi-informazione-comunicazione-partecipazione.md';

function files(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(dir, path.join(e.parentPath, e.name)))
    .sort();
}
/** Every file's bytes and time: what "left exactly as it was" means. */
const snapshot = (dir: string) => Object.fromEntries(files(dir).map((f) => [f, `${sha256(readFileSync(path.join(dir, f)))} ${statSync(path.join(dir, f)).mtimeMs}`]));
const contents = (dir: string) => Object.fromEntries(files(dir).map((f) => [f, sha256(readFileSync(path.join(dir, f)))]));

/** The manifest lists exactly the outputs present, each with its bytes' hash. */
function consistent(out: string): void {
  const manifest = JSON.parse(readFileSync(path.join(out, MANIFEST_FILE), 'utf8')) as { uscite: Record<string, { sha256: string }> };
  const present = contents(out);
  delete present[MANIFEST_FILE];
  // "albo pubblica" packages have their own record (pubblicazione.json).
  for (const f of Object.keys(present)) if (f.startsWith(`albo${path.sep}`)) delete present[f];
  expect(Object.fromEntries(Object.entries(manifest.uscite).map(([f, e]) => [f, e.sha256]))).toEqual(present);
}

const systemError = (code: string, syscall: string, p?: string) => Object.assign(new Error(`${code}: simulated, ${syscall}${p ? ` '${p}'` : ''}`), { code, syscall, ...(p ? { path: p } : {}) });

describe('errors of the environment are not internal errors', () => {
  const saved = { ...fsOps };
  afterEach(() => Object.assign(fsOps, saved));

  it('an unreadable source (EACCES, simulated: tests run as root, which reads anything): located, exit 1', async () => {
    const dir = small('unreadable');
    fsOps.readFile = (async (p: Parameters<typeof saved.readFile>[0], ...rest: unknown[]) => {
      if (String(p).endsWith('partecipazione.md')) throw systemError('EACCES', 'open', String(p));
      return (saved.readFile as (...a: unknown[]) => Promise<Buffer>)(p, ...rest);
    }) as typeof saved.readFile;
    const r = await albo(['check'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${SERVICE}: errore: permesso negato: albo non può leggere «${SERVICE}»\n  suggerimento: controlla i permessi del file (deve essere leggibile da chi esegue albo)`);
    expect(r.err).not.toMatch(/EACCES|errore interno/);
  });

  it('a file as the content folder, or a path through a file: exit 1 with the path', async () => {
    const dir = small('file-as-folder');
    const r = await albo(['check', '--contenuti', 'content/lecco/ente.yaml'], dir);
    expect([r.code, r.err.split('\n')[0]]).toEqual([1, 'albo: la cartella dei sorgenti «content/lecco/ente.yaml» è un file, non una cartella']);
    const under = await albo(['check', '--contenuti', 'content/lecco/ente.yaml/sotto'], dir);
    expect([under.code, under.err.split('\n')[0]]).toEqual([1, 'albo: la cartella dei sorgenti «content/lecco/ente.yaml/sotto» non esiste: una parte del percorso è un file']);
    expect(r.err + under.err).not.toMatch(/ENOTDIR|errore interno/);
  });

  it('output inside the sources, sources inside the output, the root of the disk, a folder of other files: refused, nothing written', async () => {
    const dir = small('overlap');
    const before = snapshot(path.join(dir, 'content'));
    const cases: [string[], string][] = [
      [['--uscita', 'content'], 'albo: la cartella di uscita «content» è dentro la cartella dei sorgenti «content»: i documenti generati finirebbero tra i sorgenti'],
      [['--uscita', 'content/lecco/out'], 'albo: la cartella di uscita «content/lecco/out» è dentro la cartella dei sorgenti «content»: i documenti generati finirebbero tra i sorgenti'],
      [['--uscita', '.'], 'albo: la cartella dei sorgenti «content» è dentro la cartella di uscita «.», che albo sostituisce a ogni generazione'],
      [['--uscita', 'templates/out'], 'albo: la cartella di uscita «templates/out» è dentro la cartella dei modelli «templates»: i documenti generati finirebbero tra i sorgenti'],
      [['--uscita', '/'], 'albo: «/» è la radice del disco: albo non genera lì i documenti'],
    ];
    mkdirSync(path.join(dir, 'documenti'));
    writeFileSync(path.join(dir, 'documenti/lettera.odt'), 'x');
    cases.push([['--uscita', 'documenti'], 'albo: la cartella di uscita «documenti» contiene già altri file, non generati da albo']);
    for (const [args, first] of cases) {
      const r = await albo(['build', ...args], dir);
      expect([r.code, r.err.split('\n')[0]], args.join(' ')).toEqual([1, first]);
    }
    expect(snapshot(path.join(dir, 'content'))).toEqual(before);
    expect(files(path.join(dir, 'documenti'))).toEqual(['lettera.odt']);
  });

  describe('writing fails: out/ stays as the previous build left it', () => {
    const dir = small('write-fails');
    const out = path.join(dir, 'out');
    let before: Record<string, string>;
    const change = () => {
      const file = path.join(dir, SERVICE);
      writeFileSync(file, readFileSync(file, 'utf8').replace('Presidiare la circolarità', 'Presidiare ancora la circolarità'));
    };
    it('first, a build', async () => {
      expect((await albo(['build'], dir)).code).toBe(0);
      before = snapshot(out);
      change();
    }, 120_000);

    for (const [name, code, fail, expected] of [
      ['read-only output (EROFS, simulated)', 'EROFS', 'open', 'è su un disco di sola lettura\n  suggerimento: indica con --uscita una cartella su un disco scrivibile'],
      ['permission denied on the output (EACCES, simulated)', 'EACCES', 'mkdir', 'permesso negato: albo non può scrivere «out»'],
      ['a full disk (ENOSPC, simulated, half a file written)', 'ENOSPC', 'write', "disco pieno: non c'è spazio per scrivere «out/"],
    ] as const) {
      it(name, async () => {
        if (fail === 'open') fsOps.open = (async (p: string) => Promise.reject(systemError(code, 'open', p))) as unknown as typeof fsOps.open;
        if (fail === 'mkdir') fsOps.mkdir = (async (p: string, o?: object) => (String(p).endsWith('.albo-nuova') ? Promise.reject(systemError(code, 'mkdir', p)) : saved.mkdir(p, o))) as typeof fsOps.mkdir;
        if (fail === 'write') {
          fsOps.open = (async (p: string, flags: string) => {
            const handle = await saved.open(p, flags);
            return new Proxy(handle, {
              get(target, key) {
                if (key === 'writeFile') return async () => {
                  await target.write(Buffer.from('mezzo file'));
                  throw systemError('ENOSPC', 'write');
                };
                const v = Reflect.get(target, key) as unknown;
                return typeof v === 'function' ? v.bind(target) : v;
              },
            });
          }) as unknown as typeof fsOps.open;
        }
        const r = await albo(['build'], dir);
        expect(r.code, r.err).toBe(1);
        expect(r.err).toContain(expected);
        expect(r.err).toContain("Nessun documento cambiato: quelli già generati restano com'erano.");
        expect(r.err).not.toMatch(/E[A-Z]{3,}|errore interno|\n\s+at /);
        expect(snapshot(out)).toEqual(before);
        expect(existsSync(stagingDir(out)) || existsSync(previousDir(out))).toBe(false);
      }, 120_000);
    }

    it("albo's own bug is exit 2 and says how to report it; out/ intact", async () => {
      fsOps.rename = (async () => Promise.reject(new TypeError('qualcosa di inatteso'))) as typeof fsOps.rename;
      const r = await albo(['build'], dir);
      expect(r.code).toBe(2);
      expect(r.err).toMatch(/^albo: errore interno: qualcosa di inatteso$/m);
      expect(r.err).toMatch(/È un difetto di albo \d+\.\d+\.\d+, non dei sorgenti: segnalalo a chi cura albo con il comando eseguito e l'uscita di ALBO_DEBUG=1/);
      expect(snapshot(out)).toEqual(before);
    }, 120_000);

    it('then, with the disk fine again, the build goes through and the manifest matches the files', async () => {
      const r = await albo(['build'], dir);
      expect(r.code).toBe(0);
      expect(r.out).toBe('Generati 4 file in out/ da 1 sorgente.');
      consistent(out);
    }, 120_000);
  });
});

describe('a build is all or nothing', () => {
  it('unchanged outputs keep bytes, time and inode across the switch of folders', async () => {
    const dir = small('incremental');
    const out = path.join(dir, 'out');
    expect((await albo(['build'], dir)).code).toBe(0);
    const funz = path.join(out, 'lecco/funzionigramma.pdf');
    const svc = path.join(out, 'lecco/servizi/rete-servizi-informazione-comunicazione-partecipazione.pdf');
    const before = { funz: statSync(funz), svc: statSync(svc) };
    mkdirSync(path.join(out, 'albo'));
    writeFileSync(path.join(out, 'albo/pacchetto.txt'), 'pubblicato');
    // A change of the service's template: its PDF and DOCX change, the funzionigramma does not.
    const tpl = path.join(dir, 'templates', readdirSync(path.join(dir, 'templates')).find((f) => f.startsWith('servizio'))!);
    writeFileSync(tpl, readFileSync(tpl, 'utf8') + '\n\nNota aggiunta al modello.\n');
    const r = await albo(['build'], dir);
    expect(r.out).toBe('Generati 2 file in out/ da 1 sorgente (2 invariati, non riscritti).');
    const after = { funz: statSync(funz), svc: statSync(svc) };
    expect([after.funz.ino, after.funz.mtimeMs]).toEqual([before.funz.ino, before.funz.mtimeMs]);
    expect(after.svc.ino).not.toBe(before.svc.ino);
    // What "albo pubblica" wrote in out/ stays.
    expect(readFileSync(path.join(out, 'albo/pacchetto.txt'), 'utf8')).toBe('pubblicato');
    consistent(out);
  }, 120_000);

  it('a switch cut between its two renames is repaired by the next command: the previous out/ comes back', async () => {
    const dir = small('cut');
    const out = path.join(dir, 'out');
    expect((await albo(['build'], dir)).code).toBe(0);
    const before = snapshot(out);
    renameSync(out, previousDir(out));
    mkdirSync(stagingDir(out));
    writeFileSync(path.join(stagingDir(out), 'mezzo.pdf'), 'x');
    const r = await albo(['fondo'], dir);
    expect(r.code).toBe(0);
    expect(snapshot(out)).toEqual(before);
    expect([existsSync(previousDir(out)), existsSync(stagingDir(out))]).toEqual([false, false]);
  }, 120_000);

  it('killed (kill -9) at random moments, a build leaves out/ as the previous build left it, or complete; always matching its manifest', async () => {
    const dir = small('killed');
    const out = path.join(dir, 'out');
    const cli = path.join(ROOT, 'dist/albo/cli.js');
    const build = (args: string[] = []) =>
      new Promise<{ code: number | null; ms: number }>((resolve) => {
        const t0 = performance.now();
        const child = spawn(process.execPath, [cli, 'build', ...args], { cwd: dir, stdio: 'ignore' });
        child.on('exit', (code) => resolve({ code, ms: performance.now() - t0 }));
      });
    expect((await build()).code).toBe(0);
    const first = snapshot(out);
    // The new sources' outputs, built elsewhere: what a completed build must hold.
    const file = path.join(dir, SERVICE);
    writeFileSync(file, readFileSync(file, 'utf8').replace('Presidiare la circolarità', 'Presidiare ancora la circolarità'));
    const full = await build(['--uscita', 'completa']);
    expect(full.code).toBe(0);
    const complete = contents(path.join(dir, 'completa'));
    // A fixed seed: the same moments on every run.
    let seed = 20_241_115;
    const random = () => ((seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31);
    let previous = first;
    const outcomes: string[] = [];
    for (let i = 0; i < 5; i++) {
      // Moments spread over the whole build, the last ones near its end, where the switch happens.
      const delay = i < 3 ? random() * full.ms : full.ms * (0.8 + 0.25 * random());
      const result = await new Promise<number | null>((resolve) => {
        const child = spawn(process.execPath, [cli, 'build', '--forza'], { cwd: dir, stdio: 'ignore' });
        const timer = setTimeout(() => child.kill('SIGKILL'), delay);
        child.on('exit', (code) => {
          clearTimeout(timer);
          resolve(code);
        });
      });
      if (!existsSync(out)) {
        // Killed between the two renames: the next command puts the previous build back.
        expect(existsSync(previousDir(out))).toBe(true);
        expect((await albo(['fondo'], dir)).code).toBe(0);
      }
      const now = snapshot(out);
      if (JSON.stringify(now) === JSON.stringify(previous)) outcomes.push(`${Math.round(delay)} ms: ${result === null ? 'ucciso' : 'finito'}, out/ come prima`);
      else {
        expect(contents(out)).toEqual(complete);
        outcomes.push(`${Math.round(delay)} ms: ${result === null ? 'ucciso' : 'finito'}, out/ nuovo e completo`);
      }
      consistent(out);
      previous = snapshot(out);
    }
    console.log(`[albo kill -9] build ${Math.round(full.ms)} ms; ${outcomes.join('; ')}`);
    expect(outcomes.some((o) => o.includes('ucciso'))).toBe(true);
  }, 300_000);
});
