import type { CrossRef, Nodes, Root } from 'mdast';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { validateConfig, validateSource } from '../src/build/project.js';
import { formatDiagnostic } from '../src/diagnostics.js';
import { parseMarkdown } from '../src/render/markdown.js';
import { pageRuns } from '../src/render/orientation.js';
import { linkTextReferences, scanReferences } from '../src/regulation/references.js';
import { analyseStructure, fromRoman, parseHeading, toRoman } from '../src/regulation/structure.js';
import { headingNumber } from '../src/validate/heading-numbers.js';
import { check, readCard, show } from './helpers/project.js';
import { ROOT } from './helpers/seed.js';

// The rules of a regulation's text, in process and on small inputs (unit project): how headings are read
// and numbered, which plain-text references are internal, where wide tables turn the page. The whole
// regulations of the seeds go through them end to end in regolamento.test.ts and riferimenti.test.ts.

const internal = (text: string) => scanReferences(text).filter((r) => !r.external);
const keys = (text: string) => internal(text).flatMap((r) => r.articles.map((a) => a.key));
/** What becomes a link, as text. */
const linked = (text: string) => internal(text).flatMap((r) => r.articles.map((a) => text.slice(a.start, a.end)));

describe('plain-text references to articles of the same regulation', () => {
  it('are resolved: «art. 27», «articolo 45 bis», «artt. 15 e 16», «art. 27, comma 2», «del presente regolamento»', () => {
    expect(keys('secondo quanto previsto dall\'art. 27.')).toEqual(['27']);
    expect(linked('secondo quanto previsto dall\'art. 27.')).toEqual(['art. 27']);
    expect(keys('come disposto dall\'articolo 45 bis e dall\'Art. 45-ter')).toEqual(['45 bis', '45 ter']);
    expect(linked('a norma dei precedenti artt. 15 e 16 del presente regolamento')).toEqual(['artt. 15', '16']);
    expect(keys('a norma dei precedenti artt. 15 e 16 del presente regolamento')).toEqual(['15', '16']);
    expect(keys('gli articoli 11, 13 e 14 disciplinano')).toEqual(['11', '13', '14']);
    expect(linked('ai sensi dell\'art. 27, comma 2, la commissione')).toEqual(['art. 27']);
    expect(keys('di cui all’art.6 ultimo comma')).toEqual(['6']);
    expect(keys('previsto dall\'art. 9 del presente Regolamento')).toEqual(['9']);
    // A singular keyword takes one number: «art. 27, 2» is not a list.
    expect(keys('l\'art. 27, 2 volte')).toEqual(['27']);
    expect(keys('l\'articolo 27, 28 e 29')).toEqual(['27']);
    expect(keys('gli artt. 4bis, 5 - ter e 06')).toEqual(['4 bis', '5 ter', '6']);
    expect(keys('gli articoli 7 Quater ed 8')).toEqual(['7 quater', '8']);
  });

  it('an act cited before counts within its clause and within 160 characters only', () => {
    // In the same clause, within reach: the reference is to the D.P.R.
    expect(keys(`Il D.P.R. 487/1994 ${'x'.repeat(100)} all'art. 5`)).toEqual([]);
    // Further back than 160 characters, it is this regulation's again.
    expect(keys(`Il D.P.R. 487/1994 ${'x'.repeat(150)} all'art. 5`)).toEqual(['5']);
    // A new sentence (after a full stop and any number of spaces), a «;» or a «:» starts a new clause.
    expect(keys('Si applica il D.P.R. 487/94.  Il bando di cui all\'art. 47 è pubblicato.')).toEqual(['47']);
    expect(keys('Si applica il D.P.R. 487/94; il bando di cui all\'art. 47')).toEqual(['47']);
    expect(keys('Si applica il D.P.R. 487/94: il bando di cui all\'art. 47')).toEqual(['47']);
    // An abbreviation's full stop followed by a lower-case word does not end the clause.
    expect(keys('Si applica il D.P.R. 487/94 e succ. mod. all\'art. 47')).toEqual([]);
  });

  it('links keep the text around them whole, in headings, code and links nothing is linked', () => {
    const tree: Root = parseMarkdown('Vedi art. 2.\n\nart. 1 e poi l\'art. 2\n\n## Art. 2 – Titolo con art. 1\n\nIn `art. 1` e [art. 2](https://a.it) e *l\'art. 1*.\n');
    linkTextReferences(tree, (key) => `art-${key}`);
    const flat = (n: Nodes): string => (n.type === 'crossRef' ? `[${(n.children[0] as { value: string }).value}→${n.anchor}]` : 'value' in n ? String(n.value) : 'children' in n ? (n.children as Nodes[]).map(flat).join('') : '');
    expect(tree.children.map((c) => flat(c as Nodes))).toEqual(['Vedi [art. 2→art-2].', '[art. 1→art-1] e poi l\'[art. 2→art-2]', 'Art. 2 – Titolo con art. 1', 'In art. 1 e art. 2 e l\'[art. 1→art-1].']);
  });

  it('references to other acts are not internal: CCNL, D.Lgs., TUEL, c.c., D.P.R., legge, acts named before', () => {
    const external = [
      'l\'indennità dell\'art. 84 del CCNL 16.11.2022',
      'ai sensi dell\'art. 53 del D.Lgs. 165/2001',
      'a norma dell\'art. 110 TUEL',
      'come previsto dall\'art. 2103 c.c.',
      'nei limiti dell\'art. 2103 del codice civile',
      'ai sensi dell\'art. 3 L. 241/1990',
      'secondo l\'art. 27, 2 comma, del D.P.R. 487/94',
      'ai sensi dell\'art. 11, comma 5, D.P.R. 487/94',
      'dall\'art. 9, comma 3, del D.P.R. 693 del 30/10/1996',
      'ai sensi dell\'art. 3 comma 7 della Legge n. 127/97',
      'dell\'art. 5 del decreto legislativo n. 267/2000',
      'gli artt. 30, co. 2 bis e 34 bis del D. Lgs. 165 del 2001',
      'dettate dal D.P.R. 9/5/1994, n. 487, artt. 11, 13 e 14',
      'di cui alla legge n. 68/99 (art. 3 comma 4)',
      'dalla L.12/03/1999 n.68 con riferimento alle quote di riserva dettate dall’art. 3',
      'ai sensi dell\'art. 97 della Costituzione',
      'in conformità all\'art. 29 del sopra citato D.Lgs..',
      'l\'art.50 comma 3 DPR 445/2000',
    ];
    for (const text of external) {
      expect(scanReferences(text).length, text).toBeGreaterThan(0);
      expect(internal(text), text).toEqual([]);
    }
    // Numbers that are not articles: dates, «487/94».
    expect(keys('il D.P.R. 487/94 del 9/5/1994')).toEqual([]);
    // The same clause, after a full stop, cites this regulation again.
    expect(keys('Si applica il D.P.R. 487/94. Il bando di cui all\'art. 47 è pubblicato.')).toEqual(['47']);
  });

  it('become crossRef links to the article heading only when internal and existing', () => {
    const tree: Root = parseMarkdown('Vedi l\'art. 2, gli artt. 1 e 9, l\'art. 2 del D.Lgs. 165/2001.\n\n## Art. 2 – Titolo con art. 1\n');
    linkTextReferences(tree, (key) => (key === '1' || key === '2' ? `art-${key}` : undefined));
    const refs: CrossRef[] = [];
    const visit = (n: Nodes) => {
      if (n.type === 'crossRef') refs.push(n);
      if ('children' in n) (n.children as Nodes[]).forEach(visit);
    };
    visit(tree);
    expect(refs.map((r) => [r.anchor, (r.children[0] as { value: string }).value])).toEqual([
      ['art-2', 'art. 2'],
      ['art-1', 'artt. 1'],
    ]);
    // The text around the links is kept whole.
    const p = tree.children[0] as { children: Nodes[] };
    expect(p.children.map((n) => ('value' in n ? n.value : (n as CrossRef).children.map((c) => (c as { value: string }).value).join(''))).join('')).toBe(
      'Vedi l\'art. 2, gli artt. 1 e 9, l\'art. 2 del D.Lgs. 165/2001.',
    );
  });
});

