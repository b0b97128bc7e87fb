import { readFileSync } from 'node:fs';
import type { Nodes, Root, RootContent } from 'mdast';
import { AlignmentType, Document, Footer, Header, PageNumber, PageOrientation, Paragraph, TextRun } from 'docx';
import type { RenderedDocument } from '../document.js';
import { anchorsOf, hasIndex } from '../markdown.js';
import { headingLevels } from '../heading-levels.js';
import { FONT_FAMILY, fontFiles } from '../fonts.js';
import { packDocx } from './deterministic.js';
import { blockHandlers, inlineHandlers } from './handlers.js';
import { BULLETS, bulletLevels, NUMBERS, numberLevels } from './numbering.js';
import { CONTENT_WIDTH, PAGE } from './layout.js';
import { pageRuns } from '../orientation.js';
import type { DocxState } from './state.js';
import { letterheadHeader } from './letterhead.js';
import { layoutPages, libreOffice, tocBookmarks } from './toc-pages.js';
import { strFromU8, unzipSync } from 'fflate';

function createState(tree: Root): DocxState {
  let instances = 0;
  const levels = headingLevels(tree);
  const state: DocxState = {
    blocks(nodes, ctx = {}) {
      return nodes.flatMap((node) => {
        const handler = blockHandlers[node.type];
        if (!handler) throw new Error(`DOCX: nodo non gestito «${node.type}»`);
        return handler(node as Nodes, state, ctx);
      });
    },
    inlines(nodes: readonly RootContent[], marks = {}) {
      return nodes.flatMap((node) => {
        const handler = inlineHandlers[node.type];
        if (!handler) throw new Error(`DOCX: nodo in linea non gestito «${node.type}»`);
        return handler(node as Nodes, state, marks);
      });
    },
    nextListInstance: () => ++instances,
    anchors: anchorsOf(tree),
    headingLevel: (node) => levels.get(node) ?? node.depth,
  };
  return state;
}

/** "Pagina {pagina} di {pagine}" -> text runs with Word's page fields. */
function footerRuns(pattern: string): TextRun {
  const parts = pattern.split(/(\{pagina\}|\{pagine\})/).filter(Boolean);
  return new TextRun({
    size: 18,
    color: '44546A',
    children: parts.map((p) => (p === '{pagina}' ? PageNumber.CURRENT : p === '{pagine}' ? PageNumber.TOTAL_PAGES : p)),
  });
}

let fontData: { data: Buffer; bold: Buffer; italic: Buffer; boldItalic: Buffer } | undefined;
function fonts() {
  const f = fontFiles();
  fontData ??= { data: readFileSync(f.normal), bold: readFileSync(f.bold), italic: readFileSync(f.italics), boldItalic: readFileSync(f.bolditalics) };
  return fontData;
}

/** The names of the index's heading bookmarks in a body docx is writing, in order (docx numbers them per process). */
function bodyBookmarks(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) bodyBookmarks(n, out);
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      const name = key === 'w:bookmarkStart' ? (value as { _attr?: Record<string, unknown> })?._attr?.['w:name'] : undefined;
      if (typeof name === 'string' && name.startsWith('_Toc') && !out.includes(name)) out.push(name);
      bodyBookmarks(value, out);
    }
  }
  return out;
}

/** docx's page-number hook, answering with the pages LibreOffice laid the headings on (i-th bookmark, i-th page). */
function knownPages(pages: readonly (number | undefined)[]) {
  return (body: unknown) => {
    const names = bodyBookmarks(body);
    const found = names.flatMap((n, i) => (pages[i] ? [[n, pages[i]] as [string, number]] : []));
    return { bookmarks: new Map(found.map(([n, p]) => [n, String(p)])), bookmarkPageNumbers: new Map(found) };
  };
}

/**
 * A DOCX; one with an index has its page numbers written in, from LibreOffice's layout of the DOCX itself
 * (laid out again with the numbers, until the numbers are those of the layout), and opens without Word
 * asking to update fields. Without LibreOffice the index is left for Word to fill in, as a field it
 * updates on opening.
 */
