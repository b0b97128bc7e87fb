import type { Diagnostic } from '../diagnostics.js';

export interface DecodedText {
  text: string;
  warnings: Diagnostic[];
  errors: Diagnostic[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true });
const latin1 = new TextDecoder('windows-1252');

/**
 * Bytes 0x80–0x9F of Windows-1252 (WHATWG Encoding, index-windows-1252): €, ‚, „, …, curly quotes, dashes.
 * Node 20's TextDecoder('windows-1252') decodes them as the C1 controls U+0080–U+009F (as Latin-1 does), so
 * a Notepad file's «€ 2.300,00» or «l’incarico» would lose its characters. The five bytes Windows-1252
 * leaves undefined stay as they are, as WHATWG says.
 */
const CP1252_C1 = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008dŽ\u008f\u0090‘’“”•–—˜™š›œ\u009džŸ';

/** Windows-1252 bytes to text, with the 0x80–0x9F characters of Windows-1252, whichever Node runs. */
export function decodeWindows1252(bytes: Uint8Array): string {
  return latin1.decode(bytes).replace(/[\u0080-\u009f]/g, (c) => CP1252_C1[c.charCodeAt(0) - 0x80]!);
}

/** What an empty file should hold: a YAML configuration is not a Markdown source. */
function emptyFileHint(file: string): string {
  if (/(^|[\\/])ente\.ya?ml$/i.test(file)) return 'ente.yaml descrive l\'ente (nome, settori, criteri, pubblicazione): parti da quello di un ente di content/ e cambialo (vedi README, «Un nuovo ente»)';
  if (/\.ya?ml$/i.test(file)) return 'un file YAML contiene righe "campo: valore" (vedi README)';
  return 'un sorgente inizia con il frontmatter tra due righe "---" (vedi README)';
}

/**
 * Turns a file's bytes into LF-terminated text. Offices save files from Word and Notepad, so a BOM,
 * CRLF and Windows-1252 are expected; UTF-16 and binary files are refused with a reason.
 */
export function decodeSource(bytes: Uint8Array, file: string): DecodedText {
  const warnings: Diagnostic[] = [];
  const fail = (message: string, hint: string): DecodedText => ({
    text: '',
    warnings,
    errors: [{ file, severity: 'errore', message, hint }],
  });
  // No bytes at all is blanks only too (every() of nothing is true).
  if (bytes.every((b) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09)) {
    return fail('il file è vuoto', emptyFileHint(file));
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff)) {
    return fail('il file è in UTF-16', 'salvalo come "UTF-8" (nel Blocco note: Salva con nome → Codifica: UTF-8)');
  }
  // NUL and other C0 controls never occur in text an editor writes (tab, LF, CR, form feed excepted).
  if (bytes.some((b) => b < 0x09 || (b > 0x0d && b < 0x20 && b !== 0x1b))) {
    return fail('il file sembra binario (contiene caratteri di controllo), non testo', 'i sorgenti sono file di testo .md; un documento Word va trascritto in Markdown');
  }
  let body = bytes;
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) body = bytes.subarray(3);
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    // Not valid UTF-8: Windows-1252 is what Italian Windows editors write, and it maps every byte.
    text = decodeWindows1252(body);
    const firstBad = findFirstInvalidUtf8(body);
    const line = countLines(body.subarray(0, firstBad));
    warnings.push({
      file,
      line,
      column: 1,
      severity: 'avviso',
      message: 'il file non è in UTF-8: letto come Windows-1252',
      hint: 'salvalo in UTF-8 per evitare ambiguità sulle lettere accentate',
    });
  }
  return { text: text.replace(/\r\n?/g, '\n'), warnings, errors: [] };
}

function countLines(bytes: Uint8Array): number {
  let n = 1;
  for (const b of bytes) if (b === 0x0a) n++;
  return n;
}

function findFirstInvalidUtf8(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 0x80) continue;
    const len = b >= 0xf0 && b < 0xf5 ? 4 : b >= 0xe0 ? 3 : b >= 0xc2 && b < 0xe0 ? 2 : 0;
    if (len === 0) return i;
    for (let k = 1; k < len; k++) if (((bytes[i + k] ?? 0) & 0xc0) !== 0x80) return i;
    i += len - 1;
  }
  return bytes.length;
}
