import type { CrossRef, Heading, List, ListItem, Nodes, RootContent, Table, TableRow } from 'mdast';
import type { ContainerDirective, LeafDirective } from 'mdast-util-directive';
import { isSafeUrl } from '../../validate/links.js';
import { indexTitle, isLineBreakHtml } from '../markdown.js';

export interface HtmlState {
  blocks(nodes: readonly RootContent[]): string;
  inlines(nodes: readonly RootContent[]): string;
  /** The anchor of a heading the index lists. */
  headingId(node: Heading): string | undefined;
  /** Whether a cross-reference's heading is in the document. */
  linkable(anchor: string): boolean;
  /** The index: a navigation list of the headings it lists. */
  index(title: string): string;
  /** Rewrites a block's, list item's or table row's HTML (the preview marks what diagnostics concern). */
  decorate(node: Nodes, html: string): string;
}

export type Handler = (node: Nodes, state: HtmlState) => string;

/** Escapes text and attribute values (all attributes are double-quoted; the apostrophe too, for safety). */
export const escapeHtml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
// Handlers call it on parent nodes only.
const children = (node: Nodes) => (node as { children: RootContent[] }).children;

function listItem(item: ListItem, state: HtmlState): string {
  if (typeof item.checked !== 'boolean') {
    const inner = item.children.length === 1 && item.children[0]!.type === 'paragraph' ? state.inlines(children(item.children[0]!)) : state.blocks(item.children);
    return state.decorate(item, `<li>${inner}</li>`);
  }
  // A read-only checkbox a screen reader announces as checked or not, labelled by the item's first paragraph
  // (a label holds text only); the item's further blocks follow it.
  const [first, ...rest] = item.children as [ListItem['children'][number], ...ListItem['children']];
  const box = `<label><input type="checkbox" disabled${item.checked ? ' checked' : ''}> ${state.inlines(children(first))}</label>`;
  return state.decorate(item, `<li class="casella">${box}${state.blocks(rest)}</li>`);
}

function table(node: Table, state: HtmlState): string {
  const style = (c: number) => {
    // Stryker disable next-line OptionalChaining: equivalent, a parsed GFM table always has «align», one entry per column
    const align = node.align?.[c];
    return align ? ` style="text-align:${align}"` : '';
  };
  // A GFM table always has its header row.
  const [head, ...rows] = node.children as [TableRow, ...TableRow[]];
  const th = `<thead>${state.decorate(head, `<tr>${head.children.map((cell, c) => `<th scope="col"${style(c)}>${state.inlines(cell.children)}</th>`).join('')}</tr>`)}</thead>`;
  const body = rows.map((row) => state.decorate(row, `<tr>${row.children.map((cell, c) => `<td${style(c)}>${state.inlines(cell.children)}</td>`).join('')}</tr>`)).join('\n');
  return `<table>${th}<tbody>${body}</tbody></table>`;
}

/** One handler per mdast block type: the same keys as the PDF and DOCX writers (a test checks it). */
export const blockHandlers: Record<string, Handler> = {
  heading: (node, state) => {
    const depth = (node as Heading).depth;
    const id = state.headingId(node as Heading);
    return `<h${depth}${id ? ` id="${escapeHtml(id)}"` : ''}>${state.inlines(children(node))}</h${depth}>`;
  },
  paragraph: (node, state) => `<p>${state.inlines(children(node))}</p>`,
  list: (node, state) => {
    const list = node as List;
    const tag = list.ordered ? 'ol' : 'ul';
    // mdast: only an ordered list has a start.
    const from = list.start ?? 1;
    const start = from !== 1 ? ` start="${from}"` : '';
    const cls = list.children.every((i) => typeof i.checked === 'boolean') ? ' class="caselle"' : '';
    return `<${tag}${start}${cls}>${list.children.map((i) => listItem(i, state)).join('')}</${tag}>`;
  },
  table: (node, state) => table(node as Table, state),
  blockquote: (node, state) => `<blockquote>${state.blocks(children(node))}</blockquote>`,
  code: (node) => `<pre>${escapeHtml((node as { value: string }).value)}</pre>`,
  thematicBreak: () => '<hr>',
  html: () => '',
  containerDirective: (node, state) => ((node as ContainerDirective).name === 'firma' ? `<div class="firma">${state.blocks(children(node))}</div>` : state.blocks(children(node))),
  leafDirective: (node, state) => {
    const name = (node as LeafDirective).name;
    if (name === 'interruzione-pagina') return '<hr class="interruzione-pagina">';
    if (name === 'indice') return state.index(indexTitle(node as LeafDirective));
    return '';
  },
  definition: () => '',
};

export const inlineHandlers: Record<string, Handler> = {
  text: (node) => escapeHtml((node as { value: string }).value),
  strong: (node, state) => `<strong>${state.inlines(children(node))}</strong>`,
  emphasis: (node, state) => `<em>${state.inlines(children(node))}</em>`,
  delete: (node, state) => `<del>${state.inlines(children(node))}</del>`,
  inlineCode: (node) => `<code>${escapeHtml((node as { value: string }).value)}</code>`,
  break: () => '<br>',
  html: (node) => (isLineBreakHtml((node as { value: string }).value) ? '<br>' : escapeHtml((node as { value: string }).value)),
  insertion: (node, state) => `<ins>${state.inlines(children(node))}</ins>`,
  crossRef: (node, state) => {
    const anchor = (node as CrossRef).anchor;
    const inner = state.inlines(children(node));
    return state.linkable(anchor) ? `<a href="#rif-${escapeHtml(anchor)}">${inner}</a>` : inner;
  },
  noteRef: (node) => `<sup>${escapeHtml((node as { value: string }).value)}</sup>`,
  // Only web and e-mail links become active (validation refuses the rest; this guards template text).
  link: (node, state) => {
    const url = (node as { url: string }).url;
    return isSafeUrl(url) ? `<a href="${escapeHtml(url)}">${state.inlines(children(node))}</a>` : state.inlines(children(node));
  },
};
