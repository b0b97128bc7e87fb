export {};

/** Nodes albo adds to mdast: amendments marked in a source, and how the highlighted variant shows them. */
declare module 'mdast' {
  /** `<ins delibera="…">…</ins>` or `<del delibera="…">…</del>` in a source, paired by the parser. */
  interface Amendment extends Parent {
    type: 'amendment';
    action: 'ins' | 'del';
    /** The id of the deliberation (in the regulation's `modifiche`). */
    delibera: string;
    children: PhrasingContent[];
  }
  /** Inserted text, highlighted (the struck-out counterpart is GFM's `delete`). */
  interface Insertion extends Parent {
    type: 'insertion';
    children: PhrasingContent[];
  }
  /** A superscript note marker, e.g. "(1)". */
  interface NoteRef extends Literal {
    type: 'noteRef';
  }
  /** A resolved cross-reference ("art. 15"), linked to its heading when the heading is in the document. */
  interface CrossRef extends Parent {
    type: 'crossRef';
    /** The target heading's anchor (HeadingData.anchor). */
    anchor: string;
    children: PhrasingContent[];
  }
  interface HeadingData {
    /** The id a cross-reference links to (`{#id}` in the source). */
    anchor?: string;
  }
  interface PhrasingContentMap {
    crossRef: CrossRef;
    amendment: Amendment;
    insertion: Insertion;
    noteRef: NoteRef;
  }
  interface RootContentMap {
    crossRef: CrossRef;
    amendment: Amendment;
    insertion: Insertion;
    noteRef: NoteRef;
  }
}