describe('regulation constructs elsewhere, and small mistakes', () => {
  it('an internal reference in a position card is refused; a misspelled keyword gets a suggestion; appendix headings take no id', () => {
    const card = readCard('coordinamento-stato-civile').replace('## Bisogno organizzativo\n', '## Bisogno organizzativo\n\nVedi [](#posizioni-organizzative).\n');
    expect(show(check(card)).join('\n')).toContain('rimando interno «#posizioni-organizzative»: i rimandi [](#id) si usano nei regolamenti e nei loro allegati');
    const withIns = readCard('coordinamento-stato-civile').replace('## Bisogno organizzativo\n', '## Bisogno organizzativo\n\nTesto <ins delibera="x">nuovo</ins>.\n');
    expect(show(check(withIns)).join('\n')).toContain('i marcatori di modifica <ins>/<del> si usano solo nei regolamenti e nei loro allegati');
    const { config } = validateConfig(readFileSync(path.join(ROOT, 'test/fixtures/regolamento/ente.yaml')), 'ente.yaml');
    const reg = ['---', 'tipo: regolamento', 'id: r', 'titolo: Prova', 'approvazione: { organo: Giunta comunale, numero: 3, data: 2020-05-04 }', 'modifiche:', '  - { id: gc-1-2019, organo: Giunta comunale, numero: 1, data: 2019-01-15 }', '---', '', '### Art. – Oggetto', '', '1. Testo.', ''].join('\n');
    expect(validateSource(new TextEncoder().encode(reg), 'content/r.md', config!).diagnostics.map(formatDiagnostic)).toEqual(['content/r.md:7:64: errore: la modifica (15/01/2019) è anteriore all\'approvazione (04/05/2020)']);
    const s = analyseStructure(parseMarkdown('### Atr. – Oggetto\n'), { strict: true });
    expect(s.issues.map((i) => [i.message, i.hint?.split('?')[0]])).toEqual([['intestazione non riconosciuta «Atr. – Oggetto»', 'intendevi «Art.»']]);
  });
});

