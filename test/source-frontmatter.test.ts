import { describe, expect, it } from 'vitest';
import { locate, parseSource, parseYaml, parseYamlFile } from '../src/load/source.js';
import { LIMITS } from '../src/validate/limits.js';

// How a source splits into its frontmatter and its body, and where a frontmatter path is in the file: what
// every located message of albo stands on. In process; the CLI's messages for broken files are in
// hostile-input.test.ts.
const enc = (s: string) => new TextEncoder().encode(s);
const parse = (s: string) => parseSource(enc(s), 'scheda.md');
const messages = (s: string) => parse(s).diagnostics.map((d) => `${d.line}:${d.column} ${d.severity}: ${d.message}`);

describe('frontmatter delimiters', () => {
  it('a file that does not start with "---" has no frontmatter, at 1:1 with how to write one', () => {
    expect(parse('tipo: scheda\n---\n').diagnostics).toEqual([
      {
        file: 'scheda.md',
        line: 1,
        column: 1,
        severity: 'errore',
        message: 'manca il frontmatter: il file deve iniziare con una riga "---"',
        hint: 'scrivi in testa "---", poi i campi (es. "tipo: scheda"), poi di nuovo "---" e il testo',
      },
    ]);
    // «---» must be a line of its own (trailing blanks allowed).
    expect(messages('---x\ntipo: a\n---\n')).toEqual(['1:1 errore: manca il frontmatter: il file deve iniziare con una riga "---"']);
    expect(messages(' ---\ntipo: a\n---\n')).toEqual(['1:1 errore: manca il frontmatter: il file deve iniziare con una riga "---"']);
    expect(parse('--- \t\ntipo: a\n---\n').diagnostics).toEqual([]);
  });

  it('a frontmatter never closed is reported, with how to close it', () => {
    expect(parse('---\ntipo: scheda\n').diagnostics).toEqual([
      { file: 'scheda.md', line: 1, column: 1, severity: 'errore', message: 'il frontmatter aperto da "---" non è mai chiuso', hint: 'aggiungi una riga "---" dopo l\'ultimo campo del frontmatter' },
    ]);
    // A closing line with text after the dashes does not close it; one at the very end of the file does.
    expect(messages('---\ntipo: a\n---x\n')).toEqual(['1:1 errore: il frontmatter aperto da "---" non è mai chiuso']);
    expect(parse('---\ntipo: a\n---').diagnostics).toEqual([]);
    expect(parse('---\ntipo: a\n--- \t\ntesto').diagnostics).toEqual([]);
  });

  it('the body keeps its file line numbers: padded with one blank line per frontmatter line', () => {
    const s = parse('---\ntipo: scheda\ntitolo: A\n---\n# Titolo\n\ntesto\n').value!;
    expect(s.data).toEqual({ tipo: 'scheda', titolo: 'A' });
    expect(s.bodyLine).toBe(5);
    expect(s.body).toBe('\n\n\n\n# Titolo\n\ntesto\n');
    expect(s.body.split('\n')[4]).toBe('# Titolo');
    expect(s.file).toBe('scheda.md');
  });

  it('decoding problems come first: an error stops, a warning (Windows-1252) is kept with the source', () => {
    expect(parseSource(new Uint8Array([]), 'a.md')).toEqual({ diagnostics: [expect.objectContaining({ message: 'il file è vuoto' })] });
    const ansi = parseSource(new Uint8Array([...enc('---\ntipo: a\n---\nperch'), 0xe9, 0x0a]), 'a.md');
    expect(ansi.value?.body.trim()).toBe('perché');
    expect(ansi.diagnostics.map((d) => [d.line, d.message])).toEqual([[4, 'il file non è in UTF-8: letto come Windows-1252']]);
  });

  it('a file over the size limit is refused before it is read', () => {
    const big = new Uint8Array(LIMITS.sourceBytes + 1).fill(0x61);
    expect(parseSource(big, 'a.md').diagnostics.map((d) => d.message)).toEqual([expect.stringContaining('il file è troppo grande: 513 KB')]);
    expect(parseYamlFile(big, 'ente.yaml').diagnostics.map((d) => d.message)).toEqual([expect.stringContaining('il file è troppo grande: 513 KB')]);
    const atLimit = new Uint8Array(LIMITS.sourceBytes).fill(0x61);
    expect(parseSource(atLimit, 'a.md').diagnostics.map((d) => d.message)).toEqual(['manca il frontmatter: il file deve iniziare con una riga "---"']);
  });
});

