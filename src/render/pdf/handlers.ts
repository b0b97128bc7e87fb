import type { CrossRef, Heading, List, ListItem, Nodes, RootContent } from 'mdast';
import type { ContainerDirective, LeafDirective } from 'mdast-util-directive';
import type { Content } from 'pdfmake/interfaces.js';
import { toString } from 'mdast-util-to-string';
import { indexTitle, INDEX_DEPTH, isLineBreakHtml, softBreaks } from '../markdown.js';
import { within, type BlockHandler, type InlineHandler, type Marks, type PdfState, type Run } from './state.js';
import { tagChild, type TagNode } from './tags.js';
import { table } from './table.js';
import { isSafeUrl } from '../../validate/links.js';

/**
 * A code block's lines. pdfmake breaks the line at a newline in the text; a space before it (invisible at the
 * end of the line) keeps the words apart in the text a screen reader or a copy reads.
 */
const spaced = (value: string) => value.replace(/(?<! )\n/g, ' \n');
const text = (value: string, marks: Marks, state: PdfState): Run[] => [{ text: softBreaks(value), ...marks, _t: state.tag }];
// Handlers call it on parent nodes only.
const children = (node: Nodes) => (node as { children: RootContent[] }).children;

/**
 * A checkbox drawn as vector graphics: the text font has no ☐/☒ glyphs. Its label in the structure says
 * the state in words (alternative text) and as the character a reader copies (actual text).
 */
function checkbox(checked: boolean, label: TagNode): Content {
  const box = { type: 'rect' as const, x: 0, y: 2, w: 9, h: 9, lineWidth: 0.8, lineColor: '#1f2d3d', _t: label };
  const tick = [
    { type: 'line' as const, x1: 1.8, y1: 3.8, x2: 7.2, y2: 9.2, lineWidth: 1.2, lineColor: '#1f2d3d', _t: label },
    { type: 'line' as const, x1: 7.2, y1: 3.8, x2: 1.8, y2: 9.2, lineWidth: 1.2, lineColor: '#1f2d3d', _t: label },
  ];
  return { canvas: checked ? [box, ...tick] : [box], width: 14 } as Content;
}

const isList = (c: Content | undefined) => ['ol', 'ul'].some((key) => Object.hasOwn(Object(c), key));

/** L › LI › Lbl (the marker pdfmake draws, tagged by the adapter through `_lbl`) + LBody. */
function listItem(item: ListItem, list: TagNode, state: PdfState): Content {
  const li = tagChild(list, 'LI', undefined, true);
  const task = typeof item.checked === 'boolean';
  const label = task ? tagChild(li, 'Lbl', { alt: item.checked ? 'casella selezionata' : 'casella non selezionata', actual: item.checked ? '☒' : '☐' }) : undefined;
  const body = tagChild(li, 'LBody');
  const blocks = within(state, body, () => state.blocks(item.children));
  if (task) return { columns: [checkbox(item.checked!, label!), { stack: blocks, width: '*' }], columnGap: 4, margin: [0, 1, 0, 1] };
  // An item that is only a nested list gets no marker from pdfmake, so no label.
  const marked = !(blocks.length === 1 && isList(blocks[0]));
  const lbl = marked ? tagChild(li, 'Lbl') : undefined;
  // The label reads before the body.
  // Stryker disable next-line ConditionalExpression: without a label the LI holds only its LBody, and moving it is a no-op
  if (lbl) li.children.unshift(li.children.pop()!);
  const content = (blocks.length === 1 ? { ...(blocks[0] as object) } : { stack: blocks }) as Content & { _lbl?: TagNode };
  if (lbl) content._lbl = lbl;
  return content;
}

function list(node: List, state: PdfState): Content {
  const depth = state.listDepth++;
  const tag = tagChild(state.tag, 'L');
  const items = node.children.map((item) => listItem(item, tag, state));
  state.listDepth--;
  if (node.children.every((i) => typeof i.checked === 'boolean')) return { stack: items, margin: [0, 2, 0, 6] };
  // Legal documents number "1." and bullet with a dash-like marker; markers are drawn by pdfmake.
  return node.ordered
    ? depth === 1
      ? { ol: items, start: node.start ?? 1, type: 'lower-alpha', separator: ')', margin: [0, 2, 0, 6] }
      : { ol: items, start: node.start ?? 1, margin: [0, 2, 0, 6] }
    : { ul: items, margin: [0, 2, 0, 6] };
}

