import type { Nodes, Parent, PhrasingContent, Root, RootContent, Text } from 'mdast';
import { SUFFIXES } from './structure.js';

/**
 * References written as plain text, «art. 27», «articolo 45 bis», «artt. 15 e 16», «art. 27, comma 2»: the
 * texts of regulations cite their own articles this way. A reference followed (or, in «D.P.R. 487/1994,
 * artt. 11, 13 e 14», preceded) by the name of another act is to that act, not to this regulation.
 */

/** One article number in a reference: «15» in «artt. 15 e 16», with its place in the text. */
export interface ArticleMention {
  /** "27", "45 bis": the key of the article in the regulation's numbering. */
  key: string;
  /** Offsets in the scanned text of what becomes the link: «art. 27» for the first number, «16» after. */
  start: number;
  end: number;
}

export interface TextReference {
  start: number;
  end: number;
  /** Cites another act (D.Lgs., D.P.R., legge, CCNL, TUEL, codice civile…): not checked, not linked. */
  external: boolean;
  articles: ArticleMention[];
}

const SUFFIX = String.raw`(?:\s*-?\s*(?:${SUFFIXES.join('|')})(?![\p{L}]))?`;
/** A number that is not part of a date or of «487/94»: «15», «45 bis». */
const NUMBER = String.raw`\d{1,4}(?![\d/])${SUFFIX}`;
/** «art.», «artt.», «articolo», «articoli», then one number or (plural) a list «11, 13 e 14». */
const REFERENCE = new RegExp(
  String.raw`(?<![\p{L}\d])(?<keyword>artt?\.|articol[oi])\s*(?<first>${NUMBER})` + String.raw`(?<list>(?:\s*(?:,|\be\b|\bed\b)\s*${NUMBER})*)`,
  'giud',
);
const LIST_ITEM = new RegExp(NUMBER, 'giu');
/** What may stand between the number and the act it belongs to: «, comma 2,», «2 comma», «lett. b)». */
const QUALIFIERS = new RegExp(
  String.raw`^(?:\s*,?\s*(?:(?:(?:e|ed)\s+)?(?:commi|comma|co\.|c\.)\s*\d+(?:\s*(?:bis|ter|quater))?` +
    String.raw`|\d+\s*°?\s*comma|(?:lett(?:era|\.)|punto|n\.)\s*[a-z0-9]+\)?|(?:e|ed)\s+\d{1,3}(?:\s*(?:bis|ter|quater))?(?![\d/])))*\s*,?\s*`,
  'iu',
);
/** The name of another act right after the reference. */
const OTHER_ACT_AFTER = new RegExp(
  '^(?:(?:del|della|dello|delle|degli|dei|dal|dalla|dallo|legge|leggi|decreto|tuel|ccnl|contratto|statuto|regio|codice|costituzione|testo unico)(?![\\p{L}])' +
    "|dell['’]|dall['’]|dpr|d\\.\\s*p\\.\\s*r|d\\.\\s*p\\.\\s*c\\.\\s*m|d\\.\\s*lgs|d\\.\\s*l\\.|dlgs|l\\.\\s*(?:r\\.\\s*)?(?:n\\.\\s*)?\\d|t\\.\\s*u\\.|c\\.\\s*c\\.|c\\.\\s*p\\.|cod\\.|cost\\.|r\\.\\s*d\\.)",
  'iu',
);
/** Except «del presente regolamento»: the regulation naming itself. */
const THIS_ACT = /^del(?:lo)?\s+presente\s+regolamento\b/iu;
/** An act cited by name and number: «D.P.R. 9/5/1994, n. 487», «L.12/03/1999 n.68», «D.Lgs.215/2001». */
const ACT_CITED =
  /(?:d\.?\s*p\.?\s*r\.?|d\.\s*lgs\.?|dlgs|d\.\s*l\.|decreto(?:\s+\p{L}+){0,2}|legge|\bl\.|tuel|ccnl|c\.\s*c\.\s*n\.\s*l\.?)\s*(?:n\.?\s*)?\d/iu;
