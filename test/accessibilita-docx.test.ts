import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Heading, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProjects } from '../src/build/project.js';
import { renderDocument, type RenderedDocument } from '../src/render/document.js';
import { renderDocx } from '../src/render/docx/index.js';
import { headingLevels } from '../src/render/heading-levels.js';
import { parseMarkdown } from '../src/render/markdown.js';
import { renderPdf } from '../src/render/pdf/index.js';
import { stemmaAltText } from '../src/render/stemma-alt.js';
import { compileTemplate } from '../src/render/template.js';
import { docxParts } from './helpers/extract.js';
import { CONTENT } from './helpers/project.js';
import { ROOT } from './helpers/seed.js';
import { toolAvailable } from './helpers/tools.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'albo-a11y-docx-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
/** Text compared without spaces: a line a heading wraps at has no space in the PDF's text. */
const squash = (s: string) => s.replace(/\s+/g, '');

/** A shipped document of content/, rendered as the build does (ente folder, tipo, file name). */
const shipped = new Map<string, Promise<{ rendered: RenderedDocument; docx: Uint8Array; ente: string }>>();
function built(ente: string, tipo: string, file?: string) {
  const key = `${ente}/${tipo}/${file ?? ''}`;
  if (!shipped.has(key)) {
    shipped.set(
      key,
      (async () => {
        const project = (await loadProjects(CONTENT)).projects.find((p) => path.basename(p.dir) === ente)!;
        const doc = project.docs.find((d) => d.kind.tipo === tipo && (!file || d.source.file.endsWith(file)))!;
        const template = compileTemplate(readFileSync(path.join(ROOT, 'templates', doc.kind.template), 'utf8'), doc.kind.template);
        const rendered = renderDocument(doc, project, template);
        return { rendered, docx: await renderDocx(rendered), ente: project.config.ente.nome };
      })(),
    );
  }
  return shipped.get(key)!;
}

const meta = { titolo: 'Prova', oggetto: 'Prova', autore: 'Comune di Prova', intestazione: 'Comune di Prova', piede: 'Pagina {pagina} di {pagine}', data: '2024-01-01', lingua: 'it-IT' };
const fromMarkdown = (markdown: string) => renderDocx({ tree: parseMarkdown(markdown), markdown, meta });

/** The body of a paragraph style in styles.xml. */
function style(styles: string, id: string): string {
  const m = new RegExp(`<w:style [^>]*w:styleId="${id}"[^>]*>([\\s\\S]*?)</w:style>`).exec(styles);
  if (!m) throw new Error(`stile ${id} assente`);
  return m[1]!;
}
const outlineOf = (xml: string) => {
  const m = /<w:outlineLvl w:val="(\d+)"\/>/.exec(xml);
  return m ? Number(m[1]) : undefined;
};

interface HeadingParagraph {
  style: string;
  /** The paragraph's own outline level, if it has one. */
  own?: number;
  /** The outline level Word and LibreOffice use: the paragraph's, or else its style's (from 0). */
  level?: number;
  text: string;
}

/** The heading paragraphs of document.xml, in order. */
function headingParagraphs(parts: Record<string, string>): HeadingParagraph[] {
  const styles = parts['word/styles.xml']!;
  return [...parts['word/document.xml']!.matchAll(/<w:p(?: [^>]*)?>([\s\S]*?)<\/w:p>/g)].flatMap((m) => {
    const pPr = /<w:pPr>([\s\S]*?)<\/w:pPr>/.exec(m[1]!)?.[1] ?? '';
    const name = /<w:pStyle w:val="(Heading\d)"\/>/.exec(pPr)?.[1];
    if (!name) return [];
    const own = outlineOf(pPr);
    const text = [...m[1]!.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => decode(t[1]!)).join('');
    return [{ style: name, own, level: own ?? outlineOf(style(styles, name)), text }];
  });
}

const depthsOf = (tree: Root) => [...headingLevels(tree).keys()].map((h) => h.depth);
const levelsOf = (markdown: string) => [...headingLevels(parseMarkdown(markdown)).values()];

