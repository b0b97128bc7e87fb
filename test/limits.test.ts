import type { Nodes, Root } from 'mdast';
import { describe, expect, it } from 'vitest';
import { parseMarkdown } from '../src/render/markdown.js';
import { fieldLengthMessage, LIMITS, markDiagnostics, prefixDiagnostics, sizeDiagnostic, treeDiagnostics } from '../src/validate/limits.js';

// Every size a user can type is bounded (README «Limiti dei sorgenti»): each limit exactly reached is
// accepted, one more is a located error. The CLI's handling of hostile sources is in hostile-input.test.ts.
const messages = (ds: { message: string }[]) => ds.map((d) => d.message);

describe('limits of a source, on both sides', () => {
  it('file size: 512 KB is accepted, one byte more is refused before decoding', () => {
    expect(LIMITS.sourceBytes).toBe(524_288);
    expect(sizeDiagnostic(new Uint8Array(LIMITS.sourceBytes), 'a.md')).toBeUndefined();
    expect(sizeDiagnostic(new Uint8Array(LIMITS.sourceBytes + 1), 'a.md')).toEqual({
      file: 'a.md',
      severity: 'errore',
      message: 'il file è troppo grande: 513 KB, il massimo è 512 KB',
      hint: 'un atto così lungo va diviso in più sorgenti (es. il regolamento e i suoi allegati in file separati)',
    });
    expect(sizeDiagnostic(new Uint8Array(2_000_000), 'a.md')!.message).toBe('il file è troppo grande: 1.954 KB, il massimo è 512 KB');
  });

  it('a frontmatter value: the message groups thousands', () => {
    expect(fieldLengthMessage(2_001)).toEqual({
      message: 'valore troppo lungo: 2.001 caratteri, il massimo per un campo è 2.000',
      hint: 'i campi del frontmatter sono titoli e nomi: il testo lungo va nelle sezioni del documento, dopo il secondo "---"',
    });
    expect(fieldLengthMessage(1_234_567).message).toBe('valore troppo lungo: 1.234.567 caratteri, il massimo per un campo è 2.000');
  });

  it('block prefix: 48 columns before the text are accepted, 49 are refused at their line (a tab counts 4)', () => {
    expect(prefixDiagnostics(`a\n${' '.repeat(48)}testo\n`, 'a.md')).toEqual([]);
    expect(prefixDiagnostics(`a\n\n${' '.repeat(49)}testo\n`, 'a.md')).toEqual([
      { file: 'a.md', line: 3, column: 1, severity: 'errore', message: 'rientro troppo profondo (49 colonne prima del testo): elenchi e citazioni si annidano al massimo su 10 livelli', hint: 'riduci i livelli di elenchi "- " e citazioni ">" uno dentro l\'altro' },
    ]);
    expect(prefixDiagnostics(`${'\t'.repeat(12)}x\n`, 'a.md')).toEqual([]);
    expect(messages(prefixDiagnostics(`${'\t'.repeat(12)} x\n`, 'a.md'))).toEqual(['rientro troppo profondo (49 colonne prima del testo): elenchi e citazioni si annidano al massimo su 10 livelli']);
    // Quote marks, bullets and ordered markers count; a dash not followed by a blank is text.
    expect(prefixDiagnostics(`${'> '.repeat(20)}- 1. x\n`, 'a.md')).toEqual([]);
    expect(messages(prefixDiagnostics(`${'> '.repeat(22)}- 1. x\n`, 'a.md'))).toEqual(['rientro troppo profondo (49 colonne prima del testo): elenchi e citazioni si annidano al massimo su 10 livelli']);
    expect(prefixDiagnostics(`${' '.repeat(40)}${'-'.repeat(30)}\n`, 'a.md')).toEqual([]);
    expect(messages(prefixDiagnostics(`${' '.repeat(38)}123456789) x\n`, 'a.md'))).toEqual(['rientro troppo profondo (49 colonne prima del testo): elenchi e citazioni si annidano al massimo su 10 livelli']);
  });

  it('emphasis marks and brackets: 200 in a paragraph are accepted, 201 refused at the paragraph\'s first line', () => {
    expect(markDiagnostics(`Titolo\n\n${'*'.repeat(100)}\n${'_~'.repeat(50)}\n`, 'a.md')).toEqual([]);
    expect(markDiagnostics(`Titolo\n\n${'*'.repeat(100)}\n${'_~'.repeat(50)}_\n`, 'a.md')).toEqual([
      { file: 'a.md', line: 3, column: 1, severity: 'errore', message: 'troppi segni di formattazione («*», «_», «~») in un paragrafo: più di 200', hint: 'dividi il paragrafo, o scrivi i segni che non sono grassetto o corsivo con la barra rovesciata (\\*, \\_)' },
    ]);
    expect(messages(markDiagnostics(`${'[]'.repeat(100)}\n`, 'a.md'))).toEqual([]);
    expect(markDiagnostics(`a\n${'[]'.repeat(100)}[\n`, 'a.md')).toEqual([
      { file: 'a.md', line: 1, column: 1, severity: 'errore', message: 'troppe parentesi quadre «[ ]» in un paragrafo: più di 200', hint: 'dividi il paragrafo, o scrivi le parentesi con la barra rovesciata (\\[, \\])' },
    ]);
    // Escaped marks do not count; a blank line, a list item, a quote, a table row or a heading starts anew.
    expect(markDiagnostics(`${'\\*'.repeat(300)}\n`, 'a.md')).toEqual([]);
    for (const opener of ['', '- x', '1. x', '> - x', '| x', '# x']) {
      expect(markDiagnostics(`${'*'.repeat(150)}\n${opener}\n${'*'.repeat(150)}\n`, 'a.md'), JSON.stringify(opener)).toEqual([]);
    }
    expect(markDiagnostics(`${'*'.repeat(150)}\ntesto\n${'*'.repeat(51)}\n`, 'a.md').map((d) => d.line)).toEqual([1]);
    expect(markDiagnostics(`x\n\n\n${'*'.repeat(201)}\n`, 'a.md').map((d) => d.line)).toEqual([4]);
    expect(markDiagnostics(`x\n- ${'*'.repeat(201)}\n`, 'a.md').map((d) => d.line)).toEqual([2]);
  });

  it('table row: a row of 62 «|» is accepted, 63 are refused at its line (the tree check then counts columns exactly)', () => {
    const row = (pipes: number) => `${'| x '.repeat(pipes - 1)}|`;
    expect(markDiagnostics(`${row(62)}\n${row(62)}\n`, 'a.md')).toEqual([]);
    expect(markDiagnostics(`testo\n${row(63)}\n`, 'a.md')).toEqual([{ file: 'a.md', line: 2, column: 1, severity: 'errore', message: 'riga di tabella con 62 colonne, il massimo è 30', hint: 'dividi la tabella in più tabelle' }]);
    expect(markDiagnostics(`${'\\|'.repeat(100)}\n`, 'a.md')).toEqual([]);
  });
});

