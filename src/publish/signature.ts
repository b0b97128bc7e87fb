import { createHash } from 'node:crypto';
import { inflateSync } from 'node:zlib';
import * as asn1js from 'asn1js';
import * as pkijs from 'pkijs';
import { dictEntries } from './pdf-dict.js';

/**
 * Offline checks of a signed act against the PDF albo generated: PAdES (the generated PDF plus an
 * incremental update carrying the signature) or CAdES (.p7m envelope holding the generated PDF). Each
 * check has a name, so a refusal says which one failed. The trust chain and revocation of the signer's
 * certificate are NOT checked: that needs the qualified trust list and OCSP/CRL online.
 */

/** A PDF albo generated, as candidate for what was signed. */
export interface GeneratedPdf {
  /** Name shown to people (path under out/). */
  name: string;
  bytes: Uint8Array;
}

export interface SignatureRecord {
  formato: 'PAdES' | 'CAdES';
  /** Signer's name from the certificate (CN, or given name and surname). */
  firmatario: string;
  /** Certificate serial number, hexadecimal. */
  seriale_certificato: string;
  emittente: string;
  certificato_valido_dal: string;
  certificato_valido_al: string;
  /** Signing time claimed in the signature (signed attribute, or /M of the PDF signature), ISO 8601; null if absent. */
  data_firma: string | null;
  algoritmo_impronta: string;
  /** What was not checked, said plainly. */
  non_verificato: string;
}

export type SignatureCheck =
  | { ok: true; act: GeneratedPdf; record: SignatureRecord; warnings: string[] }
  | { ok: false; check: string; message: string };

const fail = (check: string, message: string): SignatureCheck => ({ ok: false, check, message });

export const NOT_CHECKED = 'catena di certificazione e revoca del certificato non verificate (la verifica offline non può consultare l\'elenco dei certificatori qualificati né OCSP/CRL)';

const DIGESTS: Record<string, string> = {
  '2.16.840.1.101.3.4.2.1': 'sha256',
  '2.16.840.1.101.3.4.2.2': 'sha384',
  '2.16.840.1.101.3.4.2.3': 'sha512',
  '1.3.14.3.2.26': 'sha1',
};
const OID = { messageDigest: '1.2.840.113549.1.9.4', signingTime: '1.2.840.113549.1.9.5', signedData: '1.2.840.113549.1.7.2', cn: '2.5.4.3', givenName: '2.5.4.42', surname: '2.5.4.4', o: '2.5.4.10' };

const latin1 = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('latin1');
const buf = (b: Uint8Array) => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

function nameOf(name: pkijs.RelativeDistinguishedNames, ...types: string[]): string | undefined {
  const parts = types.map((t) => name.typesAndValues.find((tv) => tv.type === t)?.value.valueBlock.value as string | undefined);
  return parts.every(Boolean) ? parts.join(' ') : undefined;
}

/** Parses a CMS SignedData (DER; trailing zero padding of a PDF /Contents is ignored). */
function parseSignedData(der: Uint8Array): pkijs.SignedData | undefined {
  try {
    const asn1 = asn1js.fromBER(der);
    if (asn1.offset === -1) return undefined;
    const info = new pkijs.ContentInfo({ schema: asn1.result });
    if (info.contentType !== OID.signedData) return undefined;
    return new pkijs.SignedData({ schema: info.content });
  } catch {
    return undefined;
  }
}

/** The enveloped content of an attached SignedData (an OCTET STRING, possibly in constructed chunks). */
function envelopedContent(sd: pkijs.SignedData): Uint8Array | undefined {
  const e = sd.encapContentInfo.eContent;
  if (!e) return undefined;
  if (e.idBlock.isConstructed) return Buffer.concat((e.valueBlock.value as asn1js.OctetString[]).map((c) => Buffer.from(c.valueBlock.valueHexView)));
  return new Uint8Array(e.valueBlock.valueHexView);
}

/**
 * The checks common to PAdES and CAdES: one signer, its certificate present, the digest of the signed
 * bytes equal to the signed messageDigest attribute, the signature valid for the certificate's key, the
 * certificate valid at the claimed signing time.
 */
