import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { strFromU8, unzipSync } from 'fflate';
import forge from 'node-forge';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
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
// disk once (readBuilt checks the manifest and the bytes): a notice with two cards, the second carrying
// personal data, and the fund's prospetto (an act that prints no publication date). The acts are signed
// here (test/helpers/sign.ts), by one signer. publishAct returns the files without writing them; a test that
// needs the register writes it, and each test starts with no register and no package (afterEach); a test
// that alters out/ restores it. The CLI around these functions, on the shipped enti, is test/publish.test.ts.

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
/** The notice's source file is not named after its id (avviso-2025). */
const SRC = 'content/esempio/2025/avviso-tecnico.md';
const CARD2_SRC = 'content/esempio/2025/schede/ufficiale-stato-civile-anagrafe.md';
const FUND_SRC = 'content/esempio/2025/fondo-2025.md';
const ACT = '2025-avviso-specifiche-responsabilita-tecnico-servizi-demografici';
const CARD1 = '2025-allegato-1-scheda-coordinamento-ufficio-tecnico';
const CARD2 = '2025-allegato-2-scheda-ufficiale-stato-civile-anagrafe';
const FUND = 'prospetto-riparto-2025';
const BUILT = { act: '2025/avviso-tecnico', combined: '2025/avviso-tecnico-con-allegati', card1: '2025/schede/coordinamento-ufficio-tecnico', card2: '2025/schede/ufficiale-stato-civile-anagrafe', fund: `2025/${FUND}` };
const PROTOCOL = { numero: '12', data: '2025-04-02', registro: 'Registro generale' };
const REGISTER = path.join(ENTE, 'registro-albo-2025.txt');
const NOTICE_HINT = 'correggi «pubblicazione.dal», rigenera con «albo build» e firma di nuovo; o pubblica con --fuori-termine "motivo" (il motivo resta nel pacchetto)';
const ACT_HINT = 'indica un --dal da oggi in poi, o pubblica con --fuori-termine "motivo" (il motivo resta nel pacchetto)';
const PRIVACY_HINT = 'toglilo dal sorgente, aggiungilo a "pubblicazione.contatti_ammessi" in ente.yaml se è un recapito d\'ufficio, o pubblica con --consenti-dati "motivo" (il motivo resta nel manifesto)';
const SIGN_HINT = (combined?: string) => `firma ogni PDF${combined ? ` (o il documento unico ${combined})` : ''} e indica ogni file firmato con --firmato FILE; per pubblicare senza firma: --senza-firma "motivo"`;
const CERT = 'certificato 0a1b2c3d4e (CA di prova per i test di albo) valido dal 01/01/2024 al 31/12/2027';
const PRIVACY_REASON = 'dati del referente pubblicati su sua richiesta scritta (prot. 123/2025)';

