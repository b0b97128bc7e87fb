import type { Root, RootContent, Nodes } from 'mdast';
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
  return processor.parse(markdown);
}

/** The directives albo's writers know: what Markdown lacks for official documents. */
export const DIRECTIVES = {
  firma: 'container',
  'interruzione-pagina': 'leaf',
} as const;

/** Inline HTML allowed: a line break inside a table cell. */
export const isLineBreakHtml = (value: string) => /^<br\s*\/?>$/i.test(value.trim());

/** Checks constructs the writers do not support, with positions in the parsed text. */
export function checkConstructs(tree: Root, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const at = (node: Nodes) => ({ file, line: node.position?.start.line, column: node.position?.start.column, severity: 'errore' as const });
  const visit = (node: Nodes) => {
    if (node.type === 'containerDirective' || node.type === 'leafDirective') {
      const kind = DIRECTIVES[node.name as keyof typeof DIRECTIVES];
      if (!kind) {
        out.push({ ...at(node), message: `direttiva sconosciuta «${node.name}»`, hint: `direttive disponibili: ${Object.entries(DIRECTIVES).map(([n, k]) => (k === 'leaf' ? `::${n}` : `:::${n}`)).join(', ')}` });
      } else if ((kind === 'leaf') !== (node.type === 'leafDirective')) {
        out.push({ ...at(node), message: `la direttiva «${node.name}» si scrive ${kind === 'leaf' ? `"::${node.name}"` : `":::${node.name}" … ":::"`}` });
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
