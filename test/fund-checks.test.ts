import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../src/diagnostics.js';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { missingFundHint, positionAreas, positionDate } from '../src/build/allocation.js';
import { allocateEq } from '../src/build/eq.js';
import { defaultRulebook } from '../src/rulebook/rulebook.js';
import { ente, type Edits } from './helpers/ente.js';
import { CONTENT } from './helpers/project.js';

const readCivil = () => readFileSync(path.join(CONTENT, 'capannori/2024/schede/coordinamento-stato-civile.md'), 'utf8');

// The checks that keep a published act from paying more than the fund or the contract allows, each on both
// sides of its threshold, on the shipped enti validated in memory (no build).
const FIXED = 'esempio-importi-fissi';
const FUND = '2025/fondo-2025.md';
const TECH = '2025/schede/coordinamento-ufficio-tecnico.md';
const TAX = '2025/schede/responsabile-procedimenti-tributi.md';

// Amounts are printed with a no-break space after «€» (format.test.ts checks it): compared here as spaces.
const plain = (s: string) => s.replace(/\u00a0/g, ' ');
const messages = (name: string, edits: Edits = {}, added: Record<string, string> = {}) => ente(name, edits, added).diagnostics.map((d) => plain(formatDiagnostic(d)));
const errors = (name: string, edits: Edits = {}, added: Record<string, string> = {}) =>
  ente(name, edits, added).diagnostics.filter((d) => d.severity === 'errore').map((d) => `${d.file}:${d.line ?? ''}: ${plain(d.message)}`);
const sub = (from: string | RegExp, to: string) => (t: string) => {
  const out = t.replace(from, to);
  if (out === t) throw new Error(`edit did not apply: ${String(from)}`);
  return out;
};

describe('fixed amounts per Area (esempio-importi-fissi)', () => {
  it('pays each card its Area\'s amount and leaves the rest of the fund', () => {
    const r = ente(FIXED);
    expect(r.diagnostics).toEqual([]);
    const year = r.project!.allocations.get(2025)!;
    expect([...year.allocation.pay]).toEqual([
      ['coordinamento-ufficio-tecnico', 180_000],
      ['responsabile-procedimenti-tributi', 120_000],
      ['ufficiale-stato-civile-anagrafe', 120_000],
    ]);
    expect([year.allocation.fund, year.allocation.total, year.allocation.remainder]).toEqual([600_000, 420_000, 180_000]);
  });

  it('accepts a fund exactly equal to the allowances, and reports one cent less at the fund\'s amount', () => {
    expect(errors(FIXED, { [FUND]: sub('importo: 6000', 'importo: 4200') })).toEqual([]);
    expect(errors(FIXED, { [FUND]: sub('importo: 6000', 'importo: 4199.99') })).toEqual([
      'content/esempio-importi-fissi/2025/fondo-2025.md:5: le indennità dell\'anno 2025 (€ 4.200,00) superano il fondo (€ 4.199,99) di € 0,01',
    ]);
  });

  it('accepts an amount equal to the ente\'s lower limit, and reports one cent more on the card', () => {
    expect(errors(FIXED, { [FUND]: sub('funzionari-eq: 1800', 'funzionari-eq: 2500') })).toEqual([]);
    const over = ente(FIXED, { [FUND]: sub('funzionari-eq: 1800', 'funzionari-eq: 2500.01') }).diagnostics;
    expect(over.map((d) => `${d.file}: ${plain(d.message)}`)).toEqual([
      'content/esempio-importi-fissi/2025/schede/coordinamento-ufficio-tecnico.md: indennità € 2.500,01 oltre il massimo di € 2.500,00 per una posizione aperta al personale dell\'Area dei Funzionari e dell\'Elevata Qualificazione (limite dell\'ente: CCDI 2023-2025, art. 12 (esempio); limite contrattuale € 4.000,00, art. 84, c. 1, CCNL Funzioni Locali 16.11.2022)',
    ]);
    expect(over[0]!.hint).toBe('imposta "massimo" nel fondo content/esempio-importi-fissi/2025/fondo-2025.md o cambia la regola di riparto');
    // A fund «massimo» above the position's: the hint says to lower it, not to set it (it is set).
    const above = (massimo: string) => ente(FIXED, { [FUND]: (t) => sub('funzionari-eq: 1800', 'funzionari-eq: 2500.01')(t).replace(/\n---\n/, `\nmassimo: ${massimo}\n---\n`) }).diagnostics.filter((d) => d.severity === 'errore');
    expect(above('3000').map((d) => d.hint)).toEqual(['il "massimo" del fondo content/esempio-importi-fissi/2025/fondo-2025.md (€\u00a03.000,00) supera quello di questa posizione: abbassalo a €\u00a02.500,00, o cambia la regola di riparto']);
    // A fund «massimo» at the position's own maximum caps the amount: no error.
    expect(above('2500')).toEqual([]);
  });

  it('accepts an ente limit equal to the contract\'s maximum, and reports one cent more in ente.yaml, once', () => {
    const at = (amount: string) => ({ 'ente.yaml': sub('massimo: { funzionari-eq: 2500', `massimo: { funzionari-eq: ${amount}`) });
    expect(errors(FIXED, at('4000'))).toEqual([]);
    const ds = ente(FIXED, at('4000.01')).diagnostics;
    expect(ds.map((d) => `${d.file}:${d.line}:${d.column}: ${plain(d.message)}`)).toEqual([
      expect.stringMatching(/^content\/esempio-importi-fissi\/ente\.yaml:22:14: il limite dell'ente \(€ 4\.000,01, Area dei Funzionari e dell'Elevata Qualificazione\) supera il massimo contrattuale di € 4\.000,00 \(art\. 84, c\. 1, CCNL Funzioni Locali 16\.11\.2022\)$/),
    ]);
    expect(ds[0]!.hint).toBe('l\'ente può fissare limiti più bassi del contratto, mai più alti');
    expect(ds[0]!.severity).toBe('errore');
  });

  it('applies the common amount where an Area has none, and reports an Area with no amount at all', () => {
    const common = ente(FIXED, { [FUND]: sub('    istruttori: 1200\n', '  importo: 1000\n') });
    expect(common.diagnostics).toEqual([]);
    expect(common.project!.allocations.get(2025)!.allocation.pay.get('responsabile-procedimenti-tributi')).toBe(100_000);
    expect(common.project!.allocations.get(2025)!.allocation.pay.get('coordinamento-ufficio-tecnico')).toBe(180_000);
    const missing = ente(FIXED, { [FUND]: sub('    istruttori: 1200\n', '') }).diagnostics;
    expect(missing.map((d) => `${d.file}: ${d.message} | ${d.hint}`)).toEqual([
      `content/esempio-importi-fissi/${TAX}: il fondo non fissa l'importo per l'Area degli Istruttori | aggiungi «istruttori» in «regola.per_area» del fondo, o un «importo» comune`,
      'content/esempio-importi-fissi/2025/schede/ufficiale-stato-civile-anagrafe.md: il fondo non fissa l\'importo per l\'Area degli Istruttori | aggiungi «istruttori» in «regola.per_area» del fondo, o un «importo» comune',
    ]);
  });

  it('asks which Area a card is for when its Areas have different fixed amounts, not when they agree', () => {
    const both = { [TECH]: sub('aree: [funzionari-eq]', 'aree: [funzionari-eq, istruttori]') };
    expect(errors(FIXED, both)).toEqual([
      `content/esempio-importi-fissi/${TECH}:9: posizione aperta al personale dell'Area dei Funzionari e dell'Elevata Qualificazione e dell'Area degli Istruttori con importi fissi diversi (funzionari-eq: € 1.800,00, istruttori: € 1.200,00)`,
    ]);
    expect(errors(FIXED, { ...both, [FUND]: sub('funzionari-eq: 1800', 'funzionari-eq: 1200') })).toEqual([]);
  });

  it('accepts a written allowance equal to the computed one, and reports one cent off', () => {
    const written = (amount: string) => ({ [TAX]: sub('aree: [istruttori]', `aree: [istruttori]\nretribuzione: ${amount}`) });
    expect(errors(FIXED, written('1200'))).toEqual([]);
    expect(errors(FIXED, written('1200.01'))).toEqual([`content/esempio-importi-fissi/${TAX}:10: indennità € 1.200,01 diversa da quella del riparto del fondo 2025 (€ 1.200,00)`]);
    expect(errors(FIXED, written('1199.99'))).toEqual([`content/esempio-importi-fissi/${TAX}:10: indennità € 1.199,99 diversa da quella del riparto del fondo 2025 (€ 1.200,00)`]);
  });

  it('reports a second fund for the same year, and cards of a year without a fund', () => {
    const fund = (year: number) => ({ 'extra/fondo-bis.md': `---\ntipo: fondo\nid: fondo-bis\nanno: ${year}\nimporto: 100\nprovenienza: prova\nregola:\n  tipo: importo-fisso\n  importo: 10\n---\n` });
    expect(errors(FIXED, {}, fund(2025))).toEqual([
      'content/esempio-importi-fissi/extra/fondo-bis.md:4: secondo fondo per l\'anno 2025 (c\'è già content/esempio-importi-fissi/2025/fondo-2025.md)',
    ]);
    expect(errors(FIXED, {}, fund(2026))).toEqual([]);
    expect(errors(FIXED, { [FUND]: null })).toEqual([
      `content/esempio-importi-fissi/${TECH}:4: nessun fondo per l'anno 2025: l'indennità non si può calcolare`,
      `content/esempio-importi-fissi/${TAX}:4: nessun fondo per l'anno 2025: l'indennità non si può calcolare`,
      'content/esempio-importi-fissi/2025/schede/ufficiale-stato-civile-anagrafe.md:4: nessun fondo per l\'anno 2025: l\'indennità non si può calcolare',
    ]);
  });
});

