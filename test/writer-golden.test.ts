import type { Heading, Nodes, Paragraph, PhrasingContent, Root } from 'mdast';
import { describe, expect, it } from 'vitest';
import { golden } from './helpers/golden.js';
import type { RenderedDocument } from '../src/render/document.js';
import { writeDocx } from '../src/render/docx/index.js';
import { renderHtml, renderHtmlBody } from '../src/render/html/index.js';
import { parseMarkdown } from '../src/render/markdown.js';
import { pdfDefinition } from '../src/render/pdf/index.js';
import type { TagNode } from '../src/render/pdf/tags.js';
import { docxParts } from './helpers/extract.js';

// Golden files, as pandoc tests its writers: one document with every construct the writers handle goes
// through the three writers, and what each emits (the pdfmake definition with its structure tags, the DOCX
// XML, the HTML page) must equal a reviewed file in test/golden/. A change to a writer shows up as a diff of
// that file: review it, then accept it with ALBO_UPDATE_GOLDEN=1 npx vitest run test/writer-golden.test.ts.
// The marks that matter most are also asserted one by one in writer-structure.test.ts.

const SOURCE = `# Titolo del documento

::indice[Sommario]

## Capo I – Disposizioni generali

### Art. 1 – Oggetto

Testo **forte** *corsivo* ~~barrato~~ \`codice\` ***forte e corsivo*** su una riga
che continua, poi un a capo forzato\\
e un a capo HTML<br>e dell'HTML <span>in linea</span>.

Un [sito](https://www.comune.example.it/pagina?a=1&b=2), un indirizzo scritto <https://www.comune.example.it>, una [posta](mailto:ufficio@comune.example.it), un [ sito con spazi ](https://www.comune.example.it/spazi) e un [collegamento non ammesso](javascript:alert(1)).

#### Comma con titolo

##### Quinto livello

> Citazione su
> due righe.

    codice
      rientrato

---

1. primo

   secondo paragrafo del primo punto

   > citazione nel punto
2. secondo
   1. lettera a
   2. lettera b
      - terzo livello
        - quarto livello
3. - solo una lista annidata
4. 1. solo una lista numerata annidata
5. - annidata

   poi testo
6. > una citazione come primo blocco

Una lista che parte da sette:

7. sette
8. otto

   3. lettera c
   4. lettera d

Punti:

- punto
- punto due

Caselle:

- [x] fatto

  dettaglio del fatto
- [ ] da fare

Non tutte caselle:

- [x] casella
- voce senza casella

| Sinistra | Centro | Destra | Nessuno |
|:---|:---:|---:|---|
| a | b | c | d |
| <x> | & | "q" | 'a' |

::interruzione-pagina

::sconosciuta

:::firma
Il Responsabile del Servizio

Mario Rossi
:::

:::altro
Testo in un contenitore qualsiasi.
:::

<!-- un commento -->

## Capo II  –  Con  spazi  doppi

#### Sezione senza articolo

#### Altra sezione senza articolo

[def]: https://www.comune.example.it
`;

const meta: RenderedDocument['meta'] = { titolo: 'Prova «tutto»', oggetto: 'Ogni costrutto', autore: 'Comune di Prova', intestazione: 'Comune di Prova', piede: 'Pagina {pagina} di {pagine}', data: '2024-01-15', lingua: 'it-IT' };

const text = (value: string): PhrasingContent => ({ type: 'text', value });

/** The tree the build would give: headings with anchors (a regulation's), cross-references, amendments. */
function tree(source = SOURCE): Root {
  const t = parseMarkdown(source);
  const headings = t.children.filter((n): n is Heading => n.type === 'heading');
  const art = headings.find((h) => /Art\. 1/.test(JSON.stringify(h)));
  if (art) art.data = { ...art.data, anchor: 'art-1' };
  const capo = headings.find((h) => /Capo I/.test(JSON.stringify(h)));
  if (capo) capo.data = { ...capo.data, anchor: 'capo-i' };
  // A heading a transform builds (not the parser): its text may start or end with spaces.
  t.children.push({ type: 'heading', depth: 2, children: [text('  Allegato finale  ')] } as Heading);
  t.children.push({
    type: 'paragraph',
    children: [
      text('Come dice l’'),
      { type: 'crossRef', anchor: 'art-1', children: [text('art. 1')] } as unknown as PhrasingContent,
      text(', il '),
      { type: 'crossRef', anchor: 'capo-i', children: [text('Capo I ')] } as unknown as PhrasingContent,
      text('e non l’'),
      { type: 'crossRef', anchor: 'art-99', children: [text('art. 99')] } as unknown as PhrasingContent,
      text(', testo '),
      { type: 'insertion', children: [text('inserito')] } as unknown as PhrasingContent,
      { type: 'noteRef', value: '(1)' } as unknown as PhrasingContent,
      text(' e '),
      { type: 'delete', children: [text('soppresso')] },
      { type: 'noteRef', value: '(2)' } as unknown as PhrasingContent,
      text('.'),
    ],
  } as Paragraph);
  return t;
}
const doc = (source?: string): RenderedDocument => ({ tree: tree(source), markdown: source ?? SOURCE, meta });

