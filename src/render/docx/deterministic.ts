import { createHash } from 'node:crypto';
import { Packer, type Document } from 'docx';
import { strFromU8, strToU8, unzipSync } from 'fflate';
import { zipDeterministic } from './zip.js';


function guidBytes(guid: string): Uint8Array {
  const hex = guid.replace(/[{}-]/g, '');
  const bytes = new Uint8Array(16);
  for (let i = 0; i < 16; i++) bytes[i] = parseInt(hex.slice(30 - i * 2, 32 - i * 2), 16);
  return bytes;
}

/** ECMA-376 font obfuscation: the first 32 bytes XOR the key's bytes (reversed). Its own inverse. */
function xorFont(data: Uint8Array, guid: string): Uint8Array<ArrayBuffer> {
  const key = guidBytes(guid);
  const out = new Uint8Array(data.length);
  out.set(data);
  for (let i = 0; i < 32; i++) out[i]! ^= key[i % 16]!;
  return out;
}

function stableGuid(data: Uint8Array): string {
  const h = createHash('sha256').update(data).digest('hex').toUpperCase();
  return `{${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}}`;
}

const escapeXml = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/**
 * Makes a DOCX byte-identical across runs: the docx package stamps the clock into core.xml, zips with the
 * current time and draws random font keys and relationship ids. We fix the dates to the document's own
 * date, re-key embedded fonts from their content, renumber random ids, and re-zip with a fixed time.
 * It also writes the document's language into the core properties (dc:language), which docx has no
 * option for: readers that announce or index a document by its language find it there.
 */
export function normalizeDocx(input: Uint8Array, isoDate: string, language?: string): Uint8Array {
  return zipDeterministic(Object.entries(normalizeParts(unzipSync(input), isoDate, language)));
}

/** docx's own compiler: the package's parts by path, in its zip order, before docx zips them. */
const compiler = (Packer as unknown as { compiler: { compile(file: Document): Map<string, string | Uint8Array | ArrayBuffer> } }).compiler;

/**
 * The document as DOCX bytes: docx's parts, normalized as by normalizeDocx, zipped once (Packer would
 * zip them, and normalizing would unzip and zip again: three passes over the fonts instead of none).
 */
export function packDocx(document: Document, isoDate: string, language?: string): Uint8Array {
  const parts: Record<string, Uint8Array> = {};
  for (const [name, data] of compiler.compile(document)) {
    parts[name] = typeof data === 'string' ? strToU8(data) : ArrayBuffer.isView(data) ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength) : new Uint8Array(data);
  }
  return zipDeterministic(Object.entries(normalizeParts(parts, isoDate, language)));
}

function normalizeParts(files: Record<string, Uint8Array>, isoDate: string, language?: string): Record<string, Uint8Array> {
  const stamp = `${isoDate}T00:00:00Z`;
  const core = files['docProps/core.xml'];
  if (core) {
    let xml = strFromU8(core)
      .replace(/(<dcterms:created[^>]*>)[^<]*(<\/dcterms:created>)/, `$1${stamp}$2`)
      .replace(/(<dcterms:modified[^>]*>)[^<]*(<\/dcterms:modified>)/, `$1${stamp}$2`);
    if (language) {
      // The core properties are an xsd:all: any place is valid; after the title, where people look.
      const element = `<dc:language>${escapeXml(language)}</dc:language>`;
      xml = xml.replace(/<dc:language>[^<]*<\/dc:language>/, '');
      xml = /<\/dc:title>/.test(xml) ? xml.replace(/<\/dc:title>/, `</dc:title>${element}`) : xml.replace(/<\/cp:coreProperties>/, `${element}</cp:coreProperties>`);
    }
    files['docProps/core.xml'] = strToU8(xml);
  }
  const table = files['word/fontTable.xml'];
  const rels = files['word/_rels/fontTable.xml.rels'];
  if (table && rels) {
    const targets = new Map([...strFromU8(rels).matchAll(/Id="([^"]+)"[^>]*Target="([^"]+)"/g)].map((m) => [m[1]!, `word/${m[2]!}`]));
    let xml = strFromU8(table);
    xml = xml.replace(/<w:(embed\w+) r:id="([^"]+)" w:fontKey="(\{[^}]+\})"\/>/g, (all, tag: string, rid: string, key: string) => {
      const path = targets.get(rid);
      const data = path ? files[path] : undefined;
      if (!path || !data) return all;
      const plain = xorFont(data, key);
      const stable = stableGuid(plain);
      files[path] = xorFont(plain, stable);
      return `<w:${tag} r:id="${rid}" w:fontKey="${stable}"/>`;
    });
    files['word/fontTable.xml'] = strToU8(xml);
  }
  // Relationship ids that are not rIdN are random (hyperlinks): renumber them in order of appearance.
  const random = new Map<string, string>();
  const docRels = files['word/_rels/document.xml.rels'];
  if (docRels) {
    for (const m of strFromU8(docRels).matchAll(/Id="([^"]+)"/g)) {
      if (!/^rId\d+$/.test(m[1]!) && !random.has(m[1]!)) random.set(m[1]!, `rIdL${random.size + 1}`);
    }
  }
  if (random.size) {
    for (const name of ['word/_rels/document.xml.rels', 'word/document.xml']) {
      const f = files[name];
      if (!f) continue;
      let xml = strFromU8(f);
      for (const [from, to] of random) xml = xml.split(`"${from}"`).join(`"${to}"`);
      files[name] = strToU8(xml);
    }
  }
  // Heading bookmarks for the index are numbered by a counter shared by every document the process writes
  // (_Toc64 in one build, _Toc12 in another): renumber them, and bookmark ids, in order of appearance.
  const doc = files['word/document.xml'];
  if (doc) {
    const renumber = (xml: string, pattern: RegExp, name: (n: number) => string) => {
      const seen = new Map<string, string>();
      return xml.replace(pattern, (_all, before: string, id: string, after: string) => {
        if (!seen.has(id)) seen.set(id, name(seen.size + 1));
        return `${before}${seen.get(id)}${after}`;
      });
    };
    let xml = strFromU8(doc);
    xml = renumber(xml, /(w:anchor="|w:name="|PAGEREF )(_Toc\d+)( |")/g, (n) => `_Toc${n}`);
    xml = renumber(xml, /(<w:bookmark(?:Start|End)[^>]*? w:id=")(\d+)(")/g, (n) => String(n));
    files['word/document.xml'] = strToU8(xml);
  }
  // Drawing ids (the letterhead's coat of arms) come from a counter shared by every document the process
  // writes: renumber them from 1, part by part in name order.
  let drawing = 0;
  for (const name of Object.keys(files).filter((n) => /^word\/[^/]+\.xml$/.test(n)).sort()) {
    const xml = strFromU8(files[name]!);
    if (!/<(wp:docPr|pic:cNvPr) /.test(xml)) continue;
    const ids = new Map<string, number>();
    files[name] = strToU8(
      xml.replace(/(<(?:wp:docPr|pic:cNvPr) id=")(\d+)(")/g, (_all, before: string, id: string, after: string) => {
        if (!ids.has(id)) ids.set(id, ++drawing);
        return `${before}${ids.get(id)}${after}`;
      }),
    );
  }
  return files;
}