describe('YAML of the frontmatter and of ente.yaml', () => {
  it('a syntax error is located, in Italian, with a hint on indentation and quotes', () => {
    const r = parse('---\ntipo: scheda\ntipo: avviso\n---\n');
    expect(r.value).toBeUndefined();
    expect(r.diagnostics).toEqual([
      {
        file: 'scheda.md',
        line: 3,
        column: 1,
        severity: 'errore',
        message: 'YAML non valido: campo ripetuto: ogni campo può comparire una volta sola',
        hint: 'controlla rientri (solo spazi, niente tabulazioni), due punti dopo ogni campo e virgolette chiuse',
      },
    ]);
  });

  it('a syntax error is the only message, even when what was read is not a group of fields', () => {
    expect(parseYaml('"aperto\n', 'a.yaml').diagnostics.map((d) => d.message)).toEqual(['YAML non valido: manca un carattere di chiusura (virgolette, parentesi o due punti)']);
  });

  it('a frontmatter that is not a group of fields (a list, a text, nothing) is refused at 1:1', () => {
    for (const yaml of ['- a\n- b\n', 'solo testo\n', '', '42\n']) {
      expect(parseYaml(yaml, 'ente.yaml').diagnostics, JSON.stringify(yaml)).toEqual([
        { file: 'ente.yaml', line: 1, column: 1, severity: 'errore', message: 'atteso un elenco di campi "nome: valore"', hint: 'es. "tipo: scheda" su una riga propria' },
      ]);
    }
    expect(parseYaml('a: 1\n', 'ente.yaml').value?.data).toEqual({ a: 1 });
  });

  it('aliases: up to the limit they expand, one more is refused at the first alias past it', () => {
    const yaml = (n: number) => `base: &b x\n${Array.from({ length: n }, (_, i) => `k${i}: *b`).join('\n')}\n`;
    const ok = parseYaml(yaml(LIMITS.yamlAliases), 'a.yaml');
    expect(ok.diagnostics).toEqual([]);
    expect(ok.value?.data.k0).toBe('x');
    const over = parseYaml(yaml(LIMITS.yamlAliases + 1), 'a.yaml');
    expect(over.value).toBeUndefined();
    expect(over.diagnostics).toEqual([
      {
        file: 'a.yaml',
        line: LIMITS.yamlAliases + 2,
        column: 4 + String(LIMITS.yamlAliases).length,
        severity: 'errore',
        message: `troppi alias YAML: ${LIMITS.yamlAliases + 1}, il massimo è ${LIMITS.yamlAliases}`,
        hint: 'gli alias YAML (&nome, *nome) non servono nei sorgenti: scrivi i valori per esteso',
      },
    ]);
  });

  it('a few aliases that expand into too many values (a «billion laughs») are refused, not thrown', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 5; i++) levels.push(`${'abcdefgh'[i]}: &${'abcdefgh'[i]} [${Array(10).fill(`*${'abcdefgh'[i - 1]}`).join(', ')}]`);
    const r = parseYaml(levels.join('\n') + '\n', 'a.yaml');
    expect(r.value).toBeUndefined();
    expect(r.diagnostics).toEqual([expect.objectContaining({ message: 'gli alias YAML si espandono in troppi valori', line: 2, column: 8 })]);
  });

  it('a value or a key longer than a field can be is reported where it is; at the limit it passes', () => {
    const long = 'a'.repeat(LIMITS.fieldChars + 1);
    const atLimit = 'a'.repeat(LIMITS.fieldChars);
    // A key that long must be written as an explicit key («? key»): plain keys stop at 1024 characters.
    expect(parseYaml(`x: ${atLimit}\ny:\n  - ${atLimit}\n? ${atLimit}\n: 1\n`, 'a.yaml').diagnostics).toEqual([]);
    const r = parseYaml(`x: ok\ny:\n  - ok\n  - z: ${long}\n? ${long}\n: 1\n`, 'a.yaml');
    expect(r.value).toBeUndefined();
    expect(r.diagnostics.every((d) => d.severity === 'errore' && d.file === 'a.yaml' && d.hint?.startsWith('i campi del frontmatter'))).toBe(true);
    expect(r.diagnostics.map((d) => [d.line, d.column, d.message])).toEqual([
      [4, 8, 'valore troppo lungo: 2.001 caratteri, il massimo per un campo è 2.000'],
      [5, 3, expect.stringContaining('valore troppo lungo')],
    ]);
  });

  it('ente.yaml: decoding warnings come before the YAML ones, errors stop', () => {
    const r = parseYamlFile(new Uint8Array([...enc('ente: Citt'), 0xe0, 0x0a, ...enc('ente: due\n')]), 'ente.yaml');
    expect(r.diagnostics.map((d) => [d.severity, d.line, d.message])).toEqual([
      ['avviso', 1, 'il file non è in UTF-8: letto come Windows-1252'],
      ['errore', 2, 'YAML non valido: campo ripetuto: ogni campo può comparire una volta sola'],
    ]);
    const ok = parseYamlFile(new Uint8Array([...enc('ente: Citt'), 0xe0, 0x0a]), 'ente.yaml');
    expect(ok.value?.data).toEqual({ ente: 'Città' });
    expect(ok.diagnostics).toHaveLength(1);
    expect(parseYamlFile(enc(''), 'ente.yaml')).toEqual({ value: undefined, diagnostics: [expect.objectContaining({ message: 'il file è vuoto' })] });
  });

  it('a field indented more than the one above: one error, at that field, with how many spaces to remove', () => {
    const errs = (text: string) => parseYamlFile(enc(text), 'ente.yaml').diagnostics.map((d) => `${d.line}:${d.column} ${d.message} | ${d.hint}`);
    expect(errs('criteri:\n  - id: a\n    min: 1\n      max: 25\n')).toEqual([
      "4:7 YAML non valido: «max» ha più spazi all'inizio della riga di «min» sopra (6 invece di 4) | i campi dello stesso gruppo iniziano con gli stessi spazi: togline 2 davanti a «max»",
    ]);
    // Right after a list item's first field, the item's fields start two spaces after the dash.
    expect(errs('criteri:\n  - id: a\n       min: 1\n')).toEqual([
      "3:8 YAML non valido: «min» ha più spazi all'inizio della riga di «id» sopra (7 invece di 4) | i campi dello stesso gruppo iniziano con gli stessi spazi: togline 3 davanti a «min»",
    ]);
    // Not this case: a nested group under a field with no value is valid; a continued text is valid.
    expect(errs('ente:\n  nome: Alfa\n  luogo: Alfa\n')).toEqual([]);
    expect(errs('nota: una riga\n  che continua\n')).toEqual([]);
    // Other YAML errors keep the parser's place and message.
    expect(errs('nome: "aperta\n')).toHaveLength(1);
    expect(errs('nome: "aperta\n')[0]).not.toContain('spazi all\'inizio');
  });

  it("an empty file's hint fits what the file is: an ente's configuration, another YAML file, a source", () => {
    const hint = (file: string) => parseYamlFile(enc('\n'), file).diagnostics[0]?.hint;
    expect(hint('content/alfa/ente.yaml')).toMatch(/^ente\.yaml descrive l'ente .*«Un nuovo ente»/);
    expect(hint('C:\\albo\\content\\alfa\\ente.yml')).toMatch(/^ente\.yaml descrive l'ente/);
    expect(hint('content/alfa/altro.yaml')).toBe('un file YAML contiene righe "campo: valore" (vedi README)');
    // «presente.yaml» is not ente.yaml
    expect(hint('content/alfa/presente.yaml')).toBe('un file YAML contiene righe "campo: valore" (vedi README)');
    expect(parseSource(new Uint8Array([]), 'a.md').diagnostics[0]?.hint).toBe('un sorgente inizia con il frontmatter tra due righe "---" (vedi README)');
  });
});

