import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMBINED_SUFFIX, payKey, renderOutputs, type BuildResult } from '../src/build/build.js';
import { MANIFEST_FILE, sha256, type Manifest } from '../src/build/manifest.js';
import { loadProjects } from '../src/build/project.js';
import { taskTree, type RenderTask, type Renderer } from '../src/build/render-pool.js';

/** A task as the writers would read it: the tree's JSON, inflated. */
type SeenTask = Omit<RenderTask, 'tree'> & { tree: string };
import { InvalidInputError } from '../src/diagnostics.js';
import { docId, type Doc, type Project } from '../src/kinds/kind.js';
import { libreOfficeStamp } from '../src/render/docx/toc-pages.js';
import { ROOT } from './helpers/seed.js';

// What a build decides for the documents that give more than one output or depend on others: a
// regulation's texts (in force, with its amendments highlighted) and its appendices, the Elevata
// Qualificazione pool next to the specific responsibilities one, the funzionigramma; which trees it makes
// (a few kept for the notice or regulation that attaches them), the keys it records, the pay a scoped
// build keeps, progress and errors. In process, on small enti written here, with a recording renderer
// (the writers' bytes are tested in the writer tests). No document here has an index: its DOCX would be
// laid out by LibreOffice, which the unit tests do not run. Every build happens inside its test (StrykerJS
// activates a mutant only while a test runs), each test on its own folder (but two that only read one).

const tmp = realpathSync(mkdtempSync(path.join(tmpdir(), 'albo-build-variants-')));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const VERSION = '7.7.7';
let counter = 0;
interface Workspace {
  dir: string;
  contentDir: string;
  outDir: string;
  templatesDir: string;
  /** The ente's folder, content/e. */
  ente: string;
}

/** A fresh folder with content/e holding `files` (paths under the ente) and a copy of the templates. */
function workspace(files: Record<string, string>, copies: Record<string, string> = {}): Workspace {
  const dir = path.join(tmp, `w${counter++}`);
  const ente = path.join(dir, 'content', 'e');
  for (const [to, from] of Object.entries(copies)) cpSync(path.join(ROOT, from), path.join(ente, to), { recursive: true });
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(ente, name)), { recursive: true });
    writeFileSync(path.join(ente, name), text);
  }
  cpSync(path.join(ROOT, 'templates'), path.join(dir, 'templates'), { recursive: true });
  return { dir, ente, contentDir: path.join(dir, 'content'), outDir: path.join(dir, 'out'), templatesDir: path.join(dir, 'templates') };
}

const paths = (w: Workspace) => ({ contentDir: w.contentDir, outDir: w.outDir, templatesDir: w.templatesDir });

interface Recorder extends Renderer {
  tasks: SeenTask[];
  /** Each rendered task by the hash of the bytes it gave (what the manifest records as sha256). */
  byHash: Map<string, SeenTask>;
}
/** Writers stand-in: the bytes name the format and hash the tree, so equal trees give equal bytes. */
function recorder(width = 2): Recorder {
  const r: Recorder = {
    tasks: [],
    byHash: new Map(),
    width,
    render: async (packed: RenderTask) => {
      const task = { ...packed, tree: taskTree(packed) };
      r.tasks.push(task);
      const bytes = new TextEncoder().encode(`${task.format}:${sha256(task.tree)}:${task.meta.titolo}`);
      r.byHash.set(sha256(bytes), task);
      return bytes;
    },
    close: async () => undefined,
  };
  return r;
}

async function load(w: Workspace): Promise<Project[]> {
  const r = await loadProjects(w.contentDir);
  expect(r.diagnostics.filter((d) => d.severity === 'errore')).toEqual([]);
  return r.projects;
}

/**
 * Records every tree the build makes, as «id:variant», by giving each document a kind of its own whose
 * transform (run once per tree made) notes the call and then does what the kind's own transform does.
 */
function countTrees(projects: readonly Project[]): string[] {
  const made: string[] = [];
  for (const project of projects) {
    for (const doc of project.docs) {
      const kind = doc.kind;
      doc.kind = {
        ...kind,
        transform: (tree, d, p, variant) => {
          made.push(`${docId(d)}:${variant}`);
          kind.transform?.(tree, d, p, variant);
        },
      };
    }
  }
  return made;
}

const docNamed = (projects: readonly Project[], id: string): Doc => projects.flatMap((p) => p.docs).find((d) => docId(d) === id)!;

/** What a real build does with the result: the files go to out/. */
function write(result: BuildResult): void {
  for (const f of result.files) {
    mkdirSync(path.dirname(f.path), { recursive: true });
    writeFileSync(f.path, f.bytes);
  }
}

