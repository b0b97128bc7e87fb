import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validateConfig, validateSource } from '../src/build/project.js';
import { formatDiagnostic } from '../src/diagnostics.js';
import { albo } from './helpers/cli.js';
import { docxText, pdfText, squash } from './helpers/extract.js';
import { ROOT, seedSentences, seedText } from './helpers/seed.js';
import { scratchProject } from './helpers/scratch.js';

const tmp = mkdtempSync(path.join(tmpdir(), 'albo-servizi-'));
const OUT = path.join(tmp, 'out');
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
beforeAll(async () => {
  expect((await albo(['build', '--uscita', OUT])).code).toBe(0);
}, 120_000);

const SERVICE = 'content/lecco/servizi/rete-servizi-informazione-comunicazione-partecipazione.md';
const PROJECT = 'content/pesaro/progetti/inn-over-ii.md';
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

function checkAs(file: string, text: string, ente: string) {
  const { config } = validateConfig(readFileSync(path.join(ROOT, 'content', ente, 'ente.yaml')), 'ente.yaml');
  return validateSource(new TextEncoder().encode(text), file, config!).diagnostics.map(formatDiagnostic);
}

async function bothFormats(base: string): Promise<string[]> {
  return [squash((await pdfText(readFileSync(base + '.pdf'))).join('\n')), squash(docxText(readFileSync(base + '.docx')))];
}

describe('service mission sheet (Comune di Lecco)', () => {
  it('the sheet as published: the renamed nucleus and the empty list item, located', () => {
    const file = 'test/fixtures/seed/servizio-lecco-come-pubblicato.md';
    const text = readFileSync(path.join(ROOT, file), 'utf8');
    expect(checkAs(file, text, 'lecco')).toEqual([
      `${file}:${lineOf(text, '  - "Promozione')}:5: errore: il nucleo «Promozione dell'accesso ai finanziamenti comunitari, statali e regionali» non ha una sezione "### Promozione dell'accesso ai finanziamenti comunitari, statali e regionali" nel testo\n` +
        "  suggerimento: nel testo c'è «Promozione dell'accesso ai finanziamenti regionali, statali e comunitari»: stesse parole in altro ordine, usa lo stesso nome nei due punti",
      `${file}:${lineOf(text, '### Promozione')}:1: errore: la sezione «Promozione dell'accesso ai finanziamenti regionali, statali e comunitari» non corrisponde a nessun nucleo elencato in «nuclei»\n` +
        "  suggerimento: in «nuclei» c'è «Promozione dell'accesso ai finanziamenti comunitari, statali e regionali»: stesse parole in altro ordine",
      `${file}:${text.split('\n').indexOf('-') + 1}:1: errore: voce di elenco vuota\n  suggerimento: scrivi il testo dopo il trattino o togli la riga`,
    ]);
  });

  it('a nucleus missing from the list, or a section missing for a listed nucleus', () => {
    const text = readFileSync(path.join(ROOT, SERVICE), 'utf8');
    const out = checkAs(SERVICE, text.replace('  - "Gestione ufficio stampa"\n', ''), 'lecco');
    expect(out).toEqual([expect.stringMatching(/:\d+:1: errore: la sezione «Gestione ufficio stampa» non corrisponde a nessun nucleo elencato in «nuclei»/)]);
    const missing = checkAs(SERVICE, text.replace('### Relazioni istituzionali e scambi', '### Relazioni istituzionali'), 'lecco');
    expect(missing[0]).toMatch(/errore: il nucleo «Relazioni istituzionali e scambi» non ha una sezione[\s\S]*intendevi «Relazioni istituzionali»\?/);
  });

  it('every sentence of the seed is in the PDF and in the DOCX', async () => {
    const LAYOUT = [/^Unità orizzontale apicale \(Servizio\)$/, /^Nuclei omogenei di processi e attività:$/, /:$/];
    const CORRECTIONS: Record<string, string> = {
      // the seed's section title, renamed to match the list
      "Promozione dell'accesso ai finanziamenti regionali, statali e comunitari:": "Promozione dell'accesso ai finanziamenti comunitari, statali e regionali",
      'Al Servizio sono assegnate le seguenti *missioni generali*': 'Al Servizio sono assegnate le seguenti missioni generali',
    };
    const sentences = seedSentences(seedText('004_').replace(/(?<!\*)\*(?!\*)/g, '')).filter((s) => !LAYOUT.some((re) => re.test(s)) || s.length > 60);
    expect(sentences.length).toBeGreaterThan(80);
    for (const text of await bothFormats(path.join(OUT, 'lecco/servizi/rete-servizi-informazione-comunicazione-partecipazione'))) {
      expect(sentences.map((s) => CORRECTIONS[s] ?? s).filter((s) => !text.includes(squash(s)))).toEqual([]);
    }
  });
});

