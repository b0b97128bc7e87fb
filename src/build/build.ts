import { defaultRulebook } from '../rulebook/rulebook.js';
import { statSync, type Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { InvalidInputError } from '../diagnostics.js';
import { docId, type Doc, type Project, type Table } from '../kinds/kind.js';
import type { Scheda } from '../kinds/scheda.js';
import { cardPay, cardWeight } from '../kinds/scheda.js';
import { renderCsv } from '../render/csv.js';
import { combineDocuments, renderDocument, renderView, type RenderedDocument } from '../render/document.js';
import { FUNZIONIGRAMMA, funzionigrammaSources, funzionigrammaView, hasFunzionigramma } from '../kinds/funzionigramma.js';
import { NO_DATE } from '../kinds/common.js';
import { describeChar, missingGlyphs } from '../render/glyphs.js';
import { fontFiles } from '../render/fonts.js';
import { letterheadFor, stemmaPath } from '../render/letterhead.js';
import { libreOffice, libreOfficeStamp } from '../render/docx/toc-pages.js';
import { hasIndex } from '../render/markdown.js';
import { compileTemplate, type DocumentTemplate } from '../render/template.js';
import { templateFile } from '../render/template-file.js';
import { MANIFEST_FILE, serializeManifest, sha256, type Manifest, type ManifestEntry } from './manifest.js';
import type { OutputFile } from './write.js';
import { RenderQueue } from './render-queue.js';
import { inProcessRenderer, packTree, type Format, type Renderer, type RenderTask } from './render-pool.js';
import { leavesBase } from '../paths.js';

export interface BuildOptions {
  contentDir: string;
  outDir: string;
  templatesDir: string;
  /** The tool's version: part of every output's key (a new version may lay out differently). */
  version: string;
  /** Only these sources (absolute paths); all when undefined. */
  only?: Set<string>;
  /**
   * With `only`: the sources those depend on. Pay of cards outside it is kept from the previous manifest,
   * as their year may have sources with errors (a scoped build does not wait for them).
   */
  scope?: Set<string>;
  /** The previous build's manifest: outputs whose key and bytes are unchanged are not rewritten. */
  previous?: Manifest;
  display?: (p: string) => string;
  onProgress?: (done: number, total: number, label: string) => void;
  /** Who turns trees into PDF and DOCX bytes (a worker pool); this thread when omitted. */
  renderer?: Renderer;
  /**
   * Where each changed file goes as soon as it is rendered (the staging folder of a build), instead of
   * being kept in memory until the end: then `files` is empty and `written` lists them.
   */
  sink?: (file: OutputFile) => Promise<void>;
  /** The fingerprint of a complete build's inputs, recorded for the next no-op check (src/build/fingerprint.ts). */
  fingerprint?: NonNullable<Manifest['impronta']>;
}

export interface BuildResult {
  /** Files to write (changed outputs, then the manifest if it changed); empty with a sink. */
  files: OutputFile[];
  /** Paths of the changed outputs (and of the manifest if it changed), written or handed to the sink. */
  written: string[];
  /** Outputs left as they are, relative to out/. */
  unchanged: string[];
  /** Titles of the DOCX written with an index but without LibreOffice (no page numbers in it). */
  unpaginated: string[];
}

/** Up to this many files to write, they are written in this thread (see renderOutputs). */
const FEW = 4;

/** Suffix of the notice-with-attachments document, next to the notice itself. */
export const COMBINED_SUFFIX = '-con-allegati';

/** One document to write (PDF and DOCX, and CSV when it has a table). */
interface Job {
  project: Project;
  /** Output path without extension. */
  base: string;
  /** The tree the writers receive, made only when the input key does not already show the outputs current. */
  tree: () => RenderedDocument;
  /** What the tree is made from, as plain data: the template's data and date of each part, the variant. */
  view: unknown;
  /** Absolute paths of every file the content comes from (recorded in the manifest). */
  inputs: string[];
  /**
   * Those whose bytes the tree is made from beyond its view: the configuration and coat of arms, the
   * template, the source whose text it prints and, for a kind that transforms its tree with other
   * documents (a regulation and its appendices), those documents. What it prints of other sources (a
   * card's pay, the notice that attaches it, the rows of a fund's summary) is in its view: so a card
   * edited does not make the fund's summary and the funzionigramma again only to find them unchanged.
   */
  keyInputs: string[];
  table?: Table;
}

async function loadTemplates(project: Project, dir: string, display: (p: string) => string): Promise<Map<string, { template: DocumentTemplate; path: string }>> {
  const templates = new Map<string, { template: DocumentTemplate; path: string }>();
  const needed = project.docs.map((d) => ({ name: d.kind.template, tipo: d.kind.tipo }));
  if (hasFunzionigramma(project)) needed.push({ name: FUNZIONIGRAMMA.template, tipo: FUNZIONIGRAMMA.name });
  for (const doc of needed.map((n) => ({ kind: { template: n.name, tipo: n.tipo } }))) {
    const name = doc.kind.template;
    if (templates.has(name)) continue;
    const file = templateFile(project.dir, dir, name);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      throw new InvalidInputError([{ file: display(file), severity: 'errore', message: `manca il modello per i documenti di tipo «${doc.kind.tipo}»` }]);
    }
    templates.set(name, { template: compileTemplate(text, display(file)), path: file });
  }
  return templates;
}