describe('weighted shares (capannori, 50 euro a point over 60)', () => {
  it('pays the published amounts, which sum to the fund exactly', () => {
    const r = ente('capannori');
    expect(r.diagnostics.filter((d) => d.severity === 'errore')).toEqual([]);
    const year = r.project!.allocations.get(2024)!;
    expect([...year.allocation.pay.values()]).toEqual([230_000, 230_000, 155_000, 200_000, 165_000]);
    expect([year.allocation.total, year.allocation.remainder]).toEqual([980_000, 0]);
  });

  it('reports a fund one cent short of the allowances', () => {
    expect(errors('capannori', { '2024/fondo-2024.md': sub('importo: 9800', 'importo: 9799.99') })).toEqual([
      'content/capannori/2024/fondo-2024.md:6: le indennità dell\'anno 2024 (€ 9.800,00) superano il fondo (€ 9.799,99) di € 0,01',
    ]);
  });
});

describe('Elevata Qualificazione (ormelle, bands of deliberation 69/2009)', () => {
  const FUND_EQ = '2025/fondo-eq-2025.md';
  const ADMIN = '2025/schede/area-amministrativa.md';
  const band = (from: string, to: string) => ({ 'ente.yaml': sub(from, to) });

  it('pays each band\'s amount and 15 % of position + result as result, rounded up to the cent', () => {
    const r = ente('ormelle');
    expect(r.diagnostics).toEqual([]);
    const year = r.project!.eq.get(2025)!;
    expect([...year.pay].map(([id, p]) => [id, p.position, p.result, p.percent, p.cap, p.band])).toEqual([
      ['area-amministrativa', 950_000, 167_648, 15, 1_800_000, { da: 101, a: 110 }],
      ['area-finanziaria', 950_000, 167_648, 15, 1_800_000, { da: 101, a: 110 }],
      ['area-tecnica', 1_290_000, 227_648, 15, 1_800_000, { da: 121, a: 130 }],
    ]);
    expect(year.total).toBe(3_752_944);
  });

  it('accepts a fund equal to position + result, and reports one cent less', () => {
    expect(errors('ormelle', { [FUND_EQ]: sub('importo: 38000', 'importo: 37529.44') })).toEqual([]);
    expect(errors('ormelle', { [FUND_EQ]: sub('importo: 38000', 'importo: 37529.43') })).toEqual([
      'content/ormelle/2025/fondo-eq-2025.md:6: posizione e risultato degli incarichi EQ 2025 (€ 37.529,44) superano il fondo EQ (€ 37.529,43) di € 0,01',
    ]);
  });

  it('puts a score on a band\'s edge in that band: 110 in 101–110, 111 in 111–120', () => {
    const pay = (points: number) => ente('ormelle', { [ADMIN]: sub('responsabilita: 36', `responsabilita: ${points - 70}`) }).project!.eq.get(2025)!.pay.get('area-amministrativa')!;
    expect([pay(110).position, pay(110).band]).toEqual([950_000, { da: 101, a: 110 }]);
    expect([pay(111).position, pay(111).band]).toEqual([1_100_000, { da: 111, a: 120 }]);
    expect([pay(101).position, pay(100).position]).toEqual([950_000, 800_000]);
  });

  it('accepts the contract\'s minimum and maximum position pay exactly, and reports a cent beyond either', () => {
    const low = (amount: string) => band('{ da: 101, a: 110, importo: 9500 }', `{ da: 101, a: 110, importo: ${amount} }`);
    const high = (amount: string) => band('{ da: 121, a: 130, importo: 12900 }', `{ da: 121, a: 130, importo: ${amount} }`);
    expect(errors('ormelle', low('5000'))).toEqual([]);
    expect(errors('ormelle', low('4999.99'))).toEqual([
      'content/ormelle/2025/schede/area-amministrativa.md:11: retribuzione di posizione € 4.999,99 sotto il minimo di € 5.000,00 (limite contrattuale: art. 17, c. 2, CCNL Funzioni Locali 16.11.2022)',
      'content/ormelle/2025/schede/area-finanziaria.md:11: retribuzione di posizione € 4.999,99 sotto il minimo di € 5.000,00 (limite contrattuale: art. 17, c. 2, CCNL Funzioni Locali 16.11.2022)',
    ]);
    expect(errors('ormelle', { ...high('18000'), [FUND_EQ]: sub('importo: 38000', 'importo: 50000') })).toEqual([]);
    expect(errors('ormelle', { ...high('18000.01'), [FUND_EQ]: sub('importo: 38000', 'importo: 50000') })).toEqual([
      'content/ormelle/2025/schede/area-tecnica.md:11: retribuzione di posizione € 18.000,01 oltre il massimo di € 18.000,00 (limite contrattuale: art. 17, c. 2, CCNL Funzioni Locali 16.11.2022)',
    ]);
  });

  it('accepts a result share equal to the contract\'s 15 %, and reports a share below it in ente.yaml', () => {
    const share = (p: string) => ({ 'ente.yaml': sub('  # risultato_percentuale: 20', `  risultato_percentuale: ${p}`) });
    expect(errors('ormelle', share('15'))).toEqual([]);
    const r = ente('ormelle', share('20'));
    expect(r.project!.eq.get(2025)!.pay.get('area-amministrativa')!.result).toBe(237_500);
    expect(messages('ormelle', share('14.99'))).toEqual([
      expect.stringMatching(/^content\/ormelle\/ente\.yaml:44:26: errore: quota di risultato del 14,99% sotto il minimo contrattuale del 15% in vigore il 15\/01\/2025 \(art\. 17, c\. 4, CCNL Funzioni Locali 16\.11\.2022\)\n {2}suggerimento: scrivi almeno 15$/),
    ]);
  });

  it('accepts a written position pay equal to the band\'s, and reports a cent off', () => {
    const written = (amount: string) => ({ [ADMIN]: sub('tipologia: direzione', `tipologia: direzione\nretribuzione_posizione: ${amount}`) });
    expect(errors('ormelle', written('9500'))).toEqual([]);
    expect(errors('ormelle', written('9500.01'))).toEqual([
      'content/ormelle/2025/schede/area-amministrativa.md:10: retribuzione di posizione € 9.500,01 diversa da quella che la graduazione dà per 106 punti (€ 9.500,00)',
    ]);
  });
});

