import { describe, expect, it } from 'vitest';
import { decodeSource, decodeWindows1252 } from '../src/load/decode.js';
import { yamlErrorMessage } from '../src/load/yaml-messages.js';
import { parseMarkdown } from '../src/render/markdown.js';
import { checkLinks, isSafeUrl } from '../src/validate/links.js';

// How a source's bytes become text, and which links a published act may carry: in process, on the edge cases
// offices produce (Word and Notepad files, pasted links). The CLI's messages for the same cases are in
// hostile-input.test.ts.
const bytes = (...xs: (number | string)[]) => new Uint8Array(xs.flatMap((x) => (typeof x === 'string' ? [...new TextEncoder().encode(x)] : [x])));
const errorOf = (b: Uint8Array) => decodeSource(b, 'a.md').errors.map((e) => e.message);

describe('decoding a source', () => {
  it('an empty file, or one of blanks only (space, tab, CR, LF), is empty; one visible character is not', () => {
    expect(errorOf(bytes())).toEqual(['il file è vuoto']);
    expect(errorOf(bytes(0x20, 0x0a, 0x0d, 0x09))).toEqual(['il file è vuoto']);
    expect(decodeSource(bytes(0x20, 0x0a, 0x0d, 0x09), 'a.md').errors[0]).toMatchObject({ file: 'a.md', severity: 'errore', hint: expect.stringContaining('frontmatter') });
    expect(decodeSource(bytes('\n x\n'), 'a.md')).toEqual({ text: '\n x\n', warnings: [], errors: [] });
    // A form feed is not a blank here.
    expect(errorOf(bytes(0x0c))).toEqual([]);
  });

  it('UTF-16, little or big endian, is refused with how to save as UTF-8', () => {
    expect(errorOf(bytes(0xff, 0xfe, 0x61, 0x00))).toEqual(['il file è in UTF-16']);
    expect(errorOf(bytes(0xfe, 0xff, 0x00, 0x61))).toEqual(['il file è in UTF-16']);
    expect(decodeSource(bytes(0xff, 0xfe, 0x61, 0x00), 'a.md').errors[0]!.hint).toContain('UTF-8');
    // Only the two bytes together are a BOM.
    expect(errorOf(bytes(0xff, 0x61))).toEqual([]);
    expect(errorOf(bytes(0x61, 0xfe, 0xff))).toEqual([]);
    expect(errorOf(bytes(0xfe, 0x61))).toEqual([]);
    expect(errorOf(bytes(0x61, 0xff))).toEqual([]);
    expect(decodeSource(bytes(0xff, 0xfe, 0x61, 0x00), 'a.md').text).toBe('');
  });

  it('control characters mean a binary file, except tab, LF, VT, FF, CR and ESC', () => {
    for (const c of [0x00, 0x01, 0x08, 0x0e, 0x1a, 0x1f]) expect(errorOf(bytes('a', c, 'b')), `0x${c.toString(16)}`).toEqual(['il file sembra binario (contiene caratteri di controllo), non testo']);
    for (const c of [0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x1b, 0x20]) expect(errorOf(bytes('a', c, 'b')), `0x${c.toString(16)}`).toEqual([]);
    expect(decodeSource(bytes('a', 0x00), 'a.md').errors[0]!.hint).toBe('i sorgenti sono file di testo .md; un documento Word va trascritto in Markdown');
  });

  it('a UTF-8 BOM is dropped; CRLF and lone CR become LF', () => {
    expect(decodeSource(bytes(0xef, 0xbb, 0xbf, 'a\r\nb\rc\n'), 'a.md').text).toBe('a\nb\nc\n');
    // Not a BOM unless all three bytes are there.
    expect(decodeSource(bytes(0xef, 0xbb, 0x61), 'a.md').text).toBe('ï»a');
    expect(decodeSource(bytes('x', 0xef, 0xbb, 0xbf), 'a.md').text).toBe('x\ufeff');
    // A BOM on a file that is not UTF-8 after all (an editor's mix) is dropped too, not read as «ï»¿».
    expect(decodeSource(bytes(0xef, 0xbb, 0xbf, 'perch', 0xe9), 'a.md').text).toBe('perché');
  });

  it('Windows-1252 is read as such, with a warning at the line of the first byte that is not UTF-8', () => {
    const d = decodeSource(bytes('riga uno\r\nriga due\nperch', 0xe9, ' ', 0x80, ' 10\n'), 'a.md');
    expect(d.text).toBe('riga uno\nriga due\nperché € 10\n');
    expect(d.errors).toEqual([]);
    expect(d.warnings).toEqual([{ file: 'a.md', line: 3, column: 1, severity: 'avviso', message: 'il file non è in UTF-8: letto come Windows-1252', hint: 'salvalo in UTF-8 per evitare ambiguità sulle lettere accentate' }]);
  });

  it('bytes 0x80–0x9F are the Windows-1252 characters (WHATWG index), not C1 controls, whichever Node decodes them', () => {
    const all = new Uint8Array(32).map((_, i) => 0x80 + i);
    const expected = '20AC 0081 201A 0192 201E 2026 2020 2021 02C6 2030 0160 2039 0152 008D 017D 008F 0090 2018 2019 201C 201D 2022 2013 2014 02DC 2122 0161 203A 0153 009D 017E 0178';
    expect([...decodeWindows1252(all)].map((c) => c.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')).join(' ')).toBe(expected);
    // Below and above the range, Latin-1.
    expect(decodeWindows1252(bytes(0x7f, 0xa0, 0xe8, 0xff))).toBe('\u007f\u00a0èÿ');
  });

  it('the first invalid byte is found after valid two-, three- and four-byte sequences', () => {
    const lineOf = (...xs: (number | string)[]) => decodeSource(bytes(...xs), 'a.md').warnings[0]?.line;
    // «è» (2 bytes), «€» (3), «😀» (4), then a lone continuation byte on line 2.
    expect(lineOf('è€', 0xf0, 0x9f, 0x98, 0x80, '\n', 0x80)).toBe(2);
    // A lead byte whose continuation is missing or wrong.
    expect(lineOf('a\nb\n', 0xc3, 'x')).toBe(3);
    expect(lineOf('\n', 0xe2, 0x82, 'x')).toBe(2);
    expect(lineOf(0xf0, 0x9f, 0x98)).toBe(1);
    // Bytes that never start a sequence: overlong 0xc0/0xc1, 0xf5 and above.
    expect(lineOf('a\n', 0xc0, 0x80)).toBe(2);
    expect(lineOf('a\n\n', 0xc1, 0xbf)).toBe(3);
    expect(lineOf('\n', 0xf5, 0x80, 0x80, 0x80)).toBe(2);
    expect(lineOf('\n\n\n', 0xff)).toBe(4);
    // Each lead byte at the edge of its range, with a line and a bad byte after it: a valid sequence is passed
    // over (line 2), a lead byte that starts none is where the text stops being UTF-8 (line 1).
    const edge = (...lead: number[]) => lineOf(...lead, '\n', 0xe9, ' ');
    expect(edge(0xc2, 0x80)).toBe(2);
    expect(edge(0xdf, 0xbf)).toBe(2);
    expect(edge(0xe0, 0xa0, 0x80)).toBe(2);
    expect(edge(0xf4, 0x8f, 0xbf, 0xbf)).toBe(2);
    expect(edge(0xc1, 0x80)).toBe(1);
    expect(edge(0xf5, 0x80, 0x80, 0x80)).toBe(1);
    expect(edge(0x80)).toBe(1);
    expect(edge(0x7f)).toBe(2);
    // Valid UTF-8 throughout: no warning.
    expect(lineOf('è€\n😀\n')).toBeUndefined();
  });
});

describe('YAML errors in Italian', () => {
  it('known codes get their Italian wording; unknown ones keep the first line of the original, without its position', () => {
    expect(yamlErrorMessage('DUPLICATE_KEY', 'Map keys must be unique at line 3, column 1:\n\nfoo')).toBe('YAML non valido: campo ripetuto: ogni campo può comparire una volta sola');
    expect(yamlErrorMessage('TAB_AS_INDENT', 'x')).toBe('YAML non valido: rientro con tabulazione: nel frontmatter si rientra solo con spazi');
    expect(yamlErrorMessage('NEW_CODE', 'Something odd at line 3, column 14:\n\n  detail')).toBe('YAML non valido (NEW_CODE): Something odd');
    expect(yamlErrorMessage('NEW_CODE', 'Something odd at line 3, column 14')).toBe('YAML non valido (NEW_CODE): Something odd');
    expect(yamlErrorMessage('NEW_CODE', 'no position here')).toBe('YAML non valido (NEW_CODE): no position here');
    // Positions of more than one digit; a position inside the text (not at its end) stays.
    expect(yamlErrorMessage('NEW_CODE', 'Odd at line 123, column 45:')).toBe('YAML non valido (NEW_CODE): Odd');
    expect(yamlErrorMessage('NEW_CODE', 'Odd at line 1, column 2 and more')).toBe('YAML non valido (NEW_CODE): Odd at line 1, column 2 and more');
  });
});

describe('links a published act may carry', () => {
  it('web pages and e-mail addresses only, whole and printable', () => {
    for (const ok of ['https://www.comune.example.it', 'http://example.it/a?b=1', 'HTTPS://EXAMPLE.IT', 'mailto:ufficio@comune.example.it', 'MailTo:a@b.it']) expect(isSafeUrl(ok), ok).toBe(true);
    for (const bad of ['javascript:alert(1)', 'data:text/html,x', 'vbscript:x', 'file:///etc/passwd', '/relativo', 'www.example.it', 'https://', 'mailto:', 'https://a b', 'https://a\tb', 'https://a\u0000', 'https://a\u007f', 'https://a\u0085', ' https://a', 'xhttps://a', 'https://a\n']) {
      expect(isSafeUrl(bad), JSON.stringify(bad)).toBe(false);
    }
  });

  it('each other link is a located error naming its scheme (read as a browser would), or the missing «https://»', () => {
    const md = '[a](javascript:alert(1)) [b](java%09script:x)\n\n[c](www.example.it) [d](#interno) [e](https://ok.it)\n\n[f][rif]\n\n[rif]: data:text/html,x\n';
    const ds = checkLinks(parseMarkdown(md), 'a.md');
    expect(ds.map((d) => [d.line, d.column, d.message])).toEqual([
      [1, 1, 'collegamento non ammesso «javascript:alert(1)»: lo schema «javascript:» non si pubblica'],
      [1, 26, 'collegamento non ammesso «java%09script:x»: manca «https://»'],
      [3, 1, 'collegamento non ammesso «www.example.it»: manca «https://»'],
      [5, 1, 'collegamento per riferimento «[testo][nome]» non supportato'],
      [7, 1, 'collegamento non ammesso «data:text/html,x»: lo schema «data:» non si pubblica'],
    ]);
    expect(ds.every((d) => d.file === 'a.md' && d.severity === 'errore')).toBe(true);
    expect(ds[0]!.hint).toBe('nei documenti si ammettono solo indirizzi web (https://…, http://…) ed e-mail (mailto:…)');
    expect(ds[3]!.hint).toBe('scrivi l\'indirizzo nel collegamento stesso: [testo](https://…)');
  });

  it('a scheme hidden by blanks or control characters is still named; a long address is cut at 40 characters', () => {
    const tree = parseMarkdown('x');
    const link = (url: string) => ({ type: 'link', url, children: [] }) as never;
    (tree.children[0] as { children: unknown[] }).children.push(link('java\tscript:alert(1)'), link(` JavaScript:x`), link(`https://a b`), link(`ftp://${'a'.repeat(34)}`), link(`ftp://${'a'.repeat(35)}`));
    expect(checkLinks(tree, 'a.md').map((d) => d.message)).toEqual([
      'collegamento non ammesso «java\tscript:alert(1)»: lo schema «javascript:» non si pubblica',
      'collegamento non ammesso « JavaScript:x»: lo schema «javascript:» non si pubblica',
      'collegamento non ammesso «https://a b»: lo schema «https:» non si pubblica',
      `collegamento non ammesso «ftp://${'a'.repeat(34)}»: lo schema «ftp:» non si pubblica`,
      `collegamento non ammesso «ftp://${'a'.repeat(34)}…»: lo schema «ftp:» non si pubblica`,
    ]);
  });
});
