import { describe, expect, it } from 'vitest';
import { escapeMarkdown } from '../src/render/escape.js';
import { parseMarkdown } from '../src/render/markdown.js';
import { compileTemplate, TemplateError } from '../src/render/template.js';
import { toString } from 'mdast-util-to-string';

const tpl = (body: string) => compileTemplate(`---\ntitolo: "{{titolo}}"\n---\n${body}`, 'templates/prova.md.hbs');

function templateError(fn: () => unknown): TemplateError {
  try {
    fn();
  } catch (e) {
    if (e instanceof TemplateError) return e;
    throw e;
  }
  throw new Error('nessun errore');
}

describe('values are escaped for Markdown', () => {
  const titles = ['Ufficio *speciale* _A_', '1. Servizi [vari] <b>', '# non un titolo', '- non un elenco', 'a | b ~~c~~ `d` \\ e', '::firma', 'R&S &amp; co.'];
  it.each(titles)('%s prints as written', (title) => {
    const md = tpl('{{titolo}}\n').body({ titolo: title });
    const tree = parseMarkdown(md);
    expect(tree.children).toHaveLength(1);
    expect(tree.children[0]!.type).toBe('paragraph');
    expect(toString(tree)).toBe(title);
  });
  it('a value never ends a paragraph or a table row', () => {
    expect(escapeMarkdown('riga uno\n\nriga due')).toBe('riga uno riga due');
    expect(escapeMarkdown('riga uno\nriga due')).toBe('riga uno riga due');
    expect(escapeMarkdown('fine riga \n  a capo')).toBe('fine riga a capo');
  });
  it('line-start markers are escaped at the start only, after any indentation, with every digit of a number', () => {
    expect(escapeMarkdown('- voce')).toBe('\\- voce');
    expect(escapeMarkdown('  - voce')).toBe('  \\- voce');
    expect(escapeMarkdown('Area - Servizi')).toBe('Area - Servizi');
    expect(escapeMarkdown('12. dodicesimo')).toBe('12\\. dodicesimo');
    expect(escapeMarkdown('  3) terzo')).toBe('  3\\) terzo');
    expect(escapeMarkdown('art.12. comma')).toBe('art.12. comma');
    expect(escapeMarkdown('B1. profilo')).toBe('B1. profilo');
  });
  it('triple braces insert trusted Markdown as is', () => {
    expect(tpl('{{{testo}}}').body({ testo: '**forte**' })).toBe('**forte**');
  });
});

describe('a missing field is an error naming the template and line', () => {
  it('plain field', () => {
    const e = templateError(() => tpl('Titolo\n\n{{titlo}}\n').body({ titolo: 'x' }));
    expect(e.diagnostic).toMatchObject({ file: 'templates/prova.md.hbs', line: 6, message: 'il modello usa il campo «titlo», che i dati non hanno' });
  });
  it('helper argument (Handlebars strict mode does not check these)', () => {
    const e = templateError(() => tpl('{{euro retribuzion}}').body({ retribuzione: 1 }));
    expect(e.diagnostic).toMatchObject({ line: 4, column: 8, message: 'il modello usa il campo «retribuzion», che i dati non hanno' });
  });
  it('block parameter of each/if', () => {
    expect(templateError(() => tpl('{{#each criterii}}x{{/each}}').body({ criteri: [] })).diagnostic.message).toContain('«criterii»');
    expect(templateError(() => tpl('{{#if sezioni.motivazion}}x{{/if}}').body({ sezioni: { motivazione: null } })).diagnostic.message).toContain('«sezioni.motivazion»');
  });
  it('null optional fields are fine', () => {
    expect(tpl('{{#if data}}{{data}}{{else}}firma digitale{{/if}}').body({ data: null })).toBe('firma digitale');
  });
  it('unknown helper and syntax errors are located', () => {
    expect(templateError(() => tpl('\n{{soldi 3}}')).diagnostic).toMatchObject({ line: 5, message: 'funzione sconosciuta «soldi» nel modello' });
    expect(templateError(() => tpl('{{#each x}}')).diagnostic.message).toMatch(/^modello non valido/);
  });
  it('metadata strings in the frontmatter render too', () => {
    expect(tpl('x').meta.titolo!({ titolo: 'A & B' })).toBe('A & B');
  });
});

