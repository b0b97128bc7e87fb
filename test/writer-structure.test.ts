import type { Paragraph, RootContent } from 'mdast';
import { describe, expect, it } from 'vitest';
import type { RenderedDocument } from '../src/render/document.js';
import { renderDocx } from '../src/render/docx/index.js';
import { renderHtml } from '../src/render/html/index.js';
import { parseMarkdown } from '../src/render/markdown.js';
import { pdfDefinition } from '../src/render/pdf/index.js';
import { docxParts } from './helpers/extract.js';

// What each writer emits for the marks text extraction cannot see: bold, italics, a deletion's strike-through,
// an insertion's highlight, a horizontal rule, a list's numbers, a table's header row. Checked on the pdfmake
// document definition, on the DOCX XML and on the HTML, for one tree.
const meta: RenderedDocument['meta'] = { titolo: 'Prova', oggetto: 'Prova', autore: 'Comune di Prova', intestazione: 'Comune di Prova', piede: 'p', data: '2024-01-01', lingua: 'it-IT' };
const SOURCE = 'Testo **forte** *corsivo* ~~barrato~~ fine.\n\n---\n\n3. terzo\n4. quarto\n\nIntervallo.\n\n1. uno\n\n| Voce | Importo |\n|---|---:|\n| a | 1 |\n';

function tree() {
  const t = parseMarkdown(SOURCE);
  // An insertion (a regulation's amended text, highlighted version): the node the amendments step makes.
  const p = t.children[0] as Paragraph;
  p.children.push({ type: 'insertion', children: [{ type: 'text', value: 'inserito' }] } as unknown as RootContent as Paragraph['children'][number]);
  return t;
}
const doc = (): RenderedDocument => ({ tree: tree(), markdown: SOURCE, meta });

type Run = { text: string; [k: string]: unknown };
function runs(node: unknown, out: Run[] = []): Run[] {
  if (Array.isArray(node)) node.forEach((n) => runs(n, out));
  else if (node && typeof node === 'object') {
    const o = node as Record<string, unknown>;
    if (typeof o.text === 'string') out.push(o as Run);
    for (const [k, v] of Object.entries(o)) if (k !== '_t') runs(v, out);
  }
  return out;
}
const find = (xs: Run[], text: string) => xs.find((r) => r.text === text)!;

describe('PDF: the pdfmake definition', () => {
  const content = () => pdfDefinition(doc()).content;
  it('bold, italics, strike-through for a deletion, underline on a yellow ground for an insertion, plain text plain', () => {
    const xs = runs(content());
    expect(find(xs, 'forte')).toMatchObject({ bold: true });
    expect(find(xs, 'corsivo')).toMatchObject({ italics: true });
    expect(find(xs, 'barrato')).toMatchObject({ decoration: 'lineThrough' });
    expect(find(xs, 'inserito')).toMatchObject({ decoration: 'underline', background: '#fff1a8' });
    const plain = find(xs, ' fine.');
    expect([plain.bold, plain.italics, plain.decoration, plain.background]).toEqual([undefined, undefined, undefined, undefined]);
  });
  it('a horizontal rule is a line across the text width; lists keep their first number; a table repeats its header row', () => {
    const json = JSON.stringify(content(), (k, v) => (k === '_t' ? undefined : v));
    expect(json).toContain('"canvas":[{"type":"line","x1":0,"y1":4,"x2":483,"y2":4');
    const lists = [...json.matchAll(/"ol":\[.*?\],"start":(\d+)/g)].map((m) => Number(m[1]));
    expect(lists).toEqual([3, 1]);
    expect(json).toMatch(/"table":\{"headerRows":1,"keepWithHeaderRows":1/);
    const header = runs(content()).filter((r) => r.text === 'Voce' || r.text === 'Importo');
    expect(header).toHaveLength(2);
  });
});

describe('DOCX: the XML', () => {
  const xml = async () => docxParts(await renderDocx(doc()));
  const runOf = (body: string, text: string) => {
    const m = new RegExp(`<w:r>(?:(?!</w:r>).)*<w:t xml:space="preserve">${text}</w:t></w:r>`).exec(body);
    if (!m) throw new Error(`no run «${text}»`);
    return m[0].slice(m[0].lastIndexOf('<w:r>'));
  };
  it('bold, italics, strike-through, highlight and underline on the runs that carry them, none on plain text', async () => {
    const body = (await xml())['word/document.xml']!;
    expect(runOf(body, 'forte')).toContain('<w:b/>');
    expect(runOf(body, 'corsivo')).toContain('<w:i/>');
    expect(runOf(body, 'barrato')).toContain('<w:strike/>');
    expect(runOf(body, 'inserito')).toMatch(/<w:highlight w:val="yellow"\/><w:u w:val="single"\/>/);
    expect(runOf(body, ' fine.')).not.toContain('<w:rPr>');
  });
  it('a horizontal rule is a bottom border; a list from 3 starts at 3, the next list at 1; the header row repeats', async () => {
    const parts = await xml();
    const body = parts['word/document.xml']!;
    expect(body).toContain('<w:pBdr><w:bottom w:val="single" w:color="8A96A3" w:sz="4" w:space="1"/></w:pBdr>');
    const numIds = [...body.matchAll(/<w:numId w:val="(\d+)"\/>/g)].map((m) => m[1]);
    expect(numIds).toHaveLength(3);
    expect(numIds[0]).toBe(numIds[1]);
    expect(numIds[2]).not.toBe(numIds[0]);
    const startOf = (id: string) => new RegExp(`<w:num w:numId="${id}">.*?<w:lvlOverride w:ilvl="0"><w:startOverride w:val="(\\d+)"/>`).exec(parts['word/numbering.xml']!)![1];
    expect([startOf(numIds[0]!), startOf(numIds[2]!)]).toEqual(['3', '1']);
    const rows = body.match(/<w:tr>.*?<\/w:tr>/g)!;
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain('<w:tblHeader/>');
    expect(rows[1]).not.toContain('<w:tblHeader/>');
  });
});

describe('HTML', () => {
  it('the same marks as elements: strong, em, del, ins, hr, ol start, th', () => {
    const html = new TextDecoder().decode(renderHtml(doc()));
    const main = html.slice(html.indexOf('<main>'));
    expect(main).toContain('<strong>forte</strong>');
    expect(main).toContain('<em>corsivo</em>');
    expect(main).toContain('<del>barrato</del>');
    expect(main).toContain('<ins>inserito</ins>');
    expect(main).toContain('<hr>');
    expect(main).toMatch(/<ol start="3"[^>]*><li>(?:<p>)?terzo/);
    expect(main).toMatch(/<ol[^>]*><li>(?:<p>)?uno/);
    expect(main).not.toMatch(/<ol start="1"/);
    expect(main).toContain('<th scope="col">Voce</th>');
  });
});
