import type { CrossRef, Heading, List, ListItem, Nodes, RootContent } from 'mdast';
import type { ContainerDirective, LeafDirective } from 'mdast-util-directive';
import { AlignmentType, Bookmark, BorderStyle, CheckBox, ExternalHyperlink, HeadingLevel, InternalHyperlink, PageBreak, Paragraph, TableOfContents, TextRun } from 'docx';
import { isSafeUrl } from '../../validate/links.js';
import { indexTitle, INDEX_DEPTH, isLineBreakHtml, softBreaks } from '../markdown.js';
import type { BlockContext, BlockHandler, DocxState, InlineHandler, Marks } from './state.js';
import { BULLETS, itemIndent, orderedList } from './numbering.js';
import { table } from './table.js';

// Handlers call it on parent nodes only.
const children = (node: Nodes) => (node as { children: RootContent[] }).children;
const run = (text: string, marks: Marks) =>
  new TextRun({
    text: softBreaks(text),
    bold: marks.bold,
    italics: marks.italics,
    strike: marks.strike,
    superScript: marks.superScript,
    size: marks.size,
    ...(marks.linked ? { color: LINK_COLOR } : {}),
    // docx's underline is single by default.
    ...(marks.inserted || marks.linked === 'external' ? { underline: {} } : {}),
    ...(marks.inserted ? { highlight: 'yellow' } : {}),
  });

/** The PDF's link colour (#0b4f8a). */
const LINK_COLOR = '0B4F8A';

/** Word bookmark names: letters, digits and "_", at most 40 characters. */
export function bookmarkName(anchor: string): string {
  const name = `rif_${anchor.replace(/[^A-Za-z0-9]/g, '_')}`;
  if (name.length <= 40) return name;
  let h = 0;
  for (const c of anchor) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  return `${name.slice(0, 31)}_${h.toString(16).padStart(8, '0')}`;
}

const HEADINGS = [HeadingLevel.HEADING_1, HeadingLevel.HEADING_2, HeadingLevel.HEADING_3, HeadingLevel.HEADING_4, HeadingLevel.HEADING_5, HeadingLevel.HEADING_6] as const;

function paragraph(node: Nodes, state: DocxState, ctx: BlockContext): Paragraph {
  return new Paragraph({
    children: state.inlines(children(node)),
    alignment: ctx.align === 'center' ? AlignmentType.CENTER : ctx.list ? AlignmentType.LEFT : AlignmentType.JUSTIFIED,
    indent: ctx.indentLeft ? { left: ctx.indentLeft } : undefined,
    numbering: ctx.list ? { reference: ctx.list.reference, level: ctx.listLevel ?? 0, instance: ctx.list.instance } : undefined,
    keepNext: ctx.align === 'center' ? true : undefined,
  });
}

function listItem(item: ListItem, state: DocxState, ctx: BlockContext) {
  if (typeof item.checked === 'boolean') {
    // A real Word checkbox (content control) before the item's text.
    const rest = item.children.slice(1);
    const para = new Paragraph({
      indent: { left: 360 },
      spacing: { after: 40 },
      children: [new CheckBox({ checked: item.checked }), new TextRun({ text: ' ' }), ...state.inlines(item.children.slice(0, 1).flatMap(children))],
    });
    // The item's further blocks align with its text, unnumbered.
    return [para, ...state.blocks(rest, { ...ctx, list: undefined, listLevel: undefined, indentLeft: 360 })];
  }
  const out: ReturnType<BlockHandler> = [];
  const level = ctx.listLevel ?? 0;
  // Only the item's first paragraph carries the number; what follows aligns with its text (unnumbered: a
  // quotation inside an item numbered as an item would shift every following number).
  const within = { ...ctx, list: undefined, listLevel: undefined, indentLeft: itemIndent(level) };
  item.children.forEach((child, i) => {
    if (child.type === 'list') out.push(...state.blocks([child], { ...ctx, listLevel: level + 1 }));
    else if (child.type === 'paragraph' && i === 0) out.push(paragraph(child, state, ctx));
    else out.push(...state.blocks([child], within));
  });
  return out;
}

function list(node: List, state: DocxState, ctx: BlockContext) {
  // Every ordered list is its own Word list (a fresh instance restarts all levels), as in the PDF: two
  // lettered lists in one comma (art. 57, comma 11 of the I.S.S.A. regulation) both start from «a)».
  const level = ctx.listLevel ?? 0;
  const list = node.ordered ? { reference: orderedList(level, node.start), instance: state.nextListInstance() } : { reference: BULLETS, instance: 0 };
  return node.children.flatMap((item) => listItem(item, state, { ...ctx, list, listLevel: level }));
}

