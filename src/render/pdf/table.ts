import type { Table } from 'mdast';
import type { Content, TableCell } from 'pdfmake/interfaces.js';
import type { PdfState } from './state.js';
import { columnShares, hasLongRows, isWide } from '../table-widths.js';

/**
 * A GFM table: the header row repeats on every page, columns share the width in proportion to their
 * longest text (so wide text columns get room and number columns stay narrow).
 */
export function table(node: Table, state: PdfState): Content {
  const align = node.align ?? [];
  const body: TableCell[][] = node.children.map((row, r) =>
    row.children.map((cell, c) => ({
      text: state.inlines(cell.children),
      bold: r === 0 ? true : undefined,
      fillColor: r === 0 ? '#e8edf3' : undefined,
      alignment: align[c] ?? 'left',
    })),
  );
  const header = node.children.length > 1;
  const long = hasLongRows(node);
  return {
    table: {
      headerRows: header ? 1 : 0,
      // The header row never ends a page alone: it moves with the first row (rows that may themselves
      // break across pages are let go, so that a page-long row still splits).
      ...(header && !long ? { keepWithHeaderRows: 1 } : {}),
      dontBreakRows: !long,
      widths: columnShares(node).map((share) => `${(share * 100).toFixed(2)}%`),
      body,
    },
    layout: {
      hLineWidth: () => 0.5,
      vLineWidth: () => 0.5,
      hLineColor: () => '#8a96a3',
      vLineColor: () => '#8a96a3',
      paddingTop: () => 3,
      paddingBottom: () => 3,
    },
    margin: [0, 4, 0, 8],
    ...(isWide(node) ? { fontSize: 9 } : {}),
  };
}
