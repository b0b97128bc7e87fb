import { beforeEach, describe, expect, it } from 'vitest';
import type { RenderedDocument } from '../src/render/document.js';
import { CSP, renderHtml } from '../src/render/html/index.js';
import { parseMarkdown } from '../src/render/markdown.js';

// The HTML writer on its own, string in, string out: every text and attribute it emits is escaped, checked on
// the page's markup (which tags, which attributes, which text), not on what a browser shows. The same page in
// Chromium is hostile-html.test.ts (e2e).

/** What an office may type, with every character HTML gives a meaning to. */
const BAD = `<script>alert(1)</script> & "doppie" e 'singole'`;
const URL = `https://example.org/?a=1&b="2"&c='3'`;

const SOURCE = `::indice[Indice ${BAD}]

## Titolo ${BAD}

Testo ${BAD} e [collegamento ${BAD}](<${URL}> "titolo ${BAD.replace(/"/g, '\\"')}") fine.

| Intestazione ${BAD} | Due |
| --- | --- |
| cella ${BAD} | \`codice ${BAD}\` |
`;

const meta: RenderedDocument['meta'] = { titolo: `Titolo ${BAD}`, oggetto: `Oggetto ${BAD}`, autore: `Autore ${BAD}`, intestazione: `Comune ${BAD}`, piede: 'piede', data: '2024-01-15', lingua: 'it-IT' };

