import { crc32, deflateSync, inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { readStemma } from '../src/load/png.js';

// The coat of arms (ente.yaml «carta_intestata»): albo reads the PNG itself and lays transparency on white.
// Each test writes a PNG here, with its own encoder (the forward filters of the PNG specification), and
// reads back the opaque PNG albo makes from it.
const SIGNATURE = [137, 80, 78, 71, 13, 10, 26, 10];

function chunk(type: string, data: Uint8Array | number[]): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), Buffer.from(data)]);
  const out = Buffer.alloc(12 + body.length - 4);
  out.writeUInt32BE(body.length - 4, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 8 + body.length - 4);
  return out;
}

const paeth = (a: number, b: number, c: number) => {
  const p = a + b - c;
  const [pa, pb, pc] = [Math.abs(p - a), Math.abs(p - b), Math.abs(p - c)];
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
};

/** Rows of samples filtered with `filter` (one per row, or the same for all). */
function filtered(rows: number[][], bpp: number, filter: number | number[]): Buffer {
  const out: number[] = [];
  rows.forEach((row, y) => {
    const f = Array.isArray(filter) ? filter[y]! : filter;
    const up = y > 0 ? rows[y - 1]! : row.map(() => 0);
    out.push(f);
    row.forEach((v, x) => {
      const a = x >= bpp ? row[x - bpp]! : 0;
      const b = up[x]!;
      const c = x >= bpp ? up[x - bpp]! : 0;
      const pred = [0, a, b, (a + b) >> 1, paeth(a, b, c)][f] ?? 0;
      out.push((v - pred) & 0xff);
    });
  });
  return Buffer.from(out);
}

interface Png {
  width: number;
  height: number;
  color: number;
  depth?: number;
  interlace?: number;
  idat?: Buffer[];
  before?: Buffer[];
  end?: boolean;
}
function png(p: Png): Uint8Array {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(p.width, 0);
  ihdr.writeUInt32BE(p.height, 4);
  ihdr.set([p.depth ?? 8, p.color, 0, 0, p.interlace ?? 0], 8);
  return new Uint8Array(Buffer.concat([Buffer.from(SIGNATURE), chunk('IHDR', ihdr), ...(p.before ?? []), ...(p.idat ?? []).map((d) => chunk('IDAT', d)), ...(p.end === false ? [] : [chunk('IEND', [])])]));
}
const image = (color: number, rows: number[][], bpp: number, filter: number | number[] = 0, before: Buffer[] = []) =>
  png({ width: rows[0]!.length / bpp, height: rows.length, color, idat: [deflateSync(filtered(rows, bpp, filter))], before });