const rel = (w: Workspace, files: readonly string[]) => files.map((f) => path.relative(w.outDir, f).split(path.sep).join('/')).sort();
const manifestOf = (result: BuildResult): Manifest => JSON.parse(new TextDecoder().decode(result.files.find((f) => f.path.endsWith(MANIFEST_FILE))!.bytes)) as Manifest;
/** The files an output records as its inputs, relative to the workspace (albo's own data aside). */
const inputsOf = (w: Workspace, m: Manifest, output: string) =>
  Object.keys(m.uscite[`e/${output}`]!.ingressi)
    .filter((k) => !k.startsWith('albo'))
    .map((k) => path.relative(w.dir, k).split(path.sep).join('/'))
    .sort();
const caught = async (p: Promise<unknown>): Promise<unknown> => {
  try {
    await p;
  } catch (e) {
    return e;
  }
  throw new Error('expected a rejection');
};

// --- A regulation with an amendment, two appendices (one amended) and a free document. ---

const ENTE_YAML = 'ente:\n  nome: Comune di Prova\n  luogo: Prova\n';

const REGOLAMENTO = `---
tipo: regolamento
id: reg
titolo: Regolamento di prova
approvazione: { organo: Consiglio comunale, numero: 5, data: 2015-03-02 }
modifiche:
  - { id: gc-10-2018, organo: Giunta comunale, numero: 10, data: 2018-01-15 }
---

### Art. – Oggetto

1. Il regolamento disciplina <del delibera="gc-10-2018">gli uffici</del><ins delibera="gc-10-2018">gli uffici e i servizi</ins>.

### Art. – Rinvio

1. Per quanto non previsto si rinvia alla legge.
`;

const allegato = (numero: number, amended: boolean) => `---
tipo: allegato
id: allegato-${numero}
regolamento: reg
numero: ${numero}
titolo: Tabella ${numero}
---

### Parte prima

Posti ${amended ? '<del delibera="gc-10-2018">dieci</del> <ins delibera="gc-10-2018">dodici</ins>' : 'tre'}.
`;

const documento = (id: string, extra = '') => `---
tipo: documento
id: ${id}
titolo: Documento ${id}
${extra}---

## Testo

Testo del documento ${id}.
`;

/** content/e: regolamento.md, allegati/allegato-1.md (amended), allegati/allegato-2.md, bozza.mdx.md; no coat of arms. */
const regulation = () =>
  workspace({
    'ente.yaml': ENTE_YAML,
    'regolamento.md': REGOLAMENTO,
    'allegati/allegato-1.md': allegato(1, true),
    'allegati/allegato-2.md': allegato(2, false),
    'bozza.mdx.md': documento('bozza'),
  });

const EVIDENZIATE = '-modifiche-evidenziate';
const REG_DOCS = ['allegati/allegato-1', `allegati/allegato-1${EVIDENZIATE}`, 'allegati/allegato-2', 'bozza.mdx', 'regolamento', `regolamento${EVIDENZIATE}`, `regolamento${COMBINED_SUFFIX}`];
const REG_OUTPUTS = REG_DOCS.flatMap((d) => [`e/${d}.pdf`, `e/${d}.docx`]).sort();
/** The trees a build of everything makes, each once. */
const REG_TREES = ['allegato-1:vigente', 'allegato-1:evidenziato', 'allegato-2:vigente', 'bozza:undefined', 'reg:vigente', 'reg:evidenziato'];

