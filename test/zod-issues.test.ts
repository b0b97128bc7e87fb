import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { Config } from '../src/config.js';
import { parseYaml, type YamlSource } from '../src/load/source.js';
import { canonicalSettori } from '../src/validate/settori.js';
import { didYouMean, keysAt, zodDiagnostics } from '../src/validate/zod-issues.js';

// How a schema's complaints reach an office: Italian words for every kind of zod issue, the field's path as
// the author wrote it, its line and column in the file, and a did-you-mean for typos. In process, on small
// schemas built here, so that each message shape is reached on purpose (the exhaustive sweep over the real
// schemas is schema-messages.test.ts, e2e).

/** The message zod gives a value once albo's messages are configured (importing zod-issues does that). */
const messageOf = (schema: z.ZodType, value: unknown): string => schema.safeParse(value).error!.issues[0]!.message;

function source(yaml: string): YamlSource {
  const parsed = parseYaml(yaml, 'scheda.md');
  if (!parsed.value) throw new Error(JSON.stringify(parsed.diagnostics));
  return parsed.value;
}

function diagnose(schema: z.ZodType, yaml: string) {
  const src = source(yaml);
  const result = schema.safeParse(src.data);
  if (result.success) throw new Error('expected invalid data');
  return zodDiagnostics(src, schema, result.error.issues);
}

describe('Italian messages for schema bounds and formats', () => {
  it('texts: empty, too short, too long (one character is singular)', () => {
    expect(messageOf(z.string().min(1), '')).toBe('il testo non può essere vuoto');
    expect(messageOf(z.string().min(2), 'a')).toBe('il testo deve avere almeno 2 caratteri');
    expect(messageOf(z.string().max(1), 'ab')).toBe('il testo può avere al massimo 1 carattere');
    expect(messageOf(z.string().max(3), 'abcd')).toBe('il testo può avere al massimo 3 caratteri');
  });

  it('lists and sets: empty, too few, too many', () => {
    expect(messageOf(z.array(z.string()).min(1), [])).toBe("l'elenco non può essere vuoto");
    expect(messageOf(z.array(z.string()).min(2), ['a'])).toBe("l'elenco deve avere almeno 2 elementi");
    expect(messageOf(z.set(z.string()).min(1), new Set())).toBe("l'elenco non può essere vuoto");
    expect(messageOf(z.set(z.string()).min(3), new Set(['a']))).toBe("l'elenco deve avere almeno 3 elementi");
    expect(messageOf(z.array(z.string()).max(1), ['a', 'b'])).toBe("l'elenco può avere al massimo 1 elemento");
    expect(messageOf(z.array(z.string()).max(2), ['a', 'b', 'c'])).toBe("l'elenco può avere al massimo 2 elementi");
    expect(messageOf(z.set(z.string()).max(2), new Set(['a', 'b', 'c']))).toBe("l'elenco può avere al massimo 2 elementi");
  });

  it('numbers: inclusive and strict bounds on both sides, decimals with a comma, big integers', () => {
    expect(messageOf(z.number().min(0), -1)).toBe('deve essere almeno 0');
    expect(messageOf(z.number().gt(0), 0)).toBe('deve essere maggiore di 0');
    expect(messageOf(z.number().max(100), 101)).toBe('non può superare 100');
    expect(messageOf(z.number().lt(1.5), 2)).toBe('deve essere minore di 1,5');
    expect(messageOf(z.number().min(0.25), 0)).toBe('deve essere almeno 0,25');
    expect(messageOf(z.number().multipleOf(0.5), 0.3)).toBe('deve essere un multiplo di 0,5');
    expect(messageOf(z.bigint().min(5n), 1n)).toBe('deve essere almeno 5');
    // A numeric bound of one is not «non può essere vuoto».
    expect(messageOf(z.number().min(1), 0)).toBe('deve essere almeno 1');
  });

  it('formats: e-mail, pattern, ISO date, any other format; keys, map values and refinements', () => {
    expect(messageOf(z.email(), 'ufficio')).toBe('indirizzo e-mail non valido');
    expect(messageOf(z.string().regex(/^\d+$/), 'x')).toBe('forma non valida');
    expect(messageOf(z.iso.date(), '15/01/2024')).toBe('forma non valida (data AAAA-MM-GG)');
    expect(messageOf(z.url(), 'sito')).toBe('forma non valida (vedi README)');
    expect(messageOf(z.record(z.string().regex(/^a/), z.number()), { b: 1 })).toBe('nome di campo non valido');
    expect(messageOf(z.string().refine(() => false), 'x')).toBe('valore non valido');
    // An issue with its own message keeps it.
    expect(messageOf(z.string().refine(() => false, 'scrivi il nome del settore'), 'x')).toBe('scrivi il nome del settore');
    expect(messageOf(z.string().min(3, 'troppo corto'), 'x')).toBe('troppo corto');
  });

  it('a union of shapes names the shapes and what was found; otherwise zod\'s own message', () => {
    const numero = z.union([z.int().positive(), z.string().min(1)]);
    expect(messageOf(numero, true)).toBe('deve essere un numero intero o un testo, trovato il valore true');
    expect(messageOf(z.union([z.number(), z.array(z.number()), z.object({})]), 'x')).toBe('deve essere un numero, un elenco o un gruppo di campi, trovato il testo «x»');
    // The same shape twice is named once.
    expect(messageOf(z.union([z.string(), z.email(), z.number()]), null)).toBe('deve essere un testo o un numero, trovato un valore vuoto');
    // Two branches of one shape: named once, without «o».
    expect(messageOf(z.union([z.string(), z.email()]), 3)).toBe('deve essere un testo, trovato il numero 3');
    // A branch that failed on something else than its type, or deeper in the value, or twice: no shape list.
    expect(messageOf(z.union([z.strictObject({ a: z.number() }), z.number()]), { a: 'x' })).not.toContain('deve essere');
    expect(messageOf(z.union([z.strictObject({ a: z.number(), b: z.number() }), z.number()]), {})).not.toContain('deve essere');
    expect(messageOf(numero, -1)).not.toContain('deve essere un numero intero o');
    // A union with an error of its own keeps it.
    expect(messageOf(z.union([z.boolean(), z.string()], { error: 'scrivi true, false o una specificazione' }), 3)).toBe('scrivi true, false o una specificazione');
  });
});

