import { pdfmakeModule } from './pdfmake-module.js';

/**
 * pdfkit turns every operator it writes into a page's content (several per word: colour, opacity, text
 * position, font, glyphs) into a Buffer of its own, and joins them when the page ends: about a tenth of
 * the time of writing a card's pages went to making those small Buffers and collecting them (issue #20).
 * Here the text operators are kept as strings and made into one Buffer when a binary chunk comes or the
 * stream ends: the same bytes (pdfkit encodes them as 'binary', one byte per character), the same
 * lengths counted.
 */
interface Reference {
  buffer: Uint8Array[] | Uint8Array;
  data: { Length?: number; Filter?: string };
  compress: boolean;
  uncompressedLength: number;
  alboText?: string[];
  write(chunk: string | Uint8Array): void;
  finalize(): void;
}

/** pdfkit's own write and finalize, as found before they were replaced (tests compare the two). */
export const pdfkitStreams: { write?: Reference['write']; finalize?: Reference['finalize']; prototype?: Reference } = {};

/** The text written so far, as one Buffer among the reference's chunks. */
export function flush(ref: Reference): void {
  const text = ref.alboText;
  if (!text?.length) return;
  (ref.buffer as Uint8Array[]).push(Buffer.from(text.join(''), 'binary'));
  ref.alboText = undefined;
}

let installed = false;
export function installContentBuffer(): void {
  if (installed) return;
  const documentProto = pdfmakeModule<{ prototype: { ref: (this: unknown, data: object) => Reference } }>('PDFDocument').prototype;
  // PDFReference is not exported: one made for a stand-in document gives its prototype.
  const proto = Object.getPrototypeOf(documentProto.ref.call({ _offsets: [], _waiting: 0 }, {})) as Reference;
  const write = proto.write;
  const finalize = proto.finalize;
  if (typeof write !== 'function' || typeof finalize !== 'function') throw new Error('pdfkit: scrittura dei flussi non trovata (versione cambiata?)');
  Object.assign(pdfkitStreams, { write, finalize, prototype: proto });
  proto.write = function (this: Reference, chunk: string | Uint8Array) {
    if (chunk instanceof Uint8Array) {
      flush(this);
      write.call(this, chunk);
      return;
    }
    const line = `${chunk}\n`;
    (this.alboText ??= []).push(line);
    // As pdfkit's write, in the same order (the dictionary's keys are written in it).
    this.uncompressedLength += line.length;
    if (this.data.Length == null) this.data.Length = 0;
    this.data.Length += line.length;
    if (this.compress) this.data.Filter = 'FlateDecode';
  };
  proto.finalize = function (this: Reference) {
    flush(this);
    finalize.call(this);
  };
  installed = true;
}