describe('a regulation: its texts and its appendices', () => {
  it('each text is a file of its own with the same inputs; an appendix depends on its regulation and the other appendices; each tree is made once; no positions, no funzionigramma (nor its template); no coat of arms among the inputs when the ente has none', async () => {
    const w = regulation();
    // No card nor service: the funzionigramma's template is not needed.
    rmSync(path.join(w.templatesDir, 'funzionigramma.md.hbs'));
    const projects = await load(w);
    const trees = countTrees(projects);
    const renderer = recorder();
    const progress: [number, number, string][] = [];
    const result = await renderOutputs(projects, { ...paths(w), version: VERSION, renderer, onProgress: (d, t, l) => progress.push([d, t, l]) });

    // A source whose name has «.md» inside keeps it: only the extension goes.
    expect(rel(w, result.written)).toEqual([...REG_OUTPUTS, MANIFEST_FILE].sort());
    expect(result.unchanged).toEqual([]);
    expect(result.unpaginated).toEqual([]);
    expect([...trees].sort()).toEqual([...REG_TREES].sort());
    expect(progress.at(-1)).toEqual([14, 14, 'completato']);
    expect(progress.slice(0, -1).map(([d]) => d)).toEqual(Array.from({ length: 14 }, (_, i) => i));
    expect(rel(w, progress.slice(0, -1).map(([, , l]) => l))).toEqual(REG_OUTPUTS);

    const m = manifestOf(result);
    const C = 'content/e';
    const appendixInputs = [`${C}/ente.yaml`, `${C}/regolamento.md`, `${C}/allegati/allegato-1.md`, `${C}/allegati/allegato-2.md`, 'templates/allegato.md.hbs'].sort();
    // An appendix: its regulation and the other appendices (their numbers and notes are printed in it).
    for (const a of ['allegati/allegato-1', `allegati/allegato-1${EVIDENZIATE}`, 'allegati/allegato-2']) {
      expect(inputsOf(w, m, `${a}.pdf`)).toEqual(appendixInputs);
      expect(inputsOf(w, m, `${a}.docx`)).toEqual(appendixInputs);
    }
    // The regulation: its appendices; with them, both templates.
    const regInputs = [`${C}/ente.yaml`, `${C}/regolamento.md`, `${C}/allegati/allegato-1.md`, `${C}/allegati/allegato-2.md`, 'templates/regolamento.md.hbs'].sort();
    expect(inputsOf(w, m, 'regolamento.pdf')).toEqual(regInputs);
    expect(inputsOf(w, m, `regolamento${EVIDENZIATE}.pdf`)).toEqual(regInputs);
    expect(inputsOf(w, m, `regolamento${COMBINED_SUFFIX}.pdf`)).toEqual([...regInputs, 'templates/allegato.md.hbs'].sort());
    expect(inputsOf(w, m, 'bozza.mdx.pdf')).toEqual([`${C}/bozza.mdx.md`, `${C}/ente.yaml`, 'templates/documento.md.hbs']);

    // The two texts of one source: different trees, different input keys.
    const task = (output: string) => renderer.byHash.get(m.uscite[`e/${output}`]!.sha256)!;
    expect(task('regolamento.pdf').tree).not.toBe(task(`regolamento${EVIDENZIATE}.pdf`).tree);
    expect(task(`regolamento${EVIDENZIATE}.pdf`).tree).toContain('gli uffici e i servizi');
    expect(task(`allegati/allegato-1${EVIDENZIATE}.pdf`).tree).not.toBe(task('allegati/allegato-1.pdf').tree);
    expect(m.uscite['e/regolamento.pdf']!.ingresso).not.toBe(m.uscite[`e/regolamento${EVIDENZIATE}.pdf`]!.ingresso);
    expect(m.uscite['e/allegati/allegato-1.pdf']!.ingresso).not.toBe(m.uscite[`e/allegati/allegato-1${EVIDENZIATE}.pdf`]!.ingresso);
    // The regulation with its appendices holds the text in force of each.
    expect(task(`regolamento${COMBINED_SUFFIX}.pdf`).tree).toContain(JSON.stringify(JSON.parse(task('allegati/allegato-1.pdf').tree).children.at(-1)));

    // Keys: the hash of the version, the format, the metadata and the tree the writer receives (without
    // positions in the template's text); a DOCX's input key is the PDF's with the LibreOffice that would
    // lay out an index.
    const stamp = libreOfficeStamp();
    for (const output of REG_OUTPUTS) {
      const entry = m.uscite[output]!;
      const t = renderer.byHash.get(entry.sha256)!;
      expect(t.format).toBe(output.endsWith('.pdf') ? 'pdf' : 'docx');
      expect(t.tree).not.toContain('"position"');
      expect(entry.chiave).toBe(sha256(JSON.stringify([VERSION, t.format, t.meta, t.tree])));
      if (output.endsWith('.docx')) expect(entry.ingresso).toBe(sha256(JSON.stringify([m.uscite[output.replace(/docx$/, 'pdf')]!.ingresso, stamp])));
    }
  });
});

