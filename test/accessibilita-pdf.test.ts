import { readdirSync, readFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Heading, Paragraph, Root } from 'mdast';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProjects } from '../src/build/project.js';
import type { Doc } from '../src/kinds/kind.js';
import { renderDocument, type DocumentMeta } from '../src/render/document.js';
import { parseMarkdown } from '../src/render/markdown.js';
import { renderPdf } from '../src/render/pdf/index.js';
import { WRAPPED, wrappedFingerprints } from '../src/render/pdf/tagging.js';
import { nestedLevels } from '../src/render/heading-levels.js';
import { templateFile } from '../src/render/template-file.js';
import { compileTemplate } from '../src/render/template.js';
import { pdfaProblems } from '../src/publish/pdfa-check.js';
import { accessibilityReport, normalize, sourceParagraphs, type StructNode } from './helpers/accessibility.js';
import { albo } from './helpers/cli.js';
import { CONTENT } from './helpers/project.js';
import { ROOT } from './helpers/seed.js';
import { toolAvailable } from './helpers/tools.js';

/** Issue 18: every PDF tagged from the syntax tree, declared PDF/A-2a + PDF/UA-1, checked offline. */

const META: DocumentMeta = {
  titolo: 'Prova di accessibilità',
  oggetto: 'Documento con ogni elemento',
  autore: 'Comune di Prova',
  intestazione: 'Comune di Prova',
  piede: 'Pagina {pagina} di {pagine}',
  data: '2024-03-01',
  lingua: 'it-IT',
};

const LONG_ROWS = Array.from({ length: 70 }, (_, i) => `| ${i + 1} | Voce di spesa numero ${i + 1} | € ${i + 1},00 |`).join('\n');
const WIDE = `| Posizione | Settore | Bisogno organizzativo | Descrizione del ruolo | Requisiti |\n|---|---|---|---|---|\n| Ufficio tributi | Servizi finanziari | ${'Gestione delle entrate e dei rapporti con i contribuenti. '.repeat(8)} | ${'Coordina il personale assegnato e risponde dei procedimenti. '.repeat(8)} | Esperienza |`;

/** Every node albo renders: headings 1–4, emphasis, links, cross-references, lists, tables, quote, code… */
const FIXTURE = `# Regolamento di prova

::indice

## Titolo I – Disposizioni generali

### Art. 1 – Oggetto

Il presente testo ha **parole in grassetto**, *in corsivo*, ~~cancellate~~, \`codice\` e un [collegamento](https://www.comune.example.it/albo).
Una riga dopo un a capo con due spazi,  
e questa segue l'interruzione di riga.

Si veda l'articolo successivo.

### Art. 2 – Elenchi

1. primo punto
2. secondo punto con un elenco:
   - voce annidata
   - altra voce annidata
3. terzo punto

- [x] requisito posseduto
- [ ] requisito non posseduto

> Una citazione di una norma.

\`\`\`
codice  con  spazi
\`\`\`

---

#### Comma con titolo di quarto livello

Testo del comma.

## Titolo II – Tabelle

### Art. 3 – Importi

| N. | Voce | Importo |
|---|---|---:|
${LONG_ROWS}

### Art. 4 – Quadro delle posizioni

${WIDE}

:::firma
Il Responsabile del Servizio

Mario Rossi
:::
`;

/** The fixture's tree, with the cross-reference the regulation transform would make from «articolo successivo». */
function fixtureTree(): Root {
  const tree = parseMarkdown(FIXTURE);
  const art2 = tree.children.find((n): n is Heading => n.type === 'heading' && /Art\. 2/.test(JSON.stringify(n)))!;
  art2.data = { ...(art2.data ?? {}), anchor: 'art-2' };
  const para = tree.children.find((n): n is Paragraph => n.type === 'paragraph' && JSON.stringify(n).includes('articolo successivo'))!;
  para.children = [{ type: 'text', value: "Si veda l'" }, { type: 'crossRef', anchor: 'art-2', children: [{ type: 'text', value: 'articolo successivo' }] } as never, { type: 'text', value: '.' }];
  return tree;
}

const roles = (n: StructNode): string[] => [n.role, ...n.kids.flatMap((k) => ('role' in k ? roles(k) : []))];
const find = (n: StructNode, role: string): StructNode[] => [...(n.role === role ? [n] : []), ...n.kids.flatMap((k) => ('role' in k ? find(k, role) : []))];

