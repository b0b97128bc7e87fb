import type { CrossRef, Heading, Nodes, Root, RootContent } from 'mdast';
import { describe, expect, it } from 'vitest';
import { parseMarkdown } from '../src/render/markdown.js';
import { applyVariant, findAmendments, type Variant } from '../src/regulation/amendments.js';
import { findTextReferences, linkTextReferences } from '../src/regulation/references.js';
import { analyseStructure, applyReferences, applyStructure, findReferences, type Target } from '../src/regulation/structure.js';

// The edges of a regulation's text rules, in process on small sources: how the text in force and the
// highlighted text come out of the amendment markers, how part headings are rewritten and reported, and
// which cross-references and plain-text references are taken. The seeds' whole regulations go through the
// same code end to end in regolamento.test.ts and riferimenti.test.ts.

/** A node's text as a reader sees it: ~~deleted~~, ++inserted++, [linked], code as written. */
const flat = (n: Nodes): string => {
  if (n.type === 'delete') return `~~${n.children.map(flat).join('')}~~`;
  if (n.type === 'insertion') return `++${(n.children as Nodes[]).map(flat).join('')}++`;
  if (n.type === 'crossRef') return `[${n.children.map(flat).join('')}]`;
  if (n.type === 'break') return '\n';
  if ('value' in n) return String(n.value);
  return 'children' in n ? (n.children as Nodes[]).map(flat).join('') : '';
};

/** Each block on one line: headings with their level, list items with their numbers. */
const blocks = (tree: Root): string[] =>
  tree.children.map((b: RootContent) => {
    if (b.type === 'heading') return `${'#'.repeat(b.depth)} ${flat(b)}`;
    if (b.type === 'list') return b.children.map((item, i) => `${b.ordered ? `${(b.start ?? 1) + i}.` : '-'} ${flat(item)}`).join(' | ');
    return flat(b);
  });

/** The published text of a regulation (headings rewritten) or of an appendix (headings as written). */
function published(md: string, variant: Variant, options: { appendix?: boolean } = {}): Root {
  const tree = parseMarkdown(md);
  if (!options.appendix) applyStructure(analyseStructure(tree, { strict: false }));
  applyVariant(tree, variant, (delibera) => (delibera === 'b' ? 2 : 1));
  return tree;
}
const inForce = (md: string, options?: { appendix?: boolean }) => blocks(published(md, 'vigente', options));

describe('the text in force after inline deletions', () => {
  const del = (text: string, delibera = 'a') => `<del delibera="${delibera}">${text}</del>`;

  it('keeps one space where a deletion was, none at the start of a paragraph, none before punctuation', () => {
    expect(inForce(`secondo ${del('il vecchio')} l'organigramma`)).toEqual(["secondo l'organigramma"]);
    // Two spaces typed after the marker still leave one.
    expect(inForce(`secondo ${del('il vecchio')}  l'organigramma`)).toEqual(["secondo l'organigramma"]);
    // The space written inside the marker goes with it; the one after stays.
    expect(inForce(`il personale${del(' e i dirigenti')} assegnato`)).toEqual(['il personale assegnato']);
    expect(inForce(`Il dirigente ${del('e il segretario')}, sentito il parere`)).toEqual(['Il dirigente, sentito il parere']);
    expect(inForce(`il personale  ${del('e i dirigenti')}.`)).toEqual(['il personale.']);
    expect(inForce(`${del('Primo periodo.')} Secondo periodo.`)).toEqual(['Secondo periodo.']);
    // The same after bold text.
    expect(inForce(`**Il dirigente**${del(' e il segretario')}, sentito il parere`)).toEqual(['Il dirigente, sentito il parere']);
    expect(inForce(`**Il dirigente** ${del('e il segretario')} sentito il parere`)).toEqual(['Il dirigente sentito il parere']);
  });

  it('two deletions in a row leave the sentence whole, with one space, in one paragraph', () => {
    expect(inForce(`il personale ${del('di ruolo')} ${del('a tempo pieno', 'b')} è assegnato`)).toEqual(['il personale è assegnato']);
    expect(inForce(`il personale ${del('di ruolo')} ${del('a tempo pieno', 'b')}.`)).toEqual(['il personale.']);
    expect(inForce(`${del('Primo periodo.')} ${del('Secondo periodo.', 'b')} Terzo periodo.`)).toEqual(['Terzo periodo.']);
  });

  it('a paragraph, or an item of a bulleted list, left without text goes', () => {
    expect(inForce(`Primo.\n\n${del('Secondo.')}\n\nTerzo.\n`)).toEqual(['Primo.', 'Terzo.']);
    // Nothing but a space and an emptied emphasis is left: no text either.
    expect(inForce(`Primo.\n\n*${del('Secondo')}* ${del('periodo.', 'b')}\n`)).toEqual(['Primo.']);
    expect(inForce(`- uno\n- ${del('due')}\n- tre\n`)).toEqual(['- uno | - tre']);
    // A numbered list keeps the numbers the other commi are cited by.
    expect(inForce(`1. uno\n2. ${del('due')}\n3. tre\n`)).toEqual(['1. uno', '3. tre']);
  });

  it('the highlighted text keeps all of it, struck through, with the deliberation\'s note', () => {
    expect(blocks(published(`il personale ${del('di ruolo')} ${del('a tempo pieno', 'b')} è assegnato`, 'evidenziato'))).toEqual([
      'il personale ~~di ruolo~~(1) ~~a tempo pieno~~(2) è assegnato',
    ]);
  });
});