describe('a regulation built again', () => {
  it('what the template sees is part of an output\'s input key: an appendix\'s text changed in memory (same files) makes it and the regulation with its appendices again', async () => {
    const w = regulation();
    const first = await renderOutputs(await load(w), { ...paths(w), version: VERSION, renderer: recorder() });
    write(first);
    const projects = await load(w);
    for (const id of ['allegato-1', 'allegato-2']) {
      const doc = docNamed(projects, id);
      doc.source = { ...doc.source, body: `${doc.source.body}\nUna riga in più.\n` };
    }
    const renderer = recorder();
    const result = await renderOutputs(projects, { ...paths(w), version: VERSION, renderer, previous: manifestOf(first) });
    const made = ['allegati/allegato-1', `allegati/allegato-1${EVIDENZIATE}`, 'allegati/allegato-2', `regolamento${COMBINED_SUFFIX}`].flatMap((d) => [`e/${d}.pdf`, `e/${d}.docx`]);
    expect(rel(w, result.written)).toEqual([...made, MANIFEST_FILE].sort());
    expect(result.unchanged.sort()).toEqual(REG_OUTPUTS.filter((o) => !made.includes(o)));
    expect(renderer.tasks.filter((t) => t.tree.includes('Una riga in più.'))).toHaveLength(8);
  });

  it('the variant is part of the input key even when the kind\'s data for the template does not show it', async () => {
    const w = regulation();
    const projects = await load(w);
    const reg = docNamed(projects, 'reg');
    const kind = reg.kind;
    // The same data for both texts: only the transform tells them apart.
    reg.kind = { ...kind, view: (d, p) => kind.view(d, p, 'vigente') };
    const result = await renderOutputs(projects, { ...paths(w), version: VERSION, renderer: recorder(), only: new Set([reg.path]) });
    const m = manifestOf(result);
    expect(Object.keys(m.uscite).sort()).toEqual(['regolamento', `regolamento${EVIDENZIATE}`, `regolamento${COMBINED_SUFFIX}`].flatMap((d) => [`e/${d}.pdf`, `e/${d}.docx`]).sort());
    expect(m.uscite['e/regolamento.pdf']!.ingresso).not.toBe(m.uscite[`e/regolamento${EVIDENZIATE}.pdf`]!.ingresso);
    expect(m.uscite['e/regolamento.pdf']!.chiave).not.toBe(m.uscite[`e/regolamento${EVIDENZIATE}.pdf`]!.chiave);
  });

  /** The appendices of a regulation (six files) built and written, and their manifest as an older albo wrote it: no sizes. */
  async function builtWithOlderManifest() {
    const w = regulation();
    const only = new Set(['allegato-1', 'allegato-2'].map((a) => path.join(w.ente, 'allegati', `${a}.md`)));
    const OUTPUTS = REG_OUTPUTS.filter((o) => o.startsWith('e/allegati/'));
    const first = await renderOutputs(await load(w), { ...paths(w), version: VERSION, renderer: recorder(), only });
    write(first);
    const older = manifestOf(first);
    for (const e of Object.values(older.uscite)) delete e.dimensione;
    return { w, only, OUTPUTS, older };
  }

  it("an older manifest's entry (no size) whose file is gone: made again, the others read and kept", async () => {
    const { w, only, OUTPUTS, older } = await builtWithOlderManifest();
    const gone = OUTPUTS[0]!;
    rmSync(path.join(w.outDir, gone));
    const again = await renderOutputs(await load(w), { ...paths(w), version: VERSION, renderer: recorder(), only, previous: older });
    expect(rel(w, again.written).sort()).toEqual([gone, MANIFEST_FILE].sort());
    expect(again.unchanged.sort()).toEqual(OUTPUTS.filter((o) => o !== gone));
  });

  it('an older manifest\'s entries get their size; outputs current by input key make no tree; then by key: progress counts each file once', async () => {
    const { w, only, OUTPUTS, older } = await builtWithOlderManifest();
    const sizes = Object.fromEntries(OUTPUTS.map((o) => [o, statSync(path.join(w.outDir, o)).size]));

    let projects = await load(w);
    let trees = countTrees(projects);
    let progress: [number, number, string][] = [];
    const onProgress = (d: number, t: number, l: string) => void progress.push([d, t, l === 'completato' ? l : path.relative(w.outDir, l).split(path.sep).join('/')]);
    const second = await renderOutputs(projects, { ...paths(w), version: VERSION, renderer: recorder(), only, previous: older, onProgress });
    expect(trees).toEqual([]);
    expect(second.unchanged.sort()).toEqual(OUTPUTS);
    expect(rel(w, second.written)).toEqual([MANIFEST_FILE]);
    const m2 = manifestOf(second);
    for (const o of OUTPUTS) expect(m2.uscite[o]).toEqual({ ...older.uscite[o], dimensione: sizes[o] });
    expect(progress).toEqual([...OUTPUTS.map((_, i) => [i, 6, expect.any(String)]), [6, 6, 'completato']]);
    expect(progress.slice(0, -1).map(([, , l]) => l).sort()).toEqual(OUTPUTS);
    write(second);

    // ente.yaml changed, not what it says: every tree is made again and found equal; nothing is rendered.
    appendFileSync(path.join(w.ente, 'ente.yaml'), '# un commento\n');
    projects = await load(w);
    trees = countTrees(projects);
    progress = [];
    const renderer = recorder();
    const third = await renderOutputs(projects, { ...paths(w), version: VERSION, renderer, only, previous: m2, onProgress });
    expect([...trees].sort()).toEqual(['allegato-1:evidenziato', 'allegato-1:vigente', 'allegato-2:vigente']);
    expect(renderer.tasks).toEqual([]);
    expect(third.unchanged.sort()).toEqual(OUTPUTS);
    expect(rel(w, third.written)).toEqual([MANIFEST_FILE]);
    expect(progress).toEqual([...OUTPUTS.map((_, i) => [i, 6, expect.any(String)]), [6, 6, 'completato']]);
    const m3 = manifestOf(third);
    for (const o of OUTPUTS) {
      expect(m3.uscite[o]!.ingresso).not.toBe(m2.uscite[o]!.ingresso);
      expect({ ...m3.uscite[o], ingresso: undefined }).toEqual({ ...m2.uscite[o], ingresso: undefined });
    }
    write(third);

    // Each input is read once per build: changed while the build runs, the change is for the next build.
    projects = await load(w);
    trees = countTrees(projects);
    let changed = false;
    const fourth = await renderOutputs(projects, {
      ...paths(w),
      version: VERSION,
      renderer: recorder(),
      only,
      previous: m3,
      onProgress: () => {
        if (!changed) appendFileSync(path.join(w.ente, 'ente.yaml'), '# un altro commento\n');
        changed = true;
      },
    });
    expect(changed).toBe(true);
    expect(trees).toEqual([]);
    expect(fourth.written).toEqual([]);
    expect(fourth.unchanged.sort()).toEqual(OUTPUTS);
  });
});

