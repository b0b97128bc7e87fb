import { BorderStyle, Header, ImageRun, LineRuleType, Paragraph, Table, TableCell, TableRow, TextRun, VerticalAlign, WidthType, type IBorderOptions } from 'docx';
import type { Letterhead } from '../letterhead.js';

const BLUE = '0B3D6B';
const GREY = '44546A';
/** The coat of arms' box, in pixels at 96 dpi (as in the PDF: 54 × 66 pt). */
const BOX = { width: 72, height: 88 };
const STEMMA_COLUMN = 1300;
const none: IBorderOptions = { style: BorderStyle.NONE, size: 0, color: 'FFFFFF' };

/** The first page's header of an act: the same letterhead as the PDF's (Word grows the header to fit). */
export function letterheadHeader(carta: Letterhead, width: number): Header {
  const lines = [
    new Paragraph({ spacing: { after: 20 }, children: [new TextRun({ text: carta.ente, bold: true, size: 32, color: BLUE })] }),
    ...(carta.provincia ? [new Paragraph({ spacing: { after: 60 }, children: [new TextRun({ text: carta.provincia, size: 21 })] })] : []),
    ...carta.righe.map((r) => new Paragraph({ spacing: { after: 0, line: 240 }, children: [new TextRun({ text: r, size: 17, color: GREY })] })),
  ];
  const rule = new Paragraph({ spacing: { after: 120 }, border: { bottom: { style: BorderStyle.SINGLE, size: 6, color: BLUE, space: 4 } }, children: [] });
  if (!carta.stemma) return new Header({ children: [...lines, rule] });
  const s = carta.stemma;
  const scale = Math.min(BOX.width / s.larghezza, BOX.height / s.altezza);
  const image = new ImageRun({
    type: 'png',
    data: Buffer.from(s.png, 'base64'),
    transformation: { width: Math.round(s.larghezza * scale), height: Math.round(s.altezza * scale) },
    altText: { name: 'Stemma', description: `Stemma: ${carta.ente}`, title: 'Stemma' },
  });
  const table = new Table({
    width: { size: width, type: WidthType.DXA },
    columnWidths: [STEMMA_COLUMN, width - STEMMA_COLUMN],
    borders: { top: none, bottom: none, left: none, right: none, insideHorizontal: none, insideVertical: none },
    rows: [
      new TableRow({
        children: [
          new TableCell({ width: { size: STEMMA_COLUMN, type: WidthType.DXA }, verticalAlign: VerticalAlign.CENTER, children: [new Paragraph({ spacing: { before: 0, after: 0, line: 240, lineRule: LineRuleType.AUTO }, children: [image] })] }),
          new TableCell({ width: { size: width - STEMMA_COLUMN, type: WidthType.DXA }, verticalAlign: VerticalAlign.CENTER, children: lines }),
        ],
      }),
    ],
  });
  return new Header({ children: [table, rule] });
}
