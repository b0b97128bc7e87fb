import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../src/build/manifest.js';
import { pdfaProblems } from '../src/publish/pdfa-check.js';
import { findPersonalData } from '../src/publish/privacy.js';
import { checkSigned } from '../src/publish/signature.js';
import { albo } from './helpers/cli.js';
import { docxText, pdfText, squash } from './helpers/extract.js';
import { scratchProject } from './helpers/scratch.js';
import { makeSigner, signCades, signPades, type TestSigner } from './helpers/sign.js';
import { toolAvailable } from './helpers/tools.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'albo-pubblica-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const NOTICE = 'avviso-2024-servizi-al-cittadino';
const SOURCE = 'content/capannori/2024/avviso-servizi-al-cittadino.md';
const PACKAGE = 'out/albo/2024-avviso-2024-servizi-al-cittadino';
const REGISTER = 'content/capannori/registro-albo-2024.txt';
const BUILT = 'out/capannori/2024/avviso-servizi-al-cittadino';
const CARDS = ['coordinamento-urp-sportelli-anagrafe', 'coordinamento-amministrativo-contabile-elettorale', 'coordinamento-stato-civile', 'politiche-giovanili-polo-artemisia', 'coordinamento-polo-tecnologico'];
const ACT = '2024-avviso-specifiche-responsabilita-servizi-al-cittadino-e-gabinetto-del-sindaco';
/** Before the planned start (10 April 2024), after the protocol (5 April). */
const TODAY = '2024-04-08';
const PROTOCOL = ['--protocollo', '4321', '--data-protocollo', '2024-04-05', '--registro-protocollo', 'Registro di protocollo generale – AOO c_b648'];

type Record_ = {
  registro: { numero: string; impronta_voce: string };
  protocollo: { numero: string; data: string; registro: string };
  pubblicazione: { inizio: string; fine: string; giorni_consecutivi: number };
  scadenza_domande: { data: string; data_nominale: string; spostata_per: string[] };
  firma: { firmato: boolean; senza_firma_motivo: string | null; firme: Record<string, string>[]; non_verificato: string };
  forzature: { fuori_termine: string | null };
  riservatezza: { deroga: string | null; dati_personali_rilevati: unknown[] };
  file: { nome: string; ruolo: string; byte: number; tipo: string; sha256: string; firmato: boolean; sha256_generato?: string }[];
};

async function buildNotice(dir: string): Promise<void> {
  const r = await albo(['build', SOURCE, ...CARDS.map((c) => `content/capannori/2024/schede/${c}.md`)], dir);
  expect(r.code, r.err).toBe(0);
}

