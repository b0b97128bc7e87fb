import { XMLValidator } from 'fast-xml-parser';

/**
 * A self-check of what albo promises a PDF/A-2a + PDF/UA-1 file is: XMP metadata that is well-formed XML and
 * declares part 2, conformance A, and PDF/UA part 1; a structure tree, MarkInfo, the title shown, the
 * language (the tags themselves are checked in depth by the test suite's offline checker); every font embedded (no standard-14 fonts); no transparency; no
 * encryption. It reads the file's own bytes (streams are not decompressed: pdfkit writes the XMP and the
 * font dictionaries uncompressed).
 */
export function pdfaProblems(bytes: Uint8Array): string[] {
  const pdf = Buffer.from(bytes).toString('latin1');
  const problems: string[] = [];
  // The last packet: an incremental update (a signature) may replace the metadata.
  const xmp = [...pdf.matchAll(/<\?xpacket begin[\s\S]*?<\?xpacket end="w"\?>/g)].at(-1)?.[0];
  if (!xmp) problems.push('manca il pacchetto XMP dei metadati');
  else {
    const xml = Buffer.from(xmp, 'latin1').toString('utf8');
    const valid = XMLValidator.validate(xml);
    if (valid !== true) problems.push(`metadati XMP non validi: ${valid.err.msg}`);
    if (!/<pdfaid:part>2<\/pdfaid:part>/.test(xml) || !/<pdfaid:conformance>A<\/pdfaid:conformance>/.test(xml)) problems.push('i metadati XMP non dichiarano PDF/A-2a');
    if (!/<pdfuaid:part>1<\/pdfuaid:part>/.test(xml)) problems.push('i metadati XMP non dichiarano PDF/UA-1');
  }
  // Level A and PDF/UA are a logical structure, not a flag: the structure tree must be there, marked.
  if (!/\/StructTreeRoot \d+ 0 R/.test(pdf)) problems.push('manca la struttura logica (StructTreeRoot)');
  if (!/\/MarkInfo \d+ 0 R/.test(pdf) || !/\/Marked true/.test(pdf)) problems.push('manca MarkInfo /Marked true');
  if (!/\/DisplayDocTitle true/.test(pdf)) problems.push('manca /DisplayDocTitle true (il lettore mostrerebbe il nome del file)');
  if (!/\/Lang \(/.test(pdf)) problems.push('manca la lingua del documento (/Lang)');
  const fonts = [...pdf.matchAll(/\/Type \/Font\b[^>]*?\/Subtype \/(\w+)/g)].map((m) => m[1]);
  if (fonts.includes('Type1') || /\/BaseFont \/(Helvetica|Times|Courier|Symbol|ZapfDingbats)/.test(pdf)) problems.push('usa caratteri standard non incorporati');
  const descriptors = (pdf.match(/\/Type \/FontDescriptor/g) ?? []).length;
  const embedded = (pdf.match(/\/FontFile[23]? /g) ?? []).length;
  if (descriptors === 0 || embedded < descriptors) problems.push(`caratteri non incorporati (${embedded} file di font per ${descriptors} descrittori)`);
  if (/\/SMask\b/.test(pdf) || /\/(CA|ca) 0?\.\d/.test(pdf)) problems.push('contiene trasparenze');
  if (/\/Encrypt\b/.test(pdf)) problems.push('è cifrato');
  if (!/^%PDF-1\.7/.test(pdf)) problems.push('versione PDF diversa da 1.7');
  return problems;
}