describe('tagged PDF: the fixture with every node', () => {
  let bytes: Uint8Array;
  let report: Awaited<ReturnType<typeof accessibilityReport>>;
  const tree = fixtureTree();
  beforeAll(async () => {
    if (!toolAvailable('qpdf')) return;
    bytes = await renderPdf({ tree, markdown: FIXTURE, meta: META });
    report = await accessibilityReport(bytes);
  }, 120_000);

  it.runIf(toolAvailable('qpdf'))('passes every rule of the checker', () => {
    expect(report.problems).toEqual([]);
    expect(report.unmarked).toBe(0);
  });

  it.runIf(toolAvailable('qpdf'))('headings by nesting: one H1, then H2–H4 as the source nests them; the index title is a heading', () => {
    expect(report.headings).toEqual([
      'H1 Regolamento di prova',
      'H2 Indice',
      'H2 Titolo I – Disposizioni generali',
      'H3 Art. 1 – Oggetto',
      'H3 Art. 2 – Elenchi',
      'H4 Comma con titolo di quarto livello',
      'H2 Titolo II – Tabelle',
      'H3 Art. 3 – Importi',
      'H3 Art. 4 – Quadro delle posizioni',
    ]);
  });

  it.runIf(toolAvailable('qpdf'))('the text of each P equals its source paragraph, in order', () => {
    expect(report.paragraphs).toEqual(sourceParagraphs(tree));
    expect(report.paragraphs).toContain('Il presente testo ha parole in grassetto, in corsivo, cancellate, codice e un collegamento. Una riga dopo un a capo con due spazi, e questa segue l\'interruzione di riga.');
  });

  it.runIf(toolAvailable('qpdf'))('lists: L › LI › Lbl + LBody, ordered numbers as labels, nested list inside the body, task boxes say their state', () => {
    const lists = find(report.root!, 'L');
    expect(lists.length).toBe(3);
    const first = lists[0]!.kids.filter((k): k is StructNode => 'role' in k);
    expect(first.map((li) => li.kids.map((k) => ('role' in k ? k.role : '')).join('+'))).toEqual(['Lbl+LBody', 'Lbl+LBody', 'Lbl+LBody']);
    expect(first.map((li) => normalize((li.kids[0] as StructNode).text))).toEqual(['1.', '2.', '3.']);
    expect(find(first[1]!, 'L').length).toBe(1);
    const task = lists[2]!.kids.filter((k): k is StructNode => 'role' in k).map((li) => li.kids[0] as StructNode);
    expect(task.map((l) => [l.alt, l.actual])).toEqual([
      ['casella selezionata', '☒'],
      ['casella non selezionata', '☐'],
    ]);
  });

  it.runIf(toolAvailable('qpdf'))('a table longer than a page: TH with scope once, though the header row repeats on the next page', async () => {
    const tables = find(report.root!, 'Table');
    expect(tables.length).toBe(2);
    const ths = find(tables[0]!, 'TH');
    expect(ths.map((t) => [normalize(t.text), t.scope])).toEqual([
      ['N.', 'Column'],
      ['Voce', 'Column'],
      ['Importo', 'Column'],
    ]);
    expect(find(tables[0]!, 'TR').length).toBe(71);
    // The header row is drawn on two pages at least: the second time it is an artifact, not a second TH.
    const { pdfText } = await import('./helpers/extract.js');
    const pages = await pdfText(bytes);
    expect(pages.filter((p) => /N\.\s*Voce\s*Importo/.test(p)).length).toBeGreaterThanOrEqual(2);
  });

  it.runIf(toolAvailable('qpdf'))('links and cross-references: a Link with its annotation and a description; the index: TOC › TOCI › Link', () => {
    const links = find(report.root!, 'Link');
    const web = links.find((l) => normalize(l.text) === 'collegamento')!;
    expect(web.kids.some((k) => 'annot' in k)).toBe(true);
    const ref = links.find((l) => normalize(l.text) === 'articolo successivo')!;
    expect(ref.kids.some((k) => 'annot' in k)).toBe(true);
    const raw = Buffer.from(bytes).toString('latin1');
    expect(raw).toContain('/Contents (collegamento: https://www.comune.example.it/albo)');
    expect(raw).toContain('/Contents (Rimando a articolo successivo)');
    const toc = find(report.root!, 'TOC')[0]!;
    const entries = find(toc, 'TOCI');
    expect(entries.map((e) => normalize(e.text).replace(/\s*\d+$/, ''))).toEqual(['Titolo I – Disposizioni generali', 'Art. 1 – Oggetto', 'Art. 2 – Elenchi', 'Comma con titolo di quarto livello', 'Titolo II – Tabelle', 'Art. 3 – Importi', 'Art. 4 – Quadro delle posizioni']);
    expect(entries.every((e) => find(e, 'Link')[0]!.kids.some((k) => 'annot' in k))).toBe(true);
  });

  it.runIf(toolAvailable('qpdf'))('quote, code, signature, landscape page; rules, borders, header and footer are artifacts', async () => {
    const all = roles(report.root!);
    for (const r of ['BlockQuote', 'Code', 'Div', 'Table', 'TOC', 'Link']) expect(all).toContain(r);
    expect(normalize(find(report.root!, 'Code')[0]!.text)).toBe('codice con spazi');
    expect(find(report.root!, 'Div').map((d) => normalize(d.text))).toEqual(['Il Responsabile del Servizio Mario Rossi']);
    expect(report.root!.text).not.toMatch(/Pagina \d/);
    expect(report.root!.text).not.toContain('Comune di Prova');
    const { pdfPageSizes } = await import('./helpers/extract.js');
    expect((await pdfPageSizes(bytes)).some(([w, h]) => w > h)).toBe(true);
  });
});

