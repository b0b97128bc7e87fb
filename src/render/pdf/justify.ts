import { pdfmakeModule } from './pdfmake-module.js';

/**
 * pdfmake justifies a line by spreading the spare width over every boundary between its inlines, and an
 * inline ends wherever the line breaker allows a break (after «-» and «/») or a text run ends (bold, a
 * link, a cross-reference): «amministrativo- contabile», «e/ o», «art. 15 ,» on the page and in copied
 * text. A justified line must stretch only at its spaces. pdfmake has no option for that, so its
 * ElementWriter.alignLine is replaced once, here, with the same code except for which boundaries stretch.
 * Breaking after «-» and «/» is untouched: a compound word can still end a line.
 */
interface Inline {
  text: string;
  x: number;
  justifyShift?: number;
  alignment?: string;
}
interface Line {
  x?: number;
  inlines: Inline[];
  newLineForced?: boolean;
  lastLineInParagraph?: boolean;
  getWidth(): number;
}
interface Writer {
  context(): { availableWidth: number };
}

/** A boundary stretches only after an inline ending in a (breaking) space. */
export const stretchesAfter = (text: string) => / $|\t$/.test(text);

export function alignLine(this: Writer, line: Line): void {
  const width = this.context().availableWidth;
  const lineWidth = line.getWidth();
  const alignment = line.inlines?.[0]?.alignment;
  const offset = alignment === 'right' ? width - lineWidth : alignment === 'center' ? (width - lineWidth) / 2 : 0;
  if (offset) line.x = (line.x || 0) + offset;
  if (alignment !== 'justify' || line.newLineForced || line.lastLineInParagraph || line.inlines.length < 2) return;
  const gaps = line.inlines.slice(1).filter((_, i) => stretchesAfter(line.inlines[i]!.text)).length;
  if (!gaps) return;
  const spacing = (width - lineWidth) / gaps;
  let shift = 0;
  for (let i = 1; i < line.inlines.length; i++) {
    const gap = stretchesAfter(line.inlines[i - 1]!.text);
    if (gap) shift += spacing;
    line.inlines[i]!.x += shift;
    // Backgrounds and underlines extend back over the gap before an inline, and only over a real gap.
    line.inlines[i]!.justifyShift = gap ? spacing : 0;
  }
}

let installed = false;
/** Installs alignLine into the pdfmake module instance that `import pdfmake from 'pdfmake'` uses. */
export function installJustification(): void {
  if (installed) return;
  const proto = pdfmakeModule<{ prototype: { alignLine: unknown } }>('ElementWriter').prototype;
  if (typeof proto.alignLine !== 'function') throw new Error('pdfmake: ElementWriter.alignLine non trovato (versione cambiata?)');
  proto.alignLine = alignLine;
  installed = true;
}
