import type { Content } from 'pdfmake/interfaces.js';
import type { Letterhead } from '../letterhead.js';

/** Name in pdfmake's image dictionary. */
export const STEMMA = 'stemma';
/** Largest box of the coat of arms, in points (about 2 × 2.5 cm). */
const STEMMA_BOX: [number, number] = [54, 66];
const BLUE = '#0b3d6b';
const GREY = '#44546a';

/** The image dictionary of a definition with a letterhead. */
export const letterheadImages = (carta: Letterhead | undefined): Record<string, string> =>
  carta?.stemma ? { [STEMMA]: `data:image/png;base64,${carta.stemma.png}` } : {};

/**
 * First page of an act: the coat of arms on the left, the ente's name, «Provincia di …» and the office
 * lines on the right, a rule below (the layout of Italian comuni's letterheads, in the Designers Italia
 * colours of the rest of the document). It is the first block of the content, so the text follows it.
 */
export function letterheadBlock(carta: Letterhead, width: number): Content {
  const lines: Content[] = [
    { text: carta.ente, fontSize: 16, bold: true, color: BLUE, lineHeight: 1 },
    ...(carta.provincia ? [{ text: carta.provincia, fontSize: 10.5, margin: [0, 2, 0, 3] } as Content] : []),
    ...carta.righe.map((r) => ({ text: r, fontSize: 8.5, color: GREY, lineHeight: 1.1 }) as Content),
  ];
  const text = { stack: lines, width: '*' } as Content;
  const row: Content = carta.stemma ? { columns: [{ image: STEMMA, fit: STEMMA_BOX, width: STEMMA_BOX[0] }, text], columnGap: 14 } : text;
  return {
    stack: [row, { canvas: [{ type: 'line', x1: 0, y1: 6, x2: width, y2: 6, lineWidth: 0.8, lineColor: BLUE }] }],
    // Up into the band the running header uses on the other pages.
    margin: [0, -30, 0, 16],
  };
}
