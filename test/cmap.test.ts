import { readFileSync } from 'node:fs';
import * as fontkit from 'fontkit';
import { describe, expect, it } from 'vitest';
import { cmapLookup } from '../src/render/cmap.js';
import { fontFiles } from '../src/render/fonts.js';
import { hasGlyph } from '../src/render/glyphs.js';

// The glyph check of `albo check` reads the fonts' cmap itself; fontkit (what the PDF writer draws
// with) must agree on every code point, or check would pass text the writer prints as nothing.
describe('character map read without fontkit (issue 20)', () => {
  for (const [face, file] of Object.entries(fontFiles())) {
    it(`${face}: the same glyph as fontkit for every code point up to U+2FFFF, and none beyond`, () => {
      const font = fontkit.openSync(file) as unknown as { hasGlyphForCodePoint(cp: number): boolean; glyphForCodePoint(cp: number): { id: number } };
      const glyph = cmapLookup(readFileSync(file));
      const differ: string[] = [];
      let covered = 0;
      for (let cp = 0; cp <= 0x2ffff; cp++) {
        const ours = glyph(cp);
        if (ours !== 0) covered++;
        if ((ours !== 0) !== font.hasGlyphForCodePoint(cp) || (ours !== 0 && ours !== font.glyphForCodePoint(cp).id)) differ.push(cp.toString(16));
      }
      for (const cp of [0x10fffd, 0xe0001, -1]) if (glyph(cp) !== 0) differ.push(cp.toString(16));
      expect(differ.slice(0, 10)).toEqual([]);
      // Not a blind reader: Latin, the accented Italian letters, the euro sign are there.
      expect(covered).toBeGreaterThan(200);
      for (const ch of 'aÈàèéìòù€«»’–') expect(glyph(ch.codePointAt(0)!), ch).not.toBe(0);
    }, 120_000);
  }

  it('hasGlyph: every face must have the character', () => {
    expect(hasGlyph('È')).toBe(true);
    expect(hasGlyph('€')).toBe(true);
    expect(hasGlyph('\n')).toBe(true);
    // CJK and emoji are not in Titillium Web.
    expect(hasGlyph('漢')).toBe(false);
    expect(hasGlyph('😀')).toBe(false);
  });
});
