import type { Nodes } from 'mdast';
import * as fontkit from 'fontkit';
import { fontFiles } from './fonts.js';

interface Face {
  hasGlyphForCodePoint(cp: number): boolean;
}
let faces: Face[] | undefined;

/** Characters of a tree that some face of the document font cannot draw (they would print as nothing). */
export function missingGlyphs(tree: Nodes): string[] {
  faces ??= Object.values(fontFiles()).map((f) => fontkit.openSync(f) as unknown as Face);
  const missing = new Set<string>();
  const visit = (node: Nodes) => {
    if ('value' in node && typeof node.value === 'string' && node.type !== 'html') {
      for (const ch of node.value) {
        const cp = ch.codePointAt(0)!;
        if (cp === 0x0a || cp === 0x20 || cp === 0x09) continue;
        if (!faces!.every((f) => f.hasGlyphForCodePoint(cp))) missing.add(ch);
      }
    }
    if ('children' in node) for (const child of node.children) visit(child as Nodes);
  };
  visit(tree);
  return [...missing];
}
