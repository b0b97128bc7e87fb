import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMBINED_SUFFIX, payKey, renderOutputs, type BuildOptions, type BuildResult } from '../src/build/build.js';
import { MANIFEST_FILE, sha256, type Manifest } from '../src/build/manifest.js';
import { loadProjects } from '../src/build/project.js';
import { taskTree, type RenderTask, type Renderer } from '../src/build/render-pool.js';

/** A task as the writers would read it: the tree's JSON, inflated. */
type SeenTask = Omit<RenderTask, 'tree'> & { tree: string };
import { InvalidInputError } from '../src/diagnostics.js';
import type { Project } from '../src/kinds/kind.js';
import { ROOT } from './helpers/seed.js';

// What a build decides, in process: which outputs a set of sources gives (PDF and DOCX of each document,
// the notice with its cards, the CSV of a table, the manifest), which are current and left alone, and what
// the manifest records. The writers are replaced by a recording renderer (their bytes are tested in the
// writer tests); the CLI's builds of whole enti are in build.test.ts and incremental.test.ts.

const ENTE = 'esempio-importi-fissi';
const tmp = mkdtempSync(path.join(tmpdir(), 'albo-build-render-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let counter = 0;
/** A copy of one shipped ente and the templates, with its own out/. */
function workspace(): { dir: string; contentDir: string; outDir: string; templatesDir: string } {
  const dir = path.join(tmp, `w${counter++}`);
  cpSync(path.join(ROOT, 'content', ENTE), path.join(dir, 'content', ENTE), { recursive: true });
  cpSync(path.join(ROOT, 'templates'), path.join(dir, 'templates'), { recursive: true });
  return { dir, contentDir: path.join(dir, 'content'), outDir: path.join(dir, 'out'), templatesDir: path.join(dir, 'templates') };
}

/** Writers stand-in: the bytes name the format and hash the tree, so equal trees give equal bytes. */
function recorder(width = 2): Renderer & { tasks: SeenTask[]; closed: number } {
  const r = {
    tasks: [] as SeenTask[],
    closed: 0,
    width,
    render: async (packed: RenderTask) => {
      const task = { ...packed, tree: taskTree(packed) };
      r.tasks.push(task);
      return new TextEncoder().encode(`${task.format}:${sha256(task.tree)}:${task.meta.titolo}`);
    },
    close: async () => void r.closed++,
  };
  return r;
}

async function load(contentDir: string): Promise<Project[]> {
  const r = await loadProjects(contentDir);
  expect(r.diagnostics.filter((d) => d.severity === 'errore')).toEqual([]);
  return r.projects;
}

/** What a real build does with the result: the files go to out/. */
function write(result: BuildResult): void {
  for (const f of result.files) {
    mkdirSync(path.dirname(f.path), { recursive: true });
    writeFileSync(f.path, f.bytes);
  }
}

const relAll = (outDir: string, files: readonly string[]) => files.map((f) => path.relative(outDir, f).split(path.sep).join('/')).sort();
const manifestOf = (result: BuildResult): Manifest => JSON.parse(new TextDecoder().decode(result.files.find((f) => f.path.endsWith(MANIFEST_FILE))!.bytes)) as Manifest;

const CARDS = ['2025/schede/coordinamento-ufficio-tecnico', '2025/schede/responsabile-procedimenti-tributi', '2025/schede/ufficiale-stato-civile-anagrafe'];
// The fund prints as its prospetto (the kind names its output); the funzionigramma lists every card.
const DOCS = ['2025/avviso-2025', '2025/prospetto-riparto-2025', ...CARDS, 'criteri-specifiche-responsabilita', 'funzionigramma'];
const OUTPUTS = [
  ...DOCS.flatMap((d) => [`${ENTE}/${d}.pdf`, `${ENTE}/${d}.docx`]),
  `${ENTE}/2025/avviso-2025${COMBINED_SUFFIX}.pdf`,
  `${ENTE}/2025/avviso-2025${COMBINED_SUFFIX}.docx`,
  `${ENTE}/2025/prospetto-riparto-2025.csv`,
].sort();
const RENDERED = OUTPUTS.filter((o) => !o.endsWith('.csv'));

describe('a first build', () => {
  // The build runs inside the test, not in a beforeAll: StrykerJS activates a mutant for a test's own code
  // only, so a result made in a hook would never show a mutant.
  it('writes PDF and DOCX of every document, the notice with its cards, the CSV of the fund, then the manifest, with progress', async () => {
    const w = workspace();
    const renderer = recorder();
    const progress: [number, number, string][] = [];
    const projects = await load(w.contentDir);
    const result = await renderOutputs(projects, { ...w, version: '9.9.9', renderer, onProgress: (d, t, l) => progress.push([d, t, l]), fingerprint: { chiave: 'k', sorgenti: 6, avvisi: [] } });

    expect(relAll(w.outDir, result.files.map((f) => f.path))).toEqual([...OUTPUTS, MANIFEST_FILE].sort());
    expect(result.files.at(-1)!.path).toBe(path.join(w.outDir, MANIFEST_FILE));
    expect(result.written).toEqual(result.files.map((f) => f.path));
    expect(result.unchanged).toEqual([]);
    expect(result.unpaginated).toEqual([]);
    // Every PDF and DOCX through the renderer (the CSV is written directly); the renderer is the caller's to close.
    expect(renderer.tasks.map((t) => t.format).sort()).toEqual([...Array(8).fill('docx'), ...Array(8).fill('pdf')]);
    expect(renderer.closed).toBe(0);

    // Progress for every file, ending with «completato».
    expect(progress.at(-1)).toEqual([16, 16, 'completato']);
    expect(progress.slice(0, -1).map(([d]) => d)).toEqual(Array.from({ length: 16 }, (_, i) => i));
    expect(progress.every(([, t]) => t === 16)).toBe(true);
    expect(progress.slice(0, -1).map(([, , l]) => path.relative(w.outDir, l).split(path.sep).join('/')).sort()).toEqual(RENDERED);

    // The manifest: for each output its key, hash, size, input key and input files; each card's pay; the fingerprint.
    const m = manifestOf(result);
    expect(m.versione).toBe('9.9.9');
    expect(m.impronta).toEqual({ chiave: 'k', sorgenti: 6, avvisi: [] });
    expect(Object.keys(m.uscite).sort()).toEqual(OUTPUTS);
    const contratti = Object.keys(m.uscite[OUTPUTS[0]!]!.ingressi).filter((k) => k.startsWith('albo:contratti/'));
    expect(contratti.length).toBeGreaterThan(0);
    for (const f of result.files.filter((x) => !x.path.endsWith(MANIFEST_FILE))) {
      const e = m.uscite[path.relative(w.outDir, f.path)]!;
      expect(e.sha256).toBe(sha256(f.bytes));
      expect(e.dimensione).toBe(f.bytes.length);
      expect(e.ingressi.albo).toBe('9.9.9');
      for (const c of contratti) expect(e.ingressi[c]).toMatch(/^[0-9a-f]{64}$/);
      expect(e.ingressi[path.join(w.contentDir, ENTE, 'ente.yaml')]).toBe(sha256(readFileSync(path.join(w.contentDir, ENTE, 'ente.yaml'))));
      expect(e.ingressi[path.join(w.contentDir, ENTE, 'stemma.png')]).toBe(sha256(readFileSync(path.join(w.contentDir, ENTE, 'stemma.png'))));
    }
    // What each output is made from: the inputs it records (names only, the folder aside).
    const inputs = (o: string) => Object.keys(m.uscite[`${ENTE}/${o}`]!.ingressi).filter((k) => !k.startsWith('albo')).map((k) => path.relative(path.join(w.dir), k).split(path.sep).join('/')).sort();
    const C = `content/${ENTE}`;
    const common = [`${C}/ente.yaml`, `${C}/stemma.png`];
    const cards = CARDS.map((c) => `${C}/${c}.md`);
    // A card: itself, the notice that attaches it, its year's fund; its template.
    expect(inputs(`${CARDS[0]}.pdf`)).toEqual([...common, `${C}/2025/avviso-2025.md`, `${C}/2025/fondo-2025.md`, `${C}/${CARDS[0]}.md`, 'templates/scheda.md.hbs'].sort());
    // The notice: its cards and their fund.
    expect(inputs('2025/avviso-2025.pdf')).toEqual([...common, `${C}/2025/avviso-2025.md`, `${C}/2025/fondo-2025.md`, ...cards, 'templates/avviso.md.hbs'].sort());
    // With the cards: the templates of both.
    expect(inputs(`2025/avviso-2025${COMBINED_SUFFIX}.pdf`)).toEqual([...common, `${C}/2025/avviso-2025.md`, `${C}/2025/fondo-2025.md`, ...cards, 'templates/avviso.md.hbs', 'templates/scheda.md.hbs'].sort());
    // The fund: the cards it shares among.
    expect(inputs('2025/prospetto-riparto-2025.pdf')).toEqual([...common, `${C}/2025/fondo-2025.md`, ...cards, 'templates/prospetto.md.hbs'].sort());
    expect(inputs('2025/prospetto-riparto-2025.csv')).toEqual(inputs('2025/prospetto-riparto-2025.pdf'));
    // The funzionigramma: every service, card and fund (it prints each position's pay).
    expect(inputs('funzionigramma.pdf')).toEqual([...common, `${C}/2025/fondo-2025.md`, ...cards, 'templates/funzionigramma.md.hbs'].sort());
    // A documento alone.
    expect(inputs('criteri-specifiche-responsabilita.pdf')).toEqual([...common, `${C}/criteri-specifiche-responsabilita.md`, 'templates/documento.md.hbs'].sort());
    const card = m.uscite[`${ENTE}/${CARDS[0]}.pdf`]!;
    expect(card.ingresso).toMatch(/^[0-9a-f]{64}$/);
    // A DOCX's input key also holds which LibreOffice lays out its index: not the PDF's.
    expect(m.uscite[`${ENTE}/${CARDS[0]}.docx`]!.ingresso).not.toBe(card.ingresso);
    // The CSV's key is its own hash.
    const csv = m.uscite[`${ENTE}/2025/prospetto-riparto-2025.csv`]!;
    expect(csv.chiave).toBe(csv.sha256);
    expect(Object.keys(m.retribuzioni).sort()).toEqual(CARDS.map((d) => `${ENTE}/${d}.md`));
    for (const r of Object.values(m.retribuzioni)) {
      expect(r.anno).toBe(2025);
      expect(r.centesimi).toBeGreaterThan(0);
      expect(r.titolo.length).toBeGreaterThan(0);
    }
  });

  it('payKey: the card\'s path under content/, with forward slashes', async () => {
    const w = workspace();
    const [p] = await load(w.contentDir);
    const card = p!.docs.find((d) => d.kind.tipo === 'scheda')!;
    expect(payKey(card, w.contentDir)).toBe(path.relative(w.contentDir, card.path).split(path.sep).join('/'));
    expect(payKey(card, w.contentDir)).toMatch(new RegExp(`^${ENTE}/2025/schede/[a-z-]+\\.md$`));
  });
});

describe('a second build', () => {
  // One first build, copied for each test (each its own folder: no order between tests).
  const base = workspace();
  let first: BuildResult;
  beforeAll(async () => {
    first = await renderOutputs(await load(base.contentDir), { ...base, version: '9.9.9', renderer: recorder() });
    write(first);
  });
  async function built() {
    const dir = path.join(tmp, `w${counter++}`);
    cpSync(base.dir, dir, { recursive: true });
    const w = { dir, contentDir: path.join(dir, 'content'), outDir: path.join(dir, 'out'), templatesDir: path.join(dir, 'templates') };
    const projects = await load(w.contentDir);
    const again = async (extra: Partial<BuildOptions> = {}, renderer = recorder()) => ({
      result: await renderOutputs(extra.only || extra.version ? projects : await load(w.contentDir), { ...w, version: '9.9.9', renderer, previous: manifestOf(first), ...extra }),
      renderer,
    });
    return { w, projects, again };
  }

  it('with nothing changed makes no tree, renders nothing and writes nothing, not even the manifest', async () => {
    const { again } = await built();
    const { result, renderer } = await again();
    expect(result.files).toEqual([]);
    expect(result.written).toEqual([]);
    expect(result.unchanged.sort()).toEqual(OUTPUTS);
    expect(renderer.tasks).toEqual([]);
  });

  it('an output deleted or edited by hand is made again; the others are left alone', async () => {
    const { w, again } = await built();
    const gone = ['2025/schede/coordinamento-ufficio-tecnico.pdf', '2025/avviso-2025.pdf', '2025/avviso-2025.docx', 'criteri-specifiche-responsabilita.pdf'];
    for (const f of gone) rmSync(path.join(w.outDir, ENTE, f));
    writeFileSync(path.join(w.outDir, ENTE, '2025/prospetto-riparto-2025.docx'), 'modificato a mano');
    writeFileSync(path.join(w.outDir, ENTE, '2025/prospetto-riparto-2025.csv'), 'modificato a mano');
    const { result, renderer } = await again();
    const remade = [...gone, '2025/prospetto-riparto-2025.docx', '2025/prospetto-riparto-2025.csv'].map((f) => `${ENTE}/${f}`);
    expect(relAll(w.outDir, result.written)).toEqual([MANIFEST_FILE, ...remade].sort());
    expect(result.unchanged.sort()).toEqual(OUTPUTS.filter((o) => !remade.includes(o)));
    expect(renderer.tasks.map((t) => t.format).sort()).toEqual(['docx', 'docx', 'pdf', 'pdf', 'pdf']);
  });

  it('an output of the recorded size is trusted by its date: changed after the manifest it is read and made again', async () => {
    const { w, again } = await built();
    const file = path.join(w.outDir, ENTE, '2025/avviso-2025.pdf');
    const original = readFileSync(file);
    const changed = Buffer.from(original);
    changed[changed.length - 10] = changed[changed.length - 10]! ^ 1;
    writeFileSync(file, changed);
    const { result } = await again();
    expect(relAll(w.outDir, result.written)).toEqual([MANIFEST_FILE, `${ENTE}/2025/avviso-2025.pdf`].sort());
    // The recorded bytes with a new date: read, found as recorded, left alone.
    writeFileSync(file, original);
    expect((await again()).result.written).toEqual([]);
    // Other bytes of the same size dated before the manifest: taken as recorded, without reading them, as
    // the no-op check does (src/build/fingerprint.ts); the date is what tells a file changed by hand.
    writeFileSync(file, changed);
    const manifestTime = statSync(path.join(w.outDir, MANIFEST_FILE)).mtime;
    utimesSync(file, manifestTime, new Date(manifestTime.getTime() - 1000));
    expect((await again()).result.written).toEqual([]);
    // Dated the manifest's very millisecond: still taken as recorded.
    const t = new Date(Math.floor(manifestTime.getTime() / 1000) * 1000 - 5000);
    utimesSync(path.join(w.outDir, MANIFEST_FILE), t, t);
    utimesSync(file, t, t);
    expect((await again()).result.written).toEqual([]);
    // Of another size, even dated before the manifest: read, and made again.
    writeFileSync(file, Buffer.concat([changed, Buffer.from('x')]));
    utimesSync(file, new Date(t.getTime() - 1000), new Date(t.getTime() - 1000));
    expect(relAll(w.outDir, (await again()).result.written)).toEqual([MANIFEST_FILE, `${ENTE}/2025/avviso-2025.pdf`].sort());
  });

  it('another coat of arms: every PDF and DOCX is made again (the letterhead), the notice with its cards too; the CSV is not', async () => {
    const { w, again } = await built();
    // A 2×2 red RGB PNG, 8 bits per sample.
    const chunk = (type: string, data: Buffer) => {
      const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
      const length = Buffer.alloc(4);
      length.writeUInt32BE(data.length);
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(crc32(body));
      return Buffer.concat([length, body, crc]);
    };
    const header = Buffer.from([0, 0, 0, 2, 0, 0, 0, 2, 8, 2, 0, 0, 0]);
    const rows = Buffer.from([0, 255, 0, 0, 255, 0, 0, 0, 255, 0, 0, 255, 0, 0]);
    const png = Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(rows)), chunk('IEND', Buffer.alloc(0))]);
    writeFileSync(path.join(w.contentDir, ENTE, 'stemma.png'), png);
    const { result } = await again();
    expect(relAll(w.outDir, result.written)).toEqual([...RENDERED, MANIFEST_FILE].sort());
    expect(result.unchanged).toEqual([`${ENTE}/2025/prospetto-riparto-2025.csv`]);
  });

  it("a template edited: the documents of its kind and the notice with its cards are made again; the funzionigramma's template too", async () => {
    const { w, again } = await built();
    const edit = (name: string) => {
      const file = path.join(w.templatesDir, name);
      writeFileSync(file, readFileSync(file, 'utf8').trimEnd() + '\n\nUna riga aggiunta al modello.\n');
    };
    edit('scheda.md.hbs');
    const cards = CARDS.flatMap((c) => [`${ENTE}/${c}.docx`, `${ENTE}/${c}.pdf`]);
    const combined = [`${ENTE}/2025/avviso-2025${COMBINED_SUFFIX}.docx`, `${ENTE}/2025/avviso-2025${COMBINED_SUFFIX}.pdf`];
    expect(relAll(w.outDir, (await again()).result.written)).toEqual([...cards, ...combined, MANIFEST_FILE].sort());
    edit('funzionigramma.md.hbs');
    expect(relAll(w.outDir, (await again()).result.written)).toEqual([...cards, ...combined, `${ENTE}/funzionigramma.docx`, `${ENTE}/funzionigramma.pdf`, MANIFEST_FILE].sort());
  });

  it('a new version of albo makes everything again', async () => {
    const { w, again } = await built();
    const { result, renderer } = await again({ version: '10.0.0' });
    expect(relAll(w.outDir, result.written)).toEqual([...OUTPUTS, MANIFEST_FILE].sort());
    expect(result.unchanged).toEqual([]);
    expect(renderer.tasks).toHaveLength(16);
    expect(manifestOf(result).versione).toBe('10.0.0');
  });

  it('a card edited: its files and the notice with the cards change; the notice alone and the fund keep their bytes', async () => {
    const { w, again } = await built();
    for (const card of CARDS.slice(0, 2)) {
      const source = path.join(w.contentDir, ENTE, `${card}.md`);
      writeFileSync(source, readFileSync(source, 'utf8').replace(/\n## ([^\n]+)\n/, '\n## $1\n\nUna frase aggiunta.\n'));
    }
    const { result } = await again();
    expect(relAll(w.outDir, result.written)).toEqual(
      [
        `${ENTE}/2025/avviso-2025${COMBINED_SUFFIX}.docx`,
        `${ENTE}/2025/avviso-2025${COMBINED_SUFFIX}.pdf`,
        ...CARDS.slice(0, 2).flatMap((c) => [`${ENTE}/${c}.docx`, `${ENTE}/${c}.pdf`]),
        MANIFEST_FILE,
      ].sort(),
    );
    // The notice alone, the fund's summary and the funzionigramma depend on the card (its title, its pay),
    // but what they print of it is in their view, which did not change: their input key is the same, so no
    // tree was made for them (issue #20: at 500 cards, making those two only to compare cost 1,6 s). Their
    // recorded input files stay those they were made with.
    const m = manifestOf(result);
    for (const out of ['2025/avviso-2025.pdf', '2025/prospetto-riparto-2025.pdf', '2025/prospetto-riparto-2025.docx', 'funzionigramma.pdf', 'funzionigramma.docx']) {
      const name = `${ENTE}/${out}`;
      expect(result.unchanged, name).toContain(name);
      expect(m.uscite[name], name).toEqual(manifestOf(first).uscite[name]);
    }
    // The notice with the cards prints the card's text: its key changed and it was made again.
    expect(m.uscite[`${ENTE}/2025/avviso-2025${COMBINED_SUFFIX}.pdf`]!.ingresso).not.toBe(manifestOf(first).uscite[`${ENTE}/2025/avviso-2025${COMBINED_SUFFIX}.pdf`]!.ingresso);
  });

  it('a card whose title changes: the notice, the summary and the funzionigramma that print it are made again', async () => {
    const { w, again } = await built();
    const source = path.join(w.contentDir, ENTE, `${CARDS[0]}.md`);
    writeFileSync(source, readFileSync(source, 'utf8').replace(/^titolo: (.*)$/m, 'titolo: "Un titolo nuovo"'));
    const { result } = await again();
    const written = relAll(w.outDir, result.written);
    for (const out of ['2025/avviso-2025.pdf', '2025/avviso-2025.docx', '2025/prospetto-riparto-2025.pdf', 'funzionigramma.pdf', 'funzionigramma.docx', `${CARDS[0]}.pdf`]) expect(written).toContain(`${ENTE}/${out}`);
    // The other cards print neither its title nor its text.
    for (const card of CARDS.slice(1)) expect(result.unchanged).toContain(`${ENTE}/${card}.pdf`);
  });

  it('a build of some sources makes only their outputs; entries of files still as recorded are kept, others dropped', async () => {
    const { w, again } = await built();
    const card = path.join(w.contentDir, ENTE, '2025/schede/responsabile-procedimenti-tributi.md');
    // The card and the funzionigramma, which lists it.
    const made = [`${ENTE}/2025/schede/responsabile-procedimenti-tributi.docx`, `${ENTE}/2025/schede/responsabile-procedimenti-tributi.pdf`, `${ENTE}/funzionigramma.docx`, `${ENTE}/funzionigramma.pdf`];
    const fresh = await again({ only: new Set([card]), previous: { ...manifestOf(first), uscite: {} } });
    expect(relAll(w.outDir, fresh.result.written)).toEqual([MANIFEST_FILE, ...made].sort());
    expect(Object.keys(manifestOf(fresh.result).uscite).sort()).toEqual(made);
    // With the previous manifest whole: nothing to make; an entry whose file was removed goes.
    rmSync(path.join(w.outDir, ENTE, '2025/avviso-2025.pdf'));
    const { result } = await again({ only: new Set([card]) });
    expect(result.unchanged.sort()).toEqual(made);
    expect(relAll(w.outDir, result.written)).toEqual([MANIFEST_FILE]);
    expect(Object.keys(manifestOf(result).uscite).sort()).toEqual(OUTPUTS.filter((o) => o !== `${ENTE}/2025/avviso-2025.pdf`));
  });

  it('a partial build leaves no fingerprint; a complete one records it', async () => {
    const { w, again } = await built();
    const card = path.join(w.contentDir, ENTE, '2025/schede/responsabile-procedimenti-tributi.md');
    const other = path.join(w.contentDir, ENTE, '2025/schede/coordinamento-ufficio-tecnico.md');
    const fingerprint = { chiave: 'x', sorgenti: 1, avvisi: [] };
    // Two cards: six files, for the renderer (fewer would be written by the real writers, slowly).
    const partial = await again({ only: new Set([card, other]), fingerprint, version: '9.9.8' });
    expect(manifestOf(partial.result).impronta).toBeUndefined();
    const full = await again({ fingerprint, version: '9.9.8' });
    expect(manifestOf(full.result).impronta).toEqual(fingerprint);
  });

  it('with a sink, each file goes there as it is made and nothing is kept in memory', async () => {
    const { w, again } = await built();
    const sunk: string[] = [];
    const { result } = await again({ version: '9.9.7', sink: async (f) => void sunk.push(f.path) });
    expect(result.files).toEqual([]);
    expect(relAll(w.outDir, sunk)).toEqual([...OUTPUTS, MANIFEST_FILE].sort());
    expect(result.written.sort()).toEqual([...sunk].sort());
  });
});

describe('who renders', () => {
  const w = workspace();
  let projects: Project[];
  beforeAll(async () => {
    projects = await load(w.contentDir);
  });
  const cards = (n: number) => new Set(projects[0]!.docs.filter((d) => d.kind.tipo === 'scheda').slice(0, n).map((d) => d.path));

  it('up to four files are written in this thread; more go to the renderer', async () => {
    // One card: its PDF and DOCX and the funzionigramma's.
    const few = recorder();
    const four = await renderOutputs(projects, { ...w, version: '1', renderer: few, only: cards(1) });
    expect(few.tasks).toEqual([]);
    // Real writers.
    const pdf = four.files.find((f) => f.path.endsWith('.pdf'))!;
    expect(new TextDecoder().decode(pdf.bytes.slice(0, 5))).toBe('%PDF-');
    expect(four.written).toHaveLength(5);
    const many = recorder(1);
    await renderOutputs(projects, { ...w, version: '1', renderer: many, only: cards(2) });
    expect(many.tasks).toHaveLength(6);
    expect(many.closed).toBe(0);
  });

  it('a writer failing stops the build: the error is the build\'s and nothing more is started', async () => {
    let calls = 0;
    const failing: Renderer = {
      width: 1,
      render: async () => {
        calls++;
        throw new Error('scrittore guasto');
      },
      close: async () => undefined,
    };
    await expect(renderOutputs(projects, { ...w, version: '1', renderer: failing })).rejects.toThrow('scrittore guasto');
    expect(calls).toBe(1);
  });

  it('the staging folder failing (a full disk) stops the build the same way: the writers start nothing more', async () => {
    const renderer = recorder(1);
    let sunk = 0;
    // The first document's file is refused (a CSV written meanwhile is not).
    const sink = async (f: { path: string }) => {
      if (/\.(pdf|docx)$/.test(f.path) && ++sunk === 1) throw Object.assign(new Error('disco pieno'), { code: 'ENOSPC' });
    };
    const all = recorder(1);
    await renderOutputs(projects, { ...w, version: '1', renderer: all });
    await expect(renderOutputs(projects, { ...w, version: '1', renderer, sink })).rejects.toThrow('disco pieno');
    // one document written and its file refused: none after it (a writer that died without stopping the
    // queue would leave the trees waiting for room for ever)
    expect(all.tasks.length).toBeGreaterThan(4);
    expect(renderer.tasks).toHaveLength(1);
    expect(sunk).toBe(1);
  });
});

describe('template problems stop the build before anything is written', () => {
  it('a missing template names the kind', async () => {
    const w = workspace();
    rmSync(path.join(w.templatesDir, 'scheda.md.hbs'));
    const projects = await load(w.contentDir);
    const err = await renderOutputs(projects, { ...w, version: '1', renderer: recorder(), display: (p) => path.relative(w.dir, p) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).diagnostics).toEqual([{ file: 'templates/scheda.md.hbs', severity: 'errore', message: 'manca il modello per i documenti di tipo «scheda»' }]);
  });

  it('a template that prints a character the font lacks: one error per template, at the template', async () => {
    const w = workspace();
    const file = path.join(w.templatesDir, 'scheda.md.hbs');
    writeFileSync(file, readFileSync(file, 'utf8') + '\n\nFirma: \u{1F58A}\n');
    const projects = await load(w.contentDir);
    const renderer = recorder();
    const err = await renderOutputs(projects, { ...w, version: '1', renderer, display: (p) => path.relative(w.dir, p) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    const ds = (err as InvalidInputError).diagnostics;
    // Three cards, each checked once (the notice with its cards reuses their trees).
    expect(ds).toHaveLength(3);
    expect(ds[0]).toEqual({ file: 'templates/scheda.md.hbs', severity: 'errore', message: expect.stringContaining('il modello produce caratteri che il font del documento non contiene: '), hint: 'sostituiscili nel modello' });
    expect(ds[0]!.message).toContain('U+1F58A');
    expect(renderer.tasks).toEqual([]);
  });

  it('the writers start while later trees are still being made: a problem in the last tree still stops the build, and what was written goes to the sink only', async () => {
    const w = workspace();
    // The funzionigramma's tree is made last, after every card's.
    const file = path.join(w.templatesDir, 'funzionigramma.md.hbs');
    writeFileSync(file, readFileSync(file, 'utf8') + '\n\nFirma: \u{1F58A}\n');
    const projects = await load(w.contentDir);
    const renderer = recorder(1);
    const sunk: string[] = [];
    const err = await renderOutputs(projects, { ...w, version: '1', renderer, sink: async (f) => void sunk.push(f.path) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).diagnostics.map((d) => d.file)).toEqual([path.join(w.templatesDir, 'funzionigramma.md.hbs')]);
    // More than a few documents were written before the problem was found, none of them the funzionigramma.
    expect(renderer.tasks.length).toBeGreaterThan(4);
    expect(renderer.tasks.some((t) => t.tree.includes('\u{1F58A}'))).toBe(false);
    expect(sunk.filter((f) => /\.(pdf|docx)$/.test(f))).toHaveLength(renderer.tasks.length);
    expect(sunk.some((f) => f.includes('funzionigramma'))).toBe(false);
  });

  it('an ente\'s own template (modelli/) is used instead of the shipped one', async () => {
    const w = workspace();
    mkdirSync(path.join(w.contentDir, ENTE, 'modelli'));
    writeFileSync(path.join(w.contentDir, ENTE, 'modelli', 'scheda.md.hbs'), readFileSync(path.join(w.templatesDir, 'scheda.md.hbs'), 'utf8') + "\nModello dell'ente.\n");
    const projects = await load(w.contentDir);
    const renderer = recorder();
    const result = await renderOutputs(projects, { ...w, version: '1', renderer });
    const card = manifestOf(result).uscite[`${ENTE}/2025/schede/coordinamento-ufficio-tecnico.pdf`]!;
    expect(Object.keys(card.ingressi)).toContain(path.join(w.contentDir, ENTE, 'modelli', 'scheda.md.hbs'));
    expect(renderer.tasks.some((t) => t.tree.includes("Modello dell'ente."))).toBe(true);
  });
});