async function checkCms(sd: pkijs.SignedData, signed: Uint8Array, pdfTime: string | undefined, format: 'PAdES' | 'CAdES'): Promise<{ record: SignatureRecord } | SignatureCheck> {
  if (sd.signerInfos.length !== 1) return fail('firmatario unico', `la firma ha ${sd.signerInfos.length} firmatari: albo ne verifica uno per file`);
  const signer = sd.signerInfos[0]!;
  const digestName = DIGESTS[signer.digestAlgorithm.algorithmId];
  if (!digestName || digestName === 'sha1') return fail('algoritmo di impronta', `algoritmo di impronta non ammesso (${digestName ?? signer.digestAlgorithm.algorithmId}): servono SHA-256 o superiore`);
  const attrs = signer.signedAttrs?.attributes ?? [];
  const md = attrs.find((a) => a.type === OID.messageDigest)?.values[0] as asn1js.OctetString | undefined;
  if (!md) return fail('attributi firmati', 'la firma non contiene l\'impronta del documento firmato (attributo messageDigest)');
  const digest = createHash(digestName).update(signed).digest();
  if (!digest.equals(Buffer.from(md.valueBlock.valueHexView))) {
    return fail('impronta dei byte firmati', 'l\'impronta dei byte firmati non corrisponde a quella registrata nella firma: il file è stato modificato dopo la firma');
  }
  const cert = (sd.certificates ?? []).find((c): c is pkijs.Certificate => c instanceof pkijs.Certificate && matchesSigner(c, signer));
  if (!cert) return fail('certificato del firmatario', 'la firma non contiene il certificato del firmatario');
  let verified = false;
  try {
    const data = signed.buffer.slice(signed.byteOffset, signed.byteOffset + signed.byteLength) as ArrayBuffer;
    const result = await sd.verify({ signer: 0, data, checkChain: false, extendedMode: true });
    verified = result.signatureVerified === true;
  } catch {
    verified = false;
  }
  if (!verified) return fail('firma crittografica', 'la firma non è valida per la chiave del certificato che contiene');
  const signingAttr = attrs.find((a) => a.type === OID.signingTime)?.values[0] as asn1js.UTCTime | asn1js.GeneralizedTime | undefined;
  const time = signingAttr ? signingAttr.toDate().toISOString() : pdfTime;
  const from = cert.notBefore.value;
  const to = cert.notAfter.value;
  if (time && (new Date(time) < from || new Date(time) > to)) {
    return fail('validità del certificato', `il certificato era valido dal ${from.toISOString().slice(0, 10)} al ${to.toISOString().slice(0, 10)}, la firma dichiara la data ${time.slice(0, 10)}`);
  }
  return {
    record: {
      formato: format,
      // Qualified certificates carry given name and surname; their CN may add a tax code ("ROSSI MARIO/RSSMRA…").
      firmatario: nameOf(cert.subject, OID.givenName, OID.surname) ?? nameOf(cert.subject, OID.cn) ?? 'sconosciuto',
      seriale_certificato: Buffer.from(cert.serialNumber.valueBlock.valueHexView).toString('hex'),
      emittente: nameOf(cert.issuer, OID.cn) ?? nameOf(cert.issuer, OID.o) ?? 'sconosciuto',
      certificato_valido_dal: from.toISOString(),
      certificato_valido_al: to.toISOString(),
      data_firma: time ?? null,
      algoritmo_impronta: digestName.toUpperCase().replace('SHA', 'SHA-'),
      non_verificato: NOT_CHECKED,
    },
  };
}

function matchesSigner(cert: pkijs.Certificate, signer: pkijs.SignerInfo): boolean {
  const sid = signer.sid;
  if (sid instanceof pkijs.IssuerAndSerialNumber) return cert.issuer.isEqual(sid.issuer) && cert.serialNumber.isEqual(sid.serialNumber);
  return true;
}

/** PDF date (D:20240405103000Z, D:20240405123000+02'00') to ISO 8601. */
function pdfDate(s: string | undefined): string | undefined {
  const m = s && /^D:(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})(Z|([+-])(\d{2})'?(\d{2})'?)?/.exec(s);
  if (!m) return undefined;
  const zone = !m[7] || m[7] === 'Z' ? 'Z' : `${m[8]}${m[9]}:${m[10]}`;
  const d = new Date(`${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}${zone}`);
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString();
}

