import type { Heading, InlineCode, Link, Nodes, Parent, Root, RootContent, Text } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { didYouMean } from '../validate/zod-issues.js';

/** The parts a regulation is divided into, from the largest. */
export type PartKind = 'titolo' | 'capo' | 'articolo';

/** Latin ordinal suffixes of inserted articles (Art. 75 bis), in order. */
export const SUFFIXES = ['bis', 'ter', 'quater', 'quinquies', 'sexies', 'septies', 'octies', 'novies', 'decies'] as const;

/** Heading depth of each part in the rendered document (the regulation's title is level 1). */
export const PART_DEPTH: Record<PartKind, 2 | 3 | 4> = { titolo: 2, capo: 3, articolo: 4 };

const KEYWORD: Record<string, PartKind> = { titolo: 'titolo', capo: 'capo', 'art.': 'articolo', art: 'articolo', articolo: 'articolo' };

/**
 * The keyword, the number (with «°» and bis/ter…) and the separator before the rubrica, in the forms real
 * regulations use: «Art. 1 - Titolo», «Art. 1.- Titolo», «Art. 1 – Titolo», «Art. 1. Titolo», «Articolo 1:
 * Titolo», «ART 1° - Titolo», «Art. 1 bis – Titolo», «Art. 1 (Titolo)». The separator is a run of
 * punctuation («.-», «. –»), taken whole so that albo's own dash never follows a dash of the source.
 */
