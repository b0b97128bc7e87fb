import { strFromU8, unzipSync } from 'fflate';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

/** Text of a PDF, page by page, without the running header and footer (top and bottom 50 pt). */
export async function pdfText(bytes: Uint8Array): Promise<string[]> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  const pages: string[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const page = await pdf.getPage(i);
    const height = page.view[3]!;
    const content = await page.getTextContent();
    const items = content.items.filter((it): it is { str: string; transform: number[]; hasEOL: boolean } => 'str' in it);
    pages.push(
      items
        .filter((it) => it.transform[5]! > 50 && it.transform[5]! < height - 50)
        // List markers are drawn after their item's first line: drop them so sentences stay whole.
        .filter((it) => !/^(\d+\.|[a-z]\)|•)$/.test(it.str.trim()))
        .map((it) => it.str + (it.hasEOL ? '\n' : ''))
        .join(''),
    );
  }
  return pages;
}

/** Width and height of each PDF page, in points. */
export async function pdfPageSizes(bytes: Uint8Array): Promise<[number, number][]> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false, isEvalSupported: false }).promise;
  const sizes: [number, number][] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const view = (await pdf.getPage(i)).view;
    sizes.push([Math.round(view[2]! - view[0]!), Math.round(view[3]! - view[1]!)]);
  }
  return sizes;
}

/** Header and footer texts of each PDF page. */
export async function pdfMargins(bytes: Uint8Array): Promise<string[]> {
  const pdf = await getDocument({ data: new Uint8Array(bytes), isEvalSupported: false }).promise;
  const out: string[] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const page = await pdf.getPage(i);
    const height = page.view[3]!;
    const content = await page.getTextContent();
    out.push(
      content.items
        .filter((it): it is { str: string; transform: number[] } => 'str' in it)
        .filter((it) => it.transform[5]! <= 50 || it.transform[5]! >= height - 50)
        .map((it) => it.str)
        .join(' '),
    );
  }
  return out;
}

export function docxParts(bytes: Uint8Array): Record<string, string> {
  const files = unzipSync(bytes);
  return Object.fromEntries(Object.entries(files).filter(([n]) => n.endsWith('.xml') || n.endsWith('.rels')).map(([n, d]) => [n, strFromU8(d)]));
}

const decodeXml = (s: string) =>
  s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

/** Body text of a DOCX: runs joined, one line per paragraph. */
export function docxText(bytes: Uint8Array): string {
  const xml = docxParts(bytes)['word/document.xml']!;
  return xml
    .split(/<\/w:p>/)
    .map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:br\/>/g)].map((m) => (m[1] !== undefined ? decodeXml(m[1]) : '\n')).join(''))
    .join('\n');
}

/** For coverage checks: spacing and typographic variants do not count, characters do. */
export function squash(s: string): string {
  return s
    .replace(/[’‘`]/g, "'")
    .replace(/[“”«»]/g, '"')
    .replace(/[\s\u00a0]+/g, '')
    .toLowerCase();
}


/**
 * Body text of a DOCX as a reader sees it: each numbered paragraph preceded by the marker Word draws from
 * numbering.xml («1.», «a)», «–»), which document.xml does not contain.
 */
export function docxTextNumbered(bytes: Uint8Array): string {
  const parts = docxParts(bytes);
  const numbering = parts['word/numbering.xml'] ?? '';
  const levels = new Map<string, Map<number, { fmt: string; text: string; start: number }>>();
  for (const m of numbering.matchAll(/<w:abstractNum [^>]*w:abstractNumId="(\d+)"[^>]*>(.*?)<\/w:abstractNum>/gs)) {
    const lv = new Map<number, { fmt: string; text: string; start: number }>();
    for (const l of m[2]!.matchAll(/<w:lvl [^>]*w:ilvl="(\d+)"[^>]*>(.*?)<\/w:lvl>/gs)) {
      lv.set(Number(l[1]), {
        fmt: /<w:numFmt w:val="([^"]+)"/.exec(l[2]!)?.[1] ?? 'decimal',
        text: decodeXml(/<w:lvlText w:val="([^"]*)"/.exec(l[2]!)?.[1] ?? ''),
        start: Number(/<w:start w:val="(\d+)"/.exec(l[2]!)?.[1] ?? 1),
      });
    }
    levels.set(m[1]!, lv);
  }
  const abstractOf = new Map([...numbering.matchAll(/<w:num w:numId="(\d+)"[^>]*>\s*<w:abstractNumId w:val="(\d+)"/g)].map((m) => [m[1]!, m[2]!]));
  const counters = new Map<string, number[]>();
  const format = (n: number, fmt: string) =>
    fmt === 'lowerLetter' ? String.fromCharCode(96 + n) : fmt === 'upperLetter' ? String.fromCharCode(64 + n) : String(n);
  const xml = parts['word/document.xml']!;
  return xml
    .split(/<\/w:p>/)
    .map((p) => {
      const text = [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>|<w:br\/>/g)].map((m) => (m[1] !== undefined ? decodeXml(m[1]) : '\n')).join('');
      const num = /<w:numPr><w:ilvl w:val="(\d+)"\/><w:numId w:val="(\d+)"\/><\/w:numPr>/.exec(p);
      if (!num) return text;
      const level = Number(num[1]);
      const lv = levels.get(abstractOf.get(num[2]!) ?? '');
      const c = counters.get(num[2]!) ?? [];
      c[level] = (c[level] ?? (lv?.get(level)?.start ?? 1) - 1) + 1;
      c.length = level + 1;
      counters.set(num[2]!, c);
      const def = lv?.get(level);
      if (!def) return text;
      const marker = def.fmt === 'bullet' ? def.text : def.text.replace(/%(\d)/g, (_all, k: string) => format(c[Number(k) - 1] ?? 1, lv!.get(Number(k) - 1)?.fmt ?? 'decimal'));
      return `${marker} ${text}`;
    })
    .join('\n');
}
