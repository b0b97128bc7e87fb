import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Nodes, Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProjects } from '../src/build/project.js';
import { docId } from '../src/kinds/kind.js';
import { renderDocument } from '../src/render/document.js';
import { parseMarkdown } from '../src/render/markdown.js';
import { compileTemplate } from '../src/render/template.js';
import { libreOffice } from '../src/render/docx/toc-pages.js';
import { albo } from './helpers/cli.js';
import { docxParts, docxText, docxTextNumbered, pdfPageSizes, pdfText, squash } from './helpers/extract.js';
import { ROOT, seedSentences, seedText } from './helpers/seed.js';
import { scratchProject } from './helpers/scratch.js';
import { check, readCard, show } from './helpers/project.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'albo-regolamento-'));
const OUT = path.join(tmp, 'out');
const BIELLA = path.join(OUT, 'issa-biella');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
beforeAll(async () => {
  expect((await albo(['build', '--uscita', OUT])).code).toBe(0);
}, 120_000);

const pdfPages = (file: string) => pdfText(readFileSync(file));
const lines = (text: string, from: RegExp, to: RegExp) => {
  const all = text.split('\n');
  const start = all.findIndex((l) => from.test(l));
  const end = all.findIndex((l, i) => i > start && to.test(l));
  expect(start, String(from)).toBeGreaterThan(0);
  return all.slice(start, end < 0 ? undefined : end).join('\n');
};

/** The transcribed parts of seed 002: Titoli I–IX (art. 1–76), Allegato 1, Allegato 3 (the table). */
function seed002Parts() {
  const seed = seedText('002_');
  // The body starts after the seed's own (broken) index, at its second "TITOLO I".
  const body = seed.slice(seed.indexOf("## REGOLAMENTO SULL'ORDINAMENTO DEGLI UFFICI E DEI SERVIZI"));
  return {
    titoli: lines(body, /TITOLO I - PRINCIPI GENERALI/, /ALLEGATI AL REGOLAMENTO DEGLI UFFICI E DEI SERVIZI/),
    allegato1: lines(seed, /Allegato 1 – Profili professionali e categorie\*\*/, /Allegato 3 - Titoli di studio e accesso ai posti\*\*/),
    allegato3: seed.slice(seed.lastIndexOf('**Allegato 3 - Titoli di studio')),
  };
}

