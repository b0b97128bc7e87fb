import type { Table } from '../kinds/kind.js';

/** `2300,00`: Italian decimals, no thousands separator, so that spreadsheets read a number. */
const decimal = (cents: number) => `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)},${String(Math.abs(cents) % 100).padStart(2, '0')}`;

const quote = (s: string) => (/[;"\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);

/**
 * CSV as Excel in Italy opens it with a double click: UTF-8 with BOM (accents survive), ";" between
 * fields, decimal comma, CRLF line ends.
 */
export function renderCsv(table: Table): Uint8Array {
  const lines = [table.header, ...table.rows].map((row) => row.map((c) => (typeof c === 'string' ? quote(c) : decimal(c.cents))).join(';'));
  return new TextEncoder().encode('\ufeff' + lines.join('\r\n') + '\r\n');
}