function signature(node: ContainerDirective, state: DocxState, ctx: BlockContext) {
  return [new Paragraph({ spacing: { before: 360 }, children: [] }), ...state.blocks(node.children, { ...ctx, align: 'center', indentLeft: 5400 })];
}

/** One handler per mdast block type; the same keys as the PDF writer's map (a test checks it). */
export const blockHandlers: Record<string, BlockHandler> = {
  heading: (node, state) => {
    const heading = node as Heading;
    const anchor = heading.data?.anchor;
    const inlines = state.inlines(children(node));
    // The style follows the Markdown depth (the index's levels, as in the PDF; 5 and 6 look like 4); the outline
    // level follows the nesting (see headingLevels): where they differ (`#` then `###`, or a document that
    // starts at `##`) the paragraph carries its own outline level, which Word and LibreOffice put first.
    const style = heading.depth;
    const level = state.headingLevel(heading);
    return [
      new Paragraph({
        heading: HEADINGS[style - 1],
        ...(level !== style ? { outlineLevel: level - 1 } : {}),
        keepNext: true,
        children: anchor ? [new Bookmark({ id: bookmarkName(anchor), children: inlines })] : inlines,
      }),
    ];
  },
  paragraph: (node, state, ctx) => [paragraph(node, state, ctx)],
  list: (node, state, ctx) => list(node as List, state, ctx),
  table: (node, state, ctx) => [table(node as Parameters<typeof table>[0], state, ctx.width)],
  blockquote: (node, state, ctx) => state.blocks(children(node), { ...ctx, indentLeft: (ctx.indentLeft ?? 0) + 567 }),
  // A code block keeps its lines: a newline inside a run would read as a space.
  code: (node) => [new Paragraph({ children: (node as { value: string }).value.split('\n').map((line, i) => new TextRun({ text: line, size: 18, ...(i > 0 ? { break: 1 } : {}) })), indent: { left: 340 } })],
  thematicBreak: () => [new Paragraph({ border: { bottom: { style: BorderStyle.SINGLE, size: 4, color: '8A96A3', space: 1 } }, children: [] })],
  html: () => [],
  containerDirective: (node, state, ctx) => ((node as ContainerDirective).name === 'firma' ? signature(node as ContainerDirective, state, ctx) : state.blocks(children(node), ctx)),
  leafDirective: (node) => {
    const name = (node as LeafDirective).name;
    if (name === 'interruzione-pagina') return [new Paragraph({ children: [new PageBreak()] })];
    if (name === 'indice') {
      // A Word TOC field over the same heading levels as the PDF's index, its entries linked to the
      // headings' bookmarks. docx writes it clean when the document has page numbers (LibreOffice's, see
      // renderDocx), dirty otherwise (Word then fills the numbers in when it opens the document).
      return [
        new Paragraph({ heading: undefined, keepNext: true, spacing: { before: 200, after: 120 }, children: [new TextRun({ text: indexTitle(node as LeafDirective), bold: true, size: 24, color: '0B3D6B' })] }),
        new TableOfContents(indexTitle(node as LeafDirective), { hyperlink: true, headingStyleRange: `${INDEX_DEPTH.min}-${INDEX_DEPTH.max}` }),
      ];
    }
    return [];
  },
  definition: () => [],
};

export const inlineHandlers: Record<string, InlineHandler> = {
  text: (node, _s, marks) => [run((node as { value: string }).value, marks)],
  strong: (node, state, marks) => state.inlines(children(node), { ...marks, bold: true }),
  emphasis: (node, state, marks) => state.inlines(children(node), { ...marks, italics: true }),
  delete: (node, state, marks) => state.inlines(children(node), { ...marks, strike: true }),
  inlineCode: (node, _s, marks) => [run((node as { value: string }).value, marks)],
  break: () => [new TextRun({ break: 1 })],
  html: (node, _s, marks) => (isLineBreakHtml((node as { value: string }).value) ? [new TextRun({ break: 1 })] : [run((node as { value: string }).value, marks)]),
  insertion: (node, state, marks) => state.inlines(children(node), { ...marks, inserted: true }),
  crossRef: (node, state, marks) => {
    const anchor = (node as CrossRef).anchor;
    if (!state.anchors.has(anchor)) return state.inlines(children(node), marks);
    return [new InternalHyperlink({ anchor: bookmarkName(anchor), children: state.inlines(children(node), { ...marks, linked: 'internal' }) as TextRun[] })];
  },
  noteRef: (node, _s, marks) => [run((node as { value: string }).value, { ...marks, superScript: true })],
  // Only web and e-mail links become active (validation refuses the rest; this guards template text).
  link: (node, state, marks) =>
    isSafeUrl((node as { url: string }).url)
      ? [new ExternalHyperlink({ link: (node as { url: string }).url, children: state.inlines(children(node), { ...marks, linked: 'external' }) as TextRun[] })]
      : state.inlines(children(node), marks),
};
