import type { CrossRef, Heading, List, ListItem, Nodes, RootContent } from 'mdast';
import type { ContainerDirective, LeafDirective } from 'mdast-util-directive';
import type { Content } from 'pdfmake/interfaces.js';
import { toString } from 'mdast-util-to-string';
import { indexTitle, INDEX_DEPTH, isLineBreakHtml } from '../markdown.js';
import type { BlockHandler, InlineHandler, Marks, Run } from './state.js';
import { table } from './table.js';
import { isSafeUrl } from '../../validate/links.js';

const text = (value: string, marks: Marks): Run[] => [{ text: value, ...marks }];
const children = (node: Nodes) => ('children' in node ? (node.children as RootContent[]) : []);

/** A checkbox drawn as vector graphics: the text font has no ☐/☒ glyphs. */
function checkbox(checked: boolean): Content {
  const box = { type: 'rect' as const, x: 0, y: 2, w: 9, h: 9, lineWidth: 0.8, lineColor: '#1f2d3d' };
  const tick = [
    { type: 'line' as const, x1: 1.8, y1: 3.8, x2: 7.2, y2: 9.2, lineWidth: 1.2, lineColor: '#1f2d3d' },
    { type: 'line' as const, x1: 7.2, y1: 3.8, x2: 1.8, y2: 9.2, lineWidth: 1.2, lineColor: '#1f2d3d' },
  ];
  return { canvas: checked ? [box, ...tick] : [box], width: 14 } as Content;
}

function listItem(item: ListItem, state: Parameters<BlockHandler>[1]): Content {
  const blocks = state.blocks(item.children);
  if (item.checked === null || item.checked === undefined) return blocks.length === 1 ? blocks[0]! : { stack: blocks };
  return { columns: [checkbox(item.checked), { stack: blocks, width: '*' }], columnGap: 4, margin: [0, 1, 0, 1] };
}

function list(node: List, state: Parameters<BlockHandler>[1]): Content {
  const depth = state.listDepth++;
  const items = node.children.map((item) => listItem(item, state));
  state.listDepth--;
  if (node.children.every((i) => typeof i.checked === 'boolean')) return { stack: items, margin: [0, 2, 0, 6] };
  // Legal documents number "1." and bullet with a dash-like marker; markers are drawn by pdfmake.
  return node.ordered
    ? depth === 1
      ? { ol: items, start: node.start ?? 1, type: 'lower-alpha', separator: ')', margin: [0, 2, 0, 6] }
      : { ol: items, start: node.start ?? 1, margin: [0, 2, 0, 6] }
    : { ul: items, margin: [0, 2, 0, 6] };
}

function signature(node: ContainerDirective, state: Parameters<BlockHandler>[1]): Content {
  return {
    columns: [{ text: '', width: '*' }, { stack: state.blocks(node.children).map((b) => ({ ...(b as object), alignment: 'center', margin: [0, 0, 0, 2] }) as Content), width: 220 }],
    margin: [0, 24, 0, 12],
    unbreakable: true,
  };
}

const pdfAnchor = (anchor: string) => `rif-${anchor}`;

const headingStyle = (node: Heading) => `h${Math.min(node.depth, 4)}`;

/**
 * The PDF's bookmarks (outline) nest as the act does, titoli › capi › articoli: each indexed heading goes
 * under the last heading of a higher level. (pdfmake's own `toc.outlines` gives a flat list whose entries
 * read "[object Object]" when a heading has more than one text run.)
 */
function outlineEntry(text: string, depth: number, id: string, state: Parameters<BlockHandler>[1]) {
  const parents = state.outline.parents;
  const parent = parents.slice(INDEX_DEPTH.min, depth).filter(Boolean).pop();
  parents.length = depth;
  parents[depth] = id;
  return { outline: true, outlineText: text.replace(/\s+/g, ' ').trim(), outlineParentId: parent, outlineExpanded: depth === INDEX_DEPTH.min };
}

