import { createHash, generateKeyPairSync, sign as rsaSign } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { checkCades, checkPades, checkSigned, NOT_CHECKED, sameSigner, type GeneratedPdf, type SignatureRecord } from '../src/publish/signature.js';

// The offline checks of a signed act (src/publish/signature.ts), one variant of the signed file per check: CMS
// envelopes and PAdES incremental updates are crafted here in DER by hand and signed with node:crypto, so that each field the
// checks read can be set or broken on its own. One RSA key signs everything (key generation is the slow part);
// the certificates differ only in their names, serials and validity.

const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
const SPKI = publicKey.export({ type: 'spki', format: 'der' });
/** The key identifier of a signer info naming its certificate by key: SHA-1 of the subject public key. */
const KEY_ID = createHash('sha1').update(publicKey.export({ type: 'pkcs1', format: 'der' })).digest();

const OIDS = {
  data: '1.2.840.113549.1.7.1',
  signedData: '1.2.840.113549.1.7.2',
  contentType: '1.2.840.113549.1.9.3',
  messageDigest: '1.2.840.113549.1.9.4',
  signingTime: '1.2.840.113549.1.9.5',
  rsa: '1.2.840.113549.1.1.1',
  sha256WithRsa: '1.2.840.113549.1.1.11',
  cn: '2.5.4.3',
  c: '2.5.4.6',
  o: '2.5.4.10',
  givenName: '2.5.4.42',
  surname: '2.5.4.4',
};
const DIGEST_OIDS = { sha256: '2.16.840.1.101.3.4.2.1', sha384: '2.16.840.1.101.3.4.2.2', sha512: '2.16.840.1.101.3.4.2.3', sha1: '1.3.14.3.2.26', md5: '1.2.840.113549.2.5' };
type Digest = keyof typeof DIGEST_OIDS;

// ---------------------------------------------------------------------------------------------------------
// DER, written by hand (fast, and every field under the test's control)