describe('formatting helpers', () => {
  it('euro, dates, lists, numbering', () => {
    const md = tpl('{{euro c}} {{data d}} {{data_estesa d}} {{elenco l}} {{#each l}}{{progressivo @index}}{{/each}}').body({ c: 230000, d: '2024-01-15', l: ['D', 'C'] });
    expect(md).toBe('€\u00a02.300,00 15/01/2024 15 gennaio 2024 D e C 12');
  });
});

describe('Italian helpers for acts', () => {
  it('"dal" puts the articulated preposition before an organ', () => {
    const render = tpl('{{dal organo}}\n');
    expect(['Consiglio di Amministrazione', 'Giunta comunale', 'Assemblea dei Sindaci', 'Commissione consiliare', 'Sindaco'].map((organo) => render.body({ organo, titolo: 'x' }).trim())).toEqual([
      'dal Consiglio di Amministrazione',
      'dalla Giunta comunale',
      "dall'Assemblea dei Sindaci",
      'dalla Commissione consiliare',
      'dal Sindaco',
    ]);
  });
  it('"unita", "unita_virgolettata", "unita_elenco": the noun only before a bare name', () => {
    const render = tpl('{{unita "Settore" a}} / {{unita "Settore" b}} / {{unita_virgolettata "Settore" a}} / {{unita_virgolettata "Settore" b}} / {{unita_elenco "Settore" "Settori" l}}\n');
    expect(render.body({ titolo: 'x', a: 'Servizi al *Cittadino*', b: 'Corpo di Polizia Locale', l: ['Tecnico', 'Unità Tributi'] }).trim()).toBe(
      'Settore Servizi al \\*Cittadino\\* / Corpo di Polizia Locale / Settore “Servizi al \\*Cittadino\\*” / Corpo di Polizia Locale / Settore Tecnico e Unità Tributi',
    );
    expect(render.body({ titolo: 'x', a: null, b: 'Tecnico', l: null }).trim()).toBe('/ Settore Tecnico /  / Settore “Tecnico” /');
    // In the frontmatter too, with the quotes YAML leaves to Handlebars.
    const meta = compileTemplate(`---\nufficio: "{{unita 'Settore' settore}}"\n---\nx\n`, 'templates/prova.md.hbs').meta.ufficio!;
    expect([meta({ settore: 'Tributi' }), meta({ settore: 'Area Tecnica' })]).toEqual(['Settore Tributi', 'Area Tecnica']);
  });
  it('"plurale": the singular for 1', () => {
    const render = tpl('n. {{l.length}} {{plurale l.length "scheda allegata" "schede allegate"}}\n');
    expect([['a'], ['a', 'b'], []].map((l) => render.body({ titolo: 'x', l }).trim())).toEqual(['n. 1 scheda allegata', 'n. 2 schede allegate', 'n. 0 schede allegate']);
  });
  it('a function called with too few or too many arguments is located when the template is compiled', () => {
    expect(templateError(() => tpl('\n{{unita settore}}')).diagnostic).toMatchObject({ line: 5, column: 1, message: 'la funzione «unita» vuole 2 argomenti, qui ne ha 1' });
    expect(templateError(() => tpl('{{euro a b}}')).diagnostic).toMatchObject({ line: 4, message: 'la funzione «euro» vuole 1 argomento, qui ne ha 2' });
    expect(templateError(() => tpl('{{#if (plurale n "a")}}x{{/if}}')).diagnostic).toMatchObject({ line: 4, column: 7, message: 'la funzione «plurale» vuole 3 argomenti, qui ne ha 2' });
  });
  it('a field named like a helper ("numero") is the field when written alone', () => {
    expect(toString(parseMarkdown(tpl('n. {{numero}} – {{numero totale}}\n').body({ numero: '51', totale: 1200, titolo: 'x' })))).toBe('n. 51 – 1.200');
  });
});
