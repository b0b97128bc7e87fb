import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProjects } from '../src/build/project.js';
import { renderDocument } from '../src/render/document.js';
import { renderDocx } from '../src/render/docx/index.js';
import { destinationName, destinationPages } from '../src/render/docx/toc-pages.js';
import { compileTemplate } from '../src/render/template.js';
import { docxParts } from './helpers/extract.js';
import { CONTENT } from './helpers/project.js';
import { ROOT } from './helpers/seed.js';
import { toolAvailable } from './helpers/tools.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'albo-indice-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
const decode = (s: string) => s.replace(/&amp;/g, '&').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'");

/** The index of a DOCX as Word shows it without updating anything: each entry's title and the number written for it. */
function indexEntries(documentXml: string): { title: string; page: string }[] {
  return [...documentXml.matchAll(/<w:hyperlink [^>]*w:anchor="_Toc\d+"[^>]*>([\s\S]*?)<\/w:hyperlink>/g)].map((m) => {
    const texts = [...m[1]!.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => decode(t[1]!));
    return { title: squash(texts.slice(0, -1).join('')), page: texts.at(-1)!.trim() };
  });
}

describe('the DOCX index carries its page numbers', () => {
  it('LibreOffice destinations are read from its PDF: the page of each named destination', () => {
    const pdf = [
      '%PDF-1.6', '1 0 obj <</Type/Page/Parent 4 0 R>> endobj', '2 0 obj <</Type/Page/Parent 4 0 R>> endobj', '3 0 obj <</Type/Page/Parent 4 0 R>> endobj',
      '4 0 obj <</Type/Pages/Kids[ 3 0 R 1 0 R 2 0 R ]/Count 3>> endobj', '5 0 obj <</5FToc1[1 0 R/XYZ 56.7 760 0]/5FToc2[2 0 R/XYZ 56.7 700 0]>> endobj',
      '6 0 obj <</Type/Catalog/Pages 4 0 R/Dests 5 0 R>> endobj', 'trailer <</Root 6 0 R>>',
    ].join('\n');
    expect(destinationName('_Toc12')).toBe('5FToc12');
    expect([...destinationPages(new TextEncoder().encode(pdf))]).toEqual([['5FToc1', 2], ['5FToc2', 3]]);
  });

  it.runIf(toolAvailable('soffice') && toolAvailable('pdftotext'))(
    'the numbers of the regulation\'s index are the pages LibreOffice lays each heading on; no field asks to be updated; rebuilt byte for byte',
    async () => {
      const project = (await loadProjects(CONTENT)).projects.find((p) => p.dir.endsWith('issa-biella'))!;
      const doc = project.docs.find((d) => d.kind.tipo === 'regolamento')!;
      const template = compileTemplate(readFileSync(path.join(ROOT, 'templates', doc.kind.template), 'utf8'), doc.kind.template);
      const rendered = renderDocument(doc, project, template);
      const bytes = await renderDocx(rendered);
      expect(Buffer.from(await renderDocx(rendered)).equals(Buffer.from(bytes))).toBe(true);
      const parts = docxParts(bytes);
      expect(parts['word/settings.xml']).not.toContain('updateFields');
      expect(parts['word/document.xml']).not.toContain('w:dirty');
      const entries = indexEntries(parts['word/document.xml']!);
      expect(entries.length).toBeGreaterThan(80); // titoli, capi and 76 articles
      expect(entries.every((e) => /^\d+$/.test(e.page))).toBe(true);

      // Lay the DOCX out with LibreOffice, plainly, and find each heading's page in the text of the pages.
      const file = path.join(tmp, 'regolamento.docx');
      writeFileSync(file, bytes);
      execFileSync('soffice', [`-env:UserInstallation=file://${path.join(tmp, 'profilo')}`, '--headless', '--convert-to', 'pdf', '--outdir', tmp, file], { stdio: 'ignore', timeout: 300_000 });
      const pages = execFileSync('pdftotext', ['-layout', path.join(tmp, 'regolamento.pdf'), '-'], { encoding: 'utf8' })
        .split('\f')
        .map((p) => p.split('\n').map(squash).filter(Boolean));
      // The index itself (dot leaders) comes first: headings are looked for after its last page.
      let from = pages.reduce((last, lines, p) => (lines.some((l) => /\.{6,}\s*\d+$/.test(l)) ? p + 1 : last), 0);
      expect(from).toBeGreaterThan(0);
      const laidOut = entries.map((e) => {
        // A heading's (first) line.
        const start = e.title.slice(0, 25);
        for (let p = from; p < pages.length; p++) {
          if (pages[p]!.some((l) => l.startsWith(start) && e.title.startsWith(l.slice(0, Math.min(l.length, e.title.length))))) {
            from = p;
            return { title: e.title, page: String(p + 1) };
          }
        }
        return { title: e.title, page: 'non trovato' };
      });
      expect(entries).toEqual(laidOut);
      // Not trivially equal: the headings spread over many pages.
      expect(new Set(entries.map((e) => e.page)).size).toBeGreaterThan(15);
    },
    600_000,
  );
});