/** A safety net for text that templates add: sources are checked for glyphs when validated. */
function checkGlyphs(doc: RenderedDocument, template: string): Diagnostic[] {
  const missing = missingGlyphs(doc.tree);
  return missing.length
    ? [{ file: template, severity: 'errore', message: `il modello produce caratteri che il font del documento non contiene: ${missing.map((m) => describeChar(m.char)).join(', ')}`, hint: 'sostituiscili nel modello' }]
    : [];
}

/** Every document an output's content depends on: itself, what it attaches, its year's fund and cards. */
function dependencies(doc: Doc, project: Project): Doc[] {
  const deps = new Set<Doc>([doc]);
  const years = new Set<number>();
  const add = (d: Doc) => {
    deps.add(d);
    if (d.kind.tipo === 'scheda') years.add((d.data as { anno: number }).anno);
  };
  add(doc);
  // A card prints «Allegato n. X all'avviso … del …»: the notice that attaches it is an input.
  if (doc.kind.tipo === 'scheda' || doc.kind.tipo === 'scheda-eq') {
    for (const n of project.docs) if (n.kind.tipo === 'avviso' && (n.data as { schede: string[] }).schede.includes(docId(doc))) deps.add(n);
  }
  if (doc.kind.attachments) for (const a of doc.kind.attachments(doc, project)) add(a);
  // An appendix names its regulation and the other appendices (references, amendment notes).
  const parent = doc.kind.tipo === 'allegato' ? project.byId.get((doc.data as { regolamento: string }).regolamento) : undefined;
  if (parent) for (const d of [parent, ...(parent.kind.attachments?.(parent, project) ?? [])]) add(d);
  if (doc.kind.tipo === 'fondo') for (const c of project.allocations.get((doc.data as { anno: number }).anno)?.cards ?? []) add(c as unknown as Doc);
  // EQ: the prospetto lists the year's cards; a card's date may come from its fund's decorrenza.
  const eqShare = doc.kind.tipo === 'fondo-eq' || doc.kind.tipo === 'scheda-eq' ? project.eq.get((doc.data as { anno: number }).anno) : undefined;
  if (eqShare?.fund) deps.add(eqShare.fund as unknown as Doc);
  if (doc.kind.tipo === 'fondo-eq') for (const c of eqShare?.cards ?? []) deps.add(c as unknown as Doc);
  for (const y of years) {
    const share = project.allocations.get(y);
    if (share) deps.add(share.fund as unknown as Doc);
  }
  return [...deps];
}

