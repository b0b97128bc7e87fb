import { move } from 'piscina';
import type { RenderedDocument } from '../render/document.js';
import { renderDocx } from '../render/docx/index.js';
import { renderPdf } from '../render/pdf/index.js';

/** One task of the render pool: a document tree in, the file's bytes out (moved, not copied, back). */
export default async function render({ format, doc }: { format: 'pdf' | 'docx'; doc: RenderedDocument }): Promise<Uint8Array> {
  const bytes = format === 'pdf' ? await renderPdf(doc) : await renderDocx(doc);
  return move(bytes) as unknown as Uint8Array;
}