// A document without an index: headings still get bookmarks, but no index entries.
const NO_INDEX = '## Capo I – Senza indice\n\n### Art. 1 – Primo\n\nTesto.\n\n###### Sesto livello\n';


/** The structure tree (numbered in reading order) and the content, each tag shown by its number and role. */
function pdfView(d: RenderedDocument): string {
  const content = pdfDefinition(d).content as unknown[];
  let root: TagNode | undefined;
  const findRoot = (v: unknown): void => {
    if (root || !v || typeof v !== 'object') return;
    const o = v as Record<string, unknown>;
    if (o._t) {
      let n = o._t as TagNode;
      while (n.parent) n = n.parent;
      root = n;
      return;
    }
    Object.values(o).forEach(findRoot);
  };
  findRoot(content);
  const ids = new Map<TagNode, number>();
  const outline: string[] = [];
  const walk = (n: TagNode, depth: number) => {
    ids.set(n, ids.size);
    const extra = [n.options ? JSON.stringify(n.options) : '', n.contents !== undefined ? `contents=${JSON.stringify(n.contents)}` : '', n.eager ? 'eager' : ''].filter(Boolean).join(' ');
    outline.push(`${'  '.repeat(depth)}#${ids.get(n)} ${n.role}${extra ? ` ${extra}` : ''}`);
    n.children.forEach((c) => walk(c, depth + 1));
  };
  if (root) walk(root, 0);
  const json = JSON.stringify(
    content,
    (key, value) => {
      if (key === '_t' || key === '_lbl' || key === '_tag') return `#${ids.get(value as TagNode) ?? '?'} ${(value as TagNode).role}`;
      if (typeof value === 'function') return '[funzione]';
      // Arrays of numbers or strings (margins, widths) on one line.
      if (Array.isArray(value) && value.length && value.every((v) => typeof v === 'number' || typeof v === 'string')) return `@@${JSON.stringify(value)}@@`;
      return value;
    },
    1,
  ).replace(/"@@(.*?)@@"/g, (_m, raw: string) => JSON.parse(`"${raw}"`) as string);
  return `STRUTTURA\n${outline.join('\n')}\n\nCONTENUTO\n${json}\n`;
}

/** document.xml and numbering.xml, one paragraph, table row or cell per line so a diff is readable. */
async function docxView(d: RenderedDocument): Promise<string> {
  const parts = docxParts(await writeDocx(d));
  const lines = (xml: string) => xml.replace(/(<w:(?:p|tbl|tr|tc|sdt|bookmarkStart|hyperlink|abstractNum|num|lvl)[ >])/g, '\n$1');
  return `word/document.xml${lines(parts['word/document.xml']!)}\n\nword/numbering.xml${lines(parts['word/numbering.xml']!)}\n`;
}

describe('the three writers on a document with every construct (golden files)', () => {
  it('PDF: the pdfmake content and its structure tags', () => {
    golden('tutto.pdf.txt', pdfView(doc()));
  });
  it('PDF: without an index, headings are bookmarks but not index entries', () => {
    golden('senza-indice.pdf.txt', pdfView(doc(NO_INDEX)));
  });
  it('DOCX: document.xml and numbering.xml', async () => {
    golden('tutto.docx.xml', await docxView(doc()));
  });
  it('DOCX: without an index', async () => {
    golden('senza-indice.docx.xml', await docxView(doc(NO_INDEX)));
  });
  it('HTML: the whole page', () => {
    golden('tutto.html', new TextDecoder().decode(renderHtml(doc())));
  });
  it('HTML: what the preview marks (each block, list item and table row goes through decorate)', () => {
    const marked = renderHtmlBody(doc(), (node: Nodes, html: string) => `<!--${node.type}-->${html}`);
    golden('tutto.anteprima.html', `${marked}\n`);
  });
});
