import { deflateSync, inflateSync } from 'node:zlib';

/**
 * The coat of arms for the letterhead: a PNG, checked and made opaque. PDF/A as albo writes it has no
 * transparency (a PNG's alpha channel would become a soft mask), and Word and LibreOffice show a PNG as
 * it is: so albo lays a transparent background on white once, here, and both writers embed the same
 * bytes. Pure: bytes in, bytes out.
 */
export interface Stemma {
  /** An opaque PNG (grey or RGB, 8 bits, not interlaced). */
  png: Uint8Array;
  width: number;
  height: number;
}

export type PngResult = { stemma: Stemma; error?: undefined } | { stemma?: undefined; error: string };

const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];
const MAX_SIDE = 4000;

interface Chunk {
  type: string;
  data: Uint8Array;
}

function chunks(bytes: Uint8Array): Chunk[] | string {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out: Chunk[] = [];
  let at = 8;
  while (at + 12 <= bytes.length) {
    const length = view.getUint32(at);
    const type = String.fromCharCode(...bytes.subarray(at + 4, at + 8));
    if (at + 12 + length > bytes.length) return 'il file PNG è troncato';
    out.push({ type, data: bytes.subarray(at + 8, at + 8 + length) });
    at += 12 + length;
    if (type === 'IEND') return out;
  }
  return 'il file PNG è troncato (manca la fine del file)';
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(new TextEncoder().encode(type), 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

/**
 * Undoes the PNG row filters (8-bit samples, `bpp` bytes a pixel). One plain loop per filter type: this
 * runs once per check, before the JIT warms up, where a branch per byte costs tens of milliseconds.
 */
function unfilter(raw: Uint8Array, width: number, height: number, bpp: number): Uint8Array | string {
  const stride = width * bpp;
  if (raw.length < height * (stride + 1)) return 'i dati dell’immagine PNG sono incompleti';
  const out = new Uint8Array(height * stride);
  const none = new Uint8Array(stride);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const src = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    const row = out.subarray(y * stride, (y + 1) * stride);
    const up = y > 0 ? out.subarray((y - 1) * stride, y * stride) : none;
    // A Uint8Array keeps the low byte of what is stored: the sums are modulo 256 as PNG wants.
    if (filter === 0) row.set(src);
    else if (filter === 1) {
      for (let x = 0; x < bpp; x++) row[x] = src[x]!;
      for (let x = bpp; x < stride; x++) row[x] = src[x]! + row[x - bpp]!;
    } else if (filter === 2) {
      for (let x = 0; x < stride; x++) row[x] = src[x]! + up[x]!;
    } else if (filter === 3) {
      for (let x = 0; x < bpp; x++) row[x] = src[x]! + (up[x]! >> 1);
      for (let x = bpp; x < stride; x++) row[x] = src[x]! + ((row[x - bpp]! + up[x]!) >> 1);
    } else if (filter === 4) {
      // With no pixel to the left, the Paeth predictor is the one above.
      for (let x = 0; x < bpp; x++) row[x] = src[x]! + up[x]!;
      for (let x = bpp; x < stride; x++) {
        const a = row[x - bpp]!;
        const b = up[x]!;
        const c = up[x - bpp]!;
        const p = a + b - c;
        const pa = Math.abs(p - a), pb = Math.abs(p - b), pc = Math.abs(p - c);
        row[x] = src[x]! + (pa <= pb && pa <= pc ? a : pb <= pc ? b : c);
      }
    } else return `filtro PNG sconosciuto (${filter}): il file è danneggiato`;
  }
  return out;
}

/** Reads a PNG for the letterhead; an image with an alpha channel or transparent palette entries is laid on white. */
export function readStemma(bytes: Uint8Array): PngResult {
  if (bytes.length < 8 || SIGNATURE.some((b, i) => bytes[i] !== b)) {
    return { error: 'il file non è un’immagine PNG' };
  }
  const list = chunks(bytes);
  if (typeof list === 'string') return { error: list };
  const ihdr = list[0];
  if (ihdr?.type !== 'IHDR' || ihdr.data.length !== 13) return { error: 'il file PNG non ha l’intestazione IHDR: è danneggiato' };
  const head = new DataView(ihdr.data.buffer, ihdr.data.byteOffset, 13);
  const width = head.getUint32(0);
  const height = head.getUint32(4);
  const [depth, color, , , interlace] = [ihdr.data[8]!, ihdr.data[9]!, ihdr.data[10], ihdr.data[11], ihdr.data[12]!];
  if (!width || !height || width > MAX_SIDE || height > MAX_SIDE) return { error: `dimensioni dell’immagine non ammesse (${width}×${height} pixel; al massimo ${MAX_SIDE} per lato)` };
  if (depth !== 8 || interlace !== 0 || ![0, 2, 3, 4, 6].includes(color)) {
    return { error: `PNG a ${depth} bit${interlace ? ', interlacciato' : ''}: albo legge PNG a 8 bit non interlacciati` };
  }
  const idat = list.filter((c) => c.type === 'IDAT');
  if (!idat.length) return { error: 'il file PNG non contiene dati d’immagine' };
  let raw: Uint8Array;
  try {
    raw = inflateSync(Buffer.concat(idat.map((c) => c.data)));
  } catch {
    return { error: 'i dati dell’immagine PNG sono danneggiati' };
  }
  const bpp = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 }[color as 0 | 2 | 3 | 4 | 6];
  const pixels = unfilter(raw, width, height, bpp);
  if (typeof pixels === 'string') return { error: pixels };
  const palette = list.find((c) => c.type === 'PLTE')?.data;
  const alpha = list.find((c) => c.type === 'tRNS')?.data;
  if (color === 3 && (!palette || palette.length % 3 !== 0)) return { error: 'il PNG a colori indicizzati non ha la tavolozza (PLTE): è danneggiato' };

  // Opaque output: grey stays grey, everything else becomes RGB, each pixel laid on white.
  const grey = color === 0 || color === 4;
  const channels = grey ? 1 : 3;
  const over = (v: number, a: number) => Math.round((v * a + 255 * (255 - a)) / 255);
  const out = new Uint8Array(height * (width * channels + 1));
  for (let y = 0; y < height; y++) {
    const row = y * (width * channels + 1);
    out[row] = 0;
    // Without alpha the samples are already opaque: copied whole, row by row.
    if (color === 0 || color === 2) {
      out.set(pixels.subarray(y * width * bpp, (y + 1) * width * bpp), row + 1);
      continue;
    }
    // No array per pixel: this loop runs for every pixel of the image on every check (issue #20).
    for (let x = 0; x < width; x++) {
      const p = (y * width + x) * bpp;
      const o = row + 1 + x * channels;
      let source: Uint8Array = pixels;
      let at = p;
      let a = 255;
      if (color === 4) a = pixels[p + 1]!;
      else if (color === 6) a = pixels[p + 3]!;
      else if (color === 3) {
        const i = pixels[p]!;
        if (i * 3 + 2 >= palette!.length) return { error: 'il PNG usa un colore fuori dalla sua tavolozza: è danneggiato' };
        source = palette!;
        at = i * 3;
        a = alpha && i < alpha.length ? alpha[i]! : 255;
      }
      for (let k = 0; k < channels; k++) out[o + k] = over(source[at + k]!, a);
    }
  }
  const header = new Uint8Array(13);
  const hv = new DataView(header.buffer);
  hv.setUint32(0, width);
  hv.setUint32(4, height);
  header.set([8, grey ? 0 : 2, 0, 0, 0], 8);
  const png = Buffer.concat([Buffer.from(SIGNATURE), chunk('IHDR', header), chunk('IDAT', deflateSync(out, { level: 9 })), chunk('IEND', new Uint8Array())]);
  return { stemma: { png: new Uint8Array(png), width, height } };
}