describe('where a frontmatter path is', () => {
  const src = parseYaml('tipo: scheda\ncriteri:\n  - nome: Complessità\n    peso: 30\n  - nome: Autonomia\nvuoto:\nente:\n  nome: Capannori\n', 's.md').value!;
  const at = (path: PropertyKey[], key = false) => {
    const p = locate(src, path, key);
    return `${p.line}:${p.column}`;
  };

  it('a value: in maps and lists, at any depth', () => {
    expect(at([])).toBe('1:1');
    expect(at(['tipo'])).toBe('1:7');
    expect(at(['criteri'])).toBe('3:3');
    expect(at(['criteri', 0])).toBe('3:5');
    expect(at(['criteri', 0, 'peso'])).toBe('4:11');
    expect(at(['criteri', 1, 'nome'])).toBe('5:11');
    expect(at(['ente', 'nome'])).toBe('8:9');
  });

  it('a key, for unknown keys: the key itself, also inside a list', () => {
    expect(at(['tipo'], true)).toBe('1:1');
    expect(at(['criteri', 0, 'peso'], true)).toBe('4:5');
    expect(at(['ente', 'nome'], true)).toBe('8:3');
    // `key` only matters for the last segment.
    expect(at(['criteri', 0], true)).toBe('3:5');
  });

  it('a path that is not there: its closest existing ancestor', () => {
    expect(at(['manca'])).toBe('1:1');
    expect(at(['criteri', 5])).toBe('3:3');
    expect(at(['criteri', 1, 'peso'])).toBe('5:5');
    expect(at(['tipo', 'sotto'])).toBe('1:7');
    expect(at(['criteri', 'nome'])).toBe('3:3');
    // A key with no value: where the value would be.
    expect(at(['vuoto'])).toBe('6:7');
    expect(at(['vuoto', 'x'])).toBe('6:7');
  });

  it('numeric keys match as text', () => {
    const n = parseYaml('anni:\n  2024: a\n  2025: b\n', 'n.yaml').value!;
    expect(locate(n, ['anni', '2025'])).toEqual({ line: 3, column: 9 });
    expect(locate(n, ['anni', 2025], true)).toEqual({ line: 3, column: 3 });
  });
});
