import type { Root } from 'mdast';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { parseSource, parseYaml } from '../src/load/source.js';
import { parseMarkdown } from '../src/render/markdown.js';
import { glyphDiagnostics } from '../src/validate/glyphs.js';
import { checkNumbering, headingsOf } from '../src/validate/heading-numbers.js';
import { LIMITS, markDiagnostics, treeDiagnostics } from '../src/validate/limits.js';
import { placeholderDiagnostics } from '../src/validate/placeholders.js';
import { splitSections } from '../src/validate/sections.js';
import { zodDiagnostics } from '../src/validate/zod-issues.js';

// Edges of the checks on a source that the main tests (zod-issues, limits, source-checks) leave open: what
// an office sees for a missing choice, a field inside a tagged rule, marks across lines that only look like
// a new block, placeholders written by hand, and tables near their limits. In process, on small inputs.

function diagnose(schema: z.ZodType, yaml: string) {
  const src = parseYaml(yaml, 'scheda.md').value;
  if (!src) throw new Error('invalid YAML');
  const result = schema.safeParse(src.data);
  if (result.success) throw new Error('expected invalid data');
  return zodDiagnostics(src, schema, result.error.issues);
}

describe('schema issues an office can meet', () => {
  it('a missing field with a fixed set of values is a missing field, with its choices (not «valore nulla»)', () => {
    const schema = z.strictObject({ titolo: z.string(), tipologia: z.enum(['organizzativa', 'professionale']) });
    expect(diagnose(schema, 'titolo: A\n')).toEqual([
      { file: 'scheda.md', line: 1, column: 1, severity: 'errore', message: 'manca il campo obbligatorio «tipologia»', hint: 'aggiungi «tipologia:» con uno tra: organizzativa, professionale' },
    ]);
    const nested = z.strictObject({ firmatario: z.strictObject({ nome: z.string(), ruolo: z.literal('dirigente') }) });
    expect(diagnose(nested, 'firmatario:\n  nome: Rossi\n')).toEqual([
      { file: 'scheda.md', line: 2, column: 3, severity: 'errore', message: 'manca il campo obbligatorio «firmatario.ruolo»', hint: 'aggiungi «ruolo:» con uno tra: dirigente' },
    ]);
    // Said once when a misspelt key stands next to it.
    expect(diagnose(schema, 'titolo: A\ntipologa: organizzativa\n')).toEqual([
      { file: 'scheda.md', line: 2, column: 1, severity: 'errore', message: 'campo sconosciuto «tipologa»', hint: 'intendevi «tipologia»?' },
    ]);
    // A value written but empty is not missing: it is a value outside the set.
    const [empty] = diagnose(schema, 'titolo: A\ntipologia:\n');
    expect(empty).toMatchObject({ line: 2, column: 11 });
    expect(empty!.message).toMatch(/^«tipologia»: valore .* non ammesso \(ammessi: organizzativa, professionale\)$/);
  });

  it('a missing field whose rule has a message of its own keeps that message', () => {
    const schema = z.strictObject({ firma: z.custom<string>((v) => typeof v === 'string', 'scrivi chi firma l\'atto') });
    expect(diagnose(schema, 'altro: 1\n').find((d) => d.message.includes('firma'))).toEqual({ file: 'scheda.md', line: 1, column: 1, severity: 'errore', message: '«firma»: scrivi chi firma l\'atto', hint: undefined });
  });

  it('a missing field inside one branch of a tagged rule names the shapes it takes', () => {
    const schema = z.strictObject({
      regola: z.discriminatedUnion('tipo', [z.strictObject({ tipo: z.literal('fissa'), numero: z.union([z.int(), z.string()]) }), z.strictObject({ tipo: z.literal('fasce') })]),
    });
    expect(diagnose(schema, 'regola:\n  tipo: fissa\n')).toEqual([
      { file: 'scheda.md', line: 2, column: 3, severity: 'errore', message: 'manca il campo obbligatorio «regola.numero»', hint: 'aggiungi «numero:» con un numero o un testo' },
    ]);
  });

  it('a map value of the wrong shape and a union given nothing have Italian messages', () => {
    const map = z.map(z.object({ a: z.string() }), z.number()).safeParse(new Map([[{ a: 'x' }, 'y']]));
    expect(map.error!.issues[0]!.message).toBe('elemento non valido');
    expect(z.union([z.number(), z.string()]).safeParse(undefined).error!.issues[0]!.message).toBe('deve essere un numero o un testo, trovato nulla');
  });
});