describe('the fund\'s own rules', () => {
  const rule = (to: string) => ({ [FUND]: sub(/regola:\n {2}tipo: importo-fisso\n {2}per_area:\n {4}funzionari-eq: 1800\n {4}istruttori: 1200\n/, to) });
  it('a fixed-amount rule needs an amount, common or per Area', () => {
    expect(messages(FIXED, rule('regola:\n  tipo: importo-fisso\n'))).toEqual([
      'content/esempio-importi-fissi/2025/fondo-2025.md:8:3: errore: importo fisso senza importo\n  suggerimento: scrivi «importo: 1800» o gli importi per area («per_area: { funzionari-eq: 1800 }»)',
    ]);
    expect(errors(FIXED, rule('regola:\n  tipo: importo-fisso\n  importo: 1000\n'))).toEqual([]);
  });
  it('a weighted rule, or a minimum weight, needs the ente\'s criteria', () => {
    expect(errors(FIXED, rule('regola:\n  tipo: proporzionale\n'))).toEqual([
      'content/esempio-importi-fissi/2025/fondo-2025.md:8: la regola «proporzionale» riparte per pesatura, ma l\'ente non pesa le posizioni (nessun criterio in ente.yaml)',
    ]);
    expect(errors(FIXED, { [FUND]: sub('provenienza:', 'pesatura_minima: 60\nprovenienza:') })).toEqual([
      'content/esempio-importi-fissi/2025/fondo-2025.md:6: pesatura minima senza criteri di pesatura in ente.yaml',
    ]);
  });
  it('decorrenza: the last day of the fund\'s year is accepted, the first day of the next is not', () => {
    const from = (date: string) => ({ [FUND]: sub('provenienza:', `decorrenza: ${date}\nprovenienza:`) });
    expect(errors(FIXED, from('2025-12-31'))).toEqual([]);
    expect(errors(FIXED, from('2026-01-01'))).toEqual(['content/esempio-importi-fissi/2025/fondo-2025.md:6: decorrenza 2026-01-01 fuori dall\'anno 2025 del fondo']);
    expect(errors(FIXED, from('2024-12-31'))).toEqual(['content/esempio-importi-fissi/2025/fondo-2025.md:6: decorrenza 2024-12-31 fuori dall\'anno 2025 del fondo']);
  });
  it('rounding: a step equal to the fund is accepted, one cent more is not', () => {
    const step = (amount: string) => ({ [FUND]: sub('provenienza:', `arrotondamento: ${amount}\nprovenienza:`) });
    expect(errors(FIXED, { ...step('6000') }).filter((e) => e.includes('arrotondamento'))).toEqual([]);
    expect(errors(FIXED, step('6000.01'))).toContain('content/esempio-importi-fissi/2025/fondo-2025.md:6: l\'arrotondamento supera il fondo');
  });
  it('the EQ fund\'s decorrenza: inside its year accepted, outside reported', () => {
    const from = (date: string) => ({ '2025/fondo-eq-2025.md': sub('provenienza:', `decorrenza: ${date}\nprovenienza:`) });
    expect(errors('ormelle', from('2025-01-01'))).toEqual([]);
    expect(errors('ormelle', from('2026-01-01'))).toEqual(['content/ormelle/2025/fondo-eq-2025.md:7: decorrenza 2026-01-01 fuori dall\'anno 2025 del fondo']);
  });
});