/** The opaque PNG albo wrote: its colour type and its rows of samples. */
function decoded(bytes: Uint8Array) {
  const b = Buffer.from(bytes);
  expect([...b.subarray(0, 8)]).toEqual(SIGNATURE);
  const chunks: { type: string; data: Buffer }[] = [];
  for (let at = 8; at < b.length; ) {
    const length = b.readUInt32BE(at);
    const type = b.toString('latin1', at + 4, at + 8);
    const data = b.subarray(at + 8, at + 8 + length);
    expect(b.readUInt32BE(at + 8 + length), `CRC of ${type}`).toBe(crc32(b.subarray(at + 4, at + 8 + length)));
    chunks.push({ type, data });
    at += 12 + length;
  }
  expect(chunks.map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
  const ihdr = chunks[0]!.data;
  const [width, height, color] = [ihdr.readUInt32BE(0), ihdr.readUInt32BE(4), ihdr[9]!];
  expect([...ihdr.subarray(8)]).toEqual([8, color, 0, 0, 0]);
  const channels = color === 0 ? 1 : 3;
  const raw = inflateSync(chunks[1]!.data);
  expect(raw.length).toBe(height * (width * channels + 1));
  const rows: number[][] = [];
  for (let y = 0; y < height; y++) {
    expect(raw[y * (width * channels + 1)]).toBe(0);
    rows.push([...raw.subarray(y * (width * channels + 1) + 1, (y + 1) * (width * channels + 1))]);
  }
  return { width, height, color, rows };
}
const read = (bytes: Uint8Array) => {
  const r = readStemma(bytes);
  if (!r.stemma) throw new Error(r.error);
  return { ...decoded(r.stemma.png), size: [r.stemma.width, r.stemma.height] };
};

// 3×3 RGB with values that make every filter's predictor matter (wrap-around both ways, Paeth picking a, b, c).
const RGB = [
  [10, 200, 30, 250, 5, 128, 0, 255, 77],
  [12, 190, 250, 3, 9, 200, 128, 128, 128],
  [255, 0, 1, 100, 220, 60, 90, 91, 92],
];

describe('reading the coat of arms (PNG)', () => {
  it('undoes each row filter (none, sub, up, average, Paeth), and a mix of them, to the same pixels', () => {
    for (const filter of [0, 1, 2, 3, 4, [4, 3, 1], [2, 0, 4]]) {
      const r = read(image(2, RGB, 3, filter));
      expect(r.rows, JSON.stringify(filter)).toEqual(RGB);
      expect([r.color, r.size]).toEqual([2, [3, 3]]);
    }
  });

  it('Paeth breaks ties as the specification says: a before b before c', () => {
    // (1,1): a = 80, b = 110, c = 100: pa = pc = 10 < pb, a is taken; a = 4, b = 22, c = 10: pb = pc = 6 < pa, b is taken.
    for (const rows of [[[100, 110], [80, 77]], [[10, 22], [4, 99]]]) expect(read(image(0, rows, 1, 4)).rows).toEqual(rows);
  });

  it('grey stays grey; grey with alpha and RGBA are laid on white (0 transparent, 255 opaque, rounded in between)', () => {
    expect(read(image(0, [[0, 128, 255]], 1, 1))).toMatchObject({ color: 0, rows: [[0, 128, 255]] });
    // over(v, a) = round((v·a + 255·(255 − a)) / 255)
    expect(read(image(4, [[0, 0, 0, 255, 100, 128, 7, 1]], 2, 4))).toMatchObject({ color: 0, rows: [[255, 0, 177, 254]] });
    expect(read(image(6, [[10, 20, 30, 255, 10, 20, 30, 0, 200, 100, 0, 51]], 4, 3))).toMatchObject({ color: 2, rows: [[10, 20, 30, 255, 255, 255, 244, 224, 204]] });
  });

  it('with alpha or a palette, each row keeps its own pixels', () => {
    // Two rows of two pixels, each different: a pixel read from another row would show.
    expect(read(image(6, [[10, 20, 30, 255, 40, 50, 60, 255], [70, 80, 90, 255, 1, 2, 3, 0]], 4, 0))).toMatchObject({ color: 2, rows: [[10, 20, 30, 40, 50, 60], [70, 80, 90, 255, 255, 255]] });
    expect(read(image(4, [[10, 255, 20, 255], [30, 255, 40, 0]], 2, 0))).toMatchObject({ color: 0, rows: [[10, 20], [30, 255]] });
    const plte = chunk('PLTE', [1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4]);
    expect(read(image(3, [[0, 1], [2, 3]], 1, 0, [plte]))).toMatchObject({ rows: [[1, 1, 1, 2, 2, 2], [3, 3, 3, 4, 4, 4]] });
  });

  it('a palette image becomes RGB; tRNS gives the alpha of the first entries only', () => {
    const plte = chunk('PLTE', [255, 0, 0, 0, 0, 255, 0, 128, 0]);
    const trns = chunk('tRNS', [0]);
    const r = read(image(3, [[0, 1, 2]], 1, 0, [plte, trns]));
    expect(r).toMatchObject({ color: 2, rows: [[255, 255, 255, 0, 0, 255, 0, 128, 0]] });
    expect(read(image(3, [[2, 0]], 1, 0, [plte]))).toMatchObject({ rows: [[0, 128, 0, 255, 0, 0]] });
    // every channel of every entry is read at its place
    expect(read(image(3, [[1, 0]], 1, 0, [chunk('PLTE', [1, 2, 3, 40, 50, 60])]))).toMatchObject({ rows: [[40, 50, 60, 1, 2, 3]] });
  });

  it('image data split over several IDAT chunks is read whole', () => {
    const data = deflateSync(filtered(RGB, 3, 2));
    expect(read(png({ width: 3, height: 3, color: 2, idat: [data.subarray(0, 5), data.subarray(5, 9), data.subarray(9)] })).rows).toEqual(RGB);
  });

  it('what albo cannot read is refused with the reason', () => {
    const ok = image(2, RGB, 3);
    const error = (b: Uint8Array) => readStemma(b).error;
    expect(error(new TextEncoder().encode('GIF89a…'))).toBe('il file non è un’immagine PNG');
    expect(error(ok.subarray(0, 7))).toBe('il file non è un’immagine PNG');
    // one byte of the signature wrong is enough; the signature alone is a PNG cut short
    expect(error(new Uint8Array([...SIGNATURE.slice(0, 7), 0, ...ok.subarray(8)]))).toBe('il file non è un’immagine PNG');
    expect(error(new Uint8Array(SIGNATURE))).toBe('il file PNG è troncato (manca la fine del file)');
    // the last chunk cut by one byte is a truncated chunk, not a missing end
    const noEnd = ok.subarray(0, ok.length - 12);
    expect(error(noEnd.subarray(0, noEnd.length - 1))).toBe('il file PNG è troncato');
    // an IHDR of the wrong length
    expect(error(new Uint8Array([...SIGNATURE, ...chunk('IHDR', new Array(12).fill(1)), ...chunk('IEND', [])]))).toBe('il file PNG non ha l’intestazione IHDR: è danneggiato');
    expect(error(ok.subarray(0, 50))).toBe('il file PNG è troncato');
    expect(error(ok.subarray(0, ok.length - 3))).toBe('il file PNG è troncato (manca la fine del file)');
    expect(error(png({ width: 3, height: 3, color: 2, idat: [deflateSync(filtered(RGB, 3, 0))], end: false }))).toBe('il file PNG è troncato (manca la fine del file)');
    expect(error(new Uint8Array([...SIGNATURE, ...chunk('IDAT', [1, 2]), ...chunk('IEND', [])]))).toBe('il file PNG non ha l’intestazione IHDR: è danneggiato');
    expect(error(png({ width: 0, height: 3, color: 2 }))).toBe('dimensioni dell’immagine non ammesse (0×3 pixel; al massimo 4000 per lato)');
    expect(error(png({ width: 3, height: 0, color: 2 }))).toBe('dimensioni dell’immagine non ammesse (3×0 pixel; al massimo 4000 per lato)');
    expect(error(png({ width: 4001, height: 1, color: 2 }))).toBe('dimensioni dell’immagine non ammesse (4001×1 pixel; al massimo 4000 per lato)');
    expect(error(png({ width: 1, height: 4001, color: 2 }))).toBe('dimensioni dell’immagine non ammesse (1×4001 pixel; al massimo 4000 per lato)');
    // 4000 is allowed: the check passes and the missing image data is what is reported.
    expect(error(png({ width: 4000, height: 4000, color: 2 }))).toBe('il file PNG non contiene dati d’immagine');
    expect(error(png({ width: 3, height: 3, color: 2, depth: 16 }))).toBe('PNG a 16 bit: albo legge PNG a 8 bit non interlacciati');
    expect(error(png({ width: 3, height: 3, color: 2, interlace: 1 }))).toBe('PNG a 8 bit, interlacciato: albo legge PNG a 8 bit non interlacciati');
    expect(error(png({ width: 3, height: 3, color: 1 }))).toBe('PNG a 8 bit: albo legge PNG a 8 bit non interlacciati');
    expect(error(png({ width: 3, height: 3, color: 2, idat: [Buffer.from([1, 2, 3])] }))).toBe('i dati dell’immagine PNG sono danneggiati');
    expect(error(png({ width: 3, height: 3, color: 2, idat: [deflateSync(filtered(RGB, 3, 0).subarray(0, 29))] }))).toBe('i dati dell’immagine PNG sono incompleti');
    const bad = filtered(RGB, 3, 0);
    bad[10] = 5;
    expect(error(png({ width: 3, height: 3, color: 2, idat: [deflateSync(bad)] }))).toBe('filtro PNG sconosciuto (5): il file è danneggiato');
    expect(error(image(3, [[0]], 1))).toBe('il PNG a colori indicizzati non ha la tavolozza (PLTE): è danneggiato');
    expect(error(image(3, [[0]], 1, 0, [chunk('PLTE', [1, 2, 3, 4])]))).toBe('il PNG a colori indicizzati non ha la tavolozza (PLTE): è danneggiato');
    expect(error(image(3, [[0, 2]], 1, 0, [chunk('PLTE', [1, 2, 3, 4, 5, 6])]))).toBe('il PNG usa un colore fuori dalla sua tavolozza: è danneggiato');
  });
});