describe('marks counted per paragraph: what starts a new one', () => {
  const over = (body: string) => markDiagnostics(body, 'a.md').map((d) => `${d.line} ${d.message}`);
  const stars = (n: number) => '*'.repeat(n);
  const MESSAGE = 'troppi segni di formattazione («*», «_», «~») in un paragrafo: più di 200';

  it('a list item at any indentation or number, and a list inside nested quotes, start anew', () => {
    for (const opener of ['   - voce', '10. voce', '123456789) voce', '>> - voce', '> > 1. voce']) {
      expect(over(`${stars(150)}\n${opener}\n${stars(150)}\n`), opener).toEqual([]);
    }
    // Ten digits are not a list marker: the paragraph goes on.
    expect(over(`${stars(150)}\n1234567890. voce\n${stars(51)}\n`)).toEqual([`1 ${MESSAGE}`]);
  });

  it('a dash, a bar or a hash inside a line does not start anew', () => {
    for (const inside of ['art. 5 - comma 2', 'importo | totale', 'punto #3']) {
      expect(over(`${stars(150)}\n${inside}\n${stars(51)}\n`), inside).toEqual([`1 ${MESSAGE}`]);
    }
  });

  it('a line of spaces is a blank line: marks start anew, and the next paragraph begins after it', () => {
    expect(over(`${stars(150)}\n   \n${stars(150)}\n`)).toEqual([]);
    expect(over(`testo\n \t \n${stars(201)}\n`)).toEqual([`3 ${MESSAGE}`]);
  });
});

describe('tables near their limits', () => {
  const text = (n: number) => ({ type: 'text', value: 'x'.repeat(n) });
  const table = (rows: number, columns: number) => ({
    type: 'table',
    children: Array.from({ length: rows }, () => ({ type: 'tableRow', children: Array.from({ length: columns }, () => ({ type: 'tableCell', children: [text(1)] })) })),
  });
  const withLongCell = (rows: number, columns: number) => {
    const t = table(rows, columns);
    t.children[0]!.children[0]!.children = [text(LIMITS.paragraphChars + 1)];
    return { type: 'root', children: [t] } as Root;
  };
  const TOO_LONG = {
    file: 'a.md',
    line: undefined,
    column: undefined,
    severity: 'errore',
    message: 'paragrafo troppo lungo: 20.001 caratteri, il massimo è 20.000',
    hint: 'dividi il testo in più paragrafi con una riga vuota',
  };

  it('a table within its limits (up to 30 columns and 2.000 rows) has its cells checked', () => {
    expect(treeDiagnostics(withLongCell(2, 2), 'a.md')).toEqual([TOO_LONG]);
    expect(treeDiagnostics(withLongCell(2_000, 30), 'a.md')).toEqual([TOO_LONG]);
  });

  it('a table with too many rows is reported once, without looking into its cells', () => {
    expect(treeDiagnostics(withLongCell(2_001, 2), 'a.md').map((d) => d.message)).toEqual(['tabella con 2.001 righe, il massimo è 2.000']);
  });
});

const source = (text: string) => {
  const s = parseSource(new TextEncoder().encode(text), 'a.md').value;
  if (!s) throw new Error('not a source');
  return s;
};