describe('a regulation: what stops a build', () => {
  it('sources outside the content folder given: an internal error, before anything is read', async () => {
    const w = regulation();
    const projects = await load(w);
    const first = projects[0]!.docs[0]!;
    const err = await caught(renderOutputs(projects, { ...paths(w), contentDir: path.join(w.dir, 'altro'), version: VERSION, renderer: recorder(), display: (p) => path.relative(w.dir, p) }));
    expect(err).not.toBeInstanceOf(InvalidInputError);
    expect((err as Error).message).toBe(`sorgente fuori da altro: ${first.path}`);
  });

  it('a template changed while the build runs: it was read once, every document is made from that text', async () => {
    const w = regulation();
    const projects = await load(w);
    const template = path.join(w.templatesDir, 'allegato.md.hbs');
    let seen = 0;
    const renderer = recorder();
    await renderOutputs(projects, {
      ...paths(w),
      version: VERSION,
      renderer,
      only: new Set(['allegato-1', 'allegato-2'].map((id) => docNamed(projects, id).path)),
      display: (p) => {
        if (p === template && seen++ === 0) appendFileSync(template, '\nTesto aggiunto al modello.\n');
        return p;
      },
    });
    expect(renderer.tasks).toHaveLength(6);
    expect(renderer.tasks.filter((t) => t.tree.includes('Testo aggiunto al modello.'))).toEqual([]);
  });

  it('the writers run as many at a time as the renderer has threads; the first failure stops the others from starting more', async () => {
    const w = regulation();
    const projects = await load(w);
    let running = 0;
    let most = 0;
    const wide: Renderer = {
      width: 3,
      render: async (task) => {
        most = Math.max(most, ++running);
        await new Promise((r) => setTimeout(r, 2));
        running--;
        return new TextEncoder().encode(task.format);
      },
      close: async () => undefined,
    };
    // The appendices: six files.
    const only = new Set(['allegato-1', 'allegato-2'].map((id) => docNamed(projects, id).path));
    const ok = await renderOutputs(projects, { ...paths(w), version: VERSION, renderer: wide, only });
    expect(ok.written).toHaveLength(7);
    expect(most).toBe(3);

    let calls = 0;
    const failing: Renderer = {
      width: 2,
      render: async (task) => {
        calls++;
        if (calls === 1) throw new Error('scrittore guasto');
        await new Promise((r) => setTimeout(r, 5));
        return new TextEncoder().encode(task.format);
      },
      close: async () => undefined,
    };
    await expect(renderOutputs(projects, { ...paths(w), version: VERSION, renderer: failing, only })).rejects.toThrow('scrittore guasto');
    // The other thread finishes what it started and takes nothing more.
    await new Promise((r) => setTimeout(r, 40));
    expect(calls).toBe(2);
  });
});