/**
 * Renders the selected documents in memory: PDF and DOCX for each, the combined notice, CSV for tables.
 * An output whose key (tool version + what the writer receives) and bytes on disk match the previous
 * manifest is not rendered again. Throws InvalidInputError before anything is written.
 */
export async function renderOutputs(projects: readonly Project[], options: BuildOptions): Promise<BuildResult> {
  const display = options.display ?? ((p: string) => p);
  const rel = (p: string) => path.relative(options.outDir, p).split(path.sep).join('/');
  const jobs: Job[] = [];
  const diagnostics: Diagnostic[] = [];
  for (const project of projects) {
    const templates = await loadTemplates(project, options.templatesDir, display);
    // The last trees made, for a notice that attaches cards made just before (or after) it: a few, not
    // all (2.000 cards' trees would not fit in memory); a tree made again is the same tree.
    const rendered = new Map<string, RenderedDocument>();
    const checked = new Set<string>();
    const render = (doc: Doc, variant?: string): RenderedDocument => {
      const key = `${doc.path}\0${variant ?? ''}`;
      let r = rendered.get(key);
      if (!r) {
        const t = templates.get(doc.kind.template)!;
        r = renderDocument(doc, project, t.template, {}, variant);
        if (!checked.has(key)) diagnostics.push(...checkGlyphs(r, t.template.file));
        checked.add(key);
        rendered.set(key, r);
        if (rendered.size > 32) rendered.delete(rendered.keys().next().value!);
      }
      return r;
    };
    const templatePath = (d: Doc) => templates.get(d.kind.template)!.path;
    // The sources whose text a document's tree is made from, beyond its view (see Job.keyInputs).
    const textOf = (d: Doc) => (d.kind.transform ? dependencies(d, project).map((x) => x.path) : [d.path]);
    // The data a document's tree is made from: with the template and the input files, it decides
    // whether the tree must be made at all (a no-op build makes none).
    const viewOf = (d: Doc, variant?: string) => [d.kind.view(d, project, variant), d.kind.date(d), variant ?? null];
    // The coat of arms is an input of every document of the ente (its bytes are also in the key, via meta).
    const config = [project.configPath, ...[stemmaPath(project)].filter((p): p is string => Boolean(p))];
    for (const doc of project.docs) {
      if (options.only && !options.only.has(doc.path)) continue;
      const source = path.relative(options.contentDir, doc.path).replace(/\.md$/, '');
      // Sources live under content/: an output outside out/ would mean a path bug, never allowed.
      if (leavesBase(source)) throw new Error(`sorgente fuori da ${display(options.contentDir)}: ${doc.path}`);
      const base = path.join(options.outDir, path.dirname(source), doc.kind.outputName?.(doc) ?? path.basename(source));
      const deps = dependencies(doc, project).map((d) => d.path);
      const own = [...config, ...textOf(doc), templatePath(doc)];
      const [first, ...others] = doc.kind.variants?.(doc) ?? [{ name: undefined, suffix: '' }];
      jobs.push({ project, base, tree: () => render(doc, first!.name), view: viewOf(doc, first!.name), inputs: [...config, ...deps, templatePath(doc)], keyInputs: own, table: doc.kind.table?.(doc, project) });
      for (const v of others) jobs.push({ project, base: base + v.suffix, tree: () => render(doc, v.name), view: viewOf(doc, v.name), inputs: [...config, ...deps, templatePath(doc)], keyInputs: own });
      // The combined document only when there is something to combine: alone it would repeat the act.
      const attached = doc.kind.attachments?.(doc, project) ?? [];
      if (attached.length) {
        const variantOf = (a: Doc) => a.kind.variants?.(a)[0]?.name;
        jobs.push({
          project,
          base: base + COMBINED_SUFFIX,
          tree: () => {
            const main = render(doc, first!.name);
            return combineDocuments([main, ...attached.map((a) => render(a, variantOf(a)))], main.meta);
          },
          view: [viewOf(doc, first!.name), ...attached.map((a) => viewOf(a, variantOf(a)))],
          inputs: [...config, ...deps, ...new Set([doc, ...attached].map(templatePath))],
          keyInputs: [...config, ...new Set([doc, ...attached].flatMap(textOf)), ...new Set([doc, ...attached].map(templatePath))],
        });
      }
    }
    // The ente's funzionigramma: every service and position, in one document (always regenerated
    // when any of them changes; its key decides whether the file is rewritten).
    if (hasFunzionigramma(project) && (!options.only || funzionigrammaSources(project).some((d) => options.only!.has(d.path)))) {
      const t = templates.get(FUNZIONIGRAMMA.template)!;
      const sources = funzionigrammaSources(project);
      const base = path.join(options.outDir, path.relative(options.contentDir, project.dir), FUNZIONIGRAMMA.name);
      const view = funzionigrammaView(project);
      const date = sources.map((d) => d.kind.date(d)).sort().pop() ?? NO_DATE;
      let made: RenderedDocument | undefined;
      const tree = () => {
        if (made) return made;
        made = renderView(view, t.template, { autore: project.config.ente.nome, data: date, origine: display(project.configPath), carta: letterheadFor(project) });
        diagnostics.push(...checkGlyphs(made, t.template.file));
        return made;
      };
      jobs.push({ project, base, tree, view: [view, date], inputs: [...config, ...sources.map((d) => d.path), t.path], keyInputs: [...config, t.path] });
    }
  }
  // Input hashes, for the record: every file that produced an output.
  const fileHashes = new Map<string, string>();
  const hashOf = async (p: string) => {
    if (!fileHashes.has(p)) fileHashes.set(p, sha256(await readFile(p)));
    return fileHashes.get(p)!;
  };
  // The contract rules are albo's data: recorded by name, so a new contract shows in the manifest. The same
  // for every job: made once.
  let rules: Promise<Record<string, string>> | undefined;
  const rulesOf = () =>
    (rules ??= (async () => {
      const out: Record<string, string> = {};
      for (const p of defaultRulebook().files) out[`albo:contratti/${path.basename(p)}`] = await hashOf(p);
      return out;
    })());
  const inputsOf = async (job: Job) => {
    const inputs: Record<string, string> = { albo: options.version, ...(await rulesOf()) };
    for (const p of job.inputs) inputs[display(p)] = await hashOf(p);
    return inputs;
  };
  const keyInputsOf = async (job: Job) => [options.version, ...Object.values(await rulesOf()), ...(await Promise.all(job.keyInputs.map(hashOf)))];

  const manifest: Manifest = {
    versione: options.version,
    uscite: { ...(options.previous?.versione === options.version ? options.previous.uscite : {}) },
    retribuzioni: { ...(options.scope && options.previous ? options.previous.retribuzioni : {}) },
  };
  // Only a build of everything vouches for everything: a partial one leaves no fingerprint behind.
  if (options.fingerprint && !options.only) manifest.impronta = options.fingerprint;
  for (const project of projects) {
    for (const [year, share] of project.allocations) {
      for (const card of share.cards as unknown as Doc<Scheda>[]) {
        if (options.scope && !options.scope.has(card.path)) continue;
        manifest.retribuzioni[payKey(card as unknown as Doc, options.contentDir)] = { anno: year, titolo: card.data.titolo, pesatura: cardWeight(card.data, project.config), centesimi: cardPay(card.data, project) };
      }
    }
  }

  const files: OutputFile[] = [];
  const written: string[] = [];
  const unchanged: string[] = [];
  // When the previous manifest was written: an output of the recorded size not modified after it is the one
  // recorded, as for the no-op check (src/build/fingerprint.ts). Reading back and hashing every output of
  // out/ cost about a second of a one-card edit among 500 cards (issue #20).
  let recorded: Promise<number | undefined> | undefined;
  const manifestTime = () =>
    (recorded ??= stat(path.join(options.outDir, MANIFEST_FILE)).then(
      (s) => s.mtimeMs,
      () => undefined,
    ));
  const current = async (file: string, key: string, field: 'chiave' | 'ingresso' = 'chiave'): Promise<boolean> => {
    const entry = manifest.uscite[rel(file)];
    if (!entry || entry[field] !== key) return false;
    if (entry.dimensione !== undefined) {
      // Synchronous: thousands of outputs, each a round trip to libuv's threads when asynchronous (about
      // 0,3 s of waiting in a one-card edit among 2.000 cards), against microseconds for a cached inode.
      const since = await manifestTime();
      let s: Stats | undefined;
      try {
        s = statSync(file);
      } catch {
        s = undefined;
      }
      if (!s) return false;
      if (since !== undefined && s.isFile() && s.size === entry.dimensione && s.mtimeMs <= since) return true;
    }
    let bytes: Uint8Array;
    try {
      bytes = await readFile(file);
    } catch {
      return false;
    }
    if (sha256(bytes) !== entry.sha256) return false;
    // An entry of an older manifest gets its size, which the no-op check needs (a new object: the
    // previous manifest's entries are compared with these to decide whether the manifest changed).
    if (entry.dimensione === undefined) manifest.uscite[rel(file)] = { ...entry, dimensione: bytes.length };
    return true;
  };
  const fonts = await Promise.all(Object.values(fontFiles()).map(hashOf));
  const officeStamp = libreOfficeStamp();
  const unpaginated: string[] = [];
  const total = jobs.length * 2;
  let done = 0;
  /** One more output made, or found as recorded. */
  const step = (file: string) => options.onProgress?.(done++, total, display(file));
  interface Task {
    file: string;
    task: RenderTask;
    key: string;
    entry: Omit<ManifestEntry, 'chiave' | 'sha256' | 'dimensione'>;
  }
  // Each document to write goes to the writers as soon as its tree is made (src/build/render-queue.ts):
  // a few are written in this thread once all are known (one card edited: starting threads, each loading
  // the writers, would cost more than it saves), more start the threads at once.
  const queue = new RenderQueue<Task>(Math.max(FEW, (options.renderer?.width ?? 1) * 4));
  let renderer: Renderer | undefined;
  let writing: Promise<void>[] = [];
  const write = async (r: Renderer) => {
    try {
      for (let task = await queue.take(); task; task = await queue.take()) {
        const bytes = await r.render(task.task);
        manifest.uscite[rel(task.file)] = { chiave: task.key, sha256: sha256(bytes), dimensione: bytes.length, ...task.entry };
        if (options.sink) await options.sink({ path: task.file, bytes });
        else files.push({ path: task.file, bytes });
        written.push(task.file);
        step(task.file);
      }
    } catch (e) {
      queue.stop(); // the first error (a writer's, or the staging folder's) is the build's: start nothing more
      throw e;
    }
  };
  const startWriting = (r: Renderer) => {
    renderer = r;
    writing = Array.from({ length: Math.max(1, r.width) }, () => write(r));
    // Awaited below; a failure must not go unhandled meanwhile.
    for (const w of writing) w.catch(() => undefined);
  };
  const enqueue = async (task: Task) => {
    // A problem found (a template's glyph): nothing more is written, but every problem is still looked for.
    if (diagnostics.length) queue.stop();
    await queue.push(task, () => renderer !== undefined);
    if (!renderer && queue.length > FEW && options.renderer) startWriting(options.renderer);
  };
  try {
    for (const job of jobs) {
      if (queue.stopped && !diagnostics.length) break; // a writer failed: its error is the build's
      const inputs = await inputsOf(job);
      // What the document is made from, without its path names (which depend on the working folder).
      // The fonts are part of it (other metrics, other lines), though not listed among the inputs.
      const made = sha256(JSON.stringify([await keyInputsOf(job), fonts, job.view]));
      const outputs: [string, Format][] = [
        ['.pdf', 'pdf'],
        ['.docx', 'docx'],
      ];
      let content: string | undefined;
      let packed: Uint8Array | undefined;
      for (const [ext, format] of outputs) {
        const file = job.base + ext;
        // A DOCX index's page numbers come from LibreOffice's layout: which LibreOffice (or none) is part of
        // what a DOCX is made from (a cheap stamp here, its version in the key once the tree shows an index).
        const ingresso = format === 'docx' ? sha256(JSON.stringify([made, officeStamp])) : made;
        if (await current(file, ingresso, 'ingresso')) {
          step(file);
          unchanged.push(rel(file));
          continue;
        }
        const tree = job.tree();
        // The key is the tree the writers receive, after the kind's transform: an appendix's "art. 15" comes
        // from its regulation, so its own Markdown alone would not show that the article was renumbered.
        content ??= JSON.stringify(tree.tree, (k, v) => (k === 'position' ? undefined : v));
        const paged = format === 'docx' && hasIndex(tree.tree);
        const engine = paged ? [libreOffice()?.version ?? 'senza LibreOffice'] : [];
        const key = sha256(JSON.stringify([options.version, format, tree.meta, content, ...engine]));
        if (await current(file, key)) {
          step(file);
          unchanged.push(rel(file));
          // Same tree from new inputs (a fund change that leaves this pay as it was): next time, no tree.
          // Its inputs stay those it was made with.
          manifest.uscite[rel(file)] = { ...manifest.uscite[rel(file)]!, ingresso };
          continue;
        }
        await enqueue({ file, task: { format, tree: (packed ??= packTree(content)), meta: tree.meta }, key, entry: { ingresso, ingressi: inputs } });
        // Written without LibreOffice, the index has no page numbers: the build says so.
        if (paged && !libreOffice()) unpaginated.push(tree.meta.titolo);
      }
      if (job.table) {
        const file = job.base + '.csv';
        const bytes = renderCsv(job.table);
        const key = sha256(bytes);
        if (await current(file, key)) unchanged.push(rel(file));
        else {
          if (options.sink) await options.sink({ path: file, bytes });
          else files.push({ path: file, bytes });
          written.push(file);
          manifest.uscite[rel(file)] = { chiave: key, sha256: key, dimensione: bytes.length, ingressi: inputs };
        }
      }
    }
    if (diagnostics.length) throw new InvalidInputError(diagnostics);
    queue.close();
    if (!renderer) startWriting(options.renderer && queue.length > FEW ? options.renderer : inProcessRenderer());
    await Promise.all(writing);
  } catch (e) {
    // Whatever stopped the build (a problem, a template, a writer): the writers finish what they hold and
    // start nothing more; the caller throws the files away (the staging folder, src/build/commit.ts).
    queue.stop();
    await Promise.allSettled(writing);
    throw e;
  } finally {
    if (renderer && renderer !== options.renderer) await renderer.close();
  }
  options.onProgress?.(total, total, 'completato');
  // The manifest describes the files present: an earlier entry whose file is gone or changed by hand
  // (not produced by this build) is dropped.
  const produced = new Set([...written.map((f) => rel(f)), ...unchanged]);
  for (const [name, entry] of Object.entries(manifest.uscite)) {
    if (produced.has(name)) continue;
    let same = false;
    try {
      same = sha256(await readFile(path.join(options.outDir, name))) === entry.sha256;
    } catch {
      same = false;
    }
    if (!same) delete manifest.uscite[name];
  }
  const manifestBytes = serializeManifest(manifest);
  const unchangedManifest = options.previous && Buffer.from(serializeManifest(options.previous)).equals(Buffer.from(manifestBytes));
  // Rewritten whenever an output is: the no-op check wants every output no newer than the manifest.
  if (!unchangedManifest || written.length) {
    const file = { path: path.join(options.outDir, MANIFEST_FILE), bytes: manifestBytes };
    if (options.sink) await options.sink(file);
    else files.push(file);
    written.push(file.path);
  }
  return { files, written, unchanged, unpaginated };
}

/** A card's key in the manifest's pay record: its source path under content/ (ids are unique per ente). */
export const payKey = (card: Doc, contentDir: string) => path.relative(contentDir, card.path).split(path.sep).join('/');