describe('did-you-mean', () => {
  it('proposes the closest candidate within a third of its length (at least 2 edits), case aside', () => {
    expect(didYouMean('pesatura', [])).toBeUndefined();
    expect(didYouMean('titlo', ['titolo', 'settore'])).toBe('titolo');
    expect(didYouMean('TITOLO', ['titolo', 'settore'])).toBe('titolo');
    // 2 edits are always allowed, even on a short word…
    expect(didYouMean('ab', ['abcd'])).toBe('abcd');
    // …3 are not below 9 characters,
    expect(didYouMean('a', ['abcd'])).toBeUndefined();
    // and a third of the length above: «criteri» (7) vs «criteriXYZ» (10) is 3 edits, allowed at 10 characters.
    expect(didYouMean('criteri', ['criteriXYZ'])).toBe('criteriXYZ');
    expect(didYouMean('criter', ['criteriXYZ'])).toBeUndefined();
  });
});

describe('keys a schema accepts at a path', () => {
  const schema = z.strictObject({
    titolo: z.string(),
    criteri: z.array(z.strictObject({ nome: z.string(), peso: z.number() })).optional(),
    indennita: z.record(z.string(), z.strictObject({ importo: z.number(), atto: z.string() })).default({}),
    fondo: z.strictObject({ totale: z.number() }).transform((x) => x),
    nota: z.string().optional(),
  });

  it('walks objects, lists, records and wrappers (optional, default, transform)', () => {
    expect(keysAt(schema, [])).toEqual(['titolo', 'criteri', 'indennita', 'fondo', 'nota']);
    expect(keysAt(schema, ['criteri', 0])).toEqual(['nome', 'peso']);
    expect(keysAt(schema, ['indennita', 'Funzionari'])).toEqual(['importo', 'atto']);
    expect(keysAt(schema, ['fondo'])).toEqual(['totale']);
  });

  it('has no keys to offer below a value that is not a group, or for a path the schema does not have', () => {
    expect(keysAt(schema, ['titolo'])).toEqual([]);
    expect(keysAt(schema, ['nota'])).toEqual([]);
    expect(keysAt(schema, ['titolo', 'x'])).toEqual([]);
    expect(keysAt(schema, ['sconosciuto', 'x'])).toEqual([]);
    expect(keysAt(schema, ['criteri'])).toEqual([]);
  });
});