function signature(node: ContainerDirective, state: PdfState): Content {
  const blocks = within(state, tagChild(state.tag, 'Div'), () => state.blocks(node.children));
  return {
    columns: [{ text: '', width: '*' }, { stack: blocks.map((b) => ({ ...(b as object), alignment: 'center', margin: [0, 0, 0, 2] }) as Content), width: 220 }],
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
    const tag = tagChild(state.tag, `H${state.levels.next(depth)}`);
    return {
      ...(id ? { id } : {}),
      text: within(state, tag, () => state.inlines(children(node))),
      style: headingStyle(node as Heading),
      headlineLevel: depth,
      ...(inIndex ? { tocItem: true, tocMargin: [(depth - INDEX_DEPTH.min) * 14, 0, 0, 3], tocStyle: depth === INDEX_DEPTH.min ? { bold: true } : {} } : {}),
      ...(outlined ? outlineEntry(toString(node), depth, id!, state) : {}),
    } as Content;
  },
  paragraph: (node, state) => ({ text: within(state, tagChild(state.tag, 'P'), () => state.inlines(children(node))), style: 'p' }),
  list: (node, state) => list(node as List, state),
  table: (node, state) => table(node as Parameters<typeof table>[0], state),
  blockquote: (node, state) => ({ stack: within(state, tagChild(state.tag, 'BlockQuote'), () => state.blocks(children(node))), margin: [18, 0, 0, 6], italics: true }),
  code: (node, state) => ({ text: [{ text: spaced((node as { value: string }).value), _t: tagChild(state.tag, 'Code') }], preserveLeadingSpaces: true, fontSize: 9, margin: [12, 0, 0, 6] }),
  // A rule is presentation (an artifact): no tag.
  thematicBreak: () => ({ canvas: [{ type: 'line', x1: 0, y1: 4, x2: 483, y2: 4, lineWidth: 0.5, lineColor: '#8a96a3' }], margin: [0, 4, 0, 8] }),
  html: () => [],
  containerDirective: (node, state) => ((node as ContainerDirective).name === 'firma' ? signature(node as ContainerDirective, state) : state.blocks(children(node))),
  leafDirective: (node, state) => {
    const name = (node as LeafDirective).name;
    if (name === 'interruzione-pagina') return { text: '', pageBreak: 'after' };
    if (name === 'indice') {
      // TOC › (its title as a heading) and, added by the adapter when pdfmake lists the entries, TOCI › Link.
      const toc = tagChild(state.tag, 'TOC');
      const title = tagChild(toc, `H${state.levels.peek(2)}`);
      return { toc: { title: { text: [{ text: indexTitle(node as LeafDirective), _t: title }], style: 'h2' }, numberStyle: {} }, _tag: toc, margin: [0, 0, 0, 12] } as unknown as Content;
    }
    return [];
  },
  definition: () => [],
};

export const inlineHandlers: Record<string, InlineHandler> = {
  text: (node, state, marks) => text((node as { value: string }).value, marks, state),
  strong: (node, state, marks) => state.inlines(children(node), { ...marks, bold: true }),
  emphasis: (node, state, marks) => state.inlines(children(node), { ...marks, italics: true }),
  delete: (node, state, marks) => state.inlines(children(node), { ...marks, decoration: 'lineThrough' }),
  inlineCode: (node, state, marks) => text((node as { value: string }).value, marks, state),
  // The space before a forced line break is invisible and keeps the words apart for whoever reads the text.
  break: (_n, state) => [{ text: ' \n', _t: state.tag }],
  html: (node, state, marks) => (isLineBreakHtml((node as { value: string }).value) ? [{ text: ' \n', _t: state.tag }] : text((node as { value: string }).value, marks, state)),
  insertion: (node, state, marks) => state.inlines(children(node), { ...marks, decoration: 'underline' }).map((r) => ({ ...r, background: '#fff1a8' })),
  crossRef: (node, state, marks) => {
    const anchor = (node as CrossRef).anchor;
    if (!state.anchors.has(anchor)) return state.inlines(children(node), marks);
    const link = linkTag(state, `Rimando a ${toString(node).trim()}`);
    return within(state, link, () => state.inlines(children(node), marks)).map((r) => ({ ...r, linkToDestination: pdfAnchor(anchor), color: '#0b4f8a' }));
  },
  noteRef: (node, state, marks) => [{ ...text((node as { value: string }).value, marks, state)[0]!, sup: true }],
  // Only web and e-mail links become active (validation refuses the rest; this guards template text).
  link: (node, state, marks) => {
    const url = (node as { url: string }).url;
    if (!isSafeUrl(url)) return state.inlines(children(node), marks);
    const label = toString(node).trim();
    const link = linkTag(state, label && label !== url ? `${label}: ${url}` : url);
    return within(state, link, () => state.inlines(children(node), { ...marks, link: url, decoration: 'underline' })).map((r) => ({ ...r, color: '#0b4f8a' }));
  },
};

/** A Link in the structure, with the description its annotations carry. */
function linkTag(state: PdfState, contents: string): TagNode {
  const link = tagChild(state.tag, 'Link');
  link.contents = contents;
  return link;
}