describe('the trees kept for the documents that attach them', () => {
  // A regulation, then 31 or 32 other documents, then its appendix: the regulation with its appendix makes
  // the appendix's tree first, the others come between it and the appendix's own outputs. The appendix's
  // template prints a character the font lacks: one error, however many times its tree is made. (The
  // documents in between are copies of one, with a one-line template: only their number matters.)
  const build = async (between: number) => {
    const w = workspace({
      'ente.yaml': ENTE_YAML,
      'a-regolamento.md': REGOLAMENTO.replace(/<del [^>]*>[^<]*<\/del><ins [^>]*>([^<]*)<\/ins>/, '$1'),
      'z-allegato.md': allegato(1, false),
      'd.md': documento('d'),
    });
    appendFileSync(path.join(w.templatesDir, 'allegato.md.hbs'), '\nFirma: \u{1F58A}\n');
    writeFileSync(path.join(w.templatesDir, 'riga.md.hbs'), '---\ntitolo: "{{titolo}}"\noggetto: "{{titolo}}"\nintestazione: "{{titolo}}"\npiede: "{pagina}"\n---\n{{titolo}}\n');
    const projects = await load(w);
    const project = projects[0]!;
    const [reg, doc, appendix] = ['reg', 'd', 'allegato-1'].map((id) => docNamed(projects, id)) as [Doc, Doc, Doc];
    const others = Array.from({ length: between }, (_, i): Doc => {
      const file = path.join(w.ente, `d-${i}.md`);
      writeFileSync(file, readFileSync(doc.path));
      return { ...doc, path: file, kind: { ...doc.kind, template: 'riga.md.hbs' }, data: { ...doc.data, id: `d-${i}` } };
    });
    project.docs = [reg, ...others, appendix];
    const trees = countTrees(projects);
    const err = await caught(renderOutputs(projects, { ...paths(w), version: VERSION, renderer: recorder(), display: (p) => path.relative(w.dir, p) }));
    expect(err).toBeInstanceOf(InvalidInputError);
    expect((err as InvalidInputError).diagnostics).toEqual([{ file: 'templates/allegato.md.hbs', severity: 'errore', message: 'il modello produce caratteri che il font del documento non contiene: «\u{1F58A}» (U+1F58A)', hint: 'sostituiscili nel modello' }]);
    expect(trees.filter((t) => t.startsWith('d-'))).toHaveLength(between);
    expect(trees.filter((t) => t.startsWith('reg:'))).toEqual(['reg:vigente']);
    return trees.filter((t) => t.startsWith('allegato-1:'));
  };

  it('31 trees made in between: the appendix\'s is still kept', async () => {
    expect(await build(31)).toEqual(['allegato-1:vigente']);
  });

  it('32 trees made in between: the appendix\'s was let go, and is made again', async () => {
    expect(await build(32)).toEqual(['allegato-1:vigente', 'allegato-1:vigente']);
  });
});

// --- Specific responsibilities and Elevata Qualificazione in one ente. ---

/**
 * content/e: Ormelle's EQ notice, fund and three cards; two cards of specific responsibilities with their
 * 2025 fund (in force from March); a 2026 fund with no cards yet, in a folder that sorts first; three free
 * documents, the first of year 2025.
 */
function pools(): Workspace {
  const O = 'content/ormelle/2025';
  const S = 'content/esempio-importi-fissi';
  const ormelle = readFileSync(path.join(ROOT, 'content/ormelle/ente.yaml'), 'utf8');
  const esempio = readFileSync(path.join(ROOT, S, 'ente.yaml'), 'utf8');
  const fund = readFileSync(path.join(ROOT, S, '2025/fondo-2025.md'), 'utf8');
  return workspace(
    {
      // The ente's limits and the EQ criteria; no letterhead.
      'ente.yaml': ENTE_YAML + esempio.slice(esempio.indexOf('\nlimiti:')) + ormelle.slice(ormelle.indexOf('\neq:')),
      '2025/fondo-2025.md': fund.replace('anno: 2025\n', 'anno: 2025\ndecorrenza: 2025-03-01\n'),
      '1-fondi/fondo-2026.md': fund.replace('id: fondo-2025\nanno: 2025', 'id: fondo-2026\nanno: 2026'),
      'documenti/d-1.md': documento('d-1', 'anno: 2025\n'),
      'documenti/d-2.md': documento('d-2'),
      'documenti/d-3.md': documento('d-3'),
    },
    {
      '2025/avviso-eq-2025.md': `${O}/avviso-eq-2025.md`,
      '2025/fondo-eq-2025.md': `${O}/fondo-eq-2025.md`,
      '2025/schede/area-amministrativa.md': `${O}/schede/area-amministrativa.md`,
      '2025/schede/area-finanziaria.md': `${O}/schede/area-finanziaria.md`,
      '2025/schede/area-tecnica.md': `${O}/schede/area-tecnica.md`,
      '2025/schede/coordinamento-ufficio-tecnico.md': `${S}/2025/schede/coordinamento-ufficio-tecnico.md`,
      '2025/schede/ufficiale-stato-civile-anagrafe.md': `${S}/2025/schede/ufficiale-stato-civile-anagrafe.md`,
    },
  );
}
const pathsOf = (projects: readonly Project[], ...ids: string[]) => new Set(ids.map((id) => docNamed(projects, id).path));
const SR_CARDS = ['coordinamento-ufficio-tecnico', 'ufficiale-stato-civile-anagrafe'];

