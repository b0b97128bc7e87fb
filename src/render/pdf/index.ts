import pdfmake from 'pdfmake';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces.js';
import type { Nodes, RootContent } from 'mdast';
import type { DocumentMeta, RenderedDocument } from '../document.js';
import { anchorsOf, hasIndex } from '../markdown.js';
import { pageRuns } from '../orientation.js';
import { FONT_FAMILY, fontFiles } from '../fonts.js';
import { blockHandlers, inlineHandlers } from './handlers.js';
import { shareFonts } from './shared-fonts.js';
import { installJustification } from './justify.js';
import { installPositionFix } from './positions.js';
import { letterheadBlock, letterheadImages } from './letterhead.js';
import type { Marks, PdfState, Run } from './state.js';
import { tagRoot } from './tags.js';
import { nestedLevels } from '../heading-levels.js';
import { installTagging } from './tagging.js';
import { installFastStyles } from './styles.js';
import { installContentBuffer } from './content-buffer.js';

let configured = false;
function configure(): void {
  if (configured) return;
  const files = fontFiles();
  pdfmake.setFonts({ [FONT_FAMILY]: files });
  // Sources are trusted text, but a document never needs the network or files other than the fonts.
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((p: string) => Object.values(files).includes(p));
  shareFonts();
  configured = true;
}

const state: PdfState = {
  toc: false,
  tag: tagRoot(),
  levels: nestedLevels(),
  anchors: new Set(),
  outline: { count: 0, parents: [] },
  listDepth: 0,
  blocks(nodes: readonly RootContent[]): Content[] {
    return nodes.flatMap((node) => {
      const handler = blockHandlers[node.type];
      if (!handler) throw new Error(`PDF: nodo non gestito «${node.type}»`);
      const out = handler(node as Nodes, state);
      return Array.isArray(out) ? out : [out];
    });
  },
  inlines(nodes: readonly RootContent[], marks: Marks = {}): Run[] {
    return nodes.flatMap((node) => {
      const handler = inlineHandlers[node.type];
      if (!handler) throw new Error(`PDF: nodo in linea non gestito «${node.type}»`);
      return handler(node as Nodes, state, marks);
    });
  },
};

/** XMP is written by pdfkit without XML escaping, and must match the Info dictionary (PDF/A). */
const xmpSafe = (s: string) => s.replace(/&/g, 'e').replace(/</g, '‹').replace(/>/g, '›');

/** Header and footer nodes, which pageBreakBefore must not count as text following a heading. */
const MARGIN = 'albo-margine';

type NodeInfo = { id?: string; headlineLevel?: number; text?: unknown; canvas?: unknown; image?: unknown; svg?: unknown; startPosition?: { pageNumber: number } };

/**
 * Whether a node on a heading's page is content the heading introduces: text or drawing that starts on
 * that page, not the running header or footer, not a container (a table whose rows all went to the next
 * page still counts as "on" this page), and not another heading (a titolo followed only by its capo
 * must move too: pdfmake asks each node once, in order).
 */
function introduced(n: NodeInfo, heading: NodeInfo): boolean {
  if (n.id === MARGIN || n.headlineLevel) return false;
  if (n.text === undefined && n.canvas === undefined && n.image === undefined && n.svg === undefined) return false;
  return n.startPosition?.pageNumber === heading.startPosition?.pageNumber;
}

function pageText(pattern: string, page: number, pages: number): string {
  return pattern.replace('{pagina}', String(page)).replace('{pagine}', String(pages));
}

export interface PdfOptions {
  /**
   * Tagged PDF/A-2a + PDF/UA-1 (the default). Untagged PDF/A-2b exists only so that the bench can measure
   * what tagging costs: albo never writes it.
   */
  tagged?: boolean;
}

