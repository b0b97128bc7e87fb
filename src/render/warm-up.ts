import type { RenderedDocument } from './document.js';
import { parseMarkdown } from './markdown.js';

/**
 * A short document with what every act has (headings, bold and italic text, a list, a table with a number),
 * so that both writers, their fonts and V8's compiled code are ready before the first real document.
 */
const SAMPLE = [
  '# Documento di prova',
  '',
  '## Sezione',
  '',
  'Un paragrafo con testo **in grassetto** e *in corsivo*, abbastanza lungo da andare a capo e da essere giustificato su più righe della pagina.',
  '',
  '- una voce di elenco',
  '- un\'altra voce',
  '',
  '| Criterio | Peso |',
  '|---|--:|',
  '| Complessità organizzativa | € 1.234,56 |',
  '',
].join('\n');

/**
 * Renders the sample to PDF and DOCX and discards them. `albo build --osserva` calls it while it waits, so
 * that the first save is written as fast as the next ones (a first PDF in a process takes ~0,4 s, a warm
 * one ~0,05 s). Rendering never depends on what was rendered before (the same bytes in any thread and
 * order: test/build-render.test.ts), so this changes no output.
 */
export async function warmUpWriters(): Promise<void> {
  const [{ renderPdf }, { renderDocx }] = await Promise.all([import('./pdf/index.js'), import('./docx/index.js')]);
  const document = warmUpSample();
  await renderPdf(document);
  await renderDocx(document);
}

export const warmUpSample = (): RenderedDocument => ({
  tree: parseMarkdown(SAMPLE),
  markdown: SAMPLE,
  meta: { titolo: 'Prova', oggetto: 'Prova', autore: 'albo', intestazione: 'Prova', piede: 'Pagina {pagina} di {pagine}', data: '2024-01-01', lingua: 'it-IT' },
});
