import type { Table } from 'mdast';
import { toString } from 'mdast-util-to-string';

/**
 * Column shares (summing to 1) in proportion to each column's longest text, capped so one long cell does
 * not starve the others. Both writers use it, so both formats lay a table out alike.
 */
export function columnShares(node: Table): number[] {
  const columns = Math.max(...node.children.map((r) => r.children.length));
  const lengths = Array.from({ length: columns }, (_, c) =>
    Math.max(6, ...node.children.map((row) => Math.min(60, row.children[c] ? toString(row.children[c]!).length : 0))),
  );
  const total = lengths.reduce((a, b) => a + b, 0);
  return lengths.map((l) => l / total);
}