/** Seed text as albo prints it: numbering markers dropped, headings with an en dash, the amendment applied. */
function normalizeSeed(text: string): string {
  return text
    .replace(/(?<!\*)\*(?!\*)/g, '')
    .replace(/^\s*-?\s*(\d+\.|[a-h]\))\s+/gm, '')
    .replace(/^(#*\s*\**)?(Art\.\s*\d+(?: bis)?|TITOLO [IVX]+|CAPO [IVX]+)\s*[-–]\s*/gm, '$2 – ')
    // Page breaks of the published PDF split two sentences of art. 61 and 75 across lines.
    .replace("nell'Arma dei\n\nCarabinieri", "nell'Arma dei Carabinieri")
    .replace('dalla Legge\n\n19/12/1984', 'dalla Legge 19/12/1984')
    .replace(/ ?~~[^~]+~~/g, '')
    .replace(/^#+\s*/gm, '')
    .replace(/Allegato (\d) - /, 'Allegato $1 – ');
}

/** Sentences albo's text has on purpose in another form (README, "Correzioni ai semi"). */
const CORRECTIONS: Record<string, string> = {
  '27 – Il parere del Responsabili di Servizio': '27 – Il parere dei Responsabili di Servizio',
};

const ALLEGATO3_HEADER = ['Posizione', 'Riserva a favore di interni: titoli e requisiti', 'Riserva a favore di interni: prove selettive', 'Accesso esterno: titoli e requisiti', 'Accesso esterno: prove selettive'];

async function bothFormats(base: string): Promise<[string, string]> {
  // A table row may continue on the next page under its repeated header: take the header out.
  const header = squash(ALLEGATO3_HEADER.join(''));
  return [squash((await pdfPages(base + '.pdf')).join('\n')).replaceAll(header, ''), squash(docxText(readFileSync(base + '.docx')))];
}

describe('regulation and appendices (Consorzio I.S.S.A. Biella, seed 002)', () => {
  it('every sentence of Titoli I–IX, Allegato 1 and Allegato 3 is in the PDF and in the DOCX (text in force)', async () => {
    const parts = seed002Parts();
    const sentencesOf = (t: string) =>
      seedSentences(normalizeSeed(t))
        .map((s) => (CORRECTIONS[s] ?? s).replace(/^[#*\s]+/, '').replace(/^(\d+\.|[a-h]\))\s+/, ''))
        .filter((s) => squash(s).length > 2)
        // The two-row header of the Allegato 3 table is one row of full names here (checked with the table).
        .filter((s) => !ALLEGATO3_HEADER.some((h) => squash(h).includes(squash(s))));
    const prose = [...sentencesOf(parts.titoli), ...sentencesOf(parts.allegato1)];
    const table = sentencesOf(parts.allegato3);
    expect(prose.length).toBeGreaterThan(900);
    expect(table.length).toBeGreaterThan(40);
    const [pdf, docx] = await bothFormats(path.join(BIELLA, 'regolamento-uffici-servizi-con-allegati'));
    expect(prose.filter((s) => !pdf.includes(squash(s)))).toEqual([]);
    // A table row that continues on the next page interleaves its cells in the PDF's text order: the table's
    // sentences are checked whole in the DOCX, and word by word in the PDF (the wide table test).
    expect([...prose, ...table].filter((s) => !docx.includes(squash(s)))).toEqual([]);
  });

  it('articles are numbered 1–76 (with 45 bis and 75 bis) by albo, chapters restart in each title, cross-references name them', async () => {
    const [pdf, docx] = await bothFormats(path.join(BIELLA, 'regolamento-uffici-servizi'));
    for (const text of [pdf, docx]) {
      for (let n = 1; n <= 76; n++) expect(text).toContain(squash(`Art. ${n} –`));
      expect(text).toContain(squash('Art. 45 bis – Utilizzo di graduatorie approvate da altri enti'));
      expect(text).toContain(squash('Art. 75 bis – Copertura di posti di dotazione organica con contratti a tempo determinato'));
      expect(text).not.toContain(squash('Art. 77 –'));
      expect(text).toContain(squash('CAPO III – LE ALTRE FORME DI SELEZIONE Art. 71 –'));
      expect(text).toContain(squash('TITOLO IX – NORME FINALI Art. 76 – Abrogazioni'));
      expect(text).toContain(squash("CAPO III – DELLE PROCEDURE DI MOBILITA'"));
      expect(text).toContain(squash("TITOLO VIII – NORME DI ACCESSO ALL'IMPIEGO E MODALITA' CONCORSUALI CAPO I – DISPOSIZIONI GENERALI"));
      expect(text).toContain(squash('di cui al successivo art. 15.'));
      expect(text).toContain(squash('a norma dei precedenti artt. 15 e 16 del presente regolamento'));
      expect(text).toContain(squash('TITOLO IV – ATTI ORGANIZZATIVI E PROCEDURE'));
    }
  });

  it('the PDF index lists every title, article and appendix heading with the page it is on', async () => {
    const pages = (await pdfPages(path.join(BIELLA, 'regolamento-uffici-servizi-con-allegati.pdf'))).map(squash);
    const bodyStart = pages.findIndex((p) => p.startsWith(squash('TITOLO I – PRINCIPI GENERALI')));
    expect(bodyStart).toBeGreaterThan(0);
    const index = pages.slice(0, bodyStart).join('');
    // The entries the index must have: the DOCX's TOC lists the same headings (levels 2–4), by their full text.
    const xml = docxParts(readFileSync(path.join(BIELLA, 'regolamento-uffici-servizi-con-allegati.docx')))['word/document.xml']!;
    const titles = [...xml.matchAll(/<w:hyperlink w:history="1" w:anchor="_Toc\d+"><w:r><w:t xml:space="preserve">([^<]+)<\/w:t>/g)].map((m) => m[1]!.replace(/&apos;/g, "'").replace(/&amp;/g, '&'));
    // 9 titles, 6 chapters, 78 articles (45 bis, 75 bis), 2 appendices; in Allegato 1, 5 categories and 12 profiles.
    expect(titles.length).toBe(9 + 6 + 78 + 2 + 5 + 12);
    let cursor = 0;
    let page = bodyStart;
    const found: [string, number, number][] = [];
    for (const title of titles) {
      const at = index.indexOf(squash(title), cursor);
      expect(at, title).toBeGreaterThanOrEqual(cursor);
      cursor = at + squash(title).length;
      const listed = Number(/^\d+/.exec(index.slice(cursor))?.[0]);
      while (page < pages.length && !pages[page]!.includes(squash(title))) page++;
      found.push([title, listed, page + 1]);
    }
    expect(found.filter(([, listed, actual]) => listed !== actual)).toEqual([]);
    expect(found.find(([t]) => t.startsWith('Allegato 3'))![2]).toBeGreaterThan(found.find(([t]) => t.startsWith('Art. 76'))![2]);
  });

  it('two lettered lists in one comma (art. 57, comma 11) both start from «a)» in the DOCX, as in the PDF', () => {
    const text = docxTextNumbered(readFileSync(path.join(BIELLA, 'regolamento-uffici-servizi.docx')));
    expect(text).toContain('11. Il Segretario della Commissione consegna alla stessa:\nin copia:\na) il bando di concorso;');
    expect(text).toContain('d) il regolamento disciplinante la procedura di ammissione:\nin originale\na) le domande di ammissione ed i documenti relativi.');
    // The commi go on after the lettered points: art. 61 comma 2 follows its points a)–c).
    expect(text).toContain('c) n. 2,5 punti per i titoli vari.\n2. Il titolo di studio');
  });

  it('the DOCX index is a real Word TOC whose entries all link to a heading bookmark', () => {
    const xml = docxParts(readFileSync(path.join(BIELLA, 'regolamento-uffici-servizi-con-allegati.docx')))['word/document.xml']!;
    expect(xml).toContain('TOC \\h \\o &quot;2-4&quot;');
    const anchors = [...xml.matchAll(/w:anchor="(_Toc\d+)"/g)].map((m) => m[1]);
    const bookmarks = new Set([...xml.matchAll(/<w:bookmarkStart w:name="(_Toc\d+)"/g)].map((m) => m[1]));
    expect(anchors.length).toBeGreaterThan(40);
    expect(anchors.filter((a) => !bookmarks.has(a))).toEqual([]);
    const settings = docxParts(readFileSync(path.join(BIELLA, 'regolamento-uffici-servizi-con-allegati.docx')))['word/settings.xml']!;
    // With LibreOffice the build writes the index's page numbers and Word is not asked to update fields
    // (issue #13, test/indice-docx.test.ts compares the numbers); without it, Word fills them on opening.
    if (libreOffice()) {
      expect(settings).not.toContain('w:updateFields');
      expect(xml).toMatch(/<w:t[^>]*>\d+<\/w:t>/);
    } else expect(settings).toContain('w:updateFields');
  });

  it('the text in force and the highlighted text differ exactly by the amendments', async () => {
    const { projects, diagnostics } = await loadProjects(path.join(ROOT, 'content'));
    expect(diagnostics.filter((d) => d.severity === 'errore')).toEqual([]);
    const project = projects.find((p) => p.dir.endsWith('issa-biella'))!;
    const reg = project.docs.find((d) => docId(d) === 'regolamento-uffici-servizi')!;
    const template = compileTemplate(readFileSync(path.join(ROOT, 'templates/regolamento.md.hbs'), 'utf8'), 'regolamento.md.hbs');
    const body = (tree: Root) => {
      const kids = tree.children;
      const from = kids.findIndex((n) => n.type === 'heading' && toString(n).startsWith('TITOLO I –'));
      const to = kids.findIndex((n) => n.type === 'heading' && toString(n) === 'Note alle modifiche');
      return kids.slice(from, to < 0 ? undefined : to);
    };
    const vigente = body(renderDocument(reg, project, template, {}, 'vigente').tree);
    const evidenziato = body(renderDocument(reg, project, template, {}, 'evidenziato').tree);
    // Take the highlighting out of the highlighted text: what is struck and the note marks go, insertions stay.
    const marks: string[] = [];
    const strip = (nodes: RootContent[]): RootContent[] =>
      nodes.flatMap((n): RootContent[] => {
        if (n.type === 'delete' || n.type === 'noteRef') {
          marks.push(`${n.type}:${toString(n as Nodes)}`);
          return [];
        }
        if (n.type === 'insertion') {
          marks.push(`insertion:${toString(n)}`);
          return strip(n.children);
        }
        return 'children' in n ? [{ ...n, children: strip(n.children as RootContent[]) } as RootContent] : [n];
      });
    const cleaned = strip(evidenziato);
    const text = (nodes: RootContent[]) => nodes.map((n) => toString(n)).join('\n').replace(/\s+/g, ' ');
    expect(text(cleaned)).toBe(text(vigente));
    expect(marks).toEqual([
      "delete:l'allegato",
      'noteRef:(2)',
      "insertion:allegato annualmente al Piano Programma dell'Ente",
      'noteRef:(2)',
      "delete:Salvo diversa disposizione di legge, la copertura di posti in organico vacanti non è ammesso effettuarla con ricorso a graduatorie vigenti di altri Enti, se non vi è stato un accordo preventivo con l'Ente che ha bandito il concorso, stipulato prima dello svolgimento delle prove concorsuali.",
      'noteRef:(2)',
    ]);
    // And in the published files.
    const [vPdf] = await bothFormats(path.join(BIELLA, 'regolamento-uffici-servizi'));
    for (const text of await bothFormats(path.join(BIELLA, 'regolamento-uffici-servizi-modifiche-evidenziate'))) {
      expect(text).toContain(squash("secondo l'allegato(2) l'organigramma funzionale allegato annualmente al Piano Programma dell'Ente(2), in ossequio"));
      expect(text).toContain(squash('(2) Modificato con integrazioni dal Consiglio di Amministrazione con deliberazione n. 56 del 10/10/2018 (art. 10, art. 45).'));
    }
    expect(vPdf).toContain(squash("secondo l'organigramma funzionale allegato annualmente al Piano Programma dell'Ente, in ossequio"));
    expect(vPdf).not.toContain(squash("l'allegato l'organigramma"));
  });

  it('the wide table (five columns of long text) loses nothing: every cell in PDF and DOCX, header repeated', async () => {
    const source = readFileSync(path.join(ROOT, 'content/issa-biella/allegato-3-titoli-di-studio.md'), 'utf8');
    const tree = parseMarkdown(source.slice(source.indexOf('\n---', 4) + 4));
    const table = tree.children.find((n) => n.type === 'table')!;
    const cells = table.children.flatMap((r) => r.children.map((c) => toString(c)));
    expect(cells.length).toBe(5 * 11);
    const base = path.join(BIELLA, 'allegato-3-titoli-di-studio');
    const pages = await pdfPages(base + '.pdf');
    const words = (s: string) => new Set(s.split(/[\s\u00a0-]+/).map(squash).filter(Boolean));
    const pdfWords = words(pages.join('\n'));
    const docx = squash(docxText(readFileSync(base + '.docx')));
    for (const cell of cells) {
      expect([...words(cell)].filter((w) => !pdfWords.has(w)), cell.slice(0, 40)).toEqual([]);
      expect(docx, cell.slice(0, 40)).toContain(squash(cell));
    }
    expect(pages.length).toBeGreaterThan(2);
    for (const page of pages) expect(squash(page)).toContain(squash(ALLEGATO3_HEADER.join('')));
    expect(docxParts(readFileSync(base + '.docx'))['word/document.xml']).toContain('<w:tblHeader/>');
  });

  it('the wide table goes on landscape pages with its heading, in both formats; the regulation stays portrait', async () => {
    const sizes = await pdfPageSizes(readFileSync(path.join(BIELLA, 'regolamento-uffici-servizi-con-allegati.pdf')));
    const pages = (await pdfPages(path.join(BIELLA, 'regolamento-uffici-servizi-con-allegati.pdf'))).map(squash);
    const first = pages.findIndex((p) => p.startsWith(squash('Allegato 3 – Titoli di studio')));
    expect(first).toBeGreaterThan(10);
    expect(sizes.slice(0, first).every(([w, h]) => w < h)).toBe(true);
    expect(sizes.slice(first).every(([w, h]) => w > h)).toBe(true);
    // No page is left empty by the change of orientation.
    expect(pages.filter((p) => p.length < 20)).toEqual([]);
    const xml = docxParts(readFileSync(path.join(BIELLA, 'regolamento-uffici-servizi-con-allegati.docx')))['word/document.xml']!;
    const sections = [...xml.matchAll(/<w:pgSz ([^/]*)\/>/g)].map((m) => /w:orient="landscape"/.test(m[1]!));
    expect(sections).toEqual([false, true]);
    // The section break sits right before the appendix's heading: it starts the landscape pages.
    const landscapeBreak = xml.indexOf('<w:pgSz', xml.indexOf('Allegato 1 – Profili'));
    expect(xml.lastIndexOf('Allegato 3 – Titoli di studio e accesso ai posti</w:t>')).toBeGreaterThan(landscapeBreak);
  });
});

describe('regulation excerpt and appendix tables (Comune di Maltignano, seed 001)', () => {
  it('the mobility tables A1, A2, B, C of art. 89 are in the appendix, every value in PDF and DOCX', async () => {
    const seed = seedText('001_').replace(/\s+/g, ' ');
    const art89 = seed.slice(seed.indexOf('ART. 88'), seed.indexOf('ART. 90'));
    const phrases = [
      'A ciascun candidato ammesso alla procedura selettiva è attribuibile il punteggio massimo di 45 punti così ripartiti:',
      'max 15 punti per titoli di studio, di servizio e curriculum professionale;', 'max 30 punti per colloquio',
      'Punteggio massimo attribuibile: punti 5 per Lauree Vecchio Ordinamento e/o Specialistiche o Magistrali. punti 3 per Lauree Triennali ; punti 2 per diploma',
      'I periodi di anzianità saranno valutati solo in anni, con arrotondamento per eccesso per periodi superiori a mesi 6, per difetto per periodi pari o inferiore a mesi 6',
      'Copertura posti per i quali è richiesto il diploma di laurea', 'Diploma di Laurea Triennale', 'da 110 a 110 e lode',
      'Diploma di Laurea magistrale/specialistica e/o vecchio ordinamento', 'da 106 a 110', 'Copertura posti per i quali è richiesto il diploma di scuola secondaria superiore',
      "Voto diploma di scuola media superiore che consenta l’accesso all’Università", '100/100 (60/60)',
      'I punteggi di cui alla tabella A1 e A2 non sono cumulabili ma alternativi.', 'Il candidato indicherà il titolo da valutare ove sia in possesso di entrambi.',
      'Partecipazione a convegni e/o seminari inerenti l’attività lavorativa negli ultimi due anni', '0,20 a corso', 'Possesso di titoli post laurea, abilitazioni professionali', '0,5 ciascuno',
      'Dipendente con anzianità di servizio superiore o uguale ad anni 10', 'Dipendente con anzianità di servizio inferiore a 10 e fino a 5', 'Dipendente con anzianità di servizio inferiore a 5',
      'L’anzianità di servizio va considerata in riferimento all’anno in cui è avvenuto l’inquadramento nella qualifica richiesta.',
      'Sono valutati i seguenti titoli, secondo i punteggi appresso indicati',
    ];
    for (const p of phrases) expect(squash(art89), p).toContain(squash(p));
    // Each grade with its score, as the seed's (flattened) tables give them in order.
    const rows: [string, string][] = [
      ['da 66 a 100', '2'], ['da 101 a 109', '2,5'], ['da 110 a 110 e lode', '3'],
      ['da 66 a 77', '2,5'], ['da 78 a 88', '3,0'], ['da 89 a 99', '3,5'], ['da 100 a 105', '4,0'], ['da 106 a 110', '4,5'], ['da 110 e lode', '5,0'],
      ['da 60 a 79 (36-47)', '0,50'], ['da 80 a 89 (48-53)', '1,0'], ['da 90 a 99 (54-59)', '1,5'], ['100/100 (60/60)', '2,0'],
      ['Dipendente con anzianità di servizio superiore o uguale ad anni 10', '7'], ['Dipendente con anzianità di servizio inferiore a 10 e fino a 5', '5'], ['Dipendente con anzianità di servizio inferiore a 5', '2'],
    ];
    const base = path.join(OUT, 'maltignano/regolamento-uffici-servizi-con-allegati');
    for (const text of await bothFormats(base)) {
      for (const p of phrases) expect(text, p).toContain(squash(p));
      for (const [grade, score] of rows) expect(text, grade).toContain(squash(grade + score));
      expect(text).toContain(squash('Art. 89 – Valutazione dei titoli e del curriculum professionale'));
      expect(text).toContain(squash("secondo le tabelle A1, A2, B e C dell'Allegato 1."));
      expect(text).toContain(squash("Tabelle dei punteggi dei titoli di cui all'art. 89."));
    }
  });
});

const project = (name: string, files: Record<string, string>) => {
  const dir = path.join(tmp, name);
  mkdirSync(path.join(dir, 'content'), { recursive: true });
  cpSync(path.join(ROOT, 'templates'), path.join(dir, 'templates'), { recursive: true });
  cpSync(path.join(ROOT, 'test/fixtures/regolamento/ente.yaml'), path.join(dir, 'content/ente.yaml'));
  for (const [f, text] of Object.entries(files)) writeFileSync(path.join(dir, 'content', f), text);
  return dir;
};
const fixture = (f: string) => readFileSync(path.join(ROOT, 'test/fixtures/regolamento', f), 'utf8');
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('regulation errors, located', () => {
  it('two "Art. 77" (the Maltignano text as reported): the second is located, with what to do', async () => {
    const text = fixture('numero-ripetuto.md');
    const r = await albo(['check'], project('dup', { 'regolamento.md': text }));
    expect(r.code).toBe(1);
    const second = text.split('\n').findIndex((l, i) => l.startsWith('### Art. 77') && i > lineOf(text, '### Art. 77')) + 1;
    expect(r.err).toContain(`content/regolamento.md:${second}:1: errore: numero ripetuto: Art. 77 c'è già (riga ${lineOf(text, '### Art. 77')})`);
    expect(r.err).toContain('se è un articolo inserito scrivi "Art. 77 bis"');
    // As published, with "77 bis": valid, and the next article is 78.
    const fixed = text.replace('### Art. 77 – Assunzioni mediante', '### Art. 77 bis – Assunzioni mediante');
    const dir = project('bis', { 'regolamento.md': fixed });
    expect((await albo(['build'], dir)).code).toBe(0);
    const out = squash((await pdfPages(path.join(dir, 'out/regolamento.pdf'))).join('\n'));
    expect(out).toContain(squash('Art. 77 bis – Assunzioni mediante utilizzo di graduatoria di altro ente'));
    expect(out).toContain(squash('Art. 78 – Interpretazione'));
  }, 60_000);

  it('a reference to a missing id, an amendment by an unlisted deliberation and an unclosed marker fail, located', async () => {
    const text = fixture('rimando-mancante.md');
    const r = await albo(['check'], project('refs', { 'regolamento.md': text }));
    expect(r.code).toBe(1);
    const col = (t: string, needle: string, at: string) => t.split('\n')[lineOf(t, needle) - 1]!.indexOf(at) + 1;
    expect(r.err).toContain(`content/regolamento.md:${lineOf(text, 'gc-21-2020')}:${col(text, 'gc-21-2020', '<ins')}: errore: la modifica cita la deliberazione «gc-21-2020», che non è tra le «modifiche» del regolamento\n  suggerimento: intendevi «gc-12-2020»?`);
    expect(r.err).toContain(`content/regolamento.md:${lineOf(text, 'senza chiusura')}:${col(text, 'senza chiusura', '<del')}: errore: marcatore di modifica incompleto`);
    // References are resolved once each document is valid on its own: with the markers fixed, the broken one is reported.
    const fixed = text.replace('gc-21-2020', 'gc-12-2020').replace('soppresso senza chiusura.', 'soppresso</del> con chiusura.');
    const s = await albo(['check'], project('refs2', { 'regolamento.md': fixed }));
    expect(s.code).toBe(1);
    expect(s.err).toContain(`content/regolamento.md:${lineOf(fixed, 'successivo [](')}:${col(fixed, 'successivo [](', '[](')}: errore: rimando a «posizioni-organizative»: nessun articolo, titolo, capo o allegato ha questo id\n  suggerimento: intendevi «posizioni-organizzative»?`);
    const ok = await albo(['build'], project('refs3', { 'regolamento.md': fixed.replace('(#posizioni-organizative)', '(#posizioni-organizzative)') }));
    expect(ok.code).toBe(0);
  });

  it('an appendix of an unknown regulation, a table row with a missing cell, an appendix heading at level 2', async () => {
    const allegato = ['---', 'tipo: allegato', 'id: tabella', 'regolamento: regolamento-rimandi', 'numero: 2', 'titolo: Tabella', '---', '', '## Parte', '', '| A | B |', '|---|---|', '| 1 | 2 |', '| 3 |', ''].join('\n');
    const r = await albo(['check'], project('app', { 'allegato.md': allegato, 'regolamento.md': fixture('numero-ripetuto.md').replace('### Art. 77 – Assunzioni mediante', '### Art. 77 bis – Assunzioni mediante') }));
    expect(r.code).toBe(1);
    expect(r.err).toContain('content/allegato.md:14:1: errore: la riga della tabella ha 1 celle, l\'intestazione ne ha 2');
    expect(r.err).toContain('content/allegato.md:9:1: errore: nell\'allegato le intestazioni partono da "###"');
    const withId = await albo(['check'], project('app3', { 'allegato.md': allegato.replace('## Parte', '### Parte {#parte}').replace('| 3 |', '| 3 | 4 |'), 'regolamento.md': fixture('numero-ripetuto.md') }));
    expect(withId.err).toContain('content/allegato.md:9:1: errore: un\'intestazione dell\'allegato non può avere un id {#…}');
    const fixedParts = allegato.replace('## Parte', '### Parte').replace('| 3 |', '| 3 | 4 |');
    const s = await albo(['check'], project('app2', { 'allegato.md': fixedParts, 'regolamento.md': fixture('numero-ripetuto.md').replace('### Art. 77 – Assunzioni mediante', '### Art. 77 bis – Assunzioni mediante') }));
    expect(s.err).toContain('content/allegato.md:4:14: errore: regolamento «regolamento-rimandi» non trovato\n  suggerimento: regolamenti: regolamento-maltignano');
  });
});

describe('variants of appendices', () => {
  it('an appendix with an amendment gets its highlighted text too; a regulation without markers does not', async () => {
    const reg = fixture('numero-ripetuto.md')
      .replace('### Art. 77 – Assunzioni mediante', '### Art. 77 bis – Assunzioni mediante')
      .replace('titolo: Regolamento', 'modifiche:\n  - { id: gc-12-2020, organo: Giunta comunale, numero: 12, data: 2020-03-02 }\ntitolo: Regolamento');
    const app = ['---', 'tipo: allegato', 'id: tabella', 'regolamento: regolamento-maltignano', 'numero: A', 'titolo: Tabella', '---', '', 'Punteggi dell\'[](#tabella), <del delibera="gc-12-2020">vecchi</del> <ins delibera="gc-12-2020">nuovi</ins>.', ''].join('\n');
    const dir = project('variants', { 'regolamento.md': reg, 'allegato-a.md': app });
    const r = await albo(['build'], dir);
    expect(r.code, r.err).toBe(0);
    const out = path.join(dir, 'out');
    const files = ['allegato-a', 'allegato-a-modifiche-evidenziate', 'regolamento', 'regolamento-con-allegati'];
    expect(readdirSync(out).filter((f) => f.endsWith('.pdf')).map((f) => f.replace(/\.pdf$/, '')).sort()).toEqual(files);
    const vigente = squash((await pdfPages(path.join(out, 'allegato-a.pdf'))).join(''));
    const evidenziato = squash((await pdfPages(path.join(out, 'allegato-a-modifiche-evidenziate.pdf'))).join(''));
    expect(vigente).toContain(squash("Punteggi dell'Allegato A, nuovi."));
    expect(evidenziato).toContain(squash("Punteggi dell'Allegato A, vecchi(1) nuovi(1)."));
    expect(evidenziato).toContain(squash('(1) Modificato dalla Giunta comunale con deliberazione n. 12 del 02/03/2020.'));
  }, 60_000);
});

describe('whole articles inserted or abrogated', () => {
  it('an abrogated article keeps its number in the text in force; an inserted one is highlighted in the other text', async () => {
    const reg = fixture('numero-ripetuto.md')
      .replace('titolo: Regolamento', 'modifiche:\n  - { id: gc-12-2020, organo: Giunta comunale, numero: 12, data: 2020-03-02 }\ntitolo: Regolamento')
      .replace('### Art. 76 – Presentazione dei documenti\n\nI candidati dichiarati vincitori devono presentare i documenti richiesti dal bando.\n', ':::soppresso{delibera=gc-12-2020}\n### Art. 76 – Presentazione dei documenti\n\nI candidati dichiarati vincitori devono presentare i documenti richiesti dal bando.\n:::\n')
      .replace('### Art. 77 – Assunzioni mediante utilizzo di graduatoria di altro ente\n', ':::inserito{delibera=gc-12-2020}\n### Art. 77 bis – Assunzioni mediante utilizzo di graduatoria di altro ente\n')
      .replace('di concorsi pubblici espletati da altri enti.\n', 'di concorsi pubblici espletati da altri enti.\n:::\n');
    expect(reg).toContain(':::inserito');
    const dir = project('blocks', { 'regolamento.md': reg });
    const r = await albo(['build'], dir);
    expect(r.code, r.err).toBe(0);
    const text = async (f: string) => squash((await pdfPages(path.join(dir, 'out', f))).join(''));
    const vigente = await text('regolamento.pdf');
    const evidenziato = await text('regolamento-modifiche-evidenziate.pdf');
    expect(vigente).toContain(squash('Art. 76 – (abrogato) Art. 77 – Assunzioni in servizio'));
    expect(vigente).not.toContain(squash('devono presentare i documenti'));
    expect(vigente).toContain(squash('Art. 77 bis – Assunzioni mediante utilizzo di graduatoria di altro ente'));
    expect(vigente).toContain(squash('Art. 78 – Interpretazione'));
    expect(evidenziato).toContain(squash('Art. 76 – Presentazione dei documenti(1) I candidati dichiarati vincitori devono presentare i documenti richiesti dal bando.'));
    expect(evidenziato).toContain(squash('Art. 77 bis – Assunzioni mediante utilizzo di graduatoria di altro ente(1)'));
    expect(evidenziato).toContain(squash('(1) Modificato dalla Giunta comunale con deliberazione n. 12 del 02/03/2020 (art. 76, art. 77 bis).'));
    const docx = docxParts(readFileSync(path.join(dir, 'out/regolamento-modifiche-evidenziate.docx')))['word/document.xml']!;
    expect(docx).toMatch(/<w:strike\/>.*I candidati dichiarati vincitori devono presentare/);
    expect(docx).toMatch(/<w:highlight w:val="yellow"\/>.*Art\. 77 bis/);
  }, 60_000);

  it('a block marker without its deliberation, or outside a regulation, is refused', async () => {
    const reg = fixture('numero-ripetuto.md').replace('### Art. – Interpretazione', ':::inserito\nTesto.\n:::\n\n### Art. – Interpretazione');
    const r = await albo(['check'], project('blocks2', { 'regolamento.md': reg }));
    expect(r.err).toContain(`content/regolamento.md:${lineOf(reg, ':::inserito')}:1: errore: manca la deliberazione: scrivi ":::inserito{delibera=id}"`);
    const card = readCard('coordinamento-stato-civile').replace('## Bisogno organizzativo\n', '## Bisogno organizzativo\n\n:::soppresso{delibera=x}\nTesto.\n:::\n');
    expect(show(check(card)).join('\n')).toContain('la direttiva «soppresso» si usa solo nei regolamenti e nei loro allegati');
  });
});

describe('links and regeneration', () => {
  it('cross-references link to their article in the PDF (named destinations) and in the DOCX (bookmarks)', async () => {
    const xml = docxParts(readFileSync(path.join(BIELLA, 'regolamento-uffici-servizi.docx')))['word/document.xml']!;
    const links = new Set([...xml.matchAll(/<w:hyperlink [^>]*w:anchor="(rif_[^"]+)"/g)].map((m) => m[1]));
    const marks = new Set([...xml.matchAll(/<w:bookmarkStart w:name="(rif_[^"]+)"/g)].map((m) => m[1]));
    expect([...links].sort()).toEqual(['rif_graduazione_posizioni_organizzative', 'rif_posizioni_organizzative']);
    expect([...links].filter((l) => !marks.has(l))).toEqual([]);
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const pdf = await getDocument({ data: new Uint8Array(readFileSync(path.join(BIELLA, 'regolamento-uffici-servizi.pdf'))) }).promise;
    const destinations = Object.keys(await pdf.getDestinations());
    const targets: string[] = [];
    for (let i = 1; i <= pdf.numPages; i++) {
      for (const a of await (await pdf.getPage(i)).getAnnotations()) if (a.subtype === 'Link' && typeof a.dest === 'string') targets.push(a.dest);
    }
    expect(targets).toContain('rif-posizioni-organizzative');
    expect(targets.filter((t) => !destinations.includes(t))).toEqual([]);
  });

  it('inserting an article renumbers the references in the appendix, which is regenerated', async () => {
    const dir = scratchProject(tmp, 'renumber');
    expect((await albo(['build'], dir)).code).toBe(0);
    const appendix = path.join(dir, 'out/maltignano/allegato-1-tabelle-valutazione-mobilita.pdf');
    expect(squash((await pdfPages(appendix)).join(''))).toContain(squash("di cui all'art. 89."));
    const source = path.join(dir, 'content/maltignano/regolamento-uffici-servizi.md');
    const art89 = '### Art. – VALUTAZIONE DEI TITOLI E DEL CURRICULUM PROFESSIONALE';
    const text = readFileSync(source, 'utf8');
    expect(text).toContain(art89);
    writeFileSync(source, text.replace(art89, `### Art. – Articolo inserito per prova\n\nTesto.\n\n${art89}`));
    const r = await albo(['build'], dir);
    expect(r.code).toBe(0);
    expect(squash((await pdfPages(appendix)).join(''))).toContain(squash("di cui all'art. 90."));
    // Two builds of every shipped act, the whole Maltignano regulation (97 articles) among them.
  }, 300_000);
});