describe('the checker fails on what is not tagged', () => {
  it.runIf(toolAvailable('qpdf'))('untagged output (as albo wrote it before): no MarkInfo, no structure, unmarked drawing, not level A', async () => {
    const untagged = await renderPdf({ tree: fixtureTree(), markdown: FIXTURE, meta: META }, { tagged: false });
    const report = await accessibilityReport(untagged);
    expect(report.problems).toEqual(
      expect.arrayContaining([
        'catalogo: manca MarkInfo /Marked true',
        'catalogo: manca ViewerPreferences /DisplayDocTitle true',
        'catalogo: manca la struttura logica (StructTreeRoot)',
        'XMP: non dichiara PDF/A-2a',
        'XMP: non dichiara PDF/UA-1',
      ]),
    );
    expect(report.unmarked).toBeGreaterThan(100);
  });

  it.runIf(toolAvailable('qpdf'))('a flag without tags behind it is caught: MarkInfo true but drawing outside marked content', async () => {
    const tagged = Buffer.from(await renderPdf({ tree: parseMarkdown('# Titolo\n\nTesto.'), markdown: '', meta: META }));
    // Remove the marked-content operators from the (uncompressed) page: the catalog still says «tagged».
    const { deflateSync, inflateSync } = await import('node:zlib');
    const text = tagged.toString('latin1');
    const m = /(\/Length (\d+)\s*\/Filter \/FlateDecode\s*>>\s*stream\n)([\s\S]*?)(\nendstream)/.exec(text)!;
    const stream = inflateSync(Buffer.from(m[3]!, 'latin1')).toString('latin1').replace(/\/\w+ <<[^>]*>> BDC\n|\/Artifact BMC\n|EMC\n/g, '');
    const packed = deflateSync(Buffer.from(stream, 'latin1')).toString('latin1');
    const broken = Buffer.from(text.replace(m[0], `/Length ${packed.length}\n/Filter /FlateDecode\n>>\nstream\n${packed}${m[4]}`), 'latin1');
    const report = await accessibilityReport(broken);
    expect(report.unmarked).toBeGreaterThan(0);
    expect(report.problems.some((p) => /non raggiungibile|che la pagina non ha/.test(p))).toBe(true);
  });

  it('heading levels by nesting: the first is H1, none skipped, a later «#» is not a second H1', () => {
    const level = nestedLevels();
    expect([1, 3, 4, 2, 4, 1, 2].map((d) => level.next(d))).toEqual([1, 2, 3, 2, 3, 2, 3]);
    const again = nestedLevels();
    expect([2, 2, 3].map((d) => again.next(d))).toEqual([1, 2, 3]);
    // peek does not count: the index title between the act's title and its first «##».
    const indexed = nestedLevels();
    expect([indexed.next(1), indexed.peek(2), indexed.next(3), indexed.next(2)]).toEqual([1, 2, 2, 2]);
  });
});