/** One handler per mdast block type; a test checks the DOCX writer covers the same keys. */
export const blockHandlers: Record<string, BlockHandler> = {
  heading: (node, state) => {
    const depth = (node as Heading).depth;
    // Bookmarks follow the act's structure whether or not it prints an index (a short regulation has none).
    const outlined = depth >= INDEX_DEPTH.min && depth <= INDEX_DEPTH.max;
    const inIndex = state.toc && outlined;
    const anchor = (node as Heading).data?.anchor;
    const id = anchor ? pdfAnchor(anchor) : outlined ? `voce-${++state.outline.count}` : undefined;
    return {
      ...(id ? { id } : {}),
      text: state.inlines(children(node)),
      style: headingStyle(node as Heading),
      headlineLevel: depth,
      ...(inIndex ? { tocItem: true, tocMargin: [(depth - INDEX_DEPTH.min) * 14, 0, 0, 3], tocStyle: depth === INDEX_DEPTH.min ? { bold: true } : {} } : {}),
      ...(outlined ? outlineEntry(toString(node), depth, id!, state) : {}),
    } as Content;
  },
  paragraph: (node, state) => ({ text: state.inlines(children(node)), style: 'p' }),
  list: (node, state) => list(node as List, state),
  table: (node, state) => table(node as Parameters<typeof table>[0], state),
  blockquote: (node, state) => ({ stack: state.blocks(children(node)), margin: [18, 0, 0, 6], italics: true }),
  code: (node) => ({ text: (node as { value: string }).value, preserveLeadingSpaces: true, fontSize: 9, margin: [12, 0, 0, 6] }),
  thematicBreak: () => ({ canvas: [{ type: 'line', x1: 0, y1: 4, x2: 483, y2: 4, lineWidth: 0.5, lineColor: '#8a96a3' }], margin: [0, 4, 0, 8] }),
  html: () => [],
  containerDirective: (node, state) => ((node as ContainerDirective).name === 'firma' ? signature(node as ContainerDirective, state) : state.blocks(children(node))),
  leafDirective: (node) => {
    const name = (node as LeafDirective).name;
    if (name === 'interruzione-pagina') return { text: '', pageBreak: 'after' };
    if (name === 'indice') return { toc: { title: { text: indexTitle(node as LeafDirective), style: 'h2' }, numberStyle: {} }, margin: [0, 0, 0, 12] } as Content;
    return [];
  },
  definition: () => [],
};

export const inlineHandlers: Record<string, InlineHandler> = {
  text: (node, _s, marks) => text((node as { value: string }).value, marks),
  strong: (node, state, marks) => state.inlines(children(node), { ...marks, bold: true }),
  emphasis: (node, state, marks) => state.inlines(children(node), { ...marks, italics: true }),
  delete: (node, state, marks) => state.inlines(children(node), { ...marks, decoration: 'lineThrough' }),
  inlineCode: (node, _s, marks) => text((node as { value: string }).value, marks),
  break: () => [{ text: '\n' }],
  html: (node, _s, marks) => (isLineBreakHtml((node as { value: string }).value) ? [{ text: '\n' }] : text((node as { value: string }).value, marks)),
  insertion: (node, state, marks) => state.inlines(children(node), { ...marks, decoration: 'underline' }).map((r) => ({ ...r, background: '#fff1a8' })),
  crossRef: (node, state, marks) => {
    const anchor = (node as CrossRef).anchor;
    const runs = state.inlines(children(node), marks);
    return state.anchors.has(anchor) ? runs.map((r) => ({ ...r, linkToDestination: pdfAnchor(anchor), color: '#0b4f8a' })) : runs;
  },
  noteRef: (node, _s, marks) => [{ ...text((node as { value: string }).value, marks)[0]!, sup: true }],
  // Only web and e-mail links become active (validation refuses the rest; this guards template text).
  link: (node, state, marks) =>
    isSafeUrl((node as { url: string }).url)
      ? state.inlines(children(node), { ...marks, link: (node as { url: string }).url, decoration: 'underline' }).map((r) => ({ ...r, color: '#0b4f8a' }))
      : state.inlines(children(node), marks),
};
