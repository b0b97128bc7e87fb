import { pdfmakeModule } from './pdfmake-module.js';

/**
 * pdfmake records where each node lands (the positions its pageBreakBefore callback reads) from the
 * outer page context, also inside an unbreakable block (a table row, a table's header with its first
 * row): every node of such a block reports the page where the block was *tried*, even when the block
 * did not fit and went to the next page. A heading followed by a table whose first rows moved then looks
 * followed by text on its own page, and stays there alone. This records the positions handed out inside
 * an outermost unbreakable block and, when the block is committed on a later page, moves them there.
 */
interface Position {
  pageNumber: number;
  top: number;
  verticalRatio: number;
}
interface Context {
  page: number;
  y: number;
  pageMargins: { top: number };
}
interface PageWriter {
  transactionLevel: number;
  context(): Context;
  alboPositions?: Position[];
}
type Method<A extends unknown[], R> = (this: PageWriter, ...args: A) => R;

let installed = false;
export function installPositionFix(): void {
  if (installed) return;
  const elementWriter = pdfmakeModule<{ prototype: Record<string, unknown> }>('ElementWriter').prototype;
  const pageWriter = pdfmakeModule<{ prototype: Record<string, unknown> }>('PageElementWriter').prototype;
  const position = elementWriter.getCurrentPositionOnPage as Method<[], Position>;
  const begin = pageWriter.beginUnbreakableBlock as Method<unknown[], unknown>;
  const commit = pageWriter.commitUnbreakableBlock as Method<[number?, number?], unknown>;
  if (typeof position !== 'function' || typeof begin !== 'function' || typeof commit !== 'function') {
    throw new Error('pdfmake: metodi di impaginazione non trovati (versione cambiata?)');
  }
  elementWriter.getCurrentPositionOnPage = function (this: PageWriter) {
    const p = position.call(this);
    if (this.transactionLevel > 0) this.alboPositions?.push(p);
    return p;
  };
  pageWriter.beginUnbreakableBlock = function (this: PageWriter, ...args: unknown[]) {
    if (this.transactionLevel === 0) this.alboPositions = [];
    return begin.apply(this, args);
  };
  pageWriter.commitUnbreakableBlock = function (this: PageWriter, forcedX?: number, forcedY?: number) {
    // Headers and footers are placed with forced coordinates: their positions are not the flow's.
    const recorded = this.transactionLevel === 1 && forcedX === undefined && forcedY === undefined ? this.alboPositions : undefined;
    const result = commit.call(this, forcedX, forcedY);
    if (this.transactionLevel === 0) this.alboPositions = undefined;
    const landed = this.context().page + 1;
    for (const p of recorded ?? []) {
      if (p.pageNumber >= landed) continue;
      // The block went to a later page: it starts at the top of it (below repeated table headers).
      p.pageNumber = landed;
      p.top = this.context().pageMargins.top;
      p.verticalRatio = 0;
    }
    return result;
  };
  installed = true;
}
