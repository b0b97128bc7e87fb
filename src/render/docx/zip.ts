import { createHash } from 'node:crypto';
import { crc32, inflateRawSync } from 'node:zlib';
import { deflateSync } from 'fflate';
import { cached } from '../../load/result-cache.js';

/**
 * A deterministic zip writer for DOCX packages: entries in the order given, DEFLATE level 6, every date
 * 1 January 1980 (the zip epoch), no extra fields: the same bytes as fflate's zipSync with those options
 * (what albo wrote before, so a DOCX does not change with this writer; fflate's deflate, not zlib's,
 * whose stream differs). Large entries that repeat from document to document
 * (the embedded fonts, about 95% of a card's DOCX) are compressed once per process: their compressed
 * bytes are kept by content hash, so each later document only compresses its own XML; and kept between
 * runs in albo's cache (src/load/result-cache.ts): compressing the four fonts cost about 90 ms of every
 * build that writes a DOCX, a good part of a one-card edit (issue #20).
 */

interface Compressed {
  crc: number;
  size: number;
  data: Uint8Array;
}

/** Entries at least this large are remembered: the fonts (tens of KB), not a document's XML. */
const REMEMBER_FROM = 16 * 1024;
const remembered = new Map<string, Compressed>();
/** Tests only: forget what this process compressed, as a new process would. */
export const forgetCompressed = (): void => remembered.clear();

const deflate = (data: Uint8Array): Compressed => ({ crc: crc32(data), size: data.length, data: deflateSync(data, { level: 6 }) });

/** A large entry as kept between runs: the compressed bytes in base64 (the cache keeps JSON). */
interface KeptEntry {
  crc: number;
  size: number;
  deflated: string;
}
const isKeptEntry = (size: number) => (x: unknown): x is KeptEntry => {
  const k = x as Partial<KeptEntry> | null;
  return typeof k === 'object' && k !== null && Number.isInteger(k.crc) && k.size === size && typeof k.deflated === 'string';
};
/** Fonts change with albo only: a few entries. */
const MAX_KEPT = 20;

function compress(data: Uint8Array): Compressed {
  if (data.length < REMEMBER_FROM) return deflate(data);
  const key = createHash('sha256').update(data).digest('hex');
  const known = remembered.get(key);
  if (known) return known;
  const kept = cached(
    'zip',
    [data],
    () => {
      const made = deflate(data);
      return { crc: made.crc, size: made.size, deflated: Buffer.from(made.data).toString('base64') };
    },
    isKeptEntry(data.length),
    undefined,
    MAX_KEPT,
  );
  const stored = new Uint8Array(Buffer.from(kept.deflated, 'base64'));
  // What is read back must give back these very bytes (an entry edited or cut would make a broken
  // DOCX): inflating is a fraction of a millisecond; else compressed here.
  const sound = (() => {
    try {
      return Buffer.from(inflateRawSync(stored)).equals(data) && kept.crc === crc32(data);
    } catch {
      return false;
    }
  })();
  const result = sound ? { crc: kept.crc, size: kept.size, data: stored } : deflate(data);
  remembered.set(key, result);
  return result;
}

/** DOS date of 1980-01-01 (day 1, month 1, year 0), time 00:00:00. */
const DOS_DATE = (1 << 5) | 1;
const DOS_TIME = 0;

export function zipDeterministic(files: ReadonlyArray<readonly [string, Uint8Array]>): Uint8Array {
  const parts: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const [name, data] of files) {
    const c = compress(data);
    const nameBytes = Buffer.from(name, 'utf8');
    const utf8 = /[^\x20-\x7e]/.test(name) ? 0x0800 : 0;
    // The local header and the central directory entry share these fields, at different offsets.
    const fields = (buf: Buffer, at: number) => {
      buf.writeUInt16LE(utf8, at);
      buf.writeUInt16LE(8, at + 2);
      buf.writeUInt16LE(DOS_TIME, at + 4);
      buf.writeUInt16LE(DOS_DATE, at + 6);
      buf.writeUInt32LE(c.crc, at + 8);
      buf.writeUInt32LE(c.data.length, at + 12);
      buf.writeUInt32LE(c.size, at + 16);
      buf.writeUInt16LE(nameBytes.length, at + 20);
    };
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    fields(local, 6);
    const entry = Buffer.alloc(46);
    entry.writeUInt32LE(0x02014b50, 0);
    entry.writeUInt16LE(20, 4);
    entry.writeUInt16LE(20, 6);
    fields(entry, 8);
    entry.writeUInt32LE(offset, 42);
    central.push(entry, nameBytes);
    parts.push(local, nameBytes, c.data);
    offset += local.length + nameBytes.length + c.data.length;
  }
  const centralSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(files.length, 8);
  end.writeUInt16LE(files.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return new Uint8Array(Buffer.concat([...parts, ...central, end]));
}