const HEADING = new RegExp(
  String.raw`^(titolo|capo|articolo|art\.|art(?=\s*\d))(?![\p{L}])\s*` +
    String.raw`(?:(\d+|[ivxlcdm]+)[°º]?(?![\p{L}\d])(?:[\s-]*(${SUFFIXES.join('|')})(?![\p{L}]))?)?` +
    String.raw`((?:\s*[–—:.-])*)\s*`,
  'iu',
);
export const ID_SUFFIX = /\s*\{#([a-z0-9]+(?:-[a-z0-9]+)*)\}\s*$/;

export interface ParsedHeading {
  kind: PartKind;
  /** The number as authored, when authored. */
  number?: number;
  suffix?: number;
  /** The heading's text after the number ("Oggetto del regolamento"). */
  rubrica: string;
  id?: string;
  /** Length of the keyword-and-number prefix in the heading's text. */
  prefixLength: number;
  /** The rubrica was written in parentheses with no separator («Art. 1 (Oggetto)»): its «)» is dropped too. */
  parenthesized?: boolean;
}

const ROMAN: Record<string, number> = { i: 1, v: 5, x: 10, l: 50, c: 100, d: 500, m: 1000 };

export function fromRoman(s: string): number | undefined {
  const digits = s.toLowerCase().split('').map((c) => ROMAN[c]!);
  let n = 0;
  digits.forEach((d, i) => (n += d < (digits[i + 1] ?? 0) ? -d : d));
  return toRoman(n).toLowerCase() === s.toLowerCase() ? n : undefined;
}

export function toRoman(n: number): string {
  const table: [number, string][] = [[1000, 'M'], [900, 'CM'], [500, 'D'], [400, 'CD'], [100, 'C'], [90, 'XC'], [50, 'L'], [40, 'XL'], [10, 'X'], [9, 'IX'], [5, 'V'], [4, 'IV'], [1, 'I']];
  let out = '';
  for (const [v, r] of table) while (n >= v) (out += r), (n -= v);
  return out;
}

/** "Art. 75 bis – Copertura … {#tempo-determinato}" -> its parts; undefined when it is not a part heading. */
export function parseHeading(text: string): ParsedHeading | { error: string } | undefined {
  const idMatch = ID_SUFFIX.exec(text);
  const body = idMatch ? text.slice(0, idMatch.index) : text;
  const m = HEADING.exec(body);
  if (!m) return undefined;
  const kind = KEYWORD[m[1]!.toLowerCase()]!;
  let number: number | undefined;
  if (m[2]) {
    // The number is either all digits or all Roman letters (the pattern's alternatives).
    if (/\d/.test(m[2])) number = Number(m[2]);
    else if (kind === 'articolo') return { error: `gli articoli si numerano in cifre arabe (Art. ${fromRoman(m[2]) ?? 1}), non «${m[2]}»` };
    else {
      number = fromRoman(m[2]);
      if (number === undefined) return { error: `«${m[2]}» non è un numero romano valido` };
    }
  }
  const suffix = m[3] ? SUFFIXES.indexOf(m[3].toLowerCase() as (typeof SUFFIXES)[number]) + 1 : undefined;
  if (suffix && kind !== 'articolo') return { error: `«${m[3]}» si usa solo per gli articoli inseriti (Art. 75 bis)` };
  const rest = body.slice(m[0].length).trim();
  // «Art. 1 (Oggetto)»: the parentheses stand for the separator; «Art. 40 – (abrogato)» keeps them.
  const paren = !m[4] ? /^\(([^()]*)\)$/.exec(rest) : null;
  if (paren) return { kind, number, suffix, rubrica: paren[1]!.trim(), id: idMatch?.[1], prefixLength: m[0].length + 1, parenthesized: true };
  return { kind, number, suffix, rubrica: rest, id: idMatch?.[1], prefixLength: m[0].length };
}

export interface Part {
  kind: PartKind;
  number: number;
  suffix?: number;
  id?: string;
  rubrica: string;
  /** "Art. 75 bis", "Titolo III", "Capo II". */
  label: string;
  /** How a cross-reference names it: "art. 15", "Titolo III". */
  reference: string;
  /** The number alone, for "artt. 15 e 16": "15", "III". */
  numberText: string;
  node: Heading;
}

export interface StructureIssue {
  node: Nodes;
  message: string;
  hint?: string;
}

export interface Structure {
  parts: Part[];
  ids: Map<string, Part>;
  issues: StructureIssue[];
}

const suffixText = (s?: number) => (s ? ` ${SUFFIXES[s - 1]}` : '');
const artName = (n: number, s?: number) => `Art. ${n}${suffixText(s)}`;

/**
 * Numbers the titles, chapters and articles of a regulation, in document order. Numbers are the tool's:
 * an article without a number gets the next one; an authored number must be the expected one (a
 * repeated or out-of-order number is reported, as the Maltignano text's two "ART.77"); bis/ter/… insert
 * after the article they follow. Titles and chapters are numbered in Roman numerals, chapters again from I
 * in each title.
 */
export function analyseStructure(tree: Root, options: { strict: boolean }): Structure {
  const parts: Part[] = [];
  const ids = new Map<string, Part>();
  const issues: StructureIssue[] = [];
  const last: Partial<Record<PartKind, { number: number; suffix: number; line?: number }>> = {};
  const visit = (node: Nodes) => {
    if (node.type === 'heading') {
      const parsed = parseHeading(toString(node));
      if (!parsed) {
        if (options.strict) {
          const first = toString(node).trim().split(/\s/)[0]!;
          const guess = didYouMean(first, ['Titolo', 'Capo', 'Art.', 'Articolo']);
          issues.push({
            node,
            message: `intestazione non riconosciuta «${toString(node)}»`,
            hint: /^\d+(\.\d+)*\s*[.)\-–]/.test(toString(node).trim())
              ? 'un testo diviso in paragrafi numerati («1.- Premessa», «2.1.- Criteri») è un «tipo: documento», che stampa i numeri come sono scritti; nel regolamento le intestazioni sono "### Art. – …"'
              : `${guess ? `intendevi «${guess}»? ` : ''}nel testo di un regolamento le intestazioni sono "# Titolo – …", "## Capo – …" o "### Art. – …" (il numero lo mette albo)`,
          });
        }
        return;
      }
      if ('error' in parsed) {
        issues.push({ node, message: parsed.error });
        return;
      }
      const prev = last[parsed.kind];
      const line = node.position?.start.line;
      let number: number;
      let suffix = 0;
      const name = (n: number, s?: number) => (parsed.kind === 'articolo' ? artName(n, s) : `${parsed.kind === 'titolo' ? 'Titolo' : 'Capo'} ${toRoman(n)}`);
      const where = prev?.line ? ` (riga ${prev.line})` : '';
      if (parsed.suffix) {
        number = parsed.number!;
        suffix = parsed.suffix;
        if (!prev || prev.number !== number || prev.suffix >= suffix) {
          issues.push({
            node,
            message: prev && prev.number === number ? `${name(number, suffix)} ripetuto o fuori ordine dopo ${name(prev.number, prev.suffix)}${where}` : `${name(number, suffix)} deve seguire l'${name(number)}${prev ? `, non l'${name(prev.number, prev.suffix)}${where}` : ''}`,
            hint: `ordine degli articoli inseriti: ${SUFFIXES.slice(0, 4).join(', ')}, …`,
          });
        }
      } else {
        const expected = (prev?.number ?? 0) + 1;
        number = parsed.number ?? expected;
        // The first authored number may start a partial text (an excerpt from Art. 83 on).
        if (parsed.number !== undefined && prev && parsed.number !== expected) {
          const repeated = number === prev.number;
          // Stryker disable next-line EqualityOperator: equivalent, a number equal to the expected one does not get here
          const backwards = number < expected;
          issues.push({
            node,
            message: repeated ? `numero ripetuto: ${name(number)} c'è già${where}` : backwards ? `numero fuori ordine: ${name(number)} dopo ${name(prev.number, prev.suffix)}${where}` : `numerazione interrotta: ${name(number)} dopo ${name(prev.number, prev.suffix)}${where}, manca ${name(expected)}`,
            hint: repeated ? `se è un articolo inserito scrivi "${name(number, 1)}"; altrimenti togli il numero e lo assegna albo` : 'togli il numero dall\'intestazione: albo numera gli articoli in ordine',
          });
        }
      }
      last[parsed.kind] = { number, suffix, line };
      if (parsed.kind === 'titolo') last.capo = undefined;
      const label = name(number, suffix || undefined);
      const part: Part = {
        kind: parsed.kind,
        number,
        suffix: suffix || undefined,
        id: parsed.id,
        rubrica: parsed.rubrica,
        label,
        // A no-break space keeps "art. 15" on one line, as legal texts print it.
        // Stryker disable next-line ConditionalExpression,Regex: equivalent, only an article's label starts with «Art.», once
        reference: (parsed.kind === 'articolo' ? label.replace(/^Art\./, 'art.') : label).replace(' ', '\u00a0'),
        numberText: parsed.kind === 'articolo' ? `${number}${suffixText(suffix)}` : toRoman(number),
        node,
      };
      if (parsed.id) {
        const other = ids.get(parsed.id);
        if (other) issues.push({ node, message: `id «${parsed.id}» già usato da ${other.label} (riga ${other.node.position?.start.line})`, hint: 'ogni id di un regolamento è unico' });
        else ids.set(parsed.id, part);
      }
      parts.push(part);
      return;
    }
    if ('children' in node) for (const child of node.children as RootContent[]) visit(child);
  };
  visit(tree);
  return { parts, ids, issues };
}