describe('what the prospetto and the CSV show (the kinds\' view and table)', () => {
  const docOf = (r: ReturnType<typeof ente>, id: string) => r.project!.docs.find((d) => d.data.id === id)!;
  it('fixed amounts: the rule per Area, no weights, the ente\'s lower limits, totals and remainder', () => {
    const r = ente(FIXED);
    const fund = docOf(r, 'fondo-2025');
    const view = fund.kind.view(fund, r.project!) as Record<string, unknown>;
    expect(view).toMatchObject({
      id: 'fondo-2025',
      anno: 2025,
      pesata: false,
      importo: 600_000,
      regola: { per_punto: null, proporzionale: false, fasce: null, importo_fisso: { importo: null, per_area: [{ area: 'Area dei Funzionari e dell\'Elevata Qualificazione', importo: 180_000 }, { area: 'Area degli Istruttori', importo: 120_000 }] } },
      arrotondamento: null,
      pesatura_minima: null,
      massimo: null,
      totale: 420_000,
      residuo: 180_000,
    });
    expect((view.posizioni as { pesatura: unknown; indennita: number; limitata: boolean }[]).map((p) => [p.pesatura, p.indennita, p.limitata])).toEqual([[null, 180_000, false], [null, 120_000, false], [null, 120_000, false]]);
    expect((view.limiti as { importo: number }[]).map((l) => l.importo).sort()).toEqual([150_000, 250_000]);
    const table = fund.kind.table!(fund, r.project!);
    expect(table.header).toEqual(['Anno', 'Id', 'Settore', 'Ufficio', 'Posizione', 'Indennità per specifiche responsabilità']);
    expect(table.rows[0]).toEqual(['2025', 'coordinamento-ufficio-tecnico', 'Tecnico', 'Lavori pubblici e manutenzioni', 'Coordinamento dell\'ufficio lavori pubblici', { cents: 180_000 }]);
  });

  it('weighted rules: the weight column, per point, bands, rounding, minimum and maximum as written', () => {
    const r = ente('capannori', { '2024/fondo-2024.md': sub('  euro_per_punto: 50\n', '  euro_per_punto: 50\narrotondamento: 50\npesatura_minima: 70\nmassimo: 2200\n') });
    const fund = docOf(r, 'fondo-2024');
    const view = fund.kind.view(fund, r.project!) as Record<string, unknown>;
    expect(view).toMatchObject({ pesata: true, regola: { per_punto: { soglia: 60, euro_per_punto: 5_000 }, proporzionale: false, fasce: null, importo_fisso: null }, arrotondamento: 5_000, pesatura_minima: 70, massimo: 220_000 });
    expect((view.posizioni as { pesatura: number; indennita: number }[]).map((p) => [p.pesatura, p.indennita])).toEqual([[106, 220_000], [106, 220_000], [91, 155_000], [100, 200_000], [93, 165_000]]);
    const table = fund.kind.table!(fund, r.project!);
    expect(table.header).toContain('Pesatura');
    expect(table.rows.map((row) => row[5])).toEqual(['106', '106', '91', '100', '93']);
    const bands = ente('capannori', { '2024/fondo-2024.md': sub(/ {2}tipo: per-punto\n {2}soglia: 60\n {2}euro_per_punto: 50\n/, '  tipo: fasce\n  fasce:\n    - { da: 0, a: 99, importo: 1000 }\n    - { da: 100, a: 200, importo: 2000 }\n') });
    const bandsView = docOf(bands, 'fondo-2024').kind.view(docOf(bands, 'fondo-2024'), bands.project!) as { regola: unknown; posizioni: { indennita: number }[] };
    expect(bandsView.regola).toMatchObject({ fasce: [{ da: 0, a: 99, importo: 100_000 }, { da: 100, a: 200, importo: 200_000 }], per_punto: null });
    expect(bandsView.posizioni.map((p) => p.indennita)).toEqual([200_000, 200_000, 100_000, 200_000, 100_000]);
    const prop = ente('capannori', { '2024/fondo-2024.md': sub(/ {2}tipo: per-punto\n {2}soglia: 60\n {2}euro_per_punto: 50\n/, '  tipo: proporzionale\nmassimo: 2000\n') });
    const propView = docOf(prop, 'fondo-2024').kind.view(docOf(prop, 'fondo-2024'), prop.project!) as { regola: unknown; posizioni: { indennita: number; limitata: boolean }[] };
    expect(propView.regola).toMatchObject({ proporzionale: true });
    // 9.800 over 496 points with at most 2.000 each: 106, 106 and then 100 (2.042 of what is left) are cut.
    expect(propView.posizioni.map((p) => p.limitata)).toEqual([true, true, false, true, false]);
  });

  it('EQ: position, result and their totals per assignment, the result share written the Italian way', () => {
    const r = ente('ormelle', { 'ente.yaml': sub('  # risultato_percentuale: 20', '  risultato_percentuale: 17.5') });
    const fund = docOf(r, 'fondo-eq-2025');
    const view = fund.kind.view(fund, r.project!) as Record<string, unknown>;
    const pay = r.project!.eq.get(2025)!.pay;
    const results = [...pay.values()].map((p) => p.result);
    expect(view).toMatchObject({ id: 'fondo-eq-2025', anno: 2025, importo: 3_800_000, totale_posizione: 3_190_000, totale_risultato: results.reduce((s, x) => s + x, 0), percentuale_risultato: '17,5' });
    expect(view.totale).toBe(3_190_000 + results.reduce((s, x) => s + x, 0));
    expect(view.residuo).toBe(3_800_000 - (view.totale as number));
    expect((view.incarichi as { posizione: number; risultato: number; totale: number }[])[2]).toEqual({ settore: 'Area Tecnica', titolo: 'Responsabile dell\'Area Tecnica', posizione: 1_290_000, risultato: results[2], totale: 1_290_000 + results[2]! });
    const table = fund.kind.table!(fund, r.project!);
    expect(table.header).toEqual(['Anno', 'Id', 'Settore', 'Incarico', 'Retribuzione di posizione', 'Retribuzione di risultato']);
    expect(table.rows[0]).toEqual(['2025', 'area-amministrativa', 'Area Amministrativa', 'Responsabile dell\'Area Amministrativa', { cents: 950_000 }, { cents: results[0] }]);
    expect(fund.kind.date!(fund)).toBe('2025-01-01');
    expect(fund.kind.outputName(fund)).toBe('prospetto-eq-2025');
  });
});

const FUND_EQ_FILE = '2025/fondo-eq-2025.md';

