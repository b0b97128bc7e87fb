import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { decodeSource } from '../src/load/decode.js';
import { parseYaml } from '../src/load/source.js';
import { zodDiagnostics } from '../src/validate/zod-issues.js';

// Edges of reading a source that the main tests (source-reading, source-frontmatter) leave open: bytes that
// look like part of a BOM, and a value left out inside a one-line group. In process, on small inputs.
const bytes = (...xs: (number | string)[]) => new Uint8Array(xs.flatMap((x) => (typeof x === 'string' ? [...new TextEncoder().encode(x)] : [x])));

describe('a BOM is the three bytes EF BB BF together', () => {
  it('a Windows-1252 text that starts with two of them keeps its letters', () => {
    // «ïA¿» and «A»¿» in Windows-1252: not UTF-8, read as written, with the warning.
    for (const [input, text] of [
      [bytes(0xef, 'A', 0xbf, ' fine\n'), 'ïA¿ fine\n'],
      [bytes('A', 0xbb, 0xbf, ' fine\n'), 'A»¿ fine\n'],
      [bytes('AA', 0xbf, ' fine\n'), 'AA¿ fine\n'],
    ] as const) {
      const d = decodeSource(input, 'a.md');
      expect(d.text, text).toBe(text);
      expect(d.warnings.map((w) => `${w.line} ${w.message}`)).toEqual(['1 il file non è in UTF-8: letto come Windows-1252']);
    }
  });
});

describe('a value left out inside a one-line group', () => {
  it('is located at its name', () => {
    const src = parseYaml('titolo: A\nfirmatario: { nome, ruolo: dirigente }\n', 'scheda.md').value!;
    const schema = z.strictObject({ titolo: z.string(), firmatario: z.strictObject({ nome: z.string(), ruolo: z.string() }) });
    const result = schema.safeParse(src.data);
    expect(zodDiagnostics(src, schema, result.error!.issues)).toEqual([
      { file: 'scheda.md', line: 2, column: 15, severity: 'errore', message: '«firmatario.nome» deve essere un testo, trovato un valore vuoto' },
    ]);
  });
});
