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
  interface PhrasingContentMap {
    amendment: Amendment;
    insertion: Insertion;
    noteRef: NoteRef;
  }
  interface RootContentMap {
    amendment: Amendment;
    insertion: Insertion;
    noteRef: NoteRef;
  }
}