describe('EQ: every path of the position pay', () => {
  const ADMIN = '2025/schede/area-amministrativa.md';
  const TECNICA = '2025/schede/area-tecnica.md';
  const BANDS = /  retribuzione:\n    tipo: fasce\n    fasce:\n(?:      - .*\n)+/;
  const payOf = (r: ReturnType<typeof ente>, id: string) => r.project!.eq.get(2025)!.pay.get(id);

  it('a second EQ fund for the year is reported on it', () => {
    const second = '---\ntipo: fondo-eq\nid: fondo-eq-bis\nanno: 2025\nimporto: 1\nprovenienza: prova\n---\n';
    expect(errors('ormelle', {}, { 'extra/fondo-eq-bis.md': second })).toEqual(['content/ormelle/extra/fondo-eq-bis.md:4: secondo fondo EQ per l\'anno 2025 (c\'è già content/ormelle/2025/fondo-eq-2025.md)']);
  });

  it('an Area the contract does not admit to EQ is reported at «aree»; with fascia_ridotta the reduced band applies', () => {
    const OPEN = { '2025/avviso-eq-2025.md': sub('aree: [funzionari-eq]', 'aree: [funzionari-eq, istruttori]') };
    const NOT = "la retribuzione di posizione non spetta al personale dell'Area degli Istruttori secondo art. 17, c. 2, CCNL Funzioni Locali 16.11.2022";
    // A card without «aree» is open to the Areas of the notice that attaches it: here Istruttori too.
    const istruttori = { ...OPEN, [ADMIN]: sub('tipologia: direzione', 'tipologia: direzione\naree: [istruttori]') };
    expect(errors('ormelle', istruttori)).toEqual([
      `content/ormelle/2025/schede/area-amministrativa.md:10: ${NOT}`,
      `content/ormelle/2025/schede/area-finanziaria.md:6: ${NOT}`,
      `content/ormelle/2025/schede/area-tecnica.md:6: ${NOT}`,
    ]);
    const NOTICE = { ...OPEN, [ADMIN]: sub('tipologia: direzione', 'tipologia: direzione\naree: [funzionari-eq]'), '2025/schede/area-finanziaria.md': sub('tipologia: direzione', 'tipologia: direzione\naree: [funzionari-eq]'), [TECNICA]: sub('tipologia: direzione', 'tipologia: direzione\naree: [funzionari-eq]') };
    const reduced = { ...NOTICE, [ADMIN]: sub('tipologia: direzione', 'tipologia: direzione\naree: [istruttori]\nfascia_ridotta: true') };
    expect(errors('ormelle', reduced)).toEqual([]);
    expect(payOf(ente('ormelle', reduced), 'area-amministrativa')!.cap).toBe(950_000);
    // 12.900 in the reduced band (at most 9.500): over its maximum, with no hint (the band is the contract's).
    const over = ente('ormelle', { ...NOTICE, [TECNICA]: sub('tipologia: direzione', 'tipologia: direzione\naree: [istruttori]\nfascia_ridotta: true') }).diagnostics;
    expect(over.map((d) => [plain(d.message), d.hint])).toEqual([
      ['retribuzione di posizione € 12.900,00 oltre il massimo di € 9.500,00 (limite contrattuale: art. 17, c. 3, CCNL Funzioni Locali 16.11.2022)', undefined],
    ]);
  });

  it('over the ordinary maximum the hint points at the graduation', () => {
    const high = { 'ente.yaml': sub('{ da: 121, a: 130, importo: 12900 }', '{ da: 121, a: 130, importo: 18000.01 }'), [FUND_EQ_FILE]: sub('importo: 38000', 'importo: 60000') };
    expect(ente('ormelle', high).diagnostics.map((d) => d.hint)).toEqual(['rivedi la graduazione o la regola in ente.yaml']);
  });

  it('the linear rule: the threshold, the rounding step, and a score below it', () => {
    const linear = (extra = '') => ({ 'ente.yaml': sub(BANDS, `  retribuzione:\n    tipo: lineare\n    punteggio_minimo: 60\n    minimo: 5000\n    massimo: 16000\n${extra}`) });
    // 106 of 130 points: 5.000 + 11.000 × 46/70 = 12.228,5714… → 12.228,57; to 50 €: 12.200,00.
    expect(payOf(ente('ormelle', linear()), 'area-amministrativa')!.position).toBe(1_222_857);
    expect(payOf(ente('ormelle', linear('  arrotondamento: 50\n')), 'area-amministrativa')!.position).toBe(1_220_000);
    // 21 + 38 + responsabilità: 1 point gives 60 (the threshold, the minimum); 0 gives 59 (refused).
    const scored = (points: number) => ({ ...linear(), [ADMIN]: (t: string) => sub('collocazione: 32', 'collocazione: 21')(sub('responsabilita: 36', `responsabilita: ${points}`)(t)) });
    expect(payOf(ente('ormelle', scored(1)), 'area-amministrativa')!.position).toBe(500_000);
    expect(errors('ormelle', scored(0))).toEqual(['content/ormelle/2025/schede/area-amministrativa.md:11: 59 punti: sotto il punteggio minimo di 60 per un incarico di Elevata Qualificazione']);
  });

  it('a score no band covers is reported at «punteggi»', () => {
    const gap = { 'ente.yaml': sub('      - { da: 101, a: 110, importo: 9500 }\n', '') };
    expect(errors('ormelle', gap)).toEqual([
      'content/ormelle/2025/schede/area-amministrativa.md:11: 106 punti: nessuna fascia di eq.retribuzione in ente.yaml li comprende',
      'content/ormelle/2025/schede/area-finanziaria.md:11: 102 punti: nessuna fascia di eq.retribuzione in ente.yaml li comprende',
    ]);
  });

  it('without a rule in ente.yaml each card states its amount, checked against the contract', () => {
    const stated = { 'ente.yaml': sub(BANDS, ''), [ADMIN]: sub('tipologia: direzione', 'tipologia: direzione\nretribuzione_posizione: 7000'), [TECNICA]: sub('tipologia: direzione', 'tipologia: direzione\nretribuzione_posizione: 4999.99'), '2025/schede/area-finanziaria.md': sub('tipologia: direzione', 'tipologia: direzione\nretribuzione_posizione: 18000') };
    expect(errors('ormelle', stated)).toEqual(['content/ormelle/2025/schede/area-tecnica.md:10: retribuzione di posizione € 4.999,99 sotto il minimo di € 5.000,00 (limite contrattuale: art. 17, c. 2, CCNL Funzioni Locali 16.11.2022)']);
    expect(payOf(ente('ormelle', stated), 'area-amministrativa')).toMatchObject({ position: 700_000, band: undefined });
  });

  it('the result share is reported once in ente.yaml, not once per card', () => {
    const ds = ente('ormelle', { 'ente.yaml': sub('  # risultato_percentuale: 20', '  risultato_percentuale: 10') }).diagnostics;
    expect(ds.map((d) => d.file)).toEqual(['content/ormelle/ente.yaml']);
    expect(payOf(ente('ormelle', { 'ente.yaml': sub('  # risultato_percentuale: 20', '  risultato_percentuale: 10') }), 'area-amministrativa')!.result).toBe(105_556);
  });

  it('an EQ fund with no assignment: an empty share, the whole fund left', () => {
    const r = ente('ormelle', { [ADMIN]: null, [TECNICA]: null, '2025/schede/area-finanziaria.md': null, '2025/avviso-eq-2025.md': null });
    expect(r.diagnostics.filter((d) => d.severity === 'errore')).toEqual([]);
    expect(r.project!.eq.get(2025)).toMatchObject({ cards: [], total: 0 });
  });
});