/**
 * The anchor of a part's heading, which links point to: its `{#id}`, or for an article without one
 * "art-45-bis", so that a plain-text «art. 45 bis» can link to it too.
 */
export const partAnchor = (part: Part): string | undefined => part.id ?? (part.kind === 'articolo' ? `art-${part.numberText.replace(' ', '-')}` : undefined);

/** Rewrites each part heading as it is published: "Art. 15 – Posizioni organizzative", at its level. */
export function applyStructure(structure: Structure): void {
  for (const part of structure.parts) {
    const node = part.node;
    const prefix = part.kind === 'articolo' ? part.label : part.label.toLocaleUpperCase('it-IT');
    const parsed = parseHeading(toString(node)) as ParsedHeading;
    stripId(node);
    if (!stripPrefix(node, parsed.prefixLength)) node.children = [{ type: 'text', value: parsed.rubrica }];
    else if (parsed.parenthesized) stripClosingParen(node);
    node.children.unshift({ type: 'text', value: part.rubrica ? `${prefix} – ` : prefix });
    node.depth = PART_DEPTH[part.kind];
    const anchor = partAnchor(part);
    if (anchor) node.data = { ...node.data, anchor };
  }
}

/** Removes `{#id}` from the end of a heading's last text. */
export function stripId(node: Heading): void {
  const lastText = [...textNodes(node)].pop();
  if (lastText) lastText.value = lastText.value.replace(ID_SUFFIX, '');
}

