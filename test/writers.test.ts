import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProjects } from '../src/build/project.js';
import type { Project } from '../src/kinds/kind.js';
import { renderDocument, type RenderedDocument } from '../src/render/document.js';
import * as docxHandlers from '../src/render/docx/handlers.js';
import { renderDocx } from '../src/render/docx/index.js';
import { parseMarkdown } from '../src/render/markdown.js';
import * as pdfHandlers from '../src/render/pdf/handlers.js';
import * as htmlHandlers from '../src/render/html/handlers.js';
import { renderHtml } from '../src/render/html/index.js';
import { pdfDefinition, renderPdf } from '../src/render/pdf/index.js';
import { compileTemplate } from '../src/render/template.js';
import { docxText, pdfText, squash } from './helpers/extract.js';
import { CONTENT } from './helpers/project.js';
import { ROOT } from './helpers/seed.js';

const meta = { titolo: 'Prova', oggetto: 'Prova', autore: 'Comune di Prova', intestazione: 'Comune di Prova', piede: 'Pagina {pagina} di {pagine}', data: '2024-01-01', lingua: 'it-IT' };
const doc = (markdown: string): RenderedDocument => ({ tree: parseMarkdown(markdown), markdown, meta });

async function project(): Promise<Project> {
  const r = await loadProjects(CONTENT);
  const p = r.projects.find((x) => x.docs.some((d) => d.kind.tipo === 'scheda'));
  if (!p) throw new Error('content/ non valido');
  return p;
}

describe('one tree, two writers', () => {
  it('the three writers handle the same node types', () => {
    for (const other of [docxHandlers, htmlHandlers]) {
      expect(Object.keys(other.blockHandlers).sort()).toEqual(Object.keys(pdfHandlers.blockHandlers).sort());
      expect(Object.keys(other.inlineHandlers).sort()).toEqual(Object.keys(pdfHandlers.inlineHandlers).sort());
    }
  });

  it('every construct a template or a source may use reaches both formats with its text', async () => {
    const md = [
      '# Titolo', '## Sezione', '### Sotto', 'Testo **forte** *corsivo* ~~barrato~~ `codice` e [collegamento](https://example.org).',
      '- punto uno\n- punto due\n  - annidato', '1. primo\n2. secondo', '- [x] spuntata\n- [ ] vuota',
      '| A | B |\n|---|--:|\n| cella<br>a capo | 2 |', '> citazione', '---', ':::firma\nIl dirigente\n\nMario Rossi\n:::', '::interruzione-pagina', 'Fine.',
    ].join('\n\n');
    const words = ['Titolo', 'Sezione', 'Sotto', 'forte', 'corsivo', 'barrato', 'codice', 'collegamento', 'punto uno', 'annidato', 'primo', 'secondo', 'spuntata', 'vuota', 'cella', 'a capo', 'citazione', 'Il dirigente', 'Mario Rossi', 'Fine.'];
    const pdf = await pdfText(await renderPdf(doc(md)));
    const docx = docxText(await renderDocx(doc(md)));
    for (const w of words) {
      expect(squash(pdf.join('\n')), w).toContain(squash(w));
      expect(squash(docx), w).toContain(squash(w));
    }
    const html = new TextDecoder().decode(renderHtml(doc(md)));
    for (const w of words) expect(squash(html.replace(/<[^>]+>/g, '')), w).toContain(squash(w.replace('Fine.', 'Fine.')));
    expect(html).toContain('<input type="checkbox" disabled checked> spuntata');
    expect(html).toContain('<th scope="col">A</th>');
    expect(pdf).toHaveLength(2); // the page break
    expect(pdf[1]!.trim()).toBe('Fine.');
  });

  it('checkboxes: ticked and empty boxes in the PDF (vector) and the DOCX (Word content controls)', async () => {
    const def = pdfDefinition(doc('- [x] sì\n- [ ] no\n- [x] forse'));
    const boxes = JSON.stringify(def.content).match(/"type":"rect"/g)?.length;
    const ticks = JSON.stringify(def.content).match(/"type":"line"/g)?.length;
    expect([boxes, ticks]).toEqual([3, 4]); // a tick is two crossing lines
    const xml = docxText(await renderDocx(doc('- [x] sì\n- [ ] no')));
    expect(xml).toContain('sì');
  });

  it('a Markdown-special title round-trips through template, tree and both writers', async () => {
    const p = await project();
    const card = p.docs.find((d) => d.kind.tipo === 'scheda')!;
    const title = 'Ufficio *speciale* _A_ [B] #1 | 50% & <C>';
    const modified = { ...card, data: { ...card.data, titolo: title } };
    const template = compileTemplate(readFileSync(path.join(ROOT, 'templates', 'scheda.md.hbs'), 'utf8'), 'templates/scheda.md.hbs');
    const rendered = renderDocument(modified, p, template);
    expect(rendered.meta.titolo).toBe(`Modulo descrittivo posizione di specifica responsabilità – ${title}`);
    const bytes = await renderPdf(rendered);
    const pdf = squash((await pdfText(bytes)).join('\n'));
    // pdfkit writes XMP unescaped: "&" and "<" are replaced so the metadata stays well-formed XML.
    const xmp = /<x:xmpmeta[\s\S]*<\/x:xmpmeta>/.exec(Buffer.from(bytes).toString('utf8'))![0];
    expect(xmp).toContain('50% e ‹C›');
    expect(xmp).not.toMatch(/&(?!amp;|lt;|gt;|quot;|apos;)/);
    const docx = squash(docxText(await renderDocx(rendered)));
    expect(pdf).toContain(squash(`“${title}”`));
    expect(docx).toContain(squash(`“${title}”`));
    // The third writer: in the published page the title is text, escaped, in <title> and in the body.
    const html = new TextDecoder().decode(renderHtml(rendered));
    const escaped = 'Ufficio *speciale* _A_ [B] #1 | 50% &amp; &lt;C&gt;';
    expect(html).toContain(`<title>Modulo descrittivo posizione di specifica responsabilità – ${escaped}</title>`);
    expect(html).toContain(`“${escaped}”`);
    expect(html).not.toMatch(/<C>|&(?!amp;|lt;|gt;|quot;|#39;)/);
  });
});