describe('specific responsibilities: where each position\'s maximum comes from', () => {
  const NOTICE = '2024/avviso-servizi-al-cittadino.md';
  const CIVIL = '2024/schede/coordinamento-stato-civile.md';
  const FUND24 = '2024/fondo-2024.md';
  const chain = (...edits: ((t: string) => string)[]) => (t: string) => edits.reduce((x, e) => e(x), t);
  // 100 € a point over 60 and a fund large enough: 106 points give € 4.600, 91 give € 3.100.
  const rich = { [FUND24]: chain(sub('euro_per_punto: 50', 'euro_per_punto: 100'), sub('importo: 9800', 'importo: 50000')) };

  it('a card without «aree» takes the notice\'s Areas, the lowest maximum binds, reported at «punteggi»', () => {
    const ds = ente('capannori', rich).diagnostics.filter((d) => d.severity === 'errore');
    expect(ds.map((d) => `${d.file}: ${plain(d.message)}`)).toEqual([
      ...[['coordinamento-urp-sportelli-anagrafe', '4.600,00'], ['coordinamento-amministrativo-contabile-elettorale', '4.600,00'], ['coordinamento-stato-civile', '3.100,00'], ['politiche-giovanili-polo-artemisia', '4.000,00'], ['coordinamento-polo-tecnologico', '3.300,00']].map(
        ([id, euro]) => `content/capannori/2024/schede/${id}.md: indennità € ${euro} oltre il massimo di € 3.000,00 per una posizione aperta al personale dell'Area dei Funzionari e dell'Elevata Qualificazione e dell'Area degli Istruttori (limite contrattuale: art. 84, c. 1, CCNL Funzioni Locali 16.11.2022)`,
      ),
    ]);
    expect(ds[0]!.hint).toBe('imposta "massimo" nel fondo content/capannori/2024/fondo-2024.md o cambia la regola di riparto');
    const civil = ds.find((d) => d.file.endsWith('coordinamento-stato-civile.md'))!;
    expect(civil.line).toBe(readCivil().split('\n').findIndex((l) => l.startsWith('punteggi:')) + 2);
    // Reserved to the Funzionari by the card: their € 4.000; a card at exactly € 4.000 passes.
    const own = ente('capannori', { ...rich, [CIVIL]: sub('anno: 2024', 'anno: 2024\naree: [funzionari-eq]') }).diagnostics.filter((d) => d.file.endsWith('coordinamento-stato-civile.md'));
    expect(own).toEqual([]);
  });

  // The Valle del Savio trial (fascia-oltre-tetto): an ente limit of € 3.000 with a notice open to Funzionari and
  // Istruttori printed «limite contrattuale € 4.000,00», the Funzionari's figure, on cards, prospetto and message.
  it('an ente limit with a notice open to two Areas: the contractual figure cited is the lower one', () => {
    const withLimit = (euro: string) => ({ ...rich, 'ente.yaml': (t: string) => `${t}\nlimiti:\n  - { voce: specifiche-responsabilita, massimo: ${euro}, atto: "CCDI 2024, art. 9" }\n` });
    const civilOf = (r: ReturnType<typeof ente>) => r.diagnostics.find((d) => d.file.endsWith('coordinamento-stato-civile.md'))!;
    const cardView = (r: ReturnType<typeof ente>) => {
      const card = r.project!.docs.find((d) => d.data.id === 'coordinamento-stato-civile')!;
      return (card.kind.view(card, r.project!) as { massimo: { importo: number; fonte: string } }).massimo;
    };
    const contract = 'limite contrattuale: art. 84, c. 1, CCNL Funzioni Locali 16.11.2022';
    // Equal to the lower contractual figure: the contract's maximum, cited as such.
    const equal = ente('capannori', withLimit('3000'));
    expect(plain(civilOf(equal).message)).toBe(`indennità € 3.100,00 oltre il massimo di € 3.000,00 per una posizione aperta al personale dell'Area dei Funzionari e dell'Elevata Qualificazione e dell'Area degli Istruttori (${contract})`);
    const low = ente('capannori', { ...withLimit('3000'), [FUND24]: sub('importo: 9800', 'importo: 50000') });
    expect(low.diagnostics.filter((d) => d.severity === 'errore')).toEqual([]);
    expect(cardView(low)).toEqual({ importo: 300_000, fonte: contract });
    // One cent lower: the ente's act binds, beside the € 3.000 of the contract (never the Funzionari's € 4.000).
    const below = ente('capannori', withLimit('2999.99'));
    expect(plain(civilOf(below).message)).toBe("indennità € 3.100,00 oltre il massimo di € 2.999,99 per una posizione aperta al personale dell'Area dei Funzionari e dell'Elevata Qualificazione e dell'Area degli Istruttori (limite dell'ente: CCDI 2024, art. 9; limite contrattuale € 3.000,00, art. 84, c. 1, CCNL Funzioni Locali 16.11.2022)");
    const fund = below.project!.docs.find((d) => d.data.id === 'fondo-2024')!;
    expect((fund.kind.view(fund, below.project!) as { limiti: { fonte: string }[] }).limiti.map((l) => plain(l.fonte))).toEqual(["limite dell'ente: CCDI 2024, art. 9; limite contrattuale € 3.000,00, art. 84, c. 1, CCNL Funzioni Locali 16.11.2022"]);
  });

  it('a notice open to the Funzionari only: € 4.000 for its cards, exactly € 4.000 accepted', () => {
    const ds = ente('capannori', { ...rich, [NOTICE]: sub(/^aree: \[funzionari-eq, istruttori\].*$/m, 'aree: [funzionari-eq]') }).diagnostics.filter((d) => d.severity === 'errore');
    expect(ds.map((d) => d.file.split('/').pop())).toEqual(['coordinamento-urp-sportelli-anagrafe.md', 'coordinamento-amministrativo-contabile-elettorale.md']);
    expect(plain(ds[0]!.message)).toContain('oltre il massimo di € 4.000,00 per una posizione aperta al personale dell\'Area dei Funzionari e dell\'Elevata Qualificazione (');
  });

  it('a case the contract no longer has: reported at «caso»', () => {
    const ds = errors('capannori', { [CIVIL]: sub('anno: 2024', 'anno: 2024\ncaso: c2') });
    expect(ds).toEqual(['content/capannori/2024/schede/coordinamento-stato-civile.md:5: il caso «c2» non è più previsto dal 17/11/2022 (art. 84, c. 1, CCNL Funzioni Locali 16.11.2022): le fattispecie del c. 2 rientrano ora nel c. 1, con il massimo ordinario']);
  });

  it('positions are shared and listed in the order the notice attaches them', () => {
    const ids = (r: ReturnType<typeof ente>) => r.project!.allocations.get(2024)!.cards.map((c) => c.data.id);
    const listed = ['coordinamento-urp-sportelli-anagrafe', 'coordinamento-amministrativo-contabile-elettorale', 'coordinamento-stato-civile', 'politiche-giovanili-polo-artemisia', 'coordinamento-polo-tecnologico'];
    expect(ids(ente('capannori'))).toEqual(listed);
    const reversed = ente('capannori', { [NOTICE]: sub(listed.map((id) => `  - ${id}\n`).join(''), [...listed].reverse().map((id) => `  - ${id}\n`).join('')) });
    expect(ids(reversed)).toEqual([...listed].reverse());
    expect([...reversed.project!.allocations.get(2024)!.allocation.pay.keys()]).toEqual([...listed].reverse());
  });
});

