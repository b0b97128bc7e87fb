import type { Table as MdTable } from 'mdast';
import { AlignmentType, Paragraph, ShadingType, Table, TableCell, TableLayoutType, TableRow, WidthType } from 'docx';
import { columnShares, hasLongRows, isWide } from '../table-widths.js';
import type { DocxState } from './state.js';
import { CONTENT_WIDTH } from './layout.js';

const alignments = { left: AlignmentType.LEFT, center: AlignmentType.CENTER, right: AlignmentType.RIGHT } as const;

/** A GFM table as a Word table: a real header row (repeats on each page), rows that do not split unless they are longer than a page can hold well. */
export function table(node: MdTable, state: DocxState, width = CONTENT_WIDTH): Table {
  const widths = columnShares(node).map((s) => Math.round(s * width));
  const align = node.align ?? [];
  const long = hasLongRows(node);
  const size = isWide(node) ? 18 : undefined;
  return new Table({
    layout: TableLayoutType.FIXED,
    width: { size: width, type: WidthType.DXA },
    columnWidths: widths,
    rows: node.children.map(
      (row, r) =>
        new TableRow({
          // Only the header row says so (a row with tblHeader off is what Word writes for none at all).
          ...(r === 0 && node.children.length > 1 ? { tableHeader: true } : {}),
          cantSplit: !long,
          children: row.children.map(
            (cell, c) =>
              new TableCell({
                width: { size: widths[c] ?? 0, type: WidthType.DXA },
                shading: r === 0 ? { fill: 'E8EDF3', type: ShadingType.CLEAR, color: 'auto' } : undefined,
                margins: { top: 60, bottom: 60, left: 90, right: 90 },
                children: [
                  new Paragraph({
                    alignment: alignments[align[c] ?? 'left'],
                    spacing: { after: 0 },
                    children: state.inlines(cell.children, r === 0 ? { bold: true, size } : { size }),
                  }),
                ],
              }),
          ),
        }),
    ),
  });
}