describe('heading levels follow the nesting, none skipped', () => {
  it('a skipped depth, a first heading below 1, a jump back up, a deeper heading than 4', () => {
    expect(levelsOf('# A\n\n## B\n\n### C\n\n## D')).toEqual([1, 2, 3, 2]);
    expect(levelsOf('# A\n\n### B\n\n#### C\n\n#### D\n\n## E\n\n### F')).toEqual([1, 2, 3, 3, 2, 3]);
    expect(levelsOf('## A\n\n### B\n\n#### C\n\n### D\n\n## E')).toEqual([1, 2, 3, 2, 2]);
    expect(levelsOf('### A\n\n# B\n\n## C')).toEqual([1, 2, 3]);
    expect(levelsOf('# A\n\n###### B\n\n##### C')).toEqual([1, 2, 2]);
    // Headings inside a container are in the same outline.
    expect(levelsOf('# A\n\n:::firma\n### B\n:::\n\n## C')).toEqual([1, 2, 2]);
  });
});

describe('the DOCX carries real heading semantics', () => {
  it('Heading 1–6 have outline levels 0–5; Normal and list paragraphs have none', async () => {
    const styles = docxParts((await built('capannori', 'scheda')).docx)['word/styles.xml']!;
    for (const n of [1, 2, 3, 4, 5, 6]) expect(outlineOf(style(styles, `Heading${n}`)), `Heading${n}`).toBe(n - 1);
    for (const id of ['Normal', 'ListParagraph', 'Title', 'TOC1', 'TOC2']) expect(outlineOf(style(styles, id)), id).toBeUndefined();
    // Nor does the document default (every paragraph would be a heading).
    expect(outlineOf(/<w:docDefaults>[\s\S]*?<\/w:docDefaults>/.exec(styles)![0])).toBeUndefined();
  });

  it('a card: title level 1, its sections level 2, from the styles alone (no paragraph needs its own level)', async () => {
    const { docx, rendered } = await built('capannori', 'scheda');
    const headings = headingParagraphs(docxParts(docx));
    expect(headings.map((h) => h.level)).toEqual([0, 1, 1, 1, 1, 1, 1, 1]);
    expect(headings.map((h) => h.style)).toEqual(['Heading1', ...Array(7).fill('Heading2')]);
    expect(headings.every((h) => h.own === undefined)).toBe(true);
    expect(headings[0]!.text).toBe(toString([...headingLevels(rendered.tree).keys()][0]!));
    // Body paragraphs are not in the outline.
    const body = [...docxParts(docx)['word/document.xml']!.matchAll(/<w:pPr>([\s\S]*?)<\/w:pPr>/g)].filter((m) => !/Heading\d/.test(m[1]!));
    expect(body.length).toBeGreaterThan(20);
    expect(body.filter((m) => outlineOf(m[1]!) !== undefined)).toEqual([]);
  });

  it('the fund summary goes from # to ###: its second heading keeps Heading 3\'s look and is outline level 2', async () => {
    const { docx, rendered } = await built('capannori', 'fondo');
    expect(depthsOf(rendered.tree)).toEqual([1, 3]);
    const headings = headingParagraphs(docxParts(docx));
    expect(headings.map((h) => [h.style, h.level, h.own])).toEqual([
      ['Heading1', 0, undefined],
      ['Heading3', 1, 1],
    ]);
  });

  it('an annex starts at ##: its first heading is level 1, and every step down is one level', async () => {
    const { docx, rendered } = await built('issa-biella', 'allegato', 'allegato-1-profili-professionali.md');
    expect(depthsOf(rendered.tree)[0]).toBe(2);
    const headings = headingParagraphs(docxParts(docx));
    expect(headings.length).toBe(depthsOf(rendered.tree).length);
    expect(headings[0]).toMatchObject({ style: 'Heading2', level: 0, own: 0 });
    headings.forEach((h, i) => {
      if (i > 0) expect(h.level!, h.text).toBeLessThanOrEqual(headings[i - 1]!.level! + 1);
      // The look stays the Markdown depth's.
      expect(h.style).toBe(`Heading${Math.min(depthsOf(rendered.tree)[i]!, 4)}`);
    });
    expect(new Set(headings.map((h) => h.level))).toEqual(new Set([0, 1, 2]));
  });
});

/** The rows of the tables of a part, each row's trPr. */
function tableRows(xml: string): string[][] {
  return [...xml.matchAll(/<w:tbl>([\s\S]*?)<\/w:tbl>/g)].map((t) => [...t[1]!.matchAll(/<w:tr>([\s\S]*?)<\/w:tr>/g)].map((r) => /<w:trPr>([\s\S]*?)<\/w:trPr>/.exec(r[1]!)?.[1] ?? ''));
}