/** A fresh definition per render: pdfmake mutates the one it is given. */
export function pdfDefinition(doc: RenderedDocument, options: PdfOptions = {}): TDocumentDefinitions {
  const tagged = options.tagged ?? true;
  const meta: DocumentMeta = doc.meta;
  const root = tagRoot();
  state.tag = root;
  state.levels = nestedLevels();
  state.toc = hasIndex(doc.tree);
  state.anchors = anchorsOf(doc.tree);
  state.outline = { count: 0, parents: [] };
  const runs = pageRuns(doc.tree.children);
  state.listDepth = 0;
  return {
    version: '1.7',
    subset: tagged ? 'PDF/A-2a' : 'PDF/A-2b',
    tagged,
    displayTitle: tagged,
    language: meta.lingua,
    info: {
      title: xmpSafe(meta.titolo),
      author: xmpSafe(meta.autore),
      subject: xmpSafe(meta.oggetto),
      creator: 'albo',
      producer: 'albo',
      creationDate: new Date(`${meta.data}T00:00:00Z`),
    },
    pageSize: 'A4',
    pageOrientation: runs[0]?.landscape ? 'landscape' : 'portrait',
    pageMargins: [56, 64, 56, 56],
    // With a letterhead the first page has the full one (the first block) and the others this short line.
    header: (page: number) => (meta.carta && page === 1 ? null : { id: MARGIN, text: meta.intestazione, alignment: 'center', fontSize: 9, color: '#44546a', margin: [56, 28, 56, 0] }),
    images: letterheadImages(meta.carta),
    footer: (page: number, pages: number) => ({ id: MARGIN, text: pageText(meta.piede, page, pages), alignment: 'center', fontSize: 9, color: '#44546a', margin: [56, 16, 56, 0] }),
    // Each run of pages after the first starts a page in its own orientation (wide tables: landscape).
    content: [
      ...(meta.carta ? [letterheadBlock(meta.carta, runs[0]?.landscape ? 842 - 112 : 595 - 112, root)] : []),
      ...runs.map((run, i) => ({ stack: state.blocks(run.nodes), ...(i > 0 ? { pageBreak: 'before' as const, pageOrientation: run.landscape ? ('landscape' as const) : ('portrait' as const) } : {}) })),
    ],
    // A heading never ends a page: it moves to the next one with the text it introduces.
    pageBreakBefore: (node, query) => Boolean(node.headlineLevel) && !query.getFollowingNodesOnPage().some((n) => introduced(n, node)),
    defaultStyle: { font: FONT_FAMILY, fontSize: 10.5, lineHeight: 1.15 },
    styles: {
      h1: { fontSize: 15, bold: true, alignment: 'center', margin: [0, 6, 0, 10] },
      h2: { fontSize: 12, bold: true, margin: [0, 10, 0, 4], color: '#0b3d6b' },
      h3: { fontSize: 11, bold: true, margin: [0, 8, 0, 3] },
      h4: { fontSize: 10.5, bold: true, italics: true, margin: [0, 6, 0, 2] },
      p: { margin: [0, 0, 0, 6], alignment: 'justify' },
    },
  };
}

/**
 * PDF/UA-1 identification, with the extension schema PDF/A requires for a namespace outside its own list
 * (ISO 14289-1, 5; the schema text is the one the PDF/UA reference suite uses).
 */
const PDFUA_XMP = `<rdf:Description rdf:about="" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/"><pdfuaid:part>1</pdfuaid:part></rdf:Description>
<rdf:Description rdf:about="" xmlns:pdfaExtension="http://www.aiim.org/pdfa/ns/extension/" xmlns:pdfaSchema="http://www.aiim.org/pdfa/ns/schema#" xmlns:pdfaProperty="http://www.aiim.org/pdfa/ns/property#"><pdfaExtension:schemas><rdf:Bag><rdf:li rdf:parseType="Resource"><pdfaSchema:schema>PDF/UA Universal Accessibility Schema</pdfaSchema:schema><pdfaSchema:namespaceURI>http://www.aiim.org/pdfua/ns/id/</pdfaSchema:namespaceURI><pdfaSchema:prefix>pdfuaid</pdfaSchema:prefix><pdfaSchema:property><rdf:Seq><rdf:li rdf:parseType="Resource"><pdfaProperty:name>part</pdfaProperty:name><pdfaProperty:valueType>Integer</pdfaProperty:valueType><pdfaProperty:category>internal</pdfaProperty:category><pdfaProperty:description>Indicates, which part of ISO 14289 standard is followed</pdfaProperty:description></rdf:li></rdf:Seq></pdfaSchema:property></rdf:li></rdf:Bag></pdfaExtension:schemas></rdf:Description>`;

export async function renderPdf(doc: RenderedDocument, options: PdfOptions = {}): Promise<Uint8Array> {
  configure();
  installJustification();
  installPositionFix();
  installTagging();
  installFastStyles();
  installContentBuffer();
  const definition = pdfDefinition(doc, options);
  const out = pdfmake.createPdf(definition);
  // pdfkit's XMP has title, author and subject but not the language: add dc:language before it ends.
  const kit = (await out.getStream()) as { appendXML(xml: string): void };
  kit.appendXML(
    `<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:language><rdf:Bag><rdf:li>${xmpSafe(doc.meta.lingua)}</rdf:li></rdf:Bag></dc:language></rdf:Description>`,
  );
  if (definition.tagged) kit.appendXML(PDFUA_XMP);
  return new Uint8Array(await out.getBuffer());
}