describe('two pools of pay in one ente', () => {
  it('each output depends on its own pool; the funzionigramma on every position and fund, dated by the latest, and made again when what it shows changes', async () => {
    const w = pools();
    const projects = await load(w);
    const renderer = recorder();
    const only = pathsOf(projects, 'area-tecnica', 'fondo-eq-2025', 'fondo-2026', 'd-1');
    const first = await renderOutputs(projects, { ...paths(w), version: VERSION, renderer, only });
    const m = manifestOf(first);
    const DOCS = ['1-fondi/prospetto-riparto-2026', '2025/prospetto-eq-2025', '2025/schede/area-tecnica', 'documenti/d-1', 'funzionigramma'];
    const OUTPUTS = [...DOCS.flatMap((d) => [`e/${d}.pdf`, `e/${d}.docx`]), 'e/1-fondi/prospetto-riparto-2026.csv', 'e/2025/prospetto-eq-2025.csv'].sort();
    expect(Object.keys(m.uscite).sort()).toEqual(OUTPUTS);
    const C = 'content/e';
    const eqCards = ['area-amministrativa', 'area-finanziaria', 'area-tecnica'].map((c) => `${C}/2025/schede/${c}.md`);
    const srCards = SR_CARDS.map((c) => `${C}/2025/schede/${c}.md`);
    // An EQ card: its notice, its fund (its date may come from the fund); not the other cards, nor the other pool's fund.
    expect(inputsOf(w, m, '2025/schede/area-tecnica.pdf')).toEqual([`${C}/2025/avviso-eq-2025.md`, `${C}/2025/fondo-eq-2025.md`, `${C}/2025/schede/area-tecnica.md`, `${C}/ente.yaml`, 'templates/scheda-eq.md.hbs']);
    // The EQ prospetto: the EQ cards, not the other pool's.
    expect(inputsOf(w, m, '2025/prospetto-eq-2025.pdf')).toEqual([`${C}/2025/fondo-eq-2025.md`, ...eqCards, `${C}/ente.yaml`, 'templates/prospetto-eq.md.hbs']);
    expect(inputsOf(w, m, '2025/prospetto-eq-2025.csv')).toEqual(inputsOf(w, m, '2025/prospetto-eq-2025.pdf'));
    // A fund with no cards yet: itself.
    expect(inputsOf(w, m, '1-fondi/prospetto-riparto-2026.pdf')).toEqual([`${C}/1-fondi/fondo-2026.md`, `${C}/ente.yaml`, 'templates/prospetto.md.hbs']);
    expect(new TextDecoder().decode(first.files.find((f) => f.path.endsWith('prospetto-riparto-2026.csv'))!.bytes).trim().split('\n')).toHaveLength(1);
    // A document of a year is no position: no fund of either pool.
    expect(inputsOf(w, m, 'documenti/d-1.pdf')).toEqual([`${C}/documenti/d-1.md`, `${C}/ente.yaml`, 'templates/documento.md.hbs']);
    expect(inputsOf(w, m, 'funzionigramma.pdf')).toEqual([`${C}/1-fondi/fondo-2026.md`, `${C}/2025/fondo-2025.md`, `${C}/2025/fondo-eq-2025.md`, ...eqCards, ...srCards, `${C}/ente.yaml`, 'templates/funzionigramma.md.hbs'].sort());
    // The funzionigramma's date: the latest of its sources' (the 2026 fund's, though not the last source).
    const task = (output: string) => renderer.byHash.get(m.uscite[`e/${output}`]!.sha256)!;
    expect(task('funzionigramma.pdf').meta.data).toBe('2026-01-01');
    write(first);

    // A card's title changed in memory, its file as it was: what shows it is made again, the funzionigramma too.
    const card = docNamed(projects, 'area-tecnica') as Doc<{ titolo: string }>;
    card.data = { ...card.data, titolo: 'Area tecnica rinominata' };
    const again = recorder();
    const second = await renderOutputs(projects, { ...paths(w), version: VERSION, renderer: again, only, previous: m });
    expect(rel(w, second.written)).toEqual([...['funzionigramma', '2025/prospetto-eq-2025', '2025/schede/area-tecnica'].flatMap((d) => [`e/${d}.pdf`, `e/${d}.docx`]), 'e/2025/prospetto-eq-2025.csv', MANIFEST_FILE].sort());
    expect(again.tasks.every((t) => t.tree.includes('Area tecnica rinominata'))).toBe(true);
  });
});

