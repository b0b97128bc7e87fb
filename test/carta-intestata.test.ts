import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { crc32, deflateSync, inflateSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { validateConfig } from '../src/build/project.js';
import { validTaxNumber } from '../src/config.js';
import { formatDiagnostic } from '../src/diagnostics.js';
import { readStemma } from '../src/load/png.js';
import { letterheadLines } from '../src/render/letterhead.js';
import { albo } from './helpers/cli.js';
import { docxParts } from './helpers/extract.js';
import { ROOT } from './helpers/seed.js';
import { toolAvailable } from './helpers/tools.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'albo-carta-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** A PNG written by hand: 8-bit, the given colour type, unfiltered rows. */
function png(width: number, height: number, color: number, pixel: (x: number, y: number) => number[], extra: [string, number[]][] = []): Uint8Array {
  const chunk = (type: string, data: Uint8Array) => {
    const head = Buffer.alloc(8);
    head.writeUInt32BE(data.length, 0);
    head.write(type, 4, 'latin1');
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
    return Buffer.concat([head, data, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr.set([8, color, 0, 0, 0], 8);
  const rows: number[] = [];
  for (let y = 0; y < height; y++) {
    rows.push(0);
    for (let x = 0; x < width; x++) rows.push(...pixel(x, y));
  }
  return Buffer.concat([
    Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]),
    chunk('IHDR', ihdr),
    ...extra.map(([t, d]) => chunk(t, Buffer.from(d))),
    chunk('IDAT', deflateSync(Buffer.from(rows))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The pixels of an opaque 8-bit PNG written by readStemma (filter 0 rows). */
function pixelsOf(bytes: Uint8Array): { color: number; rows: number[][] } {
  const b = Buffer.from(bytes);
  const width = b.readUInt32BE(16);
  const color = b[25]!;
  const idat = b.subarray(b.indexOf('IDAT') + 4, b.indexOf('IEND') - 8);
  const raw = inflateSync(idat);
  const stride = width * (color === 2 ? 3 : 1) + 1;
  const rows: number[][] = [];
  for (let at = 0; at < raw.length; at += stride) rows.push([...raw.subarray(at + 1, at + stride)]);
  return { color, rows };
}

describe('the coat of arms (PNG)', () => {
  it('an RGBA image is laid on white: no alpha channel reaches the PDF/A or the DOCX', () => {
    // Opaque red, transparent, half-transparent blue.
    const rgba = png(3, 1, 6, (x) => [[255, 0, 0, 255], [0, 0, 0, 0], [0, 0, 255, 128]][x]!);
    const out = readStemma(rgba);
    expect(out.error).toBeUndefined();
    expect([out.stemma!.width, out.stemma!.height]).toEqual([3, 1]);
    const { color, rows } = pixelsOf(out.stemma!.png);
    expect(color).toBe(2); // RGB, no alpha
    expect(rows).toEqual([[255, 0, 0, 255, 255, 255, 127, 127, 255]]);
  });

  it('grey with alpha stays grey; a palette with transparent entries is flattened too; RGB is kept as it is', () => {
    const ga = pixelsOf(readStemma(png(2, 1, 4, (x) => [[0, 255], [0, 0]][x]!)).stemma!.png);
    expect(ga).toEqual({ color: 0, rows: [[0, 255]] });
    const pal = readStemma(png(2, 1, 3, (x) => [x], [['PLTE', [10, 20, 30, 0, 0, 0]], ['tRNS', [255, 0]]]));
    expect(pixelsOf(pal.stemma!.png)).toEqual({ color: 2, rows: [[10, 20, 30, 255, 255, 255]] });
    expect(pixelsOf(readStemma(png(1, 2, 2, (_x, y) => [y * 100, 7, 9])).stemma!.png)).toEqual({ color: 2, rows: [[0, 7, 9], [100, 7, 9]] });
  });

  it('refuses what it cannot read, saying why', () => {
    const good = png(2, 2, 2, () => [1, 2, 3]);
    expect(readStemma(new TextEncoder().encode('<svg xmlns="http://www.w3.org/2000/svg"/>')).error).toBe('il file non è un’immagine PNG');
    expect(readStemma(good.subarray(0, 40)).error).toMatch(/troncato/);
    const corrupt = Buffer.from(good);
    corrupt[corrupt.indexOf('IDAT') + 6] ^= 0xff; // inside the zlib stream
    expect(readStemma(corrupt).error).toMatch(/danneggiat/);
    const deep = Buffer.from(good);
    deep[24] = 16; // bit depth in IHDR
    expect(readStemma(deep).error).toBe('PNG a 16 bit: albo legge PNG a 8 bit non interlacciati');
  });
});

describe('carta_intestata in ente.yaml', () => {
  const yaml = (carta: string) => `ente:\n  nome: Comune di Prova\n  luogo: Prova\ncarta_intestata:\n${carta}`;
  const errors = (text: string) => validateConfig(new TextEncoder().encode(text), 'content/prova/ente.yaml').diagnostics.map(formatDiagnostic);

  it('the lines of the letterhead, from the fields the ente gives', () => {
    const { config } = validateConfig(new TextEncoder().encode(yaml('  provincia: Lucca\n  indirizzo: Piazza Aldo Moro, 1 – 55012 Capannori (LU)\n  pec: protocollo@pec.comune.prova.it\n  telefono: 0583 428\n  codice_fiscale: "00000000000"\n  partita_iva: "00000000000"\n  sito: www.comune.prova.it\n')), 'ente.yaml');
    expect(letterheadLines(config!)).toEqual({
      ente: 'Comune di Prova',
      provincia: 'Provincia di Lucca',
      righe: ['Piazza Aldo Moro, 1 – 55012 Capannori (LU)', 'Tel. 0583 428 · PEC protocollo@pec.comune.prova.it', 'C.F. e P.IVA 00000000000', 'www.comune.prova.it'],
    });
    const metro = validateConfig(new TextEncoder().encode(yaml('  provincia_dicitura: Città metropolitana di Torino\n  codice_fiscale: "01907990012"\n')), 'ente.yaml').config!;
    expect(letterheadLines(metro)).toEqual({ ente: 'Comune di Prova', provincia: 'Città metropolitana di Torino', righe: ['C.F. 01907990012'] });
  });

  it('tax codes have 11 digits and a matching check digit; unknown keys and an SVG coat of arms are located errors', () => {
    expect(validTaxNumber('00170780464')).toBe(true);
    expect(validTaxNumber('00170780465')).toBe(false);
    expect(validTaxNumber('0017078046')).toBe(false);
    expect(errors(yaml('  codice_fiscale: "00170780465"\n'))).toEqual([
      "content/prova/ente.yaml:5:19: errore: «carta_intestata.codice_fiscale»: l'ultima cifra (di controllo) non corrisponde alle altre: ricontrolla il numero",
    ]);
    expect(errors(yaml('  partita_iva: "IT0017078046"\n'))[0]).toMatch(/^content\/prova\/ente\.yaml:5:16: errore: «carta_intestata\.partita_iva»: scrivi le 11 cifre/);
    expect(errors(yaml('  stemma: stemma.svg\n'))[0]).toMatch(/^content\/prova\/ente\.yaml:5:11: errore: «carta_intestata\.stemma»: lo stemma è un'immagine PNG/);
    expect(errors(yaml('  provinca: Lucca\n')).join('\n')).toMatch(/^content\/prova\/ente\.yaml:5:3: errore: .*provinca[\s\S]*intendevi «provincia»/);
  });
});

describe('albo check and build with a letterhead', () => {
  /** The example ente alone (small and quick), with its letterhead. */
  function project(name: string): string {
    const dir = path.join(tmp, name);
    cpSync(path.join(ROOT, 'content', 'esempio-importi-fissi'), path.join(dir, 'content', 'esempio-importi-fissi'), { recursive: true });
    cpSync(path.join(ROOT, 'templates'), path.join(dir, 'templates'), { recursive: true });
    return dir;
  }
  const config = (dir: string) => path.join(dir, 'content', 'esempio-importi-fissi', 'ente.yaml');
  const stemmaLine = (dir: string) => readFileSync(config(dir), 'utf8').split('\n').findIndex((l) => l.includes('stemma: stemma.png')) + 1;

  it('a missing coat of arms is an error at its line in ente.yaml, with the file it probably meant', async () => {
    const dir = project('manca');
    writeFileSync(config(dir), readFileSync(config(dir), 'utf8').replace('stemma: stemma.png', 'stemma: stema.png'));
    const r = await albo(['check'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`content/esempio-importi-fissi/ente.yaml:${stemmaLine(project('riga'))}:11: errore: lo stemma «stema.png» non esiste nella cartella content/esempio-importi-fissi\n  suggerimento: intendevi «stemma.png»?`);
  });

  it('an unreadable image and a path outside the ente are errors too; build writes nothing', async () => {
    const dir = project('rotto');
    writeFileSync(path.join(dir, 'content', 'esempio-importi-fissi', 'stemma.png'), 'non un PNG');
    const line = stemmaLine(dir);
    const r = await albo(['build'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`content/esempio-importi-fissi/ente.yaml:${line}:11: errore: lo stemma «stemma.png» non è utilizzabile: il file non è un’immagine PNG`);
    expect(() => statSync(path.join(dir, 'out'))).toThrow();
    writeFileSync(config(dir), readFileSync(config(dir), 'utf8').replace('stemma: stemma.png', 'stemma: ../stemma.png'));
    expect((await albo(['check'], dir)).err).toContain(`ente.yaml:${line}:11: errore: lo stemma «../stemma.png» è fuori dalla cartella dell'ente`);
  });

  it.runIf(toolAvailable('pdfimages'))('the image is in the first page of every PDF and in the first-page header of every DOCX; a new image rebuilds the ente', async () => {
    const dir = project('costruisci');
    expect((await albo(['build'], dir)).code).toBe(0);
    const out = path.join(dir, 'out', 'esempio-importi-fissi', '2025');
    const pdf = path.join(out, 'avviso-2025-con-allegati.pdf');
    const images = execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' }).trim().split('\n').slice(2).map((l) => l.trim().split(/\s+/));
    // One image, on page 1, 320 × 400 RGB, no soft mask (PDF/A without transparency).
    expect(images.map((c) => [c[0], c[2], c[3], c[4], c[5]])).toEqual([['1', 'image', '320', '400', 'rgb']]);
    const docx = readFileSync(path.join(out, 'avviso-2025.docx'));
    const parts = docxParts(docx);
    const first = /<w:headerReference w:type="first" r:id="(rId\d+)"\/>/.exec(parts['word/document.xml']!)![1]!;
    const header = /Id="([^"]+)"[^>]*Target="(header\d+\.xml)"/g;
    const target = [...parts['word/_rels/document.xml.rels']!.matchAll(header)].find((m) => m[1] === first)![2]!;
    expect(parts['word/document.xml']).toContain('<w:titlePg/>');
    expect(parts[`word/${target}`]).toContain('<wp:docPr id="1" name="Stemma"');
    expect(parts[`word/${target}`]).toContain('Comune di Esempio');
    expect(parts[`word/${target}`]).toContain('C.F. e P.IVA 00000000000');
    const { unzipSync } = await import('fflate');
    const media = Object.entries(unzipSync(docx)).filter(([n]) => n.startsWith('word/media/'));
    expect(media).toHaveLength(1);
    expect(Buffer.from(media[0]![1]).equals(Buffer.from(readStemma(readFileSync(path.join(dir, 'content', 'esempio-importi-fissi', 'stemma.png'))).stemma!.png))).toBe(true);
    // The manifest lists the image among the inputs; a different image rewrites the ente's documents.
    const manifest = JSON.parse(readFileSync(path.join(dir, 'out', '.albo-manifest.json'), 'utf8'));
    expect(Object.keys(manifest.uscite['esempio-importi-fissi/2025/avviso-2025.pdf'].ingressi)).toContain('content/esempio-importi-fissi/stemma.png');
    const before = readFileSync(pdf);
    expect((await albo(['build'], dir)).out).toMatch(/invariat/);
    expect(readFileSync(pdf).equals(before)).toBe(true);
    writeFileSync(path.join(dir, 'content', 'esempio-importi-fissi', 'stemma.png'), png(4, 5, 2, () => [200, 30, 30]));
    expect((await albo(['build'], dir)).code).toBe(0);
    expect(readFileSync(pdf).equals(before)).toBe(false);
    expect(execFileSync('pdfimages', ['-list', pdf], { encoding: 'utf8' })).toMatch(/\n\s+1\s+0 image\s+4\s+5 /);
  }, 120_000);
});

