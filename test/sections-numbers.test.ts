import type { Heading } from 'mdast';
import { describe, expect, it } from 'vitest';
import { parseMarkdown } from '../src/render/markdown.js';
import { checkNumbering, headingNumber, headingsOf } from '../src/validate/heading-numbers.js';
import { splitSections, type SectionSpec } from '../src/validate/sections.js';

// Two checks every free-form source goes through, in process: the `## ` sections of a card, a service or a
// project (by the kind's fixed headings), and the numbers a «tipo: documento» writes in its headings.

const SPECS: SectionSpec[] = [
  { key: 'bisogno', heading: 'Bisogno organizzativo', required: true },
  { key: 'descrizione', heading: 'Descrizione ruolo', required: true },
  { key: 'motivazione', heading: 'Motivazione', required: false },
];
const split = (body: string, specs = SPECS) => splitSections(parseMarkdown(body), body, specs, 'a.md', 7);
const show = (ds: { line?: number; column?: number; message: string; hint?: string }[]) => ds.map((d) => `${d.line}:${d.column} ${d.message}${d.hint ? ` | ${d.hint}` : ''}`);

describe('sections of a source', () => {
  it('splits the body by its headings, keeping each section\'s Markdown as written and where it starts', () => {
    const body = '## Bisogno organizzativo\n\nPrimo **testo**.\n\n- punto\n\n##   descrizione   RUOLO\n\n\n  Secondo testo.\n';
    const { sections, diagnostics } = split(body);
    expect(diagnostics).toEqual([]);
    expect(sections).toEqual({
      bisogno: { markdown: 'Primo **testo**.\n\n- punto', line: 1, startLine: 3 },
      descrizione: { markdown: 'Secondo testo.', line: 7, startLine: 10 },
    });
  });

  it('text before the first section, an unknown section (with did-you-mean), a repeated one, an empty one, a missing one', () => {
    const body = 'Testo iniziale.\n\n## Bisogno organizzativo\n\nx\n\n## Bisogno organizativo\n\n## Bisogno organizzativo\n\ny\n\n## Note varie\n\nz\n\n## Motivazione\n\n';
    const { sections, diagnostics } = split(body);
    expect(show(diagnostics)).toEqual([
      '1:1 testo fuori da ogni sezione | il testo va sotto uno dei titoli: "## Bisogno organizzativo", "## Descrizione ruolo", "## Motivazione"',
      '7:1 sezione sconosciuta «Bisogno organizativo» | intendevi «Bisogno organizzativo»?',
      '9:1 sezione «Bisogno organizzativo» ripetuta (già alla riga 3) | unisci il testo in una sola sezione',
      '13:1 sezione sconosciuta «Note varie» | sezioni ammesse: Bisogno organizzativo, Descrizione ruolo, Motivazione',
      '17:1 la sezione «Motivazione» è vuota',
      '7:1 manca la sezione obbligatoria «Descrizione ruolo» | aggiungi una riga "## Descrizione ruolo" seguita dal testo',
    ]);
    expect(Object.keys(sections)).toEqual(['bisogno']);
    expect(diagnostics.every((d) => d.file === 'a.md' && d.severity === 'errore')).toBe(true);
  });

  it('a body with no section at all: its text is outside any, and every required section is missing; an empty body only misses them', () => {
    expect(show(split('Solo testo.\n').diagnostics).map((s) => s.split(' | ')[0])).toEqual([
      '1:1 testo fuori da ogni sezione',
      '7:1 manca la sezione obbligatoria «Bisogno organizzativo»',
      '7:1 manca la sezione obbligatoria «Descrizione ruolo»',
    ]);
    expect(show(split('').diagnostics).map((s) => s.split(' | ')[0])).toEqual(['7:1 manca la sezione obbligatoria «Bisogno organizzativo»', '7:1 manca la sezione obbligatoria «Descrizione ruolo»']);
    // A level-3 heading is text of its section, not a section.
    expect(split('## Bisogno organizzativo\n\n### Sotto\n\nx\n\n## Descrizione ruolo\n\ny\n').sections.bisogno!.markdown).toBe('### Sotto\n\nx');
  });
});