/** The indirect objects an incremental update (re)defines: number and dictionary text, object streams opened. */
function updateObjects(update: string): { num: number; body: string }[] {
  const out: { num: number; body: string }[] = [];
  const re = /(\d+)\s+\d+\s+obj\b([\s\S]*?)endobj/g;
  for (const m of update.matchAll(re)) {
    const num = Number(m[1]);
    const body = m[2]!;
    out.push({ num, body });
    if (/\/Type\s*\/ObjStm\b/.test(body)) {
      const stream = /stream\r?\n([\s\S]*)endstream/.exec(body)?.[1];
      if (!stream) continue;
      let data: string;
      try {
        data = /\/FlateDecode/.test(body) ? inflateSync(Buffer.from(stream, 'latin1')).toString('latin1') : stream;
      } catch {
        continue;
      }
      const first = Number(/\/First\s+(\d+)/.exec(body)?.[1] ?? 0);
      const pairs = data.slice(0, first).trim().split(/\s+/).map(Number);
      for (let i = 0; i < pairs.length; i += 2) out.push({ num: pairs[i]!, body: data.slice(first + pairs[i + 1]!, i + 3 < pairs.length ? first + pairs[i + 3]! : undefined) });
    }
  }
  return out;
}

/** An original object's dictionary, by number (pdfkit writes plain objects). */
function originalObject(pdf: string, num: number): string | undefined {
  return new RegExp(`(?:^|\\n)${num}\\s+0\\s+obj\\b([\\s\\S]*?)endobj`).exec(pdf)?.[1];
}

/** Entries a signing application may add to or change in the catalog: none of them changes what the pages show. */
const CATALOG_FREE = new Set(['AcroForm', 'DSS', 'Perms', 'Extensions', 'Metadata', 'Version']);
/** Entries it may add to or change in a page: the signature widget among the annotations, and their tab order. */
const PAGE_FREE = new Set(['Annots', 'Tabs']);

/** The first entry (in the act's order, then the update's) whose value differs and that may not change. */
function changedEntry(old: Map<string, string>, now: Map<string, string>, free: ReadonlySet<string>): string | undefined {
  for (const key of new Set([...old.keys(), ...now.keys()])) if (!free.has(key) && old.get(key) !== now.get(key)) return key;
  return undefined;
}

/** The number of the act's document information dictionary (the trailer's /Info). */
const infoNumber = (pdf: string) => [...pdf.matchAll(/trailer\s*<<[\s\S]*?\/Info\s+(\d+)\s+\d+\s+R/g)].pop()?.[1];

/**
 * What the update after the generated bytes may do: add the signature (field, widget, signature
 * dictionary, appearance, validation data), update the document information and the XMP metadata, and
 * redefine the catalog and the pages only to reference the signature. Every other entry of a redefined
 * catalog or page must stay as it was (a changed /MediaBox, /Rotate or /OpenAction changes what the act
 * shows or does); any other object of the act is untouchable.
 */
function updateProblem(original: string, update: string): string | undefined {
  const info = infoNumber(original);
  for (const { num, body } of updateObjects(update)) {
    const old = originalObject(original, num);
    // A new object (the signature's, a cross-reference or object stream) is free; one that takes the number of
    // an object of the act replaces it, whatever its /Type says (a stream marked /XRef still draws as content).
    if (old === undefined) continue;
    // The signing application may update dates and producer; the PDF/A self-check reads the last XMP packet.
    if (String(num) === info) continue;
    const before = dictEntries(old);
    const type = before?.get('Type');
    if (type === '/Metadata') continue;
    if (type === '/Catalog' || type === '/Page') {
      const after = dictEntries(body);
      // An update whose dictionary cannot be read is a change of every entry.
      const key = after ? changedEntry(before!, after, type === '/Catalog' ? CATALOG_FREE : PAGE_FREE) : null;
      if (key === undefined) continue;
      if (type === '/Page') return `l'aggiornamento cambia la pagina (oggetto ${num}${key ? `, voce /${key}` : ''})`;
      if (key === null) return `l'aggiornamento ridefinisce l'oggetto ${num} dell'atto`;
      if (key === 'Pages') return `l'aggiornamento sostituisce l'albero delle pagine (oggetto ${num})`;
      return `l'aggiornamento cambia la voce /${key} del catalogo (oggetto ${num})`;
    }
    return `l'aggiornamento ridefinisce l'oggetto ${num} dell'atto`;
  }
  return undefined;
}

