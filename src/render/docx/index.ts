import { readFileSync } from 'node:fs';
import type { Nodes, RootContent } from 'mdast';
import { AlignmentType, Document, Footer, Header, LevelFormat, PageNumber, PageOrientation, Paragraph, TextRun } from 'docx';
import type { RenderedDocument } from '../document.js';
import { anchorsOf, hasIndex } from '../markdown.js';
import { FONT_FAMILY, fontFiles } from '../fonts.js';
import { packDocx } from './deterministic.js';
import { blockHandlers, inlineHandlers } from './handlers.js';
import { CONTENT_WIDTH, PAGE } from './layout.js';
import { pageRuns } from '../orientation.js';
import type { DocxState } from './state.js';

function createState(anchors: Set<string>): DocxState {
  let instances = 0;
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
    anchors,
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

const bulletLevels = [0, 1, 2].map((level) => ({
  level,
  format: LevelFormat.BULLET,
  text: level === 0 ? '–' : '•',
  alignment: AlignmentType.LEFT,
  style: { paragraph: { indent: { left: 426 + level * 360, hanging: 284 } } },
}));
const numberLevels = [0, 1, 2].map((level) => ({
  level,
  format: level === 1 ? LevelFormat.LOWER_LETTER : LevelFormat.DECIMAL,
  text: level === 1 ? `%${level + 1})` : `%${level + 1}.`,
  alignment: AlignmentType.LEFT,
  style: { paragraph: { indent: { left: 426 + level * 360, hanging: 340 } } },
}));

let fontData: { data: Buffer; bold: Buffer; italic: Buffer; boldItalic: Buffer } | undefined;
function fonts() {
  const f = fontFiles();
  fontData ??= { data: readFileSync(f.normal), bold: readFileSync(f.bold), italic: readFileSync(f.italics), boldItalic: readFileSync(f.bolditalics) };
  return fontData;
}

export async function renderDocx(doc: RenderedDocument): Promise<Uint8Array> {
  const { meta } = doc;
  const state = createState(anchorsOf(doc.tree));
  const heading = (size: number, extra: object = {}) => ({
    run: { font: FONT_FAMILY, size, bold: true, color: '0B3D6B' },
    paragraph: { spacing: { before: 200, after: 80 }, keepNext: true, ...extra },
  });
  const document = new Document({
    creator: meta.autore,
    lastModifiedBy: meta.autore,
    title: meta.titolo,
    subject: meta.oggetto,
    description: meta.oggetto,
    fonts: [{ name: FONT_FAMILY, ...fonts() }],
    // Word fills in an index's page numbers when it opens the document (it asks first). They are not
    // pre-written: docx/layout's estimate (guessing, as Office has its own Titillium) put the headings of
    // the shipped regulation 2-6 pages away from where LibreOffice lays them out; a blank number is
    // better than a wrong one. The entries themselves link to the headings' bookmarks.
    features: hasIndex(doc.tree) ? { updateFields: true } : undefined,
    styles: {
      default: {
        document: { run: { font: FONT_FAMILY, size: 21, language: { value: meta.lingua } }, paragraph: { spacing: { after: 120, line: 276 } } },
        heading1: { ...heading(30, { alignment: AlignmentType.CENTER }), run: { font: FONT_FAMILY, size: 30, bold: true, color: '000000' } },
        heading2: heading(24),
        heading3: heading(22),
        heading4: heading(21),
      },
    },
    numbering: {
      config: [
        { reference: 'elenco-puntato', levels: bulletLevels },
        { reference: 'elenco-numerato', levels: numberLevels },
      ],
    },
    // One section per run of pages: a wide table's pages are landscape (same header, footer, numbering).
    sections: pageRuns(doc.tree.children).map((run) => ({
      properties: {
        page: {
          // docx swaps width and height itself for a landscape page.
          size: { width: PAGE.width, height: PAGE.height, orientation: run.landscape ? PageOrientation.LANDSCAPE : PageOrientation.PORTRAIT },
          margin: { top: PAGE.marginTop, bottom: PAGE.marginBottom, left: PAGE.marginSide, right: PAGE.marginSide },
        },
      },
      headers: { default: new Header({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [new TextRun({ text: meta.intestazione, size: 18, color: '44546A' })] })] }) },
      footers: { default: new Footer({ children: [new Paragraph({ alignment: AlignmentType.CENTER, children: [footerRuns(meta.piede)] })] }) },
      children: state.blocks(run.nodes, { width: run.landscape ? PAGE.height - 2 * PAGE.marginSide : CONTENT_WIDTH }),
    })),
  });
  return packDocx(document, meta.data);
}