describe('albo pubblica: the act that was signed', () => {
  const dir = scratchProject(tmp, 'signed');
  const at = (p: string) => path.join(dir, p);
  const read = (p: string) => readFileSync(at(p));
  let signer: TestSigner;
  /** Writes a signed file into the project and returns its relative path. */
  const put = (name: string, bytes: Buffer) => {
    writeFileSync(at(name), bytes);
    return name;
  };
  const pub = (args: string[], today = TODAY) => albo(['pubblica', NOTICE, ...args], dir, today);
  const signAll = () => ['--firmato', put('firmato-avviso.pdf', signPades(read(`${BUILT}.pdf`), signer)), ...CARDS.flatMap((c, i) => ['--firmato', put(`firmato-scheda-${i + 1}.pdf`, signPades(read(`out/capannori/2024/schede/${c}.pdf`), signer))])];

  beforeAll(async () => {
    signer = makeSigner('Emanuele Pasquini');
    await buildNotice(dir);
  }, 180_000);

  it('albo build printed the deadline the act states, counted from the planned publication date', async () => {
    // A rebuild after a change prints it again; here the notice is rebuilt by touching its text.
    const text = readFileSync(at(SOURCE), 'utf8');
    writeFileSync(at(SOURCE), text.replace('E\' comunque sempre', 'È comunque sempre'));
    const r = await albo(['build', SOURCE], dir);
    writeFileSync(at(SOURCE), text);
    expect(r.out).toContain("Avviso avviso-2024-servizi-al-cittadino: all'Albo dal 10 aprile 2024 al 26 aprile 2024; domande entro il 26 aprile 2024 (15 giorni dalla pubblicazione, escluso il primo; il 25 aprile 2024 è Festa della Liberazione).");
    // …and the stale out/ is refused until it is rebuilt from the restored source.
    const stale = await pub(['--senza-firma', 'prova', ...PROTOCOL]);
    expect(stale.code).toBe(1);
    expect(stale.err).toContain('out/capannori/2024/avviso-servizi-al-cittadino.pdf: errore: il file generato non corrisponde più ai sorgenti');
    expect((await albo(['build', SOURCE], dir)).code).toBe(0);
  }, 120_000);

  it('the start date comes from the source: --dal is refused with the reason', async () => {
    const r = await pub(['--dal', '2024-04-10']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('scrivi «pubblicazione: { dal: AAAA-MM-GG }» nel frontmatter');
  });

  it('unsigned acts are refused unless --senza-firma says why; the protocol is required', async () => {
    const r = await pub([...PROTOCOL]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('errore: mancano i file firmati di: out/capannori/2024/avviso-servizi-al-cittadino.pdf, out/capannori/2024/schede/coordinamento-urp-sportelli-anagrafe.pdf');
    const noProtocol = await pub(['--senza-firma', 'prova']);
    expect(noProtocol.err).toContain("errore: manca la registrazione di protocollo dell'atto");
    expect(existsSync(at(PACKAGE))).toBe(false);
    expect(existsSync(at(REGISTER))).toBe(false);
  });

  it('the clock: a planned start already past, or a notice of a closed year, is an error unless forced', async () => {
    const past = await pub([...PROTOCOL, '--senza-firma', 'prova'], '2024-04-11');
    expect(past.code).toBe(1);
    expect(past.err).toContain('errore: la pubblicazione prevista dal 10/04/2024 è già passata (oggi è il 11/04/2024)');
    const closed = await pub([...PROTOCOL, '--senza-firma', 'prova'], '2025-01-10');
    expect(closed.err).toContain("errore: l'avviso è dell'anno 2024 e oggi è il 10/01/2025: l'anno è concluso");
    // The day before the start is fine; so is the start day itself (boundary).
    const onTime = await pub([...PROTOCOL], '2024-04-10');
    expect(onTime.err).not.toContain('già passata');
    const protocolLater = await albo(['pubblica', NOTICE, '--protocollo', '1', '--data-protocollo', '2024-04-11', '--senza-firma', 'prova'], dir, '2024-04-12');
    expect(protocolLater.err).toContain('errore: la pubblicazione (dal 10/04/2024) non può iniziare prima della registrazione di protocollo (11/04/2024)');
  });

  it('a signed file with one byte changed after signing is refused: «impronta dei byte firmati»', async () => {
    const signed = signPades(read(`${BUILT}.pdf`), signer);
    signed[2000] = signed[2000]! ^ 0x01;
    const r = await pub([...PROTOCOL, '--firmato', put('manomesso.pdf', signed)]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('manomesso.pdf: errore: file firmato non accettato: controllo «impronta dei byte firmati» non superato');
  });

  it.runIf(toolAvailable('qpdf'))('a signed act re-saved (qpdf) is refused: «intervallo firmato»', async () => {
    put('firmato.pdf', signPades(read(`${BUILT}.pdf`), signer));
    execFileSync('qpdf', [at('firmato.pdf'), at('risalvato.pdf')]);
    const r = await pub([...PROTOCOL, '--firmato', 'risalvato.pdf']);
    expect(r.code).toBe(1);
    expect(r.err).toContain('risalvato.pdf: errore: file firmato non accettato: controllo «intervallo firmato» non superato');
  });

  it('another act, validly signed, is refused: «atto generato»; so is a .p7m of another act', async () => {
    const other = read('out/capannori/funzionigramma.pdf');
    const r = await pub([...PROTOCOL, '--firmato', put('altro.pdf', signPades(other, signer)), '--firmato', put('altro.pdf.p7m', signCades(other, signer))]);
    expect(r.code).toBe(1);
    expect(r.err).toContain('altro.pdf: errore: file firmato non accettato: controllo «atto generato» non superato: i byte prima della firma non sono un PDF generato da albo');
    expect(r.err).toContain('altro.pdf.p7m: errore: file firmato non accettato: controllo «atto generato» non superato');
    // The unsigned PDF itself, or any other file, names the check too.
    const plain = await pub([...PROTOCOL, '--firmato', `${BUILT}.pdf`, '--firmato', SOURCE]);
    expect(plain.err).toContain('controllo «firma PAdES» non superato');
    expect(plain.err).toContain('controllo «busta CAdES» non superato');
  });

  it('an update that changes a page after the generated bytes is refused: «aggiornamento incrementale»', async () => {
    // A signing application that also rewrites the page's content stream: the prefix is still the act.
    const pdf = read(`${BUILT}.pdf`);
    const text = pdf.toString('latin1');
    const page = /\n(\d+) 0 obj\n(<<\n\/Type \/Page\n[\s\S]*?>>)\nendobj/.exec(text)!;
    const rewritten = Buffer.concat([pdf, Buffer.from(`${page[1]} 0 obj\n${page[2]!.replace(/\/Contents \d+ 0 R/, '/Contents 9999 0 R')}\nendobj\n`, 'latin1')]);
    // Re-point xref is unnecessary for the check: the signer signs whatever bytes it gets.
    const r = await pub([...PROTOCOL, '--firmato', put('pagina-cambiata.pdf', signPades(rewritten, signer))]);
    expect(r.err).toContain(`controllo «aggiornamento incrementale» non superato: l'aggiornamento cambia la pagina (oggetto ${page[1]}, voce /Contents)`);
  });

  it('an update that also refreshes the document information (ModDate, as some signing applications do) is accepted', async () => {
    const pdf = read(`${BUILT}.pdf`);
    const text = pdf.toString('latin1');
    const info = /\/Info (\d+) 0 R/.exec(text.slice(text.lastIndexOf('trailer')))![1]!;
    const body = new RegExp(`\\n${info} 0 obj\\n([\\s\\S]*?)\\nendobj`).exec(text)![1]!;
    const updated = Buffer.concat([pdf, Buffer.from(`${info} 0 obj\n${body.replace(/>>\s*$/, '/ModDate (D:20240405103000Z)\n>>')}\nendobj\n`, 'latin1')]);
    expect(await checkSigned(signPades(updated, signer), [{ name: 'avviso', bytes: pdf }])).toMatchObject({ ok: true, act: { name: 'avviso' } });
  });

  describe('a correctly signed act (PAdES: the notice and each card)', () => {
    let record: Record_;
    let r: Awaited<ReturnType<typeof pub>>;
    beforeAll(async () => {
      r = await pub([...PROTOCOL, ...signAll()]);
      expect(r.code, r.err).toBe(0);
      record = JSON.parse(read(`${PACKAGE}/pubblicazione.json`).toString('utf8'));
    }, 120_000);

    it('publishes, registers n. 1/2024 and says plainly what was not checked', () => {
      expect(r.out).toContain(`Pubblicazione n. 1/2024 registrata in ${REGISTER}; pacchetto per l'Albo pronto in ${PACKAGE}/ (21 file)`);
      expect(r.out).toContain('catena di certificazione e revoca del certificato non verificate');
      // Nothing about this act (the only message is the Pesaro project's, see servizio-progetto.test.ts).
      expect(r.err).not.toMatch(/avviso-servizi-al-cittadino|schede|firmato da|errore/);
    });

    it('the signed files are published as they are; their hashes are in the package and in the register', () => {
      const atto = record.file.find((f) => f.ruolo === 'atto')!;
      expect(atto).toMatchObject({ nome: `${ACT}.pdf`, firmato: true, sha256: sha256(read('firmato-avviso.pdf')), sha256_generato: sha256(read(`${BUILT}.pdf`)) });
      expect(read(`${PACKAGE}/${ACT}.pdf`).equals(read('firmato-avviso.pdf'))).toBe(true);
      expect(atto.sha256).not.toBe(atto.sha256_generato);
      for (const f of record.file) expect([f.byte, f.sha256], f.nome).toEqual([read(`${PACKAGE}/${f.nome}`).length, sha256(read(`${PACKAGE}/${f.nome}`))]);
      const register = read(REGISTER).toString('utf8');
      expect(register).toContain(`n. 1/2024\ntipo: pubblicazione\natto: avviso\noggetto: Selezione interna per le specifiche responsabilità 2024 – Settore Servizi al Cittadino e Gabinetto del Sindaco\nufficio: Servizi al Cittadino e Gabinetto del Sindaco\nsorgente: 2024/avviso-servizi-al-cittadino.md\nprotocollo: n. 4321 del 05/04/2024, Registro di protocollo generale – AOO c_b648\ndal: 10/04/2024\nal: 26/04/2024\nfirma: PAdES Emanuele Pasquini (certificato 0a1b2c3d4e)\nfile: ${atto.sha256} atto | ${ACT}.pdf\n`);
      expect(register).toContain(`precedente: ${'0'.repeat(64)}\nimpronta: ${record.registro.impronta_voce}\n`);
      expect(record.registro.numero).toBe('1/2024');
    });

    it('roles: the signed PDFs are atto and allegati; DOCX and HTML are only courtesy copies', () => {
      const roles = Object.fromEntries(record.file.map((f) => [f.nome, f.ruolo]));
      expect(roles[`${ACT}.pdf`]).toBe('atto');
      expect(roles['2024-allegato-3-scheda-coordinamento-stato-civile.pdf']).toBe('allegato 3');
      expect(roles[`${ACT}.docx`]).toBe("copia di cortesia dell'atto");
      expect(roles['2024-allegato-3-scheda-coordinamento-stato-civile.html']).toBe("copia di cortesia dell'allegato 3");
      for (const f of record.file) expect(f.firmato, f.nome).toBe(f.nome.endsWith('.pdf'));
      expect(record.file.filter((f) => !f.ruolo.startsWith('copia')).every((f) => f.nome.endsWith('.pdf'))).toBe(true);
    });

    it('records the signature: signer, certificate serial and validity, signing time; and the protocol', () => {
      expect(record.firma.firme[0]).toMatchObject({
        file_firmato: `${ACT}.pdf`,
        atto_generato: 'capannori/2024/avviso-servizi-al-cittadino.pdf',
        formato: 'PAdES',
        firmatario: 'Emanuele Pasquini',
        seriale_certificato: '0a1b2c3d4e',
        certificato_valido_dal: '2024-01-01T00:00:00.000Z',
        certificato_valido_al: '2027-12-31T23:59:59.000Z',
        data_firma: '2024-04-05T10:30:00.000Z',
        algoritmo_impronta: 'SHA-256',
      });
      expect(record.firma.firme).toHaveLength(6);
      expect(record.protocollo).toEqual({ numero: '4321', data: '2024-04-05', registro: 'Registro di protocollo generale – AOO c_b648' });
      expect(record.scadenza_domande).toMatchObject({ data: '2024-04-26', data_nominale: '2024-04-25', spostata_per: ['2024-04-25 Festa della Liberazione'] });
      expect(record.pubblicazione).toMatchObject({ inizio: '2024-04-10', fine: '2024-04-26', giorni_consecutivi: 15 });
      expect(record.forzature.fuori_termine).toBeNull();
      const txt = read(`${PACKAGE}/pubblicazione.txt`).toString('utf8');
      expect(txt).toContain('Protocollo: n. 4321 del 05/04/2024, Registro di protocollo generale – AOO c_b648');
      expect(txt).toContain(`Firma digitale: ${ACT}.pdf PAdES, Emanuele Pasquini, certificato 0a1b2c3d4e (CA di prova per i test di albo) valido dal 01/01/2024 al 31/12/2027, firmato il 05/04/2024`);
    });

    it('AgID metadata (Linee guida 2021, Allegato 5): the act and each attachment by identifier, hash of the published bytes, registration, signature', () => {
      const meta = JSON.parse(read(`${PACKAGE}/metadati-agid.json`).toString('utf8')) as { Documenti: Record<string, any>[] };
      const atto = record.file.find((f) => f.ruolo === 'atto')!;
      expect(meta.Documenti).toHaveLength(6);
      const [act, first] = meta.Documenti as [Record<string, any>, Record<string, any>];
      expect(act.IdDoc).toEqual({ Identificativo: `albo-1-2024-${ACT}.pdf`, ImprontaCrittograficaDelDocumento: { Impronta: atto.sha256, Algoritmo: 'SHA-256', Codifica: 'esadecimale' } });
      expect(act).toMatchObject({
        ModalitaDiFormazione: 'a',
        TipologiaDocumentale: 'Avviso di selezione interna',
        DatiDiRegistrazione: { TipologiaDiFlusso: 'U', TipoRegistro: 'Protocollo Ordinario', DataRegistrazione: '2024-04-05', NumeroDocumento: '4321', CodiceRegistro: 'Registro di protocollo generale – AOO c_b648' },
        Verifica: { FirmatoDigitalmente: true },
        IdentificativoDelFormato: { Formato: 'application/pdf' },
        Allegati: { NumeroAllegati: 5 },
      });
      expect(act.Allegati.IndiceAllegati[0]).toEqual({ IdDoc: 'albo-1-2024-2024-allegato-1-scheda-coordinamento-urp-sportelli-anagrafe.pdf', Descrizione: 'allegato 1' });
      expect(first.IdIdentificativoDocumentoPrimario).toBe(act.IdDoc.Identificativo);
      expect(first.IdDoc.ImprontaCrittograficaDelDocumento.Impronta).toBe(sha256(read(`${PACKAGE}/2024-allegato-1-scheda-coordinamento-urp-sportelli-anagrafe.pdf`)));
      // Courtesy copies are not documents of the act.
      expect(meta.Documenti.some((m) => /\.(docx|html)$/.test(m.NomeDelDocumento))).toBe(false);
    });

    it('the signed act passes the PDF/A self-check', () => {
      for (const f of record.file.filter((x) => x.nome.endsWith('.pdf'))) expect(pdfaProblems(read(`${PACKAGE}/${f.nome}`)), f.nome).toEqual([]);
    });

    it.runIf(toolAvailable('qpdf'))('qpdf --check passes on the signed act', () => {
      expect(execFileSync('qpdf', ['--check', at(`${PACKAGE}/${ACT}.pdf`)], { encoding: 'utf8' })).toContain('No syntax or stream encoding errors found');
    });

    it.runIf(toolAvailable('pdfsig'))('pdfsig (poppler) reports the signature, valid, by the signer, covering the whole document', () => {
      const out = execFileSync('pdfsig', [at(`${PACKAGE}/${ACT}.pdf`)], { encoding: 'utf8' });
      expect(out).toContain('Signer Certificate Common Name: Emanuele Pasquini');
      expect(out).toContain('Signature Validation: Signature is Valid.');
      expect(out).toContain('Total document signed');
    });

    it.runIf(toolAvailable('pdffonts'))('pdffonts: every font embedded, none of the standard 14', () => {
      const rows = execFileSync('pdffonts', [at(`${PACKAGE}/${ACT}.pdf`)], { encoding: 'utf8' }).trim().split('\n').slice(2);
      for (const row of rows) {
        expect(row).toMatch(/^\w{6}\+TitilliumWeb/);
        expect(row.split(/\s+/).slice(-5, -4)[0], row).toBe('yes');
      }
    });

    it('the act is the one built: the text states the deadline once, from the source', async () => {
      const text = squash((await pdfText(read(`${PACKAGE}/${ACT}.pdf`))).join('\n'));
      expect(text).toContain(squash("L'avviso è pubblicato all'Albo Pretorio online dal 10 aprile 2024: le domande vanno presentate entro il 26 aprile 2024."));
      expect(text).not.toContain(squash('presente avviso'));
    });

    it('the HTML copy is for the Albo: lang="it", noindex/noarchive, real headings, tables with header cells', () => {
      const html = read(`${PACKAGE}/2024-allegato-1-scheda-coordinamento-urp-sportelli-anagrafe.html`).toString('utf8');
      expect(html).toContain('<html lang="it">');
      expect(html).toContain('<meta name="robots" content="noindex, noarchive">');
      expect(html).toContain('<h1>Modulo descrittivo posizione di specifica responsabilità</h1>');
      expect(html).toMatch(/<th scope="col"[^>]*>Criterio<\/th>/);
    });

    it.runIf(toolAvailable('chromium'))('the HTML copies pass axe-core in headless Chromium with no serious or critical violations', async () => {
      const { chromium } = await import('playwright-core');
      const axe = readFileSync(path.join(path.dirname(createRequire(import.meta.url).resolve('axe-core')), 'axe.min.js'), 'utf8');
      const browser = await chromium.launch({
        executablePath: '/usr/bin/chromium',
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
      });
      try {
        // The pages forbid every script by Content-Security-Policy (issue 14): axe is the tester's, let it in.
        const page = await browser.newPage({ bypassCSP: true });
        for (const f of record.file.filter((x) => x.nome.endsWith('.html'))) {
          await page.goto(pathToFileURL(at(`${PACKAGE}/${f.nome}`)).href);
          await page.addScriptTag({ content: axe });
          const result = (await page.evaluate(async () => {
            const r = await (window as unknown as { axe: { run: (o?: object) => Promise<{ violations: { id: string; impact: string }[]; passes: unknown[] }> } }).axe.run();
            return { violations: r.violations.map((v) => ({ id: v.id, impact: v.impact })), passes: r.passes.length };
          })) as { violations: { id: string; impact: string }[]; passes: number };
          expect(result.passes, f.nome).toBeGreaterThan(5);
          expect(result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical'), f.nome).toEqual([]);
        }
      } finally {
        await browser.close();
      }
    }, 120_000);

    it('publishing the same act again is refused while its publication is in force', async () => {
      const again = await pub([...PROTOCOL, ...signAll()]);
      expect(again.code).toBe(1);
      expect(again.err).toContain("errore: l'avviso è già nel registro delle pubblicazioni con il n. 1/2024");
    });
  });

  describe('annulment, a .p7m of the combined document, the register under albo check, the relata', () => {
    let record: Record_;
    beforeAll(async () => {
      const annul = await albo(['annulla', NOTICE, '--motivo', 'allegato 3 con la pesatura errata'], dir, '2024-04-09');
      expect(annul.code, annul.err).toBe(0);
      expect(annul.out).toBe(`Annullamento registrato con il n. 2/2024: annulla la pubblicazione n. 1/2024 in ${REGISTER}.`);
      const p7m = put('avviso-con-allegati.pdf.p7m', signCades(read(`${BUILT}-con-allegati.pdf`), makeSigner('Mario Rossi')));
      const r = await pub([...PROTOCOL, '--firmato', p7m, '--fuori-termine', 'ripubblicazione dopo l\'annullamento n. 2/2024'], '2024-04-11');
      expect(r.code, r.err).toBe(0);
      // The signer is not the person in the act's signature block: a warning, recorded.
      expect(r.err).toContain("firmato da «Mario Rossi», ma il blocco firma dell'atto indica «Emanuele Pasquini»");
      expect(r.out).toContain('Pubblicazione n. 3/2024 registrata');
      record = JSON.parse(read(`${PACKAGE}/pubblicazione.json`).toString('utf8'));
    }, 120_000);

    it('the register numbers across publications and keeps the annulment as an entry referencing the old one', () => {
      const register = read(REGISTER).toString('utf8');
      expect(register.match(/^n\. \d+\/2024$/gm)).toEqual(['n. 1/2024', 'n. 2/2024', 'n. 3/2024']);
      expect(register).toContain('n. 2/2024\ntipo: annullamento\nannulla: n. 1/2024\nmotivo: allegato 3 con la pesatura errata\n');
      expect(record.registro.numero).toBe('3/2024');
      expect(record.forzature.fuori_termine).toBe("ripubblicazione dopo l'annullamento n. 2/2024");
    });

    it('the .p7m of the combined document publishes as is and stands for the notice and every card', () => {
      const atto = record.file.filter((f) => !f.ruolo.startsWith('copia'));
      expect(atto).toHaveLength(1);
      expect(atto[0]).toMatchObject({ nome: `${ACT}-con-allegati.pdf.p7m`, ruolo: 'atto con gli allegati 1-5', tipo: 'application/pkcs7-mime', firmato: true, sha256: sha256(read('avviso-con-allegati.pdf.p7m')) });
      expect(record.firma.firme[0]).toMatchObject({ formato: 'CAdES', firmatario: 'Mario Rossi' });
      expect(read(REGISTER).toString('utf8')).toContain(`file: ${atto[0]!.sha256} atto con gli allegati 1-5 | ${ACT}-con-allegati.pdf.p7m`);
    });

    it('albo check: the register intact; an edited entry, a deleted entry, a truncated register are each reported', async () => {
      const ok = await albo(['check'], dir);
      expect(ok.code, ok.err).toBe(0);
      expect(ok.out).toContain('1 registro delle pubblicazioni integro');
      const original = read(REGISTER).toString('utf8');
      try {
        writeFileSync(at(REGISTER), original.replace('dal: 10/04/2024', 'dal: 09/04/2024'));
        const edited = await albo(['check'], dir);
        expect(edited.code).toBe(1);
        expect(edited.err).toMatch(/content\/capannori\/registro-albo-2024\.txt:\d+:1: errore: la voce n\. 1\/2024 è stata modificata dopo la registrazione/);

        const blocks = original.split('\n\n');
        writeFileSync(at(REGISTER), blocks.filter((b) => !b.startsWith('n. 2/2024')).join('\n\n'));
        const deleted = await albo(['check'], dir);
        expect(deleted.err).toContain('errore: voce n. 3/2024 al posto della n. 2/2024');
        expect(deleted.err).toContain('errore: la voce n. 3/2024 non segue la voce che la precede nel file');

        writeFileSync(at(REGISTER), [blocks[0], blocks[2], blocks[1], ...blocks.slice(3)].join('\n\n'));
        expect((await albo(['check'], dir)).err).toContain('errore: voce n. 2/2024 al posto della n. 1/2024');

        // Cut after n. 2: the chain that remains is intact, but the package in out/albo names n. 3.
        writeFileSync(at(REGISTER), blocks.filter((b) => !b.startsWith('n. 3/2024')).join('\n\n').replace(/\n*$/, '\n'));
        const truncated = await albo(['check'], dir);
        expect(truncated.code).toBe(1);
        expect(truncated.err).toContain(`content/capannori/registro-albo-2024.txt: errore: la pubblicazione n. 3/2024 (${PACKAGE}/pubblicazione.json) non è nel registro: registro troncato o voci cancellate`);
      } finally {
        writeFileSync(at(REGISTER), original);
      }
    });

    it('the relata is refused up to the last day of publication and produced the day after, as PDF/A and DOCX', async () => {
      const early = await albo(['relata', NOTICE], dir, '2024-04-26');
      expect(early.code).toBe(1);
      expect(early.err).toContain('errore: la pubblicazione n. 3/2024 dura fino al 26/04/2024: la relata si rilascia dal 27/04/2024 (oggi è il 26/04/2024)');
      const r = await albo(['relata', NOTICE, '--firmatario', 'Anna Bianchi', '--ruolo', 'Il messo comunale'], dir, '2024-04-27');
      expect(r.code, r.err).toBe(0);
      const base = at(`${PACKAGE}/relata-pubblicazione-3-2024`);
      const pdf = readFileSync(base + '.pdf');
      expect(pdfaProblems(pdf)).toEqual([]);
      for (const text of [(await pdfText(pdf)).join('\n'), docxText(readFileSync(base + '.docx'))]) {
        const s = squash(text);
        expect(s).toContain(squash('Relata di pubblicazione'));
        expect(s).toContain(squash("che l'atto sotto indicato è stato pubblicato all'Albo Pretorio online di questo Ente, ai sensi dell'art. 32 della legge 18 giugno 2009, n. 69, dal 10 aprile 2024 al 26 aprile 2024, per 17 giorni consecutivi, con il numero 3/2024 del registro delle pubblicazioni."));
        expect(s).toContain(squash('Protocollo: n. 4321 del 05/04/2024'));
        expect(s).toContain(squash(`${ACT}-con-allegati.pdf.p7m`));
        expect(s).toContain(squash('Il messo comunale'));
        expect(s).toContain(squash('Anna Bianchi'));
      }
      // Same register, same bytes: the clock is not in the document.
      const again = await albo(['relata', NOTICE, '--firmatario', 'Anna Bianchi', '--ruolo', 'Il messo comunale'], dir, '2025-06-30');
      expect(again.code).toBe(0);
      expect(readFileSync(base + '.pdf').equals(pdf)).toBe(true);
    }, 120_000);
  });
});

describe('other acts: a regulation with its appendices, a service sheet', () => {
  const dir = scratchProject(tmp, 'altri-atti');
  const at = (p: string) => path.join(dir, p);
  const REG = 'content/issa-biella/regolamento-uffici-servizi';
  const SERVICE = 'content/lecco/servizi/rete-servizi-informazione-comunicazione-partecipazione';
  let signer: TestSigner;
  beforeAll(async () => {
    signer = makeSigner('Luca Verdi');
    const r = await albo(['build', `${REG}.md`, 'content/issa-biella/allegato-1-profili-professionali.md', 'content/issa-biella/allegato-3-titoli-di-studio.md', `${SERVICE}.md`], dir);
    expect(r.code, r.err).toBe(0);
  }, 240_000);

  it('a regulation needs --dal (it prints no publication date); signed once with its appendices (.p7m) it publishes as «atto con gli allegati»', async () => {
    const id = 'regolamento-uffici-servizi';
    const noDate = await albo(['pubblica', `${REG}.md`, ...PROTOCOL, '--senza-firma', 'prova'], dir, TODAY);
    expect(noDate.err).toContain(`${REG}.md: errore: manca il primo giorno di pubblicazione`);
    writeFileSync(at('regolamento.pdf.p7m'), signCades(readFileSync(at(`out/issa-biella/${id}-con-allegati.pdf`)), signer));
    const r = await albo(['pubblica', `${REG}.md`, '--dal', '2024-04-10', ...PROTOCOL, '--firmato', 'regolamento.pdf.p7m'], dir, TODAY);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('Pubblicazione n. 1/2024 registrata in content/issa-biella/registro-albo-2024.txt');
    const pkg = at(`out/albo/2024-${id}`);
    const record = JSON.parse(readFileSync(path.join(pkg, 'pubblicazione.json'), 'utf8')) as Record_ & { tipo_atto: string };
    expect(record.tipo_atto).toBe('regolamento');
    expect(record.pubblicazione).toMatchObject({ inizio: '2024-04-10', fine: '2024-04-24', giorni_consecutivi: 15 });
    expect(record).not.toHaveProperty('scadenza_domande');
    const roles = record.file.map((f) => [f.nome, f.ruolo]);
    expect(roles).toContainEqual([`${id}-con-allegati.pdf.p7m`, 'atto con gli allegati 1, 3']);
    expect(roles).toContainEqual([`${id}.docx`, "copia di cortesia dell'atto"]);
    // The appendices keep the numbers the regulation gives them (the seed has no Allegato 2).
    expect(roles).toContainEqual([`${id}-allegato-1-profili-professionali.html`, "copia di cortesia dell'allegato 1"]);
    expect(roles).toContainEqual([`${id}-allegato-3-titoli-di-studio.docx`, "copia di cortesia dell'allegato 3"]);
    expect(record.file.filter((f) => f.firmato).map((f) => f.nome)).toEqual([`${id}-con-allegati.pdf.p7m`]);
    // No signature block in a regulation: no signer warning.
    expect(r.err).not.toContain('firmato da');
    const meta = JSON.parse(readFileSync(path.join(pkg, 'metadati-agid.json'), 'utf8')) as { Documenti: { TipologiaDocumentale: string; Soggetti: { Ruolo: string; TipoSoggetto: string }[] }[] };
    expect(meta.Documenti[0]!.TipologiaDocumentale).toBe('Regolamento');
    expect(meta.Documenti[0]!.Soggetti[1]).toMatchObject({ Ruolo: 'Autore', TipoSoggetto: 'PAI' });
    expect(readFileSync(at('content/issa-biella/registro-albo-2024.txt'), 'utf8')).toContain('n. 1/2024\ntipo: pubblicazione\natto: regolamento\n');
  }, 120_000);

  it('a service sheet signed in PAdES publishes alone as «atto»; the other ente keeps its own register', async () => {
    const signed = signPades(readFileSync(at(`${SERVICE.replace('content/', 'out/')}.pdf`)), signer);
    writeFileSync(at('servizio.pdf'), signed);
    const r = await albo(['pubblica', 'rete-servizi-informazione-comunicazione-partecipazione', '--dal', '2024-04-10', ...PROTOCOL, '--firmato', 'servizio.pdf'], dir, TODAY);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain('Pubblicazione n. 1/2024 registrata in content/lecco/registro-albo-2024.txt');
    const record = JSON.parse(readFileSync(at('out/albo/2024-rete-servizi-informazione-comunicazione-partecipazione/pubblicazione.json'), 'utf8')) as Record_ & { tipo_atto: string };
    expect(record.tipo_atto).toBe('scheda di servizio');
    expect(record.file.filter((f) => !f.ruolo.startsWith('copia'))).toEqual([expect.objectContaining({ ruolo: 'atto', firmato: true, sha256: sha256(signed) })]);
  }, 120_000);

  it("the fund's prospetto publishes unsigned only with a reason; albo check sees each ente's register", async () => {
    expect((await albo(['build', 'content/capannori/2024/fondo-2024.md'], dir)).code).toBe(0);
    const refused = await albo(['pubblica', 'fondo-2024', '--dal', '2024-04-10', ...PROTOCOL], dir, TODAY);
    expect(refused.err).toContain('errore: mancano i file firmati di: out/capannori/2024/prospetto-riparto-2024.pdf');
    const r = await albo(['pubblica', 'fondo-2024', '--dal', '2024-04-10', ...PROTOCOL, '--senza-firma', 'prospetto informativo allegato alla determina n. 55/2024'], dir, TODAY);
    expect(r.code, r.err).toBe(0);
    const record = JSON.parse(readFileSync(at('out/albo/2024-fondo-2024/pubblicazione.json'), 'utf8')) as Record_ & { tipo_atto: string };
    expect(record.tipo_atto).toBe('prospetto di riparto del fondo');
    expect(record.file.find((f) => f.ruolo === 'atto')).toMatchObject({ nome: 'prospetto-riparto-2024.pdf', firmato: false, sha256: sha256(readFileSync(at('out/capannori/2024/prospetto-riparto-2024.pdf'))) });
    const check = await albo(['check'], dir);
    expect(check.code, check.err).toBe(0);
    expect(check.out).toContain('3 registri delle pubblicazioni integri');
  }, 120_000);
});

describe('checks before anything is written', () => {
  it('personal data in a card stops the publication; allowed contacts pass; the patron saint warns', async () => {
    const dir = scratchProject(tmp, 'privacy');
    const card = path.join(dir, 'content/capannori/2024/schede/coordinamento-stato-civile.md');
    writeFileSync(card, readFileSync(card, 'utf8').replace('## Requisiti\n\n', '## Requisiti\n\nReferente: RSSMRA80A01H501U, IBAN IT60X0542811101000000123456, mario.rossi@gmail.com, ufficio urp@comune.capannori.lu.it, PEC dell\'ente protocollo@pec.comune.capannori.lu.it.\n\n'));
    const notice = path.join(dir, SOURCE);
    writeFileSync(notice, readFileSync(notice, 'utf8').replace('schede:\n', 'contatti: { ufficio: "Ufficio Personale", email: personale@comune.capannori.lu.it, telefono: "0583 428111" }\nschede:\n'));
    const config = path.join(dir, 'content/capannori/ente.yaml');
    // The ente's own PEC, printed by its letterhead, is not personal data.
    writeFileSync(config, readFileSync(config, 'utf8').replace('  sito: www.comune.capannori.lu.it\n', '  sito: www.comune.capannori.lu.it\n  pec: protocollo@pec.comune.capannori.lu.it\n') + '\npubblicazione:\n  patrono: { giorno: "04-26", nome: "San Prova" }\n');
    expect(readFileSync(config, 'utf8')).toContain('  pec: protocollo@pec.comune.capannori.lu.it\n');
    // Said already by the check, while the date of publication can still change, located at it.
    const checked = await albo(['check', SOURCE], dir, TODAY);
    expect(checked.err).toMatch(/avviso-servizi-al-cittadino\.md:\d+:\d+: avviso: il termine per le domande \(26 aprile 2024\) cade nel giorno del santo patrono, San Prova/);
    await buildNotice(dir);
    const noticeText = squash((await pdfText(readFileSync(path.join(dir, `${BUILT}.pdf`)))).join('\n'));
    expect(noticeText).toContain(squash('Per informazioni: Ufficio Personale, personale@comune.capannori.lu.it, tel. 0583 428111.'));

    const args = ['pubblica', NOTICE, ...PROTOCOL, '--senza-firma', 'firma non disponibile per guasto del dispositivo (verbale 12/2024)'];
    const r = await albo(args, dir, TODAY);
    expect(r.code).toBe(1);
    for (const f of ['(codice fiscale): «RSSMRA80A01H501U»', '(IBAN): «IT60X0542811101000000123456»', '(indirizzo e-mail): «mario.rossi@gmail.com»', '(indirizzo e-mail): «urp@comune.capannori.lu.it»']) {
      expect(r.err).toContain(`content/capannori/2024/schede/coordinamento-stato-civile.md: errore: dato personale da non pubblicare all'Albo ${f}`);
    }
    expect(r.err).not.toContain('personale@comune.capannori.lu.it');
    expect(r.err).not.toContain('protocollo@pec.comune.capannori.lu.it');
    expect(r.err).toContain('avviso: il termine per le domande (26 aprile 2024) cade nel giorno del santo patrono, San Prova');
    expect(r.err).toContain('Nessun file scritto.');
    expect(existsSync(path.join(dir, PACKAGE))).toBe(false);
    expect(existsSync(path.join(dir, REGISTER))).toBe(false);

    writeFileSync(config, readFileSync(config, 'utf8').replace('pubblicazione:\n', 'pubblicazione:\n  contatti_ammessi: [urp@comune.capannori.lu.it]\n'));
    await buildNotice(dir);
    const again = await albo(args, dir, TODAY);
    expect(again.err).not.toContain('urp@comune.capannori.lu.it');
    expect(again.code).toBe(1);
    const forced = await albo([...args, '--consenti-dati', 'dati del referente pubblicati su sua richiesta scritta (prot. 123/2024)'], dir, TODAY);
    expect(forced.code, forced.err).toBe(0);
    const record = JSON.parse(readFileSync(path.join(dir, PACKAGE, 'pubblicazione.json'), 'utf8')) as Record_;
    expect(record.riservatezza.deroga).toBe('dati del referente pubblicati su sua richiesta scritta (prot. 123/2024)');
    expect(record.riservatezza.dati_personali_rilevati).toHaveLength(3);
    // Published unsigned, and said so: in the package and in the register.
    expect(record.firma).toMatchObject({ firmato: false, senza_firma_motivo: 'firma non disponibile per guasto del dispositivo (verbale 12/2024)', firme: [] });
    expect(record.file.find((f) => f.ruolo === 'atto')).toMatchObject({ firmato: false, sha256: sha256(readFileSync(path.join(dir, `${BUILT}.pdf`))) });
    expect(readFileSync(path.join(dir, REGISTER), 'utf8')).toContain('firma: non firmato: firma non disponibile per guasto del dispositivo (verbale 12/2024)\n');
  }, 240_000);

  it('a notice without a planned publication date cannot be published; an unknown notice is named', async () => {
    const dir = scratchProject(tmp, 'senza-data');
    const notice = path.join(dir, SOURCE);
    writeFileSync(notice, readFileSync(notice, 'utf8').replace(/pubblicazione: \{ dal: 2024-04-10 \}\n/, ''));
    const r = await albo(['pubblica', NOTICE, ...PROTOCOL, '--senza-firma', 'prova'], dir, TODAY);
    expect(r.code).toBe(1);
    expect(r.err).toContain(`${SOURCE}: errore: manca la data di pubblicazione prevista`);
    const u = await albo(['pubblica', 'avviso-inesistente', ...PROTOCOL], dir, TODAY);
    expect(u.code).toBe(1);
    expect(u.err).toContain('nessun atto pubblicabile «avviso-inesistente» in content/ (atti: ');
    expect(u.err).toContain('avviso-2024-servizi-al-cittadino');
    expect((await albo(['pubblica', NOTICE, '--protocollo', '12'], dir)).err).toContain('indica insieme --protocollo N e --data-protocollo AAAA-MM-GG');
    expect((await albo(['pubblica', NOTICE, '--protocollo', '12', '--data-protocollo', '05/04/2024'], dir)).err).toContain('data di protocollo non valida «05/04/2024»');
  }, 60_000);
});

describe('the self-checks can fail', () => {
  it('PDF/A: a broken XMP, another part, encryption are reported', async () => {
    const dir = scratchProject(tmp, 'pdfa');
    await albo(['build', 'content/capannori/2024/schede/coordinamento-stato-civile.md'], dir);
    const pdf = readFileSync(path.join(dir, 'out/capannori/2024/schede/coordinamento-stato-civile.pdf')).toString('latin1');
    const bytes = (s: string) => Buffer.from(s, 'latin1');
    expect(pdfaProblems(bytes(pdf))).toEqual([]);
    expect(pdfaProblems(bytes(pdf.replace('<dc:title>', '<dc:title><b>')))[0]).toMatch(/^metadati XMP non validi/);
    expect(pdfaProblems(bytes(pdf.replace('<pdfaid:part>2', '<pdfaid:part>3')))).toEqual(['i metadati XMP non dichiarano PDF/A-2a']);
    expect(pdfaProblems(bytes(pdf.replace('/Root', '/Encrypt 9 0 R /Root')))).toEqual(['è cifrato']);
    expect(statSync(path.join(dir, 'out/capannori/2024/schede/coordinamento-stato-civile.pdf')).size).toBeGreaterThan(0);
  }, 60_000);

  it('privacy patterns: tax codes, IBANs, phones, e-mails, births, health words; ordinary figures are not flagged', () => {
    const found = findPersonalData('RSSMRA80A01H501U; IT60 X054 2811 1010 0000 0123 456; 333 1234567; 0731 387880; a.b@x.it; nata il 3 marzo; diagnosi', ['0731 387880']);
    expect(found.map((f) => f.kind)).toEqual(['codice fiscale', 'IBAN', 'indirizzo e-mail', 'numero di telefono', 'data di nascita', 'dati sanitari']);
    // In a regulation, categories are not personal data; identifiers still are.
    expect(findPersonalData('certificato medico; data di nascita; RSSMRA80A01H501U', [], true).map((f) => f.kind)).toEqual(['codice fiscale']);
    expect(findPersonalData('art. 84 c. 1 CCNL 16.11.2022, € 2.300,00, D.P.R. 223/1989, 94.969 ab., delibera n. 217/2022, 8 × 25 ore', [])).toEqual([]);
  });
});

