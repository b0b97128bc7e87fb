import type { Amendment, Nodes, PhrasingContent, Root, RootContent } from 'mdast';
import { directiveFromMarkdown } from 'mdast-util-directive';
import { directive } from 'micromark-extension-directive';
import remarkGfm from 'remark-gfm';
import remarkParse from 'remark-parse';
import { unified, type Processor } from "unified";
import type { Diagnostic } from '../diagnostics.js';
import { toString } from 'mdast-util-to-string';

/**
 * Block directives only (`::name` and `:::name`). Inline `:name` is not registered, so "ore 10:30" or
 * "art. 1:3" stay text (remark-directive would turn them into directives and lose text).
 */
function remarkBlockDirectives(this: Processor) {
  const data = this.data();
  const flow = directive().flow!;
  (data.micromarkExtensions ??= []).push({ flow });
  (data.fromMarkdownExtensions ??= []).push(directiveFromMarkdown());
}

const processor = unified().use(remarkParse).use(remarkGfm).use(remarkBlockDirectives).freeze();

export function parseMarkdown(markdown: string): Root {
  const tree = processor.parse(markdown);
  pairAmendments(tree);
  return tree;
}

/**
 * The tree validation made of each source's body (validation only reads it). A kind that analyses the
 * body again (a regulation's structure) takes a copy instead of parsing it a second time: parsing is
 * most of what `albo check` costs, and a copy is a fraction of a parse.
 */
const bodyTrees = new WeakMap<object, { body: string; tree: Root | (() => Root) }>();

/** The tree of a source's body, or how to get it when first needed (a validation read back from the cache). */
export function rememberBodyTree(source: { body: string }, tree: Root | (() => Root)): void {
  bodyTrees.set(source, { body: source.body, tree });
}

/** A fresh tree of a source's body: a copy of validation's, or parsed when there is none. */
export function bodyTree(source: { body: string }): Root {
  const known = bodyTrees.get(source);
  if (!known || known.body !== source.body) return parseMarkdown(source.body);
  if (typeof known.tree === 'function') known.tree = known.tree();
  return structuredClone(known.tree);
}

const AMENDMENT_OPEN = /^<(ins|del)\s+delibera\s*=\s*"([^"]*)"\s*>$/i;
const AMENDMENT_CLOSE = /^<\/(ins|del)\s*>$/i;
/** An amendment tag the parser could not pair (reported by checkConstructs). */
export const isAmendmentTag = (value: string) => /^<\/?(ins|del)\b/i.test(value.trim());

/**
 * Pairs `<ins delibera="…">` / `<del delibera="…">` with their closing tags among siblings (remark gives
 * inline HTML tags as separate nodes) into one `amendment` node: a deletion or insertion attributed to a
 * deliberation. Tags left unpaired stay HTML and are reported.
 */
function pairAmendments(node: Nodes): void {
  if (!('children' in node)) return;
  const kids = node.children as RootContent[];
  for (let i = 0; i < kids.length; i++) {
    const open = kids[i]!;
    const m = open.type === 'html' ? AMENDMENT_OPEN.exec(open.value.trim()) : null;
    if (!m) continue;
    const action = m[1]!.toLowerCase() as 'ins' | 'del';
    const close = kids.findIndex((k, j) => j > i && k.type === 'html' && AMENDMENT_CLOSE.exec(k.value.trim())?.[1]?.toLowerCase() === action);
    if (close < 0) continue;
    const inner = kids.slice(i + 1, close) as PhrasingContent[];
    const amendment: Amendment = {
      type: 'amendment',
      action,
      delibera: m[2]!.trim(),
      children: inner,
      position: open.position && kids[close]!.position ? { start: open.position.start, end: kids[close]!.position!.end } : undefined,
    };
    kids.splice(i, close - i + 1, amendment);
  }
  for (const k of kids) pairAmendments(k);
}

/** The directives albo's writers know: what Markdown lacks for official documents. */
export const DIRECTIVES = {
  firma: 'container',
  'interruzione-pagina': 'leaf',
  /** The index of the document's level 2–4 headings, with page numbers (`::indice[Indice]`). */
  indice: 'leaf',
  /** Whole paragraphs or articles inserted or deleted by a deliberation (regulations). */
  inserito: 'container',
  soppresso: 'container',
} as const;

/** Headings the index lists: the levels of titles, chapters and articles (the document title is 1). */
export const INDEX_DEPTH = { min: 2, max: 4 } as const;

/** The anchors of the document's headings: a cross-reference links only to a heading that is there. */
export function anchorsOf(tree: Root): Set<string> {
  const out = new Set<string>();
  const visit = (node: Nodes) => {
    if (node.type === 'heading' && node.data?.anchor) out.add(node.data.anchor);
    if ('children' in node) for (const c of node.children as Nodes[]) visit(c);
  };
  visit(tree);
  return out;
}

export const hasIndex = (tree: Root): boolean => tree.children.some((n) => n.type === 'leafDirective' && n.name === 'indice');

/**
 * One index per document: a second `::indice` (written in a source whose template prints one, or from two
 * documents combined) would be a second list of the same headings, and pdfmake refuses two (found by fuzz).
 */
