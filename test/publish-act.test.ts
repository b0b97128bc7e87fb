import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import forge from 'node-forge';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { renderOutputs } from '../src/build/build.js';
import { MANIFEST_FILE, sha256 } from '../src/build/manifest.js';
import { loadProjects } from '../src/build/project.js';
import type { Config } from '../src/config.js';
import type { Diagnostic } from '../src/diagnostics.js';
import type { Doc, Project } from '../src/kinds/kind.js';
import { agidMetadata } from '../src/publish/agid.js';
import { readBuilt } from '../src/publish/built.js';
import { pdfaProblems } from '../src/publish/pdfa-check.js';
import { MEDIA, publishAct, type PublishOptions, type PublishResult } from '../src/publish/publish.js';
import { nextEntry, registerHeader, serializeEntry, type RegisterEntry } from '../src/publish/register.js';
import { annulPublication, relataOfPublication } from '../src/publish/relata.js';
import { NOT_CHECKED } from '../src/publish/signature.js';
import { ROOT } from './helpers/seed.js';
import { makeSigner, signCades, signPades, type TestSigner } from './helpers/sign.js';

// `albo pubblica`, `albo annulla` and `albo relata` in process, on a real build of a tiny ente written to
// disk once (readBuilt checks the manifest and the bytes): notice A with one card, notice B with two (one
// carrying personal data), the fund's prospetto and a regulation with two appendices (acts without a printed
// publication date). The acts are signed here (test/helpers/sign.ts). publishAct returns the files without
// writing them; a test that needs the register writes it, and each test starts with no register and no
// package (afterEach). A test that alters out/ restores it. The CLI around these functions, on the shipped
// enti, is test/publish.test.ts.