describe('table header rows', () => {
  it('a card\'s table: the first row is a header row (repeated on each page), the others are not; no row splits', async () => {
    const [rows] = tableRows(docxParts((await built('capannori', 'scheda')).docx)['word/document.xml']!);
    expect(rows!.length).toBeGreaterThan(3);
    expect(rows![0]).toContain('<w:tblHeader/>');
    for (const row of rows!.slice(1)) expect(row).not.toContain('tblHeader');
    for (const row of rows!) expect(row).toContain('<w:cantSplit/>');
  });

  it('a table of one row has no header row; the letterhead\'s layout table has none either', async () => {
    const one = tableRows(docxParts(await fromMarkdown('Testo.\n\n| Solo | riga |\n|---|---|'))['word/document.xml']!);
    expect(one.map((t) => t.length)).toEqual([1]);
    expect(one[0]![0]).not.toContain('tblHeader');
    const two = tableRows(docxParts(await fromMarkdown('| A | B |\n|---|---|\n| 1 | 2 |'))['word/document.xml']!);
    expect(two[0]![0]).toContain('<w:tblHeader/>');
    const parts = docxParts((await built('capannori', 'scheda')).docx);
    const headers = Object.entries(parts).filter(([n, xml]) => /^word\/header\d+\.xml$/.test(n) && xml.includes('<w:tbl>'));
    expect(headers.length).toBe(1);
    expect(headers[0]![1]).not.toContain('tblHeader');
  });
});

describe('alternative text', () => {
  it('the crest in the letterhead says whose it is; every drawing of the DOCX has a description', async () => {
    const { docx, ente } = await built('capannori', 'scheda');
    const parts = docxParts(docx);
    const drawings = Object.entries(parts).flatMap(([name, xml]) => [...xml.matchAll(/<wp:docPr [^>]*>/g)].map((m) => ({ name, tag: m[0] })));
    expect(drawings.length).toBe(1);
    const descr = decode(/ descr="([^"]*)"/.exec(drawings[0]!.tag)?.[1] ?? '');
    expect(ente).toBe('Comune di Capannori');
    expect(descr).toBe(`Stemma del ${ente}`);
    expect(decode(/ title="([^"]*)"/.exec(drawings[0]!.tag)?.[1] ?? '')).toBe(descr);
    // The other ente's crest names that ente.
    const other = docxParts((await built('esempio-importi-fissi', 'scheda')).docx);
    expect(Object.values(other).join('')).toContain('descr="Stemma del Comune di Esempio"');
    // Without a letterhead there is no drawing at all (nothing decorative left undescribed).
    expect(Object.values(docxParts(await fromMarkdown('# Titolo\n\nTesto.'))).join('')).not.toContain('<wp:docPr');
  });

  it('the preposition agrees with the ente\'s name; a name that is not a word gets «dell\'ente»', () => {
    expect(stemmaAltText('Comune di Capannori')).toBe('Stemma del Comune di Capannori');
    expect(stemmaAltText('Consorzio Intercomunale Servizi Socio Assistenziali')).toBe('Stemma del Consorzio Intercomunale Servizi Socio Assistenziali');
    expect(stemmaAltText('Provincia di Lucca')).toBe('Stemma della Provincia di Lucca');
    expect(stemmaAltText('Regione Toscana')).toBe('Stemma della Regione Toscana');
    expect(stemmaAltText('Comunità montana del Casentino')).toBe('Stemma della Comunità montana del Casentino');
    expect(stemmaAltText('Unione dei Comuni della Valdera')).toBe("Stemma dell'Unione dei Comuni della Valdera");
    expect(stemmaAltText('I.S.S.A. Biella')).toBe("Stemma dell'ente I.S.S.A. Biella");
    expect(stemmaAltText('  Comune   di  Lecco ')).toBe('Stemma del Comune di Lecco');
  });
});

describe('language and title', () => {
  it('core properties: dc:title is the title of the PDF, dc:language it-IT, once; rebuilt byte for byte', async () => {
    const { docx, rendered } = await built('capannori', 'scheda');
    const core = docxParts(docx)['docProps/core.xml']!;
    const title = decode(/<dc:title>([^<]*)<\/dc:title>/.exec(core)![1]!);
    expect(title).toBe(rendered.meta.titolo);
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const pdf = await getDocument({ data: new Uint8Array(await renderPdf(rendered)), isEvalSupported: false }).promise;
    expect((await pdf.getMetadata()).info).toMatchObject({ Title: title });
    expect([...core.matchAll(/<dc:language>([^<]*)<\/dc:language>/g)].map((m) => m[1])).toEqual(['it-IT']);
    expect(rendered.meta.lingua).toBe('it-IT');
    expect(Buffer.from(await renderDocx(rendered)).equals(Buffer.from(docx))).toBe(true);
  });

  it('styles: the default run language is it-IT (spelling and reading in Italian)', async () => {
    const styles = docxParts((await built('capannori', 'scheda')).docx)['word/styles.xml']!;
    const defaults = /<w:rPrDefault>([\s\S]*?)<\/w:rPrDefault>/.exec(styles)?.[1] ?? '';
    expect(defaults).toMatch(/<w:lang w:val="it-IT"\/>/);
    // No style overrides it with another language.
    expect([...styles.matchAll(/<w:lang ([^>]*)\/>/g)].map((m) => m[1])).toEqual(['w:val="it-IT"']);
  });
});

