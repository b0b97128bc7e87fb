import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseDocument } from 'yaml';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseMarkdown } from '../src/render/markdown.js';
import { analyseStructure, type Part } from '../src/regulation/structure.js';
import { albo, type CliResult } from './helpers/cli.js';
import { docxParts, pdfText, squash } from './helpers/extract.js';
import { ROOT } from './helpers/seed.js';

/**
 * Amendments in a regulation of ninety articles: the Maltignano regulation (seed 001) as shipped in content/,
 * amended at test time (so the fixture follows the content) by one deliberation that rewrites the start of a
 * comma of art. 10 (inline <del>/<ins>, citing the inserted article), abrogates art. 40 and inserts art. 60 bis
 * (which cites art. 40 and art. 61).
 */
const SOURCE = path.join(ROOT, 'content/maltignano/regolamento-uffici-servizi.md');
const DELIBERA = 'gc-99-2025';
const NOTE = '(1) Modificato dalla Giunta comunale con deliberazione n. 99 del 10/03/2025 (art. 10, art. 40, art. 60 bis).';

interface Fixture {
  text: string;
  /** The articles of the original, in order ("25 bis"), and their rubriche. */
  articles: Part[];
  replaced: string;
  /** The start of the abrogated article's text. */
  abrogated: string;
}

function amend(original: string): Fixture {
  const end = original.indexOf('\n---', 4);
  const front = parseDocument(original.slice(4, end));
  const body = original.slice(end + 4);
  const lines = body.split('\n');
  const tree = parseMarkdown(body);
  const parts = analyseStructure(tree, { strict: true }).parts;
  const articles = parts.filter((p) => p.kind === 'articolo');
  const line = (p: Part) => p.node.position!.start.line - 1;
  const article = (key: string) => {
    const a = articles.find((p) => p.numberText === key);
    if (!a) throw new Error(`art. ${key} non c'è: content/maltignano è ancora un estratto (${articles.length} articoli)?`);
    return a;
  };
  const blockEnd = (p: Part) => {
    const next = parts[parts.indexOf(p) + 1];
    return next ? line(next) : lines.length;
  };
  // Art. 60 bis after art. 60 (from the end, so earlier line numbers stay valid).
  const a60 = article('60');
  lines.splice(blockEnd(a60), 0, `:::inserito{delibera=${DELIBERA}}`, '### Art. 60 bis – Articolo inserito per prova', '', "1. Si applicano l'art. 40 e l'art. 61.", ':::', '');
  const a40 = article('40');
  const abrogated = lines.slice(line(a40) + 1, blockEnd(a40)).find((l) => l.trim())!.trim().replace(/^\d+\.\s+/, '').slice(0, 60);
  lines.splice(blockEnd(a40), 0, ':::', '');
  lines.splice(line(a40), 0, `:::soppresso{delibera=${DELIBERA}}`);
  // Art. 10: the first words of its first comma replaced.
  const a10 = article('10');
  const first = lines.findIndex((l, i) => i > line(a10) && /^1\.\s+\S+\s+\S+\s+\S+/.test(l));
  const m = /^1\.\s+(\S+\s+\S+\s+\S+)/.exec(lines[first]!)!;
  lines[first] = lines[first]!.replace(m[1]!, `<del delibera="${DELIBERA}">${m[1]}</del> <ins delibera="${DELIBERA}">Come previsto dall'art. 60 bis,</ins>`);
  const modifiche = front.get('modifiche') as { items?: unknown[] } | undefined;
  const entry = { id: DELIBERA, organo: 'Giunta comunale', numero: 99, data: '2025-03-10' };
  if (modifiche?.items) (modifiche.items as unknown[]).push(front.createNode(entry));
  else front.set('modifiche', [entry]);
  return { text: `---\n${front.toString()}---${lines.join('\n')}`, articles, replaced: m[1]!, abrogated };
}

