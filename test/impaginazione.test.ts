import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { albo } from './helpers/cli.js';
import { ROOT } from './helpers/seed.js';
import { toolAvailable } from './helpers/tools.js';

/** The shipped content, built once: every check below runs on every PDF albo ships. */
const tmp = mkdtempSync(path.join(tmpdir(), 'albo-impaginazione-'));
const OUT = path.join(tmp, 'out');
const files = (dir: string, ext: string) =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith(ext))
    .map((e) => path.join(e.parentPath, e.name))
    .sort();
let pdfs: string[] = [];

beforeAll(async () => {
  const r = await albo(['build', '--uscita', OUT]);
  expect(r.code, r.err).toBe(0);
  pdfs = files(OUT, '.pdf');
}, 180_000);
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** «x- y» within a line (a line may end after «-» or «/»: that is a break, not a gap). */
const splits = (text: string) => [...text.matchAll(/\p{L}[-/][ \t\u00a0]+\p{L}+/gu)].map((m) => m[0].replace(/\s+/, ' '));

interface PdfLine {
  text: string;
  bold: boolean;
  boldItalic: boolean;
  size: number;
  items: number;
}

/** Body lines of each page (top to bottom), without the running header and footer, with their fonts. */
async function pageLines(file: string): Promise<PdfLine[][]> {
  const pdf = await getDocument({ data: new Uint8Array(readFileSync(file)), isEvalSupported: false, verbosity: 0 }).promise;
  const pages: PdfLine[][] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const page = await pdf.getPage(i);
    await page.getOperatorList(); // loads the fonts, whose names say bold or italic
    const height = page.view[3]!;
    const content = await page.getTextContent();
    const items = content.items
      .filter((it): it is { str: string; transform: number[]; fontName: string } => 'str' in it && it.str.trim() !== '')
      .filter((it) => it.transform[5]! > 50 && it.transform[5]! < height - 50);
    const byY = new Map<number, typeof items>();
    for (const it of items) {
      const y = Math.round(it.transform[5]!);
      const key = [...byY.keys()].find((k) => Math.abs(k - y) <= 2) ?? y;
      byY.set(key, [...(byY.get(key) ?? []), it]);
    }
    pages.push(
      [...byY.entries()]
        .sort(([a], [b]) => b - a)
        .map(([, line]) => {
          const fonts = line.map((it) => (page.commonObjs.get(it.fontName) as { name: string }).name);
          return {
            text: line.map((it) => it.str).join(' ').replace(/\s+/g, ' ').trim(),
            bold: fonts.every((f) => /Bold/.test(f)),
            boldItalic: fonts.every((f) => /BoldItalic/.test(f)),
            size: Math.max(...line.map((it) => Math.abs(it.transform[0]!))),
            items: line.length,
          };
        }),
    );
  }
  return pages;
}

describe('every shipped PDF', () => {
  it.runIf(toolAvailable('pdftotext'))('copied text has no «x- y» or «x/ y» that the sources do not have', () => {
    const sources = [...files(path.join(ROOT, 'content'), '.md'), ...files(path.join(ROOT, 'content'), '.yaml'), ...files(path.join(ROOT, 'templates'), '.hbs')];
    const written = new Set(sources.flatMap((f) => splits(readFileSync(f, 'utf8').replace(/\s+/g, ' '))));
    expect(pdfs.length).toBeGreaterThan(30);
    const found: string[] = [];
    for (const file of pdfs) {
      const text = execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
      for (const s of splits(text)) if (!written.has(s)) found.push(`${path.relative(OUT, file)}: «${s}»`);
    }
    expect(found).toEqual([]);
  });

  it('no page ends with a heading or with a table header row alone', async () => {
    const found: string[] = [];
    let headings = 0;
    for (const file of pdfs) {
      const pages = await pageLines(file);
      pages.forEach((lines, i) => {
        headings += lines.filter((l) => l.bold && l.size >= 11).length;
        const last = lines.at(-1);
        if (!last || i === pages.length - 1) return;
        const where = `${path.relative(OUT, file)} p. ${i + 1}: «${last.text}»`;
        // Headings: bold at 11 pt or more (titles, capi, sections), or bold italic (level 4).
        if (last.bold && (last.size >= 11 || last.boldItalic)) found.push(`titolo in fondo alla pagina: ${where}`);
        // A header row repeats on the next page: alone at the foot, it is the next page's first line too.
        if (last.bold && pages[i + 1]![0]?.text === last.text) found.push(`intestazione di tabella sola: ${where}`);
      });
    }
    expect(headings).toBeGreaterThan(100); // the check sees headings at all
    expect(found).toEqual([]);
  });
});