export function keepFirstIndex(tree: Root): void {
  let seen = false;
  const visit = (node: Nodes) => {
    if (!('children' in node)) return;
    const kids = (node.children as Nodes[]).filter((n) => {
      if (n.type !== 'leafDirective' || n.name !== 'indice') return true;
      if (seen) return false;
      return (seen = true);
    });
    (node as { children: Nodes[] }).children = kids;
    kids.forEach(visit);
  };
  visit(tree);
}

/** `::indice[Indice generale]`: the label is the index's title. */
export const indexTitle = (node: { children: PhrasingContent[] }): string => toString(node).trim() || 'Indice';

export interface ConstructOptions {
  /** Regulation text: amendment markers and internal references `[](#id)` are allowed. */
  regulation?: boolean;
}

/**
 * A soft line break (a newline inside a paragraph, as an editor that wraps lines writes it) is a space, as
 * CommonMark says and browsers show it: the PDF and DOCX writers would otherwise break the line there (PDF)
 * or leave a raw newline in the run (DOCX). A forced break is a `break` node, or `<br>`.
 */
export const softBreaks = (value: string) => value.replace(/\n/g, ' ');

/** Inline HTML allowed: a line break inside a table cell. */
export const isLineBreakHtml = (value: string) => /^<br\s*\/?>$/i.test(value.trim());

/** Checks constructs the writers do not support, with positions in the parsed text. */
export function checkConstructs(tree: Root, file: string, options: ConstructOptions = {}): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (node: Nodes) => ({ file, line: node.position?.start.line, column: node.position?.start.column, severity: 'errore' as const });
  const visit = (node: Nodes) => {
    if (node.type === 'containerDirective' || node.type === 'leafDirective') {
      const kind = DIRECTIVES[node.name as keyof typeof DIRECTIVES];
      const amendment = node.name === 'inserito' || node.name === 'soppresso';
      if (amendment && !options.regulation) {
        out.push({ ...at(node), message: `la direttiva «${node.name}» si usa solo nei regolamenti e nei loro allegati` });
      } else if (amendment && !node.attributes?.delibera) {
        out.push({ ...at(node), message: `manca la deliberazione: scrivi ":::${node.name}{delibera=id}"`, hint: 'l\'id è quello della deliberazione nelle «modifiche» del regolamento' });
      }
      if (!kind) {
        out.push({ ...at(node), message: `direttiva sconosciuta «${node.name}»`, hint: `direttive disponibili: ${Object.entries(DIRECTIVES).map(([n, k]) => (k === 'leaf' ? `::${n}` : `:::${n}`)).join(', ')}` });
      } else if ((kind === 'leaf') !== (node.type === 'leafDirective')) {
        out.push({ ...at(node), message: `la direttiva «${node.name}» si scrive ${kind === 'leaf' ? `"::${node.name}"` : `":::${node.name}" … ":::"`}` });
      }
    } else if (node.type === 'html' && isAmendmentTag(node.value)) {
      out.push({ ...at(node), message: `marcatore di modifica incompleto: «${node.value.slice(0, 40)}»`, hint: 'una modifica si scrive <ins delibera="id">testo inserito</ins> o <del delibera="id">testo soppresso</del>, apertura e chiusura nello stesso paragrafo' });
    } else if (node.type === 'link' && node.url.startsWith('#') && !options.regulation) {
      out.push({ ...at(node), message: `rimando interno «${node.url}»: i rimandi [](#id) si usano nei regolamenti e nei loro allegati`, hint: 'scrivi il riferimento per esteso (es. "art. 15 del regolamento")' });
    } else if (node.type === 'amendment' && !options.regulation) {
      out.push({ ...at(node), message: 'i marcatori di modifica <ins>/<del> si usano solo nei regolamenti e nei loro allegati' });
    } else if (node.type === 'amendment' && !node.children.length) {
      out.push({ ...at(node), message: `la modifica ${node.action === 'ins' ? '<ins>' : '<del>'} è vuota` });
    } else if (node.type === 'table') {
      const width = node.children[0]?.children.length ?? 0;
      for (const row of node.children.slice(1)) {
        if (row.children.length !== width) {
          out.push({ ...at(row), message: `la riga della tabella ha ${row.children.length} celle, l'intestazione ne ha ${width}`, hint: 'ogni riga ha tante celle "| … |" quante l\'intestazione: lascia vuota una cella con "| |"' });
        }
      }
    } else if (node.type === 'html' && !isLineBreakHtml(node.value)) {
      out.push({ ...at(node), message: `HTML non ammesso: «${node.value.slice(0, 30)}»`, hint: 'usa la sintassi Markdown (grassetto **…**, elenchi "- …", tabelle |…|)' });
    } else if (node.type === 'listItem' && !toString(node).trim()) {
      out.push({ ...at(node), message: 'voce di elenco vuota', hint: 'scrivi il testo dopo il trattino o togli la riga' });
    } else if (node.type === 'image' || node.type === 'imageReference') {
      out.push({ ...at(node), message: 'le immagini non sono ancora supportate' });
    } else if (node.type === 'footnoteReference' || node.type === 'footnoteDefinition') {
      out.push({ ...at(node), message: 'le note a piè di pagina non sono supportate', hint: 'scrivi la nota come paragrafo, es. "(* …)"' });
    }
    if ('children' in node) for (const child of node.children as RootContent[]) visit(child);
  };
  visit(tree);
  return out;
}
