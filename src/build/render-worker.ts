import { move } from 'piscina';
import { renderDocx } from '../render/docx/index.js';
import { renderPdf } from '../render/pdf/index.js';
import { taskDocument, type RenderTask } from './render-pool.js';

/** One task of the render pool: a document tree in, the file's bytes out (moved, not copied, back). */
export default async function render(task: RenderTask): Promise<Uint8Array> {
  const doc = taskDocument(task);
  const bytes = task.format === 'pdf' ? await renderPdf(doc) : await renderDocx(doc);
  return move(bytes) as unknown as Uint8Array;
}
