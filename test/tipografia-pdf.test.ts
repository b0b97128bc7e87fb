import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { RenderedDocument } from '../src/render/document.js';
import { parseMarkdown } from '../src/render/markdown.js';
import { renderPdf } from '../src/render/pdf/index.js';
import { alignLine, stretchesAfter } from '../src/render/pdf/justify.js';
import { toolAvailable } from './helpers/tools.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'albo-tipografia-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const meta = { titolo: 'Prova', oggetto: 'Prova', autore: 'Comune di Prova', intestazione: 'Comune di Prova', piede: 'Pagina {pagina} di {pagine}', data: '2024-01-01', lingua: 'it-IT' };
const doc = (markdown: string): RenderedDocument => ({ tree: parseMarkdown(markdown), markdown, meta });

/** Text as a reader copies it (poppler puts a space wherever glyphs are visibly apart). */
function copiedText(bytes: Uint8Array, name: string): string {
  const file = path.join(tmp, name);
  writeFileSync(file, bytes);
  return execFileSync('pdftotext', [file, '-'], { encoding: 'utf8' });
}

/** «x- y», «x/ y» inside a line: a split that the source does not have. */
export const splitsAt = (text: string) => [...text.matchAll(/\p{L}[-/] \p{L}+/gu)].map((m) => m[0]);

describe('justified lines stretch only at spaces', () => {
  it('a line stretches at spaces, never after «-», «/» or where a bold run or a link ends', () => {
    const inline = (text: string, x: number) => ({ text, x, alignment: 'justify' });
    const line = { inlines: [inline('amministrativo-', 0), inline('contabile ', 80), inline('e/', 130), inline('o ', 140), inline('art. 15', 150), inline(', comma', 185)], getWidth: () => 220 };
    alignLine.call({ context: () => ({ availableWidth: 300 }) }, line);
    // 80 points spread over the two spaces: after «contabile » and after «o ».
    expect(line.inlines.map((i) => i.x)).toEqual([0, 80, 170, 180, 230, 265]);
    expect(line.inlines.map((i) => (i as { justifyShift?: number }).justifyShift ?? 0)).toEqual([0, 0, 40, 0, 40, 0]);
    expect([stretchesAfter('parola '), stretchesAfter('e/'), stretchesAfter('a\u00a0')]).toEqual([true, false, false]);
  });

  it('the last line of a paragraph, a forced break and a line without spaces are not stretched', () => {
    const inline = (text: string, x: number) => ({ text, x, alignment: 'justify' });
    const last = { inlines: [inline('fine ', 0), inline('paragrafo', 30)], lastLineInParagraph: true, getWidth: () => 80 };
    const word = { inlines: [inline('amministrativo-', 0), inline('contabile', 80)], getWidth: () => 130 };
    for (const line of [last, word]) alignLine.call({ context: () => ({ availableWidth: 300 }) }, line);
    expect(last.inlines.map((i) => i.x)).toEqual([0, 30]);
    expect(word.inlines.map((i) => i.x)).toEqual([0, 80]);
  });

  it.runIf(toolAvailable('pdftotext'))('in a rendered PDF, compound words and «e/o» read as written, and long lines still break after «-»', async () => {
    const sentence = 'Gli atti amministrativo-contabili e/o tecnico-professionali, la posizione organizzativa/Elevata Qualificazione e i servizi di e-government del **Comune**, art. 15, comma 2.';
    const long = 'Parola ' + 'x'.repeat(70) + '-' + 'y'.repeat(70) + ' fine.';
    const text = copiedText(await renderPdf(doc(Array(12).fill(sentence).join(' ') + '\n\n' + long)), 'giustificato.pdf');
    expect(splitsAt(text)).toEqual([]);
    expect(text).toContain('amministrativo-contabili');
    expect(text).toContain('e/o');
    expect(text).not.toMatch(/Comune ,/);
    // The 141-letter compound does not fit a line: it still breaks after its hyphen.
    expect(text).toMatch(/x-\n+y/);
  });
});