describe('numbering rules', () => {
  const numbers = (md: string) => {
    const s = analyseStructure(parseMarkdown(md), { strict: true });
    return { labels: s.parts.map((p) => p.label), issues: s.issues.map((i) => i.message) };
  };
  it('parses the headings authors write', () => {
    expect(parseHeading('Art. 75 bis – Copertura di posti {#tempo-determinato}')).toMatchObject({ kind: 'articolo', number: 75, suffix: 1, rubrica: 'Copertura di posti', id: 'tempo-determinato' });
    expect(parseHeading('TITOLO VIII - NORME DI ACCESSO')).toMatchObject({ kind: 'titolo', number: 8, rubrica: 'NORME DI ACCESSO' });
    expect(parseHeading('Capo – Disposizioni generali')).toMatchObject({ kind: 'capo', number: undefined, rubrica: 'Disposizioni generali' });
    expect(parseHeading('Articolo: Dotazione organica')).toMatchObject({ kind: 'articolo', number: undefined, rubrica: 'Dotazione organica' });
    expect(parseHeading('Art. IV – X')).toEqual({ error: 'gli articoli si numerano in cifre arabe (Art. 4), non «IV»' });
    expect(parseHeading('Allegato 1')).toBeUndefined();
  });
  it('numbers in order, keeps inserted articles, restarts chapters in each title, reports the rest', () => {
    expect(numbers('# Titolo – A\n## Capo – a\n### Art. – x\n### Art. – y\n### Art. 2 bis – z\n### Art. 2 ter – w\n### Art. – v\n# Titolo – B\n## Capo – b\n### Art. – u\n').labels).toEqual([
      'Titolo I', 'Capo I', 'Art. 1', 'Art. 2', 'Art. 2 bis', 'Art. 2 ter', 'Art. 3', 'Titolo II', 'Capo I', 'Art. 4',
    ]);
    expect(numbers('### Art. – x\n### Art. 3 – y\n').issues).toEqual(['numerazione interrotta: Art. 3 dopo Art. 1 (riga 1), manca Art. 2']);
    expect(numbers('### Art. – x\n### Art. – y\n### Art. 1 – z\n').issues).toEqual(['numero fuori ordine: Art. 1 dopo Art. 2 (riga 2)']);
    expect(numbers('### Art. – x\n### Art. 1 ter – y\n### Art. 1 bis – z\n').issues).toEqual(["Art. 1 bis ripetuto o fuori ordine dopo Art. 1 ter (riga 2)"]);
    expect(numbers('### Art. – x\n### Altro\n').issues).toEqual(['intestazione non riconosciuta «Altro»']);
  });
});

describe('page orientation', () => {
  const md = (s: string) => parseMarkdown(s).children;
  const wide = `| a | b | c | d | e |\n|---|---|---|---|---|\n| ${'parola '.repeat(100)} | x | y | z | w |\n`;
  it('a wide table takes its heading and introduction to landscape pages; page breaks at the edges go', () => {
    const runs = pageRuns(md(`# Titolo\n\nTesto.\n\n::interruzione-pagina\n\n## Allegato\n\nIntroduzione.\n\n${wide}\n::interruzione-pagina\n\n## Dopo\n`));
    expect(runs.map((r) => [r.landscape, r.nodes.map((n) => n.type)])).toEqual([
      [false, ['heading', 'paragraph']],
      [true, ['heading', 'paragraph', 'table']],
      [false, ['heading']],
    ]);
  });
  it('narrow or short tables stay on portrait pages', () => {
    expect(pageRuns(md('| a | b | c |\n|---|---|---|\n| 1 | 2 | 3 |\n')).map((r) => r.landscape)).toEqual([false]);
    expect(pageRuns(md('| a | b | c | d | e |\n|---|---|---|---|---|\n| 1 | 2 | 3 | 4 | 5 |\n')).map((r) => r.landscape)).toEqual([false]);
  });
});