export async function renderDocx(doc: RenderedDocument): Promise<Uint8Array> {
  const first = await writeDocx(doc);
  if (!hasIndex(doc.tree)) return first;
  // Without LibreOffice the build says which documents have an index without page numbers (build.ts).
  if (!libreOffice()) return writeDocx(doc, undefined, true);
  const names = tocBookmarks(strFromU8(unzipSync(first)['word/document.xml']!));
  let pages: (number | undefined)[] = [];
  let bytes = first;
  let layout = await layoutPages(first, names);
  // Writing the numbers can move the text (an entry that now wraps): lay out again until they agree.
  for (let round = 0; round < 3; round++) {
    pages = names.map((n) => layout.get(n));
    bytes = await writeDocx(doc, pages);
    layout = await layoutPages(bytes, names);
    if (names.every((n, i) => layout.get(n) === pages[i])) break;
  }
  return bytes;
}

/** One pass of the DOCX writer, with the index's page numbers when known (renderDocx finds them). */
export async function writeDocx(doc: RenderedDocument, pages?: readonly (number | undefined)[], updateFields = false): Promise<Uint8Array> {
  const { meta } = doc;
  const state = createState(doc.tree);
  // Heading N is outline level N - 1 (from 0): Word's navigation pane, LibreOffice (and its tagged PDF) and
  // screen readers take these paragraphs as headings, not as big bold text.
  const heading = (level: number, size: number, extra: object = {}) => ({
    run: { font: FONT_FAMILY, size, bold: true, color: '0B3D6B' },
    paragraph: { spacing: { before: 200, after: 80 }, keepNext: true, outlineLevel: level - 1, ...extra },
  });
  const document = new Document({
    creator: meta.autore,
    lastModifiedBy: meta.autore,
    title: meta.titolo,
    subject: meta.oggetto,
    description: meta.oggetto,
    fonts: [{ name: FONT_FAMILY, ...fonts() }],
    // An index's page numbers are LibreOffice's (see renderDocx): written clean, so Word does not ask to
    // update fields. docx/layout's own estimate put the headings of the shipped regulation 2-6 pages away
    // from where LibreOffice lays them out: without LibreOffice, Word fills them in on opening, after asking.
    features: updateFields ? { updateFields: true } : undefined,
    // A justified line that ends in a forced break («a capo») is not stretched across the page, as in the PDF.
    compatibility: { doNotExpandShiftReturn: true },
    ...(pages ? { pageNumbers: knownPages(pages) as unknown as ConstructorParameters<typeof Document>[0]['pageNumbers'] } : {}),
    styles: {
      default: {
        document: { run: { font: FONT_FAMILY, size: 21, language: { value: meta.lingua } }, paragraph: { spacing: { after: 120, line: 276 } } },
        heading1: { ...heading(1, 30, { alignment: AlignmentType.CENTER }), run: { font: FONT_FAMILY, size: 30, bold: true, color: '000000' } },
        heading2: heading(2, 24),
        heading3: heading(3, 22),
        heading4: heading(4, 21),
        // Deeper Markdown headings look like Heading 4 (as in the PDF) but keep their own style, so the index
        // (levels 2-4) leaves them out as the PDF's and the HTML's do.
        heading5: heading(5, 21),
        heading6: heading(6, 21),
      },
    },
    numbering: {
      config: [
        { reference: BULLETS, levels: bulletLevels },
        { reference: NUMBERS, levels: numberLevels() },
      ],
    },
    // One section per run of pages: a wide table's pages are landscape (same header, footer, numbering).
    sections: pageRuns(doc.tree.children).map((run, i) => ({
      properties: {
        // The first page's own header is the letterhead; the following pages have the short one.
        ...(i === 0 && meta.carta ? { titlePage: true } : {}),
        page: {
          // docx swaps width and height itself for a landscape page.
          size: { width: PAGE.width, height: PAGE.height, orientation: run.landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT },
          margin: { top: PAGE.marginTop, bottom: PAGE.marginBottom, left: PAGE.marginSide, right: PAGE.marginSide },
        },
      },
      headers: {
        default: new Header({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: meta.intestazione, size: 18, color: '44546A' })] })] }),
        ...(i === 0 && meta.carta ? { first: letterheadHeader(meta.carta, run.landscape ? PAGE.height - 2 * PAGE.marginSide : CONTENT_WIDTH) } : {}),
      },
      footers: {
        default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [footerRuns(meta.piede)] })] }),
        // With titlePage the first page has its own footer too: the same page numbers.
        ...(i === 0 && meta.carta ? { first: new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [footerRuns(meta.piede)] })] }) } : {}),
      },
      children: state.blocks(run.nodes, { width: run.landscape ? PAGE.height - 2 * PAGE.marginSide : CONTENT_WIDTH }),
    })),
  });
  return packDocx(document, meta.data, meta.lingua);
}
