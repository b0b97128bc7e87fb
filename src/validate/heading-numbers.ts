import type { Heading, Nodes, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { parseHeading, SUFFIXES } from '../regulation/structure.js';

/**
 * The number a free-form act writes in a heading, as written: «1.- PREMESSA» and «2.1.- Criteri» (sections),
 * «Art. 3 - Titolo» (articles). A year («2024 – Obiettivi») or a heading without a leading number is not
 * numbered. Letters and Roman numerals are printed as written but not checked.
 */
export interface HeadingNumber {
  scheme: 'paragrafo' | 'articolo';
  /** For ordering: [2, 1] for «2.1», [3, 1] for «Art. 3 bis». */
  parts: number[];
  /** How a message names it: «2.1», «Art. 3 bis». */
  label: string;
}

/** A section number (at most three digits a level) followed by a separator or a space. */
const SECTION = /^(\d{1,3}(?:\.\d{1,3})*)(?=\.?\s*[-–—)]|\.(?:\s|$)|\s|$)/;

export function headingNumber(text: string): HeadingNumber | undefined {
  const t = text.trim();
  const section = SECTION.exec(t);
  if (section) {
    const parts = section[1]!.split('.').map(Number);
    return { scheme: 'paragrafo', parts, label: section[1]! };
  }
  const art = parseHeading(t);
  if (art && !('error' in art) && art.kind === 'articolo' && art.number !== undefined) {
    const suffix = art.suffix ? ` ${SUFFIXES[art.suffix - 1]}` : '';
    return { scheme: 'articolo', parts: [art.number, art.suffix ?? 0], label: `Art. ${art.number}${suffix}` };
  }
  return undefined;
}

export interface NumberingIssue {
  node: Heading;
  severity: 'errore' | 'avviso';
  message: string;
  hint: string;
}

const compare = (a: number[], b: number[]) => {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? -1) - (b[i] ?? -1);
    if (d) return d;
  }
  return 0;
};

export function headingsOf(tree: Root): Heading[] {
  const out: Heading[] = [];
  const visit = (node: Nodes) => {
    if (node.type === 'heading') out.push(node);
    else if ('children' in node) for (const c of node.children as Nodes[]) visit(c);
  };
  visit(tree);
  return out;
}

/**
 * Checks the numbers the source writes, which albo prints as they are: a number used twice is an error
 * (a reference to it would be ambiguous); a number lower than the one before it («2.1» after «2.3») is a
 * warning, since an approved text is published as approved and may have been numbered so.
 */
export function checkNumbering(headings: readonly Heading[]): NumberingIssue[] {
  const issues: NumberingIssue[] = [];
  const seen = new Map<string, Heading>();
  const last: Partial<Record<HeadingNumber['scheme'], { n: HeadingNumber; node: Heading }>> = {};
  const line = (node: Heading) => node.position?.start.line;
  for (const node of headings) {
    const n = headingNumber(toString(node));
    if (!n) continue;
    const key = `${n.scheme}:${n.parts.join('.')}`;
    const what = n.scheme === 'articolo' ? n.label : `il paragrafo ${n.label}`;
    const twin = seen.get(key);
    const prev = last[n.scheme];
    if (twin) {
      issues.push({
        node,
        severity: 'errore',
        message: `numero ripetuto: ${what} c'è già (riga ${line(twin)})`,
        hint: 'albo stampa i numeri come sono scritti e non li rinumera: correggi uno dei due numeri',
      });
    } else if (prev && compare(n.parts, prev.n.parts) < 0) {
      issues.push({
        node,
        severity: 'avviso',
        message: `numerazione fuori ordine: ${n.label} dopo ${prev.n.label} (riga ${line(prev.node)})`,
        hint: 'albo stampa i numeri come sono scritti: se il testo approvato è così, lascialo; altrimenti correggi la numerazione',
      });
    }
    if (!twin) seen.set(key, node);
    last[n.scheme] = { n, node };
  }
  return issues;
}
