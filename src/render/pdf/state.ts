import type { Nodes, RootContent } from 'mdast';
import type { Content } from 'pdfmake/interfaces.js';
import type { TagNode } from './tags.js';

/** Inline text run with the marks of its ancestors. */
export interface Run {
  text: string;
  bold?: boolean;
  italics?: boolean;
  decoration?: 'lineThrough' | 'underline';
  link?: string;
  color?: string;
  background?: string;
  sup?: boolean;
  linkToDestination?: string;
  /** The structure element the run belongs to (absent: an artifact). */
  _t?: TagNode;
}

export interface Marks {
  bold?: boolean;
  italics?: boolean;
  decoration?: 'lineThrough' | 'underline';
  link?: string;
}

export interface PdfState {
  /** The document has an index: headings of levels 2–4 are its entries. */
  toc: boolean;
  /** Anchors of the headings in the document (cross-references link to them). */
  anchors: Set<string>;
  /** Bookmarks: a counter for ids of headings without an anchor, and the last heading id at each depth. */
  outline: { count: number; parents: (string | undefined)[] };
  /** Nesting depth of the list being written (ordered lists inside another list are lettered). */
  listDepth: number;
  /** The structure element new content goes into. */
  tag: TagNode;
  /** Heading levels in the structure (by nesting, see nestedLevels), in document order. */
  levels: { next(depth: number): number; peek(depth: number): number };
  /** Block children -> pdfmake content. */
  blocks(nodes: readonly RootContent[]): Content[];
  /** Inline children -> runs, with inherited marks. */
  inlines(nodes: readonly RootContent[], marks?: Marks): Run[];
}

/** Runs `fn` with `tag` as the structure element new content goes into. */
export function within<T>(state: PdfState, tag: TagNode, fn: () => T): T {
  const outer = state.tag;
  state.tag = tag;
  try {
    return fn();
  } finally {
    state.tag = outer;
  }
}

export type BlockHandler = (node: Nodes, state: PdfState) => Content | Content[];
export type InlineHandler = (node: Nodes, state: PdfState, marks: Marks) => Run[];