/** Roles of a tagged PDF's structure tree in reading order, each with the text of its marked content. */
async function structure(bytes: Uint8Array): Promise<{ role: string; text: string; children: string[] }[]> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const pdf = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false }).promise;
  const out: { role: string; text: string; children: string[] }[] = [];
  for (let p = 1; p <= pdf.numPages; p++) {
    const page = await pdf.getPage(p);
    const texts = new Map<string, string>();
    const open: (string | undefined)[] = [];
    for (const item of (await page.getTextContent({ includeMarkedContent: true })).items) {
      if ('str' in item) {
        const id = open.findLast((x) => x !== undefined);
        if (id) texts.set(id, (texts.get(id) ?? '') + item.str);
      } else if (item.type === 'beginMarkedContentProps') open.push(item.id ?? undefined);
      else if (item.type === 'beginMarkedContent') open.push(undefined);
      else if (item.type === 'endMarkedContent') open.pop();
    }
    type Node = { role?: string; type?: string; id?: string; children?: Node[] };
    const textOf = (n: Node): string => (n.type === 'content' ? (texts.get(n.id!) ?? '') : (n.children ?? []).map(textOf).join(''));
    const walk = (n: Node) => {
      if (n.role) out.push({ role: n.role, text: squash(textOf(n)), children: (n.children ?? []).flatMap((c) => (c.role ? [c.role] : [])) });
      (n.children ?? []).forEach(walk);
    };
    const tree = (await page.getStructTree()) as Node | null;
    if (tree) walk(tree);
  }
  return out;
}

describe('end to end: LibreOffice exports the DOCX to a tagged PDF with its headings', () => {
  it.runIf(toolAvailable('soffice'))(
    'a card is H1 then H2 for each section, in order; the fund summary\'s # then ### is H1 then H2; the table header is TH',
    async () => {
      const card = await built('capannori', 'scheda');
      const fund = await built('capannori', 'fondo');
      writeFileSync(path.join(tmp, 'scheda.docx'), card.docx);
      writeFileSync(path.join(tmp, 'fondo.docx'), fund.docx);
      const filter = 'pdf:writer_pdf_Export:{"UseTaggedPDF":{"type":"boolean","value":"true"}}';
      execFileSync('soffice', [`-env:UserInstallation=file://${path.join(tmp, 'profilo')}`, '--headless', '--norestore', '--convert-to', filter, '--outdir', tmp, path.join(tmp, 'scheda.docx'), path.join(tmp, 'fondo.docx')], {
        stdio: 'ignore',
        timeout: 300_000,
      });

      const cardTree = await structure(readFileSync(path.join(tmp, 'scheda.pdf')));
      const cardHeadings = cardTree.filter((n) => /^H\d*$/.test(n.role));
      const sources = [...headingLevels(card.rendered.tree).keys()].map((h: Heading) => squash(toString(h)));
      expect(cardHeadings.map((h) => h.role)).toEqual(['H1', ...Array(sources.length - 1).fill('H2')]);
      expect(cardHeadings.map((h) => h.text)).toEqual(sources);
      expect(sources.length).toBe(8);
      // The card's table: its first row's cells are header cells, the next row's are data cells.
      const rows = cardTree.filter((n) => n.role === 'TR');
      expect(rows.length).toBeGreaterThan(3);
      expect(new Set(rows[0]!.children)).toEqual(new Set(['TH']));
      expect(new Set(rows[1]!.children)).toEqual(new Set(['TD']));

      const fundHeadings = (await structure(readFileSync(path.join(tmp, 'fondo.pdf')))).filter((n) => /^H\d*$/.test(n.role));
      expect(fundHeadings.map((h) => [h.role, h.text])).toEqual([...headingLevels(fund.rendered.tree).keys()].map((h, i) => [i === 0 ? 'H1' : 'H2', squash(toString(h))]));
    },
    300_000,
  );
});