describe('declared and true', () => {
  it('the catalog, the XMP (PDF/A-2a, PDF/UA-1 with its extension schema) and the PDF/A self-check', async () => {
    const pdf = Buffer.from(await renderPdf({ tree: fixtureTree(), markdown: FIXTURE, meta: META }));
    const raw = pdf.toString('latin1');
    expect(raw).toMatch(/\/MarkInfo \d+ 0 R/);
    expect(raw).toMatch(/\/Marked true/);
    expect(raw).toMatch(/\/DisplayDocTitle true/);
    expect(raw).toMatch(/\/Tabs \/S/);
    expect(raw).toContain('<pdfaid:conformance>A</pdfaid:conformance>');
    expect(raw).toContain('<pdfuaid:part>1</pdfuaid:part>');
    expect(pdfaProblems(pdf)).toEqual([]);
    // The self-check refuses a level-B file and one that lost its structure.
    expect(pdfaProblems(Buffer.from(raw.replace('<pdfaid:conformance>A', '<pdfaid:conformance>B'), 'latin1'))).toContain('i metadati XMP non dichiarano PDF/A-2a');
    expect(pdfaProblems(Buffer.from(raw.replace(/\/StructTreeRoot/g, '/StructTreeRooX'), 'latin1'))).toContain('manca la struttura logica (StructTreeRoot)');
    expect(pdfaProblems(Buffer.from(raw.replace('<pdfuaid:part>1', '<pdfuaid:part>2'), 'latin1'))).toContain('i metadati XMP non dichiarano PDF/UA-1');
  });

  it('tagging is byte-identical from one render to the next', async () => {
    const a = await renderPdf({ tree: fixtureTree(), markdown: FIXTURE, meta: META });
    const b = await renderPdf({ tree: fixtureTree(), markdown: FIXTURE, meta: META });
    expect(Buffer.from(a).equals(Buffer.from(b))).toBe(true);
  });

  it('pdfmake is pinned to an exact version and every wrapped internal is the one the adapter was written for', () => {
    const pkg = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
    expect(pkg.dependencies.pdfmake).toMatch(/^\d+\.\d+\.\d+$/);
    const require = createRequire(import.meta.url);
    expect((require('pdfmake/package.json') as { version: string }).version).toBe(pkg.dependencies.pdfmake);
    expect(wrappedFingerprints()).toEqual(WRAPPED);
  });
});

describe('every PDF the README first command builds', () => {
  const out = mkdtempSync(path.join(tmpdir(), 'albo-a11y-'));
  afterAll(() => rmSync(out, { recursive: true, force: true }));
  const pdfs: string[] = [];
  const known = new Set<string>();
  beforeAll(async () => {
    if (!toolAvailable('qpdf')) return;
    // The DOCX index step (LibreOffice) changes no PDF: off, to keep the test short.
    const before = process.env.ALBO_SOFFICE;
    process.env.ALBO_SOFFICE = 'no';
    try {
      const r = await albo(['build', '--uscita', out]);
      expect(r.code, r.err).toBe(0);
    } finally {
      if (before === undefined) delete process.env.ALBO_SOFFICE;
      else process.env.ALBO_SOFFICE = before;
    }
    const walk = (d: string): string[] => readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? walk(path.join(d, e.name)) : e.name.endsWith('.pdf') ? [path.join(d, e.name)] : []));
    pdfs.push(...walk(out));
    // The paragraphs of every document and variant the build renders, from the tree both writers receive.
    const { projects } = await loadProjects(CONTENT);
    for (const p of projects) {
      for (const d of p.docs) {
        const file = templateFile(p.dir, path.join(ROOT, 'templates'), (d as Doc).kind.template);
        const template = compileTemplate(readFileSync(file, 'utf8'), file);
        for (const v of d.kind.variants?.(d) ?? [{ name: undefined }]) for (const para of sourceParagraphs(renderDocument(d, p, template, {}, v.name).tree)) known.add(para);
      }
    }
  }, 600_000);

  it.runIf(toolAvailable('qpdf'))('the shipped content builds PDFs of every kind', () => {
    expect(pdfs.length).toBeGreaterThanOrEqual(20);
  });

  it.runIf(toolAvailable('qpdf'))('each passes the checker, and each of its paragraphs is a paragraph of a source', async () => {
    const failures: string[] = [];
    for (const file of pdfs) {
      const report = await accessibilityReport(readFileSync(file));
      const name = path.relative(out, file);
      failures.push(...report.problems.map((p) => `${name}: ${p}`));
      if (!report.headings[0]?.startsWith('H1 ')) failures.push(`${name}: nessun H1`);
      // Capannori's letterhead has a crest: a Figure naming the ente, the first thing read.
      if (name.startsWith('capannori/')) {
        const figures = find(report.root!, 'Figure');
        if (figures.length !== 1 || figures[0]!.alt !== 'Stemma del Comune di Capannori') failures.push(`${name}: stemma senza il testo alternativo atteso (${figures.map((f) => f.alt).join(', ')})`);
      }
      // The funzionigramma is made from many sources at once: its paragraphs are checked by the rules only.
      if (!name.includes('funzionigramma')) failures.push(...report.paragraphs.filter((p) => !known.has(p)).map((p) => `${name}: paragrafo non nella sorgente: «${p}»`));
    }
    expect(failures).toEqual([]);
  }, 600_000);
});
