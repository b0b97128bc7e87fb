import { describe, expect, it } from 'vitest';
import { renderCsv } from '../src/render/csv.js';

/** The file as text, after checking it starts with the UTF-8 BOM (kept by ignoreBOM, then cut). */
function text(t: Parameters<typeof renderCsv>[0]): string {
  const s = new TextDecoder('utf-8', { ignoreBOM: true }).decode(renderCsv(t));
  expect(s.charCodeAt(0)).toBe(0xfeff);
  return s.slice(1);
}

describe('CSV fields (";" separated, as Excel in Italy reads them)', () => {
  it('a plain field is written as it is, unquoted', () => {
    expect(text({ header: ['Ufficio'], rows: [['Stato civile, anagrafe'], ['Polo tecnologico']] })).toBe('Ufficio\r\nStato civile, anagrafe\r\nPolo tecnologico\r\n');
  });

  it('a field with «;» is quoted, so it stays one column', () => {
    expect(text({ header: ['Ufficio', 'Importo'], rows: [['URP; anagrafe', { cents: 155000 }]] })).toBe('Ufficio;Importo\r\n"URP; anagrafe";1550,00\r\n');
  });

  it('a field with «"» is quoted and the quote doubled', () => {
    expect(text({ header: ['Posizione'], rows: [['Polo "Artemisia"']] })).toBe('Posizione\r\n"Polo ""Artemisia"""\r\n');
    // A quote alone, not next to a separator, is still quoted: a reader must not take it as a field's start.
    expect(text({ header: ['Posizione'], rows: [['"']] })).toBe('Posizione\r\n""""\r\n');
  });

  it('a field with a line break (LF or CR) is quoted, so the row stays one record', () => {
    expect(text({ header: ['Note'], rows: [['prima riga\nseconda'], ['a\rb'], ['c\r\nd']] })).toBe('Note\r\n"prima riga\nseconda"\r\n"a\rb"\r\n"c\r\nd"\r\n');
  });

  it('header cells follow the same rule', () => {
    expect(text({ header: ['Anno;Id', 'Settore'], rows: [] })).toBe('"Anno;Id";Settore\r\n');
  });

  it('amounts: decimal comma, no thousands separator, cents padded, negatives', () => {
    expect(text({ header: ['I'], rows: [[{ cents: 230000 }], [{ cents: 5 }], [{ cents: -1250 }], [{ cents: 0 }]] })).toBe('I\r\n2300,00\r\n0,05\r\n-12,50\r\n0,00\r\n');
  });
});
