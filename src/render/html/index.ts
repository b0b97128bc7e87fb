import type { Nodes, RootContent } from 'mdast';
import type { RenderedDocument } from '../document.js';
import { blockHandlers, escapeHtml, inlineHandlers, type HtmlState } from './handlers.js';

const state: HtmlState = {
  blocks: (nodes: readonly RootContent[]) =>
    nodes
      .map((node) => {
        const handler = blockHandlers[node.type];
        if (!handler) throw new Error(`HTML: nodo non gestito «${node.type}»`);
        return handler(node as Nodes, state);
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

const CSS = `body{font-family:"Titillium Web",system-ui,sans-serif;max-width:48rem;margin:2rem auto;padding:0 1rem;line-height:1.5;color:#1a1a1a}
header,footer{color:#44546a;font-size:.9rem}h1{text-align:center}h2{color:#0b3d6b}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}th,td{border:1px solid #8a96a3;padding:.3rem .5rem;vertical-align:top}th{background:#e8edf3}
ul.caselle{list-style:none;padding-left:0}.firma{margin:2rem 0 1rem auto;width:18rem;text-align:center}hr.interruzione-pagina{margin:2rem 0}`;

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
${state.blocks(doc.tree.children)}
</main>
</body>
</html>
`;
  return new TextEncoder().encode(html);
}