describe('located diagnostics from schema issues', () => {
  const schema = z.strictObject({
    titolo: z.string().min(1),
    settore: z.string(),
    pesatura: z.number().max(100).optional(),
    tipo: z.enum(['scheda', 'avviso', 'regolamento']).optional(),
    criteri: z.array(z.strictObject({ nome: z.string(), peso: z.int() })).optional(),
    articolo: z.union([z.int().positive(), z.string().min(1)]).optional(),
    riservato: z.never({ error: 'questo ente non usa le posizioni riservate' }).optional(),
    note: z.string().max(5, 'al massimo 5 caratteri\nscrivi le note nel testo').optional(),
  });

  it('an unknown key: at the key, with its path, and a guess or the list of keys allowed there', () => {
    const [d] = diagnose(schema, 'titolo: A\nsettore: B\ncriteri:\n  - nome: x\n    pesso: 3\n    peso: 3\n');
    expect(d).toEqual({ file: 'scheda.md', line: 5, column: 5, severity: 'errore', message: 'campo sconosciuto «criteri[1].pesso»', hint: 'intendevi «peso»?' });
    const [e] = diagnose(schema, 'titolo: A\nsettore: B\nxyz: 1\n');
    expect(e).toMatchObject({ line: 3, column: 1, message: 'campo sconosciuto «xyz»', hint: 'campi ammessi qui: titolo, settore, pesatura, tipo, criteri, articolo, riservato, note' });
  });

  it('a missing field: at its parent, with what to add; said once when a misspelt key is next to it', () => {
    const [d] = diagnose(schema, 'titolo: A\ncriteri:\n  - nome: x\n    peso: 1\n  - nome: y\n');
    expect(d).toEqual({ file: 'scheda.md', line: 1, column: 1, severity: 'errore', message: 'manca il campo obbligatorio «settore»', hint: 'aggiungi «settore:» con un testo' });
    const nested = diagnose(schema, 'titolo: A\nsettore: B\ncriteri:\n  - nome: x\n    peso: 1\n  - nome: y\n');
    expect(nested).toEqual([{ file: 'scheda.md', line: 6, column: 5, severity: 'errore', message: 'manca il campo obbligatorio «criteri[2].peso»', hint: 'aggiungi «peso:» con un numero intero' }]);
    const misspelt = diagnose(schema, 'titolo: A\nsetore: B\n');
    expect(misspelt).toEqual([{ file: 'scheda.md', line: 2, column: 1, severity: 'errore', message: 'campo sconosciuto «setore»', hint: 'intendevi «settore»?' }]);
    // A misspelt key elsewhere does not hide a missing field here.
    const elsewhere = diagnose(schema, 'titolo: A\ncriteri:\n  - nome: x\n    pes: 1\n');
    expect(elsewhere.map((x) => x.message)).toEqual(['manca il campo obbligatorio «settore»', 'campo sconosciuto «criteri[1].pes»']);
  });

  it('a value outside a fixed set lists the choices, with a guess for a typo', () => {
    const [d] = diagnose(schema, 'titolo: A\nsettore: B\ntipo: sceda\n');
    expect(d).toEqual({ file: 'scheda.md', line: 3, column: 7, severity: 'errore', message: '«tipo»: valore «sceda» non ammesso (ammessi: scheda, avviso, regolamento)', hint: 'intendevi «scheda»?' });
    const [far] = diagnose(schema, 'titolo: A\nsettore: B\ntipo: delibera\n');
    expect(far).toMatchObject({ message: '«tipo»: valore «delibera» non ammesso (ammessi: scheda, avviso, regolamento)', hint: undefined });
    const [num] = diagnose(schema, 'titolo: A\nsettore: B\ntipo: 3\n');
    expect(num).toMatchObject({ message: '«tipo»: valore il numero 3 non ammesso (ammessi: scheda, avviso, regolamento)', hint: undefined });
  });

  it('the choices of a discriminated union; a missing discriminator is a missing field with its choices', () => {
    const tagged = z.strictObject({ regola: z.discriminatedUnion('tipo', [z.strictObject({ tipo: z.literal('fissa') }), z.strictObject({ tipo: z.literal('fasce') })]) });
    const [d] = diagnose(tagged, 'regola:\n  tipo: fase\n');
    expect(d).toEqual({ file: 'scheda.md', line: 2, column: 9, severity: 'errore', message: '«regola.tipo»: valore «fase» non ammesso (ammessi: fissa, fasce)', hint: 'intendevi «fasce»?' });
    expect(diagnose(tagged, 'regola: {}\n')).toEqual([{ file: 'scheda.md', line: 1, column: 9, severity: 'errore', message: 'manca il campo obbligatorio «regola.tipo»', hint: 'aggiungi «tipo:» con uno tra: fissa, fasce' }]);
  });

  it('a missing field that takes one of several shapes names them; one whose shapes zod does not give, none', () => {
    const protocollo = z.strictObject({ protocollo: z.strictObject({ numero: z.union([z.int().positive(), z.string().min(1)]), data: z.string() }) });
    expect(diagnose(protocollo, 'protocollo:\n  data: "2024-04-05"\n')).toEqual([
      { file: 'scheda.md', line: 2, column: 3, severity: 'errore', message: 'manca il campo obbligatorio «protocollo.numero»', hint: 'aggiungi «numero:» con un numero intero o un testo' },
    ]);
    const mixed = z.strictObject({ x: z.union([z.number(), z.literal('tutti')]) });
    expect(diagnose(mixed, 'altro: 1\n').find((d) => d.message.startsWith('manca'))).toMatchObject({ message: 'manca il campo obbligatorio «x»', hint: 'aggiungi «x:»' });
  });

  it('a value of the wrong shape says what was expected and what was found', () => {
    const found = (yaml: string) => diagnose(schema, `titolo: A\nsettore: B\n${yaml}`)[0]!.message;
    expect(found('pesatura: alta\n')).toBe('«pesatura» deve essere un numero, trovato il testo «alta»');
    expect(found('pesatura: true\n')).toBe('«pesatura» deve essere un numero, trovato il valore true');
    expect(found('pesatura: [1]\n')).toBe('«pesatura» deve essere un numero, trovato un elenco');
    expect(found('pesatura: { a: 1 }\n')).toBe('«pesatura» deve essere un numero, trovato un gruppo di campi');
    expect(found('pesatura: null\n')).toBe('«pesatura» deve essere un numero, trovato un valore vuoto');
    expect(found('criteri: 3\n')).toBe('«criteri» deve essere un elenco, trovato il numero 3');
    expect(found('criteri:\n  - nome: a\n    peso: 1.5\n')).toBe('«criteri[1].peso» deve essere un numero intero, trovato il numero 1,5');
    // A text is quoted whole up to 40 characters, then cut.
    expect(found(`pesatura: ${'a'.repeat(40)}\n`)).toBe(`«pesatura» deve essere un numero, trovato il testo «${'a'.repeat(40)}»`);
    expect(found(`pesatura: ${'a'.repeat(41)}\n`)).toBe(`«pesatura» deve essere un numero, trovato il testo «${'a'.repeat(40)}…»`);
    // A shape with no name of its own in Italian.
    expect(diagnose(z.strictObject({ x: z.map(z.string(), z.string()) }), 'x: 1\n')[0]!.message).toBe('«x» deve essere un gruppo di campi, trovato il numero 1');
    expect(diagnose(z.strictObject({ x: z.symbol() }), 'x: 1\n')[0]!.message).toBe('«x» deve essere un valore di altra forma (vedi README), trovato il numero 1');
    // A number format that is not an integer one.
    expect(diagnose(z.strictObject({ x: z.float32() }), 'x: a\n')[0]!.message).toBe('«x» deve essere un numero, trovato il testo «a»');
    expect(diagnose(z.strictObject({ x: z.int32() }), 'x: a\n')[0]!.message).toBe('«x» deve essere un numero intero, trovato il testo «a»');
  });

  it('a field the ente rules out says so, with the reason as the hint', () => {
    const [d] = diagnose(schema, 'titolo: A\nsettore: B\nriservato: si\n');
    expect(d).toEqual({ file: 'scheda.md', line: 3, column: 12, severity: 'errore', message: 'campo «riservato» non ammesso qui', hint: 'questo ente non usa le posizioni riservate' });
    const undef = z.strictObject({ a: z.undefined({ error: 'solo per le EQ' }) });
    expect(diagnose(undef, 'a: 1\n')[0]).toMatchObject({ message: 'campo «a» non ammesso qui', hint: 'solo per le EQ' });
  });

  it('any other issue: its message after the path, a second line as the hint', () => {
    const [d] = diagnose(schema, 'titolo: ""\nsettore: B\n');
    expect(d).toEqual({ file: 'scheda.md', line: 1, column: 9, severity: 'errore', message: '«titolo»: il testo non può essere vuoto', hint: undefined });
    const [n] = diagnose(schema, 'titolo: A\nsettore: B\nnote: troppo lunga\n');
    expect(n).toMatchObject({ line: 3, column: 7, message: '«note»: al massimo 5 caratteri', hint: 'scrivi le note nel testo' });
    const [u] = diagnose(schema, 'titolo: A\nsettore: B\narticolo: [1]\n');
    expect(u).toMatchObject({ line: 3, column: 11, message: '«articolo»: deve essere un numero intero o un testo, trovato un elenco' });
  });
});

