import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../src/build/manifest.js';
import { pdfaProblems } from '../src/publish/pdfa-check.js';
import { findPersonalData } from '../src/publish/privacy.js';
import { albo } from './helpers/cli.js';
import { pdfText, squash } from './helpers/extract.js';
import { scratchProject } from './helpers/scratch.js';
import { toolAvailable } from './helpers/tools.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'albo-pubblica-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const NOTICE = 'avviso-2024-servizi-al-cittadino';
const PACKAGE = 'out/albo/2024-avviso-2024-servizi-al-cittadino';

describe('albo pubblica on the shipped 2024 notice', () => {
  const dir = scratchProject(tmp, 'shipped');
  const pkg = path.join(dir, PACKAGE);
  let record: {
    pubblicazione: { inizio: string; fine: string; giorni_consecutivi: number };
    scadenza_domande: { data: string; data_nominale: string; spostata_per: string[] };
    riservatezza: { deroga: string | null };
    file: { nome: string; byte: number; tipo: string; sha256: string }[];
  };
  beforeAll(async () => {
    const r = await albo(['pubblica', 'content/capannori/2024/avviso-servizi-al-cittadino.md', '--dal', '2024-04-10'], dir);
    expect(r.code).toBe(0);
    expect(r.out).toBe("Pacchetto per l'Albo pronto in out/albo/2024-avviso-2024-servizi-al-cittadino/ (20 file): vedi pubblicazione.txt.");
    record = JSON.parse(readFileSync(path.join(pkg, 'pubblicazione.json'), 'utf8'));
  }, 180_000);

  it('the deadline: 15 days from 10 April 2024 end on 25 April, a holiday, so 26 April; published until then', () => {
    expect(record.scadenza_domande).toMatchObject({ data: '2024-04-26', data_nominale: '2024-04-25', spostata_per: ['2024-04-25 Festa della Liberazione'] });
    expect(record.pubblicazione).toMatchObject({ inizio: '2024-04-10', fine: '2024-04-26', giorni_consecutivi: 15 });
    expect(readFileSync(path.join(pkg, 'pubblicazione.txt'), 'utf8')).toContain('Scadenza delle domande: 26 aprile 2024');
  });

  it('the notice says the date in words', async () => {
    const text = squash((await pdfText(readFileSync(path.join(pkg, '2024-avviso-specifiche-responsabilita-servizi-al-cittadino-e-gabinetto-del-sindaco.pdf')))).join('\n'));
    expect(text).toContain(squash('le domande vanno presentate entro il 26 aprile 2024.'));
    expect(text).toContain(squash("pubblicato all'Albo Pretorio online dal 10 aprile 2024"));
  });

  it('one PDF, DOCX and HTML per act and attachment, ASCII names; the manifest lists each with size, type and SHA-256', () => {
    const names = readdirSync(pkg).filter((f) => !f.startsWith('pubblicazione.')).sort();
    expect(names).toHaveLength(18);
    for (const n of names) expect(n).toMatch(/^[a-z0-9-]+\.(pdf|docx|html)$/);
    expect(record.file.map((f) => f.nome).sort()).toEqual(names);
    for (const f of record.file) {
      const bytes = readFileSync(path.join(pkg, f.nome));
      expect([f.byte, f.sha256], f.nome).toEqual([bytes.length, sha256(bytes)]);
      expect(f.tipo).toBe({ pdf: 'application/pdf', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', html: 'text/html' }[f.nome.split('.').pop() as 'pdf']);
    }
    expect(record.riservatezza.deroga).toBeNull();
  });

  it('every published PDF passes the PDF/A self-check', () => {
    for (const f of record.file.filter((x) => x.nome.endsWith('.pdf'))) expect(pdfaProblems(readFileSync(path.join(pkg, f.nome))), f.nome).toEqual([]);
  });

  it.runIf(toolAvailable('qpdf'))('qpdf --check passes on every published PDF', () => {
    for (const f of record.file.filter((x) => x.nome.endsWith('.pdf'))) {
      expect(execFileSync('qpdf', ['--check', path.join(pkg, f.nome)], { encoding: 'utf8' })).toContain('No syntax or stream encoding errors found');
    }
  });

  it.runIf(toolAvailable('pdffonts'))('pdffonts: every font embedded, none of the standard 14', () => {
    for (const f of record.file.filter((x) => x.nome.endsWith('.pdf'))) {
      const rows = execFileSync('pdffonts', [path.join(pkg, f.nome)], { encoding: 'utf8' }).trim().split('\n').slice(2);
      for (const row of rows) {
        expect(row, f.nome).toMatch(/^\w{6}\+TitilliumWeb/);
        expect(row.split(/\s+/).slice(-5, -4)[0], row).toBe('yes');
      }
    }
  });

  it('the HTML is for the Albo: lang="it", noindex/noarchive, real headings, tables with header cells', () => {
    const html = readFileSync(path.join(pkg, '2024-allegato-1-scheda-coordinamento-urp-sportelli-anagrafe.html'), 'utf8');
    expect(html).toContain('<html lang="it">');
    expect(html).toContain('<meta name="robots" content="noindex, noarchive">');
    expect(html).toContain('<h1>Modulo descrittivo posizione di specifica responsabilità</h1>');
    expect(html).toMatch(/<th scope="col"[^>]*>Criterio<\/th>/);
    expect(html).toMatch(/<input type="checkbox" disabled checked> amministrative/);
  });

  it.runIf(toolAvailable('chromium'))('the HTML passes axe-core in headless Chromium with no serious or critical violations', async () => {
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
        await page.goto(pathToFileURL(path.join(pkg, f.nome)).href);
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
});

describe('checks before anything is written', () => {
  it('personal data in a card (codice fiscale, IBAN, private e-mail) stops the publication; allowed contacts pass', async () => {
    const dir = scratchProject(tmp, 'privacy');
    const card = path.join(dir, 'content/capannori/2024/schede/coordinamento-stato-civile.md');
    writeFileSync(card, readFileSync(card, 'utf8').replace('## Requisiti\n\n', '## Requisiti\n\nReferente: RSSMRA80A01H501U, IBAN IT60X0542811101000000123456, mario.rossi@gmail.com, ufficio urp@comune.capannori.lu.it.\n\n'));
    const r = await albo(['pubblica', NOTICE, '--dal', '2024-04-10'], dir);
    expect(r.code).toBe(1);
    for (const f of ['(codice fiscale): «RSSMRA80A01H501U»', '(IBAN): «IT60X0542811101000000123456»', '(indirizzo e-mail): «mario.rossi@gmail.com»', '(indirizzo e-mail): «urp@comune.capannori.lu.it»']) {
      expect(r.err).toContain(`content/capannori/2024/schede/coordinamento-stato-civile.md: errore: dato personale da non pubblicare all'Albo ${f}`);
    }
    expect(r.err).toContain('Nessun file scritto.');
    expect(existsSync(path.join(dir, PACKAGE))).toBe(false);
    // The office's address is a contact the ente allows; the rest needs a recorded reason.
    const config = path.join(dir, 'content/capannori/ente.yaml');
    writeFileSync(config, readFileSync(config, 'utf8') + '\npubblicazione:\n  contatti_ammessi: [urp@comune.capannori.lu.it]\n');
    const again = await albo(['pubblica', NOTICE, '--dal', '2024-04-10'], dir);
    expect(again.err).not.toContain('urp@comune.capannori.lu.it');
    expect(again.code).toBe(1);
    const forced = await albo(['pubblica', NOTICE, '--dal', '2024-04-10', '--consenti-dati', 'dati del referente pubblicati su sua richiesta scritta (prot. 123/2024)'], dir);
    expect(forced.code).toBe(0);
    const record = JSON.parse(readFileSync(path.join(dir, PACKAGE, 'pubblicazione.json'), 'utf8'));
    expect(record.riservatezza.deroga).toBe('dati del referente pubblicati su sua richiesta scritta (prot. 123/2024)');
    expect(record.riservatezza.dati_personali_rilevati).toHaveLength(3);
  }, 120_000);

  it('contacts the notice declares in its frontmatter are printed and allowed', async () => {
    const dir = scratchProject(tmp, 'contatti');
    const file = path.join(dir, 'content/capannori/2024/avviso-servizi-al-cittadino.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('schede:\n', 'contatti: { ufficio: "Ufficio Personale", email: personale@comune.capannori.lu.it, telefono: "0583 428111" }\nschede:\n'));
    const r = await albo(['pubblica', NOTICE, '--dal', '2024-04-10'], dir);
    expect(r.err).not.toContain('dato personale');
    expect(r.code).toBe(0);
    const text = squash((await pdfText(readFileSync(path.join(dir, PACKAGE, '2024-avviso-specifiche-responsabilita-servizi-al-cittadino-e-gabinetto-del-sindaco.pdf')))).join('\n'));
    expect(text).toContain(squash('Per informazioni: Ufficio Personale, personale@comune.capannori.lu.it, tel. 0583 428111.'));
  }, 120_000);

  it("the patron saint's day warns (offices closed) but does not move the legal term", async () => {
    const dir = scratchProject(tmp, 'patrono');
    const config = path.join(dir, 'content/capannori/ente.yaml');
    writeFileSync(config, readFileSync(config, 'utf8') + '\npubblicazione:\n  patrono: { giorno: "01-30", nome: "San Prova" }\n');
    const r = await albo(['pubblica', NOTICE, '--dal', '2024-01-15'], dir);
    expect(r.code).toBe(0);
    expect(r.err).toContain('avviso: il termine per le domande (30 gennaio 2024) cade nel giorno del santo patrono, San Prova: gli uffici sono chiusi, ma il termine legale non si sposta');
    const record = JSON.parse(readFileSync(path.join(dir, PACKAGE, 'pubblicazione.json'), 'utf8'));
    expect(record.scadenza_domande.data).toBe('2024-01-30');
    expect(record.pubblicazione.fine).toBe('2024-01-30');
  }, 120_000);

  it('a missing or malformed start date, an unknown notice: exit 1 with the reason', async () => {
    expect((await albo(['pubblica', NOTICE])).err).toContain('manca --dal');
    expect((await albo(['pubblica', NOTICE, '--dal', '10/04/2024'])).err).toContain('data non valida «10/04/2024»');
    const r = await albo(['pubblica', 'avviso-inesistente', '--dal', '2024-04-10'], scratchProject(tmp, 'unknown'));
    expect(r.code).toBe(1);
    expect(r.err).toContain('nessun avviso «avviso-inesistente» in content/ (avvisi: avviso-2024-servizi-al-cittadino)');
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
    expect(pdfaProblems(bytes(pdf.replace('<pdfaid:part>2', '<pdfaid:part>3')))).toEqual(['i metadati XMP non dichiarano PDF/A-2b']);
    expect(pdfaProblems(bytes(pdf.replace('/Root', '/Encrypt 9 0 R /Root')))).toEqual(['è cifrato']);
    expect(statSync(path.join(dir, 'out/capannori/2024/schede/coordinamento-stato-civile.pdf')).size).toBeGreaterThan(0);
  }, 60_000);

  it('privacy patterns: tax codes, IBANs, phones, e-mails, births, health words; ordinary figures are not flagged', () => {
    const found = findPersonalData('RSSMRA80A01H501U; IT60 X054 2811 1010 0000 0123 456; 333 1234567; 0731 387880; a.b@x.it; nata il 3 marzo; diagnosi', ['0731 387880']);
    expect(found.map((f) => f.kind)).toEqual(['codice fiscale', 'IBAN', 'indirizzo e-mail', 'numero di telefono', 'data di nascita', 'dati sanitari']);
    expect(findPersonalData('art. 84 c. 1 CCNL 16.11.2022, € 2.300,00, D.P.R. 223/1989, 94.969 ab., delibera n. 217/2022, 8 × 25 ore', [])).toEqual([]);
  });
});