describe('limits of a parsed tree, on both sides', () => {
  const text = (n: number) => ({ type: 'text', value: 'x'.repeat(n) }) as const;
  const root = (...children: unknown[]) => ({ type: 'root', children }) as Root;
  const at = (line: number) => ({ start: { line, column: 3, offset: 0 }, end: { line, column: 4, offset: 0 } });
  /** `depth` lists or quotes inside one another, the innermost holding a paragraph. */
  const nested = (depth: number, type: 'list' | 'blockquote') => {
    let node: Nodes = { type: 'paragraph', children: [text(1)] };
    for (let i = 0; i < depth; i++) node = type === 'list' ? ({ type: 'list', children: [{ type: 'listItem', children: [node] }], position: at(i + 1) } as Nodes) : ({ type: 'blockquote', children: [node], position: at(i + 1) } as Nodes);
    return node;
  };
  const inline = (depth: number) => {
    let node: Nodes = text(1);
    const kinds = ['emphasis', 'strong', 'delete', 'link'] as const;
    for (let i = 0; i < depth; i++) node = { type: kinds[i % 4]!, url: 'https://a.it', children: [node], position: at(i + 1) } as Nodes;
    return { type: 'paragraph', children: [node] };
  };

  it('lists and quotes: 10 levels are accepted, 11 refused at the innermost one', () => {
    expect(treeDiagnostics(root(nested(10, 'list')), 'a.md')).toEqual([]);
    expect(treeDiagnostics(root(nested(10, 'blockquote')), 'a.md')).toEqual([]);
    expect(treeDiagnostics(root(nested(11, 'list')), 'a.md')).toEqual([{ file: 'a.md', line: 1, column: 3, severity: 'errore', message: 'elenchi e citazioni annidati su più di 10 livelli', hint: 'riduci i livelli di elenchi "- " e citazioni ">" uno dentro l\'altro' }]);
    expect(messages(treeDiagnostics(root(nested(11, 'blockquote')), 'a.md'))).toEqual(['elenchi e citazioni annidati su più di 10 livelli']);
    // Headings and table cells do not nest.
    expect(treeDiagnostics(parseMarkdown(`${'- '.repeat(9)}x\n\n# ${'*a* '.repeat(3)}\n`), 'a.md')).toEqual([]);
  });

  it('bold, italics, strike-through and links: 10 inside one another are accepted, 11 refused once', () => {
    expect(treeDiagnostics(root(inline(10)), 'a.md')).toEqual([]);
    const ds = treeDiagnostics(root(inline(11), inline(12)), 'a.md');
    expect(ds).toEqual([{ file: 'a.md', line: 1, column: 3, severity: 'errore', message: 'grassetto, corsivo, barrato e collegamenti annidati su più di 10 livelli', hint: 'togli i segni "*", "_" e "~" ripetuti' }]);
  });

  it('text: 20.000 characters in a paragraph, a heading or a table cell are accepted, 20.001 refused', () => {
    for (const type of ['paragraph', 'heading', 'tableCell'] as const) {
      expect(treeDiagnostics(root({ type, children: [text(10_000), { type: 'strong', children: [text(10_000)] }] }), 'a.md'), type).toEqual([]);
      expect(messages(treeDiagnostics(root({ type, children: [text(10_000), { type: 'strong', children: [text(10_001)] }] }), 'a.md')), type).toEqual(['paragrafo troppo lungo: 20.001 caratteri, il massimo è 20.000']);
    }
    // A list's text is counted per paragraph, not for the whole list.
    const item = () => ({ type: 'listItem', children: [{ type: 'paragraph', children: [text(15_000)] }] });
    expect(treeDiagnostics(root({ type: 'list', children: [item(), item()] }), 'a.md')).toEqual([]);
  });

  it('tables: 30 columns and 2.000 rows are accepted; one more of either is refused, both reported', () => {
    const table = (rows: number, columns: number) => ({ type: 'table', position: at(7), children: Array.from({ length: rows }, () => ({ type: 'tableRow', children: Array.from({ length: columns }, () => ({ type: 'tableCell', children: [text(1)] })) })) });
    expect(treeDiagnostics(root(table(2_000, 30)), 'a.md')).toEqual([]);
    expect(treeDiagnostics(root(table(2_001, 31)), 'a.md')).toEqual([
      { file: 'a.md', line: 7, column: 3, severity: 'errore', message: 'tabella con 31 colonne, il massimo è 30', hint: 'dividi la tabella in più tabelle' },
      { file: 'a.md', line: 7, column: 3, severity: 'errore', message: 'tabella con 2.001 righe, il massimo è 2.000', hint: 'dividi la tabella in più tabelle' },
    ]);
    expect(messages(treeDiagnostics(root(table(2, 31)), 'a.md'))).toEqual(['tabella con 31 colonne, il massimo è 30']);
    expect(messages(treeDiagnostics(root(table(2_001, 2)), 'a.md'))).toEqual(['tabella con 2.001 righe, il massimo è 2.000']);
    // The widest row counts, not the first; an empty table has none.
    const ragged = table(3, 2);
    ragged.children[2]!.children.push(...Array.from({ length: 29 }, () => ({ type: 'tableCell', children: [text(1)] })));
    expect(messages(treeDiagnostics(root(ragged), 'a.md'))).toEqual(['tabella con 31 colonne, il massimo è 30']);
    expect(treeDiagnostics(root(table(0, 0)), 'a.md')).toEqual([]);
    // A refused table is not looked into (its cells are not checked again).
    const long = table(2, 31);
    long.children[0]!.children[0]!.children = [text(30_000)];
    expect(messages(treeDiagnostics(root(long), 'a.md'))).toEqual(['tabella con 31 colonne, il massimo è 30']);
  });
});
