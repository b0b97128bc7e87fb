import type { Root } from 'mdast';
import type { Doc, Project } from '../kinds/kind.js';
import { checkConstructs, keepFirstIndex, parseMarkdown } from './markdown.js';
import type { DocumentTemplate } from './template.js';
import { letterheadFor, type Letterhead } from './letterhead.js';
import { TemplateError } from './template.js';

/** What both writers receive: one syntax tree and the document's metadata. */
export interface RenderedDocument {
  tree: Root;
  markdown: string;
  meta: DocumentMeta;
}

export interface DocumentMeta {
  /** Title (PDF/A dc:title, DOCX title). */
  titolo: string;
  /** Subject (PDF/A dc:description, DOCX subject). */
  oggetto: string;
  /** The author: the ente. */
  autore: string;
  /** Running header text. */
  intestazione: string;
  /** Footer pattern with {pagina} and {pagine}. */
  piede: string;
  /** ISO date used as creation date: from the source, never the clock. */
  data: string;
  lingua: string;
  /** The ente's letterhead on the first page (ente.yaml «carta_intestata»); absent: the running header only. */
  carta?: Letterhead;
}

const META_KEYS = ['titolo', 'oggetto', 'intestazione', 'piede'] as const;

/** Template -> Markdown -> syntax tree, for one document. */
export function renderDocument(doc: Doc, project: Project, template: DocumentTemplate, extra: object = {}, variant?: string): RenderedDocument {
  return renderView({ ...doc.kind.view(doc, project, variant), ...extra }, template, {
    autore: project.config.ente.nome,
    data: doc.kind.date(doc),
    origine: doc.source.file,
    carta: letterheadFor(project),
    transform: doc.kind.transform && ((tree) => doc.kind.transform!(tree, doc, project, variant)),
  });
}

/** Template -> Markdown -> syntax tree, for any view (a source's, or one derived from many). */
export function renderView(view: object, template: DocumentTemplate, info: { autore: string; data: string; origine: string; carta?: Letterhead; transform?: (tree: Root) => void }): RenderedDocument {
  const markdown = template.body(view);
  const tree = parseMarkdown(markdown);
  info.transform?.(tree);
  keepFirstIndex(tree);
  const problems = checkConstructs(tree, `${template.file} (testo generato per ${info.origine})`);
  if (problems.length) throw new TemplateError(problems[0]!);
  const meta: Record<string, string> = {};
  for (const key of META_KEYS) {
    const render = template.meta[key];
    if (!render) {
      throw new TemplateError({ file: template.file, line: 1, column: 1, severity: 'errore', message: `manca «${key}» nel frontmatter del modello`, hint: `campi del frontmatter di un modello: ${META_KEYS.join(', ')}` });
    }
    meta[key] = render(view).trim();
  }
  // Optional: the settore or office the act comes from, a line of the first page's letterhead.
  const office = template.meta.ufficio?.(view).trim();
  const carta = info.carta && office ? { ...info.carta, righe: [office, ...info.carta.righe] } : info.carta;
  return {
    tree,
    markdown,
    meta: {
      ...(meta as Pick<DocumentMeta, (typeof META_KEYS)[number]>),
      autore: info.autore,
      data: info.data,
      lingua: 'it-IT',
      ...(carta ? { carta } : {}),
    },
  };
}

/** The notice followed by its attachments, each from a new page: one tree, like the seed's single file. */
export function combineDocuments(parts: RenderedDocument[], meta: DocumentMeta): RenderedDocument {
  const children: Root['children'] = [];
  parts.forEach((part, i) => {
    if (i > 0) children.push({ type: 'leafDirective', name: 'interruzione-pagina', attributes: {}, children: [] });
    children.push(...part.tree.children);
  });
  const tree: Root = { type: 'root', children };
  keepFirstIndex(tree);
  return { tree, markdown: parts.map((p) => p.markdown).join('\n\n::interruzione-pagina\n\n'), meta };
}
