import type { Heading, Nodes, Root, RootContent } from 'mdast';
import { anchorsOf, hasIndex, INDEX_DEPTH } from '../markdown.js';
import type { RenderedDocument } from '../document.js';
import { blockHandlers, escapeHtml, inlineHandlers, type HtmlState } from './handlers.js';

/** The headings an index lists, with their anchors, for the document being written. */
let indexed = new Map<Heading, string>();
let anchors = new Set<string>();
/** How the document being written marks its elements (nothing, for publication). */
let decorator: Decorate = (_node, html) => html;

/** Rewrites the HTML of a block, list item or table row (given the mdast node it comes from). */
export type Decorate = (node: Nodes, html: string) => string;

function indexEntries(tree: Root): Map<Heading, string> {
  const out = new Map<Heading, string>();
  if (!hasIndex(tree)) return out;
  const visit = (node: Nodes) => {
    if (node.type === 'heading' && node.depth >= INDEX_DEPTH.min && node.depth <= INDEX_DEPTH.max) out.set(node, `sezione-${out.size + 1}`);
    else if ('children' in node) for (const c of node.children as Nodes[]) visit(c);
  };
  visit(tree);
  return out;
}

const state: HtmlState = {
  headingId: (node) => (node.data?.anchor ? `rif-${node.data.anchor}` : indexed.get(node)),
  linkable: (anchor) => anchors.has(anchor),
  index: (title) =>
    `<nav aria-label="${escapeHtml(title)}"><h2>${escapeHtml(title)}</h2><ul class="indice">${[...indexed]
      .map(([h]) => `<li class="livello-${h.depth}"><a href="#${escapeHtml(state.headingId(h) ?? '')}">${state.inlines(h.children)}</a></li>`)
      .join('')}</ul></nav>`,
  decorate: (node, html) => decorator(node, html),
  blocks: (nodes: readonly RootContent[]) =>
    nodes
      .map((node) => {
        const handler = blockHandlers[node.type];
        if (!handler) throw new Error(`HTML: nodo non gestito «${node.type}»`);
        return state.decorate(node as Nodes, handler(node as Nodes, state));
      })
      .join('\n'),
  inlines: (nodes: readonly RootContent[]) =>
    nodes
      .map((node) => {
        const handler = inlineHandlers[node.type];
        if (!handler) throw new Error(`HTML: nodo in linea non gestito «${node.type}»`);
        return handler(node as Nodes, state);
      })
      .join(''),
};

/**
 * The page runs no script and loads nothing: even if some markup slipped through the writer, a browser
 * would not execute it. Inline styles stay allowed (the page's own <style> and table alignment).
 */
export const CSP = "default-src 'none'; script-src 'none'; object-src 'none'; style-src 'unsafe-inline'; img-src 'none'; base-uri 'none'; form-action 'none'";

const CSS = `body{font-family:"Titillium Web",system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}
header,footer{color:#44546a;font-size:.9rem}h1{text-align:center}h2{color:#0b3d6b}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{border:1px solid #8a96a3;padding:.3rem .5rem;vertical-align:top}th{background:#e8edf3}
ul.caselle,ul.indice{list-style:none;padding-left:0}.indice .livello-3{padding-left:1rem}.indice .livello-4{padding-left:2rem}ins{background:#fff1a8}.firma{margin:2rem 0 1rem auto;width:18rem;text-align:center}hr.interruzione-pagina{margin:2rem 0}`;

/**
 * The third writer of the same tree: an accessible HTML page for the ente's website (semantic headings,
 * lists, tables with header cells, lang="it"), not indexed nor archived by search engines, as the
 * Garante's 2014 guidelines ask for acts on the Albo.
 */
export function renderHtml(doc: RenderedDocument): Uint8Array {
  const { meta } = doc;
  const html = `<!DOCTYPE html>
<html lang="it">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${CSP}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, noarchive">
<meta name="author" content="${escapeHtml(meta.autore)}">
<meta name="description" content="${escapeHtml(meta.oggetto)}">
<title>${escapeHtml(meta.titolo)}</title>
<style>${CSS}</style>
</head>
<body>
<header><p>${escapeHtml(meta.intestazione)}</p></header>
<main>
${renderHtmlBody(doc)}
</main>
</body>
</html>
`;
  return new TextEncoder().encode(html);
}

/** The document's content (what goes inside <main>), with `decorate` applied to each element it marks. */
export function renderHtmlBody(doc: RenderedDocument, decorate?: Decorate): string {
  indexed = indexEntries(doc.tree);
  anchors = anchorsOf(doc.tree);
  decorator = decorate ?? ((_node, html) => html);
  try {
    return state.blocks(doc.tree.children);
  } finally {
    decorator = (_node, html) => html;
  }
}