describe('placeholders written by hand', () => {
  const show = (text: string) => placeholderDiagnostics(source(text), 'a.md').map((d) => `${d.line}:${d.column} ${d.message}`);

  it('the description is read with or without the colon and the space after it', () => {
    expect(show('---\ntitolo: "[da compilare il titolo]"\nsettore: "[da compilare:il settore]"\n---\n\n[da compilare la motivazione]\n')).toEqual([
      '2:9 campo «titolo» da compilare: il titolo',
      '3:10 campo «settore» da compilare: il settore',
      '6:1 testo da compilare: la motivazione',
    ]);
  });

  it('a placeholder repeated through a YAML alias is reported at the alias too', () => {
    expect(show('---\nvoci: &v ["ok", "[da compilare: la voce]"]\naltre: *v\n---\n\nTesto.\n')).toEqual([
      '2:17 campo «voci» da compilare: la voce',
      '3:8 campo «altre» da compilare: la voce',
    ]);
  });

  it('empty fields are not placeholders', () => {
    expect(show('---\ntitolo: Pronto\nnota:\nelenco: [null, ~]\n---\n\nTesto.\n')).toEqual([]);
  });

  it('placeholders are looked for down to 16 levels of frontmatter, in groups and in lists', () => {
    const groups = (depth: number) => `---\n${Array.from({ length: depth }, (_, i) => `${'  '.repeat(i)}l${i + 1}:`).join('\n')} "[da compilare]"\n---\n`;
    expect(show(groups(16))).toEqual([`17:36 campo «${Array.from({ length: 16 }, (_, i) => `l${i + 1}`).join('.')}» da compilare`]);
    expect(show(groups(17))).toEqual([]);
    const lists = (depth: number) => `---\nvoci: ${'['.repeat(depth - 1)}"[da compilare]"${']'.repeat(depth - 1)}\n---\n`;
    expect(show(lists(16))).toEqual(['2:22 campo «voci» da compilare']);
    expect(show(lists(17))).toEqual([]);
  });
});

describe('section headings as an office types them', () => {
  const SPECS = [
    { key: 'bisogno', heading: 'Bisogno organizzativo', required: true },
    { key: 'motivazione', heading: 'Motivazione', required: false },
  ];
  const split = (body: string) => splitSections(parseMarkdown(body), body, SPECS, 'a.md', 1);

  it('a non-breaking space pasted from Word around a heading does not change it', () => {
    const { sections, diagnostics } = split('## Bisogno organizzativo\u00a0\n\nx\n\n## \u00a0Motivazione\n\ny\n');
    expect(diagnostics).toEqual([]);
    expect(Object.keys(sections)).toEqual(['bisogno', 'motivazione']);
  });

  it('words run together are another heading, with a guess', () => {
    const { diagnostics } = split('## Bisognoorganizzativo\n\nx\n');
    expect(diagnostics.map((d) => `${d.line} ${d.message} | ${d.hint}`)).toEqual([
      '1 sezione sconosciuta «Bisognoorganizzativo» | intendevi «Bisogno organizzativo»?',
      '1 manca la sezione obbligatoria «Bisogno organizzativo» | aggiungi una riga "## Bisogno organizzativo" seguita dal testo',
    ]);
  });
});

describe('heading numbers', () => {
  const issues = (md: string) => checkNumbering(headingsOf(parseMarkdown(md))).map((i) => `${i.node.position?.start.line} ${i.severity}: ${i.message}`);

  it('«1.1» and «11» are different numbers', () => {
    expect(issues('## 1.1 Primo\n\n## 11 Undicesimo\n')).toEqual([]);
    expect(issues('## 11 Undicesimo\n\n## 11 Ancora\n')).toEqual(["3 errore: numero ripetuto: il paragrafo 11 c'è già (riga 1)"]);
  });

  it('a paragraph comes before its sub-paragraphs, also one numbered 0', () => {
    expect(issues('## 1 Premessa\n\n## 1.0 Definizioni\n\n## 1.1 Ambito\n\n## 2 Criteri\n')).toEqual([]);
    expect(issues('## 1.0 Definizioni\n\n## 1 Premessa\n')).toEqual(['3 avviso: numerazione fuori ordine: 1 dopo 1.0 (riga 1)']);
  });
});

describe('characters the font cannot draw, in the frontmatter', () => {
  it('every such character of a value is named in one error; empty values are skipped', () => {
    const s = source('---\ntitolo: "Spunta ✓ e freccia →"\nnota:\nvoci: [null, "ok"]\n---\n\nTesto.\n');
    expect(glyphDiagnostics(s, parseMarkdown(s.body))).toEqual([
      {
        file: 'a.md',
        line: 2,
        column: 9,
        severity: 'errore',
        message: 'caratteri non stampabili con il font del documento: «✓» (U+2713), «→» (U+2192)',
        hint: 'il carattere del documento (Titillium Web) non ha questo segno: sostituiscilo (es. "->" per una freccia, "x" per una spunta)',
      },
    ]);
  });
});