describe('project sheet (Comune di Pesaro)', () => {
  const text = readFileSync(path.join(ROOT, PROJECT), 'utf8');
  it('the shipped project: the declared hours disagree with 8 × 25 h over 9 months, a located warning with the figures', () => {
    expect(checkAs(PROJECT, text, 'pesaro')).toEqual([
      `${PROJECT}:${lineOf(text, 'ore_totali: 4500')}:13: avviso: 4.500 ore dichiarate, ma 8 destinatari × 25 ore settimanali × 39 settimane (9 mesi) = 7.800 ore\n` +
        '  suggerimento: le ore dichiarate corrispondono a 22,5 settimane a destinatario: correggi le ore o la durata, o spiega nel testo quale lettura vale',
    ]);
  });
  it('funding = participants × monthly allowance × months, and the per-person ceiling, are checked', () => {
    const out = checkAs(PROJECT, text.replace('finanziamento_richiesto: 50400', 'finanziamento_richiesto: 54000').replace('tetto_per_destinatario: 6300', 'tetto_per_destinatario: 7000'), 'pesaro');
    expect(out.filter((l) => l.includes('errore'))).toEqual([
      `${PROJECT}:${lineOf(text, 'tetto_per_destinatario')}:25: errore: tetto per destinatario €\u00a07.000,00 diverso da €\u00a0700,00 × 9 mesi = €\u00a06.300,00`,
      `${PROJECT}:${lineOf(text, 'finanziamento_richiesto')}:26: errore: finanziamento richiesto €\u00a054.000,00 diverso da 8 destinatari × €\u00a0700,00 × 9 mesi = €\u00a050.400,00`,
    ]);
  });
  it('contact details are explicit fields, checked like the rest', () => {
    expect(checkAs(PROJECT, text.replace('email: "t.romani@comune.pesaro.pu.it"', 'email: "t.romani-at-comune"'), 'pesaro')[0]).toMatch(/«coordinatore\.email»: indirizzo e-mail non valido/);
    expect(checkAs(PROJECT, text.replace('classe: L-8,', 'classe: L8,'), 'pesaro')[0]).toMatch(/classe di laurea come "L-8"/);
  });
  it('every sentence of the seed is in the PDF and in the DOCX', async () => {
    const seed = seedText('003_').replace(/<\/?b>/g, '').replace(/(?<!\*)\*(?!\*)/g, '');
    const LAYOUT = [
      /^(PROGETTO|AMBITI DI INTERVENTO|Soggetto promotore|Contesto, ambito|SCHEMA PROGETTO|DESCRIZIONE DEL PROGETTO|Requisiti richiesti|Titoli di studio|Coordinatore del progetto|Qualifica professionale|Profilo professionale)/,
      /^#/, /^[A-Z' ,.()0-9]+$/, /^(TITOLO|POPOLAZIONE|DESCRIZIONE DELLE|NUMERO DESTINATARI|FINANZIAMENTO|LUOGO DI|DURATA|OBIETTIVI|N\. COMPLESSIVO|PRIORITA'|RISPONDEZZA|RISULTATI ATTESI)/,
      /^(nome e cognome|telefono|Email|Ruolo all'interno|categoria D|AREA DI INTERVENTO)/, /^euro 50\.400$/, /^8$/, /^4500 ore$/,
      /^Popolazione residente nel Comune di Pesaro al 31\.12\.2018:$/, /^94\.969 ab\.$/,
    ];
    const sentences = seedSentences(seed).filter((s) => !LAYOUT.some((re) => re.test(s)));
    expect(sentences.length).toBeGreaterThan(60);
    const pdf = (await bothFormats(path.join(OUT, 'pesaro/progetti/inn-over-ii')));
    for (const text of pdf) {
      expect(sentences.filter((s) => !text.includes(squash(s.replace(/^o /, ''))))).toEqual([]);
      // the figures and the coordinator, as the schema table shows them
      for (const f of ['INN – OVER II - PESARO', '94.969 ab.', '€ 50.400,00', '4.500 ore', 'dott.ssa Tiziana Romani', '0731 387880', 't.romani@comune.pesaro.pu.it', 'L-8 - Ingegneria dell\'informazione']) {
        expect(text, f).toContain(squash(f));
      }
    }
  });
});

describe('funzionigramma', () => {
  it('each ente\'s funzionigramma lists its services (missions, nuclei) and every position', async () => {
    const [lecco] = await bothFormats(path.join(OUT, 'lecco/funzionigramma'));
    for (const s of ['Funzionigramma – Comune di Lecco', 'Rete dei servizi di informazione, comunicazione e partecipazione', 'Gestione ufficio stampa', 'Adempimenti relativi al D.lgs. n. 196/2003', 'Nessuna posizione di specifica responsabilità collegata a questo servizio.']) {
      expect(lecco, s).toContain(squash(s));
    }
    for (const text of await bothFormats(path.join(OUT, 'capannori/funzionigramma'))) {
      for (const title of ['Coordinamento U.R.P., Sportelli al Cittadino ed Anagrafe', 'Coordinamento amministrativo-contabile ed elettorale', 'Coordinamento stato civile', 'Politiche giovanili e Polo Culturale Artemisia', 'Coordinamento Polo Tecnologico e sviluppo economico']) {
        expect(text, title).toContain(squash(title));
      }
    }
  });

  it('a position that references its service is listed under it; an unknown service fails', async () => {
    const dir = scratchProject(tmp, 'project');
    cpSync(path.join(ROOT, SERVICE), path.join(dir, 'content/capannori/servizi/rete.md'));
    const card = path.join(dir, 'content/capannori/2024/schede/coordinamento-urp-sportelli-anagrafe.md');
    const original = readFileSync(card, 'utf8');
    writeFileSync(card, original.replace('ruolo: U.O.S.', 'ruolo: U.O.S.\nservizio: rete-servizi-informazione-comunicazione'));
    const bad = await albo(['check'], dir);
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('content/capannori/2024/schede/coordinamento-urp-sportelli-anagrafe.md:9:11: errore: il servizio «rete-servizi-informazione-comunicazione» non esiste in questo ente');
    expect(bad.err).toContain('intendevi «rete-servizi-informazione-comunicazione-partecipazione»?');
    writeFileSync(card, original.replace('ruolo: U.O.S.', 'ruolo: U.O.S.\nservizio: rete-servizi-informazione-comunicazione-partecipazione'));
    expect((await albo(['build'], dir)).code).toBe(0);
    const pdf = (await pdfText(readFileSync(path.join(dir, 'out/capannori/funzionigramma.pdf')))).join('\n');
    const underService = pdf.slice(pdf.indexOf('Rete dei servizi di informazione'), pdf.indexOf('Posizioni di specifica responsabilità per settore'));
    expect(squash(underService)).toContain(squash('Coordinamento U.R.P., Sportelli al Cittadino ed Anagrafe'));
    expect(squash(underService)).not.toContain(squash('Coordinamento stato civile'));
  }, 120_000);
});
