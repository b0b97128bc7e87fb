import type { Amendment, Nodes, Parent, Root, RootContent } from 'mdast';
import { toString } from 'mdast-util-to-string';

/** The two texts of one amended source. */
export type Variant = 'vigente' | 'evidenziato';

export const VARIANT_NAMES: Record<Variant, string> = { vigente: 'testo vigente', evidenziato: 'testo con modifiche evidenziate' };

/** Every amendment marker in a tree, in document order. */
export function findAmendments(tree: Nodes): Amendment[] {
  const out: Amendment[] = [];
  const visit = (node: Nodes) => {
    if (node.type === 'amendment') out.push(node);
    if ('children' in node) for (const c of node.children as Nodes[]) visit(c);
  };
  visit(tree);
  return out;
}

/**
 * Turns the amendment markers into one of the two texts. The text in force applies them: deletions go,
 * insertions stay as plain text, and a paragraph or list item left empty goes too. The highlighted
 * text strikes deletions through, highlights insertions, and follows each with the note number of its
 * deliberation, "(1)".
 */
export function applyVariant(tree: Root, variant: Variant, noteOf: (delibera: string) => number): void {
  const visit = (parent: Parent) => {
    const kids = parent.children as RootContent[];
    for (let i = 0; i < kids.length; i++) {
      const kid = kids[i]!;
      if ('children' in kid) visit(kid as Parent);
      if (kid.type !== 'amendment') continue;
      if (variant === 'evidenziato') {
        const marked: RootContent = kid.action === 'del' ? { type: 'delete', children: kid.children } : { type: 'insertion', children: kid.children };
        kids.splice(i, 1, marked, { type: 'noteRef', value: `(${noteOf(kid.delibera)})` });
        i++;
      } else if (kid.action === 'ins') {
        kids.splice(i, 1, ...kid.children);
        i += kid.children.length - 1;
      } else {
        kids.splice(i, 1);
        joinSpaces(kids, i);
        i--;
      }
    }
    if (variant === 'vigente') prune(parent);
  };
  visit(tree);
}

/** After a deletion, "secondo  l'organigramma" keeps one space, and a paragraph does not start with one. */
function joinSpaces(kids: RootContent[], i: number): void {
  const before = kids[i - 1];
  const after = kids[i];
  if (after?.type !== 'text') return;
  if (!before || (before.type === 'text' && /\s$/.test(before.value))) after.value = after.value.replace(/^\s+/, '');
  if (before?.type === 'text' && !after.value) kids.splice(i, 1);
}

/** Removes paragraphs, items and lists a deletion left without text. */
function prune(parent: Parent): void {
  const empty = (n: RootContent) => (n.type === 'paragraph' || n.type === 'listItem' || n.type === 'list') && !toString(n).trim();
  parent.children = (parent.children as RootContent[]).filter((n) => !empty(n)) as Parent['children'];
}
