import type { Nodes, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import { isMap, isPair, isScalar, isSeq, type Node } from 'yaml';
import type { Config } from '../config.js';
import { formatInteger } from '../format/italian.js';
import type { Diagnostic } from '../diagnostics.js';
import type { SectionSpec } from '../validate/sections.js';
import type { Source } from '../load/source.js';
import { parseMarkdown } from '../render/markdown.js';
import { didYouMean } from '../validate/zod-issues.js';

/** What a diagnostic concerns in the source: a frontmatter field, or a piece of the body. */
export type SourceAnchor = { field: (string | number)[] } | { text: string; heading: boolean };

/** Node types the HTML writer marks (blocks, list items, table rows), in the order they are preferred. */
const MARKABLE = new Set(['tableRow', 'listItem', 'heading', 'paragraph', 'blockquote', 'code', 'table']);

const norm = (s: string) => s.toLowerCase().replace(/[“”"«»'’*_]/g, '').replace(/\s+/g, ' ').trim();

/** The frontmatter path at a line and column: the deepest key whose entry covers that place. */
export function fieldAt(source: Pick<Source, 'yaml' | 'lines'>, line: number, column: number): (string | number)[] {
  const starts = source.lines.lineStarts;
  const offset = (starts[line - 1] ?? 0) + column - 1;
  const out: (string | number)[] = [];
  let node = source.yaml.contents as Node | null;
  const covers = (start: number | undefined, end: number | undefined) => start !== undefined && end !== undefined && offset >= start && offset <= end;
  for (;;) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && covers(p.key.range?.[0], (p.value as Node | null)?.range?.[1] ?? p.key.range?.[1]));
      if (!pair) break;
      out.push(String((pair.key as { value: unknown }).value));
      node = pair.value as Node | null;
    } else if (isSeq(node)) {
      const i = node.items.findIndex((item) => covers((item as Node).range?.[0], (item as Node).range?.[1]));
      if (i < 0) break;
      out.push(i);
      node = node.items[i] as Node;
    } else break;
  }
  return out;
}

const bodyTrees = new WeakMap<Source, Root>();

/** The deepest markable block of the source's body at a line. */
function bodyNodeAt(source: Source, line: number): Nodes | undefined {
  let tree = bodyTrees.get(source);
  if (!tree) bodyTrees.set(source, (tree = parseMarkdown(source.body)));
  let found: Nodes | undefined;
  const visit = (node: Nodes) => {
    const p = node.position;
    if (p && (p.start.line > line || p.end.line < line)) return;
    if (MARKABLE.has(node.type) && node.type !== 'table') found = node;
    if ('children' in node) for (const c of node.children as Nodes[]) visit(c);
  };
  visit(tree);
  return found;
}

/** What a diagnostic concerns in its source, when its position says so. */
export function anchorOf(d: Diagnostic, source: Source | undefined): SourceAnchor | undefined {
  if (!source || d.line === undefined) return undefined;
  if (d.line < source.bodyLine) {
    const field = fieldAt(source, d.line, d.column ?? 1);
    return field.length ? { field } : undefined;
  }
  const node = bodyNodeAt(source, d.line);
  if (!node) return undefined;
  return { text: toString(node), heading: node.type === 'heading' };
}

/** Words that name a frontmatter field in the document: the ente's labels for its ids, then the value. */
function fieldLabels(field: (string | number)[], config: Config | undefined, values: unknown[]): string[] {
  const labels: string[] = [];
  const names = new Map<string, string>();
  for (const c of config?.criteri ?? []) names.set(c.id, c.nome);
  if (config?.maggiorazione) names.set(config.maggiorazione.id, config.maggiorazione.nome);
  for (const k of config?.conoscenze ?? []) names.set(k.id, k.etichetta);
  for (const seg of [...field].reverse()) {
    const name = typeof seg === 'string' ? names.get(seg) : undefined;
    if (name) labels.push(name);
  }
  for (const v of values) {
    if (typeof v === 'string' && v.trim().length >= 3) labels.push(v);
    // A number is found as the document prints it (4.500) when it is long enough not to be anywhere.
    if (typeof v === 'number' && Number.isInteger(v) && Math.abs(v) >= 100) labels.push(formatInteger(v), String(v));
  }
  const key = [...field].reverse().find((s): s is string => typeof s === 'string');
  if (key && key.length >= 4) labels.push(key.replace(/_/g, ' '));
  return labels;
}

const valueAt = (data: unknown, field: (string | number)[]): unknown =>
  field.reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string | number, unknown>)[k] : undefined), data);

/** The first markable node, in document order, whose text satisfies `test` (the outermost one). */
function findNode(tree: Root, test: (text: string, node: Nodes) => boolean): Nodes | undefined {
  let found: Nodes | undefined;
  const visit = (node: Nodes) => {
    if (found) return;
    if (MARKABLE.has(node.type) && node.type !== 'table' && test(norm(toString(node)), node)) {
      found = node;
      return;
    }
    if ('children' in node) for (const c of node.children as Nodes[]) visit(c);
  };
  visit(tree);
  return found;
}

const containsWord = (text: string, word: string) => new RegExp(`(^|[^\\p{L}\\p{N}])${word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}($|[^\\p{L}\\p{N}])`, 'u').test(text);

export interface LocateContext {
  /** The source as it is now (the diagnostic's lines are its lines). */
  source?: Source;
  config?: Config;
  /** The kind's fixed sections, to recognise a mistyped section title. */
  sections?: readonly SectionSpec[];
  /** The data of the document that `tree` was rendered from (the last valid one, when the source is broken). */
  renderedData?: unknown;
}

/**
 * The element of the rendered document a diagnostic concerns, or undefined when it concerns none in
 * particular (then it shows only at the top). The rendered tree comes from the template, so the source's
 * positions are matched by meaning: a frontmatter field by the ente's label for it (a criterion's name)
 * or its value; body text by its text; a mistyped section title by the section it was meant to be.
 */
export function locateInRender(d: Diagnostic, tree: Root, ctx: LocateContext): Nodes | undefined {
  const anchor = anchorOf(d, ctx.source);
  if (!anchor) return undefined;
  if ('field' in anchor) {
    const values = [valueAt(ctx.source?.data, anchor.field), valueAt(ctx.renderedData, anchor.field)];
    const labels = fieldLabels(anchor.field, ctx.config, values).map(norm);
    // A row or item that starts with the label (a criterion's row) before any text that mentions it.
    for (const l of labels) {
      const node = findNode(tree, (text) => text.startsWith(l) && containsWord(text, l));
      if (node) return node;
    }
    for (const l of labels) {
      const node = findNode(tree, (text) => containsWord(text, l));
      if (node) return node;
    }
    return undefined;
  }
  const text = norm(anchor.text);
  if (!text) return undefined;
  const exact = findNode(tree, (t) => t === text) ?? (text.length >= 20 ? findNode(tree, (t) => t.includes(text.slice(0, 80))) : undefined);
  if (exact) return exact;
  if (anchor.heading && ctx.sections?.length) {
    const meant = didYouMean(anchor.text, ctx.sections.map((s) => s.heading));
    if (meant) return findNode(tree, (t, node) => node.type === 'heading' && t === norm(meant));
  }
  return undefined;
}