describe('settori declared by the ente', () => {
  const config = { settori: [{ id: 'finanze', nome: 'Settore Finanziario' }, { id: 'tecnico', nome: 'Settore “Tecnico”' }] } as unknown as Config;

  it('an id or the name (case, quotes and spacing aside) becomes the declared name', () => {
    const data: Record<string, unknown> = { settore: 'finanze', settori: ['settore  tecnico', 'Settore "tecnico"', 'SETTORE FINANZIARIO'] };
    expect(canonicalSettori(data, config)).toEqual([]);
    expect(data).toEqual({ settore: 'Settore Finanziario', settori: ['Settore “Tecnico”', 'Settore “Tecnico”', 'Settore Finanziario'] });
  });

  it('an undeclared settore is reported at its path and left as written, with a guess or the declared list', () => {
    const data: Record<string, unknown> = { settore: 'finanza', settori: ['tecnico', 'Polizia locale', 7] };
    expect(canonicalSettori(data, config)).toEqual([
      { path: ['settore'], message: 'settore «finanza» non dichiarato in ente.yaml', hint: 'intendevi «finanze»?' },
      {
        path: ['settori', 1],
        message: 'settore «Polizia locale» non dichiarato in ente.yaml',
        hint: "settori dell'ente: finanze (Settore Finanziario), tecnico (Settore “Tecnico”); un settore nuovo si aggiunge a «settori» in ente.yaml",
      },
    ]);
    // Values of another type are for the schema to report.
    expect(data).toEqual({ settore: 'finanza', settori: ['Settore “Tecnico”', 'Polizia locale', 7] });
  });

  it('an ente that declares no settori accepts any name as written', () => {
    const data: Record<string, unknown> = { settore: 'qualsiasi', settori: ['a'] };
    expect(canonicalSettori(data, { settori: [] } as unknown as Config)).toEqual([]);
    expect(data).toEqual({ settore: 'qualsiasi', settori: ['a'] });
  });

  it('an id wins over a name that matches another settore', () => {
    const tricky = { settori: [{ id: 'a', nome: 'B' }, { id: 'b', nome: 'A' }] } as unknown as Config;
    const data: Record<string, unknown> = { settore: 'a' };
    canonicalSettori(data, tricky);
    expect(data.settore).toBe('B');
  });
});
