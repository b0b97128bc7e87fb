import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';

/**
 * A throw-away signer, as an officer's signing application would use: an RSA key and a self-signed
 * certificate in a PKCS#12 (made here with node-forge, read back from the PKCS#12 like a signing app).
 */
export interface TestSigner {
  key: forge.pki.rsa.PrivateKey;
  cert: forge.pki.Certificate;
  name: string;
}

export function makeSigner(name: string, validFrom = new Date('2024-01-01T00:00:00Z'), validTo = new Date('2027-12-31T23:59:59Z')): TestSigner {
  // node:crypto makes the key fast; forge builds the certificate and the PKCS#12.
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const key = forge.pki.privateKeyFromPem(privateKey.export({ type: 'pkcs1', format: 'pem' }) as string) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.publicKeyFromPem(publicKey.export({ type: 'spki', format: 'pem' }) as string);
  cert.serialNumber = '0a1b2c3d4e';
  cert.validity.notBefore = validFrom;
  cert.validity.notAfter = validTo;
  const subject = [
    { shortName: 'CN', value: name },
    { shortName: 'O', value: 'Comune di Prova' },
    { shortName: 'C', value: 'IT' },
  ];
  cert.setSubject(subject);
  cert.setIssuer([{ shortName: 'CN', value: 'CA di prova per i test di albo' }, { shortName: 'C', value: 'IT' }]);
  cert.sign(key, forge.md.sha256.create());
  const p12 = forge.asn1.toDer(forge.pkcs12.toPkcs12Asn1(key, [cert], 'prova', { algorithm: '3des' })).getBytes();
  const back = forge.pkcs12.pkcs12FromAsn1(forge.asn1.fromDer(p12), 'prova');
  const keyBag = back.getBags({ bagType: forge.pki.oids.pkcs8ShroudedKeyBag! })[forge.pki.oids.pkcs8ShroudedKeyBag!]![0]!;
  const certBag = back.getBags({ bagType: forge.pki.oids.certBag! })[forge.pki.oids.certBag!]![0]!;
  return { key: keyBag.key as forge.pki.rsa.PrivateKey, cert: certBag.cert!, name };
}

function cms(signer: TestSigner, content: Buffer, detached: boolean, signingTime?: Date): Buffer {
  const p7 = forge.pkcs7.createSignedData();
  p7.content = forge.util.createBuffer(content.toString('binary'));
  p7.addCertificate(signer.cert);
  const attrs: { type: string; value?: string | Date }[] = [{ type: forge.pki.oids.contentType!, value: forge.pki.oids.data! }, { type: forge.pki.oids.messageDigest! }];
  if (signingTime) attrs.push({ type: forge.pki.oids.signingTime!, value: signingTime });
  p7.addSigner({ key: signer.key, certificate: signer.cert, digestAlgorithm: forge.pki.oids.sha256!, authenticatedAttributes: attrs as never });
  p7.sign({ detached });
  return Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary');
}

/** CAdES: the PDF enveloped in a .p7m. */
export function signCades(pdf: Buffer, signer: TestSigner, when = new Date('2024-04-05T10:30:00Z')): Buffer {
  return cms(signer, pdf, false, when);
}

const pad = (n: number) => String(n).padStart(10, '0');

/**
 * PAdES as signing applications write it: the PDF untouched, then an incremental update with a signature
 * field on the first page, the catalog's AcroForm, a new cross-reference section and trailer; the CMS
 * (ETSI.CAdES.detached) covers the whole file except the /Contents hex string.
 */
export function signPades(pdf: Buffer, signer: TestSigner, when = new Date('2024-04-05T10:30:00Z')): Buffer {
  const text = pdf.toString('latin1');
  const trailer = text.slice(text.lastIndexOf('trailer'));
  const size = Number(/\/Size (\d+)/.exec(trailer)![1]);
  const root = Number(/\/Root (\d+) 0 R/.exec(trailer)![1]);
  const info = /\/Info (\d+ 0 R)/.exec(trailer)?.[1];
  const id = /\/ID\s*(\[[^\]]*\])/.exec(trailer)?.[1];
  const prev = Number(/startxref\s+(\d+)/.exec(text.slice(text.lastIndexOf('startxref')))![1]);
  const object = (n: number) => new RegExp(`\\n${n} 0 obj\\n([\\s\\S]*?)\\nendobj`).exec(text)![1]!;
  const catalog = object(root);
  const pagesNum = Number(/\/Pages (\d+) 0 R/.exec(catalog)![1]);
  const page = Number(/\/Kids \[(\d+) 0 R/.exec(object(pagesNum))![1]);
  const pageDict = object(page);
  if (/\/Annots/.test(pageDict)) throw new Error('test signer: page already has annotations');
  const widget = size;
  const sig = size + 1;
  const stamp = `D:${when.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z`;
  const contentsLength = 16384;
  const objects: [number, string][] = [
    [root, catalog.replace(/>>\s*$/, `/AcroForm << /Fields [${widget} 0 R] /SigFlags 3 >>\n>>`)],
    [page, pageDict.replace(/>>\s*$/, `/Annots [${widget} 0 R]\n>>`)],
    [widget, `<< /Type /Annot /Subtype /Widget /FT /Sig /T (Firma1) /Rect [0 0 0 0] /F 132 /P ${page} 0 R /V ${sig} 0 R >>`],
    [sig, `<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached /ByteRange [0 ${pad(0)} ${pad(0)} ${pad(0)}] /Contents <${'0'.repeat(contentsLength)}> /M (${stamp}) /Name (${signer.name}) >>`],
  ];
  let update = '\n';
  const offsets = new Map<number, number>();
  for (const [n, body] of objects) {
    offsets.set(n, pdf.length + update.length);
    update += `${n} 0 obj\n${body}\nendobj\n`;
  }
  const xref = pdf.length + update.length;
  update += 'xref\n0 1\n0000000000 65535 f \n';
  for (const n of [...offsets.keys()].sort((x, y) => x - y)) update += `${n} 1\n${String(offsets.get(n)).padStart(10, '0')} 00000 n \n`;
  update += `trailer\n<< /Size ${sig + 1} /Root ${root} 0 R${info ? ` /Info ${info}` : ''}${id ? ` /ID ${id}` : ''} /Prev ${prev} >>\nstartxref\n${xref}\n%%EOF\n`;
  let out = Buffer.concat([pdf, Buffer.from(update, 'latin1')]);
  const start = out.indexOf('/Contents <' + '0'.repeat(16), pdf.length) + '/Contents '.length;
  const end = start + contentsLength + 2;
  const range = `[0 ${pad(start)} ${pad(end)} ${pad(out.length - end)}]`;
  const placeholder = out.indexOf(`[0 ${pad(0)} ${pad(0)} ${pad(0)}]`, pdf.length);
  out.write(range, placeholder, 'latin1');
  const der = cms(signer, Buffer.concat([out.subarray(0, start), out.subarray(end)]), true);
  const hex = der.toString('hex');
  if (hex.length > contentsLength) throw new Error('test signer: signature larger than the placeholder');
  out.write(hex, start + 1, 'latin1');
  return out;
}
