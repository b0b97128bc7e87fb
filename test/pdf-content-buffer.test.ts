import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { flush, installContentBuffer, pdfkitStreams } from '../src/render/pdf/content-buffer.js';

// pdfkit's content streams gathered as text and made into one Buffer (src/render/pdf/content-buffer.ts):
// the same bytes, lengths and dictionary as pdfkit's own write, for text and binary chunks mixed.
installContentBuffer();
const require = createRequire(import.meta.url);
const documentProto = (require('pdfmake/js/PDFDocument.js') as { default: { prototype: { ref: (this: unknown, data: object) => never } } }).default.prototype;
type Ref = { buffer: Uint8Array[]; data: Record<string, unknown>; uncompressedLength: number; write(chunk: string | Uint8Array): void };
const reference = (compress: boolean, data: object = {}): Ref => documentProto.ref.call({ _offsets: [], _waiting: 0, compress }, data);

function written(chunks: (string | Uint8Array)[], compress: boolean, own: boolean, data: object = {}) {
  const ref = reference(compress, data);
  for (const c of chunks) (own ? ref.write(c) : pdfkitStreams.write!.call(ref as never, c));
  if (own) flush(ref as never);
  return { bytes: Buffer.concat(ref.buffer), data: JSON.stringify(ref.data), keys: Object.keys(ref.data), length: ref.uncompressedLength };
}

describe('content streams written as text, then one Buffer', () => {
  it('is installed on the references pdfkit makes', () => {
    expect(Object.getPrototypeOf(reference(false))).toBe(pdfkitStreams.prototype);
    expect(pdfkitStreams.prototype!.write).not.toBe(pdfkitStreams.write);
  });

  const chunks = ['1 0 0 -1 0 841.89 cm', '/P <<\n/MCID 0\n>> BDC', 'BT', '[<0024> 8 <00060031> 0] TJ', '(caff\u00e8 \u00e0 \u00ff) Tj', new Uint8Array([0, 1, 255, 10]), 'ET', '', new Uint8Array([]), 'Q'];
  for (const compress of [true, false]) {
    it(`the same bytes, lengths and dictionary as pdfkit's, ${compress ? 'compressed' : 'not compressed'}`, () => {
      expect(written(chunks, compress, true)).toEqual(written(chunks, compress, false));
      expect(written(chunks.slice(0, 5), compress, true)).toEqual(written(chunks.slice(0, 5), compress, false));
      expect(written([chunks[5]!, 'q'], compress, true)).toEqual(written([chunks[5]!, 'q'], compress, false));
      // A stream with its own filter (an image, a font) is not compressed again: no FlateDecode added.
      expect(written(chunks, compress, true, { Filter: 'DCTDecode' })).toEqual(written(chunks, compress, false, { Filter: 'DCTDecode' }));
    });
  }

  it('text is kept as text until a binary chunk or the end: one Buffer for a run of operators', () => {
    const ref = reference(true);
    for (const c of ['BT', '/F1 12 Tf', 'ET']) ref.write(c);
    expect(ref.buffer).toHaveLength(0);
    ref.write(new Uint8Array([1]));
    expect(ref.buffer.map((b) => b.length)).toEqual(['BT\n/F1 12 Tf\nET\n'.length, 1]);
    expect(ref.data).toEqual({ Length: 17, Filter: 'FlateDecode' });
  });
});
