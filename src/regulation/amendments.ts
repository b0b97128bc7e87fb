import type { Heading, List, Nodes, Parent, PhrasingContent, Root, RootContent, Text } from 'mdast';
import type { ContainerDirective } from 'mdast-util-directive';
import { toString } from 'mdast-util-to-string';

/** The two texts of one amended source. */
export type Variant = 'vigente' | 'evidenziato';

export const VARIANT_NAMES: Record<Variant, string> = { vigente: 'testo vigente', evidenziato: 'testo con modifiche evidenziate' };

/** Block markers: `:::inserito{delibera=…}` and `:::soppresso{delibera=…}` around whole paragraphs or articles. */
export const BLOCK_MARKERS = { inserito: 'ins', soppresso: 'del' } as const;

/** One amendment in a source: inline (`<ins>`/`<del>`) or around blocks (`:::inserito`/`:::soppresso`). */
export interface Mark {
  action: 'ins' | 'del';
  /** The deliberation's id; '' when a block marker lacks it (reported by checkConstructs). */
  delibera: string;
  node: Nodes;
  block: boolean;
}

const isBlockMarker = (node: Nodes): node is ContainerDirective => node.type === 'containerDirective' && node.name in BLOCK_MARKERS;

function markOf(node: Nodes): Mark | undefined {
  if (node.type === 'amendment') return { action: node.action, delibera: node.delibera, node, block: false };
  if (isBlockMarker(node)) return { action: BLOCK_MARKERS[node.name as keyof typeof BLOCK_MARKERS], delibera: node.attributes?.delibera ?? '', node, block: true };
  return undefined;
}

/** Every amendment marker in a tree, in document order (outer before inner). */
export function findAmendments(tree: Nodes): Mark[] {
  const out: Mark[] = [];
  const visit = (node: Nodes) => {
    const mark = markOf(node);
    if (mark) out.push(mark);
    if ('children' in node) for (const c of node.children as Nodes[]) visit(c);
  };
  visit(tree);
  return out;
}

/** An article heading as rewritten by applyStructure, "Art. 12 – Rubrica" -> "Art. 12". */
const articleLabel = (h: Heading) => /^Art\.\s\d+(?:\s\w+)?/.exec(toString(h))?.[0];

/**
 * Turns the amendment markers into one of the two texts. The text in force applies them: deletions go
 * (an abrogated article keeps its number: "Art. 12 – (abrogato)"), insertions stay as plain text, and a
 * paragraph or list item left empty goes too (a numbered list keeps its numbers). The highlighted text strikes deletions through, highlights
 * insertions, and follows each with the note number of its deliberation, "(1)".
 */
export function applyVariant(tree: Root, variant: Variant, noteOf: (delibera: string) => number): void {
  const visit = (parent: Parent) => {
    const kids = parent.children as RootContent[];
    for (let i = 0; i < kids.length; i++) {
      const kid = kids[i]!;
      if ('children' in kid) visit(kid as Parent);
      const mark = markOf(kid);
      if (!mark) continue;
      const note: RootContent = { type: 'noteRef', value: `(${noteOf(mark.delibera)})` };
      const inner = (kid as Parent).children as RootContent[];
      let replacement: RootContent[];
      if (variant === 'evidenziato') {
        replacement = mark.block ? markBlocks(inner, mark.action, note) : [{ type: mark.action === 'del' ? 'delete' : 'insertion', children: inner as PhrasingContent[] }, note];
      } else if (mark.action === 'ins') {
        replacement = inner;
      } else {
        replacement = mark.block ? abrogated(inner) : [];
        if (!mark.block) joinSpaces(kids, i, i + 1);
      }
      kids.splice(i, 1, ...replacement);
      i += replacement.length - 1;
    }
    if (variant === 'vigente') prune(parent);
  };
  visit(tree);
}

/** What stays of deleted blocks in the text in force: the headings of abrogated articles. */
function abrogated(blocks: RootContent[]): RootContent[] {
  const out: RootContent[] = [];
  const visit = (n: RootContent) => {
    if (n.type === 'heading') {
      const label = articleLabel(n);
      if (label) out.push({ ...n, children: [{ type: 'text', value: `${label} – (abrogato)` }] });
    } else if ('children' in n) (n.children as RootContent[]).forEach(visit);
  };
  blocks.forEach(visit);
  return out;
}

/** Highlights every text in deleted or inserted blocks; the note follows the first one. */
function markBlocks(blocks: RootContent[], action: 'ins' | 'del', note: RootContent): RootContent[] {
  let noted = false;
  const visit = (n: RootContent): RootContent => {
    if (n.type === 'paragraph' || n.type === 'heading' || n.type === 'tableCell') {
      const children: PhrasingContent[] = [{ type: action === 'del' ? 'delete' : 'insertion', children: n.children }];
      if (!noted) children.push(note as PhrasingContent);
      noted = true;
      return { ...n, children } as RootContent;
    }
    return 'children' in n ? ({ ...n, children: (n.children as RootContent[]).map(visit) } as RootContent) : n;
  };
  return blocks.map(visit);
}

/**
 * After a deletion, "secondo  l'organigramma" keeps one space, a paragraph does not start with one, and
 * "il personale <del>e i dirigenti</del>." leaves no space before the full stop; so do two deletions in a row.
 */
function joinSpaces(kids: RootContent[], i: number, next: number): void {
  // Right after another deletion the text between the two was emptied: the one before it counts.
  let b = i - 1;
  while ((kids[b] as Text | undefined)?.value === '') b--;
  const before = kids[b];
  const after = kids[next];
  if (after?.type !== 'text') return;
  if (!before || (before.type === 'text' && /\s$/.test(before.value))) after.value = after.value.replace(/^\s+/, '');
  if (before?.type === 'text' && /^[.,;:!?)»]/.test(after.value)) before.value = before.value.replace(/\s+$/, '');
}

const blank = (n: RootContent) => !toString(n).trim();

/**
 * Removes paragraphs, items and lists a deletion left without text. A numbered list keeps its numbers: the
 * commi after an abrogated one are still cited by their number («art. 2, comma 3»), so the list is split
 * where an item went and each part starts at its own number («1.», then «3.»).
 */
function prune(parent: Parent): void {
  const numbered = parent.type === 'list' && (parent as List).ordered === true;
  const out: RootContent[] = [];
  for (const n of parent.children as RootContent[]) {
    if (n.type === 'list' && n.ordered) out.push(...keepNumbers(n));
    // A numbered list's own items wait for its parent, which splits the list.
    else if (!((n.type === 'paragraph' || n.type === 'listItem' || n.type === 'list') && blank(n)) || (numbered && n.type === 'listItem')) out.push(n);
  }
  parent.children = out as Parent['children'];
}

/** The runs of a numbered list between its emptied items, each starting at its original number. */
function keepNumbers(list: List): List[] {
  const start = list.start ?? 1;
  const runs: List[] = [];
  let run: List | undefined;
  list.children.forEach((item, i) => {
    if (blank(item)) {
      run = undefined;
      return;
    }
    if (!run) runs.push((run = { ...list, start: start + i, children: [] }));
    run.children.push(item);
  });
  return runs;
}
