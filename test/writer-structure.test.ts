import type { Paragraph, RootContent } from 'mdast';
import { describe, expect, it } from 'vitest';
import type { RenderedDocument } from '../src/render/document.js';
import { renderDocx, writeDocx } from '../src/render/docx/index.js';
import { bookmarkName } from '../src/render/docx/handlers.js';
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

describe('the same text in every writer: line breaks, deep headings, links', () => {
  // An editor that wraps lines writes soft line breaks: a space, as CommonMark says and the browser shows.
  const SOFT = '## Capo\n\n### Art. 1\n\nuna riga\nche continua e un a capo\\\nforzato.\n\n##### Quinto livello\n\n::indice\n\n[sito](https://www.example.it)\n\n    riga uno\n    riga due\n';
  const soft = (): RenderedDocument => ({ tree: parseMarkdown(SOFT), markdown: SOFT, meta });
  it('PDF: a soft line break is a space, a forced one a new line; a code block keeps its lines', () => {
    const xs = runs(pdfDefinition(soft()).content);
    expect(xs.map((r) => r.text)).toContain('una riga che continua e un a capo');
    expect(xs.map((r) => r.text)).toContain(' \n');
    expect(xs.map((r) => r.text)).toContain('riga uno \nriga due');
  });
  it('DOCX: no newline inside a run; a code block breaks its lines; a forced break is w:br; no stretched line before it', async () => {
    const parts = docxParts(await writeDocx(soft()));
    const body = parts['word/document.xml']!;
    expect(body).toContain('<w:t xml:space="preserve">una riga che continua e un a capo</w:t>');
    expect([...body.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].filter((m) => m[1]!.includes('\n'))).toEqual([]);
    expect(body).toMatch(/<w:t xml:space="preserve">riga uno<\/w:t><\/w:r><w:r><w:rPr>(?:(?!<\/w:r>).)*<w:br\/><w:t xml:space="preserve">riga due<\/w:t>/);
    expect(parts['word/settings.xml']).toContain('<w:doNotExpandShiftReturn/>');
  });
  it('DOCX: a heading deeper than 4 has its own style (Heading5), so the index (levels 2-4) leaves it out as the PDF does', async () => {
    const body = docxParts(await writeDocx(soft()))['word/document.xml']!;
    expect(body).toContain('<w:pStyle w:val="Heading5"/>');
    const index = body.slice(body.indexOf('<w:sdtContent>'), body.indexOf('</w:sdtContent>'));
    expect(index).toContain('Art. 1');
    expect(index).not.toContain('Quinto livello');
    const pdfIndex = JSON.stringify(pdfDefinition(soft()).content, (k, v) => (k === '_t' ? undefined : v));
    expect(pdfIndex).toMatch(/"text":"Art. 1"[^}]*}\],"style":"h3","headlineLevel":3,"tocItem":true/);
    expect(pdfIndex).not.toMatch(/Quinto livello[^}]*}\],"style":"h4","headlineLevel":5,"tocItem"/);
  });
  it('DOCX: a link is coloured and underlined as in the PDF', async () => {
    const body = docxParts(await writeDocx(soft()))['word/document.xml']!;
    expect(body).toMatch(/<w:hyperlink [^>]*><w:r><w:rPr><w:color w:val="0B4F8A"\/><w:u w:val="single"\/><\/w:rPr><w:t xml:space="preserve">sito<\/w:t>/);
    expect(find(runs(pdfDefinition(soft()).content), 'sito')).toMatchObject({ color: '#0b4f8a', decoration: 'underline' });
  });
});