const tmp = mkdtempSync(path.join(tmpdir(), 'albo-publish-act-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const BASE = path.join(tmp, 'base');
const CONTENT = path.join(BASE, 'content');
const OUT = path.join(BASE, 'out');
const TEMPLATES = path.join(BASE, 'templates');
const ENTE = path.join(CONTENT, 'esempio');
const VERSION = '0.0.0-prova';
/** Paths as the CLI shows them, from the project's folder. */
const show = (p: string) => path.relative(BASE, p);

const OGGETTO = 'Selezione interna per le specifiche responsabilità 2025';
const OGGETTO_FONDO = "Riparto del fondo per l'indennità per specifiche responsabilità 2025: €\u00a06.000,00";
/** As the register reads it back: its lines collapse every run of white space (the no-break space of «€ 6.000») into one space. */
const OGGETTO_FONDO_READ = OGGETTO_FONDO.replace('\u00a0', ' ');
const A = '2025-avviso-specifiche-responsabilita-tecnico-finanziario';
const A_CARD = '2025-allegato-1-scheda-coordinamento-ufficio-tecnico';
const B = '2025-avviso-specifiche-responsabilita-ente';
const B_CARD1 = '2025-allegato-1-scheda-responsabile-procedimenti-tributi';
const B_CARD2 = '2025-allegato-2-scheda-ufficiale-stato-civile-anagrafe';
const FUND = 'prospetto-riparto-2025';
const A_SRC = 'content/esempio/2025/avviso-tecnico.md';
const FUND_SRC = 'content/esempio/2025/fondo-2025.md';
const PROTOCOL = { numero: '12', data: '2025-02-04', registro: 'Registro generale' };
const REGISTER = path.join(ENTE, 'registro-albo-2025.txt');
const NOTICE_HINT = 'correggi «pubblicazione.dal», rigenera con «albo build» e firma di nuovo; o pubblica con --fuori-termine "motivo" (il motivo resta nel pacchetto)';
const ACT_HINT = 'indica un --dal da oggi in poi, o pubblica con --fuori-termine "motivo" (il motivo resta nel pacchetto)';
const PRIVACY_HINT = 'toglilo dal sorgente, aggiungilo a "pubblicazione.contatti_ammessi" in ente.yaml se è un recapito d\'ufficio, o pubblica con --consenti-dati "motivo" (il motivo resta nel manifesto)';
const CERT = 'certificato 0a1b2c3d4e (CA di prova per i test di albo) valido dal 01/01/2024 al 31/12/2027';

function writeSources(): void {
  const src = path.join(ROOT, 'content', 'esempio-importi-fissi');
  mkdirSync(path.join(ENTE, '2025', 'schede'), { recursive: true });
  cpSync(path.join(src, 'stemma.png'), path.join(ENTE, 'stemma.png'));
  cpSync(path.join(ROOT, 'templates'), TEMPLATES, { recursive: true });
  const read = (rel: string) => readFileSync(path.join(src, rel), 'utf8');
  const write = (rel: string, text: string) => writeFileSync(path.join(ENTE, rel), text);
  write('ente.yaml', read('ente.yaml') + '\npubblicazione:\n  contatti_ammessi: ["0583 428100"]\n');
  write('2025/schede/coordinamento-ufficio-tecnico.md', read('2025/schede/coordinamento-ufficio-tecnico.md') + '\nInformazioni: tel. 0583 428100.\n');
  write('2025/schede/responsabile-procedimenti-tributi.md', read('2025/schede/responsabile-procedimenti-tributi.md'));
  // Personal data right after a heading, after a paragraph and after a table cell: each block is read on its own.
  write(
    '2025/schede/ufficiale-stato-civile-anagrafe.md',
    read('2025/schede/ufficiale-stato-civile-anagrafe.md').replace(
      '## Requisiti\n\nAbilitazione alle funzioni di ufficiale di stato civile.\n',
      '## Requisiti\n\nmario.rossi@gmail.com raccoglie le domande.\n\nAbilitazione alle funzioni di ufficiale di stato civile.\n\nmario.rossi@gmail.com (codice fiscale RSSMRA80A01H501U) riceve anche il personale con disabilità; tel. 0583 428100.\n\n| Ufficio | Recapito |\n|---|---|\n| Stato civile | mario.rossi@gmail.com |\n',
    ),
  );
  // A health word in a prospetto is a category, not a person: only notices and cards are checked for it.
  write('2025/fondo-2025.md', read('2025/fondo-2025.md') + '\n## Note\n\nUna quota è riservata al personale con disabilità (esempio).\n');
  // A regulation with two appendices, numbered as it numbers them (1 and A).
  write('regolamento-prova.md', '---\ntipo: regolamento\nid: regolamento-prova\ntitolo: Regolamento di prova degli uffici\napprovazione: { organo: Giunta comunale, numero: 5, data: 2024-01-10 }\n---\n\n### Art. – Oggetto\n\n1. Il presente regolamento disciplina gli uffici.\n\n### Art. – Rinvio\n\n1. Per quanto non previsto si rinvia alla legge.\n');
  for (const [file, id, numero] of [['allegato-profili.md', 'profili', '1'], ['allegato-posti.md', 'tabella-posti', 'A']]) {
    write(file!, `---\ntipo: allegato\nid: ${id}\nregolamento: regolamento-prova\nnumero: ${numero}\ntitolo: Allegato ${id}\n---\n\n### Parte prima\n\nTesto dell'allegato.\n`);
  }
  const notice = read('2025/avviso-2025.md');
  // A: one card, two settori, the office's contacts (printed, so allowed in the act); its file is not named after its id.
  write(
    '2025/avviso-tecnico.md',
    notice
      .replace(/ {2}- responsabile-procedimenti-tributi\n {2}- ufficiale-stato-civile-anagrafe\n/, '')
      .replace('termine_giorni', 'settori: [Tecnico, Finanziario]\ncontatti: { ufficio: Ufficio Personale, telefono: "0583 428111" }\ntermine_giorni'),
  );
  // B: two cards (the second with personal data), the whole ente, a deadline moved by a holiday.
  write(
    '2025/avviso-anagrafe.md',
    notice
      .replace('id: avviso-2025', 'id: avviso-2025-anagrafe')
      .replace('data: 2025-02-03', 'data: 2025-04-01')
      .replace('dal: 2025-02-05', 'dal: 2025-04-04')
      .replace('termine_giorni: 10', 'contatti: { ufficio: Ufficio Personale, email: personale@comune.esempio.it }\ntermine_giorni: 21')
      .replace('[funzionari-eq, istruttori]', '[istruttori]')
      .replace(/ {2}- coordinamento-ufficio-tecnico\n/, ''),
  );
}

/** A CAdES envelope whose signed attributes carry no signing time (the helper always writes one). */
function cadesWithoutTime(pdf: Buffer, signer: TestSigner): Buffer {
  const p7 = forge.pkcs7.createSignedData();
  p7.content = forge.util.createBuffer(pdf.toString('binary'));
  p7.addCertificate(signer.cert);
  const attributes = [{ type: forge.pki.oids.contentType!, value: forge.pki.oids.data! }, { type: forge.pki.oids.messageDigest! }];
  p7.addSigner({ key: signer.key, certificate: signer.cert, digestAlgorithm: forge.pki.oids.sha256!, authenticatedAttributes: attributes as never });
  p7.sign();
  return Buffer.from(forge.asn1.toDer(p7.toAsn1()).getBytes(), 'binary');
}

let project: Project;
let mario: TestSigner;
/** Signed files, made once: the signer's name and the signing time are what the tests vary. */
const signed: Record<string, { path: string; bytes: Uint8Array }> = {};
const built = (rel: string) => new Uint8Array(readFileSync(path.join(OUT, 'esempio', rel)));

beforeAll(async () => {
  writeSources();
  const loaded = await loadProjects(CONTENT, show);
  expect(loaded.diagnostics.filter((d) => d.severity === 'errore')).toEqual([]);
  project = loaded.projects[0]!;
  // What `albo build` writes (the CLI stages the same files and the manifest, then swaps out/).
  const result = await renderOutputs([project], { contentDir: CONTENT, outDir: OUT, templatesDir: TEMPLATES, version: VERSION, display: show });
  for (const f of result.files) {
    mkdirSync(path.dirname(f.path), { recursive: true });
    writeFileSync(f.path, f.bytes);
  }
  const anna = makeSigner('Anna Bianchi');
  mario = makeSigner('Mario Rossi');
  const buf = (rel: string) => Buffer.from(built(rel));
  const put = (name: string, bytes: Buffer) => (signed[name] = { path: path.join(BASE, 'firmati', name), bytes: new Uint8Array(bytes) });
  put('avviso.pdf', signPades(buf('2025/avviso-tecnico.pdf'), anna, new Date('2025-02-04T09:00:00Z')));
  put('scheda.pdf', signPades(buf('2025/schede/coordinamento-ufficio-tecnico.pdf'), anna, new Date('2025-02-04T09:00:00Z')));
  put('avviso.pdf.p7m', signCades(buf('2025/avviso-tecnico.pdf'), anna, new Date('2025-02-04T09:00:00Z')));
  // Signed later in the day of the protocol (the day counts, not the hour), by someone else.
  put('con-allegati.pdf.p7m', signCades(buf('2025/avviso-tecnico-con-allegati.pdf'), mario, new Date('2025-02-04T15:00:00Z')));
  // Signed the day after the protocol, by someone else.
  put('con-allegati.pdf', signPades(buf('2025/avviso-tecnico-con-allegati.pdf'), mario, new Date('2025-02-06T08:00:00Z')));
  put('b-scheda-1.pdf', signPades(buf('2025/schede/responsabile-procedimenti-tributi.pdf'), anna, new Date('2025-04-01T10:00:00Z')));
  put('b-con-allegati.pdf.p7m', signCades(buf('2025/avviso-anagrafe-con-allegati.pdf'), anna, new Date('2025-04-01T10:00:00Z')));
  put('regolamento.pdf.p7m', signCades(buf('regolamento-prova-con-allegati.pdf'), mario, new Date('2025-04-30T10:00:00Z')));
  put('prospetto-senza-data.pdf.p7m', cadesWithoutTime(buf(`2025/${FUND}.pdf`), mario));
  put('prospetto.pdf', signPades(buf(`2025/${FUND}.pdf`), mario, new Date('2025-03-05T10:00:00Z')));
}, 180_000);

afterEach(() => {
  for (const f of readdirSync(ENTE)) if (f.startsWith('registro-albo-')) rmSync(path.join(ENTE, f));
  rmSync(path.join(OUT, 'albo'), { recursive: true, force: true });
});

const doc = (id: string): Doc => project.docs.find((d) => (d.data as { id?: string }).id === id)!;
const opts = (o: Partial<PublishOptions> & { start?: string }): PublishOptions & { start?: string } => ({
  contentDir: CONTENT,
  outDir: OUT,
  templatesDir: TEMPLATES,
  version: VERSION,
  display: show,
  today: '2025-02-04',
  signed: [],
  ...o,
});
/** The project with other `pubblicazione` settings of ente.yaml (none of them changes what is built). */
const withSettings = (s: Partial<Config['pubblicazione']>): Project => ({ ...project, config: { ...project.config, pubblicazione: { ...project.config.pubblicazione, ...s } } });

const text = (b: Uint8Array) => new TextDecoder().decode(b);
/** Byte equality (toEqual walks a typed array element by element: seconds for a few PDFs). */
const same = (a: Uint8Array, b: Uint8Array) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
const named = (r: PublishResult, name: string) => r.files.find((f) => f.path === path.join(r.dir, name))!.bytes;
const recordOf = (r: PublishResult) => JSON.parse(text(named(r, 'pubblicazione.json'))) as Record<string, unknown> & { file: Listed[] };
const registerOf = (r: { files: { path: string; bytes: Uint8Array }[] }, file = REGISTER) => text(r.files.find((f) => f.path === file)!.bytes);
const writeAll = (r: { files: { path: string; bytes: Uint8Array }[] }) => {
  for (const f of r.files) {
    mkdirSync(path.dirname(f.path), { recursive: true });
    writeFileSync(f.path, f.bytes);
  }
};
interface Listed {
  nome: string;
  ruolo: string;
  byte: number;
  tipo: string;
  sha256: string;
  firmato: boolean;
  sha256_generato?: string;
}
const listed = (nome: string, ruolo: string, bytes: Uint8Array, tipo: string, firmato: boolean, generated?: Uint8Array): Listed => ({
  nome,
  ruolo,
  byte: bytes.length,
  tipo,
  sha256: sha256(bytes),
  firmato,
  ...(generated ? { sha256_generato: sha256(generated) } : {}),
});
const err = (file: string, message: string, hint?: string): Diagnostic => ({ file, severity: 'errore', message, hint });
const warn = (file: string, message: string, hint?: string): Diagnostic => ({ file, severity: 'avviso', message, hint });
/** The XML parts of a DOCX (helpers/extract.ts does the same, but loads pdf.js, which this file does not need). */
const docxParts = (bytes: Uint8Array) => Object.fromEntries(Object.entries(unzipSync(bytes)).filter(([n]) => n.endsWith('.xml')).map(([n, d]) => [n, strFromU8(d)]));
/** Body text of a DOCX, one line per paragraph. */
const docxText = (bytes: Uint8Array) =>
  docxParts(bytes)['word/document.xml']!
    .split('</w:p>')
    .map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&')).join(''))
    .join('\n');

describe('publishAct: a notice and its card, signed one by one (PAdES)', () => {
  it('publishes the signed files as they are, courtesy copies, the record, the register entry and the AgID metadata', async () => {
    const r = await publishAct(project, doc('avviso-2025'), opts({ protocol: PROTOCOL, signed: [signed['avviso.pdf']!, signed['scheda.pdf']!] }));
    expect(r.diagnostics).toEqual([]);
    expect(r.dir).toBe(path.join(OUT, 'albo', '2025-avviso-2025'));
    const dir = 'out/albo/2025-avviso-2025/';
    expect(r.files.map((f) => show(f.path))).toEqual([
      ...[`${A}.pdf`, `${A_CARD}.pdf`, `${A}.docx`, `${A}.html`, `${A_CARD}.docx`, `${A_CARD}.html`, 'metadati-agid.json', 'pubblicazione.json', 'pubblicazione.txt'].map((n) => dir + n),
      'content/esempio/registro-albo-2025.txt',
    ]);
    expect(same(named(r, `${A}.pdf`), signed['avviso.pdf']!.bytes)).toBe(true);
    expect(same(named(r, `${A_CARD}.pdf`), signed['scheda.pdf']!.bytes)).toBe(true);
    expect(same(named(r, `${A}.docx`), built('2025/avviso-tecnico.docx'))).toBe(true);
    expect(same(named(r, `${A_CARD}.docx`), built('2025/schede/coordinamento-ufficio-tecnico.docx'))).toBe(true);
    const html = text(named(r, `${A}.html`));
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain(OGGETTO);
    expect(html).toContain('0583 428111');
    expect(text(named(r, `${A_CARD}.html`))).toContain('0583 428100');

    const files = [
      listed(`${A}.pdf`, 'atto', signed['avviso.pdf']!.bytes, MEDIA.pdf, true, built('2025/avviso-tecnico.pdf')),
      listed(`${A_CARD}.pdf`, 'allegato 1', signed['scheda.pdf']!.bytes, MEDIA.pdf, true, built('2025/schede/coordinamento-ufficio-tecnico.pdf')),
      listed(`${A}.docx`, "copia di cortesia dell'atto", built('2025/avviso-tecnico.docx'), MEDIA.docx, false),
      listed(`${A}.html`, "copia di cortesia dell'atto", named(r, `${A}.html`), MEDIA.html, false),
      listed(`${A_CARD}.docx`, "copia di cortesia dell'allegato 1", built('2025/schede/coordinamento-ufficio-tecnico.docx'), MEDIA.docx, false),
      listed(`${A_CARD}.html`, "copia di cortesia dell'allegato 1", named(r, `${A_CARD}.html`), MEDIA.html, false),
    ];
    const signature = { formato: 'PAdES', firmatario: 'Anna Bianchi', seriale_certificato: '0a1b2c3d4e', emittente: 'CA di prova per i test di albo', certificato_valido_dal: '2024-01-01T00:00:00.000Z', certificato_valido_al: '2027-12-31T23:59:59.000Z', data_firma: '2025-02-04T09:00:00.000Z', algoritmo_impronta: 'SHA-256' };
    const entry = r.entry!;
    expect(recordOf(r)).toEqual({
      ente: 'Comune di Esempio',
      oggetto: OGGETTO,
      tipo_atto: 'avviso',
      ufficio: 'Tecnico, Finanziario',
      registro: { numero: '1/2025', file: 'registro-albo-2025.txt', impronta_voce: entry.impronta },
      protocollo: PROTOCOL,
      pubblicazione: { inizio: '2025-02-05', fine: '2025-02-19', giorni_consecutivi: 15, fine_almeno_fino_alla_scadenza: false },
      scadenza_domande: { data: '2025-02-15', termine_giorni: 10, data_nominale: '2025-02-15', spostata_per: [] },
      firma: {
        firmato: true,
        senza_firma_motivo: null,
        firme: [
          expect.objectContaining({ file_firmato: `${A}.pdf`, atto_generato: 'esempio/2025/avviso-tecnico.pdf', ...signature }),
          expect.objectContaining({ file_firmato: `${A_CARD}.pdf`, atto_generato: 'esempio/2025/schede/coordinamento-ufficio-tecnico.pdf', ...signature }),
        ],
        non_verificato: NOT_CHECKED,
      },
      forzature: { fuori_termine: null },
      riservatezza: { dati_personali_rilevati: [], deroga: null },
      file: files,
    });
    // Indented JSON, one final newline.
    expect(text(named(r, 'pubblicazione.json'))).toBe(JSON.stringify(recordOf(r), null, 2) + '\n');
    expect(text(named(r, 'metadati-agid.json'))).toBe(JSON.stringify(JSON.parse(text(named(r, 'metadati-agid.json'))), null, 2) + '\n');
    expect(text(named(r, 'pubblicazione.txt'))).toBe(
      [
        "Comune di Esempio – pubblicazione all'Albo Pretorio online n. 1/2025",
        `Oggetto: ${OGGETTO}`,
        'Tipo di atto: avviso (Tecnico, Finanziario)',
        'Protocollo: n. 12 del 04/02/2025, Registro generale',
        'In pubblicazione dal 5 febbraio 2025 al 19 febbraio 2025 (15 giorni consecutivi)',
        'Scadenza delle domande: 15 febbraio 2025 (10 giorni dalla pubblicazione, escluso il primo)',
        `Firma digitale: ${A}.pdf PAdES, Anna Bianchi, ${CERT}, firmato il 04/02/2025; ${A_CARD}.pdf PAdES, Anna Bianchi, ${CERT}, firmato il 04/02/2025`,
        `Non verificato: ${NOT_CHECKED}`,
        'Dati personali: nessuno rilevato',
        '',
        'File:',
        ...files.map((f) => `  ${f.nome}  ${f.ruolo}  ${f.byte} byte  sha256 ${f.sha256}`),
        '',
      ].join('\n'),
    );
    // The register: a new file for the year, one entry; the two signatures by the same certificate are one «firma».
    const fields = {
      tipo: 'pubblicazione' as const,
      atto: 'avviso',
      oggetto: OGGETTO,
      ufficio: 'Tecnico, Finanziario',
      sorgente: '2025/avviso-tecnico.md',
      protocollo: 'n. 12 del 04/02/2025, Registro generale',
      dal: '2025-02-05',
      al: '2025-02-19',
      firma: 'PAdES Anna Bianchi (certificato 0a1b2c3d4e)',
      file: [files[0]!, files[1]!].map((f) => ({ nome: f.nome, ruolo: f.ruolo, sha256: f.sha256 })),
    };
    expect(entry).toEqual(nextEntry([], 2025, fields));
    expect(registerOf(r)).toBe(registerHeader('Comune di Esempio', 2025) + '\n' + serializeEntry(entry));
    expect(JSON.parse(text(named(r, 'metadati-agid.json')))).toEqual(
      agidMetadata({
        ente: 'Comune di Esempio',
        version: VERSION,
        registro: '1/2025',
        tipologia: 'Avviso di selezione interna',
        oggetto: OGGETTO,
        ufficio: 'Tecnico, Finanziario',
        autore: { ruolo: 'Il Segretario comunale', nome: 'Anna Bianchi' },
        protocol: PROTOCOL,
        files,
      }),
    );
  });

  it('one signature for the notice with its card (CAdES .p7m) is the act; a signer who is not the signatory is a warning', async () => {
    // Today is the planned start (still on time); the patron's day is not the deadline; signed on the protocol's day.
    const p7m = signed['con-allegati.pdf.p7m']!;
    const r = await publishAct(withSettings({ patrono: { giorno: '02-14', nome: 'San Valentino' } }), doc('avviso-2025'), opts({ today: '2025-02-05', protocol: PROTOCOL, signed: [p7m] }));
    expect(r.diagnostics).toEqual([
      warn(A_SRC, "firmati/con-allegati.pdf.p7m: firmato da «Mario Rossi», ma il blocco firma dell'atto indica «Anna Bianchi»", 'controlla che abbia firmato la persona giusta (o correggi "firmatario.nome" e rigenera)'),
    ]);
    const record = recordOf(r);
    expect(record.file.filter((f) => !f.ruolo.startsWith('copia'))).toEqual([listed(`${A}-con-allegati.pdf.p7m`, 'atto con gli allegati 1', p7m.bytes, MEDIA.p7m, true, built('2025/avviso-tecnico-con-allegati.pdf'))]);
    expect(record.file.map((f) => f.nome)).toEqual([`${A}-con-allegati.pdf.p7m`, `${A}.docx`, `${A}.html`, `${A_CARD}.docx`, `${A_CARD}.html`]);
    expect(same(named(r, `${A}-con-allegati.pdf.p7m`), p7m.bytes)).toBe(true);
    expect(record.firma).toEqual({
      firmato: true,
      senza_firma_motivo: null,
      firme: [expect.objectContaining({ file_firmato: `${A}-con-allegati.pdf.p7m`, atto_generato: 'esempio/2025/avviso-tecnico-con-allegati.pdf', formato: 'CAdES', firmatario: 'Mario Rossi', data_firma: '2025-02-04T15:00:00.000Z' })],
      non_verificato: NOT_CHECKED,
    });
    expect(text(named(r, 'pubblicazione.txt'))).toContain(`\nFirma digitale: ${A}-con-allegati.pdf.p7m CAdES, Mario Rossi, ${CERT}, firmato il 04/02/2025\n`);
    expect(registerOf(r)).toContain(`\nfirma: CAdES Mario Rossi (certificato 0a1b2c3d4e)\nfile: ${sha256(p7m.bytes)} atto con gli allegati 1 | ${A}-con-allegati.pdf.p7m\nprecedente: `);
  });

  it('refused when already in the register (a line written there by hand is reported), with two files for one act and the combined document next to the acts one by one; an unexpected signer and a signature after the protocol warn', async () => {
    const entry = nextEntry([], 2025, { tipo: 'pubblicazione', atto: 'avviso', oggetto: OGGETTO, ufficio: 'Tecnico, Finanziario', sorgente: '2025/avviso-tecnico.md', protocollo: 'n. 1 del 01/02/2025, Registro generale', dal: '2025-02-05', al: '2025-02-19', firma: 'non firmato: prova', file: [] });
    const existing = registerHeader('Comune di Esempio', 2025) + '\n' + serializeEntry(entry) + 'nota scritta a mano\n\n\n';
    writeFileSync(REGISTER, existing);
    // Today is the planned start and the protocol's day.
    const r = await publishAct(project, doc('avviso-2025'), opts({ today: '2025-02-05', protocol: { ...PROTOCOL, data: '2025-02-05' }, signed: [signed['avviso.pdf']!, signed['avviso.pdf.p7m']!, signed['con-allegati.pdf']!] }));
    expect(r.diagnostics).toEqual([
      err('firmati/avviso.pdf.p7m', 'due file firmati per lo stesso atto (esempio/2025/avviso-tecnico.pdf): firmati/avviso.pdf e firmati/avviso.pdf.p7m'),
      warn(A_SRC, "firmati/con-allegati.pdf: firmato da «Mario Rossi», ma il blocco firma dell'atto indica «Anna Bianchi»", 'controlla che abbia firmato la persona giusta (o correggi "firmatario.nome" e rigenera)'),
      warn(A_SRC, 'firmati/con-allegati.pdf: la firma (06/02/2025) è successiva alla data di protocollo (05/02/2025)'),
      err(A_SRC, 'il documento unico con gli allegati è firmato e vale per tutti: non indicare anche gli atti firmati uno per uno'),
      { file: 'content/esempio/registro-albo-2025.txt', line: 17, column: 1, severity: 'errore', message: 'riga del registro non riconosciuta: «nota scritta a mano»', hint: 'il registro si modifica solo con albo (pubblica, annulla)' },
      // The hint names the act by its id (not by its file name).
      err(A_SRC, "l'avviso è già nel registro delle pubblicazioni con il n. 1/2025", 'per ripubblicarlo annulla prima quella pubblicazione: albo annulla avviso-2025 --motivo "…"'),
    ]);
    // What would be appended: the next number, chained, after the register without its trailing blank lines; two signers.
    expect(r.entry).toMatchObject({ numero: 2, precedente: entry.impronta, firma: 'PAdES Anna Bianchi (certificato 0a1b2c3d4e); PAdES Mario Rossi (certificato 0a1b2c3d4e)' });
    expect(registerOf(r)).toBe(existing.replace(/\n+$/, '\n') + '\n' + serializeEntry(r.entry!));
  });
});

describe('publishAct: dates and protocol', () => {
  it('a start already past and a protocol after today and after the start are errors (31 December: the year is not over yet); a file that is not a signature is refused with its check, and then no signature is asked for', async () => {
    const r = await publishAct(project, doc('avviso-2025'), opts({ today: '2025-12-31', protocol: { ...PROTOCOL, data: '2026-01-01' }, signed: [{ path: path.join(BASE, 'firmati', 'non-firmato.pdf'), bytes: built('2025/avviso-tecnico.pdf') }] }));
    expect(r.diagnostics).toEqual([
      err(A_SRC, "la pubblicazione prevista dal 05/02/2025 è già passata (oggi è il 31/12/2025): l'avviso stampa una scadenza che non vale più", NOTICE_HINT),
      err(A_SRC, 'la data di protocollo 01/01/2026 è futura (oggi è il 31/12/2025)'),
      err(A_SRC, 'la pubblicazione (dal 05/02/2025) non può iniziare prima della registrazione di protocollo (01/01/2026)', NOTICE_HINT),
      { file: 'firmati/non-firmato.pdf', severity: 'errore', message: expect.stringMatching(/^file firmato non accettato: controllo «firma PAdES» non superato: \S/), hint: undefined },
    ]);
  });

  it('with a reason, a notice of a year that is over is published late, and says so; a deadline on the patron saint\'s day warns; every act must be signed', async () => {
    const late = 'riapertura dei termini disposta con determina n. 1/2026';
    const r = await publishAct(withSettings({ patrono: { giorno: '02-15', nome: 'San Faustino' } }), doc('avviso-2025'), opts({ today: '2026-01-01', lateReason: late, protocol: PROTOCOL }));
    const hint = `pubblicato comunque: ${late}`;
    expect(r.diagnostics).toEqual([
      warn(A_SRC, "l'avviso è dell'anno 2025 e oggi è il 01/01/2026: l'anno è concluso", hint),
      warn(A_SRC, "la pubblicazione prevista dal 05/02/2025 è già passata (oggi è il 01/01/2026): l'avviso stampa una scadenza che non vale più", hint),
      warn(A_SRC, 'il termine per le domande (15 febbraio 2025) cade nel giorno del santo patrono, San Faustino: gli uffici sono chiusi, ma il termine legale non si sposta', "valuta se indicare nell'avviso come presentare la domanda quel giorno (es. posta elettronica)"),
      err(
        A_SRC,
        'mancano i file firmati di: out/esempio/2025/avviso-tecnico.pdf, out/esempio/2025/schede/coordinamento-ufficio-tecnico.pdf',
        'firma ogni PDF (o il documento unico out/esempio/2025/avviso-tecnico-con-allegati.pdf) e indica ogni file firmato con --firmato FILE; per pubblicare senza firma: --senza-firma "motivo"',
      ),
    ]);
    // The package and the register keep the dates of the source, and the reason.
    expect(recordOf(r).forzature).toEqual({ fuori_termine: late });
    expect(text(named(r, 'pubblicazione.txt'))).toContain(`\nPubblicato fuori termine: ${late}\nDati personali: nessuno rilevato\n`);
    expect(r.entry).toMatchObject({ numero: 1, anno: 2025, dal: '2025-02-05', al: '2025-02-19' });
  });

  it('a notice without a planned start cannot be published (its printed deadline counts from it)', async () => {
    const d = doc('avviso-2025');
    const r = await publishAct(project, { ...d, data: { ...d.data, pubblicazione: undefined } }, opts({ today: '2026-03-01', unsignedReason: 'prova', protocol: PROTOCOL }));
    expect(r).toEqual({
      dir: path.join(OUT, 'albo', '2025-avviso-2025'),
      files: [],
      diagnostics: [err(A_SRC, 'manca la data di pubblicazione prevista', "aggiungi al frontmatter «pubblicazione: { dal: AAAA-MM-GG }», rigenera con «albo build» e firma l'avviso generato: la scadenza stampata si conta da quella data")],
    });
  });
});

describe('publishAct: personal data', () => {
  it('personal data in a card stops the publication; the acts not signed are listed', async () => {
    const r = await publishAct(project, doc('avviso-2025-anagrafe'), opts({ today: '2025-04-02', protocol: { ...PROTOCOL, data: '2025-04-02' }, signed: [signed['b-scheda-1.pdf']!] }));
    const card = 'content/esempio/2025/schede/ufficiale-stato-civile-anagrafe.md';
    expect(r.diagnostics).toEqual([
      err(
        'content/esempio/2025/avviso-anagrafe.md',
        'mancano i file firmati di: out/esempio/2025/avviso-anagrafe.pdf, out/esempio/2025/schede/ufficiale-stato-civile-anagrafe.pdf',
        'firma ogni PDF (o il documento unico out/esempio/2025/avviso-anagrafe-con-allegati.pdf) e indica ogni file firmato con --firmato FILE; per pubblicare senza firma: --senza-firma "motivo"',
      ),
      err(card, "dato personale da non pubblicare all'Albo (codice fiscale): «RSSMRA80A01H501U»", PRIVACY_HINT),
      err(card, "dato personale da non pubblicare all'Albo (indirizzo e-mail): «mario.rossi@gmail.com»", PRIVACY_HINT),
      err(card, "dato personale da non pubblicare all'Albo (dati sanitari): «disabilità»", PRIVACY_HINT),
    ]);
  });

  it('with a reason they are published and recorded; the notice with its two cards signed once is «atto con gli allegati 1-2»', async () => {
    const reason = 'dati del referente pubblicati su sua richiesta scritta (prot. 123/2025)';
    const combined = signed['b-con-allegati.pdf.p7m']!;
    const r = await publishAct(project, doc('avviso-2025-anagrafe'), opts({ today: '2025-04-02', protocol: { ...PROTOCOL, data: '2025-04-02' }, signed: [combined], privacyOverride: reason }));
    const card = 'content/esempio/2025/schede/ufficiale-stato-civile-anagrafe.md';
    const hint = `pubblicato comunque: ${reason}`;
    expect(r.diagnostics).toEqual([
      warn(card, "dato personale da non pubblicare all'Albo (codice fiscale): «RSSMRA80A01H501U»", hint),
      warn(card, "dato personale da non pubblicare all'Albo (indirizzo e-mail): «mario.rossi@gmail.com»", hint),
      warn(card, "dato personale da non pubblicare all'Albo (dati sanitari): «disabilità»", hint),
    ]);
    expect(r.dir).toBe(path.join(OUT, 'albo', '2025-avviso-2025-anagrafe'));
    const record = recordOf(r);
    expect(record.riservatezza).toEqual({
      dati_personali_rilevati: [
        { tipo: 'codice fiscale', testo: 'RSSMRA80A01H501U', sorgente: card },
        { tipo: 'indirizzo e-mail', testo: 'mario.rossi@gmail.com', sorgente: card },
        { tipo: 'dati sanitari', testo: 'disabilità', sorgente: card },
      ],
      deroga: reason,
    });
    expect(record.ufficio).toBe('Comune di Esempio');
    expect(record.pubblicazione).toEqual({ inizio: '2025-04-04', fine: '2025-04-26', giorni_consecutivi: 15, fine_almeno_fino_alla_scadenza: true });
    expect(record.scadenza_domande).toEqual({ data: '2025-04-26', termine_giorni: 21, data_nominale: '2025-04-25', spostata_per: ['2025-04-25 Festa della Liberazione'] });
    expect(record.file.map((f) => [f.nome, f.ruolo])).toEqual([
      [`${B}-con-allegati.pdf.p7m`, 'atto con gli allegati 1-2'],
      [`${B}.docx`, "copia di cortesia dell'atto"],
      [`${B}.html`, "copia di cortesia dell'atto"],
      [`${B_CARD1}.docx`, "copia di cortesia dell'allegato 1"],
      [`${B_CARD1}.html`, "copia di cortesia dell'allegato 1"],
      [`${B_CARD2}.docx`, "copia di cortesia dell'allegato 2"],
      [`${B_CARD2}.html`, "copia di cortesia dell'allegato 2"],
    ]);
    const txt = text(named(r, 'pubblicazione.txt'));
    expect(txt).toContain('\nTipo di atto: avviso (Comune di Esempio)\n');
    expect(txt).toContain(
      '\nIn pubblicazione dal 4 aprile 2025 al 26 aprile 2025 (fino alla scadenza delle domande)\nScadenza delle domande: 26 aprile 2025 (21 giorni dalla pubblicazione, escluso il primo; spostata da 25 aprile 2025: 25/04/2025 Festa della Liberazione)\n',
    );
    expect(txt).toContain(`\nDati personali pubblicati con deroga: ${reason}\n`);
    expect(registerOf(r)).toContain('\ndal: 04/04/2025\nal: 26/04/2025\n');
  });
});

describe('publishAct: an act without a printed publication date (the fund\'s prospetto)', () => {
  it('needs its first day (--dal); its package goes under the year of today meanwhile', async () => {
    const r = await publishAct(project, doc('fondo-2025'), opts({ today: '2026-03-01', unsignedReason: 'prova', protocol: PROTOCOL }));
    expect(r).toEqual({ dir: path.join(OUT, 'albo', '2026-fondo-2025'), files: [], diagnostics: [err(FUND_SRC, 'manca il primo giorno di pubblicazione', 'indica --dal AAAA-MM-GG')] });
  });

  it('published unsigned with a reason, from today, for the days ente.yaml gives its type: no deadline, an office as author', async () => {
    // The patron's day (the last day here) matters only for a notice's deadline.
    const r = await publishAct(withSettings({ giorni: { fondo: 10 }, patrono: { giorno: '03-19', nome: 'San Giuseppe' } }), doc('fondo-2025'), opts({ start: '2025-03-10', today: '2025-03-10', unsignedReason: 'prospetto informativo', protocol: { ...PROTOCOL, data: '2025-03-10' } }));
    expect(r.diagnostics).toEqual([]);
    expect(r.dir).toBe(path.join(OUT, 'albo', '2025-fondo-2025'));
    const pdf = built(`2025/${FUND}.pdf`);
    const files = [
      listed(`${FUND}.pdf`, 'atto', pdf, MEDIA.pdf, false, pdf),
      listed(`${FUND}.docx`, "copia di cortesia dell'atto", built(`2025/${FUND}.docx`), MEDIA.docx, false),
      listed(`${FUND}.html`, "copia di cortesia dell'atto", named(r, `${FUND}.html`), MEDIA.html, false),
    ];
    expect(same(named(r, `${FUND}.pdf`), pdf)).toBe(true);
    const protocol = { ...PROTOCOL, data: '2025-03-10' };
    expect(recordOf(r)).toEqual({
      ente: 'Comune di Esempio',
      oggetto: OGGETTO_FONDO,
      tipo_atto: 'prospetto di riparto del fondo',
      ufficio: 'Comune di Esempio',
      registro: { numero: '1/2025', file: 'registro-albo-2025.txt', impronta_voce: r.entry!.impronta },
      protocollo: protocol,
      pubblicazione: { inizio: '2025-03-10', fine: '2025-03-19', giorni_consecutivi: 10, fine_almeno_fino_alla_scadenza: false },
      firma: { firmato: false, senza_firma_motivo: 'prospetto informativo', firme: [], non_verificato: NOT_CHECKED },
      forzature: { fuori_termine: null },
      riservatezza: { dati_personali_rilevati: [], deroga: null },
      file: files,
    });
    expect(text(named(r, 'pubblicazione.txt'))).toBe(
      [
        "Comune di Esempio – pubblicazione all'Albo Pretorio online n. 1/2025",
        `Oggetto: ${OGGETTO_FONDO}`,
        'Tipo di atto: prospetto di riparto del fondo (Comune di Esempio)',
        'Protocollo: n. 12 del 10/03/2025, Registro generale',
        'In pubblicazione dal 10 marzo 2025 al 19 marzo 2025 (10 giorni consecutivi)',
        'Firma digitale: NESSUNA, pubblicato senza firma: prospetto informativo',
        `Non verificato: ${NOT_CHECKED}`,
        'Dati personali: nessuno rilevato',
        '',
        'File:',
        ...files.map((f) => `  ${f.nome}  ${f.ruolo}  ${f.byte} byte  sha256 ${f.sha256}`),
        '',
      ].join('\n'),
    );
    expect(r.entry).toEqual(
      nextEntry([], 2025, {
        tipo: 'pubblicazione',
        atto: 'prospetto di riparto del fondo',
        oggetto: OGGETTO_FONDO,
        ufficio: 'Comune di Esempio',
        sorgente: '2025/fondo-2025.md',
        protocollo: 'n. 12 del 10/03/2025, Registro generale',
        dal: '2025-03-10',
        al: '2025-03-19',
        firma: 'non firmato: prospetto informativo',
        file: [{ nome: `${FUND}.pdf`, ruolo: 'atto', sha256: sha256(pdf) }],
      }),
    );
    expect(JSON.parse(text(named(r, 'metadati-agid.json')))).toEqual(
      agidMetadata({ ente: 'Comune di Esempio', version: VERSION, registro: '1/2025', tipologia: 'Prospetto di riparto del fondo', oggetto: OGGETTO_FONDO, ufficio: 'Comune di Esempio', autore: null, protocol, files }),
    );
  });

  it('signed, late with a reason, without protocol: 15 days by default; no signatory to compare the signer with', async () => {
    const r = await publishAct(project, doc('fondo-2025'), opts({ start: '2025-03-10', today: '2025-03-11', lateReason: 'ritardo del protocollo', signed: [signed['prospetto.pdf']!] }));
    expect(r.diagnostics).toEqual([
      warn(FUND_SRC, 'la pubblicazione prevista dal 10/03/2025 è già passata (oggi è il 11/03/2025)', 'pubblicato comunque: ritardo del protocollo'),
      err(FUND_SRC, "manca la registrazione di protocollo dell'atto", 'indica --protocollo NUMERO --data-protocollo AAAA-MM-GG (e --registro-protocollo "registro o AOO")'),
    ]);
    const record = recordOf(r);
    expect(record.protocollo).toBeNull();
    expect(record.pubblicazione).toEqual({ inizio: '2025-03-10', fine: '2025-03-24', giorni_consecutivi: 15, fine_almeno_fino_alla_scadenza: false });
    expect(record.file[0]).toEqual(listed(`${FUND}.pdf`, 'atto', signed['prospetto.pdf']!.bytes, MEDIA.pdf, true, built(`2025/${FUND}.pdf`)));
    const txt = text(named(r, 'pubblicazione.txt'));
    expect(txt).toContain('\nProtocollo: mancante\n');
    expect(txt).toContain(`\nFirma digitale: ${FUND}.pdf PAdES, Mario Rossi, ${CERT}, firmato il 05/03/2025\n`);
    expect(txt).toContain('\nPubblicato fuori termine: ritardo del protocollo\n');
    expect(r.entry).toMatchObject({ protocollo: '', dal: '2025-03-10', al: '2025-03-24', firma: 'PAdES Mario Rossi (certificato 0a1b2c3d4e)' });
    const meta = JSON.parse(text(named(r, 'metadati-agid.json'))) as { Documenti: { DatiDiRegistrazione: unknown; Verifica: { FirmatoDigitalmente: boolean } }[] };
    expect(meta.Documenti[0]).toMatchObject({ DatiDiRegistrazione: null, Verifica: { FirmatoDigitalmente: true } });
  });

  it('late without a reason, protocol after today and after the start, unsigned without a reason: all errors, no hint of the combined document', async () => {
    const r = await publishAct(project, doc('fondo-2025'), opts({ start: '2025-03-10', today: '2025-03-11', protocol: { ...PROTOCOL, data: '2025-03-12' } }));
    expect(r.diagnostics).toEqual([
      err(FUND_SRC, 'la pubblicazione prevista dal 10/03/2025 è già passata (oggi è il 11/03/2025)', ACT_HINT),
      err(FUND_SRC, 'la data di protocollo 12/03/2025 è futura (oggi è il 11/03/2025)'),
      err(FUND_SRC, 'la pubblicazione (dal 10/03/2025) non può iniziare prima della registrazione di protocollo (12/03/2025)', ACT_HINT),
      err(FUND_SRC, `mancano i file firmati di: out/esempio/2025/${FUND}.pdf`, 'firma ogni PDF e indica ogni file firmato con --firmato FILE; per pubblicare senza firma: --senza-firma "motivo"'),
    ]);
  });

  it('signed files and a reason for publishing unsigned exclude each other; the act already in the register and an entry of another year there are reported', async () => {
    const other = nextEntry([], 2024, { tipo: 'pubblicazione', atto: 'avviso', oggetto: 'Altro', ufficio: 'Tecnico', sorgente: '2024/altro.md', protocollo: 'n. 1 del 01/02/2024, Registro generale', dal: '2024-02-05', al: '2024-02-19', firma: 'non firmato: prova', file: [] });
    const fund = nextEntry([other], 2025, { tipo: 'pubblicazione', atto: 'prospetto di riparto del fondo', oggetto: OGGETTO_FONDO, ufficio: 'Comune di Esempio', sorgente: '2025/fondo-2025.md', protocollo: 'n. 1 del 01/03/2025, Registro generale', dal: '2025-03-03', al: '2025-03-17', firma: 'non firmato: prova', file: [] });
    writeFileSync(REGISTER, registerHeader('Comune di Esempio', 2025) + '\n' + serializeEntry(other) + '\n' + serializeEntry(fund));
    const r = await publishAct(project, doc('fondo-2025'), opts({ start: '2025-03-10', today: '2025-03-10', protocol: { ...PROTOCOL, data: '2025-03-05' }, unsignedReason: 'prova', signed: [signed['prospetto.pdf']!] }));
    expect(r.diagnostics).toEqual([
      err(FUND_SRC, '--senza-firma e --firmato si escludono: indica i file firmati oppure il motivo per pubblicare senza firma'),
      { file: 'content/esempio/registro-albo-2025.txt', line: 5, column: 1, severity: 'errore', message: "la voce n. 1/2024 è in un registro dell'anno 2025", hint: undefined },
      err(FUND_SRC, "l'atto è già nel registro delle pubblicazioni con il n. 2/2025", 'per ripubblicarlo annulla prima quella pubblicazione: albo annulla fondo-2025 --motivo "…"'),
    ]);
  });

  it('after the annulment of its publication it is published again with the next number; a signature without a signing time; a year over matters only for a notice', async () => {
    const register2026 = path.join(ENTE, 'registro-albo-2026.txt');
    const first = nextEntry([], 2026, { tipo: 'pubblicazione', atto: 'prospetto di riparto del fondo', oggetto: OGGETTO_FONDO, ufficio: 'Comune di Esempio', sorgente: '2025/fondo-2025.md', protocollo: 'n. 1 del 05/01/2026, Registro generale', dal: '2026-01-07', al: '2026-01-21', firma: 'non firmato: prova', file: [] });
    writeFileSync(register2026, registerHeader('Comune di Esempio', 2026) + '\n' + serializeEntry(first));
    const annul = await annulPublication(project, doc('fondo-2025'), 'importo del fondo errato', show);
    expect(annul.entry).toMatchObject({ numero: 2, anno: 2026, annulla: '1/2026' });
    writeAll(annul);

    const p7m = signed['prospetto-senza-data.pdf.p7m']!;
    const r = await publishAct(project, doc('fondo-2025'), opts({ start: '2026-01-12', today: '2026-01-12', protocol: { ...PROTOCOL, data: '2026-01-09' }, signed: [p7m] }));
    expect(r.diagnostics).toEqual([]);
    expect(r.dir).toBe(path.join(OUT, 'albo', '2026-fondo-2025'));
    expect(r.entry).toMatchObject({ numero: 3, anno: 2026, tipo: 'pubblicazione', precedente: annul.entry!.impronta, firma: 'CAdES Mario Rossi (certificato 0a1b2c3d4e)' });
    expect(r.files.at(-1)).toEqual({ path: register2026, bytes: new TextEncoder().encode(readFileSync(register2026, 'utf8') + '\n' + serializeEntry(r.entry!)) });
    const record = recordOf(r);
    expect(record.registro).toEqual({ numero: '3/2026', file: 'registro-albo-2026.txt', impronta_voce: r.entry!.impronta });
    expect(record.firma).toMatchObject({ firmato: true, firme: [{ file_firmato: `${FUND}.pdf.p7m`, formato: 'CAdES', data_firma: null }] });
    expect(text(named(r, 'pubblicazione.txt'))).toContain(`\nFirma digitale: ${FUND}.pdf.p7m CAdES, Mario Rossi, ${CERT}, firmato in data non indicata\n`);
  });

  it('a generated file changed after the build stops the publication before anything else is looked at', async () => {
    const file = path.join(OUT, `esempio/2025/${FUND}.docx`);
    const original = readFileSync(file);
    writeFileSync(file, Buffer.concat([original, Buffer.from('x')]));
    try {
      const r = await publishAct(project, doc('fondo-2025'), opts({ start: '2025-03-10', today: '2025-03-10', protocol: PROTOCOL, signed: [signed['prospetto.pdf']!] }));
      expect(r).toEqual({
        dir: path.join(OUT, 'albo', '2025-fondo-2025'),
        files: [],
        diagnostics: [err(`out/esempio/2025/${FUND}.docx`, 'il file generato non corrisponde più ai sorgenti (o è stato modificato dopo la generazione)', 'esegui «albo build», controlla e firma il nuovo PDF, poi ripubblica')],
      });
    } finally {
      writeFileSync(file, original);
    }
  });

  it('a published PDF that is not PDF/A-2a is refused, named as published (signed or not)', async () => {
    // A build whose PDF declares another part (the manifest agrees with the bytes: only the self-check sees it).
    const file = path.join(OUT, `esempio/2025/${FUND}.pdf`);
    const manifestFile = path.join(OUT, MANIFEST_FILE);
    const original = readFileSync(file);
    const manifest = readFileSync(manifestFile, 'utf8');
    const bad = Buffer.from(original.toString('latin1').replace('<pdfaid:part>2', '<pdfaid:part>3'), 'latin1');
    const m = JSON.parse(manifest) as { uscite: Record<string, { sha256: string }> };
    m.uscite[`esempio/2025/${FUND}.pdf`]!.sha256 = sha256(bad);
    writeFileSync(file, bad);
    writeFileSync(manifestFile, JSON.stringify(m, null, 2) + '\n');
    try {
      const problem = 'non è PDF/A-2a: i metadati XMP non dichiarano PDF/A-2a';
      const unsigned = await publishAct(project, doc('fondo-2025'), opts({ start: '2025-03-10', today: '2025-03-10', unsignedReason: 'prova', protocol: PROTOCOL }));
      expect(unsigned.diagnostics).toEqual([err(FUND_SRC, `${FUND}.pdf ${problem}`)]);
      const signedBad = { path: path.join(BASE, 'firmati', 'prospetto-3.pdf'), bytes: new Uint8Array(signPades(bad, mario, new Date('2025-03-05T10:00:00Z'))) };
      const r = await publishAct(project, doc('fondo-2025'), opts({ start: '2025-03-10', today: '2025-03-10', protocol: { ...PROTOCOL, data: '2025-03-06' }, signed: [signedBad] }));
      expect(r.diagnostics).toEqual([err('firmati/prospetto-3.pdf', `${FUND}.pdf firmato ${problem}`)]);
    } finally {
      writeFileSync(file, original);
      writeFileSync(manifestFile, manifest);
    }
  });
});

describe('publishAct: a regulation with its appendices', () => {
  it('signed once with its appendices it is «atto con gli allegati 1, A»: the appendices keep the numbers the regulation gives them', async () => {
    const p7m = signed['regolamento.pdf.p7m']!;
    const r = await publishAct(project, doc('regolamento-prova'), opts({ start: '2025-05-02', today: '2025-05-02', protocol: { ...PROTOCOL, data: '2025-05-02' }, signed: [p7m] }));
    expect(r.diagnostics).toEqual([]);
    expect(r.dir).toBe(path.join(OUT, 'albo', '2025-regolamento-prova'));
    const record = recordOf(r);
    expect(record.tipo_atto).toBe('regolamento');
    expect(record.file).toEqual([
      listed('regolamento-prova-con-allegati.pdf.p7m', 'atto con gli allegati 1, A', p7m.bytes, MEDIA.p7m, true, built('regolamento-prova-con-allegati.pdf')),
      listed('regolamento-prova.docx', "copia di cortesia dell'atto", built('regolamento-prova.docx'), MEDIA.docx, false),
      listed('regolamento-prova.html', "copia di cortesia dell'atto", named(r, 'regolamento-prova.html'), MEDIA.html, false),
      listed('regolamento-prova-allegato-1-profili.docx', "copia di cortesia dell'allegato 1", built('allegato-profili.docx'), MEDIA.docx, false),
      listed('regolamento-prova-allegato-1-profili.html', "copia di cortesia dell'allegato 1", named(r, 'regolamento-prova-allegato-1-profili.html'), MEDIA.html, false),
      listed('regolamento-prova-allegato-a-tabella-posti.docx', "copia di cortesia dell'allegato A", built('allegato-posti.docx'), MEDIA.docx, false),
      listed('regolamento-prova-allegato-a-tabella-posti.html', "copia di cortesia dell'allegato A", named(r, 'regolamento-prova-allegato-a-tabella-posti.html'), MEDIA.html, false),
    ]);
  });
});

describe('readBuilt: what was built is what is published', () => {
  it('the bytes of current outputs with their path under out/ and hash; an output never built, or with no build at all, is named', async () => {
    const pdf = path.join(OUT, 'esempio/2025/avviso-tecnico.pdf');
    const missing = path.join(OUT, 'esempio/2025/avviso-tecnico.odt');
    const loc = { contentDir: CONTENT, outDir: OUT, templatesDir: TEMPLATES, version: VERSION, display: show };
    const r = await readBuilt(project, [doc('avviso-2025'), doc('coordinamento-ufficio-tecnico')], [pdf, missing], loc);
    const hint = 'esegui «albo build», controlla e firma il nuovo PDF, poi ripubblica';
    expect(r.diagnostics).toEqual([err('out/esempio/2025/avviso-tecnico.odt', 'il file non è stato generato', hint)]);
    expect([...r.outputs.keys()]).toEqual([pdf]);
    const { bytes, ...output } = r.outputs.get(pdf)!;
    expect(output).toEqual({ path: pdf, rel: 'esempio/2025/avviso-tecnico.pdf', sha256: sha256(built('2025/avviso-tecnico.pdf')) });
    expect(same(bytes, built('2025/avviso-tecnico.pdf'))).toBe(true);
    // An out/ with no manifest (albo build never ran there).
    const outDir = path.join(BASE, 'out-vuoto');
    const none = await readBuilt(project, [], [path.join(outDir, 'esempio/regolamento-prova.pdf')], { ...loc, outDir });
    expect(none).toEqual({ outputs: new Map(), diagnostics: [err('out-vuoto/esempio/regolamento-prova.pdf', 'il file non è stato generato', hint)] });
  });
});

describe('annulPublication and relataOfPublication', () => {
  /** The fund published in 2024 (n. 1/2024) and again in 2025 (n. 1/2025, before a notice's n. 2/2025). */
  function registers(): { fund2024: RegisterEntry; fund2025: RegisterEntry; notice: RegisterEntry } {
    const fields = { tipo: 'pubblicazione' as const, atto: 'prospetto di riparto del fondo', oggetto: OGGETTO_FONDO, ufficio: 'Comune di Esempio', sorgente: '2025/fondo-2025.md', firma: 'non firmato: prova', file: [{ nome: `${FUND}.pdf`, ruolo: 'atto', sha256: 'a'.repeat(64) }] };
    const fund2024 = nextEntry([], 2024, { ...fields, protocollo: 'n. 7 del 02/12/2024, Registro generale', dal: '2024-12-20', al: '2025-01-03' });
    const fund2025 = nextEntry([], 2025, { ...fields, protocollo: 'n. 12 del 04/03/2025, Registro generale', dal: '2025-03-10', al: '2025-03-24' });
    const notice = nextEntry([fund2025], 2025, { ...fields, atto: 'avviso', oggetto: OGGETTO, sorgente: '2025/avviso-tecnico.md', protocollo: 'n. 1 del 01/02/2025, Registro generale', dal: '2025-02-05', al: '2025-02-19' });
    writeFileSync(path.join(ENTE, 'registro-albo-2024.txt'), registerHeader('Comune di Esempio', 2024) + '\n' + serializeEntry(fund2024));
    writeFileSync(REGISTER, registerHeader('Comune di Esempio', 2025) + '\n' + serializeEntry(fund2025) + '\n' + serializeEntry(notice) + '\n\n');
    return { fund2024, fund2025, notice };
  }
  const relataOptions = (today: string) => ({ today, outDir: OUT, templatesDir: TEMPLATES, display: show, signer: { ruolo: 'Il messo comunale', nome: 'Luca Verdi' } });
  const packages = (entry: RegisterEntry) => path.join(OUT, 'albo', `${entry.dal.slice(0, 4)}-fondo-2025`);

  it('with nothing in force there is nothing to annul and no relata', async () => {
    expect(await annulPublication(project, doc('fondo-2025'), 'prova', show)).toEqual({ files: [], diagnostics: [err(FUND_SRC, "l'atto non ha pubblicazioni in vigore nel registro da annullare")] });
    expect(await relataOfPublication(project, doc('fondo-2025'), packages, relataOptions('2025-06-01'))).toEqual({ files: [], diagnostics: [err(FUND_SRC, "l'atto non ha pubblicazioni in vigore nel registro: pubblicalo con «albo pubblica»")] });
  });

  it('annulment: a new entry of the same year that names the one annulled and keeps its data; then the previous year\'s publication is the one in force', async () => {
    const { fund2024, fund2025, notice } = registers();
    const before = readFileSync(REGISTER, 'utf8');
    const r = await annulPublication(project, doc('fondo-2025'), 'importo  del fondo\nerrato', show);
    expect(r.diagnostics).toEqual([]);
    expect(r.annulled).toEqual({ ...fund2025, oggetto: OGGETTO_FONDO_READ, line: 5 });
    const { impronta: _h, precedente: _p, numero: _n, anno: _a, ...kept } = fund2025;
    expect(r.entry).toEqual(nextEntry([fund2025, notice], 2025, { ...kept, oggetto: OGGETTO_FONDO_READ, tipo: 'annullamento', annulla: '1/2025', motivo: 'importo  del fondo\nerrato', file: [] }));
    expect(r.entry).toMatchObject({ numero: 3, anno: 2025 });
    expect(r.files).toEqual([{ path: REGISTER, bytes: new TextEncoder().encode(before.replace(/\n+$/, '\n') + '\n' + serializeEntry(r.entry!)) }]);
    expect(serializeEntry(r.entry!)).toContain('\ntipo: annullamento\nannulla: n. 1/2025\nmotivo: importo del fondo errato\natto: prospetto di riparto del fondo\n');
    writeAll(r);
    // Now the 2024 publication is the one in force: annulled in its own register.
    const second = await annulPublication(project, doc('fondo-2025'), 'anche questa', show);
    expect(second.annulled).toEqual({ ...fund2024, oggetto: OGGETTO_FONDO_READ, line: 5 });
    expect(second.files.map((f) => show(f.path))).toEqual(['content/esempio/registro-albo-2024.txt']);
    expect(second.entry).toMatchObject({ numero: 2, anno: 2024, annulla: '1/2024', dal: '2024-12-20', al: '2025-01-03' });
  });

  it('the relata is refused up to the last day of publication, located at the entry in the register', async () => {
    registers();
    const r = await relataOfPublication(project, doc('fondo-2025'), packages, relataOptions('2025-03-24'));
    expect(r).toEqual({
      files: [],
      diagnostics: [{ file: 'content/esempio/registro-albo-2025.txt', line: 5, column: 1, severity: 'errore', message: 'la pubblicazione n. 1/2025 dura fino al 24/03/2025: la relata si rilascia dal 25/03/2025 (oggi è il 24/03/2025)' }],
    });
  });

  it('from the day after, the relata of the latest publication in force: PDF/A and DOCX in its package, dated the last day, from the register entry', async () => {
    const { fund2025 } = registers();
    const r = await relataOfPublication(project, doc('fondo-2025'), packages, relataOptions('2025-03-25'));
    expect(r.diagnostics).toEqual([]);
    expect(r.entry).toEqual({ ...fund2025, oggetto: OGGETTO_FONDO_READ, line: 5 });
    expect(r.files.map((f) => show(f.path))).toEqual(['out/albo/2025-fondo-2025/relata-pubblicazione-1-2025.pdf', 'out/albo/2025-fondo-2025/relata-pubblicazione-1-2025.docx']);
    expect(pdfaProblems(r.files[0]!.bytes)).toEqual([]);
    const docx = r.files[1]!.bytes;
    const body = docxText(docx);
    for (const line of [
      'Relata di pubblicazione',
      'Registro delle pubblicazioni n. 1/2025',
      "Il messo comunale, Luca Verdi, visto il registro delle pubblicazioni all'Albo Pretorio online del Comune di Esempio,",
      "che l'atto sotto indicato è stato pubblicato all'Albo Pretorio online di questo Ente, ai sensi dell'art. 32 della legge 18 giugno 2009, n. 69, dal 10 marzo 2025 al 24 marzo 2025, per 15 giorni consecutivi, con il numero 1/2025 del registro delle pubblicazioni.",
      'Atto: prospetto di riparto del fondo',
      `Oggetto: ${OGGETTO_FONDO_READ}`,
      'Ufficio proponente: Comune di Esempio',
      'Protocollo: n. 12 del 04/03/2025, Registro generale',
      "Firma dell'atto pubblicato: non firmato: prova",
      `atto: ${FUND}.pdf, impronta SHA-256 ${'a'.repeat(64)}`,
      'Esempio, data della firma digitale',
    ]) {
      expect(body).toContain(line);
    }
    const parts = docxParts(docx);
    expect(parts['docProps/core.xml']).toContain('<dc:creator>Comune di Esempio</dc:creator>');
    expect(parts['docProps/core.xml']).toContain('2025-03-24T00:00:00Z');
    expect(parts['docProps/core.xml']).toContain(`Relata di pubblicazione all'Albo Pretorio online n. 1/2025 – ${OGGETTO_FONDO_READ}`.replace(/'/g, '&apos;'));
    expect(Object.entries(parts).some(([name, xml]) => name.startsWith('word/header') && xml.includes('Piazza del Municipio, 1'))).toBe(true);
  });
});