describe('the position\'s date and Areas (pure)', () => {
  const notice = (schede: string[], extra: Partial<{ data: string; aree: string[] }> = {}) => ({ data: { schede, aree: ['istruttori'], ...extra } }) as unknown as Parameters<typeof positionDate>[1][number];
  it('the date of the notice that attaches the card and has a date; else the fund\'s decorrenza; else 1 January', () => {
    const card = { id: 'a', anno: 2024 };
    expect(positionDate(card, [notice(['b'], { data: '2024-03-01' }), notice(['a']), notice(['a'], { data: '2024-05-02' })], '2024-02-01')).toBe('2024-05-02');
    expect(positionDate(card, [notice(['b'], { data: '2024-03-01' }), notice(['a'])], '2024-02-01')).toBe('2024-02-01');
    expect(positionDate(card, [notice(['b'], { data: '2024-03-01' })])).toBe('2024-01-01');
  });
  it('the card\'s own Areas first; else those of every notice attaching it, once each', () => {
    expect(positionAreas({ id: 'a', aree: ['D'] }, [notice(['a'])])).toEqual(['funzionari-eq']);
    expect(positionAreas({ id: 'a' }, [notice(['a']), notice(['b'], { aree: ['operatori'] }), notice(['a'], { aree: ['funzionari-eq', 'istruttori'] })])).toEqual(['istruttori', 'funzionari-eq']);
    expect(positionAreas({ id: 'a' }, [notice(['b'])])).toEqual([]);
  });
});

describe('hints and places of the fund diagnostics', () => {
  const hintOf = (name: string, edits: Edits, added: Record<string, string> = {}) => ente(name, edits, added).diagnostics.filter((d) => d.severity === 'errore').map((d) => d.hint);
  it('each fund error says what to do', () => {
    expect(hintOf(FIXED, { [TECH]: sub('aree: [funzionari-eq]', 'aree: [funzionari-eq, istruttori]') })).toEqual(['indica nella scheda l\'area a cui è riservata («aree: [...]»)']);
    expect(hintOf(FIXED, {}, { 'extra/fondo-bis.md': '---\ntipo: fondo\nid: fondo-bis\nanno: 2025\nimporto: 100\nprovenienza: prova\nregola:\n  tipo: importo-fisso\n  importo: 10\n---\n' })).toEqual(['un solo fondo per anno: le posizioni di un anno si ripartiscono insieme']);
    // The ente's folder and the command that starts the fund; without a known ente.yaml, the general hint.
    expect(hintOf(FIXED, { [FUND]: null })[0]).toBe('crealo con "albo nuovo fondo fondo-2025 --ente esempio-importi-fissi --anno 2025" (scrive content/esempio-importi-fissi/2025/fondo-2025.md), poi scrivi importo e regola di riparto');
    expect(missingFundHint(2025, undefined)).toBe('aggiungi in content/ un file con "tipo: fondo" e "anno: 2025" (vedi README)');
    expect(hintOf(FIXED, { [FUND]: sub('importo: 6000', 'importo: 100') })).toEqual(['aumenta il fondo, cambia la regola (es. "proporzionale") o rivedi le pesature']);
    expect(hintOf(FIXED, { [TAX]: sub('aree: [istruttori]', 'aree: [istruttori]\nretribuzione: 1') })).toEqual(['l\'indennità si calcola dal fondo: puoi togliere il campo']);
    expect(ente(FIXED, { [FUND]: sub(/regola:\n {2}tipo: importo-fisso\n {2}per_area:\n {4}funzionari-eq: 1800\n {4}istruttori: 1200\n/, 'regola:\n  tipo: proporzionale\npesatura_minima: 1\n') }).diagnostics.map((d) => d.hint)).toEqual(['usa «tipo: importo-fisso», o aggiungi i criteri di pesatura in ente.yaml', 'togli il campo']);
  });
  it('a one-figure ente limit above the contract names no Area', () => {
    const ds = ente(FIXED, { 'ente.yaml': sub('massimo: { funzionari-eq: 2500, istruttori: 1500 }', 'massimo: 4000.01') }).diagnostics;
    expect(ds.map((d) => plain(d.message))).toEqual(['il limite dell\'ente (€ 4.000,01) supera il massimo contrattuale di € 4.000,00 (art. 84, c. 1, CCNL Funzioni Locali 16.11.2022)']);
  });
  it('a card whose Area has no fixed amount is reported at «aree», one with no Area at «id»', () => {
    const missing = ente(FIXED, { [FUND]: sub('    istruttori: 1200\n', '') }).diagnostics;
    expect(missing.map((d) => d.line)).toEqual([9, 9]);
    // Not attached to any notice and with no «aree» of its own: open to no Area.
    const noArea = ente(FIXED, { [TECH]: sub('aree: [funzionari-eq]\n', ''), '2025/avviso-2025.md': sub('  - coordinamento-ufficio-tecnico\n', '') });
    expect(noArea.diagnostics.map((d) => [d.file, d.line, d.message, d.hint])).toEqual([
      [`content/esempio-importi-fissi/${TECH}`, 3, 'la posizione non è aperta a nessuna area e il fondo fissa importi solo per area', 'indica le aree nella scheda («aree: [funzionari-eq]») o allega la scheda a un avviso'],
    ]);
  });
  it('EQ errors say what to do, and a reduced-band card outside its Areas is reported at «fascia_ridotta»', () => {
    const ADMIN = '2025/schede/area-amministrativa.md';
    expect(hintOf('ormelle', { '2025/fondo-eq-2025.md': sub('importo: 38000', 'importo: 100') })).toEqual(['aumenta il fondo o rivedi le graduazioni']);
    expect(hintOf('ormelle', {}, { 'extra/bis.md': '---\ntipo: fondo-eq\nid: bis\nanno: 2025\nimporto: 1\nprovenienza: prova\n---\n' })).toEqual(['un solo fondo EQ per anno']);
    expect(hintOf('ormelle', { 'ente.yaml': sub('      - { da: 101, a: 110, importo: 9500 }\n', '') })[0]).toBe('le fasce devono coprire ogni punteggio possibile');
    const linearLow = { 'ente.yaml': sub(/  retribuzione:\n    tipo: fasce\n    fasce:\n(?:      - .*\n)+/, '  retribuzione:\n    tipo: lineare\n    punteggio_minimo: 120\n    minimo: 5000\n    massimo: 16000\n') };
    expect(hintOf('ormelle', linearLow)).toEqual(['rivedi la graduazione: sotto il minimo l\'incarico non si conferisce', 'rivedi la graduazione: sotto il minimo l\'incarico non si conferisce']);
    expect(hintOf('ormelle', { [ADMIN]: sub('tipologia: direzione', 'tipologia: direzione\nretribuzione_posizione: 1') })).toEqual(['la retribuzione si calcola dal punteggio: puoi togliere il campo']);
    expect(hintOf('ormelle', { 'ente.yaml': sub('{ da: 101, a: 110, importo: 9500 }', '{ da: 101, a: 110, importo: 4000 }') })).toEqual(['nei casi dell\'art. 16, c. 4 scrivi «fascia_ridotta: true»', 'nei casi dell\'art. 16, c. 4 scrivi «fascia_ridotta: true»']);
    const ridotta = ente('ormelle', { [ADMIN]: sub('tipologia: direzione', 'tipologia: direzione\nfascia_ridotta: true') }).diagnostics;
    expect(ridotta.map((d) => [d.line, plain(d.message)])).toEqual([[10, 'la retribuzione di posizione non spetta al personale dell\'Area dei Funzionari e dell\'Elevata Qualificazione secondo art. 17, c. 3, CCNL Funzioni Locali 16.11.2022']]);
  });
});