const ENTITIES: Record<string, string> = { '&amp;': '&', '&lt;': '<', '&gt;': '>', '&quot;': '"', '&#39;': "'" };
const decode = (s: string) => s.replace(/&(amp|lt|gt|quot|#39);/g, (e) => ENTITIES[e]!);

interface Tag {
  close: boolean;
  name: string;
  attrs: [string, string][];
}
/** The page as tags and the text between them; the page's own stylesheet is left out (it is no input). */
function tokens(html: string): (Tag | string)[] {
  const body = html.replace(/<style>[^<]*<\/style>/, '<style></style>');
  const out: (Tag | string)[] = [];
  const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-zA-Z-]+(?:="[^"]*")?)*)\s*>|<!DOCTYPE html>/g;
  let at = 0;
  for (const m of body.matchAll(TAG)) {
    if (m.index > at) out.push(body.slice(at, m.index));
    at = m.index + m[0].length;
    if (!m[2]) continue;
    const attrs = [...m[3]!.matchAll(/\s+([a-zA-Z-]+)(?:="([^"]*)")?/g)].map((a) => [a[1]!, a[2] ?? ''] as [string, string]);
    out.push({ close: m[1] === '/', name: m[2].toLowerCase(), attrs });
  }
  if (at < body.length) out.push(body.slice(at));
  return out;
}
// Rendered again before each test, not once while the file is collected: StrykerJS attributes a mutant to
// the tests that run it, and counts code run outside a test as static (then every test runs for each mutant).
let page: string;
let toks: (Tag | string)[];
let tags: Tag[];
beforeEach(() => {
  page = new TextDecoder().decode(renderHtml({ tree: parseMarkdown(SOURCE), markdown: SOURCE, meta }));
  toks = tokens(page);
  tags = toks.filter((t): t is Tag => typeof t !== 'string');
});
/** The decoded text inside the first element `name` (tags inside it dropped). */
function textOf(name: string, nth = 0): string {
  let depth = 0;
  let seen = -1;
  let text = '';
  for (const t of toks) {
    if (typeof t === 'string') {
      if (depth > 0) text += t;
    } else if (t.name === name) {
      if (!t.close && depth === 0 && ++seen === nth) depth = 1;
      else if (t.close && depth === 1) return decode(text);
    }
  }
  throw new Error(`<${name}> n. ${nth} not found`);
}
const attr = (name: string, key: string) => tags.find((t) => t.name === name && !t.close && t.attrs.some(([k]) => k === key))!.attrs.find(([k]) => k === key)![1];

/** Escaped as the writer escapes: no character with a meaning in HTML, «&» only opening one of its entities. */
const SAFE = /^(?:[^<>"'&]|&(?:amp|lt|gt|quot|#39);)*$/;

describe('the HTML writer escapes every text and attribute it emits', () => {
  it('the page is exactly the markup the writer means: no tag and no attribute comes from the text', () => {
    expect(tags.filter((t) => ['script', 'b', 'img'].includes(t.name))).toEqual([]);
    const main = page.slice(page.indexOf('<main>'), page.indexOf('</main>') + 7);
    const shape = tokens(main)
      .filter((t): t is Tag => typeof t !== 'string')
      .map((t) => `${t.close ? '/' : ''}${t.name}${t.attrs.map(([k]) => ` ${k}`).join('')}`);
    expect(shape).toEqual([
      'main',
      'nav aria-label', 'h2', '/h2', 'ul class', 'li class', 'a href', '/a', '/li', '/ul', '/nav',
      'h2 id', '/h2',
      'p', 'a href', '/a', '/p',
      'table', 'thead', 'tr', 'th scope', '/th', 'th scope', '/th', '/tr', '/thead',
      'tbody', 'tr', 'td', '/td', 'td', 'code', '/code', '/td', '/tr', '/tbody', '/table',
      '/main',
    ]);
    // Whatever the source: the head's elements are the writer's own (one title, four metas).
    expect(tags.filter((t) => t.name === 'meta').map((t) => t.attrs[0]![1])).toEqual(['utf-8', 'Content-Security-Policy', 'viewport', 'robots', 'author', 'description']);
    expect(tags.filter((t) => t.name === 'title')).toHaveLength(2);
  });

  it('every piece of text between tags and every attribute value is escaped', () => {
    const texts = toks.filter((t): t is string => typeof t === 'string');
    for (const t of texts) expect(t, t).toMatch(SAFE);
    // The one attribute written raw is the writer's own constant, the security policy (its quotes are CSP syntax).
    const isCsp = (t: Tag) => t.name === 'meta' && t.attrs[0]![1] === 'Content-Security-Policy';
    expect(tags.filter(isCsp).map((t) => t.attrs[1])).toEqual([['content', CSP]]);
    for (const t of tags.filter((t) => !isCsp(t))) for (const [k, v] of t.attrs) expect(v, `${t.name} ${k}`).toMatch(SAFE);
    // The hostile characters did reach the page, escaped (the test is not passing on an empty page).
    expect(page.match(/&lt;script&gt;alert\(1\)&lt;\/script&gt; &amp; &quot;doppie&quot; e &#39;singole&#39;/g)!.length).toBeGreaterThanOrEqual(12);
  });

  it('text reads back as written: title, header, index, heading, paragraph, link text, table header and cell, code', () => {
    expect(textOf('title')).toBe(`Titolo ${BAD}`);
    expect(textOf('header')).toBe(`Comune ${BAD}`);
    expect(textOf('h2', 0)).toBe(`Indice ${BAD}`);
    expect(textOf('li')).toBe(`Titolo ${BAD}`);
    expect(textOf('h2', 1)).toBe(`Titolo ${BAD}`);
    expect(textOf('p', 1)).toBe(`Testo ${BAD} e collegamento ${BAD} fine.`);
    expect(textOf('a', 1)).toBe(`collegamento ${BAD}`);
    expect(textOf('th')).toBe(`Intestazione ${BAD}`);
    expect(textOf('td')).toBe(`cella ${BAD}`);
    expect(textOf('code')).toBe(`codice ${BAD}`);
  });

  it('attributes read back as written: the link\'s href, the index\'s label, author and description', () => {
    expect(decode(tags.filter((t) => t.name === 'a' && !t.close)[1]!.attrs[0]![1])).toBe(URL);
    expect(decode(attr('nav', 'aria-label'))).toBe(`Indice ${BAD}`);
    const metas = new Map(tags.filter((t) => t.name === 'meta').map((t) => [t.attrs[0]![1], t.attrs[1]?.[1] ?? '']));
    expect(decode(metas.get('author')!)).toBe(`Autore ${BAD}`);
    expect(decode(metas.get('description')!)).toBe(`Oggetto ${BAD}`);
    // A link's title is not written at all (no attribute carries it); its text is nowhere in the page.
    expect(tags.some((t) => t.attrs.some(([k]) => k === 'title'))).toBe(false);
    expect(page).not.toContain('titolo');
  });
});