describe('deleted and inserted blocks', () => {
  it('an abrogated article keeps its number and label, bis included; the rest of the block goes', () => {
    const md = '### Art. – Primo\n\nTesto.\n\n:::soppresso{delibera=a}\n\n### Art. 1 bis – Inserito\n\n1. Comma.\n\n:::\n\n### Art. – Secondo\n\nAltro.\n';
    expect(inForce(md)).toEqual(['#### Art. 1 – Primo', 'Testo.', '#### Art. 1 bis – (abrogato)', '#### Art. 2 – Secondo', 'Altro.']);
  });

  it('in an appendix, a deleted section goes whole: a heading that only mentions an article is no article', () => {
    const md = ":::soppresso{delibera=a}\n\n## Modulo di cui all'Art. 5 del regolamento\n\nTesto.\n\n:::\n\n## Altro modulo\n";
    expect(inForce(md, { appendix: true })).toEqual(['## Altro modulo']);
  });

  it('only :::inserito and :::soppresso are amendment blocks; one without its deliberation names none', () => {
    const marks = (md: string) => findAmendments(parseMarkdown(md)).map((m) => [m.action, m.delibera, m.block]);
    expect(marks(':::soppresso\n\nTesto.\n\n:::\n')).toEqual([['del', '', true]]);
    expect(marks(':::inserito{delibera=gc-1}\n\nTesto.\n\n:::\n\nUn <del delibera="gc-2">vecchio</del> testo.\n')).toEqual([
      ['ins', 'gc-1', true],
      ['del', 'gc-2', false],
    ]);
    // A signature block, and a leaf directive that borrows the name, are not amendments.
    expect(marks(':::firma\n\nIl sindaco\n\n:::\n\n::inserito{delibera=gc-1}\n')).toEqual([]);
  });
});

describe('part headings', () => {
  const analysed = (md: string, strict = true) => analyseStructure(parseMarkdown(md), { strict });
  const issues = (md: string) => analysed(md).issues.map((i) => i.message);
  const hintOf = (heading: string) => analysed(`### ${heading}\n`).issues[0]?.hint;
  const DOCUMENT_HINT = /^un testo diviso in paragrafi numerati .* è un «tipo: documento»/;

  it('an inserted article must follow the article it is inserted after', () => {
    expect(issues('### Art. 1 bis – Inserito\n')).toEqual(["Art. 1 bis deve seguire l'Art. 1"]);
    expect(issues('### Art. – Primo\n### Art. 2 bis – Inserito\n')).toEqual(["Art. 2 bis deve seguire l'Art. 2, non l'Art. 1 (riga 1)"]);
  });

  it('numbered paragraphs instead of articles point to «tipo: documento», other headings to the keywords', () => {
    for (const h of ['1.- Premessa', '1 - Premessa', '10.- Norme finali', '2.1) Criteri', '3 – Fasce']) expect(hintOf(h), h).toMatch(DOCUMENT_HINT);
    for (const h of ['Allegato 2 – Modulo', 'Premessa', 'Norme 2024']) {
      expect(hintOf(h), h).not.toMatch(DOCUMENT_HINT);
      expect(hintOf(h), h).toMatch(/nel testo di un regolamento le intestazioni sono "# Titolo – …", "## Capo – …" o "### Art. – …"/);
    }
  });

  it('a heading pasted with a leading no-break space gets the same hints', () => {
    expect(hintOf('\u00a01.- Premessa')).toMatch(DOCUMENT_HINT);
    expect(hintOf('\u00a0Atr. – Oggetto')).toMatch(/^intendevi «Art\.»\? /);
  });

  it('an appendix has headings of its own: they are not parts and not reported', () => {
    const s = analysed('## Modulo di domanda\n\n### Art. – Oggetto\n', false);
    expect(s.issues).toEqual([]);
    expect(s.parts.map((p) => p.label)).toEqual(['Art. 1']);
  });

  const rewritten = (md: string) => {
    const tree = parseMarkdown(md);
    applyStructure(analyseStructure(tree, { strict: false }));
    return tree.children as Heading[];
  };

  it('are rewritten as published: the bold that held only the number goes with it', () => {
    expect(rewritten('### **Art. 3**\n').map((h) => h.children)).toEqual([[{ type: 'text', value: 'Art. 3' }]]);
    expect(rewritten('### **Art. 3** – Dotazione\n').map(flat)).toEqual(['Art. 3 – Dotazione']);
  });

  it('parentheses around the whole rubrica stand for the separator; a rubrica ending in «)» keeps it', () => {
    expect(rewritten('### Art. 4 – (abrogato)\n### Art. – Oggetto (vecchio)\n### Art. (Oggetto)\n').map(flat)).toEqual([
      'Art. 4 – (abrogato)',
      'Art. 5 – Oggetto (vecchio)',
      'Art. 6 – Oggetto',
    ]);
    // In italics, with an id after them: the id goes, the parentheses go, the italics stay.
    const [h] = rewritten('### Art. 1 *(Oggetto)* {#oggetto}\n');
    expect(flat(h!)).toBe('Art. 1 – Oggetto');
    expect(h!.children.map((c) => c.type)).toEqual(['text', 'emphasis']);
    expect(h!.data).toEqual({ anchor: 'oggetto' });
  });

  it('inline code in a heading counts as its text: the number is cut from it, the rest stays code', () => {
    const shape = (md: string) => rewritten(md).map((h) => [flat(h), h.children.map((c) => c.type)]);
    expect(shape('### `Art. 5 – Rubrica`\n')).toEqual([['Art. 5 – Rubrica', ['text', 'inlineCode']]]);
    // it was «Art. 5 – `Art. 5`a»: the number in code was not cut, and the plain text lost its first characters
    expect(shape('### `Art. 5` – Rubrica\n')).toEqual([['Art. 5 – Rubrica', ['text', 'text']]]);
    expect(shape('### Art. 1 (`Oggetto)`\n')).toEqual([['Art. 1 – Oggetto', ['text', 'inlineCode']]]);
    expect(shape('### Art. 2 – Uso di `codice`\n')).toEqual([['Art. 2 – Uso di codice', ['text', 'text', 'inlineCode']]]);
  });
});

