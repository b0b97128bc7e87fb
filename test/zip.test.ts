import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { unzipSync, zipSync } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { useCodeStamp } from '../src/load/result-cache.js';
import { fontFiles } from '../src/render/fonts.js';
import { forgetCompressed, zipDeterministic } from '../src/render/docx/zip.js';

// The DOCX package writer: fflate's bytes (what albo wrote before it), and the large entries (the fonts)
// compressed once and kept between runs in albo's cache.
const font = new Uint8Array(readFileSync(fontFiles().normal));
const xml = new TextEncoder().encode('<?xml version="1.0"?><w:document>è – €</w:document>');
const entries: [string, Uint8Array][] = [
  ['[Content_Types].xml', xml],
  ['word/fonts/font1.odttf', font],
  ['word/document.xml', xml],
];
/** What fflate's own zip writes with albo's options. */
const fflate = () => zipSync(Object.fromEntries(entries), { level: 6, mtime: new Date(1980, 0, 1, 0, 0, 0) });

describe('the DOCX zip writer', () => {
  it("writes fflate's bytes, entries in order, and reads back the same files", () => {
    forgetCompressed();
    const zip = zipDeterministic(entries);
    expect(Buffer.from(zip).equals(Buffer.from(fflate()))).toBe(true);
    expect(Object.keys(unzipSync(zip))).toEqual(entries.map(([n]) => n));
    // the second time, from what this process remembers: the same bytes
    expect(Buffer.from(zipDeterministic(entries)).equals(Buffer.from(zip))).toBe(true);
  });

  describe('kept between runs', () => {
    let cache: string;
    let before: string | undefined;
    beforeEach(() => {
      cache = mkdtempSync(path.join(tmpdir(), 'albo-zip-kept-'));
      before = process.env.ALBO_CACHE;
      process.env.ALBO_CACHE = cache;
      useCodeStamp('prova');
      forgetCompressed();
    });
    afterEach(() => {
      useCodeStamp(undefined);
      if (before === undefined) delete process.env.ALBO_CACHE;
      else process.env.ALBO_CACHE = before;
      forgetCompressed();
      rmSync(cache, { recursive: true });
    });
    const kept = () => readdirSync(path.join(cache, 'zip'));

    it('a font is kept, an XML part is not; read back by a new process, not compressed again', () => {
      const zip = zipDeterministic(entries);
      expect(kept()).toHaveLength(1);
      const entry = path.join(cache, 'zip', kept()[0]!);
      expect(JSON.parse(readFileSync(entry, 'utf8')).size).toBe(font.length);
      forgetCompressed();
      utimesSync(entry, new Date(2000, 0, 1), new Date(2000, 0, 1));
      expect(Buffer.from(zipDeterministic(entries)).equals(Buffer.from(zip))).toBe(true);
      expect(statSync(entry).mtime.getFullYear()).toBe(2000);
      // What is read back is what goes in the package: another sound compression of the same bytes shows.
      const other = deflateRawSync(font, { level: 1 });
      const value = JSON.parse(readFileSync(entry, 'utf8'));
      writeFileSync(entry, JSON.stringify({ ...value, deflated: Buffer.from(other).toString('base64') }));
      forgetCompressed();
      const fromKept = zipDeterministic(entries);
      expect(Buffer.from(fromKept).includes(Buffer.from(other))).toBe(true);
      expect(unzipSync(fromKept)['word/fonts/font1.odttf']).toEqual(font);
    });

    it('an entry that does not give back the font, or is damaged, is not used: the package is the same as without cache', () => {
      zipDeterministic(entries);
      const entry = path.join(cache, 'zip', kept()[0]!);
      const value = JSON.parse(readFileSync(entry, 'utf8'));
      const cut = font.slice(0, font.length - 1);
      const damaged = [
        { ...value, deflated: Buffer.from(deflateRawSync(cut)).toString('base64') },
        { ...value, deflated: 'non è base64 di un deflate' },
        { ...value, crc: value.crc + 1 },
        { ...value, size: value.size - 1 },
        { ...value, crc: 1.5 },
        { ...value, deflated: 3 },
        null,
      ];
      for (const d of damaged) {
        writeFileSync(entry, JSON.stringify(d));
        forgetCompressed();
        expect(Buffer.from(zipDeterministic(entries)).equals(Buffer.from(fflate())), JSON.stringify(d).slice(0, 60)).toBe(true);
      }
    });
  });
});
