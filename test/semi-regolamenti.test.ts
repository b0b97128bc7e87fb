import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { albo } from './helpers/cli.js';
import { docxParts, docxTextNumbered, pdfText } from './helpers/extract.js';
import { seedText } from './helpers/seed.js';

/**
 * The two seed regulations, whole: every word of each seed (case-folded, with multiplicity) in the text in
 * force, PDF and DOCX; the articles numbered as in the seed; each article in the PDF bookmarks and in the
 * index. The seeds are read from ../shared/seeds (ALBO_SEEDS overrides).
 */
interface SeedRegulation {
  seed: string;
  ente: string;
  /** The article numbers of the seed, in order, as the seed's own headings give them. */
  articles(seed: string): string[];
  /** The numbering the issue states, to check the extraction itself. */
  expected: string[];
  /**
   * The seed's own index, if it has one: its page numbers are those of the original layout and albo
   * generates the index from the headings (in the DOCX Word fills in the numbers), so it is not counted.
   */
  ownIndex?: [string, string];
}

const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => String(from + i));
const insert = (list: string[], after: string, ...extra: string[]) => {
  const i = list.indexOf(after);
  return [...list.slice(0, i + 1), ...extra, ...list.slice(i + 1)];
};

const SEEDS: SeedRegulation[] = [
  {
    seed: '001_',
    ente: 'maltignano',
    // A flattened text: headings are «ART.17», «ART. 25 BIS:» in capitals; references in the text are «art. 17».
    articles: (seed) => [...seed.matchAll(/ART\.\s*(\d+)(?:\s+(BIS|TER|QUATER|bis|ter|quater)(?![A-Za-z]))?/g)].map((m) => m[1]! + (m[2] ? ` ${m[2].toLowerCase()}` : '')),
    expected: insert(insert(range(1, 93), '25', '25 bis', '25 ter', '25 quater'), '77', '77 bis'),
  },
  {
    seed: '002_',
    ente: 'issa-biella',
    // Headings in bold, «**Art. 45 bis – …**»; the seed's own index has them in italics (not counted).
    articles: (seed) => [...seed.matchAll(/^(?:#+\s*)?\*\*Art\.\s*(\d+)(?:\s+(bis|ter|quater))?\s*[-–]/gm)].map((m) => m[1]! + (m[2] ? ` ${m[2]}` : '')),
    expected: insert(insert(range(1, 76), '45', '45 bis'), '75', '75 bis'),
    ownIndex: ['## INDICE', "## REGOLAMENTO SULL'ORDINAMENTO DEGLI UFFICI E DEI SERVIZI"],
  },
];

const THRESHOLD = 0.99;

/** Words, case-folded: letters and digits; markup of the seeds (HTML tags, Markdown marks) is not a word. */
export function words(text: string): string[] {
  return text.replace(/<[^>]+>/g, ' ').normalize('NFC').toLocaleLowerCase('it-IT').match(/[\p{L}\p{N}]+/gu) ?? [];
}

const count = (list: string[]) => {
  const m = new Map<string, number>();
  for (const w of list) m.set(w, (m.get(w) ?? 0) + 1);
  return m;
};

/** Share of the seed's words (with multiplicity) the document has, and the missing ones with how many times. */
export function coverage(seed: string, document: string): { share: number; missing: [string, number][] } {
  const have = count(words(document));
  let total = 0;
  let found = 0;
  const missing: [string, number][] = [];
  for (const [w, n] of count(words(seed))) {
    total += n;
    const k = Math.min(n, have.get(w) ?? 0);
    found += k;
    if (k < n) missing.push([w, n - k]);
  }
  return { share: total ? found / total : 1, missing: missing.sort((a, b) => b[1] - a[1]) };
}

/** All the text of a PDF, runs separated by spaces (a run never ends inside a word). */
async function pdfAllText(file: string): Promise<{ pages: string[]; outline: string[] }> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const pdf = await getDocument({ data: new Uint8Array(readFileSync(file)), isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const content = await (await pdf.getPage(i)).getTextContent();
    pages.push(content.items.map((it) => ('str' in it ? it.str : '')).join(' '));
  }
  type Item = { title: string; items: Item[] };
  const outline: string[] = [];
  const visit = (items: Item[]) => items.forEach((i) => (outline.push(i.title), visit(i.items)));
  visit(((await pdf.getOutline()) ?? []) as Item[]);
  return { pages, outline };
}

const articleNumbers = (titles: string[]) =>
  titles.map((t) => /^Art\.\s(\d+(?:\s(?:bis|ter|quater|quinquies))?)\s–/.exec(t.replace(/\u00a0/g, ' '))?.[1]).filter((n): n is string => Boolean(n));

const tmp = mkdtempSync(path.join(tmpdir(), 'albo-semi-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
beforeAll(async () => {
  const sources = SEEDS.map((s) => `content/${s.ente}/regolamento-uffici-servizi.md`);
  const r = await albo(['build', ...sources, '--uscita', path.join(tmp, 'out')]);
  expect(r.code, r.err).toBe(0);
}, 600_000);

describe.each(SEEDS)('seed $seed ($ente): the whole regulation', (s) => {
  const base = () => path.join(tmp, 'out', s.ente, 'regolamento-uffici-servizi-con-allegati');

  it('the seed\'s article numbering is the one the issue states (the extraction is right)', () => {
    expect(s.articles(seedText(s.seed))).toEqual(s.expected);
  });

  it(`every word of the seed is in the vigente PDF and DOCX (≥ ${THRESHOLD * 100} %)`, async () => {
    const whole = seedText(s.seed);
    const [from, to] = s.ownIndex ?? ['', ''];
    const seed = s.ownIndex ? whole.slice(0, whole.indexOf(from)) + whole.slice(whole.indexOf(to)) : whole;
    // The index is a small part of the seed: taking it out must not hide a gap in the text.
    expect(words(seed).length / words(whole).length).toBeGreaterThan(0.95);
    const pdf = (await pdfAllText(base() + '.pdf')).pages.join('\n');
    const docx = docxTextNumbered(readFileSync(base() + '.docx'));
    for (const [format, text] of [['PDF', pdf], ['DOCX', docx]] as const) {
      const { share, missing } = coverage(seed, text);
      const report = `${format}: ${(share * 100).toFixed(2)} % delle ${words(seed).length} parole del seme ${s.seed}; mancano: ${missing
        .slice(0, 150)
        .map(([w, n]) => `${w}×${n}`)
        .join(' ')}`;
      console.log(report.slice(0, 600), `(con l'indice del seme: ${(coverage(whole, text).share * 100).toFixed(2)} %)`);
      expect(share, report).toBeGreaterThanOrEqual(THRESHOLD);
    }
  }, 120_000);

  it('the articles of the generated act are numbered as in the seed: PDF bookmarks and DOCX headings', async () => {
    const expected = s.articles(seedText(s.seed));
    const { outline } = await pdfAllText(base() + '.pdf');
    expect(articleNumbers(outline)).toEqual(expected);
    const xml = docxParts(readFileSync(base() + '.docx'))['word/document.xml']!;
    const headings = [...xml.matchAll(/<w:p>(?:(?!<\/w:p>).)*?<w:pStyle w:val="Heading4"\/>((?:(?!<\/w:p>).)*)<\/w:p>/g)].map((m) =>
      [...m[1]!.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join(''),
    );
    expect(articleNumbers(headings)).toEqual(expected);
  }, 120_000);

  it('every article is in the index, with its page in the PDF and linked to its heading in the DOCX', async () => {
    const expected = s.articles(seedText(s.seed));
    // The index fills the pages before the body, which starts on a new page with «TITOLO I –».
    const pages = (await pdfText(readFileSync(base() + '.pdf'))).map((p) => p.replace(/\s+/g, ' ').trim());
    const bodyStart = pages.findIndex((p) => p.startsWith('TITOLO I –'));
    expect(bodyStart).toBeGreaterThan(0);
    const index = pages.slice(0, bodyStart).join(' ');
    expect(expected.filter((n) => !index.includes(`Art. ${n} – `))).toEqual([]);
    const xml = docxParts(readFileSync(base() + '.docx'))['word/document.xml']!;
    const entries = [...xml.matchAll(/<w:hyperlink w:history="1" w:anchor="(_Toc\d+)"><w:r><w:t xml:space="preserve">([^<]+)<\/w:t>/g)];
    const bookmarks = new Set([...xml.matchAll(/<w:bookmarkStart w:name="(_Toc\d+)"/g)].map((m) => m[1]));
    expect(articleNumbers(entries.map((e) => e[2]!))).toEqual(expected);
    expect(entries.filter((e) => !bookmarks.has(e[1]))).toEqual([]);
  }, 120_000);
});