const tmp = mkdtempSync(path.join(tmpdir(), 'albo-modifiche-lunghe-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const dir = path.join(tmp, 'progetto');
const OUT = path.join(dir, 'out/maltignano');
let fixture: Fixture;
let check: CliResult;

beforeAll(async () => {
  cpSync(path.join(ROOT, 'templates'), path.join(dir, 'templates'), { recursive: true });
  cpSync(path.join(ROOT, 'content/maltignano'), path.join(dir, 'content/maltignano'), { recursive: true });
  fixture = amend(readFileSync(SOURCE, 'utf8'));
  writeFileSync(path.join(dir, 'content/maltignano/regolamento-uffici-servizi.md'), fixture.text);
  check = await albo(['check'], dir);
  const r = await albo(['build', 'content/maltignano/regolamento-uffici-servizi.md'], dir);
  expect(r.code, r.err).toBe(0);
}, 600_000);

const pdf = async (name: string) => (await pdfText(readFileSync(path.join(OUT, `${name}.pdf`)))).join('\n');
async function outline(name: string): Promise<string[]> {
  const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const doc = await getDocument({ data: new Uint8Array(readFileSync(path.join(OUT, `${name}.pdf`))), isEvalSupported: false }).promise;
  type Item = { title: string; items: Item[] };
  const out: string[] = [];
  const visit = (items: Item[]) => items.forEach((i) => (out.push(i.title), visit(i.items)));
  visit(((await doc.getOutline()) ?? []) as Item[]);
  return out.filter((t) => t.startsWith('Art.'));
}

describe('amendments in the whole Maltignano regulation (fixture built from content/)', () => {
  it('the amended source is valid, with no reference warnings', () => {
    expect(fixture.articles.length).toBeGreaterThan(90);
    expect(check.code, check.err).toBe(0);
    // No reference warning; the typography advice of `albo check` (issue #13) on the transcribed text is not one.
    const typography = /: avviso: («[^»]+» al posto di «|\d+ spazi di seguito|apostrof|virgolette)/;
    const own = check.err.split('\n').filter((l) => l.startsWith('content/maltignano/regolamento-uffici-servizi.md') && !typography.test(l));
    expect(own).toEqual([]);
  });

  it('numbering stays stable: 60 bis is inserted, art. 40 keeps its number, art. 61 is still 61, in both texts', async () => {
    const expected = fixture.articles.map((a) => a.numberText);
    expected.splice(expected.indexOf('60') + 1, 0, '60 bis');
    const numbers = (titles: string[]) => titles.map((t) => /^Art\. (\d+(?: bis| ter| quater)?) –/.exec(t.replace(/\u00a0/g, ' '))?.[1]);
    const vigente = await outline('regolamento-uffici-servizi');
    const evidenziato = await outline('regolamento-uffici-servizi-modifiche-evidenziate');
    expect(numbers(vigente)).toEqual(expected);
    expect(numbers(evidenziato)).toEqual(expected);
    const rubrica = (key: string) => fixture.articles.find((a) => a.numberText === key)!.rubrica;
    expect(vigente).toContain('Art. 40 – (abrogato)');
    expect(vigente).toContain('Art. 60 bis – Articolo inserito per prova');
    expect(vigente).toContain(`Art. 61 – ${rubrica('61')}`);
    expect(vigente).toContain(`Art. 93 – ${rubrica('93')}`);
    expect(evidenziato.find((t) => t.startsWith('Art. 40 –'))).toBe(`Art. 40 – ${rubrica('40')}(1)`);
  }, 120_000);

  it('the text in force applies the amendments; the highlighted one shows them, each with its note', async () => {
    const vigente = squash(await pdf('regolamento-uffici-servizi'));
    const evidenziato = squash(await pdf('regolamento-uffici-servizi-modifiche-evidenziate'));
    expect(vigente).toContain(squash("Come previsto dall'art. 60 bis,"));
    expect(vigente).not.toContain(squash(`${fixture.replaced} Come previsto`));
    expect(evidenziato).toContain(squash(`${fixture.replaced}(1) Come previsto dall'art. 60 bis,(1)`));
    expect(vigente).toContain(squash("Art. 60 bis – Articolo inserito per prova Si applicano l'art. 40 e l'art. 61."));
    expect(evidenziato).toContain(squash(NOTE));
    expect(vigente).not.toContain(squash('Note alle modifiche'));
    // The abrogated article's text is only in the highlighted text.
    expect(evidenziato).toContain(squash(fixture.abrogated));
    expect(vigente).not.toContain(squash(fixture.abrogated));
  }, 120_000);

  it('cross-references follow: to the inserted article, the abrogated one and the one after, in PDF and DOCX', async () => {
    const xml = docxParts(readFileSync(path.join(OUT, 'regolamento-uffici-servizi.docx')))['word/document.xml']!;
    const links = [...xml.matchAll(/<w:hyperlink [^>]*w:anchor="(rif_[^"]+)"[^>]*>(.*?)<\/w:hyperlink>/g)].map((m) => [m[1], m[2]!.replace(/<[^>]+>/g, '')]);
    expect(links).toContainEqual(['rif_art_60_bis', 'art. 60 bis']);
    expect(links).toContainEqual(['rif_art_40', 'art. 40']);
    expect(links).toContainEqual(['rif_art_61', 'art. 61']);
    const marks = new Set([...xml.matchAll(/<w:bookmarkStart w:name="(rif_[^"]+)"/g)].map((m) => m[1]));
    expect(links.filter(([a]) => !marks.has(a))).toEqual([]);
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const doc = await getDocument({ data: new Uint8Array(readFileSync(path.join(OUT, 'regolamento-uffici-servizi.pdf'))), isEvalSupported: false }).promise;
    const destinations = await doc.getDestinations();
    const targets: string[] = [];
    for (let i = 1; i <= doc.numPages; i++) for (const a of await (await doc.getPage(i)).getAnnotations()) if (a.subtype === 'Link' && typeof a.dest === 'string') targets.push(a.dest);
    for (const t of ['rif-art-60-bis', 'rif-art-40', 'rif-art-61']) expect(targets).toContain(t);
    expect(targets.filter((t) => !(t in destinations))).toEqual([]);
  }, 120_000);
});
