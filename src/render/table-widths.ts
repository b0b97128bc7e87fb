import type { Table } from 'mdast';
import { toString } from 'mdast-util-to-string';

/**
 * Column shares (summing to 1), in characters of a line: every column first gets its longest word (so
 * "Pesatura" or "€ 2.300,00" never breaks inside), then the rest of the line goes to the columns in
 * proportion to how much longer their text is. Both writers use it, so both formats lay a table out alike.
 */
export function columnShares(node: Table, lineChars = 90): number[] {
  const columns = Math.max(...node.children.map((r) => r.children.length));
  const min: number[] = [];
  const want: number[] = [];
  for (let c = 0; c < columns; c++) {
    const texts = node.children.map((row) => (row.children[c] ? toString(row.children[c]!) : ''));
    const longestWord = Math.max(...texts.flatMap((t) => t.split(/[ \t\n]+/).map((w) => w.length)));
    min.push(longestWord + 3);
    want.push(Math.max(longestWord + 3, Math.max(...texts.map((t) => t.length)) + 3));
  }
  const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
  if (sum(want) <= lineChars) return want.map((w) => w / sum(want));
  const extra = lineChars - sum(min);
  if (extra <= 0) return min.map((m) => m / sum(min));
  const growth = sum(want) - sum(min);
  return min.map((m, c) => (m + (extra * (want[c]! - m)) / growth) / lineChars);
}

/** A row this long cannot be kept on one page without wasting most of it: it may break across pages. */
export const LONG_ROW_CHARS = 600;

/** Whether some row's text is long enough that rows must be allowed to break across pages. */
export const hasLongRows = (node: Table): boolean => node.children.some((row) => row.children.reduce((n, cell) => n + toString(cell).length, 0) > LONG_ROW_CHARS);

/** Tables with many columns use a smaller type so long words fit their columns. */
export const isWide = (node: Table): boolean => (node.children[0]?.children.length ?? 0) >= 5;
