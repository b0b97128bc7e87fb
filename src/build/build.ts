import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { InvalidInputError } from '../diagnostics.js';
import type { Doc, Project } from '../kinds/kind.js';
import { combineDocuments, renderDocument, type RenderedDocument } from '../render/document.js';
import { renderDocx } from '../render/docx/index.js';
import { describeChar, missingGlyphs } from '../render/glyphs.js';
import { renderPdf } from '../render/pdf/index.js';
import { compileTemplate, TemplateError, type DocumentTemplate } from '../render/template.js';
import type { OutputFile } from './write.js';

export interface BuildOptions {
  contentDir: string;
  outDir: string;
  templatesDir: string;
  /** Only these sources (absolute paths); all when undefined. */
  only?: Set<string>;
  display?: (p: string) => string;
  onProgress?: (done: number, total: number, label: string) => void;
}

/** Suffix of the notice-with-attachments document, next to the notice itself. */
export const COMBINED_SUFFIX = '-con-allegati';

interface Job {
  doc: Doc;
  base: string;
  combined: boolean;
}

async function loadTemplates(project: Project, dir: string, display: (p: string) => string): Promise<Map<string, DocumentTemplate>> {
  const templates = new Map<string, DocumentTemplate>();
  for (const doc of project.docs) {
    const name = doc.kind.template;
    if (templates.has(name)) continue;
    const file = path.join(dir, name);
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch {
      throw new InvalidInputError([{ file: display(file), severity: 'errore', message: `manca il modello per i documenti di tipo «${doc.kind.tipo}»` }]);
    }
    templates.set(name, compileTemplate(text, display(file)));
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

/**
 * Renders the selected documents to PDF and DOCX in memory. Throws InvalidInputError (template or glyph
 * problems) before anything is written: the caller writes only a complete set.
 */
export async function renderOutputs(project: Project, options: BuildOptions): Promise<OutputFile[]> {
  const display = options.display ?? ((p: string) => p);
  const templates = await loadTemplates(project, options.templatesDir, display);
  const jobs: Job[] = [];
  for (const doc of project.docs) {
    if (options.only && !options.only.has(doc.path)) continue;
    const rel = path.relative(options.contentDir, doc.path).replace(/\.md$/, '');
    const base = path.join(options.outDir, rel);
    // Sources live under content/: an output outside out/ would mean a path bug, never allowed.
    if (rel.startsWith('..') || path.isAbsolute(rel)) throw new Error(`uscita fuori da ${display(options.outDir)}: ${rel}`);
    jobs.push({ doc, base, combined: false });
    if (doc.kind.attachments) jobs.push({ doc, base: base + COMBINED_SUFFIX, combined: true });
  }
  const rendered = new Map<Doc, RenderedDocument>();
  const diagnostics: Diagnostic[] = [];
  const render = (doc: Doc): RenderedDocument => {
    let r = rendered.get(doc);
    if (!r) {
      try {
        r = renderDocument(doc, project, templates.get(doc.kind.template)!);
      } catch (e) {
        if (e instanceof TemplateError) throw new InvalidInputError([e.diagnostic]);
        throw e;
      }
      diagnostics.push(...checkGlyphs(r, templates.get(doc.kind.template)!.file));
      rendered.set(doc, r);
    }
    return r;
  };
  const trees = jobs.map((job) => {
    const main = render(job.doc);
    if (!job.combined) return main;
    const parts = [main, ...job.doc.kind.attachments!(job.doc, project).map(render)];
    return combineDocuments(parts, main.meta);
  });
  if (diagnostics.length) throw new InvalidInputError(diagnostics);
  const files: OutputFile[] = [];
  const total = jobs.length * 2;
  for (const [i, job] of jobs.entries()) {
    const tree = trees[i]!;
    options.onProgress?.(files.length, total, display(job.base + '.pdf'));
    files.push({ path: job.base + '.pdf', bytes: await renderPdf(tree) });
    options.onProgress?.(files.length, total, display(job.base + '.docx'));
    files.push({ path: job.base + '.docx', bytes: await renderDocx(tree) });
  }
  options.onProgress?.(total, total, '');
  return files;
}