describe('list items with more than one block, in every writer', () => {
  const LOOSE = '1. primo\n\n   secondo paragrafo\n\n   > citazione\n2. secondo\n   - uno\n     - due\n       - tre\n         - quattro\n\n- [x] fatto\n\n  dettaglio\n- [ ] da fare\n';
  const loose = (): RenderedDocument => ({ tree: parseMarkdown(LOOSE), markdown: LOOSE, meta });
  const paragraphs = async () => {
    const parts = docxParts(await writeDocx(loose()));
    return { parts, ps: parts['word/document.xml']!.match(/<w:p>.*?<\/w:p>/g)! };
  };
  const textOf = (p: string) => [...p.matchAll(/<w:t[^>]*>([^<]*)<\/w:t>/g)].map((m) => m[1]).join('');
  it('DOCX: only the first paragraph of an item is numbered; the others, a quotation too, align with its text', async () => {
    const { ps } = await paragraphs();
    const p = (t: string) => ps.find((x) => textOf(x).trim() === t)!;
    expect(p('primo')).toContain('<w:numPr><w:ilvl w:val="0"/>');
    expect(p('secondo paragrafo')).not.toContain('<w:numPr>');
    expect(p('secondo paragrafo')).toContain('<w:ind w:left="426"/>');
    expect(p('citazione')).not.toContain('<w:numPr>');
    expect(p('citazione')).toContain('<w:ind w:left="993"/>');
    expect(p('secondo')).toContain('<w:numPr><w:ilvl w:val="0"/>');
    // A task item's further text is not a bulleted item.
    expect(p('dettaglio')).not.toContain('<w:numPr>');
    expect(p('dettaglio')).toContain('<w:ind w:left="360"/>');
  });
  it('DOCX: a list nested four deep has its level defined (Word has nine)', async () => {
    const { parts, ps } = await paragraphs();
    expect(ps.find((x) => textOf(x) === 'quattro')).toContain('<w:ilvl w:val="4"/>');
    const levels = (abstract: string) => [...abstract.matchAll(/<w:lvl w:ilvl="(\d)"/g)].map((m) => Number(m[1]));
    for (const abstract of parts['word/numbering.xml']!.match(/<w:abstractNum .*?<\/w:abstractNum>/g)!) expect(levels(abstract)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
  });
  it('HTML: a checkbox label holds the first paragraph\'s text only; the rest follows it inside the item', () => {
    const html = new TextDecoder().decode(renderHtml(loose()));
    expect(html).toContain('<li class="casella"><label><input type="checkbox" disabled checked> fatto</label><p>dettaglio</p></li>');
    expect(html).not.toMatch(/<label>(?:(?!<\/label>).)*<p>/s);
  });
});

describe('DOCX bookmark names (Word: letters, digits, «_», at most 40 characters)', () => {
  it('up to 40 characters the name is the anchor; beyond, a stable hash keeps two long anchors apart', () => {
    expect(bookmarkName('art-1')).toBe('rif_art_1');
    const at40 = 'a'.repeat(36);
    expect(bookmarkName(at40)).toBe(`rif_${at40}`);
    const long1 = `${'a'.repeat(36)}b`;
    const long2 = `${'a'.repeat(36)}c`;
    expect(bookmarkName(long1)).toHaveLength(40);
    expect(bookmarkName(long1)).toMatch(/^rif_a{27}_[0-9a-f]{8}$/);
    expect(bookmarkName(long1)).not.toBe(bookmarkName(long2));
    // The hash (Java's String.hashCode, unsigned; checked by hand) is part of the file: the same anchor gives the same name in every build.
    expect(bookmarkName(long1)).toBe('rif_aaaaaaaaaaaaaaaaaaaaaaaaaaa_3224b622');
    expect(bookmarkName('titolo-ii/capo-iii/articolo-45-bis-comma-2-lettera-b')).toBe('rif_titolo_ii_capo_iii_articolo_f5aa79e7');
    // A hash below 0x10000000 keeps its leading zero: the name is still 40 characters.
    expect(bookmarkName('allegato-tecnico-al-regolamento-degli-uffici-100')).toBe('rif_allegato_tecnico_al_regolam_0ffe2fae');
  });
});