/**
 * «dalla L.12/03/1999 n.68 … dettate dall'art. 3», «D.P.R. 9/5/1994, n. 487, artt. 11, 13 e 14»: another act
 * cited earlier in the same clause (since the last «;», «:» or full stop) is what the reference is to.
 */
function citesActBefore(text: string, start: number): boolean {
  const window = text.slice(Math.max(0, start - 160), start);
  const clause = window.split(/[;:]|\.\s+(?=\p{Lu}\p{Ll})/u).pop() ?? '';
  return ACT_CITED.test(clause);
}

/** "45 bis" from «45-bis», «45 Bis», «45bis». */
const keyOf = (number: string) => {
  const m = /^(\d+)\s*-?\s*(\p{L}*)$/u.exec(number.trim())!;
  return m[2] ? `${Number(m[1])} ${m[2].toLowerCase()}` : String(Number(m[1]));
};

/** The references to articles in a text, in order; external ones are marked, not dropped. */
export function scanReferences(text: string): TextReference[] {
  const out: TextReference[] = [];
  for (const m of text.matchAll(REFERENCE)) {
    const groups = m.indices!.groups!;
    const start = m.index;
    const plural = /^(artt\.|articoli)$/i.test(m.groups!.keyword!);
    const [, firstEnd] = groups.first!;
    const articles: ArticleMention[] = [{ key: keyOf(m.groups!.first!), start, end: firstEnd }];
    // «art. 27, 2 comma»: after a singular keyword what follows a comma is not another article.
    const end = plural ? groups.list![1] : firstEnd;
    if (plural) {
      const listStart = groups.list![0];
      for (const item of m.groups!.list!.matchAll(LIST_ITEM)) {
        articles.push({ key: keyOf(item[0]), start: listStart + item.index, end: listStart + item.index + item[0].length });
      }
    }
    const after = text.slice(end).replace(QUALIFIERS, '');
    const external = THIS_ACT.test(after) ? false : OTHER_ACT_AFTER.test(after) || citesActBefore(text, start);
    out.push({ start, end, external, articles });
  }
  return out;
}

/** A plain-text reference in a tree, found where it can be linked (not in headings, links or code). */
export interface FoundReference {
  node: Text;
  reference: TextReference;
}

const SKIP = new Set(['heading', 'link', 'linkReference', 'crossRef', 'inlineCode', 'code', 'html', 'definition']);

export function findTextReferences(tree: Nodes): FoundReference[] {
  const out: FoundReference[] = [];
  const visit = (node: Nodes) => {
    if (SKIP.has(node.type)) return;
    if (node.type === 'text') for (const reference of scanReferences(node.value)) out.push({ node, reference });
    if ('children' in node) for (const c of node.children as Nodes[]) visit(c);
  };
  visit(tree);
  return out;
}

/**
 * Turns each internal reference to an article that exists into a link to its heading (`crossRef`, the node
 * the writers already link for `[](#id)`): «art. 27» whole, and in «artt. 15 e 16» each number. References
 * to other acts and to numbers the regulation does not have stay text (the latter are reported by the rules).
 */
export function linkTextReferences(tree: Root, anchorOf: (key: string) => string | undefined): void {
  const visit = (parent: Parent) => {
    const kids = parent.children as RootContent[];
    for (let i = 0; i < kids.length; i++) {
      const kid = kids[i]!;
      if (SKIP.has(kid.type)) continue;
      if (kid.type !== 'text') {
        if ('children' in kid) visit(kid as Parent);
        continue;
      }
      const pieces: PhrasingContent[] = [];
      let at = 0;
      for (const ref of scanReferences(kid.value)) {
        if (ref.external) continue;
        for (const a of ref.articles) {
          const anchor = anchorOf(a.key);
          if (!anchor) continue;
          if (a.start > at) pieces.push({ type: 'text', value: kid.value.slice(at, a.start) });
          pieces.push({ type: 'crossRef', anchor, children: [{ type: 'text', value: kid.value.slice(a.start, a.end) }] });
          at = a.end;
        }
      }
      if (!pieces.length) continue;
      if (at < kid.value.length) pieces.push({ type: 'text', value: kid.value.slice(at) });
      kids.splice(i, 1, ...(pieces as RootContent[]));
      i += pieces.length - 1;
    }
  };
  visit(tree);
}
