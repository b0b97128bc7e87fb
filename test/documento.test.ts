import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withFrom, withOf } from '../src/render/template.js';
import { albo } from './helpers/cli.js';
import { docxParts, docxText, pdfText, squash } from './helpers/extract.js';
import { ROOT } from './helpers/seed.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'albo-documento-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A scratch project: the shipped templates, one ente (the example's ente.yaml) and the given sources. */
const project = (name: string, files: Record<string, string>) => {
  const dir = path.join(tmp, name);
  mkdirSync(path.join(dir, 'content/ente'), { recursive: true });
  cpSync(path.join(ROOT, 'templates'), path.join(dir, 'templates'), { recursive: true });
  cpSync(path.join(ROOT, 'content/esempio-importi-fissi/ente.yaml'), path.join(dir, 'content/ente/ente.yaml'));
  // The coat of arms its letterhead names.
  cpSync(path.join(ROOT, 'content/esempio-importi-fissi/stemma.png'), path.join(dir, 'content/ente/stemma.png'));
  for (const [f, text] of Object.entries(files)) writeFileSync(path.join(dir, 'content/ente', f), text);
  return dir;
};
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
const pdfOf = async (file: string) => (await pdfText(readFileSync(file))).join('\n');
/** The DOCX's TOC entries: the text of each hyperlink to a heading bookmark. */
const tocEntries = (file: string) =>
  [...docxParts(readFileSync(file))['word/document.xml']!.matchAll(/<w:hyperlink w:history="1" w:anchor="_Toc\d+"><w:r><w:t xml:space="preserve">([^<]+)<\/w:t>/g)].map((m) => m[1]!);
/** Each heading paragraph of the DOCX: its style and its text. */
const docxHeadings = (file: string) =>
  docxParts(readFileSync(file))['word/document.xml']!
    .split('</w:p>')
    .map((p) => [/<w:pStyle w:val="(Heading\d)"/.exec(p)?.[1], [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('')] as const)
    .filter(([style]) => style);

const METODOLOGIA = `---
tipo: documento
id: metodologia-graduazione
titolo: Metodologia per la graduazione delle posizioni
genere: femminile
indice: true
approvazione: { organo: Giunta comunale, numero: 69, data: 2023-07-19 }
---

## 1.- PREMESSA

La metodologia descrive come il Nucleo di valutazione gradua le posizioni.

## 2.- CRITERI DI VALUTAZIONE

I criteri sono tre.

### 2.1.- Complessità organizzativa

Testo del criterio.

### 2.2.- Responsabilità gestionali

Testo del criterio.

## 3.- FASCE

Le fasce sono quattro.

## Norma transitoria

Si applica dal 2024.
`;

describe('tipo: documento (a methodology with «1.-» and «2.1.-» sections)', () => {
  const dir = project('metodologia', { 'metodologia.md': METODOLOGIA });
  const base = path.join(dir, 'out/ente/metodologia');
  beforeAll(async () => {
    const r = await albo(['build'], dir);
    expect(r.code, r.err).toBe(0);
  }, 120_000);

  it('prints the headings with the numbers the source writes, once, never renumbered and with no doubled dash', async () => {
    const pdf = await pdfOf(base + '.pdf');
    const docx = docxText(readFileSync(base + '.docx'));
    for (const text of [pdf, docx]) {
      for (const h of ['1.- PREMESSA', '2.- CRITERI DI VALUTAZIONE', '2.1.- Complessità organizzativa', '2.2.- Responsabilità gestionali', '3.- FASCE', 'Norma transitoria']) expect(text).toContain(h);
      expect(text).not.toMatch(/[-–]\s*[-–]/);
      expect(text).not.toContain('Art. 1');
    }
    // The DOCX keeps the levels the source gives (## → Heading 2, ### → Heading 3): Word's TOC reads them.
    expect(docxHeadings(base + '.docx')).toEqual([
      ['Heading1', 'Metodologia per la graduazione delle posizioni'],
      ['Heading2', '1.- PREMESSA'],
      ['Heading2', '2.- CRITERI DI VALUTAZIONE'],
      ['Heading3', '2.1.- Complessità organizzativa'],
      ['Heading3', '2.2.- Responsabilità gestionali'],
      ['Heading2', '3.- FASCE'],
      ['Heading2', 'Norma transitoria'],
    ]);
  });

  it('lists every heading in the index, with the page it is on (PDF) and as a Word TOC entry (DOCX)', async () => {
    const pages = (await pdfText(readFileSync(base + '.pdf'))).map(squash);
    expect(pages[0]).toContain(squash('Indice'));
    const index = pages[0]!;
    const headings = ['1.- PREMESSA', '2.- CRITERI DI VALUTAZIONE', '2.1.- Complessità organizzativa', '2.2.- Responsabilità gestionali', '3.- FASCE', 'Norma transitoria'];
    let cursor = 0;
    for (const h of headings) {
      const at = index.indexOf(squash(h), cursor);
      expect(at, h).toBeGreaterThanOrEqual(cursor);
      cursor = at + squash(h).length;
      // The number after the entry is the page of the heading (the index page breaks before the text).
      expect(index.slice(cursor, cursor + 1), h).toBe('2');
    }
    expect(pages[1]!.startsWith(squash('1.- PREMESSA'))).toBe(true);
    expect(tocEntries(base + '.docx')).toEqual(headings);
    expect(docxParts(readFileSync(base + '.docx'))['word/document.xml']).toContain('TOC \\h \\o &quot;2-4&quot;');
  });

  it('the approval line agrees with the gender: «Approvata con deliberazione della Giunta comunale n. 69 del 19/07/2023»', async () => {
    const pdf = await pdfOf(base + '.pdf');
    expect(pdf).toContain('Approvata con deliberazione della Giunta comunale n. 69 del 19/07/2023');
    expect(docxText(readFileSync(base + '.docx'))).toContain('Approvata con deliberazione della Giunta comunale n. 69 del 19/07/2023');
  });

  it('the HTML copy has the same headings and an index linking to them', async () => {
    const { loadProjects } = await import('../src/build/project.js');
    const { renderDocument } = await import('../src/render/document.js');
    const { compileTemplate } = await import('../src/render/template.js');
    const { renderHtml } = await import('../src/render/html/index.js');
    const { projects } = await loadProjects(path.join(dir, 'content'));
    const doc = projects[0]!.docs.find((d) => d.kind.tipo === 'documento')!;
    const template = compileTemplate(readFileSync(path.join(dir, 'templates/documento.md.hbs'), 'utf8'), 'documento.md.hbs');
    const html = new TextDecoder().decode(renderHtml(renderDocument(doc, projects[0]!, template)));
    expect(html).toMatch(/<nav aria-label="Indice">.*2\.1\.- Complessità organizzativa.*<\/nav>/s);
    expect(html).toMatch(/<h3 id="[^"]+">2\.1\.- Complessità organizzativa<\/h3>/);
  });
});

describe('approval and amendment lines from data', () => {
  const build = async (name: string, front: string) => {
    const dir = project(name, { 'doc.md': `---\ntipo: documento\nid: doc\ntitolo: Prova\n${front}\n---\n\n## 1.- Unico\n\nTesto.\n` });
    const r = await albo(['build'], dir);
    expect(r.code, r.err).toBe(0);
    return [await pdfOf(path.join(dir, 'out/ente/doc.pdf')), docxText(readFileSync(path.join(dir, 'out/ente/doc.docx')))];
  };

  it('masculine by default, «del Consiglio», a determination, the amendments in order; no index unless asked', async () => {
    const front = [
      'approvazione: { organo: Consiglio comunale, numero: 12, data: 2022-03-01 }',
      'modifiche:',
      '  - { organo: Responsabile del Settore Personale, atto: determinazione, numero: "45/RU", data: 2023-02-10 }',
      '  - { organo: Assemblea dei sindaci, numero: 3, data: 2024-05-06, descrizione: Integrato }',
    ].join('\n');
    for (const text of await build('maschile', front)) {
      expect(text).toContain('Approvato con deliberazione del Consiglio comunale n. 12 del 01/03/2022');
      expect(text).toContain('Modificato con determinazione del Responsabile del Settore Personale n. 45/RU del 10/02/2023');
      expect(text).toContain("Integrato con deliberazione dell'Assemblea dei sindaci n. 3 del 06/05/2024");
      expect(text).not.toContain('Indice');
    }
  }, 60_000);

  it('plural genders: «Approvati» (criteri), «Approvate» (linee guida); no approval line when the source gives none', async () => {
    const [plural] = await build('plurale', 'genere: maschile plurale\napprovazione: { organo: Giunta comunale, numero: 5, data: 2024-01-09 }');
    expect(plural).toContain('Approvati con deliberazione della Giunta comunale n. 5 del 09/01/2024');
    const [none] = await build('senza', 'genere: femminile plurale');
    expect(none).not.toMatch(/Approvat|Modificat/);
  }, 60_000);

  it('the preposition follows the organ: della, del, dell\', dello', () => {
    expect(['Giunta comunale', 'Consiglio comunale', 'Assemblea dei soci', 'Sindaco', 'Staff del Sindaco', 'Commissione tecnica', 'Nucleo di valutazione'].map(withOf)).toEqual([
      'della Giunta comunale',
      'del Consiglio comunale',
      "dell'Assemblea dei soci",
      'del Sindaco',
      'dello Staff del Sindaco',
      'della Commissione tecnica',
      'del Nucleo di valutazione',
    ]);
    expect(['Giunta comunale', 'Consiglio di Amministrazione', 'Assemblea'].map(withFrom)).toEqual(['dalla Giunta comunale', 'dal Consiglio di Amministrazione', "dall'Assemblea"]);
  });
});

describe('documento: the numbering the source writes is checked, located', () => {
  const checkOf = async (name: string, body: string, front = '') => {
    const text = `---\ntipo: documento\nid: doc\ntitolo: Prova\n${front}---\n\n${body}`;
    const r = await albo(['check'], project(name, { 'doc.md': text }));
    return { ...r, text };
  };

  it('a repeated number is an error at the second heading, naming the first', async () => {
    const { code, err, text } = await checkOf('doppio', '## 1.- Premessa\n\nA.\n\n## 2.- Criteri\n\nB.\n\n## 3.- Fasce\n\nC.\n\n## 3.- Norme finali\n\nD.\n');
    expect(code).toBe(1);
    expect(err).toContain(`content/ente/doc.md:${lineOf(text, '3.- Norme finali')}:1: errore: numero ripetuto: il paragrafo 3 c'è già (riga ${lineOf(text, '3.- Fasce')})`);
    expect(err).toContain('albo stampa i numeri come sono scritti e non li rinumera');
  });

  it('a number going backwards («2.1» after «2.3») is a warning, located: the act still builds as approved', async () => {
    const { code, err, text } = await checkOf('indietro', '## 2.- Criteri\n\n### 2.3.- Terzo\n\nA.\n\n### 2.1.- Primo\n\nB.\n');
    expect(code).toBe(0);
    expect(err).toContain(`content/ente/doc.md:${lineOf(text, '2.1.- Primo')}:1: avviso: numerazione fuori ordine: 2.1 dopo 2.3 (riga ${lineOf(text, '2.3.- Terzo')})`);
  });

  it('in order, with sub-sections, articles and unnumbered headings: no problem; repeated articles are errors too', async () => {
    const ok = await checkOf('ordine', '## 1.- A\n\nx\n\n### 1.1.- B\n\nx\n\n### 1.2 C\n\nx\n\n## 2. D\n\nx\n\n## Allegato tecnico\n\nx\n\n## 2024 – Obiettivi\n\nx\n');
    expect([ok.code, ok.err]).toEqual([0, '']);
    const art = await checkOf('articoli', '## Art. 1 - Oggetto\n\nx\n\n## Art. 2 - Fasi\n\nx\n\n## Art. 2 - Tempi\n\nx\n');
    expect(art.code).toBe(1);
    expect(art.err).toContain(`content/ente/doc.md:${lineOf(art.text, 'Art. 2 - Tempi')}:1: errore: numero ripetuto: Art. 2 c'è già`);
  });

  it('a "#" heading, an empty text, an index with nothing to list and a hand-written ::indice are errors', async () => {
    const h1 = await checkOf('h1', '# 1.- PREMESSA\n\nx\n');
    expect(h1.err).toContain('content/ente/doc.md:7:1: errore: nel documento le intestazioni partono da "##"');
    const empty = await checkOf('vuoto', '\n');
    expect(empty.err).toContain('errore: il documento non ha testo');
    const noHeadings = await checkOf('senza-intestazioni', 'Solo testo.\n', 'indice: true\n');
    expect(noHeadings.err).toContain('content/ente/doc.md:5:');
    expect(noHeadings.err).toContain('errore: indice richiesto, ma il testo non ha intestazioni da elencare');
    const manual = await checkOf('indice-a-mano', '::indice[Indice]\n\n## 1.- A\n\nx\n');
    expect(manual.err).toContain('content/ente/doc.md:7:1: errore: l\'indice lo stampa albo');
    for (const r of [h1, empty, noHeadings, manual]) expect(r.code).toBe(1);
  });
});

const REGULATION = (headings: [string, string], front = '') => `---\ntipo: regolamento\nid: reg\ntitolo: Regolamento di prova\n${front}---\n\n### ${headings[0]}\n\n1. Primo comma.\n\n### ${headings[1]}\n\n1. Altro comma.\n`;

describe('regulations: the common heading forms, one printed form, nothing empty', () => {
  const dir = project('regolamento', {
    'reg.md': REGULATION(['Art. 1.- PREMESSA', 'Articolo 2 (Oggetto) {#oggetto}']),
  });
  beforeAll(async () => {
    const r = await albo(['build'], dir);
    expect(r.code, r.err).toBe(0);
  }, 120_000);

  it('«### Art. 1.- PREMESSA» prints «Art. 1 – PREMESSA», «Articolo 2 (Oggetto)» prints «Art. 2 – Oggetto», in PDF and DOCX', async () => {
    const pdf = await pdfOf(path.join(dir, 'out/ente/reg.pdf'));
    const docx = docxText(readFileSync(path.join(dir, 'out/ente/reg.docx')));
    for (const text of [pdf, docx]) {
      expect(text).toContain('Art. 1 – PREMESSA');
      expect(text).toContain('Art. 2 – Oggetto');
      expect(text).not.toMatch(/[-–.]\s*[-–]\s*PREMESSA/);
      expect(text).not.toContain('(Oggetto)');
    }
    expect(docxHeadings(path.join(dir, 'out/ente/reg.docx')).map(([, t]) => t)).toEqual(['Regolamento di prova', 'Art. 1 – PREMESSA', 'Art. 2 – Oggetto']);
  });

  it('a two-article regulation without amendments prints no TESTO VIGENTE, no index and no -con-allegati', async () => {
    const pdf = await pdfText(readFileSync(path.join(dir, 'out/ente/reg.pdf')));
    const docx = readFileSync(path.join(dir, 'out/ente/reg.docx'));
    for (const text of [pdf.join('\n'), docxText(docx)]) {
      expect(text).not.toMatch(/TESTO VIGENTE/i);
      expect(text).not.toContain('Indice');
    }
    expect(docxParts(docx)['word/document.xml']).not.toContain('TOC \\h');
    // One page: no page left for an index.
    expect(pdf).toHaveLength(1);
    expect(readdirSync(path.join(dir, 'out/ente')).sort()).toEqual(['reg.docx', 'reg.pdf']);
    // Without an index the PDF's bookmarks still follow the articles.
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const outline = (await (await getDocument({ data: new Uint8Array(readFileSync(path.join(dir, 'out/ente/reg.pdf'))) }).promise).getOutline()) as { title: string }[];
    expect(outline.map((o) => o.title)).toEqual(['Art. 1 – PREMESSA', 'Art. 2 – Oggetto']);
  });

  it('asked for, the index is there; amended, TESTO VIGENTE is there; eleven articles get an index by default', async () => {
    const amended = REGULATION(['Art. – Uno', 'Art. – Due'], 'indice: true\nmodifiche:\n  - { id: gc-1-2024, organo: Giunta comunale, numero: 1, data: 2024-01-10 }\n');
    const eleven = `---\ntipo: regolamento\nid: lungo\ntitolo: Lungo\n---\n\n${Array.from({ length: 11 }, (_, i) => `### Art. – Rubrica ${i + 1}\n\n1. Testo.\n`).join('\n')}`;
    const ten = eleven.replace('id: lungo', 'id: breve').replace(/### Art\. – Rubrica 11\n\n1\. Testo\.\n/, '');
    const d = project('regolamento-indice', { 'amended.md': amended, 'lungo.md': eleven, 'breve.md': ten });
    const r = await albo(['build'], d);
    expect(r.code, r.err).toBe(0);
    const text = async (f: string) => (await pdfText(readFileSync(path.join(d, 'out/ente', f)))).join('\n');
    const a = await text('amended.pdf');
    expect(a).toContain('TESTO VIGENTE');
    expect(a).toContain('Indice');
    expect(a).toContain('Modificato dalla Giunta comunale con deliberazione n. 1 del 10/01/2024');
    expect(await text('lungo.pdf')).toContain('Indice');
    expect(await text('breve.pdf')).not.toContain('Indice');
    expect(await text('breve.pdf')).not.toContain('TESTO VIGENTE');
    expect(existsSync(path.join(d, 'out/ente/amended-con-allegati.pdf'))).toBe(false);
  }, 120_000);

  it('a «1.- PREMESSA» heading in a regulation says to use tipo: documento', async () => {
    const r = await albo(['check'], project('regolamento-paragrafi', { 'reg.md': REGULATION(['1.- PREMESSA', 'Art. – Due']) }));
    expect(r.code).toBe(1);
    expect(r.err).toContain('content/ente/reg.md:7:1: errore: intestazione non riconosciuta «1.- PREMESSA»');
    expect(r.err).toContain('è un «tipo: documento»');
  });
});

describe('the shipped example (content/esempio-importi-fissi)', () => {
  it('checks clean and its criteria carry their numbers and approval line', async () => {
    const r = await albo(['check', 'content/esempio-importi-fissi/criteri-specifiche-responsabilita.md']);
    expect([r.code, r.err]).toEqual([0, '']);
    const text = readFileSync(path.join(ROOT, 'content/esempio-importi-fissi/criteri-specifiche-responsabilita.md'), 'utf8');
    expect(text).toContain('## 3.- CRITERI');
    expect(text).toContain('### 3.1.- ');
    expect(text).toContain('indice: true');
  });
});

describe('albo pubblica of a documento', () => {
  const SOURCE = 'content/esempio-importi-fissi/criteri-specifiche-responsabilita';
  const ID = 'criteri-specifiche-responsabilita';
  const PROTOCOL = ['--protocollo', '77', '--data-protocollo', '2025-02-27', '--registro-protocollo', 'Registro di protocollo generale'];
  const dir = path.join(tmp, 'pubblica');
  beforeAll(async () => {
    mkdirSync(dir, { recursive: true });
    cpSync(path.join(ROOT, 'templates'), path.join(dir, 'templates'), { recursive: true });
    cpSync(path.join(ROOT, 'content/esempio-importi-fissi'), path.join(dir, 'content/esempio-importi-fissi'), { recursive: true });
    // The ente's own publication period for this kind of act.
    const yaml = path.join(dir, 'content/esempio-importi-fissi/ente.yaml');
    writeFileSync(yaml, readFileSync(yaml, 'utf8') + '\npubblicazione:\n  giorni: { documento: 30 }\n');
    const r = await albo(['build', `${SOURCE}.md`], dir);
    expect(r.code, r.err).toBe(0);
  }, 120_000);

  it('needs --dal, then publishes the signed act alone, with its register entry and the ente\'s days', async () => {
    const noDate = await albo(['pubblica', ID, ...PROTOCOL, '--senza-firma', 'prova'], dir, '2025-02-28');
    expect(noDate.code).toBe(1);
    expect(noDate.err).toContain('manca il primo giorno di pubblicazione');
    // CAdES: the index's links are annotations on the first page, which the test PAdES signer does not handle.
    const { makeSigner, signCades } = await import('./helpers/sign.js');
    writeFileSync(path.join(dir, 'firmato.pdf.p7m'), signCades(readFileSync(path.join(dir, `out/esempio-importi-fissi/${ID}.pdf`)), makeSigner('Anna Bianchi')));
    const r = await albo(['pubblica', ID, '--dal', '2025-03-03', ...PROTOCOL, '--firmato', 'firmato.pdf.p7m'], dir, '2025-02-28');
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('Pubblicazione n. 1/2025 registrata in content/esempio-importi-fissi/registro-albo-2025.txt');
    const pkg = path.join(dir, `out/albo/2025-${ID}`);
    const record = JSON.parse(readFileSync(path.join(pkg, 'pubblicazione.json'), 'utf8')) as { tipo_atto: string; oggetto: string; pubblicazione: object; file: { nome: string; ruolo: string; firmato: boolean }[] };
    expect(record.tipo_atto).toBe('documento');
    expect(record.oggetto).toBe("Criteri per il conferimento delle specifiche responsabilità – Indennità dell'art. 84 del CCNL Funzioni Locali del 16 novembre 2022 (testo di esempio)");
    expect(record.pubblicazione).toMatchObject({ inizio: '2025-03-03', fine: '2025-04-01', giorni_consecutivi: 30 });
    // No attachments: the act, its courtesy copies, no combined document.
    expect(record.file.map((f) => [f.nome, f.ruolo, f.firmato])).toEqual([
      [`${ID}.pdf.p7m`, 'atto', true],
      [`${ID}.docx`, "copia di cortesia dell'atto", false],
      [`${ID}.html`, "copia di cortesia dell'atto", false],
    ]);
    const html = readFileSync(path.join(pkg, `${ID}.html`), 'utf8');
    expect(html).toContain('3.1.- Responsabilità di procedimento');
    expect(html).toContain('Approvati con deliberazione della Giunta comunale n. 42 del 16/04/2024');
    const meta = JSON.parse(readFileSync(path.join(pkg, 'metadati-agid.json'), 'utf8')) as { Documenti: { TipologiaDocumentale: string }[] };
    expect(meta.Documenti[0]!.TipologiaDocumentale).toBe('Documento amministrativo');
    expect(readFileSync(path.join(dir, 'content/esempio-importi-fissi/registro-albo-2025.txt'), 'utf8')).toContain('tipo: pubblicazione\natto: documento\n');
  }, 120_000);
});

describe('one index per document (fuzz, seed 142024)', () => {
  it('an index written in a regulation\'s text is a located error; two combined documents keep one index and render', async () => {
    const text = REGULATION(['Art. – Uno', 'Art. – Due']).replace('1. Primo comma.\n', '1. Primo comma.\n\n::indice[Indice]\n');
    const r = await albo(['check'], project('indice-nel-regolamento', { 'reg.md': text }));
    expect(r.code).toBe(1);
    expect(r.err).toContain(`content/ente/reg.md:${lineOf(text, '::indice')}:1: errore: l'indice lo stampa albo`);
    const { parseMarkdown } = await import('../src/render/markdown.js');
    const { combineDocuments } = await import('../src/render/document.js');
    const { renderPdf } = await import('../src/render/pdf/index.js');
    const meta = { titolo: 'x', oggetto: 'x', autore: 'x', intestazione: 'x', piede: 'Pagina {pagina} di {pagine}', data: '2024-01-01', lingua: 'it-IT' };
    const part = (h: string) => ({ tree: parseMarkdown(`::indice[Indice]\n\n## ${h}\n\nTesto.\n`), markdown: '', meta });
    const combined = combineDocuments([part('Prima'), part('Seconda')], meta);
    expect(combined.tree.children.filter((n) => n.type === 'leafDirective' && n.name === 'indice')).toHaveLength(1);
    const pages = await pdfText(await renderPdf(combined));
    expect(squash(pages[0]!)).toContain(squash('Indice Prima'));
    expect(squash(pages.join(''))).toContain(squash('Seconda'));
  }, 60_000);
});