describe('numbers a document writes in its headings', () => {
  it('sections «1.- », «2.1.- », «3. », «4) », articles; not a year, a letter or a word', () => {
    const cases: [string, ReturnType<typeof headingNumber>][] = [
      ['1.- PREMESSA', { scheme: 'paragrafo', parts: [1], label: '1' }],
      ['  2.1.- Criteri', { scheme: 'paragrafo', parts: [2, 1], label: '2.1' }],
      ['2.1 Criteri', { scheme: 'paragrafo', parts: [2, 1], label: '2.1' }],
      ['3. Fasce', { scheme: 'paragrafo', parts: [3], label: '3' }],
      ['3.', { scheme: 'paragrafo', parts: [3], label: '3' }],
      ['4) Norme', { scheme: 'paragrafo', parts: [4], label: '4' }],
      ['10 – Rinvio', { scheme: 'paragrafo', parts: [10], label: '10' }],
      ['12', { scheme: 'paragrafo', parts: [12], label: '12' }],
      ['1.2.3 — Terzo livello', { scheme: 'paragrafo', parts: [1, 2, 3], label: '1.2.3' }],
      ['Art. 3 - Titolo', { scheme: 'articolo', parts: [3, 0], label: 'Art. 3' }],
      ['Articolo 3 bis.- Titolo', { scheme: 'articolo', parts: [3, 1], label: 'Art. 3 bis' }],
      ['Art. 3 quater', { scheme: 'articolo', parts: [3, 3], label: 'Art. 3 quater' }],
      ['Art. – Senza numero', undefined],
      ['Art. IV – Romano', undefined],
      ['Capo 2 – Un capo', undefined],
      ['Premessa', undefined],
      ['2024 – Obiettivi', undefined],
      ['1234 Quattro cifre', undefined],
      ['A) Allegato', undefined],
      ['1a Prova', undefined],
      ['2.x Prova', undefined],
    ];
    for (const [text, expected] of cases) expect(headingNumber(text), text).toEqual(expected);
  });

  const issues = (md: string) => checkNumbering(headingsOf(parseMarkdown(md))).map((i) => `${i.node.position?.start.line} ${i.severity}: ${i.message} | ${i.hint}`);

  it('a number used twice is an error at the second, naming the first; a number going back is a warning', () => {
    expect(issues('## 1.- A\n\n## 2.- B\n\n### 2.1 C\n\n### 2.2 D\n\n## 3.- E\n')).toEqual([]);
    expect(issues('## 1.- A\n\n## 2.- B\n\n## 2.- C\n')).toEqual(["5 errore: numero ripetuto: il paragrafo 2 c'è già (riga 3) | albo stampa i numeri come sono scritti e non li rinumera: correggi uno dei due numeri"]);
    expect(issues('## 2.3 A\n\n## 2.1 B\n')).toEqual(['3 avviso: numerazione fuori ordine: 2.1 dopo 2.3 (riga 1) | albo stampa i numeri come sono scritti: se il testo approvato è così, lascialo; altrimenti correggi la numerazione']);
    expect(issues('### Art. 2 – A\n\n### Art. 2 – B\n\n### Art. 1 – C\n')).toEqual([
      "3 errore: numero ripetuto: Art. 2 c'è già (riga 1) | albo stampa i numeri come sono scritti e non li rinumera: correggi uno dei due numeri",
      '5 avviso: numerazione fuori ordine: Art. 1 dopo Art. 2 (riga 3) | albo stampa i numeri come sono scritti: se il testo approvato è così, lascialo; altrimenti correggi la numerazione',
    ]);
  });

  it('sections and articles are numbered apart; a sub-section follows its section; unnumbered headings do not count', () => {
    expect(issues('## 2.- A\n\n### Art. 1 – B\n\n## Premessa\n\n## 3.- C\n\n### Art. 2 – D\n')).toEqual([]);
    // «2» < «2.1» < «2.1.1» < «3»: a shorter number comes before its own sub-numbers.
    expect(issues('## 2 A\n\n### 2.1 B\n\n#### 2.1.1 C\n\n## 3 D\n\n### 2.9 E\n')).toEqual(['9 avviso: numerazione fuori ordine: 2.9 dopo 3 (riga 7) | albo stampa i numeri come sono scritti: se il testo approvato è così, lascialo; altrimenti correggi la numerazione']);
    expect(issues('## 2.1 A\n\n## 2 B\n')).toEqual(['3 avviso: numerazione fuori ordine: 2 dopo 2.1 (riga 1) | albo stampa i numeri come sono scritti: se il testo approvato è così, lascialo; altrimenti correggi la numerazione']);
    // An inserted article after its article is in order; a repeated number is reported once per repetition, against the first.
    expect(issues('### Art. 3 – A\n\n### Art. 3 bis – B\n\n### Art. 4 – C\n\n### Art. 4 – D\n\n### Art. 4 – E\n')).toEqual([
      "7 errore: numero ripetuto: Art. 4 c'è già (riga 5) | albo stampa i numeri come sono scritti e non li rinumera: correggi uno dei due numeri",
      "9 errore: numero ripetuto: Art. 4 c'è già (riga 5) | albo stampa i numeri come sono scritti e non li rinumera: correggi uno dei due numeri",
    ]);
  });

  it('headings are found at any depth, in document order, also inside quotes and lists', () => {
    const hs = headingsOf(parseMarkdown('# A\n\n> ## B\n\n- ### C\n\n## D\n'));
    expect(hs.map((h: Heading) => [h.depth, h.position?.start.line])).toEqual([[1, 1], [2, 3], [3, 5], [2, 7]]);
  });
});