const length = (n: number) => {
  if (n < 0x80) return Buffer.from([n]);
  const bytes: number[] = [];
  for (let v = n; v > 0; v = Math.floor(v / 256)) bytes.unshift(v % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
};
const tlv = (tag: number, ...parts: Buffer[]) => {
  const body = Buffer.concat(parts);
  return Buffer.concat([Buffer.from([tag]), length(body.length), body]);
};
const seq = (...parts: Buffer[]) => tlv(0x30, ...parts);
const set = (...parts: Buffer[]) => tlv(0x31, ...parts);
const integer = (hex: string) => tlv(0x02, Buffer.from(hex, 'hex'));
const octets = (bytes: Buffer) => tlv(0x04, bytes);
const utf8 = (text: string) => tlv(0x0c, Buffer.from(text, 'utf8'));
const utcTime = (d: Date) => tlv(0x17, Buffer.from(`${d.toISOString().replace(/[-:T]/g, '').slice(2, 14)}Z`, 'latin1'));
const explicit0 = (...parts: Buffer[]) => tlv(0xa0, ...parts);
function oid(dotted: string): Buffer {
  const [x, y, ...rest] = dotted.split('.').map(Number);
  const out = [40 * x! + y!];
  for (const n of rest) {
    const bytes = [n & 0x7f];
    for (let v = n >>> 7; v > 0; v >>>= 7) bytes.unshift(0x80 | (v & 0x7f));
    out.push(...bytes);
  }
  return tlv(0x06, Buffer.from(out));
}
const algorithm = (id: string) => seq(oid(id), Buffer.from([0x05, 0x00]));

// ---------------------------------------------------------------------------------------------------------
// Certificates

type Rdn = [oid: string, value: string][];
interface CertSpec {
  subject?: Rdn;
  issuer?: Rdn;
  /** Hexadecimal, first byte below 0x80. */
  serial?: string;
  from?: Date;
  to?: Date;
}
interface Cert {
  der: Buffer;
  issuer: Buffer;
  serial: string;
}
const SIGNER: Rdn = [
  [OIDS.cn, 'Emanuele Pasquini'],
  [OIDS.o, 'Comune di Prova'],
  [OIDS.c, 'IT'],
];
const CA: Rdn = [
  [OIDS.cn, 'CA di prova per i test di albo'],
  [OIDS.c, 'IT'],
];

const name = (parts: Rdn) => seq(...parts.map(([type, value]) => set(seq(oid(type), utf8(value)))));

function makeCert(spec: CertSpec = {}): Cert {
  const serial = spec.serial ?? '0a1b2c3d4e';
  const issuer = name(spec.issuer ?? CA);
  const validity = seq(utcTime(spec.from ?? new Date('2024-01-01T00:00:00Z')), utcTime(spec.to ?? new Date('2027-12-31T23:59:59Z')));
  const tbs = seq(explicit0(integer('02')), integer(serial), algorithm(OIDS.sha256WithRsa), issuer, validity, name(spec.subject ?? SIGNER), SPKI);
  const signature = tlv(0x03, Buffer.from([0]), rsaSign('sha256', tbs, privateKey));
  return { der: seq(tbs, algorithm(OIDS.sha256WithRsa), signature), issuer, serial };
}

const CERT = makeCert();

// ---------------------------------------------------------------------------------------------------------
// CMS SignedData

interface CmsSpec {
  /** The signed bytes; enveloped unless detached. */
  content: Buffer;
  detached?: boolean;
  digest?: Digest;
  signingTime?: Date;
  /** The messageDigest attribute: computed (default), given, or left out. */
  messageDigest?: Buffer | 'none';
  /** No signed attributes at all: the signature covers the content directly. */
  noSignedAttrs?: boolean;
  /** The certificate the signer info names (issuer and serial, or its key identifier). */
  signer?: Cert;
  sid?: 'issuerSerial' | 'keyId' | 'otherKeyId';
  /** The certificates carried in the envelope (default: the signer's). */
  certs?: Cert[];
  signers?: number;
  tamperSignature?: boolean;
  /** ContentInfo's content type (default signedData). */
  contentType?: string;
  /** The enveloped content as one primitive OCTET STRING, or constructed in chunks of this size (default 65536). */
  chunk?: number | 'primitive';
  /** Outer ContentInfo in indefinite-length BER, optionally cut short of its end-of-contents octets. */
  ber?: 'indefinite' | 'truncated';
}

function signerInfo(spec: CmsSpec): Buffer {
  const digest = spec.digest ?? 'sha256';
  const signerCert = spec.signer ?? CERT;
  const byKey = spec.sid === 'keyId' || spec.sid === 'otherKeyId';
  const sid = byKey ? tlv(0x80, spec.sid === 'keyId' ? KEY_ID : createHash('sha1').update('un\'altra chiave').digest()) : seq(signerCert.issuer, integer(signerCert.serial));
  const hash = digest === 'md5' ? 'sha256' : digest;
  let toSign = spec.content;
  let signed = Buffer.alloc(0);
  if (!spec.noSignedAttrs) {
    const attributes = [seq(oid(OIDS.contentType), set(oid(OIDS.data)))];
    if (spec.messageDigest !== 'none') attributes.push(seq(oid(OIDS.messageDigest), set(octets(spec.messageDigest ?? createHash(hash).update(spec.content).digest()))));
    if (spec.signingTime) attributes.push(seq(oid(OIDS.signingTime), set(utcTime(spec.signingTime))));
    toSign = set(...attributes);
    signed = explicit0(...attributes);
  }
  const signature = rsaSign(hash, toSign, privateKey);
  if (spec.tamperSignature) signature[10] = signature[10]! ^ 0xff;
  return seq(integer(byKey ? '03' : '01'), sid, algorithm(DIGEST_OIDS[digest]), signed, algorithm(OIDS.rsa), octets(signature));
}

function cms(spec: CmsSpec): Buffer {
  let encap = seq(oid(OIDS.data));
  if (!spec.detached) {
    const chunk = spec.chunk ?? 65536;
    let content: Buffer;
    if (chunk === 'primitive') {
      content = octets(spec.content);
    } else {
      const pieces: Buffer[] = [];
      for (let i = 0; i < spec.content.length; i += chunk) pieces.push(octets(spec.content.subarray(i, i + chunk)));
      content = tlv(0x24, ...pieces);
    }
    encap = seq(oid(OIDS.data), explicit0(content));
  }
  const one = signerInfo(spec);
  const certs = spec.certs ?? [spec.signer ?? CERT];
  const sd = seq(
    integer('01'),
    set(algorithm(DIGEST_OIDS[spec.digest ?? 'sha256'])),
    encap,
    certs.length ? explicit0(...certs.map((c) => c.der)) : Buffer.alloc(0),
    set(...Array.from({ length: spec.signers ?? 1 }, () => one)),
  );
  const parts = [oid(spec.contentType ?? OIDS.signedData), explicit0(sd)];
  if (spec.ber === undefined) return seq(...parts);
  return Buffer.concat([Buffer.from([0x30, 0x80]), ...parts, Buffer.from(spec.ber === 'truncated' ? [] : [0, 0])]);
}

// ---------------------------------------------------------------------------------------------------------
// The act albo generated: a small PDF written like pdfkit writes (plain objects, a cross-reference table)

const stream = (dict: string, data: string) => `<< ${dict} /Length ${data.length} >>\nstream\n${data}\nendstream`;

/** The act's objects; a test replaces some of them to vary the act. */
const ACT_OBJECTS: Record<number, string> = {
  1: '<< /Type /Catalog /Pages 2 0 R /Metadata 8 0 R >>',
  2: '<< /Type /Pages /Kids [3 0 R 6 0 R] /Count 2 >>',
  3: '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 14 0 R /Resources 5 0 R >>',
  4: '<< /Type /ExtGState /CA 1 >>',
  5: '<< /Font << /F1 10 0 R >> /ExtGState << /G1 4 0 R >> >>',
  6: '<< /Type/Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents [7 0 R 11 0 R] /Resources 12 0 R /Annots [13 0 R] >>',
  7: stream('', 'BT /F1 12 Tf 72 700 Td (Pagina 2) Tj ET'),
  8: stream('/Type /Metadata /Subtype /XML', '<x:xmpmeta xmlns:x="adobe:ns:meta/"></x:xmpmeta>'),
  9: '<< /Producer (albo) /CreationDate (D:20240401090000Z) >>',
  10: '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>',
  11: stream('', 'BT /F1 10 Tf 72 80 Td (Firma) Tj ET'),
  12: '<< /Font << /F1 10 0 R >> >>',
  13: '<< /Type /Annot /Subtype /Link /Rect [72 80 200 92] /M (D:20200101000000Z) /Border [0 0 0] >>',
  14: stream('', 'BT /F1 12 Tf 72 760 Td (Avviso) Tj ET'),
};

function actPdf(replace: Record<number, string> = {}): Buffer {
  const objects = { ...ACT_OBJECTS, ...replace };
  let out = '%PDF-1.7\n%\xe2\xe3\xcf\xd3\n';
  const offsets: number[] = [];
  const nums = Object.keys(objects).map(Number);
  for (const n of nums) {
    offsets[n] = out.length;
    out += `${n} 0 obj\n${objects[n]}\nendobj\n`;
  }
  const xref = out.length;
  out += `xref\n0 ${nums.length + 1}\n0000000000 65535 f \n`;
  for (const n of nums) out += `${String(offsets[n]).padStart(10, '0')} 00000 n \n`;
  out += `trailer\n<< /Size ${nums.length + 1} /Root 1 0 R /Info 9 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(out, 'latin1');
}

const ACT = actPdf();
const OTHER = actPdf({ 14: stream('', 'BT /F1 12 Tf 72 760 Td (Un altro avviso) Tj ET') });
const GENERATED: GeneratedPdf[] = [{ name: 'out/avviso.pdf', bytes: ACT }];

// ---------------------------------------------------------------------------------------------------------
// PAdES: the act, then an incremental update with the signature field and the signature dictionary

const obj = (n: number, body: string) => `${n} 0 obj\n${body}\nendobj\n`;
/** What a signing application adds: the AcroForm in the catalog, the widget on the first page. */
const CATALOG_UPDATE = obj(1, '<< /Type /Catalog /Pages 2 0 R /Metadata 8 0 R /AcroForm << /Fields [15 0 R] /SigFlags 3 >> >>');
const PAGE_UPDATE = obj(3, '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 14 0 R /Resources 5 0 R /Annots [15 0 R] >>');
const WIDGET = obj(15, '<< /Type /Annot /Subtype /Widget /FT /Sig /T (Firma1) /Rect [0 0 0 0] /F 132 /P 3 0 R /V 16 0 R >>');
const STANDARD_UPDATE = [CATALOG_UPDATE, PAGE_UPDATE, WIDGET];

const pad = (n: number) => String(n).padStart(10, '0');
const WIDTH = 8192;

interface PadesSpec {
  act?: Buffer;
  /** The objects of the update before the signature dictionary. */
  objects?: string[];
  /** Objects after the signature dictionary. */
  after?: string[];
  /** The signature dictionary around the ByteRange and the /Contents hex string. */
  sigDict?: (byteRange: string, contents: string) => string;
  /** How the ByteRange array is written from its four (padded) numbers. */
  byteRange?: (a: string, b: string, c: string, d: string) => string;
  /** ByteRange values written: a, and offsets added to the natural b, c and d. */
  range?: { a?: number; b?: number; c?: number; d?: number };
  /** The /Contents hex string's digits, from the CMS hex and the placeholder width. */
  hex?: (hex: string, width: number) => string;
  cms?: Omit<CmsSpec, 'content'>;
  /** Bytes appended after signing. */
  append?: string;
}

const DEFAULT_SIG = (br: string, contents: string) =>
  `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange ${br} /Contents ${contents} /M (D:20240405103000Z) /Name (Emanuele Pasquini) >>`;

function pades(spec: PadesSpec = {}): Buffer {
  const act = spec.act ?? ACT;
  const format = spec.byteRange ?? ((a, b, c, d) => `[${a} ${b} ${c} ${d}]`);
  const a = spec.range?.a ?? 0;
  const placeholderRange = format(String(a), pad(0), pad(0), pad(0));
  const placeholderHex = `<${'0'.repeat(WIDTH)}>`;
  let update = '\n' + (spec.objects ?? STANDARD_UPDATE).join('');
  update += obj(16, (spec.sigDict ?? DEFAULT_SIG)(placeholderRange, placeholderHex));
  update += (spec.after ?? []).join('');
  update += `xref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 17 /Root 1 0 R /Info 9 0 R /Prev 0 >>\nstartxref\n${act.length + 1}\n%%EOF\n`;
  const file = Buffer.concat([act, Buffer.from(update, 'latin1')]);
  const start = file.indexOf(placeholderHex, act.length);
  const end = start + placeholderHex.length;
  const b = start + (spec.range?.b ?? 0);
  const c = end + (spec.range?.c ?? 0);
  const d = file.length - c + (spec.range?.d ?? 0);
  file.write(format(String(a), pad(b), pad(c), pad(d)), file.indexOf(placeholderRange, act.length), 'latin1');
  const der = cms({ content: Buffer.concat([file.subarray(0, b), file.subarray(c)]), detached: true, ...spec.cms });
  const hex = (spec.hex ?? ((h, w) => h.padEnd(w, '0')))(der.toString('hex'), WIDTH);
  expect(hex).toHaveLength(WIDTH);
  file.write(hex, start + 1, 'latin1');
  return spec.append === undefined ? file : Buffer.concat([file, Buffer.from(spec.append, 'latin1')]);
}

// ---------------------------------------------------------------------------------------------------------
// Expected results

const record = (over: Partial<SignatureRecord> = {}): SignatureRecord => ({
  formato: 'PAdES',
  firmatario: 'Emanuele Pasquini',
  seriale_certificato: '0a1b2c3d4e',
  emittente: 'CA di prova per i test di albo',
  certificato_valido_dal: '2024-01-01T00:00:00.000Z',
  certificato_valido_al: '2027-12-31T23:59:59.000Z',
  data_firma: '2024-04-05T10:30:00.000Z',
  algoritmo_impronta: 'SHA-256',
  non_verificato: NOT_CHECKED,
  ...over,
});
const accepted = (over: Partial<SignatureRecord> = {}, act = GENERATED[0]!) => ({ ok: true, act, record: record(over), warnings: [] });
const cadesOk = (over: Partial<SignatureRecord> = {}) => accepted({ formato: 'CAdES', ...over });
const refused = (check: string, message: string) => ({ ok: false, check, message });

const WHEN = new Date('2024-04-05T10:30:00Z');
const cades = (spec: Partial<CmsSpec> = {}) => cms({ content: ACT, signingTime: WHEN, ...spec });

const MSG = {
  signers: (n: number) => `la firma ha ${n} firmatari: albo ne verifica uno per file`,
  digestAlg: (name: string) => `algoritmo di impronta non ammesso (${name}): servono SHA-256 o superiore`,
  noDigest: 'la firma non contiene l\'impronta del documento firmato (attributo messageDigest)',
  digest: 'l\'impronta dei byte firmati non corrisponde a quella registrata nella firma: il file è stato modificato dopo la firma',
  noCert: 'la firma non contiene il certificato del firmatario',
  crypto: 'la firma non è valida per la chiave del certificato che contiene',
  validity: (date: string) => `il certificato era valido dal 2024-01-01 al 2027-12-31, la firma dichiara la data ${date}`,
  noEnvelope: 'il file non è una busta CAdES (.p7m) con il documento incluso',
  otherCades: 'il documento nella busta .p7m non è identico a un PDF generato da albo per questo atto (impronte in out/.albo-manifest.json)',
  otherPades:
    'i byte prima della firma non sono un PDF generato da albo per questo atto (impronte in out/.albo-manifest.json): è stato firmato un altro atto, o un PDF ri-esportato o modificato. Firma il PDF in out/ così com\'è',
  noByteRange: 'il PDF non contiene una firma digitale (manca /ByteRange): è il PDF non firmato, o è stato firmato in un altro formato',
  range: (r: string, len: number) => `la firma (/ByteRange [${r}]) non copre tutto il file (${len} byte) tranne la firma stessa: il file è stato modificato o ri-salvato dopo la firma`,
  noCms: 'la firma nel PDF non è una busta CMS leggibile',
  update: (problem: string) => `${problem}: dopo il PDF generato il file può solo aggiungere la firma`,
};

/** The ByteRange a signed file declares, as the message quotes it. */
const declared = (file: Buffer) => /\/ByteRange\s*\[\s*([\d\s]+?)\s*\]/.exec(file.toString('latin1'))![1]!.split(/\s+/).map(Number).join(' ');

// ---------------------------------------------------------------------------------------------------------

describe('CAdES: the .p7m envelope', () => {
  it('the generated PDF enveloped is accepted, with the record of the signer and the signing time; in chunks or in one piece', async () => {
    expect(await checkCades(cades(), GENERATED)).toEqual(cadesOk());
    expect(await checkCades(cades({ chunk: 1000 }), GENERATED)).toEqual(cadesOk());
    expect(await checkCades(cades({ chunk: 'primitive' }), GENERATED)).toEqual(cadesOk());
  });

  it('the enveloped document must be byte for byte one of the generated PDFs', async () => {
    expect(await checkCades(cms({ content: OTHER, signingTime: WHEN }), GENERATED)).toEqual(refused('atto generato', MSG.otherCades));
  });

  it('a detached signature, another content type, an envelope cut short: not a CAdES envelope', async () => {
    const refusal = refused('busta CAdES', MSG.noEnvelope);
    expect(await checkCades(cades({ detached: true }), GENERATED)).toEqual(refusal);
    expect(await checkCades(cades({ contentType: OIDS.data }), GENERATED)).toEqual(refusal);
    // BER with indefinite length: whole, it is read; without its end-of-contents octets it is not
    expect(await checkCades(cades({ ber: 'indefinite' }), GENERATED)).toEqual(cadesOk());
    expect(await checkCades(cades({ ber: 'truncated' }), GENERATED)).toEqual(refusal);
  });

  it('an envelope saved in Base64 (with or without line breaks) is read; only a Base64 text that starts with MI', async () => {
    const b64 = cades().toString('base64');
    const lines = b64.replace(/.{48}/g, '$&\r\n');
    expect(lines.slice(0, 64)).toMatch(/\r\n/);
    expect(await checkSigned(Buffer.from(lines), GENERATED)).toEqual(cadesOk());
    // a character outside the Base64 alphabet among the first 64: the file is not taken for Base64
    expect(await checkCades(Buffer.from(`${b64.slice(0, 20)}!${b64.slice(20)}`), GENERATED)).toEqual(refused('busta CAdES', MSG.noEnvelope));
    // Base64 that does not start with MI (a SEQUENCE) is not taken for Base64
    expect(await checkCades(Buffer.from(`\n${b64}`), GENERATED)).toEqual(refused('busta CAdES', MSG.noEnvelope));
  });
});

describe('the signature in the envelope (common to PAdES and CAdES)', () => {
  it('SHA-256, SHA-384 and SHA-512 are accepted and recorded; SHA-1 and others are refused, named', async () => {
    expect(await checkCades(cades({ digest: 'sha384' }), GENERATED)).toEqual(cadesOk({ algoritmo_impronta: 'SHA-384' }));
    expect(await checkCades(cades({ digest: 'sha512' }), GENERATED)).toEqual(cadesOk({ algoritmo_impronta: 'SHA-512' }));
    expect(await checkCades(cades({ digest: 'sha1' }), GENERATED)).toEqual(refused('algoritmo di impronta', MSG.digestAlg('sha1')));
    expect(await checkCades(cades({ digest: 'md5' }), GENERATED)).toEqual(refused('algoritmo di impronta', MSG.digestAlg('1.2.840.113549.2.5')));
  });

  it('exactly one signer', async () => {
    expect(await checkCades(cades({ signers: 2 }), GENERATED)).toEqual(refused('firmatario unico', MSG.signers(2)));
    expect(await checkCades(cades({ signers: 0 }), GENERATED)).toEqual(refused('firmatario unico', MSG.signers(0)));
  });

  it('the signed messageDigest attribute must be there and match the signed bytes', async () => {
    expect(await checkCades(cades({ noSignedAttrs: true }), GENERATED)).toEqual(refused('attributi firmati', MSG.noDigest));
    expect(await checkCades(cades({ messageDigest: 'none' }), GENERATED)).toEqual(refused('attributi firmati', MSG.noDigest));
    expect(await checkCades(cades({ messageDigest: createHash('sha256').update(OTHER).digest() }), GENERATED)).toEqual(refused('impronta dei byte firmati', MSG.digest));
  });

  it('the signer\'s certificate must be in the envelope, found by issuer and serial number', async () => {
    const sameIssuer = makeCert({ subject: [[OIDS.cn, 'Altro Firmatario']], serial: '0a1b2c3d4f' });
    const sameSerial = makeCert({ subject: [[OIDS.cn, 'Altro Firmatario']], issuer: [[OIDS.cn, 'Altra CA']] });
    expect(await checkCades(cades({ certs: [] }), GENERATED)).toEqual(refused('certificato del firmatario', MSG.noCert));
    expect(await checkCades(cades({ certs: [sameIssuer, sameSerial] }), GENERATED)).toEqual(refused('certificato del firmatario', MSG.noCert));
    // other certificates first: the record is the signer's
    expect(await checkCades(cades({ certs: [sameIssuer, CERT] }), GENERATED)).toEqual(cadesOk());
    expect(await checkCades(cades({ certs: [sameSerial, CERT] }), GENERATED)).toEqual(cadesOk());
  });

  it('a signer named by key identifier: any certificate may be its, the signature decides', async () => {
    expect(await checkCades(cades({ sid: 'keyId' }), GENERATED)).toEqual(cadesOk());
    // pkijs finds no certificate with that key: the verification throws, the check says the signature is invalid
    expect(await checkCades(cades({ sid: 'otherKeyId' }), GENERATED)).toEqual(refused('firma crittografica', MSG.crypto));
  });

  it('a signature value that does not verify is refused', async () => {
    expect(await checkCades(cades({ tamperSignature: true }), GENERATED)).toEqual(refused('firma crittografica', MSG.crypto));
  });

  it('the certificate must be valid at the signing time, both ends included', async () => {
    expect(await checkCades(cades({ signingTime: new Date('2024-01-01T00:00:00Z') }), GENERATED)).toEqual(cadesOk({ data_firma: '2024-01-01T00:00:00.000Z' }));
    expect(await checkCades(cades({ signingTime: new Date('2027-12-31T23:59:59Z') }), GENERATED)).toEqual(cadesOk({ data_firma: '2027-12-31T23:59:59.000Z' }));
    expect(await checkCades(cades({ signingTime: new Date('2023-12-31T23:59:59Z') }), GENERATED)).toEqual(refused('validità del certificato', MSG.validity('2023-12-31')));
    expect(await checkCades(cades({ signingTime: new Date('2028-01-01T00:00:00Z') }), GENERATED)).toEqual(refused('validità del certificato', MSG.validity('2028-01-01')));
    // no signing time: nothing to check the certificate's validity against
    const expired = makeCert({ from: new Date('2020-01-01T00:00:00Z'), to: new Date('2023-01-01T00:00:00Z') });
    expect(await checkCades(cades({ signingTime: undefined, signer: expired }), GENERATED)).toEqual(
      cadesOk({ data_firma: null, certificato_valido_dal: '2020-01-01T00:00:00.000Z', certificato_valido_al: '2023-01-01T00:00:00.000Z' }),
    );
  });

  it('the signer\'s name: given name and surname first, else the common name, else «sconosciuto»; the issuer\'s CN, else O', async () => {
    const named = (subject: Rdn, issuer: Rdn = CA) => cades({ signer: makeCert({ subject, issuer }) });
    expect(await checkCades(named([[OIDS.surname, 'ROSSI'], [OIDS.cn, 'ROSSI MARIO/RSSMRA80A01H501U'], [OIDS.givenName, 'MARIO']]), GENERATED)).toEqual(cadesOk({ firmatario: 'MARIO ROSSI' }));
    expect(await checkCades(named([[OIDS.givenName, 'Mario'], [OIDS.cn, 'Mario Rossi Bianchi']]), GENERATED)).toEqual(cadesOk({ firmatario: 'Mario Rossi Bianchi' }));
    expect(await checkCades(named([[OIDS.surname, 'Rossi'], [OIDS.cn, 'Mario Rossi Bianchi']]), GENERATED)).toEqual(cadesOk({ firmatario: 'Mario Rossi Bianchi' }));
    expect(await checkCades(named([[OIDS.o, 'Comune di Prova']]), GENERATED)).toEqual(cadesOk({ firmatario: 'sconosciuto' }));
    expect(await checkCades(named(SIGNER, [[OIDS.o, 'Certificatore di prova'], [OIDS.c, 'IT']]), GENERATED)).toEqual(cadesOk({ emittente: 'Certificatore di prova' }));
    expect(await checkCades(named(SIGNER, [[OIDS.c, 'IT']]), GENERATED)).toEqual(cadesOk({ emittente: 'sconosciuto' }));
    expect(await checkCades(cades({ signer: makeCert({ serial: '00ff10' }) }), GENERATED)).toEqual(cadesOk({ seriale_certificato: '00ff10' }));
  });
});

describe('PAdES: the signature dictionary and its byte range', () => {
  it('the generated PDF plus an incremental update is accepted; the signing time is the signed attribute, else /M', async () => {
    expect(await checkSigned(pades(), [{ name: 'altro', bytes: OTHER }, ...GENERATED])).toEqual(accepted());
    expect(await checkPades(pades({ cms: { signingTime: new Date('2024-04-06T08:00:00Z') } }), GENERATED)).toEqual(accepted({ data_firma: '2024-04-06T08:00:00.000Z' }));
  });

  it('/M of the signature dictionary: written with or without a space, before or after /Contents; only the signature\'s own', async () => {
    const sig = (m: string, where: 'before' | 'after' = 'after') => (br: string, contents: string) =>
      where === 'after' ? `<< /Type /Sig /ByteRange ${br} /Contents ${contents} ${m} >>` : `<< /Type /Sig ${m} /ByteRange ${br} /Contents ${contents} >>`;
    const dated = async (m: string, where: 'before' | 'after' = 'after') => {
      const result = await checkPades(pades({ sigDict: sig(m, where) }), GENERATED);
      return result.ok ? result.record.data_firma : result;
    };
    expect(await dated('/M (D:20240405103000Z)', 'before')).toBe('2024-04-05T10:30:00.000Z');
    expect(await dated('/M(D:20240405103000Z)')).toBe('2024-04-05T10:30:00.000Z');
    // no /M, no signing time: none; the /M of a link annotation of the act (2020) is not the signature's
    expect(await dated('/Name (Emanuele Pasquini)')).toBeNull();
  });

  it('PDF dates: UTC, offsets with or without apostrophes, no zone; anything else is no date', async () => {
    const dated = async (m: string) => {
      const result = await checkPades(pades({ sigDict: (br, contents) => `<< /Type /Sig /ByteRange ${br} /Contents ${contents} /M (${m}) >>` }), GENERATED);
      return result.ok ? result.record.data_firma : result;
    };
    expect(await dated('D:20240405123000+02\'00\'')).toBe('2024-04-05T10:30:00.000Z');
    expect(await dated('D:20240405130000+0230')).toBe('2024-04-05T10:30:00.000Z');
    expect(await dated('D:20240405103000')).toBe('2024-04-05T10:30:00.000Z');
    expect(await dated('ieri')).toBeNull();
    expect(await dated('x D:20240405103000Z')).toBeNull();
    expect(await dated('D:20241305103000Z')).toBeNull();
    // /M is the signing time when the CMS has none: the certificate must be valid then
    expect(await dated('D:20231231235959Z')).toEqual(refused('validità del certificato', MSG.validity('2023-12-31')));
  });

  it('an unsigned PDF, two signatures: refused, named', async () => {
    expect(await checkPades(ACT, GENERATED)).toEqual(refused('firma PAdES', MSG.noByteRange));
    const two = pades({ after: [obj(17, '<< /Type /Sig /ByteRange [0 10 20 30] /Contents <00> >>')] });
    expect(await checkPades(two, GENERATED)).toEqual(refused('firma PAdES', 'il PDF contiene 2 firme: albo ne verifica una per file'));
  });

  it('the ByteRange array may be written with any white space', async () => {
    const spaced = pades({ byteRange: (a, b, c, d) => `[ ${a}  ${b}  ${c}  ${d} ]` });
    expect(await checkPades(spaced, GENERATED)).toEqual(accepted());
    const tight = pades({ sigDict: (br, contents) => `<< /Type /Sig /ByteRange${br} /Contents ${contents} /M (D:20240405103000Z) >>` });
    expect(await checkPades(tight, GENERATED)).toEqual(accepted());
    const wide = pades({ sigDict: (br, contents) => `<< /Type /Sig /ByteRange  ${br} /Contents ${contents} /M (D:20240405103000Z) >>` });
    expect(await checkPades(wide, GENERATED)).toEqual(accepted());
  });

  it('the range must start at 0, end at the end of the file and leave out exactly the /Contents hex string', async () => {
    // each of these files is validly signed over the bytes outside [b, c): only the declared range is wrong
    const startsLater = pades({ range: { a: 10 } });
    expect(await checkPades(startsLater, GENERATED)).toEqual(refused('intervallo firmato', MSG.range(declared(startsLater), startsLater.length)));
    const appended = pades({ append: '% aggiunto dopo la firma\n' });
    expect(await checkPades(appended, GENERATED)).toEqual(refused('intervallo firmato', MSG.range(declared(appended), appended.length)));
    const gapBefore = pades({ range: { b: -1 } }); // the gap is " <…>"
    expect(await checkPades(gapBefore, GENERATED)).toEqual(refused('intervallo firmato', MSG.range(declared(gapBefore), gapBefore.length)));
    const gapAfter = pades({ range: { c: 1 } }); // the gap is "<…> "
    expect(await checkPades(gapAfter, GENERATED)).toEqual(refused('intervallo firmato', MSG.range(declared(gapAfter), gapAfter.length)));
  });

  it('a gap of the /ByteRange reversed or empty is refused', async () => {
    const file = pades();
    const text = file.toString('latin1');
    const m = /\/ByteRange \[0 (\d{10}) (\d{10}) (\d{10})\]/.exec(text)!;
    const rewrite = (b: number, c: number) => {
      const out = Buffer.from(file);
      out.write(`[0 ${pad(b)} ${pad(c)} ${pad(file.length - c)}]`, m.index + '/ByteRange '.length, 'latin1');
      return out;
    };
    const [b, c] = [Number(m[1]), Number(m[2])];
    for (const bad of [rewrite(c, b), rewrite(b, b)]) expect(await checkPades(bad, GENERATED)).toEqual(refused('intervallo firmato', MSG.range(declared(bad), bad.length)));
  });

  it('the /Contents hex string: white space and trailing zero padding are ignored, anything else is no CMS', async () => {
    const split = pades({ hex: (h, w) => h.replace(/.{64}/g, '$&\n').padEnd(w, '0').slice(0, w) });
    expect(split.toString('latin1')).toMatch(/<[0-9a-f]{64}\n[0-9a-f]{64}\n/);
    expect(await checkPades(split, GENERATED)).toEqual(accepted());
    const empty = pades({ hex: (_h, w) => '0'.repeat(w) });
    expect(await checkPades(empty, GENERATED)).toEqual(refused('busta CMS', MSG.noCms));
    const notHex = pades({ hex: (_h, w) => 'g'.repeat(w) });
    expect(await checkPades(notHex, GENERATED)).toEqual(refused('intervallo firmato', MSG.range(declared(notHex), notHex.length)));
    const data = pades({ cms: { contentType: OIDS.data } });
    expect(await checkPades(data, GENERATED)).toEqual(refused('busta CMS', MSG.noCms));
  });

  it('the bytes before the update must be a generated PDF of this act, whole', async () => {
    expect(await checkPades(pades({ act: OTHER }), GENERATED)).toEqual(refused('atto generato', MSG.otherPades));
    // a "generated PDF" reaching into the signature is no act that was signed; one that ends where the hex string starts is
    const file = pades();
    const b = Number(/\/ByteRange \[0 (\d+)/.exec(file.toString('latin1'))![1]);
    expect(await checkPades(file, [{ name: 'intero', bytes: file }])).toEqual(refused('atto generato', MSG.otherPades));
    const upToB = { name: 'fino a b', bytes: file.subarray(0, b) };
    expect(await checkPades(file, [upToB])).toEqual(accepted({}, upToB));
  });

  it('a failed check of the signature is the answer, before looking for the act', async () => {
    expect(await checkPades(pades({ act: OTHER, cms: { digest: 'sha1' } }), GENERATED)).toEqual(refused('algoritmo di impronta', MSG.digestAlg('sha1')));
  });
});

describe('PAdES: what the incremental update may redefine', () => {
  const check = (objects: string[], act = ACT) => checkPades(pades({ act, objects }), [{ name: 'out/avviso.pdf', bytes: act }]);
  const problem = (text: string) => refused('aggiornamento incrementale', MSG.update(text));
  const redefines = (n: number) => problem(`l'aggiornamento ridefinisce l'oggetto ${n} dell'atto`);
  const pageChanged = (n: number, key: string) => problem(`l'aggiornamento cambia la pagina (oggetto ${n}, voce /${key})`);
  const pagesReplaced = (n: number) => problem(`l'aggiornamento sostituisce l'albero delle pagine (oggetto ${n})`);

  it('the catalog and the pages, to reference the signature; the document information and the XMP metadata', async () => {
    const info = obj(9, '<< /Producer (Firma digitale 3.1) /CreationDate (D:20240401090000Z) /ModDate (D:20240405103000Z) >>');
    expect(await check([...STANDARD_UPDATE, info])).toEqual(accepted());
    const xmp = obj(8, stream('/Type /Metadata /Subtype /XML', '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF/></x:xmpmeta>'));
    expect(await check([...STANDARD_UPDATE, xmp])).toEqual(accepted());
    // the second page ("/Type/Page") may take an annotation too; its references may be spaced otherwise
    const page6 = obj(6, '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents [7  0  R 11 0 R] /Resources 12 0 R /Annots [13 0 R 15 0 R] >>');
    expect(await check([CATALOG_UPDATE, page6, WIDGET])).toEqual(accepted());
  });

  it('the same with the act\'s dictionaries written without spaces', async () => {
    const tight = actPdf({
      1: '<< /Type/Catalog /Pages 2 0 R /Metadata 8 0 R >>',
      8: stream('/Type/Metadata /Subtype /XML', '<x:xmpmeta xmlns:x="adobe:ns:meta/"></x:xmpmeta>'),
    });
    const xmp = obj(8, stream('/Type /Metadata /Subtype /XML', '<x:xmpmeta/>'));
    const info = obj(9, '<< /Producer (altro) >>');
    expect(await check([...STANDARD_UPDATE, xmp, info], tight)).toEqual(accepted({}, { name: 'out/avviso.pdf', bytes: tight }));
  });

  it('the catalog may not replace the page tree', async () => {
    expect(await check([obj(1, '<< /Type /Catalog /Pages 20 0 R /AcroForm << /Fields [15 0 R] >> >>'), WIDGET])).toEqual(pagesReplaced(1));
    expect(await check([obj(1, '<< /Type /Catalog /AcroForm << /Fields [15 0 R] >> >>'), WIDGET])).toEqual(pagesReplaced(1));
  });

  it('a page may not change its content streams or its resources', async () => {
    const page = (contents: string, resources: string) => obj(3, `<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents ${contents} /Resources ${resources} /Annots [15 0 R] >>`);
    expect(await check([page('17 0 R', '5 0 R'), WIDGET])).toEqual(pageChanged(3, 'Contents'));
    expect(await check([page('14 0 R', '17 0 R'), WIDGET])).toEqual(pageChanged(3, 'Resources'));
    expect(await check([page('1 40 R', '5 0 R'), WIDGET])).toEqual(pageChanged(3, 'Contents'));
    expect(await check([obj(3, '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 14 0 R /Annots [15 0 R] >>'), WIDGET])).toEqual(pageChanged(3, 'Resources'));
  });

  it('a page whose annotations carry dates is still a page', async () => {
    const dated = actPdf({
      3: '<< /Type /Page /Parent 2 0 R /Contents 14 0 R /Resources 5 0 R /Annots [<< /Subtype /Text /CreationDate (D:20240401090000Z) >>] >>',
      6: '<< /Type/Page /Parent 2 0 R /Contents [7 0 R 11 0 R] /Resources 12 0 R /Annots [<< /Subtype /Text /ModDate (D:20240401090000Z) >>] >>',
    });
    expect(await check([obj(3, '<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources 5 0 R >>')], dated)).toEqual(pageChanged(3, 'Contents'));
    expect(await check([obj(6, '<< /Type /Page /Parent 2 0 R /Contents 4 0 R /Resources 12 0 R >>')], dated)).toEqual(pageChanged(6, 'Contents'));
    const catalog = actPdf({ 1: '<< /Type /Catalog /Pages 2 0 R /PieceInfo << /albo << /LastModified (D:2024) /ModDate (D:2024) >> >> >>' });
    expect(await check([obj(1, '<< /Type /Catalog /Pages 20 0 R >>')], catalog)).toEqual(pagesReplaced(1));
  });

  it('any other object of the act is untouchable: the page tree, fonts, resources', async () => {
    expect(await check([...STANDARD_UPDATE, obj(2, '<< /Type /Pages /Kids [3 0 R] /Count 1 >>')])).toEqual(redefines(2));
    expect(await check([obj(10, '<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>')])).toEqual(redefines(10));
    // the first redefinition found is named
    expect(await check([obj(12, '<< >>'), obj(10, '<< >>')])).toEqual(redefines(12));
  });

  it('object headers are read with any white space and generation number', async () => {
    expect(await check(['10  0 obj\n<< /Type /Font /BaseFont /Courier >>\nendobj\n'])).toEqual(redefines(10));
    expect(await check(['10 0  obj\n<< /Type /Font /BaseFont /Courier >>\nendobj\n'])).toEqual(redefines(10));
    expect(await check(['10 00 obj\n<< /Type /Font /BaseFont /Courier >>\nendobj\n'])).toEqual(redefines(10));
    expect(await check(['10\r\n0\r\nobj<</Type/Font/BaseFont/Courier>>endobj\n'])).toEqual(redefines(10));
  });

  it('a redefined page keeps every entry but its annotations and their tab order: boxes, rotation, parent, group', async () => {
    const page = (extra: string, mediaBox = '[0 0 595 842]') => obj(3, `<< /Type /Page /Parent 2 0 R /MediaBox ${mediaBox} /Contents 14 0 R /Resources 5 0 R /Annots [15 0 R]${extra} >>`);
    expect(await check([CATALOG_UPDATE, page(' /Tabs /S'), WIDGET])).toEqual(accepted());
    // the same entries in another order and spacing
    expect(await check([CATALOG_UPDATE, obj(3, '<</Annots[15 0 R]/Resources 5 0 R/Contents 14 0 R/MediaBox[ 0 0 595 842 ]/Parent 2 0 R/Type/Page>>'), WIDGET])).toEqual(accepted());
    expect(await check([CATALOG_UPDATE, page('', '[0 0 842 595]'), WIDGET])).toEqual(pageChanged(3, 'MediaBox'));
    expect(await check([CATALOG_UPDATE, page(' /CropBox [0 421 595 842]'), WIDGET])).toEqual(pageChanged(3, 'CropBox'));
    expect(await check([CATALOG_UPDATE, page(' /Rotate 90'), WIDGET])).toEqual(pageChanged(3, 'Rotate'));
    expect(await check([CATALOG_UPDATE, page(' /UserUnit 2'), WIDGET])).toEqual(pageChanged(3, 'UserUnit'));
    expect(await check([CATALOG_UPDATE, obj(3, '<< /Type /Page /Parent 6 0 R /MediaBox [0 0 595 842] /Contents 14 0 R /Resources 5 0 R /Annots [15 0 R] >>'), WIDGET])).toEqual(pageChanged(3, 'Parent'));
    // a dictionary that cannot be read is no page kept as it was
    expect(await check([CATALOG_UPDATE, obj(3, '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842'), WIDGET])).toEqual(problem(`l'aggiornamento cambia la pagina (oggetto 3)`));
  });

  it('a redefined catalog keeps every entry but the signature\'s: no action, name tree or structure added or removed', async () => {
    const catalog = (extra: string) => obj(1, `<< /Type /Catalog /Pages 2 0 R /Metadata 8 0 R /AcroForm << /Fields [15 0 R] /SigFlags 3 >>${extra} >>`);
    const widgetOnly = [PAGE_UPDATE, WIDGET];
    expect(await check([catalog(' /DSS 20 0 R /Perms << /DocMDP 16 0 R >> /Extensions << /ESIC << /BaseVersion /1.7 /ExtensionLevel 2 >> >> /Version /1.7'), ...widgetOnly])).toEqual(accepted());
    // the XMP metadata may be replaced by a new object
    expect(await check([obj(1, '<< /Type /Catalog /Pages 2 0 R /Metadata 21 0 R /AcroForm << /Fields [15 0 R] >> >>'), ...widgetOnly])).toEqual(accepted());
    const changed = (key: string) => problem(`l'aggiornamento cambia la voce /${key} del catalogo (oggetto 1)`);
    expect(await check([catalog(' /OpenAction << /S /JavaScript /JS (app.alert\\(1\\)) >>'), ...widgetOnly])).toEqual(changed('OpenAction'));
    expect(await check([catalog(' /Names << /JavaScript 22 0 R >>'), ...widgetOnly])).toEqual(changed('Names'));
    expect(await check([catalog(' /OCProperties << /OCGs [] >>'), ...widgetOnly])).toEqual(changed('OCProperties'));
    const marked = actPdf({ 1: '<< /Type /Catalog /Pages 2 0 R /Metadata 8 0 R /MarkInfo << /Marked true >> /Lang (it-IT) >>' });
    const kept = obj(1, '<< /Type /Catalog /Pages 2 0 R /Metadata 8 0 R /MarkInfo << /Marked true >> /Lang (it-IT) /AcroForm << /Fields [15 0 R] >> >>');
    expect(await check([kept, ...widgetOnly], marked)).toEqual(accepted({}, { name: 'out/avviso.pdf', bytes: marked }));
    expect(await check([obj(1, '<< /Type /Catalog /Pages 2 0 R /Metadata 8 0 R /Lang (it-IT) /AcroForm << /Fields [15 0 R] >> >>'), ...widgetOnly], marked)).toEqual(changed('MarkInfo'));
    expect(await check([obj(1, '<< /Type /Catalog /Pages 2 0 R /Metadata 8 0 R /MarkInfo << /Marked true >> /Lang (en-GB) >>'), ...widgetOnly], marked)).toEqual(changed('Lang'));
    expect(await check([obj(1, '<< /Type /Catalog /Pages 2 0 R'), ...widgetOnly])).toEqual(redefines(1));
  });

  it('only the document information the act\'s trailer names may be rewritten, not another object carrying dates', async () => {
    const info = obj(9, '<< /Producer (Firma digitale 3.1) /ModDate (D:20240405103000Z) >>');
    expect(await check([...STANDARD_UPDATE, info])).toEqual(accepted());
    // object 13 is a link annotation of the second page with a date: replacing it changes the act
    const dated = actPdf({ 13: '<< /Type /Annot /Subtype /Link /Rect [72 80 200 92] /CreationDate (D:20200101000000Z) /ModDate (D:20200101000000Z) >>' });
    const annot = obj(13, '<< /Type /Annot /Subtype /Link /Rect [0 0 595 842] /CreationDate (D:20200101000000Z) /A << /S /URI /URI (http://example.com) >> >>');
    expect(await check([...STANDARD_UPDATE, annot], dated)).toEqual(redefines(13));
    // an act whose trailer names object 10 as its information: object 9 is then untouchable
    const other = Buffer.from(ACT.toString('latin1').replace('/Info 9 0 R', '/Info 10 0 R'), 'latin1');
    expect(await check([...STANDARD_UPDATE, info], other)).toEqual(redefines(9));
    expect(await check([...STANDARD_UPDATE, obj(10, '<< /Producer (x) >>')], other)).toEqual(accepted({}, { name: 'out/avviso.pdf', bytes: other }));
  });

  it('a cross-reference or object stream may not take the number of an object of the act', async () => {
    const xref = (n: number, type: string) => obj(n, stream(`${type} /Size 18 /W [1 4 2]`, 'BT (Un altro testo) Tj ET'));
    expect(await check([...STANDARD_UPDATE, xref(17, '/Type /XRef')])).toEqual(accepted());
    // object 14 is the first page's content stream: a viewer draws the new stream whatever its /Type says
    expect(await check([...STANDARD_UPDATE, xref(14, '/Type /XRef')])).toEqual(redefines(14));
    expect(await check([...STANDARD_UPDATE, xref(11, '/Type /ObjStm /N 0 /First 0')])).toEqual(redefines(11));
  });
});

