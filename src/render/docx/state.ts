import type { Heading, Nodes, RootContent } from 'mdast';
import type { NumberingDefinition, Paragraph, ParagraphChild, Table, TableOfContents } from 'docx';

export type Block = Paragraph | Table | TableOfContents;

export interface Marks {
  bold?: boolean;
  italics?: boolean;
  strike?: boolean;
  link?: string;
  /** Inside a link: coloured as in the PDF, and underlined when it leads out of the document. */
  linked?: 'external' | 'internal';
  /** Inserted text in the highlighted variant. */
  inserted?: boolean;
  superScript?: boolean;
  /** Half-points. */
  size?: number;
}

export interface DocxState {
  blocks(nodes: readonly RootContent[], ctx?: BlockContext): Block[];
  inlines(nodes: readonly RootContent[], marks?: Marks): ParagraphChild[];
  /** Anchors of the headings in the document (cross-references link to them). */
  anchors: Set<string>;
  /** A new numbering instance, so each ordered list restarts at 1. */
  nextListInstance(): number;
  /** A heading's level in the document's outline, from 1 (nesting, none skipped: see headingLevels). */
  headingLevel(node: Heading): number;
}

/** Where a block sits: list nesting, and paragraph options a container imposes (signature block). */
export interface BlockContext {
  /** Width of the text on the page (twips): tables span it. */
  width?: number;
  listLevel?: number;
  list?: { reference: string | NumberingDefinition; instance: number };
  align?: 'center';
  indentLeft?: number;
}

export type BlockHandler = (node: Nodes, state: DocxState, ctx: BlockContext) => Block[];
export type InlineHandler = (node: Nodes, state: DocxState, marks: Marks) => ParagraphChild[];