describe('EQ result share with other rulebooks (allocateEq)', () => {
  it('no result rule in force, or an abrogated one: no minimum share, no result pay unless ente.yaml sets one', () => {
    const r = ente('ormelle');
    const p = r.project!;
    const notices = p.docs.filter((d) => d.kind.tipo === 'avviso') as Parameters<typeof allocateEq>[2];
    const full = defaultRulebook();
    const without = { ...full, rules: full.rules.filter((x) => x.voce !== 'eq-risultato') };
    const abrogated = { ...full, rules: full.rules.map((x) => (x.voce === 'eq-risultato' ? { ...x, abrogata: true } : x)) };
    for (const book of [without, abrogated]) {
      const eq = allocateEq(p.config, p.docs, notices, undefined, book);
      expect(eq.diagnostics).toEqual([]);
      expect([...eq.shares.get(2025)!.pay.values()].map((x) => [x.result, x.percent])).toEqual([[0, 0], [0, 0], [0, 0]]);
    }
    const config = { ...p.config, eq: { ...p.config.eq!, risultato_percentuale: 10 } };
    expect(allocateEq(config, p.docs, notices, undefined, without).shares.get(2025)!.pay.get('area-amministrativa')!.result).toBe(105_556);
  });
});

describe('the fund\'s view without positions, and its dates', () => {
  const spare = { 'extra/fondo-2026.md': '---\ntipo: fondo\nid: fondo-2026\nanno: 2026\nimporto: 5000\nprovenienza: prova\ndecorrenza: 2026-03-01\nregola:\n  tipo: importo-fisso\n  importo: 1000\n---\n' };
  it('a fund whose year has no card: no rows, nothing allocated, the whole fund left', () => {
    const r = ente(FIXED, {}, spare);
    const fund = r.project!.docs.find((d) => d.data.id === 'fondo-2026')!;
    expect(fund.kind.view(fund, r.project!)).toMatchObject({ posizioni: [], limiti: [], totale: 0, residuo: 500_000, regola: { importo_fisso: { importo: 100_000, per_area: [] } } });
    expect(fund.kind.table!(fund, r.project!).rows).toEqual([]);
    expect([fund.kind.date!(fund), fund.kind.outputName(fund)]).toEqual(['2026-03-01', 'prospetto-riparto-2026']);
    const shipped = r.project!.docs.find((d) => d.data.id === 'fondo-2025')!;
    expect(shipped.kind.date!(shipped)).toBe('2025-01-01');
  });
  it('rounding 0 is refused, the smallest positive step accepted; bands are checked', () => {
    expect(errors(FIXED, { [FUND]: sub('provenienza:', 'arrotondamento: 0\nprovenienza:') })).toEqual(['content/esempio-importi-fissi/2025/fondo-2025.md:6: «arrotondamento»: deve essere maggiore di zero']);
    expect(errors(FIXED, { [FUND]: sub('provenienza:', 'arrotondamento: 0.01\nprovenienza:') })).toEqual([]);
    const bands = (fasce: string) => ({ '2024/fondo-2024.md': sub(/ {2}tipo: per-punto\n {2}soglia: 60\n {2}euro_per_punto: 50\n/, `  tipo: fasce\n  fasce:\n${fasce}`) });
    expect(errors('capannori', bands('    - { da: 0, a: 200, importo: 1000 }\n')).filter((e) => e.includes('fascia'))).toEqual([]);
    expect(errors('capannori', bands('    - { da: 200, a: 0, importo: 1000 }\n')).filter((e) => e.includes('fascia'))).toEqual(['content/capannori/2024/fondo-2024.md:13: fascia 200–0: l\'inizio supera la fine']);
  });
});

describe('years and rounding', () => {
  it('each year is shared on its own, years in order, whatever the order of the files', () => {
    const card2026 = readFileSync(path.join(CONTENT, FIXED, TAX), 'utf8').replace('id: responsabile-procedimenti-tributi', 'id: tributi-2026').replace('anno: 2025', 'anno: 2026');
    const fund2026 = '---\ntipo: fondo\nid: fondo-2026\nanno: 2026\nimporto: 5000\nprovenienza: prova\nregola:\n  tipo: importo-fisso\n  importo: 1000\n---\n';
    // «0-…» sorts before «2025/»: the 2026 files are read first.
    const r = ente(FIXED, {}, { '0-anno-2026/fondo-2026.md': fund2026, '0-anno-2026/tributi-2026.md': card2026 });
    expect(r.diagnostics.filter((d) => d.severity === 'errore')).toEqual([]);
    expect([...r.project!.allocations.keys()]).toEqual([2025, 2026]);
    expect([...r.project!.allocations.get(2026)!.allocation.pay]).toEqual([['tributi-2026', 100_000]]);
    expect(r.project!.allocations.get(2025)!.cards.map((c) => c.data.id)).toEqual(['coordinamento-ufficio-tecnico', 'responsabile-procedimenti-tributi', 'ufficiale-stato-civile-anagrafe']);
  });
  it('a year before any contract: the missing rule is reported at the card\'s «aree», or at «anno» without them', () => {
    const fund2010 = '---\ntipo: fondo\nid: fondo-2010\nanno: 2010\nimporto: 5000\nprovenienza: prova\nregola:\n  tipo: importo-fisso\n  importo: 1000\n---\n';
    const card = (aree: string) => readFileSync(path.join(CONTENT, FIXED, TAX), 'utf8').replace('id: responsabile-procedimenti-tributi', 'id: tributi-2010').replace('anno: 2025', 'anno: 2010').replace('aree: [istruttori]\n', aree);
    const at = (aree: string) => ente(FIXED, {}, { 'vecchio/fondo-2010.md': fund2010, 'vecchio/tributi-2010.md': card(aree) }).diagnostics.filter((d) => d.file.endsWith('tributi-2010.md')).map((d) => [d.line, d.message]);
    const message = "nessuna regola contrattuale per l'indennità per specifiche responsabilità in vigore il 01/01/2010";
    expect(at('aree: [istruttori]\n')).toEqual([[9, message]]);
    expect(at('')).toEqual([[4, message]]);
  });
  it('the fund\'s rounding step applies to weighted amounts: € 2.300 to 1.000 € is € 2.000', () => {
    const r = ente('capannori', { '2024/fondo-2024.md': sub('  euro_per_punto: 50\n', '  euro_per_punto: 50\narrotondamento: 1000\n') });
    expect([...r.project!.allocations.get(2024)!.allocation.pay.values()]).toEqual([200_000, 200_000, 100_000, 200_000, 100_000]);
  });
  it('a fixed amount over the limit is reported at the card\'s «id» (no scores to point at)', () => {
    const over = ente(FIXED, { [FUND]: sub('funzionari-eq: 1800', 'funzionari-eq: 2500.01') }).diagnostics;
    expect(over.map((d) => [d.file, d.line])).toEqual([[`content/esempio-importi-fissi/${TECH}`, 3]]);
  });
});