describe('PAdES: objects in object streams', () => {
  const check = (objects: string[]) => checkPades(pades({ objects }), GENERATED);
  const redefines = (n: number) => refused('aggiornamento incrementale', MSG.update(`l'aggiornamento ridefinisce l'oggetto ${n} dell'atto`));
  const pageChanged = (n: number, key: string) => refused('aggiornamento incrementale', MSG.update(`l'aggiornamento cambia la pagina (oggetto ${n}, voce /${key})`));

  interface StmSpec {
    flate?: boolean;
    eol?: string;
    type?: string;
    /** How /First is written from its value ('' for none). */
    first?: (n: number) => string;
    /** The header's separators. */
    sep?: string;
    lead?: string;
    /** Text after the pairs, still in the header. */
    tail?: string;
    corrupt?: boolean;
    noStream?: boolean;
  }
  /** An object stream (number 18) holding the given objects. */
  function objStm(objects: [number, string][], spec: StmSpec = {}): string {
    const sep = spec.sep ?? ' ';
    let body = '';
    const pairs: string[] = [];
    for (const [n, text] of objects) {
      pairs.push(`${n}${sep}${body.length}`);
      body += text;
    }
    const header = `${spec.lead ?? ''}${pairs.join(sep)}${sep}${spec.tail ?? ''}`;
    const data = header + body;
    let raw = spec.flate ? deflateSync(Buffer.from(data, 'latin1')).toString('latin1') : data;
    if (spec.corrupt) raw = `\x00${raw.slice(1)}`;
    const first = (spec.first ?? ((f) => `/First ${f}`))(header.length);
    const dict = `<< ${spec.type ?? '/Type /ObjStm'} /N ${objects.length} ${first} /Length ${raw.length}${spec.flate ? ' /Filter /FlateDecode' : ''} >>`;
    return obj(18, spec.noStream ? dict : `${dict}\nstream${spec.eol ?? '\n'}${raw}\nendstream`);
  }
  const FONT: [number, string] = [10, '<< /Type /Font /Subtype /Type1 /BaseFont /Courier >>'];
  const WIDGET_IN: [number, string] = [15, '<< /Type /Annot /Subtype /Widget /FT /Sig /T (Firma1) /Rect [0 0 0 0] /P 3 0 R /V 16 0 R >>'];
  const CATALOG_IN: [number, string] = [1, '<< /Type /Catalog /Pages 2 0 R /AcroForm << /Fields [15 0 R] >> >>'];
  const PAGE3_IN: [number, string] = [3, '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 14 0 R /Resources 5 0 R /Annots [15 0 R] >>'];
  const PAGE6_IN: [number, string] = [6, '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents [7 0 R 11 0 R] /Resources 12 0 R /Annots [13 0 R] >>'];

  it('an object of the act redefined inside an object stream is found, plain or compressed, after LF or CRLF', async () => {
    expect(await check([objStm([WIDGET_IN, FONT])])).toEqual(redefines(10));
    expect(await check([objStm([FONT, WIDGET_IN], { type: '/Type/ObjStm' })])).toEqual(redefines(10));
    const compressed = objStm([WIDGET_IN, FONT], { flate: true, eol: '\r\n' });
    expect(compressed).toMatch(/[\x80-\xff]/);
    expect(await check([compressed])).toEqual(redefines(10));
  });

  it('the legal redefinitions inside an object stream are read object by object, at their offsets', async () => {
    const legal = [WIDGET_IN, CATALOG_IN, PAGE3_IN, PAGE6_IN];
    expect(await check([objStm(legal)])).toEqual(accepted());
    // the header and /First may be spaced otherwise
    expect(await check([objStm(legal, { sep: '  ' })])).toEqual(accepted());
    expect(await check([objStm([WIDGET_IN, FONT], { sep: '  ', lead: '\n', first: (f) => `/First  ${f}` })])).toEqual(redefines(10));
    // each object ends where the next starts: a page without its resources is caught even if the next object has them
    const bare: [number, string] = [3, '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 14 0 R /Annots [15 0 R] >>'];
    expect(await check([objStm([bare, [4, '<< /Resources 5 0 R >>']])])).toEqual(pageChanged(3, 'Resources'));
    expect(await check([objStm([PAGE3_IN, [6, '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents [7 0 R 11 0 R] /Resources 5 0 R >>']])])).toEqual(pageChanged(6, 'Resources'));
    // a stray number at the end of the header is no object, and the last object still ends at the end of the data
    expect(await check([objStm([WIDGET_IN, PAGE3_IN], { tail: '99 ' })])).toEqual(accepted());
  });

  it('offsets in a compressed object stream count bytes, not characters', async () => {
    const utf8 = Buffer.from('(Firma à è ì)', 'utf8').toString('latin1');
    const widget: [number, string] = [15, `<< /Type /Annot /Subtype /Widget /TU ${utf8} /V 16 0 R >>`];
    expect(await check([objStm([widget, [3, '<</Contents 14 0 R/Resources 5 0 R/Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Annots[15 0 R]>>']], { flate: true })])).toEqual(accepted());
  });

  it('only an object stream holds objects: another stream is not read for them, whatever its data looks like', async () => {
    const data = '10 0 << /Type /Font /Subtype /Type1 /BaseFont /Courier >>';
    const form = obj(17, `<< /Type /XObject /Subtype /Form /BBox [0 0 0 0] /N 1 /First 5 /Length ${data.length} >>\nstream\n${data}\nendstream`);
    expect(await check([...STANDARD_UPDATE, form])).toEqual(accepted());
  });

  it('an object stream that cannot be read is passed over', async () => {
    expect(await check([...STANDARD_UPDATE, objStm([FONT], { flate: true, corrupt: true })])).toEqual(accepted());
    expect(await check([...STANDARD_UPDATE, objStm([FONT], { noStream: true })])).toEqual(accepted());
    expect(await check([...STANDARD_UPDATE, objStm([FONT], { flate: true, noStream: true })])).toEqual(accepted());
    // without /First the header is empty: no object is read
    expect(await check([...STANDARD_UPDATE, objStm([FONT], { first: () => '' })])).toEqual(accepted());
  });
});

describe('sameSigner', () => {
  it('same words whatever the order, case, accents and separators', () => {
    expect(sameSigner('ROSSI MARIO', 'Mario Rossi')).toBe(true);
    expect(sameSigner('Niccolò  Mazzèi', 'niccolo mazzei')).toBe(true);
    expect(sameSigner('PASQUINI EMANUELE/PSQMNL80A01H501U', 'Emanuele Pasquini')).toBe(false);
    expect(sameSigner('Mario-Rossi', 'Mario Rossi')).toBe(true);
    expect(sameSigner(" Anna  D'Angelo ", "d'angelo anna")).toBe(true);
    expect(sameSigner('Mario Rossi', 'MarioRossi')).toBe(false);
    expect(sameSigner('Mario Rossi', 'Mario Rossini')).toBe(false);
    expect(sameSigner('Maria Rossi Bianchi', 'Maria Bianchi')).toBe(false);
    expect(sameSigner('Rossi', 'Rossi Rossi')).toBe(false);
    expect(sameSigner('', '')).toBe(true);
    expect(sameSigner('Ö', 'o')).toBe(true);
  });
});