/** PAdES: the signed PDF is a generated PDF plus an incremental update carrying the signature. */
export async function checkPades(bytes: Uint8Array, generated: readonly GeneratedPdf[]): Promise<SignatureCheck> {
  const pdf = latin1(bytes);
  const ranges = [...pdf.matchAll(/\/ByteRange\s*\[\s*(\d+)\s+(\d+)\s+(\d+)\s+(\d+)\s*\]/g)];
  if (!ranges.length) return fail('firma PAdES', 'il PDF non contiene una firma digitale (manca /ByteRange): è il PDF non firmato, o è stato firmato in un altro formato');
  if (ranges.length > 1) return fail('firma PAdES', `il PDF contiene ${ranges.length} firme: albo ne verifica una per file`);
  const [a, b, c, d] = ranges[0]!.slice(1, 5).map(Number) as [number, number, number, number];
  const contents = pdf.slice(b, c);
  if (a !== 0 || b >= c || c + d !== bytes.length || !/^<[0-9A-Fa-f\s]*>$/.test(contents)) {
    return fail('intervallo firmato', `la firma (/ByteRange [${a} ${b} ${c} ${d}]) non copre tutto il file (${bytes.length} byte) tranne la firma stessa: il file è stato modificato o ri-salvato dopo la firma`);
  }
  const sd = parseSignedData(Buffer.from(contents.slice(1, -1).replace(/\s+/g, ''), 'hex'));
  if (!sd) return fail('busta CMS', 'la firma nel PDF non è una busta CMS leggibile');
  const signedBytes = Buffer.concat([buf(bytes).subarray(0, b), buf(bytes).subarray(c)]);
  const sigDict = pdf.slice(pdf.lastIndexOf('obj', b), pdf.indexOf('endobj', c));
  const checked = await checkCms(sd, signedBytes, pdfDate(/\/M\s*\(([^)]*)\)/.exec(sigDict)?.[1]), 'PAdES');
  if ('ok' in checked) return checked;
  const act = generated.find((g) => g.bytes.length <= b && buf(bytes).subarray(0, g.bytes.length).equals(buf(g.bytes)));
  if (!act) {
    return fail('atto generato', 'i byte prima della firma non sono un PDF generato da albo per questo atto (impronte in out/.albo-manifest.json): è stato firmato un altro atto, o un PDF ri-esportato o modificato. Firma il PDF in out/ così com\'è');
  }
  const problem = updateProblem(latin1(act.bytes), pdf.slice(act.bytes.length));
  if (problem) return fail('aggiornamento incrementale', `${problem}: dopo il PDF generato il file può solo aggiungere la firma`);
  return { ok: true, act, record: checked.record, warnings: [] };
}

/** CAdES: a .p7m envelope whose content is byte for byte a generated PDF. */
export async function checkCades(bytes: Uint8Array, generated: readonly GeneratedPdf[]): Promise<SignatureCheck> {
  let der = bytes;
  // Some signing applications save the envelope in Base64.
  const text = latin1(bytes.subarray(0, 64));
  if (/^[A-Za-z0-9+/=\s]+$/.test(text) && text.startsWith('MI')) der = Buffer.from(latin1(bytes), 'base64');
  const sd = parseSignedData(der);
  const content = sd && envelopedContent(sd);
  if (!sd || !content) return fail('busta CAdES', 'il file non è una busta CAdES (.p7m) con il documento incluso');
  const checked = await checkCms(sd, content, undefined, 'CAdES');
  if ('ok' in checked) return checked;
  const act = generated.find((g) => buf(g.bytes).equals(buf(content)));
  if (!act) return fail('atto generato', 'il documento nella busta .p7m non è identico a un PDF generato da albo per questo atto (impronte in out/.albo-manifest.json)');
  return { ok: true, act, record: checked.record, warnings: [] };
}

/** Either format, by content: a PDF is checked as PAdES, anything else as a CAdES envelope. */
export function checkSigned(bytes: Uint8Array, generated: readonly GeneratedPdf[]): Promise<SignatureCheck> {
  return latin1(bytes.subarray(0, 5)) === '%PDF-' ? checkPades(bytes, generated) : checkCades(bytes, generated);
}

/** Whether the certificate's name is the person in the act's signature block (word order and case aside). */
export function sameSigner(certName: string, actName: string): boolean {
  const words = (s: string) =>
    s
      .normalize('NFD')
      .replace(/[\u0300-\u036f]/g, '')
      .toLowerCase()
      .split(/[^a-z']+/)
      .filter(Boolean)
      .sort()
      .join(' ');
  return words(certName) === words(actName);
}
