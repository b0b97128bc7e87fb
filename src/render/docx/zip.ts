import { createHash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { deflateSync } from 'fflate';

/**
 * A deterministic zip writer for DOCX packages: entries in the order given, DEFLATE level 6, every date
 * 1 January 1980 (the zip epoch), no extra fields: the same bytes as fflate's zipSync with those options
 * (what albo wrote before, so a DOCX does not change with this writer; fflate's deflate, not zlib's,
 * whose stream differs). Large entries that repeat from document to document
 * (the embedded fonts, about 95% of a card's DOCX) are compressed once per process: their compressed
 * bytes are kept by content hash, so each later document only compresses its own XML.
 */

interface Compressed {
  crc: number;
  size: number;
  data: Uint8Array;
}

/** Entries at least this large are remembered: the fonts (tens of KB), not a document's XML. */
const REMEMBER_FROM = 16 * 1024;
const remembered = new Map<string, Compressed>();

function compress(data: Uint8Array): Compressed {
  const key = data.length >= REMEMBER_FROM ? createHash('sha256').update(data).digest('hex') : undefined;
  const known = key ? remembered.get(key) : undefined;
  if (known) return known;
  const result = { crc: crc32(data), size: data.length, data: deflateSync(data, { level: 6 }) };
  if (key) remembered.set(key, result);
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