function writeSources(): void {
  const src = path.join(ROOT, 'content', 'esempio-importi-fissi');
  mkdirSync(path.join(ENTE, '2025', 'schede'), { recursive: true });
  cpSync(path.join(src, 'stemma.png'), path.join(ENTE, 'stemma.png'));
  cpSync(path.join(ROOT, 'templates'), TEMPLATES, { recursive: true });
  const read = (rel: string) => readFileSync(path.join(src, rel), 'utf8');
  const write = (rel: string, text: string) => writeFileSync(path.join(ENTE, rel), text);
  // The office's phone is allowed in published acts.
  write('ente.yaml', read('ente.yaml') + '\npubblicazione:\n  contatti_ammessi: ["0583 428100"]\n');
  write('2025/schede/coordinamento-ufficio-tecnico.md', read('2025/schede/coordinamento-ufficio-tecnico.md') + '\nInformazioni: tel. 0583 428100.\n');
  // Personal data right after a heading, after a paragraph, at the end of a code block and after a table
  // cell: each block is read on its own.
  write(
    '2025/schede/ufficiale-stato-civile-anagrafe.md',
    read('2025/schede/ufficiale-stato-civile-anagrafe.md').replace(
      '## Requisiti\n\nAbilitazione alle funzioni di ufficiale di stato civile.\n',
      '## Requisiti\n\nmario.rossi@gmail.com raccoglie le domande.\n\nAbilitazione alle funzioni di ufficiale di stato civile.\n\nmario.rossi@gmail.com (codice fiscale RSSMRA80A01H501U) riceve anche il personale con disabilità; tel. 0583 428100.\n\n```\nIT60X0542811101000000123456\n```\n\nIl conto sopra è quello del referente.\n\n| Ufficio | Recapito |\n|---|---|\n| Stato civile | mario.rossi@gmail.com |\n',
    ),
  );
  // A health word in a prospetto is a category, not a person: only notices and cards are checked for it.
  write('2025/fondo-2025.md', read('2025/fondo-2025.md') + '\n## Note\n\nUna quota è riservata al personale con disabilità (esempio).\n');
  // The notice: two settori, the office's contacts (printed, so allowed in the act), a deadline moved by a
  // holiday (25 April) that also ends the publication.
  write(
    '2025/avviso-tecnico.md',
    read('2025/avviso-2025.md')
      .replace(/ {2}- responsabile-procedimenti-tributi\n/, '')
      .replace('data: 2025-02-03', 'data: 2025-04-01')
      .replace('dal: 2025-02-05', 'dal: 2025-04-04')
      .replace('## Selezione\n\n', '## Selezione\n\nIl personale con disabilità può chiedere gli ausili per il colloquio.\n\n')
      .replace('termine_giorni: 10', 'settori: [Tecnico, Servizi demografici]\ncontatti: { ufficio: Ufficio Personale, email: personale@comune.esempio.it, telefono: "0583 428111" }\ntermine_giorni: 21'),
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
let anna: TestSigner;
/** Signed files, made once (the signer is the notice's signatory, Anna Bianchi). */
const signed: Record<string, { path: string; bytes: Uint8Array }> = {};
const built = (rel: string) => new Uint8Array(readFileSync(path.join(OUT, 'esempio', rel)));

// Made once, before the first test, from a beforeEach: a build that throws fails every test (a failing
// beforeAll at the top of a file only skips them, which StrykerJS does not count as a failure).
let made: Promise<void> | undefined;
beforeEach(() => (made ??= makeAct()), 180_000);
async function makeAct(): Promise<void> {
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
  anna = makeSigner('Anna Bianchi');
  const pdf = (rel: string) => Buffer.from(built(rel + '.pdf'));
  const put = (name: string, bytes: Buffer) => (signed[name] = { path: path.join(BASE, 'firmati', name), bytes: new Uint8Array(bytes) });
  const onTheProtocolDay = new Date('2025-04-02T09:00:00Z');
  // The notice and the second card have a link (an e-mail address) on their first page, which the test
  // signer does not handle in a PAdES update: they are enveloped (CAdES).
  put('avviso.pdf.p7m', signCades(pdf(BUILT.act), anna, onTheProtocolDay));
  put('scheda-1.pdf', signPades(pdf(BUILT.card1), anna, onTheProtocolDay));
  put('scheda-2.pdf.p7m', signCades(pdf(BUILT.card2), anna, onTheProtocolDay));
  // Signed later on the protocol's day: the day counts, not the hour.
  put('con-allegati.pdf.p7m', signCades(pdf(BUILT.combined), anna, new Date('2025-04-02T15:00:00Z')));
  put('prospetto.pdf.p7m', cadesWithoutTime(pdf(BUILT.fund), anna));
}

afterEach(() => {
  for (const f of readdirSync(ENTE)) if (f.startsWith('registro-albo-')) rmSync(path.join(ENTE, f));
  rmSync(path.join(OUT, 'albo'), { recursive: true, force: true });
});

const doc = (id: string): Doc => project.docs.find((d) => (d.data as { id?: string }).id === id)!;
const notice = () => doc('avviso-2025');
const fund = () => doc('fondo-2025');
const opts = (o: Partial<PublishOptions> & { start?: string }): PublishOptions & { start?: string } => ({
  contentDir: CONTENT,
  outDir: OUT,
  templatesDir: TEMPLATES,
  version: VERSION,
  display: show,
  today: '2025-04-02',
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
/** What the notice and its second card carry, found in their text: errors, or warnings when published with a reason. */
const FINDINGS: [string, string][] = [
  [SRC, '(dati sanitari): «disabilità»'],
  [CARD2_SRC, '(codice fiscale): «RSSMRA80A01H501U»'],
  [CARD2_SRC, '(IBAN): «IT60X0542811101000000123456»'],
  [CARD2_SRC, '(indirizzo e-mail): «mario.rossi@gmail.com»'],
  [CARD2_SRC, '(dati sanitari): «disabilità»'],
];
const privacy = (reason?: string): Diagnostic[] =>
  FINDINGS.map(([file, f]) => (reason ? warn(file, `dato personale da non pubblicare all'Albo ${f}`, `pubblicato comunque: ${reason}`) : err(file, `dato personale da non pubblicare all'Albo ${f}`, PRIVACY_HINT)));
/** The XML parts of a DOCX (helpers/extract.ts does the same, but loads pdf.js, which this file does not need). */
const docxParts = (bytes: Uint8Array) => Object.fromEntries(Object.entries(unzipSync(bytes)).filter(([n]) => n.endsWith('.xml')).map(([n, d]) => [n, strFromU8(d)]));
/** Body text of a DOCX, one line per paragraph. */
const docxText = (bytes: Uint8Array) =>
  docxParts(bytes)['word/document.xml']!
    .split('</w:p>')
    .map((p) => [...p.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((m) => m[1]!.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&')).join(''))
    .join('\n');

describe('publishAct: a notice and its cards', () => {
  it('publishes the signed files as they are (CAdES or PAdES, one by one), courtesy copies, the record, the register entry and the AgID metadata', async () => {
    const files0 = [signed['avviso.pdf.p7m']!, signed['scheda-1.pdf']!, signed['scheda-2.pdf.p7m']!];
    const r = await publishAct(project, notice(), opts({ protocol: PROTOCOL, signed: files0, privacyOverride: PRIVACY_REASON }));
    expect(r.diagnostics).toEqual(privacy(PRIVACY_REASON));
    expect(r.dir).toBe(path.join(OUT, 'albo', '2025-avviso-2025'));
    const dir = 'out/albo/2025-avviso-2025/';
    expect(r.files.map((f) => show(f.path))).toEqual([
      ...[`${ACT}.pdf.p7m`, `${CARD1}.pdf`, `${CARD2}.pdf.p7m`, `${ACT}.docx`, `${ACT}.html`, `${CARD1}.docx`, `${CARD1}.html`, `${CARD2}.docx`, `${CARD2}.html`, 'metadati-agid.json', 'pubblicazione.json', 'pubblicazione.txt'].map((n) => dir + n),
      'content/esempio/registro-albo-2025.txt',
    ]);
    expect(same(named(r, `${ACT}.pdf.p7m`), signed['avviso.pdf.p7m']!.bytes)).toBe(true);
    expect(same(named(r, `${CARD1}.pdf`), signed['scheda-1.pdf']!.bytes)).toBe(true);
    expect(same(named(r, `${CARD2}.pdf.p7m`), signed['scheda-2.pdf.p7m']!.bytes)).toBe(true);
    expect(same(named(r, `${ACT}.docx`), built(BUILT.act + '.docx'))).toBe(true);
    const html = text(named(r, `${ACT}.html`));
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain(OGGETTO);
    // The notice's own contacts are printed: allowed.
    expect(html).toContain('personale@comune.esempio.it');
    expect(html).toContain('0583 428111');
    expect(text(named(r, `${CARD1}.html`))).toContain('0583 428100');

    const files = [
      listed(`${ACT}.pdf.p7m`, 'atto', signed['avviso.pdf.p7m']!.bytes, MEDIA.p7m, true, built(BUILT.act + '.pdf')),
      listed(`${CARD1}.pdf`, 'allegato 1', signed['scheda-1.pdf']!.bytes, MEDIA.pdf, true, built(BUILT.card1 + '.pdf')),
      listed(`${CARD2}.pdf.p7m`, 'allegato 2', signed['scheda-2.pdf.p7m']!.bytes, MEDIA.p7m, true, built(BUILT.card2 + '.pdf')),
      listed(`${ACT}.docx`, "copia di cortesia dell'atto", built(BUILT.act + '.docx'), MEDIA.docx, false),
      listed(`${ACT}.html`, "copia di cortesia dell'atto", named(r, `${ACT}.html`), MEDIA.html, false),
      listed(`${CARD1}.docx`, "copia di cortesia dell'allegato 1", built(BUILT.card1 + '.docx'), MEDIA.docx, false),
      listed(`${CARD1}.html`, "copia di cortesia dell'allegato 1", named(r, `${CARD1}.html`), MEDIA.html, false),
      listed(`${CARD2}.docx`, "copia di cortesia dell'allegato 2", built(BUILT.card2 + '.docx'), MEDIA.docx, false),
      listed(`${CARD2}.html`, "copia di cortesia dell'allegato 2", named(r, `${CARD2}.html`), MEDIA.html, false),
    ];
    const signature = { firmatario: 'Anna Bianchi', seriale_certificato: '0a1b2c3d4e', emittente: 'CA di prova per i test di albo', certificato_valido_dal: '2024-01-01T00:00:00.000Z', certificato_valido_al: '2027-12-31T23:59:59.000Z', data_firma: '2025-04-02T09:00:00.000Z', algoritmo_impronta: 'SHA-256' };
    const entry = r.entry!;
    expect(recordOf(r)).toEqual({
      ente: 'Comune di Esempio',
      oggetto: OGGETTO,
      tipo_atto: 'avviso',
      ufficio: 'Tecnico, Servizi demografici',
      registro: { numero: '1/2025', file: 'registro-albo-2025.txt', impronta_voce: entry.impronta },
      protocollo: PROTOCOL,
      pubblicazione: { inizio: '2025-04-04', fine: '2025-04-26', giorni_consecutivi: 15, fine_almeno_fino_alla_scadenza: true },
      scadenza_domande: { data: '2025-04-26', termine_giorni: 21, data_nominale: '2025-04-25', spostata_per: ['2025-04-25 Festa della Liberazione'] },
      firma: {
        firmato: true,
        senza_firma_motivo: null,
        firme: [
          expect.objectContaining({ file_firmato: `${ACT}.pdf.p7m`, atto_generato: `esempio/${BUILT.act}.pdf`, formato: 'CAdES', ...signature }),
          expect.objectContaining({ file_firmato: `${CARD1}.pdf`, atto_generato: `esempio/${BUILT.card1}.pdf`, formato: 'PAdES', ...signature }),
          expect.objectContaining({ file_firmato: `${CARD2}.pdf.p7m`, atto_generato: `esempio/${BUILT.card2}.pdf`, formato: 'CAdES', ...signature }),
        ],
        non_verificato: NOT_CHECKED,
      },
      forzature: { fuori_termine: null },
      riservatezza: {
        dati_personali_rilevati: [
          { tipo: 'dati sanitari', testo: 'disabilità', sorgente: SRC },
          { tipo: 'codice fiscale', testo: 'RSSMRA80A01H501U', sorgente: CARD2_SRC },
          { tipo: 'IBAN', testo: 'IT60X0542811101000000123456', sorgente: CARD2_SRC },
          { tipo: 'indirizzo e-mail', testo: 'mario.rossi@gmail.com', sorgente: CARD2_SRC },
          { tipo: 'dati sanitari', testo: 'disabilità', sorgente: CARD2_SRC },
        ],
        deroga: PRIVACY_REASON,
      },
      file: files,
    });
    // Indented JSON, one final newline.
    expect(text(named(r, 'pubblicazione.json'))).toBe(JSON.stringify(recordOf(r), null, 2) + '\n');
    expect(text(named(r, 'metadati-agid.json'))).toBe(JSON.stringify(JSON.parse(text(named(r, 'metadati-agid.json'))), null, 2) + '\n');
    const signedOn = `${CERT}, firmato il 02/04/2025`;
    expect(text(named(r, 'pubblicazione.txt'))).toBe(
      [
        "Comune di Esempio – pubblicazione all'Albo Pretorio online n. 1/2025",
        `Oggetto: ${OGGETTO}`,
        'Tipo di atto: avviso (Tecnico, Servizi demografici)',
        'Protocollo: n. 12 del 02/04/2025, Registro generale',
        'In pubblicazione dal 4 aprile 2025 al 26 aprile 2025 (fino alla scadenza delle domande)',
        'Scadenza delle domande: 26 aprile 2025 (21 giorni dalla pubblicazione, escluso il primo; spostata da 25 aprile 2025: 25/04/2025 Festa della Liberazione)',
        `Firma digitale: ${ACT}.pdf.p7m CAdES, Anna Bianchi, ${signedOn}; ${CARD1}.pdf PAdES, Anna Bianchi, ${signedOn}; ${CARD2}.pdf.p7m CAdES, Anna Bianchi, ${signedOn}`,
        `Non verificato: ${NOT_CHECKED}`,
        `Dati personali pubblicati con deroga: ${PRIVACY_REASON}`,
        '',
        'File:',
        ...files.map((f) => `  ${f.nome}  ${f.ruolo}  ${f.byte} byte  sha256 ${f.sha256}`),
        '',
      ].join('\n'),
    );
    // The register: a new file for the year, one entry; one «firma» per format and certificate.
    expect(entry).toEqual(
      nextEntry([], 2025, {
        tipo: 'pubblicazione',
        atto: 'avviso',
        oggetto: OGGETTO,
        ufficio: 'Tecnico, Servizi demografici',
        sorgente: '2025/avviso-tecnico.md',
        protocollo: 'n. 12 del 02/04/2025, Registro generale',
        dal: '2025-04-04',
        al: '2025-04-26',
        firma: 'CAdES Anna Bianchi (certificato 0a1b2c3d4e); PAdES Anna Bianchi (certificato 0a1b2c3d4e)',
        file: files.slice(0, 3).map((f) => ({ nome: f.nome, ruolo: f.ruolo, sha256: f.sha256 })),
      }),
    );
    expect(registerOf(r)).toBe(registerHeader('Comune di Esempio', 2025) + '\n' + serializeEntry(entry));
    expect(JSON.parse(text(named(r, 'metadati-agid.json')))).toEqual(
      agidMetadata({
        ente: 'Comune di Esempio',
        version: VERSION,
        registro: '1/2025',
        tipologia: 'Avviso di selezione interna',
        oggetto: OGGETTO,
        ufficio: 'Tecnico, Servizi demografici',
        autore: { ruolo: 'Il Segretario comunale', nome: 'Anna Bianchi' },
        protocol: PROTOCOL,
        files,
      }),
    );
  });

  it('one signature of the notice with its cards (CAdES .p7m) is the act «atto con gli allegati 1-2»; a signer who is not the signatory warns; a notice for the whole ente is named after it', async () => {
    // Today is the planned start (still on time); the patron's day is the nominal deadline, not the one that counts.
    const d = notice();
    const other = { ...d, data: { ...d.data, settori: undefined, firmatario: { ruolo: 'Il Segretario comunale', nome: 'Mario Rossi' } } };
    const p7m = signed['con-allegati.pdf.p7m']!;
    const r = await publishAct(withSettings({ patrono: { giorno: '04-25', nome: 'San Marco' } }), other, opts({ today: '2025-04-04', protocol: PROTOCOL, signed: [p7m], privacyOverride: PRIVACY_REASON }));
    expect(r.diagnostics).toEqual([
      warn(SRC, "firmati/con-allegati.pdf.p7m: firmato da «Anna Bianchi», ma il blocco firma dell'atto indica «Mario Rossi»", 'controlla che abbia firmato la persona giusta (o correggi "firmatario.nome" e rigenera)'),
      ...privacy(PRIVACY_REASON),
    ]);
    const name = '2025-avviso-specifiche-responsabilita-ente';
    const record = recordOf(r);
    expect(record.ufficio).toBe('Comune di Esempio');
    expect(record.file.map((f) => [f.nome, f.ruolo])).toEqual([
      [`${name}-con-allegati.pdf.p7m`, 'atto con gli allegati 1-2'],
      [`${name}.docx`, "copia di cortesia dell'atto"],
      [`${name}.html`, "copia di cortesia dell'atto"],
      [`${CARD1}.docx`, "copia di cortesia dell'allegato 1"],
      [`${CARD1}.html`, "copia di cortesia dell'allegato 1"],
      [`${CARD2}.docx`, "copia di cortesia dell'allegato 2"],
      [`${CARD2}.html`, "copia di cortesia dell'allegato 2"],
    ]);
    expect(record.file[0]).toEqual(listed(`${name}-con-allegati.pdf.p7m`, 'atto con gli allegati 1-2', p7m.bytes, MEDIA.p7m, true, built(BUILT.combined + '.pdf')));
    expect(same(named(r, `${name}-con-allegati.pdf.p7m`), p7m.bytes)).toBe(true);
    expect(record.firma).toEqual({
      firmato: true,
      senza_firma_motivo: null,
      firme: [expect.objectContaining({ file_firmato: `${name}-con-allegati.pdf.p7m`, atto_generato: `esempio/${BUILT.combined}.pdf`, formato: 'CAdES', firmatario: 'Anna Bianchi', data_firma: '2025-04-02T15:00:00.000Z' })],
      non_verificato: NOT_CHECKED,
    });
    expect(text(named(r, 'pubblicazione.txt'))).toContain(`\nFirma digitale: ${name}-con-allegati.pdf.p7m CAdES, Anna Bianchi, ${CERT}, firmato il 02/04/2025\n`);
    expect(registerOf(r)).toContain(`\nufficio: Comune di Esempio\n`);
    expect(registerOf(r)).toContain(`\nfirma: CAdES Anna Bianchi (certificato 0a1b2c3d4e)\nfile: ${sha256(p7m.bytes)} atto con gli allegati 1-2 | ${name}-con-allegati.pdf.p7m\nprecedente: `);
    const meta = JSON.parse(text(named(r, 'metadati-agid.json'))) as { Documenti: { Soggetti: unknown[] }[] };
    expect(meta.Documenti[0]!.Soggetti[1]).toMatchObject({ Ruolo: 'Autore', NomeCognome: 'Mario Rossi', DenominazioneUfficio: 'Comune di Esempio' });
  });

  it('refused when already in the register (a line written there by hand is reported), with one act given twice and the combined document next to the acts one by one', async () => {
    const entry = nextEntry([], 2025, { tipo: 'pubblicazione', atto: 'avviso', oggetto: OGGETTO, ufficio: 'Tecnico', sorgente: '2025/avviso-tecnico.md', protocollo: 'n. 1 del 01/04/2025, Registro generale', dal: '2025-04-04', al: '2025-04-26', firma: 'non firmato: prova', file: [] });
    const existing = registerHeader('Comune di Esempio', 2025) + '\n' + serializeEntry(entry) + 'nota scritta a mano\n\n\n';
    writeFileSync(REGISTER, existing);
    // Today is the planned start and the protocol's day.
    const copy = { path: path.join(BASE, 'firmati', 'copia.pdf.p7m'), bytes: signed['avviso.pdf.p7m']!.bytes };
    const r = await publishAct(project, notice(), opts({ today: '2025-04-04', protocol: { ...PROTOCOL, data: '2025-04-04' }, signed: [signed['avviso.pdf.p7m']!, copy, signed['con-allegati.pdf.p7m']!], privacyOverride: PRIVACY_REASON }));
    expect(r.diagnostics).toEqual([
      err('firmati/copia.pdf.p7m', `due file firmati per lo stesso atto (esempio/${BUILT.act}.pdf): firmati/avviso.pdf.p7m e firmati/copia.pdf.p7m`),
      err(SRC, 'il documento unico con gli allegati è firmato e vale per tutti: non indicare anche gli atti firmati uno per uno'),
      ...privacy(PRIVACY_REASON),
      { file: 'content/esempio/registro-albo-2025.txt', line: 17, column: 1, severity: 'errore', message: 'riga del registro non riconosciuta: «nota scritta a mano»', hint: 'il registro si modifica solo con albo (pubblica, annulla)' },
      // The hint names the act by its id (not by its file name).
      err(SRC, "l'avviso è già nel registro delle pubblicazioni con il n. 1/2025", 'per ripubblicarlo annulla prima quella pubblicazione: albo annulla avviso-2025 --motivo "…"'),
    ]);
    // What would be appended: the next number, chained, after the register without its trailing blank lines.
    expect(r.entry).toMatchObject({ numero: 2, precedente: entry.impronta, firma: 'CAdES Anna Bianchi (certificato 0a1b2c3d4e)' });
    expect(registerOf(r)).toBe(existing.replace(/\n+$/, '\n') + '\n' + serializeEntry(r.entry!));
  });
});

describe('publishAct: dates and protocol', () => {
  it('a start already past and a protocol after today and after the start are errors (31 December: the year is not over yet); a file that is not a signature is refused with its check, and then no signature is asked for', async () => {
    const r = await publishAct(project, notice(), opts({ today: '2025-12-31', protocol: { ...PROTOCOL, data: '2026-01-01' }, signed: [{ path: path.join(BASE, 'firmati', 'non-firmato.pdf'), bytes: built(BUILT.act + '.pdf') }] }));
    expect(r.diagnostics).toEqual([
      err(SRC, "la pubblicazione prevista dal 04/04/2025 è già passata (oggi è il 31/12/2025): l'avviso stampa una scadenza che non vale più", NOTICE_HINT),
      err(SRC, 'la data di protocollo 01/01/2026 è futura (oggi è il 31/12/2025)'),
      err(SRC, 'la pubblicazione (dal 04/04/2025) non può iniziare prima della registrazione di protocollo (01/01/2026)', NOTICE_HINT),
      { file: 'firmati/non-firmato.pdf', severity: 'errore', message: expect.stringMatching(/^file firmato non accettato: controllo «firma PAdES» non superato: \S/), hint: undefined },
      ...privacy(),
    ]);
  });

  it("with a reason, a notice of a year that is over is published late, and says so; a deadline on the patron saint's day warns; a card signed after the protocol warns; the acts not signed are listed", async () => {
    const late = 'riapertura dei termini disposta con determina n. 1/2026';
    const r = await publishAct(withSettings({ patrono: { giorno: '04-26', nome: 'San Cleto' } }), notice(), opts({ today: '2026-01-01', lateReason: late, protocol: { ...PROTOCOL, data: '2025-04-01' }, signed: [signed['scheda-1.pdf']!] }));
    const hint = `pubblicato comunque: ${late}`;
    expect(r.diagnostics).toEqual([
      warn(SRC, "l'avviso è dell'anno 2025 e oggi è il 01/01/2026: l'anno è concluso", hint),
      warn(SRC, "la pubblicazione prevista dal 04/04/2025 è già passata (oggi è il 01/01/2026): l'avviso stampa una scadenza che non vale più", hint),
      warn(SRC, 'il termine per le domande (26 aprile 2025) cade nel giorno del santo patrono, San Cleto: gli uffici sono chiusi, ma il termine legale non si sposta', "valuta se indicare nell'avviso come presentare la domanda quel giorno (es. posta elettronica)"),
      warn(SRC, 'firmati/scheda-1.pdf: la firma (02/04/2025) è successiva alla data di protocollo (01/04/2025)'),
      err(SRC, `mancano i file firmati di: out/esempio/${BUILT.act}.pdf, out/esempio/${BUILT.card2}.pdf`, SIGN_HINT(`out/esempio/${BUILT.combined}.pdf`)),
      ...privacy(),
    ]);
    // The package and the register keep the dates of the source, and the reason.
    expect(recordOf(r).forzature).toEqual({ fuori_termine: late });
    expect(text(named(r, 'pubblicazione.txt'))).toContain(`\nPubblicato fuori termine: ${late}\nDati personali: nessuno rilevato\n`);
    expect(r.entry).toMatchObject({ numero: 1, anno: 2025, dal: '2025-04-04', al: '2025-04-26' });
  });

  it('a notice without a planned start cannot be published (its printed deadline counts from it)', async () => {
    const d = notice();
    const r = await publishAct(project, { ...d, data: { ...d.data, pubblicazione: undefined } }, opts({ today: '2026-03-01', unsignedReason: 'prova', protocol: PROTOCOL }));
    expect(r).toEqual({
      dir: path.join(OUT, 'albo', '2025-avviso-2025'),
      files: [],
      diagnostics: [err(SRC, 'manca la data di pubblicazione prevista', "aggiungi al frontmatter «pubblicazione: { dal: AAAA-MM-GG }», rigenera con «albo build» e firma l'avviso generato: la scadenza stampata si conta da quella data")],
    });
  });
});

describe("publishAct: an act that prints no publication date (the fund's prospetto)", () => {
  it('needs its first day (--dal); its package goes under the year of today meanwhile', async () => {
    const r = await publishAct(project, fund(), opts({ today: '2026-03-01', unsignedReason: 'prova', protocol: PROTOCOL }));
    expect(r).toEqual({ dir: path.join(OUT, 'albo', '2026-fondo-2025'), files: [], diagnostics: [err(FUND_SRC, 'manca il primo giorno di pubblicazione', 'indica --dal AAAA-MM-GG')] });
  });

  it("never writes over another ente's package with the same year and id (ids are unique within an ente only); its own earlier package is no obstacle", async () => {
    const dir = path.join(OUT, 'albo', '2025-fondo-2025');
    mkdirSync(dir, { recursive: true });
    const protocol = { ...PROTOCOL, data: '2025-03-10' };
    const publish = () => publishAct(project, fund(), opts({ start: '2025-03-10', today: '2025-03-10', unsignedReason: 'prova', protocol }));
    writeFileSync(path.join(dir, 'pubblicazione.json'), JSON.stringify({ ente: 'Comune di Altrove', registro: { numero: '1/2025' } }));
    expect(await publish()).toEqual({
      dir,
      files: [],
      diagnostics: [
        err(
          FUND_SRC,
          'la cartella del pacchetto out/albo/2025-fondo-2025 contiene già la pubblicazione di un atto con lo stesso id di un altro ente (Comune di Altrove)',
          "cambia l'id di questo atto (gli id sono unici nell'ente, ma il pacchetto si chiama anno-id), rigenera con «albo build» e firma di nuovo; oppure pubblica con un'altra cartella di uscita (--uscita)",
        ),
      ],
    });
    writeFileSync(path.join(dir, 'pubblicazione.json'), JSON.stringify({ ente: project.config.ente.nome }));
    expect((await publish()).diagnostics).toEqual([]);
    // not a package albo wrote: no obstacle either
    writeFileSync(path.join(dir, 'pubblicazione.json'), '{ non è JSON');
    expect((await publish()).diagnostics).toEqual([]);
  });

  it('published unsigned with a reason, from today, for the days ente.yaml gives its type: no deadline (so no patron\'s day), an office as author', async () => {
    // The patron's day is the last day here: it matters only for a notice's deadline.
    const protocol = { ...PROTOCOL, data: '2025-03-10' };
    const r = await publishAct(withSettings({ giorni: { fondo: 10 }, patrono: { giorno: '03-19', nome: 'San Giuseppe' } }), fund(), opts({ start: '2025-03-10', today: '2025-03-10', unsignedReason: 'prospetto informativo', protocol }));
    expect(r.diagnostics).toEqual([]);
    expect(r.dir).toBe(path.join(OUT, 'albo', '2025-fondo-2025'));
    const pdf = built(BUILT.fund + '.pdf');
    const files = [
      listed(`${FUND}.pdf`, 'atto', pdf, MEDIA.pdf, false, pdf),
      listed(`${FUND}.docx`, "copia di cortesia dell'atto", built(BUILT.fund + '.docx'), MEDIA.docx, false),
      listed(`${FUND}.html`, "copia di cortesia dell'atto", named(r, `${FUND}.html`), MEDIA.html, false),
    ];
    expect(same(named(r, `${FUND}.pdf`), pdf)).toBe(true);
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
    const p7m = signed['prospetto.pdf.p7m']!;
    const r = await publishAct(project, fund(), opts({ start: '2025-03-10', today: '2025-03-11', lateReason: 'ritardo del protocollo', signed: [p7m] }));
    expect(r.diagnostics).toEqual([
      warn(FUND_SRC, 'la pubblicazione prevista dal 10/03/2025 è già passata (oggi è il 11/03/2025)', 'pubblicato comunque: ritardo del protocollo'),
      err(FUND_SRC, "manca la registrazione di protocollo dell'atto", 'indica --protocollo NUMERO --data-protocollo AAAA-MM-GG (e --registro-protocollo "registro o AOO")'),
    ]);
    const record = recordOf(r);
    expect(record.protocollo).toBeNull();
    expect(record.pubblicazione).toEqual({ inizio: '2025-03-10', fine: '2025-03-24', giorni_consecutivi: 15, fine_almeno_fino_alla_scadenza: false });
    expect(record.file[0]).toEqual(listed(`${FUND}.pdf.p7m`, 'atto', p7m.bytes, MEDIA.p7m, true, built(BUILT.fund + '.pdf')));
    const txt = text(named(r, 'pubblicazione.txt'));
    expect(txt).toContain('\nProtocollo: mancante\n');
    expect(txt).toContain('\nPubblicato fuori termine: ritardo del protocollo\n');
    expect(r.entry).toMatchObject({ protocollo: '', dal: '2025-03-10', al: '2025-03-24', firma: 'CAdES Anna Bianchi (certificato 0a1b2c3d4e)' });
    const meta = JSON.parse(text(named(r, 'metadati-agid.json'))) as { Documenti: { DatiDiRegistrazione: unknown; Verifica: { FirmatoDigitalmente: boolean } }[] };
    expect(meta.Documenti[0]).toMatchObject({ DatiDiRegistrazione: null, Verifica: { FirmatoDigitalmente: true } });
  });

  it('late without a reason, protocol after today and after the start, unsigned without a reason: all errors, no combined document to suggest', async () => {
    const r = await publishAct(project, fund(), opts({ start: '2025-03-10', today: '2025-03-11', protocol: { ...PROTOCOL, data: '2025-03-12' } }));
    expect(r.diagnostics).toEqual([
      err(FUND_SRC, 'la pubblicazione prevista dal 10/03/2025 è già passata (oggi è il 11/03/2025)', ACT_HINT),
      err(FUND_SRC, 'la data di protocollo 12/03/2025 è futura (oggi è il 11/03/2025)'),
      err(FUND_SRC, 'la pubblicazione (dal 10/03/2025) non può iniziare prima della registrazione di protocollo (12/03/2025)', ACT_HINT),
      err(FUND_SRC, `mancano i file firmati di: out/esempio/${BUILT.fund}.pdf`, SIGN_HINT()),
    ]);
  });

  it('signed files and a reason for publishing unsigned exclude each other; the act already in the register and an entry of another year there are reported', async () => {
    const other = nextEntry([], 2024, { tipo: 'pubblicazione', atto: 'avviso', oggetto: 'Altro', ufficio: 'Tecnico', sorgente: '2024/altro.md', protocollo: 'n. 1 del 01/02/2024, Registro generale', dal: '2024-02-05', al: '2024-02-19', firma: 'non firmato: prova', file: [] });
    const published = nextEntry([other], 2025, { tipo: 'pubblicazione', atto: 'prospetto di riparto del fondo', oggetto: OGGETTO_FONDO, ufficio: 'Comune di Esempio', sorgente: '2025/fondo-2025.md', protocollo: 'n. 1 del 01/03/2025, Registro generale', dal: '2025-03-03', al: '2025-03-17', firma: 'non firmato: prova', file: [] });
    writeFileSync(REGISTER, registerHeader('Comune di Esempio', 2025) + '\n' + serializeEntry(other) + '\n' + serializeEntry(published));
    const r = await publishAct(project, fund(), opts({ start: '2025-03-10', today: '2025-03-10', protocol: { ...PROTOCOL, data: '2025-03-05' }, unsignedReason: 'prova', signed: [signed['prospetto.pdf.p7m']!] }));
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
    const annul = await annulPublication(project, fund(), 'importo del fondo errato', show);
    expect(annul.entry).toMatchObject({ numero: 2, anno: 2026, annulla: '1/2026' });
    writeAll(annul);

    const p7m = signed['prospetto.pdf.p7m']!;
    const r = await publishAct(project, fund(), opts({ start: '2026-01-12', today: '2026-01-12', protocol: { ...PROTOCOL, data: '2026-01-09' }, signed: [p7m] }));
    expect(r.diagnostics).toEqual([]);
    expect(r.dir).toBe(path.join(OUT, 'albo', '2026-fondo-2025'));
    expect(r.entry).toMatchObject({ numero: 3, anno: 2026, tipo: 'pubblicazione', precedente: annul.entry!.impronta, al: '2026-01-26', firma: 'CAdES Anna Bianchi (certificato 0a1b2c3d4e)' });
    expect(r.files.at(-1)).toEqual({ path: register2026, bytes: new TextEncoder().encode(readFileSync(register2026, 'utf8') + '\n' + serializeEntry(r.entry!)) });
    const record = recordOf(r);
    expect(record.registro).toEqual({ numero: '3/2026', file: 'registro-albo-2026.txt', impronta_voce: r.entry!.impronta });
    expect(record.firma).toMatchObject({ firmato: true, firme: [{ file_firmato: `${FUND}.pdf.p7m`, formato: 'CAdES', data_firma: null }] });
    expect(text(named(r, 'pubblicazione.txt'))).toContain(`\nFirma digitale: ${FUND}.pdf.p7m CAdES, Anna Bianchi, ${CERT}, firmato in data non indicata\n`);
  });

  it('a generated file changed after the build stops the publication before anything else is looked at', async () => {
    const file = path.join(OUT, 'esempio', BUILT.fund + '.docx');
    const original = readFileSync(file);
    writeFileSync(file, Buffer.concat([original, Buffer.from('x')]));
    try {
      const r = await publishAct(project, fund(), opts({ start: '2025-03-10', today: '2025-03-10', protocol: { ...PROTOCOL, data: '2025-03-05' }, signed: [signed['prospetto.pdf.p7m']!] }));
      expect(r).toEqual({
        dir: path.join(OUT, 'albo', '2025-fondo-2025'),
        files: [],
        diagnostics: [err(`out/esempio/${BUILT.fund}.docx`, 'il file generato non corrisponde più ai sorgenti (o è stato modificato dopo la generazione)', 'esegui «albo build», controlla e firma il nuovo PDF, poi ripubblica')],
      });
    } finally {
      writeFileSync(file, original);
    }
  });

  it('a published PDF that is not PDF/A-2a is refused, named as published (signed or not)', async () => {
    // A build whose PDF declares another part (the manifest agrees with the bytes: only the self-check sees it).
    const file = path.join(OUT, 'esempio', BUILT.fund + '.pdf');
    const manifestFile = path.join(OUT, MANIFEST_FILE);
    const original = readFileSync(file);
    const manifest = readFileSync(manifestFile, 'utf8');
    const bad = Buffer.from(original.toString('latin1').replace('<pdfaid:part>2', '<pdfaid:part>3'), 'latin1');
    const m = JSON.parse(manifest) as { uscite: Record<string, { sha256: string }> };
    m.uscite[`esempio/${BUILT.fund}.pdf`]!.sha256 = sha256(bad);
    writeFileSync(file, bad);
    writeFileSync(manifestFile, JSON.stringify(m, null, 2) + '\n');
    try {
      const problem = 'non è PDF/A-2a: i metadati XMP non dichiarano PDF/A-2a';
      const unsigned = await publishAct(project, fund(), opts({ start: '2025-03-10', today: '2025-03-10', unsignedReason: 'prova', protocol: { ...PROTOCOL, data: '2025-03-05' } }));
      expect(unsigned.diagnostics).toEqual([err(FUND_SRC, `${FUND}.pdf ${problem}`)]);
      // Signed with a signing time, and no protocol yet: nothing to compare the time with.
      const signedBad = { path: path.join(BASE, 'firmati', 'prospetto-3.pdf.p7m'), bytes: new Uint8Array(signCades(bad, anna, new Date('2025-03-05T10:00:00Z'))) };
      const r = await publishAct(project, fund(), opts({ start: '2025-03-10', today: '2025-03-10', signed: [signedBad] }));
      expect(r.diagnostics).toEqual([
        err(FUND_SRC, "manca la registrazione di protocollo dell'atto", 'indica --protocollo NUMERO --data-protocollo AAAA-MM-GG (e --registro-protocollo "registro o AOO")'),
        err('firmati/prospetto-3.pdf.p7m', `${FUND}.pdf firmato ${problem}`),
      ]);
    } finally {
      writeFileSync(file, original);
      writeFileSync(manifestFile, manifest);
    }
  });
});

describe('readBuilt: what was built is what is published', () => {
  it('the bytes of current outputs with their path under out/ and hash; an output never built, or with no build at all, is named', async () => {
    const pdf = path.join(OUT, 'esempio', BUILT.act + '.pdf');
    const missing = path.join(OUT, 'esempio', BUILT.act + '.odt');
    const loc = { contentDir: CONTENT, outDir: OUT, templatesDir: TEMPLATES, version: VERSION, display: show };
    const r = await readBuilt(project, [notice(), doc('coordinamento-ufficio-tecnico'), doc('ufficiale-stato-civile-anagrafe')], [pdf, missing], loc);
    const hint = 'esegui «albo build», controlla e firma il nuovo PDF, poi ripubblica';
    expect(r.diagnostics).toEqual([err(`out/esempio/${BUILT.act}.odt`, 'il file non è stato generato', hint)]);
    expect([...r.outputs.keys()]).toEqual([pdf]);
    const { bytes, ...output } = r.outputs.get(pdf)!;
    expect(output).toEqual({ path: pdf, rel: `esempio/${BUILT.act}.pdf`, sha256: sha256(built(BUILT.act + '.pdf')) });
    expect(same(bytes, built(BUILT.act + '.pdf'))).toBe(true);
    // An out/ with no manifest (albo build never ran there).
    const outDir = path.join(BASE, 'out-vuoto');
    const none = await readBuilt(project, [], [path.join(outDir, 'esempio', BUILT.fund + '.pdf')], { ...loc, outDir });
    expect(none).toEqual({ outputs: new Map(), diagnostics: [err(`out-vuoto/esempio/${BUILT.fund}.pdf`, 'il file non è stato generato', hint)] });
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
    expect(await annulPublication(project, fund(), 'prova', show)).toEqual({ files: [], diagnostics: [err(FUND_SRC, "l'atto non ha pubblicazioni in vigore nel registro da annullare")] });
    expect(await relataOfPublication(project, fund(), packages, relataOptions('2025-06-01'))).toEqual({ files: [], diagnostics: [err(FUND_SRC, "l'atto non ha pubblicazioni in vigore nel registro: pubblicalo con «albo pubblica»")] });
  });

  it('annulment: a new entry of the same year that names the one annulled and keeps its data; then the previous year\'s publication is the one in force', async () => {
    const { fund2024, fund2025, notice } = registers();
    const before = readFileSync(REGISTER, 'utf8');
    const r = await annulPublication(project, fund(), 'importo  del fondo\nerrato', show);
    expect(r.diagnostics).toEqual([]);
    expect(r.annulled).toEqual({ ...fund2025, oggetto: OGGETTO_FONDO_READ, line: 5 });
    const { impronta: _h, precedente: _p, numero: _n, anno: _a, ...kept } = fund2025;
    expect(r.entry).toEqual(nextEntry([fund2025, notice], 2025, { ...kept, oggetto: OGGETTO_FONDO_READ, tipo: 'annullamento', annulla: '1/2025', motivo: 'importo  del fondo\nerrato', file: [] }));
    expect(r.entry).toMatchObject({ numero: 3, anno: 2025 });
    expect(r.files).toEqual([{ path: REGISTER, bytes: new TextEncoder().encode(before.replace(/\n+$/, '\n') + '\n' + serializeEntry(r.entry!)) }]);
    expect(serializeEntry(r.entry!)).toContain('\ntipo: annullamento\nannulla: n. 1/2025\nmotivo: importo del fondo errato\natto: prospetto di riparto del fondo\n');
    writeAll(r);
    // Now the 2024 publication is the one in force: annulled in its own register.
    const second = await annulPublication(project, fund(), 'anche questa', show);
    expect(second.annulled).toEqual({ ...fund2024, oggetto: OGGETTO_FONDO_READ, line: 5 });
    expect(second.files.map((f) => show(f.path))).toEqual(['content/esempio/registro-albo-2024.txt']);
    expect(second.entry).toMatchObject({ numero: 2, anno: 2024, annulla: '1/2024', dal: '2024-12-20', al: '2025-01-03' });
  });

  it('the relata is refused up to the last day of publication, located at the entry in the register', async () => {
    registers();
    const r = await relataOfPublication(project, fund(), packages, relataOptions('2025-03-24'));
    expect(r).toEqual({
      files: [],
      diagnostics: [{ file: 'content/esempio/registro-albo-2025.txt', line: 5, column: 1, severity: 'errore', message: 'la pubblicazione n. 1/2025 dura fino al 24/03/2025: la relata si rilascia dal 25/03/2025 (oggi è il 24/03/2025)' }],
    });
  });

  it('from the day after, the relata of the latest publication in force: PDF/A and DOCX in its package, dated the last day, from the register entry', async () => {
    const { fund2025 } = registers();
    const r = await relataOfPublication(project, fund(), packages, relataOptions('2025-03-25'));
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
