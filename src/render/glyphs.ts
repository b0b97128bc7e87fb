import type { Nodes } from 'mdast';
import { readFileSync } from 'node:fs';
import { cmapLookup } from './cmap.js';
import { fontFiles } from './fonts.js';

/** Each face's character map (read from the file's cmap: fontkit is for the writers). */
let faces: ((cp: number) => number)[] | undefined;
/** The answer for each character already asked: the font does not change within a process. */
const known = new Map<number, boolean>();

/** Whether every face of the document font (regular, bold, italic, bold italic) can draw the character. */
export function hasGlyph(ch: string): boolean {
  const cp = ch.codePointAt(0)!;
  let answer = known.get(cp);
  if (answer === undefined) {
    faces ??= Object.values(fontFiles()).map((f) => cmapLookup(readFileSync(f)));
    answer = cp === 0x0a || cp === 0x09 || cp === 0x0d || faces.every((glyph) => glyph(cp) !== 0);
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