describe('two pools of pay in one ente, built without writing anything', () => {
  // One folder and its projects for these tests, which only read them: no test writes to out/ or changes a document.
  const w = pools();
  // The templates again, two of them printing characters the font lacks.
  const broken = path.join(w.dir, 'templates-rotti');
  cpSync(w.templatesDir, broken, { recursive: true });
  appendFileSync(path.join(broken, 'funzionigramma.md.hbs'), '\nFirme: \u{1F58A} \u{1F600}\n');
  appendFileSync(path.join(broken, 'documento.md.hbs'), '\nFirma: \u{1F58B}\n');
  let projects: Project[];
  beforeAll(async () => {
    projects = await load(w);
  });

  it('the pay a build records: each card\'s now; a scoped build keeps, from the previous manifest, the pay of the cards outside its scope', async () => {
    // Three free documents: six files for the renderer, none of them a card's or a fund's.
    const only = pathsOf(projects, 'd-1', 'd-2', 'd-3');
    const [coordinamento, ufficiale] = SR_CARDS.map((id) => docNamed(projects, id));
    const stale = { anno: 2024, titolo: 'Scheda di prima', pesatura: null, centesimi: 1 };
    const previous: Manifest = { versione: VERSION, uscite: {}, retribuzioni: { [payKey(coordinamento!, w.contentDir)]: stale, [payKey(ufficiale!, w.contentDir)]: stale, 'e/2024/schede/tolta.md': stale } };
    const now = (card: Doc) => ({ anno: 2025, titolo: (card.data as { titolo: string }).titolo, pesatura: null, centesimi: expect.any(Number) as number });

    const full = manifestOf(await renderOutputs(projects, { ...paths(w), version: VERSION, renderer: recorder(), only, previous }));
    expect(full.retribuzioni).toEqual({ 'e/2025/schede/coordinamento-ufficio-tecnico.md': now(coordinamento!), 'e/2025/schede/ufficiale-stato-civile-anagrafe.md': now(ufficiale!) });
    expect(full.retribuzioni['e/2025/schede/coordinamento-ufficio-tecnico.md']!.centesimi).toBeGreaterThan(1);

    const scoped = manifestOf(await renderOutputs(projects, { ...paths(w), version: VERSION, renderer: recorder(), only, scope: new Set([...only, coordinamento!.path]), previous }));
    expect(scoped.retribuzioni).toEqual({ 'e/2025/schede/coordinamento-ufficio-tecnico.md': now(coordinamento!), 'e/2025/schede/ufficiale-stato-civile-anagrafe.md': stale, 'e/2024/schede/tolta.md': stale });
    expect(scoped.retribuzioni['e/2025/schede/coordinamento-ufficio-tecnico.md']).toEqual(full.retribuzioni['e/2025/schede/coordinamento-ufficio-tecnico.md']);
  });

  it('templates that print characters the font lacks: one error for each template whose document is made, all characters listed; the funzionigramma only with one of its sources', async () => {
    const display = (p: string) => path.relative(w.dir, p);
    const errors = async (...ids: string[]) => {
      const renderer = recorder();
      const err = await caught(renderOutputs(projects, { ...paths(w), templatesDir: broken, version: VERSION, renderer, only: pathsOf(projects, ...ids), display }));
      expect(err).toBeInstanceOf(InvalidInputError);
      expect(renderer.tasks).toEqual([]);
      return (err as InvalidInputError).diagnostics;
    };
    const documenti = { file: 'templates-rotti/documento.md.hbs', severity: 'errore', message: 'il modello produce caratteri che il font del documento non contiene: «\u{1F58B}» (U+1F58B)', hint: 'sostituiscili nel modello' };
    // Free documents: no funzionigramma.
    expect(await errors('d-2', 'd-3')).toEqual([documenti, documenti]);
    // A fund: the funzionigramma too, once though both its files are made from its tree.
    expect(await errors('fondo-2026', 'd-2')).toEqual([documenti, { file: 'templates-rotti/funzionigramma.md.hbs', severity: 'errore', message: 'il modello produce caratteri che il font del documento non contiene: «\u{1F58A}» (U+1F58A), «\u{1F600}» (U+1F600)', hint: 'sostituiscili nel modello' }]);
  });
});