describe('headings as offices write them', () => {
  it('parses «Art. 1.- », «Art. 1 – », «Art. 1. », «Articolo 1 - », «Art. 1 (…)», «Art. 1 bis – », «ART 1° - » alike', () => {
    const forms = ['Art. 1.- PREMESSA', 'Art. 1 - PREMESSA', 'Art. 1 – PREMESSA', 'Art. 1. PREMESSA', 'Articolo 1 - PREMESSA', 'Art. 1 (PREMESSA)', 'ART 1° - PREMESSA', 'Art. 1: PREMESSA', 'Art.1-PREMESSA', 'Art. 1 .– PREMESSA'];
    for (const f of forms) expect(parseHeading(f), f).toMatchObject({ kind: 'articolo', number: 1, rubrica: 'PREMESSA' });
    expect(parseHeading('Art. 1 bis.- Altro')).toMatchObject({ number: 1, suffix: 1, rubrica: 'Altro' });
    expect(parseHeading('Art. 1.')).toMatchObject({ number: 1, rubrica: '' });
    // Parentheses after a separator are part of the rubrica.
    expect(parseHeading('Art. 4 – (abrogato)')).toMatchObject({ number: 4, rubrica: '(abrogato)' });
  });

  it('heading numbers as an office writes them', () => {
    expect(['1.- PREMESSA', '2.1.- Criteri', '2.1 Criteri', '3. Fasce', '4) Norme', '10 – Rinvio', 'Art. 3 - Titolo', 'Articolo 3 bis.- Titolo', 'Premessa', '2024 – Obiettivi', 'A) Allegato'].map((h) => headingNumber(h)?.label)).toEqual([
      '1',
      '2.1',
      '2.1',
      '3',
      '4',
      '10',
      'Art. 3',
      'Art. 3 bis',
      undefined,
      undefined,
      undefined,
    ]);
  });
});

describe('Roman numerals and heading forms, at their edges', () => {
  it('every numeral of the table, and their subtractive pairs', () => {
    const cases: [number, string][] = [[1, 'I'], [4, 'IV'], [5, 'V'], [9, 'IX'], [10, 'X'], [40, 'XL'], [49, 'XLIX'], [50, 'L'], [90, 'XC'], [100, 'C'], [400, 'CD'], [500, 'D'], [900, 'CM'], [1000, 'M'], [1994, 'MCMXCIV'], [2444, 'MMCDXLIV'], [3888, 'MMMDCCCLXXXVIII']];
    for (const [n, r] of cases) {
      expect(toRoman(n), String(n)).toBe(r);
      expect(fromRoman(r), r).toBe(n);
      expect(fromRoman(r.toLowerCase()), r).toBe(n);
    }
    // Not in canonical form: refused rather than guessed.
    for (const bad of ['IIII', 'VX', 'IC', 'XM', 'VV', 'LL', 'DD', 'IIV']) expect(fromRoman(bad), bad).toBeUndefined();
  });

  it('the number, the rubrica and its parentheses', () => {
    expect(parseHeading('Art. 1 – Oggetto  ')).toMatchObject({ number: 1, rubrica: 'Oggetto' });
    expect(parseHeading('Art. 1 ( Oggetto )')).toMatchObject({ number: 1, rubrica: 'Oggetto', parenthesized: true, prefixLength: 8 });
    // Parentheses only around the whole rubrica stand for the separator.
    expect(parseHeading('Art. 1 Oggetto (vecchio)')).toMatchObject({ rubrica: 'Oggetto (vecchio)' });
    expect(parseHeading('Art. 1 Oggetto (vecchio)')).not.toHaveProperty('parenthesized');
    expect(parseHeading('Art. 1 (Oggetto) del regolamento')).toMatchObject({ rubrica: '(Oggetto) del regolamento' });
    expect(parseHeading('Art. 1 (Oggetto (nuovo))')).toMatchObject({ rubrica: '(Oggetto (nuovo))' });
    expect(parseHeading('Titolo II – Organi')).toMatchObject({ kind: 'titolo', number: 2, prefixLength: 12 });
    expect(parseHeading('Capo iv')).toMatchObject({ kind: 'capo', number: 4, rubrica: '' });
    expect(parseHeading('Capo II bis – Suffisso')).toEqual({ error: '«bis» si usa solo per gli articoli inseriti (Art. 75 bis)' });
    expect(parseHeading('Capo XIIII – x')).toEqual({ error: '«XIIII» non è un numero romano valido' });
    expect(parseHeading('Articolo IIII – x')).toEqual({ error: 'gli articoli si numerano in cifre arabe (Art. 1), non «IIII»' });
    expect(parseHeading('Art. 12 quinquies – x')).toMatchObject({ number: 12, suffix: 4 });
    expect(parseHeading('Artista – x')).toBeUndefined();
    expect(parseHeading('Capitolo 1')).toBeUndefined();
  });
});
