import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { albo } from './helpers/cli.js';
import { docxParts, pdfText } from './helpers/extract.js';
import { ROOT } from './helpers/seed.js';

/**
 * Pay regimes of other enti, each from a scratch project of its own: Areas and caps, the contract in
 * force on a document's date, EQ graduation, fixed allowances, the ente's own lower limits.
 */
const tmp = mkdtempSync(path.join(tmpdir(), 'albo-regimi-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let count = 0;
/** A project with one ente whose files are given (paths relative to the ente folder), and the shipped templates. */
function project(files: Record<string, string>): string {
  const dir = path.join(tmp, `p${++count}`);
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(dir, 'content', 'ente', name);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  mkdirSync(path.join(dir, 'templates'), { recursive: true });
  for (const t of readdirSync(path.join(ROOT, 'templates'))) writeFileSync(path.join(dir, 'templates', t), readFileSync(path.join(ROOT, 'templates', t)));
  return dir;
}

const ENTE = `ente: { nome: Comune di Prova, luogo: Prova }\n`;
const ENTE_WEIGHTED = `${ENTE}criteri:
  - { id: competenze, nome: Competenze, min: 1, max: 50, elementi: [Competenze.] }
  - { id: autonomia, nome: Autonomia, min: 1, max: 50, elementi: [Autonomia.] }
`;

const card = (id: string, extra = '', anno = 2024) => `---
tipo: scheda
id: ${id}
anno: ${anno}
settore: Affari generali
ufficio: Segreteria
titolo: Posizione ${id}
ruolo: responsabile
${extra}---

## Bisogno organizzativo

Bisogno.

## Descrizione ruolo

Ruolo.

## Requisiti

Requisiti.
`;

const notice = (schede: string[], fields: string, anno = 2024) => `---
tipo: avviso
id: avviso-${anno}
anno: ${anno}
settore: Affari generali
regolamento: { articolo: 3, denominazione: regolamento delle indennità, organo: giunta, delibera: { numero: 1, anno: 2023 } }
${fields}
termine_giorni: 15
modalita_domanda: posta elettronica
allegati_domanda: [curriculum vitae]
firmatario: { ruolo: Il dirigente, nome: Mario Rossi }
schede: [${schede.join(', ')}]
---

## Selezione

Selezione.
`;

/** A fund paying each Area a fixed amount: the pay equals the amount, so caps are tested exactly. */
const fixedFund = (perArea: Record<string, number>, anno = 2024, decorrenza = '') => `---
tipo: fondo
id: fondo-${anno}
anno: ${anno}
importo: 100000
provenienza: Fondo di prova
${decorrenza}regola:
  tipo: importo-fisso
  per_area: { ${Object.entries(perArea).map(([a, e]) => `${a}: ${e}`).join(', ')} }
---
`;

async function check(files: Record<string, string>) {
  return albo(['check'], project(files));
}

describe('Areas and the art. 84 cap', () => {
  const caps: [string, number][] = [['operatori', 3000], ['operatori-esperti', 3000], ['istruttori', 3000], ['funzionari-eq', 4000]];
  for (const [area, cap] of caps) {
    it(`${area}: € ${cap} passes, one cent more is a located error citing art. 84`, async () => {
      const ok = await check({ 'ente.yaml': ENTE, 'a.md': notice(['p1'], `aree: [${area}]`), 'p1.md': card('p1'), 'f.md': fixedFund({ [area]: cap }) });
      expect(ok.err).not.toContain('errore');
      expect(ok.code).toBe(0);
      const over = await check({ 'ente.yaml': ENTE, 'a.md': notice(['p1'], `aree: [${area}]`), 'p1.md': card('p1'), 'f.md': fixedFund({ [area]: cap + 0.01 }) });
      expect(over.code).toBe(1);
      expect(over.err).toMatch(new RegExp(`content/ente/p1\\.md:\\d+:\\d+: errore: indennità €\\s${(cap / 1000).toFixed(3)},01 oltre il massimo di €\\s${(cap / 1000).toFixed(3)},00 per una posizione aperta al personale dell'Area [^(]+\\(limite contrattuale: art\\. 84, c\\. 1, CCNL Funzioni Locali 16\\.11\\.2022\\)`));
    });
  }

  it('a position open to Funzionari and Istruttori gets the lower cap: € 3.500 is an error', async () => {
    const r = await check({ 'ente.yaml': ENTE, 'a.md': notice(['p1'], 'aree: [funzionari-eq, istruttori]'), 'p1.md': card('p1'), 'f.md': fixedFund({ 'funzionari-eq': 3500, istruttori: 3500 }) });
    expect(r.code).toBe(1);
    expect(r.err).toContain("indennità €\u00a03.500,00 oltre il massimo di €\u00a03.000,00 per una posizione aperta al personale dell'Area dei Funzionari e dell'Elevata Qualificazione e dell'Area degli Istruttori");
  });

  it('a fund band of € 3.500 for Istruttori (the case that used to pass) is a located error', async () => {
    const fund = `---\ntipo: fondo\nid: fondo-2024\nanno: 2024\nimporto: 10000\nprovenienza: Prova\nregola:\n  tipo: fasce\n  fasce: [{ da: 2, a: 100, importo: 3500 }]\n---\n`;
    const r = await check({ 'ente.yaml': ENTE_WEIGHTED, 'a.md': notice(['p1'], 'aree: [istruttori]'), 'p1.md': card('p1', 'punteggi: { competenze: 40, autonomia: 40 }\n'), 'f.md': fund });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/content\/ente\/p1\.md:\d+:\d+: errore: indennità €\s3\.500,00 oltre il massimo di €\s3\.000,00 per una posizione aperta al personale dell'Area degli Istruttori/);
  });

  it('old category letters are read, with a located warning naming the Area, and the Area\'s cap', async () => {
    const r = await check({ 'ente.yaml': ENTE, 'a.md': notice(['p1'], 'categorie: [D]'), 'p1.md': card('p1'), 'f.md': fixedFund({ 'funzionari-eq': 4000 }) });
    expect(r.code).toBe(0);
    expect(r.err).toMatch(/content\/ente\/a\.md:7:13: avviso: la categoria «D» non esiste più dal 1º aprile 2023: corrisponde all'area «funzionari-eq»/);
    expect(r.err).toMatch(/content\/ente\/a\.md:7:\d+: avviso: il campo «categorie» è superato[^\n]*\n {2}suggerimento: scrivi «aree: \[funzionari-eq\]»/);
    const mixed = await check({ 'ente.yaml': ENTE, 'a.md': notice(['p1'], 'aree: [funzionari-eq, C]'), 'p1.md': card('p1'), 'f.md': fixedFund({ 'funzionari-eq': 3200, istruttori: 3200 }) });
    expect(mixed.err).toContain("avviso: la categoria «C» non esiste più dal 1º aprile 2023: corrisponde all'area «istruttori»");
    expect(mixed.err).toContain('indennità €\u00a03.200,00 oltre il massimo di €\u00a03.000,00');
  });

  it('an unknown value is an error with did-you-mean; «pippo» lists the Areas', async () => {
    const typo = await check({ 'ente.yaml': ENTE, 'a.md': notice(['p1'], 'aree: [istrutori]'), 'p1.md': card('p1'), 'f.md': fixedFund({ istruttori: 1000 }) });
    expect(typo.code).toBe(1);
    expect(typo.err).toMatch(/content\/ente\/a\.md:7:8: errore: area sconosciuta «istrutori» \(ammesse: operatori, operatori-esperti, istruttori, funzionari-eq\)\n {2}suggerimento: intendevi «istruttori»\?/);
    const pippo = await check({ 'ente.yaml': ENTE, 'a.md': notice(['p1'], 'aree: [pippo]'), 'p1.md': card('p1'), 'f.md': fixedFund({ istruttori: 1000 }) });
    expect(pippo.code).toBe(1);
    expect(pippo.err).toContain('area sconosciuta «pippo»');
  });

  it('a notice without Areas is an error', async () => {
    const r = await check({ 'ente.yaml': ENTE, 'a.md': notice(['p1'], ''), 'p1.md': card('p1'), 'f.md': fixedFund({ istruttori: 1000 }) });
    expect(r.code).toBe(1);
    expect(r.err).toContain('manca il campo obbligatorio «aree»');
  });

  it('the notice prints the Areas in correct Italian', async () => {
    const dir = project({ 'ente.yaml': ENTE, 'a.md': notice(['p1'], 'aree: [funzionari-eq, istruttori]'), 'p1.md': card('p1'), 'f.md': fixedFund({ 'funzionari-eq': 1000, istruttori: 1000 }) });
    expect((await albo(['build'], dir)).code).toBe(0);
    const text = (await pdfText(readFileSync(path.join(dir, 'out/ente/a.pdf')))).join('\n').replace(/\s+/g, ' ');
    expect(text).toContain("La selezione è riservata al personale dell'Area dei Funzionari e dell'Elevata Qualificazione e dell'Area degli Istruttori in servizio presso il settore, non titolare di incarico di Elevata Qualificazione");
    expect(text).not.toMatch(/categoria giuridica/);
  }, 60_000);
});

describe('the contract in force on the document\'s date', () => {
  // The same position: a Funzionario paid € 3.500, under notices dated 2021, 2024 and 2027.
  const at = (date: string, amount = 3500, fields = '') =>
    check({
      'ente.yaml': ENTE,
      'a.md': notice(['p1'], `aree: [funzionari-eq]\ndata: ${date}`, Number(date.slice(0, 4))),
      'p1.md': card('p1', fields, Number(date.slice(0, 4))),
      'f.md': fixedFund({ 'funzionari-eq': amount }, Number(date.slice(0, 4))),
    });

  it('2021: art. 70-quinquies CCNL 21.05.2018, € 3.000 for every category', async () => {
    const r = await at('2021-03-01');
    expect(r.code).toBe(1);
    expect(r.err).toContain('oltre il massimo di €\u00a03.000,00 per una posizione aperta al personale dell\'Area dei Funzionari e dell\'Elevata Qualificazione (limite contrattuale: art. 70-quinquies, c. 1, CCNL Funzioni Locali 21.05.2018)');
  });
  it('2024: art. 84 CCNL 16.11.2022, € 4.000 for the Funzionari', async () => {
    expect((await at('2024-03-01')).code).toBe(0);
    expect((await at('2024-03-01', 4000.01)).err).toContain('(limite contrattuale: art. 84, c. 1, CCNL Funzioni Locali 16.11.2022)');
  });
  it('2027: the CCNL of 23.02.2026 reports no new art. 84 figure, so art. 84 of 2022 is cited', async () => {
    expect((await at('2027-03-01')).code).toBe(0);
    expect((await at('2027-03-01', 4000.01)).err).toContain('(limite contrattuale: art. 84, c. 1, CCNL Funzioni Locali 16.11.2022)');
  });
  it('the day the rule takes effect counts: 16.11.2022 is still the 2018 contract, 17.11.2022 the new one', async () => {
    expect((await at('2022-11-16')).err).toContain('art. 70-quinquies, c. 1');
    expect((await at('2022-11-17')).code).toBe(0);
  });
  it('the € 350 case of art. 70-quinquies c. 2 exists in 2021 and no longer from art. 84', async () => {
    expect((await at('2021-03-01', 350, 'caso: c2\n')).code).toBe(0);
    expect((await at('2021-03-01', 350.01, 'caso: c2\n')).err).toContain('oltre il massimo di €\u00a0350,00');
    const later = await at('2024-03-01', 350, 'caso: c2\n');
    expect(later.code).toBe(1);
    expect(later.err).toMatch(/content\/ente\/p1\.md:9:7: errore: il caso «c2» non è più previsto dal 17\/11\/2022 \(art\. 84, c\. 1, CCNL Funzioni Locali 16\.11\.2022\)/);
  });
  it('category A (operatori) could not receive it under the 2018 contract, and can under art. 84', async () => {
    const files = (date: string) => ({ 'ente.yaml': ENTE, 'a.md': notice(['p1'], `aree: [operatori]\ndata: ${date}`, Number(date.slice(0, 4))), 'p1.md': card('p1', '', Number(date.slice(0, 4))), 'f.md': fixedFund({ operatori: 1000 }, Number(date.slice(0, 4))) });
    expect((await check(files('2021-03-01'))).err).toContain("l'indennità per specifiche responsabilità non spetta al personale dell'Area degli Operatori secondo art. 70-quinquies, c. 1, CCNL Funzioni Locali 21.05.2018");
    expect((await check(files('2024-03-01'))).code).toBe(0);
  });
});

describe('the ente\'s own limits (CCDI)', () => {
  it('a lower limit binds and is cited; a higher one is an error in ente.yaml', async () => {
    const lower = `${ENTE}limiti:\n  - { voce: specifiche-responsabilita, massimo: { istruttori: 2000 }, atto: "CCDI 2023, art. 7" }\n`;
    const files = (enteYaml: string, amount: number) => ({ 'ente.yaml': enteYaml, 'a.md': notice(['p1'], 'aree: [istruttori]'), 'p1.md': card('p1'), 'f.md': fixedFund({ istruttori: amount }) });
    expect((await check(files(lower, 2000))).code).toBe(0);
    const over = await check(files(lower, 2000.01));
    expect(over.err).toContain('oltre il massimo di €\u00a02.000,00 per una posizione aperta al personale dell\'Area degli Istruttori (limite dell\'ente: CCDI 2023, art. 7; limite contrattuale €\u00a03.000,00, art. 84, c. 1, CCNL Funzioni Locali 16.11.2022)');
    const higher = `${ENTE}limiti:\n  - { voce: specifiche-responsabilita, massimo: { istruttori: 3500 }, atto: "CCDI 2023, art. 7" }\n`;
    const r = await check(files(higher, 1000));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/content\/ente\/ente\.yaml:3:\d+: errore: il limite dell'ente \(€\s3\.500,00, Area degli Istruttori\) supera il massimo contrattuale di €\s3\.000,00 \(art\. 84, c\. 1, CCNL Funzioni Locali 16\.11\.2022\)/);
  });
});

const ENTE_EQ = `${ENTE}eq:
  criteri:
    - { id: struttura, nome: Complessità della struttura, max: 10, peso: 3 }
    - { id: responsabilita, nome: Responsabilità, max: 10, peso: 2 }
  risultato_percentuale: 15
`;
const eqCard = (id: string, extra: string, anno = 2024) => `---
tipo: scheda-eq
id: ${id}
anno: ${anno}
settore: Servizi finanziari
titolo: Responsabile del servizio ${id}
tipologia: direzione
punteggi: { struttura: 8, responsabilita: 7 }
${extra}---

## Descrizione dell'incarico

Direzione del servizio.
`;

describe('Elevata Qualificazione', () => {
  it('a card of € 13.800 validates and prints position pay (13 monthly payments) and result pay', async () => {
    const dir = project({ 'ente.yaml': ENTE_EQ, 'eq.md': eqCard('ragioneria', 'retribuzione_posizione: 13800\n') });
    const r = await albo(['build'], dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const text = (await pdfText(readFileSync(path.join(dir, 'out/ente/eq.pdf')))).join('\n').replace(/\s+/g, ' ');
    expect(text).toContain("Scheda di graduazione dell'incarico di Elevata Qualificazione");
    // 8 × 3 + 7 × 2 = 38 of 50 points.
    expect(text).toContain('38/50');
    // The instalments add up to the annual amount (13 × € 1.061,54 would be € 13.800,02).
    expect(text).toContain('Retribuzione di posizione (12 mensilità da € 1.061,54 e una da € 1.061,52) € 13.800,00');
    // 15 % of position + result: 13.800 × 15 / 85 = 2.435,294… rounded up, so the share is never below 15 %.
    expect(text).toContain('fino a € 2.435,30');
    expect(text).toContain('(art. 17, c. 2, CCNL Funzioni Locali 16.11.2022)');
    expect(text).not.toMatch(/specifica responsabilità|[Ii]ndennità prevista/);
  }, 60_000);

  it('€ 25.000 is a located error naming the contract maximum; € 18.000 passes, a cent more does not', async () => {
    const r = await check({ 'ente.yaml': ENTE_EQ, 'eq.md': eqCard('ragioneria', 'retribuzione_posizione: 25000\n') });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/content\/ente\/eq\.md:9:25: errore: retribuzione di posizione €\s25\.000,00 oltre il massimo di €\s18\.000,00 \(limite contrattuale: art\. 17, c\. 2, CCNL Funzioni Locali 16\.11\.2022\)/);
    expect((await check({ 'ente.yaml': ENTE_EQ, 'eq.md': eqCard('ragioneria', 'retribuzione_posizione: 18000\n') })).code).toBe(0);
    expect((await check({ 'ente.yaml': ENTE_EQ, 'eq.md': eqCard('ragioneria', 'retribuzione_posizione: 18000.01\n') })).code).toBe(1);
  });

  it('the minimum: € 5.000 passes, € 4.999,99 does not; the reduced band (art. 17 c. 3) allows € 3.000 up to € 9.500', async () => {
    expect((await check({ 'ente.yaml': ENTE_EQ, 'eq.md': eqCard('a', 'retribuzione_posizione: 5000\n') })).code).toBe(0);
    const low = await check({ 'ente.yaml': ENTE_EQ, 'eq.md': eqCard('a', 'retribuzione_posizione: 4999.99\n') });
    expect(low.err).toContain('sotto il minimo di €\u00a05.000,00 (limite contrattuale: art. 17, c. 2, CCNL Funzioni Locali 16.11.2022)');
    expect((await check({ 'ente.yaml': ENTE_EQ, 'eq.md': eqCard('a', 'retribuzione_posizione: 3000\nfascia_ridotta: true\naree: [istruttori]\n') })).code).toBe(0);
    expect((await check({ 'ente.yaml': ENTE_EQ, 'eq.md': eqCard('a', 'retribuzione_posizione: 9500.01\nfascia_ridotta: true\naree: [istruttori]\n') })).err).toContain('oltre il massimo di €\u00a09.500,00 (limite contrattuale: art. 17, c. 3');
  });

  it('€ 20.000 is over the maximum in 2021 (PO, € 16.000) and 2024 (€ 18.000), within it in 2027 (€ 22.000)', async () => {
    const at = async (anno: number) => check({ 'ente.yaml': ENTE_EQ, 'eq.md': eqCard('a', 'retribuzione_posizione: 20000\n', anno) });
    expect((await at(2021)).err).toContain('oltre il massimo di €\u00a016.000,00 (limite contrattuale: art. 15, c. 2, CCNL Funzioni Locali 21.05.2018)');
    expect((await at(2024)).err).toContain('oltre il massimo di €\u00a018.000,00 (limite contrattuale: art. 17, c. 2, CCNL Funzioni Locali 16.11.2022)');
    expect((await at(2027)).code).toBe(0);
  });

  it('the pay follows from the points by the ente\'s linear rule, and a typed amount must agree', async () => {
    const linear = ENTE_EQ.replace('  risultato_percentuale: 15\n', '  retribuzione: { tipo: lineare, punteggio_minimo: 10, minimo: 5000, massimo: 17000 }\n');
    // 38 points: 5.000 + 12.000 × (38 − 10) / (50 − 10) = 13.400.
    expect((await check({ 'ente.yaml': linear, 'eq.md': eqCard('a', 'retribuzione_posizione: 13400\n') })).code).toBe(0);
    const wrong = await check({ 'ente.yaml': linear, 'eq.md': eqCard('a', 'retribuzione_posizione: 13401\n') });
    expect(wrong.err).toContain('retribuzione di posizione €\u00a013.401,00 diversa da quella che la graduazione dà per 38 punti (€\u00a013.400,00)');
  });

  it('a result share below the contract\'s 15 % is an error in ente.yaml', async () => {
    const r = await check({ 'ente.yaml': ENTE_EQ.replace('risultato_percentuale: 15', 'risultato_percentuale: 14.9'), 'eq.md': eqCard('a', 'retribuzione_posizione: 10000\n') });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/content\/ente\/ente\.yaml:6:\d+: errore: quota di risultato del 14,9% sotto il minimo contrattuale del 15%/);
  });

  it('the EQ fund is checked apart from the art. 84 fund', async () => {
    const fund = (importo: number) => `---\ntipo: fondo-eq\nid: fondo-eq-2024\nanno: 2024\nimporto: ${importo}\nprovenienza: Bilancio\n---\n`;
    // 10.000 + 1.764,71 (15 %) = 11.764,71.
    expect((await check({ 'ente.yaml': ENTE_EQ, 'eq.md': eqCard('a', 'retribuzione_posizione: 10000\n'), 'f.md': fund(11764.71) })).code).toBe(0);
    const short = await check({ 'ente.yaml': ENTE_EQ, 'eq.md': eqCard('a', 'retribuzione_posizione: 10000\n'), 'f.md': fund(11764.7) });
    expect(short.err).toContain('posizione e risultato degli incarichi EQ 2024 (€\u00a011.764,71) superano il fondo EQ (€\u00a011.764,70) di €\u00a00,01');
  });
});

describe('fixed allowances without weighting', () => {
  it('an ente with no criteria builds with no «Pesatura» anywhere (PDF, DOCX, CSV)', async () => {
    const dir = project({
      'ente.yaml': ENTE,
      'a.md': notice(['p1', 'p2'], 'aree: [funzionari-eq]'),
      'p1.md': card('p1'),
      'p2.md': card('p2'),
      'f.md': fixedFund({ 'funzionari-eq': 1800 }),
    });
    const r = await albo(['build'], dir);
    expect(r.code).toBe(0);
    const out = path.join(dir, 'out');
    const files = readdirSync(out, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && !e.name.startsWith('.')).map((e) => path.join(e.parentPath, e.name));
    expect(files.filter((f) => f.endsWith('.pdf')).length).toBeGreaterThanOrEqual(5);
    let paid = 0;
    for (const f of files) {
      const bytes = readFileSync(f);
      const text = f.endsWith('.pdf') ? (await pdfText(bytes)).join('\n') : f.endsWith('.docx') ? docxParts(bytes)['word/document.xml']! : bytes.toString('utf8');
      expect(text, f).not.toMatch(/pesatura/i);
      if (/1\.800,00|1800,00/.test(text)) paid++;
    }
    // Every card, the notice, the combined notice, the summary and the CSV show the fixed amount.
    expect(paid).toBeGreaterThanOrEqual(9);
  }, 120_000);

  it('scores on a card of an ente without criteria are refused with the reason, not a type name', async () => {
    const r = await check({ 'ente.yaml': ENTE, 'a.md': notice(['p1'], 'aree: [funzionari-eq]'), 'p1.md': card('p1', 'punteggi: { competenze: 10 }\n'), 'f.md': fixedFund({ 'funzionari-eq': 1800 }) });
    expect(r.code).toBe(1);
    expect(r.err).toContain("campo «punteggi» non ammesso qui\n  suggerimento: l'ente non pesa le posizioni (nessun criterio in ente.yaml): togli «punteggi»");
    expect(r.err).not.toMatch(/\bnever\b|\bundefined\b/);
  });

  it('a rule by weight without criteria, and Areas with different fixed amounts, are located errors', async () => {
    const perPoint = `---\ntipo: fondo\nid: fondo-2024\nanno: 2024\nimporto: 1000\nprovenienza: Prova\nregola: { tipo: per-punto, soglia: 10, euro_per_punto: 5 }\n---\n`;
    const r = await check({ 'ente.yaml': ENTE, 'a.md': notice(['p1'], 'aree: [funzionari-eq]'), 'p1.md': card('p1'), 'f.md': perPoint });
    expect(r.err).toMatch(/content\/ente\/f\.md:7:\d+: errore: la regola «per-punto» riparte per pesatura, ma l'ente non pesa le posizioni/);
    const mixed = await check({ 'ente.yaml': ENTE, 'a.md': notice(['p1'], 'aree: [funzionari-eq, istruttori]'), 'p1.md': card('p1'), 'f.md': fixedFund({ 'funzionari-eq': 1800, istruttori: 1200 }) });
    expect(mixed.err).toContain('posizione aperta al personale dell\'Area dei Funzionari e dell\'Elevata Qualificazione e dell\'Area degli Istruttori con importi fissi diversi');
    // Reserved to one Area on the card itself, the amount is that Area's.
    expect((await check({ 'ente.yaml': ENTE, 'a.md': notice(['p1'], 'aree: [funzionari-eq, istruttori]'), 'p1.md': card('p1', 'aree: [istruttori]\n'), 'f.md': fixedFund({ 'funzionari-eq': 1800, istruttori: 1200 }) })).code).toBe(0);
  });
});

describe('the shipped example entes', () => {
  it('Ormelle (EQ by bands) and the fixed-allowance ente are valid, with the figures their rules give', async () => {
    const r = await albo(['check']);
    expect(r.code).toBe(0);
    const ormelle = await albo(['fondo', '--anno', '2025']);
    expect(ormelle.code).toBe(0);
    expect(ormelle.out).toContain('Comune di Esempio');
    expect(ormelle.out).toContain('importo fisso per posizione');
  });
});