function stripClosingParen(node: Heading): void {
  const lastText = [...textNodes(node)].filter((t) => t.value.trim()).pop();
  if (lastText) lastText.value = lastText.value.replace(/\)\s*$/, '');
}

function stripPrefix(node: Heading, length: number): boolean {
  let left = length;
  for (const t of textNodes(node)) {
    if (t.value.length >= left) {
      t.value = t.value.slice(left).trimStart();
      dropEmptied(node);
      return true;
    }
    left -= t.value.length;
    t.value = '';
  }
  return left === 0;
}

/** «**Art. 3** – Dotazione»: the bold that held only the number goes with it (no empty element in the output). */
function dropEmptied(parent: Parent): void {
  parent.children = (parent.children as Nodes[]).filter((c) => {
    if (c.type === 'text' || c.type === 'inlineCode') return c.value !== '';
    if (!('children' in c)) return true;
    dropEmptied(c as Parent);
    return (c as Parent).children.length > 0;
  }) as Parent['children'];
}

/** The heading's characters as the checks read them (toString): texts and inline code alike. */
function* textNodes(node: Nodes): Generator<Text | InlineCode> {
  if (node.type === 'text' || node.type === 'inlineCode') yield node;
  if ('children' in node) for (const c of node.children as Nodes[]) yield* textNodes(c);
}

/** A cross-reference written `[](#id)` (full: "art. 15") or `[#](#id)` (number only: "15"). */
export interface Reference {
  node: Link;
  id: string;
  numberOnly: boolean;
  /** The link text is neither empty nor "#". */
  badText: boolean;
}

export function findReferences(tree: Root): Reference[] {
  const out: Reference[] = [];
  const visit = (node: Nodes) => {
    if (node.type === 'link' && node.url.startsWith('#')) {
      const text = toString(node).trim();
      out.push({ node, id: node.url.slice(1), numberOnly: text === '#', badText: text !== '' && text !== '#' });
    }
    if ('children' in node) for (const c of node.children as Nodes[]) visit(c);
  };
  visit(tree);
  return out;
}

/** What a reference target is called: "art. 15" / "15", "Allegato 3" / "3". */
export interface Target {
  reference: string;
  numberText: string;
  /** The heading's id, when the target is a heading of the regulation (links to it). */
  id?: string;
}

/** Replaces each cross-reference with its target's name (targets were checked when the sources were). */
export function applyReferences(tree: Root, targets: Map<string, Target>): void {
  const visit = (node: Nodes) => {
    if (!('children' in node)) return;
    const kids = node.children as RootContent[];
    kids.forEach((kid, i) => {
      if (kid.type === 'link' && kid.url.startsWith('#')) {
        const id = kid.url.slice(1);
        const target = targets.get(id);
        if (!target) throw new Error(`rimando a «${id}» non risolto`);
        const text: Text = { type: 'text', value: toString(kid).trim() === '#' ? target.numberText : target.reference, position: kid.position };
        kids[i] = target.id ? { type: 'crossRef', anchor: target.id, children: [text], position: kid.position } : text;
      } else visit(kid);
    });
  };
  visit(tree);
}
