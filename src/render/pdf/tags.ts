/**
 * The logical structure of a PDF (its tags), planned from the syntax tree while the pdfmake definition is
 * built. Every text run, image and drawing of the content carries the TagNode it belongs to (`_t`); the
 * tagging adapter (tagging.ts) turns the nodes into pdfkit structure elements as pdfmake draws them.
 * Anything drawn without a TagNode (running header, footer, page numbers, rules, table borders) is an
 * artifact. Roles come from the syntax tree, never from the visual style.
 */
export interface TagNode {
  role: string;
  parent?: TagNode;
  children: TagNode[];
  /** Created with all its children at once, in order: table rows and cells (an empty cell still exists). */
  eager?: boolean;
  options?: TagOptions;
  /** For a Link: the description of its annotation (PDF/UA: /Contents). */
  contents?: string;
}

export interface TagOptions {
  alt?: string;
  actual?: string;
  scope?: 'Row' | 'Column' | 'Both';
  lang?: string;
  title?: string;
}

/** The tag of a run, image or drawing in the pdfmake definition (pdfmake copies it into its inlines). */
export interface Tagged {
  _t?: TagNode;
}

export const tagRoot = (): TagNode => ({ role: 'Document', children: [] });

export function tagChild(parent: TagNode, role: string, options?: TagOptions, eager = false): TagNode {
  const node: TagNode = { role, children: [], ...(options ? { options } : {}), ...(eager ? { eager } : {}) };
  // Not enumerable: a definition stays printable as JSON (no cycle), as pdfmake's own are.
  Object.defineProperty(node, 'parent', { value: parent, enumerable: false });
  parent.children.push(node);
  return node;
}

/** The nearest Link at or above a node: its annotations belong to it. */
export function linkOf(node: TagNode | undefined): TagNode | undefined {
  for (let n = node; n; n = n.parent) if (n.role === 'Link') return n;
  return undefined;
}
