import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadProjects } from '../src/build/project.js';
import { docId } from '../src/kinds/kind.js';
import { renderDocument } from '../src/render/document.js';
import { renderHtml } from '../src/render/html/index.js';
import { compileTemplate } from '../src/render/template.js';
import { albo } from './helpers/cli.js';
import { docxParts } from './helpers/extract.js';
import { ROOT } from './helpers/seed.js';


const tmp = mkdtempSync(path.join(tmpdir(), 'albo-riferimenti-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const REGOLAMENTO = `---
tipo: regolamento
id: regolamento-prova
titolo: Regolamento sull'ordinamento degli uffici e dei servizi
---

# Titolo – Disposizioni generali

## Capo – Principi

### Art. – Oggetto

1. Il presente regolamento disciplina gli uffici; i compiti sono quelli dell'art. 2, comma 1.
2. Le assunzioni seguono l'art. 7 del D.P.R. 487/1994 e l'art. 84 del CCNL 16.11.2022.

### Art. – Compiti

1. Si applicano gli artt. 1 e 3 del presente regolamento e l'articolo 12.

## Capo – Norme finali

### Art. – Abrogazioni

È abrogato il regolamento precedente, come dice l'art. 1.

# Titolo – Entrata in vigore

### Art. – Vigore

Il regolamento entra in vigore con la delibera.
`;
const ALLEGATO = `---
tipo: allegato
id: tabella
regolamento: regolamento-prova
numero: 1
titolo: Tabella
---

Tabella di cui all'art. 2 e all'art. 40.
`;
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
const colOf = (text: string, needle: string, at: string) => text.split('\n')[lineOf(text, needle) - 1]!.indexOf(at) + 1;

describe('plain-text references in a regulation, end to end', () => {
  const dir = path.join(tmp, 'prova');
  let check: Awaited<ReturnType<typeof albo>>;
  beforeAll(async () => {
    mkdirSync(path.join(dir, 'content'), { recursive: true });
    cpSync(path.join(ROOT, 'templates'), path.join(dir, 'templates'), { recursive: true });
    cpSync(path.join(ROOT, 'test/fixtures/regolamento/ente.yaml'), path.join(dir, 'content/ente.yaml'));
    writeFileSync(path.join(dir, 'content/regolamento.md'), REGOLAMENTO);
    writeFileSync(path.join(dir, 'content/allegato.md'), ALLEGATO);
    check = await albo(['check'], dir);
    expect((await albo(['build'], dir)).code).toBe(0);
  }, 120_000);

  it('a reference to an article that does not exist is a located warning; the act is still built', () => {
    expect(check.code).toBe(0);
    expect(check.err).toContain(
      `content/regolamento.md:${lineOf(REGOLAMENTO, "e l'articolo 12")}:${colOf(REGOLAMENTO, "e l'articolo 12", 'articolo 12')}: avviso: il rimando all'art. 12 non corrisponde a nessun articolo del regolamento (articoli da 1 a 4)`,
    );
    expect(check.err).toContain('deliberazione di modifica');
    expect(check.err).toContain(`content/allegato.md:${lineOf(ALLEGATO, 'art. 40')}:${colOf(ALLEGATO, 'art. 40', 'art. 40')}: avviso: il rimando all'art. 40`);
    // Only those two: «art. 7 del D.P.R.», «art. 84 del CCNL» cite other acts; «artt. 1 e 3» exist.
    expect(check.err.match(/avviso: il rimando/g)).toHaveLength(2);
  });

  it('the DOCX links the reference to the article\'s bookmark (internal hyperlink), not the external ones', () => {
    const xml = docxParts(readFileSync(path.join(dir, 'out/regolamento.docx')))['word/document.xml']!;
    const links = [...xml.matchAll(/<w:hyperlink [^>]*w:anchor="(rif_[^"]+)"[^>]*>(.*?)<\/w:hyperlink>/g)].map((m) => [m[1], m[2]!.replace(/<[^>]+>/g, '')]);
    expect(links).toEqual([
      ['rif_art_2', 'art. 2'],
      ['rif_art_1', 'artt. 1'],
      ['rif_art_3', '3'],
      ['rif_art_1', 'art. 1'],
    ]);
    const bookmarks = new Set([...xml.matchAll(/<w:bookmarkStart w:name="(rif_[^"]+)"/g)].map((m) => m[1]));
    for (const [anchor] of links) expect(bookmarks.has(anchor)).toBe(true);
    expect(xml).toMatch(/<w:bookmarkStart w:name="rif_art_2"[^>]*\/>(?:(?!<\/w:p>).)*Art\. 2 – /);
  });

  it('the PDF links it to a named destination on the heading\'s page', async () => {
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const pdf = await getDocument({ data: new Uint8Array(readFileSync(path.join(dir, 'out/regolamento.pdf'))) }).promise;
    const destinations = await pdf.getDestinations();
    const targets: string[] = [];
    for (let i = 1; i <= pdf.numPages; i++) {
      for (const a of await (await pdf.getPage(i)).getAnnotations()) if (a.subtype === 'Link' && typeof a.dest === 'string') targets.push(a.dest);
    }
    // The index links every heading; the text links the four references.
    for (const t of ['rif-art-1', 'rif-art-2', 'rif-art-3']) expect(targets).toContain(t);
    expect(targets.filter((t) => !(t in destinations))).toEqual([]);
    expect(targets).not.toContain('rif-art-7');
  });

  it('the HTML links it to the heading\'s id', async () => {
    const { projects } = await loadProjects(path.join(dir, 'content'));
    const project = projects[0]!;
    const reg = project.docs.find((d) => docId(d) === 'regolamento-prova')!;
    const template = compileTemplate(readFileSync(path.join(dir, 'templates/regolamento.md.hbs'), 'utf8'), 'regolamento.md.hbs');
    const html = new TextDecoder().decode(renderHtml(renderDocument(reg, project, template, {}, 'vigente')));
    expect(html).toContain('<a href="#rif-art-2">art. 2</a>, comma 1');
    expect(html).toContain('<a href="#rif-art-1">artt. 1</a> e <a href="#rif-art-3">3</a> del presente regolamento');
    expect(html).toMatch(/<h4 id="rif-art-2">Art\. 2 – Compiti<\/h4>/);
    // The published HTML escapes the apostrophe too (issue 14).
    expect(html).toContain('l&#39;art. 7 del D.P.R. 487/1994');
    expect(html).toContain('l&#39;articolo 12.');
  });

  it('the PDF bookmarks nest titoli › capi › articoli', async () => {
    const { getDocument } = await import('pdfjs-dist/legacy/build/pdf.mjs');
    const pdf = await getDocument({ data: new Uint8Array(readFileSync(path.join(dir, 'out/regolamento.pdf'))) }).promise;
    type Item = { title: string; items: Item[] };
    const tree = (items: Item[]): unknown => items.map((i) => (i.items.length ? { [i.title]: tree(i.items) } : i.title));
    expect(tree((await pdf.getOutline()) as Item[])).toEqual([
      {
        'TITOLO I – Disposizioni generali': [
          { 'CAPO I – Principi': ['Art. 1 – Oggetto', 'Art. 2 – Compiti'] },
          { 'CAPO II – Norme finali': ['Art. 3 – Abrogazioni'] },
        ],
      },
      { 'TITOLO II – Entrata in vigore': ['Art. 4 – Vigore'] },
    ]);
  });
});
