import type { Nodes } from 'mdast';
import * as fontkit from 'fontkit';
import { fontFiles } from './fonts.js';

interface Face {
  hasGlyphForCodePoint(cp: number): boolean;
}
let faces: Face[] | undefined;
/** The answer for each character already asked: the font does not change within a process. */
const known = new Map<number, boolean>();

/** Whether every face of the document font (regular, bold, italic, bold italic) can draw the character. */
export function hasGlyph(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  let answer = known.get(cp);
  if (answer === undefined) {
    faces ??= Object.values(fontFiles()).map((f) => fontkit.openSync(f) as unknown as Face);
    answer = cp === 0x0a || cp === 0x09 || cp === 0x0d || faces.every((f) => f.hasGlyphForCodePoint(cp));
    known.set(cp, answer);
  }
  return answer;
}

export interface MissingGlyph {
  char: string;
  line?: number;
  column?: number;
}

/** The first place of each character of a tree that the font cannot draw (it would print as nothing). */
export function missingGlyphs(tree: Nodes): MissingGlyph[] {
  const missing = new Map<string, MissingGlyph>();
  const visit = (node: Nodes) => {
    if ('value' in node && typeof node.value === 'string' && node.type !== 'html') {
      for (const ch of node.value) {
        if (!missing.has(ch) && !hasGlyph(ch)) {
          missing.set(ch, { char: ch, line: node.position?.start.line, column: node.position?.start.column });
        }
      }
    }
    if ('children' in node) for (const child of node.children) visit(child as Nodes);
  };
  visit(tree);
  return [...missing.values()];
}

export const describeChar = (ch: string) => `«${ch}» (U+${ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0')})`;