describe('cross-references written [](#id)', () => {
  it('only links to «#…» are references; their text is empty, «#», or wrong', () => {
    const refs = findReferences(parseMarkdown('[](#a) [#](#b) [art. 5](#c) [ ](#d) [ # ](#e) [sito](https://www.comune.it) [x](mailto:a@b.it)'));
    expect(refs.map((r) => [r.id, r.numberOnly, r.badText])).toEqual([
      ['a', false, false],
      ['b', true, false],
      ['c', false, true],
      ['d', false, false],
      ['e', true, false],
    ]);
  });

  it('become the target\'s name, or its number alone for [#]; other links stay; an unknown id is a program error', () => {
    const targets = new Map<string, Target>([
      ['dotazione', { reference: 'art.\u00a05', numberText: '5', id: 'dotazione' }],
      ['modulo', { reference: 'Allegato\u00a02', numberText: '2' }],
    ]);
    const tree = parseMarkdown('Vedi [](#dotazione), comma [ # ](#dotazione), e l\'[](#modulo) sul [sito](https://www.comune.it).');
    applyReferences(tree, targets);
    const p = tree.children[0]!;
    expect(flat(p)).toBe('Vedi [art.\u00a05], comma [5], e l\'Allegato\u00a02 sul sito.');
    expect((p as { children: Nodes[] }).children.filter((n) => n.type === 'link').map((n) => (n as { url: string }).url)).toEqual(['https://www.comune.it']);
    expect(() => applyReferences(parseMarkdown('Vedi [](#altro).'), targets)).toThrow('rimando a «altro» non risolto');
  });
});

describe('plain-text references in a tree', () => {
  it('are looked for in the text only: not in headings, code or links', () => {
    const tree = parseMarkdown("## Art. 1 – Rinvio all'art. 5\n\nVedi l'art. 2, `art. 3` e [art. 4](https://www.comune.it).\n");
    expect(findTextReferences(tree).map((f) => f.reference.articles.map((a) => a.key))).toEqual([['2']]);
  });

  it('are linked on both sides of a line break', () => {
    const tree = parseMarkdown("Vedi l'art. 1\\\ne l'art. 2.\n");
    linkTextReferences(tree, (key) => `art-${key}`);
    const links: string[] = [];
    const visit = (n: Nodes) => {
      if (n.type === 'crossRef') links.push(`${flat(n)}→${(n as CrossRef).anchor}`);
      if ('children' in n) (n.children as Nodes[]).forEach(visit);
    };
    visit(tree);
    expect(links).toEqual(['[art. 1]→art-1', '[art. 2]→art-2']);
    expect(flat(tree)).toBe("Vedi l'[art. 1]\ne l'[art. 2].");
  });

  it('a link at either end of a text leaves no empty text beside it (it would be an empty run in the PDF and DOCX)', () => {
    const tree = parseMarkdown('art. 1 e art. 2\n');
    linkTextReferences(tree, (key) => `art-${key}`);
    const p = tree.children[0] as { children: Nodes[] };
    expect(p.children.map((n) => (n.type === 'text' ? n.value : flat(n)))).toEqual(['[art. 1]', ' e ', '[art. 2]']);
  });
});
