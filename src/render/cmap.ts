/**
 * Which characters a TrueType/OpenType font can draw, read from its cmap table with node's own Buffer:
 * the answer fontkit's hasGlyphForCodePoint gives (the same choice of subtable, the same lookups), without
 * loading fontkit and parsing the whole font. `albo check` asks this for every character of every
 * source; loading fontkit for it took longer than validating the sources (test/cmap.test.ts compares
 * the two answers over the fonts' whole range).
 */

/** Unicode subtables, best first (fontkit's CmapProcessor order). */
const PREFERRED: readonly [number, number][] = [
  [3, 10],
  [0, 6],
  [0, 4],
  [3, 1],
  [0, 3],
  [0, 2],
  [0, 1],
  [0, 0],
];

/** The glyph id of each code point (0: none), from the font file's bytes. Throws on a font it cannot read. */
export function cmapLookup(font: Uint8Array): (codePoint: number) => number {
  const b = Buffer.from(font.buffer, font.byteOffset, font.byteLength);
  const numTables = b.readUInt16BE(4);
  let cmap = -1;
  for (let i = 0; i < numTables; i++) {
    const record = 12 + i * 16;
    if (b.toString('latin1', record, record + 4) === 'cmap') cmap = b.readUInt32BE(record + 8);
  }
  if (cmap < 0) throw new Error('font senza tabella cmap');
  const subtables = Array.from({ length: b.readUInt16BE(cmap + 2) }, (_, i) => {
    const at = cmap + 4 + i * 8;
    return { platform: b.readUInt16BE(at), encoding: b.readUInt16BE(at + 2), offset: cmap + b.readUInt32BE(at + 4) };
  });
  let st = -1;
  for (const [platform, encoding] of PREFERRED) {
    const found = subtables.find((s) => s.platform === platform && s.encoding === encoding);
    if (found) {
      st = found.offset;
      break;
    }
  }
  if (st < 0) throw new Error('font senza cmap Unicode');
  const format = b.readUInt16BE(st);
  switch (format) {
    case 0:
      return (cp) => (cp >= 0 && cp < 256 ? b.readUInt8(st + 6 + cp) : 0);
    case 4: {
      const length = b.readUInt16BE(st + 2);
      const segCount = b.readUInt16BE(st + 6) / 2;
      const endCode = st + 14;
      const startCode = endCode + 2 * segCount + 2;
      const idDelta = startCode + 2 * segCount;
      const idRangeOffset = idDelta + 2 * segCount;
      const glyphs = idRangeOffset + 2 * segCount;
      const glyphCount = Math.max(0, Math.floor((st + length - glyphs) / 2));
      return (cp) => {
        let min = 0;
        let max = segCount - 1;
        while (min <= max) {
          const mid = (min + max) >> 1;
          if (cp < b.readUInt16BE(startCode + 2 * mid)) max = mid - 1;
          else if (cp > b.readUInt16BE(endCode + 2 * mid)) min = mid + 1;
          else {
            const rangeOffset = b.readUInt16BE(idRangeOffset + 2 * mid);
            const delta = b.readInt16BE(idDelta + 2 * mid);
            if (rangeOffset === 0) return (cp + delta) & 0xffff;
            const index = rangeOffset / 2 + (cp - b.readUInt16BE(startCode + 2 * mid)) - (segCount - mid);
            const gid = index >= 0 && index < glyphCount ? b.readUInt16BE(glyphs + 2 * index) : 0;
            return gid === 0 ? 0 : (gid + delta) & 0xffff;
          }
        }
        return 0;
      };
    }
    case 6: {
      const first = b.readUInt16BE(st + 6);
      const count = b.readUInt16BE(st + 8);
      return (cp) => (cp - first >= 0 && cp - first < count ? b.readUInt16BE(st + 10 + 2 * (cp - first)) : 0);
    }
    case 10: {
      const first = b.readUInt32BE(st + 12);
      const count = b.readUInt32BE(st + 16);
      return (cp) => (cp - first >= 0 && cp - first < count ? b.readUInt16BE(st + 20 + 2 * (cp - first)) : 0);
    }
    case 12:
    case 13: {
      const groups = b.readUInt32BE(st + 12);
      return (cp) => {
        let min = 0;
        let max = groups - 1;
        while (min <= max) {
          const mid = (min + max) >> 1;
          const at = st + 16 + 12 * mid;
          if (cp < b.readUInt32BE(at)) max = mid - 1;
          else if (cp > b.readUInt32BE(at + 4)) min = mid + 1;
          else return format === 12 ? b.readUInt32BE(at + 8) + (cp - b.readUInt32BE(at)) : b.readUInt32BE(at + 8);
        }
        return 0;
      };
    }
    default:
      throw new Error(`formato cmap ${format} non gestito`);
  }
}
