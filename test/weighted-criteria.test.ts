import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allocate, type FundTerms } from '../src/compute/allocate.js';
import { weightedHundredths } from '../src/compute/weight.js';
import { formatDiagnostic } from '../src/diagnostics.js';
import { KINDS } from '../src/kinds/index.js';
import { configSchema } from '../src/config.js';
import { cardWeight, weightRange, type Scheda } from '../src/kinds/scheda.js';
import { skeleton } from '../src/new/skeleton.js';
import { compileTemplate } from '../src/render/template.js';
import { kindJsonSchema } from '../src/schemas/generate.js';
import { ente, type Edits } from './helpers/ente.js';
import { ROOT } from './helpers/seed.js';

// Criteria of specific responsibilities with a weight each (ente.yaml «criteri[].peso»): the card's weight
// is Σ score × peso, in hundredths of a point; without weights, the plain sum as before.

const plain = (s: string) => s.replace(/\u00a0/g, ' ');
const sub = (from: string | RegExp, to: string) => (t: string) => {
  const out = t.replace(from, to);
  if (out === t) throw new Error(`edit did not apply: ${String(from)}`);
  return out;
};
const chain = (...edits: ((t: string) => string)[]) => (t: string) => edits.reduce((x, e) => e(x), t);
const CIVIL = '2024/schede/coordinamento-stato-civile.md';
const FUND = '2024/fondo-2024.md';
/** Capannori's five criteria (competenze, complessita_organizzativa, autonomia, rapporti, contesto) with these weights. */
const weights = (...pesi: (string | null)[]) => {
  const ids = ['competenze', 'complessita_organizzativa', 'autonomia', 'rapporti', 'contesto'];
  return chain(...ids.flatMap((id, i) => (pesi[i] === null ? [] : [sub(`  - id: ${id}\n`, `  - id: ${id}\n    peso: ${pesi[i]}\n`)])));
};
const civilOf = (r: ReturnType<typeof ente>) => r.project!.docs.find((d) => d.data.id === 'coordinamento-stato-civile')!;
const weightOf = (r: ReturnType<typeof ente>, id = 'coordinamento-stato-civile') => r.project!.allocations.get(2024)!.weights.get(id);
const messages = (r: ReturnType<typeof ente>) => r.diagnostics.map((d) => plain(formatDiagnostic(d)));

describe('the weight in hundredths of a point', () => {
  it('integers only: 1 × 0,1 + 1 × 0,2 is 0,3, not 0,30000000000000004', () => {
    expect(weightedHundredths([{ score: 1, factor: 10 }, { score: 1, factor: 20 }]) / 100).toBe(0.3);
    expect(1 * 0.1 + 1 * 0.2).not.toBe(0.3);
    expect(weightedHundredths([{ score: 5, factor: 600 }], 2)).toBe(3200);
  });
});

describe('ente.yaml: «peso» on the criteria', () => {
  it('without any peso: the plain sum, as before (91 for the civil registry card)', () => {
    expect(weightOf(ente('capannori'))).toBe(91);
  });
  it('peso 1 everywhere: the same weight; peso 2 on one criterion adds its score once more', () => {
    expect(weightOf(ente('capannori', { 'ente.yaml': weights('1', '1', '1', '1', '1') }))).toBe(91);
    // competenze 25, complessita 23, autonomia 23, rapporti 12, contesto 8: ×2 on contesto → 99.
    expect(weightOf(ente('capannori', { 'ente.yaml': weights(null, null, null, null, '2'), [FUND]: sub('importo: 9800', 'importo: 50000') }))).toBe(99);
  });
  it('decimal weights to the hundredth, exact: 25×0,3 + 23×0,25 + 23×0,2 + 12×0,15 + 8×0,1 = 20,45', () => {
    const r = ente('capannori', { 'ente.yaml': weights('0.3', '0.25', '0.2', '0.15', '0.1'), [FUND]: sub(/ {2}soglia: 60\n/, '  soglia: 10\n') });
    expect(weightOf(r)).toBe(20.45);
    // (20,45 − 10) × € 50 = € 522,50, to the cent.
    expect(r.project!.allocations.get(2024)!.allocation.pay.get('coordinamento-stato-civile')).toBe(52_250);
  });
  it('a peso of zero, negative, with three decimals, or a text: an error at the value', () => {
    for (const [peso, message] of [
      ['0', 'il peso deve essere maggiore di zero'],
      ['-1', 'il peso deve essere maggiore di zero'],
      ['1.255', 'il peso ha al massimo due decimali (es. 1.25)'],
      ['1000.01', 'il peso è al massimo 1000 (un criterio che conta mille volte un punto)'],
      ['1e300', 'il peso è al massimo 1000 (un criterio che conta mille volte un punto)'],
    ]) {
      const r = ente('capannori', { 'ente.yaml': weights(peso!, null, null, null, null) });
      expect(r.diagnostics.filter((d) => d.severity === 'errore').map((d) => `${d.file}:${d.line}: ${d.message}`)).toEqual([`content/capannori/ente.yaml:28: «criteri[1].peso»: ${message}`]);
    }
    expect(ente('capannori', { 'ente.yaml': weights('sei', null, null, null, null) }).diagnostics.map((d) => d.message)).toEqual(['«criteri[1].peso» deve essere un numero, trovato il testo «sei»']);
    // Two decimals are fine, and so is the largest weight.
    expect(ente('capannori', { 'ente.yaml': weights('1000', null, null, null, null), [FUND]: sub(/regola:\n(?: .*\n)+/, 'regola:\n  tipo: proporzionale\n') }).diagnostics.filter((d) => /peso/.test(d.message))).toEqual([]);
    expect(ente('capannori', { 'ente.yaml': weights('1.25', null, null, null, null), [FUND]: sub('importo: 9800', 'importo: 50000') }).diagnostics).toEqual([]);
  });
});

describe('the card\'s written pesatura', () => {
  const written = (value: string, pesi = weights('6', '4', '2.5', '1.5', '1')): Edits => ({ 'ente.yaml': pesi, [CIVIL]: sub('punteggi:', `pesatura: ${value}\npunteggi:`), [FUND]: sub(/ {2}tipo: per-punto\n {2}soglia: 60\n {2}euro_per_punto: 50\n/, '  tipo: proporzionale\n') });
  // 25×6 + 23×4 + 23×2,5 + 12×1,5 + 8×1 = 150 + 92 + 57,5 + 18 + 8 = 325,5
  it('equal to Σ score × peso (325,5): accepted; 325 or 325.51: an error naming the weights', () => {
    expect(weightOf(ente('capannori', written('325.5')))).toBe(325.5);
    expect(messages(ente('capannori', written('325.5')))).toEqual([]);
    expect(messages(ente('capannori', written('325')))).toEqual([
      'content/capannori/2024/schede/coordinamento-stato-civile.md:9:11: errore: pesatura 325 diversa dalla somma dei punteggi moltiplicati per i pesi dei criteri (325,5)\n  suggerimento: la pesatura si calcola da sé: puoi togliere il campo',
    ]);
    expect(messages(ente('capannori', written('325.51')))[0]).toContain('pesatura 325,51 diversa dalla somma dei punteggi moltiplicati per i pesi dei criteri (325,5)');
  });
  it('without weights the pesatura stays a whole number, compared with the plain sum', () => {
    const plainSum = (v: string) => messages(ente('capannori', { [CIVIL]: sub('punteggi:', `pesatura: ${v}\npunteggi:`) }));
    expect(plainSum('91')).toEqual([]);
    expect(plainSum('92')[0]).toContain('pesatura 92 diversa dalla somma dei punteggi (91)');
    expect(plainSum('91.5')[0]).toContain('errore');
  });
});

describe('the fund with weighted criteria', () => {
  it('per-punto in hundredths: 0,5 points over the threshold earn half the euro per point', () => {
    const terms: FundTerms = { fund: 1_000_000, rule: { tipo: 'per-punto', soglia: 10, euro_per_punto: 50 }, step: 1 };
    const pays = (...ws: number[]) => [...allocate(terms, ws.map((weight, i) => ({ id: String(i), weight, contractCap: 400_000 }))).pay.values()];
    // 10,35 − 10 is 0,34999999999999964 in floating point: 35 hundredths all the same, € 17,50 (not € 17,49).
    expect(pays(10, 10.01, 10.35, 10.5, 11, 9.99)).toEqual([0, 50, 1_750, 2_500, 5_000, 0]);
    expect(Math.floor((10.35 - 10) * 5_000)).toBe(1_749);
  });
  it('minimum and bands compare hundredths: 69,99 is under 70, 70 is not', () => {
    const terms: FundTerms = { fund: 1_000_000, rule: { tipo: 'fasce', fasce: [{ da: 70, a: 80, importo: 1000 }] }, step: 1, minWeight: 70 };
    const pays = (...ws: number[]) => [...allocate(terms, ws.map((weight, i) => ({ id: String(i), weight, contractCap: 400_000 }))).pay.values()];
    expect(pays(69.99, 70, 80, 80.01)).toEqual([0, 100_000, 100_000, 0]);
  });
  it('proportional with decimal weights: the same shares as with the weights × 100, summing to the fund', () => {
    const terms: FundTerms = { fund: 1_000_000, rule: { tipo: 'proporzionale' }, step: 1 };
    const positions = (scale: number) => [12.5, 20.45, 7.05].map((w, i) => ({ id: String(i), weight: (w * 100 * scale) / 100, contractCap: 400_000 }));
    const a = allocate(terms, positions(1));
    const b = allocate(terms, positions(100));
    expect([...a.pay.values()]).toEqual([...b.pay.values()]);
    expect(a.total).toBe(1_000_000);
  });
  it('the gaps of the bands follow the weights: peso 2 on every criterion, but whole extra points reach every weight', () => {
    const bands = (list: string): Edits => ({ 'ente.yaml': weights('2', '2', '2', '2', '2'), [FUND]: sub(/ {2}tipo: per-punto\n {2}soglia: 60\n {2}euro_per_punto: 50\n/, `  tipo: fasce\n  fasce:\n${list}pesatura_minima: 150\n`) });
    // Criteria from 10 to 200 points, in steps of 2; Capannori's extra points (whole, without a scale) make any
    // whole weight reachable, so an odd weight between two bands is a gap.
    const warnings = (list: string) => ente('capannori', bands(list)).diagnostics.filter((d) => d.file.endsWith('fondo-2024.md')).map((d) => plain(d.message));
    expect(warnings('    - { da: 150, a: 181, importo: 1000 }\n    - { da: 182, a: 200, importo: 1500 }\n')).toEqual([]);
    expect(warnings('    - { da: 150, a: 180, importo: 1000 }\n    - { da: 182, a: 200, importo: 1500 }\n')).toEqual([
      'la pesatura 181 non cade in nessuna fascia (fasce: 150–180, 182–200; le schede vanno da 10 a 200 punti, e sotto la pesatura minima di 150 non hanno indennità): una scheda con quella pesatura sarebbe un errore',
    ]);
  });
  it('without extra points, only the weights on the grid of the weights count: 181 unreachable with peso 2 everywhere', () => {
    const base = configSchema.parse({ ente: { nome: 'Prova', luogo: 'Prova' }, criteri: [1, 2].map((i) => ({ id: `c${i}`, nome: `C${i}`, min: 1, max: 5, peso: 2, elementi: ['x'] })) });
    expect(weightRange(base)).toEqual({ lo: 400, hi: 2000, grid: 200 });
    const mixed = configSchema.parse({ ...base, criteri: [{ ...base.criteri[0]!, peso: 2.5 }, { ...base.criteri[1]!, peso: 1.5 }] });
    expect(weightRange(mixed)).toEqual({ lo: 400, hi: 2000, grid: 50 });
    const extra = configSchema.parse({ ...base, maggiorazione: { id: 'extra', nome: 'Extra', max: 3, sezione_motivazione: 'Motivazione' } });
    expect(weightRange(extra)).toEqual({ lo: 400, hi: 2300, grid: 100 });
    expect(weightRange(configSchema.parse({ ente: base.ente }))).toBeNull();
    const plainSum = configSchema.parse({ ...base, criteri: base.criteri.map(({ peso: _p, ...c }) => c) });
    expect(weightRange(plainSum)).toEqual({ lo: 200, hi: 1000, grid: 100 });
  });
  it('decimal weights and whole-point bands: a weight between two bands says why no band can hold it', () => {
    const FRACTIONAL = 'le fasce hanno estremi interi, e i pesi decimali dei criteri (ente.yaml) danno pesature con decimali: usa pesi interi, o la regola «proporzionale» o «per-punto»';
    const run = (list: string) =>
      ente('capannori', { 'ente.yaml': weights('1.5', null, null, null, null), [FUND]: sub(/ {2}tipo: per-punto\n {2}soglia: 60\n {2}euro_per_punto: 50\n/, `  tipo: fasce\n  fasce:\n${list}pesatura_minima: 60\n`) }).diagnostics.map((d) => ({
        file: d.file.split('/').pop(),
        severity: d.severity,
        message: plain(d.message),
        hint: d.hint,
      }));
    // competenze 25 × 1,5 = 37,5: the civil registry card weighs 91 − 25 + 37,5 = 103,5.
    const gap = run('    - { da: 60, a: 103, importo: 1000 }\n    - { da: 104, a: 200, importo: 1200 }\n');
    expect(gap.filter((d) => d.file === 'coordinamento-stato-civile.md')).toEqual([
      { file: 'coordinamento-stato-civile.md', severity: 'errore', message: 'pesatura 103,5 in nessuna fascia del fondo 2024: la posizione non avrebbe indennità (fasce: 60–103, 104–200 punti)', hint: FRACTIONAL },
    ]);
    // The fund: 103,5 alone between the bands (a run of half points only): the same reason.
    expect(gap.filter((d) => d.file === 'fondo-2024.md').map((d) => [d.message.slice(0, 50), d.hint])).toEqual([['la pesatura 103,5 non cade in nessuna fascia (fasc', FRACTIONAL]]);
    // Two whole points apart: 103,5 to 104,5 holds 104, a whole weight: the ordinary hint.
    const wide = run('    - { da: 60, a: 103, importo: 1000 }\n    - { da: 105, a: 200, importo: 1200 }\n').filter((d) => d.file === 'fondo-2024.md');
    expect(wide.map((d) => [d.message.slice(0, 60), d.hint])).toEqual([['le pesature da 103,5 a 104,5 non cadono in nessuna fascia (f', 'estendi una fascia o aggiungine una che comprenda da 103,5 a 104,5 punti (gli estremi sono compresi: 10–13 e 14–16 non lasciano buchi)']]);
  });
});

describe('what the card, the prospetto, the CSV and «albo fondo» print', () => {
  const pesi: Edits = { 'ente.yaml': weights('6', '4', '2.5', '1.5', '1'), [FUND]: sub(/ {2}tipo: per-punto\n {2}soglia: 60\n {2}euro_per_punto: 50\n/, '  tipo: proporzionale\n') };
  const template = compileTemplate(readFileSync(path.join(ROOT, 'templates/scheda.md.hbs'), 'utf8'), 'templates/scheda.md.hbs');
  const cardMarkdown = (r: ReturnType<typeof ente>) => {
    const card = civilOf(r);
    return template.body(card.kind.view(card, r.project!) as object);
  };
  it('with weights: the weight and the weighted score of each criterion, and the total with its decimals', () => {
    const md = cardMarkdown(ente('capannori', pesi));
    expect(md).toContain('| Criterio | Punteggio ammesso | Punteggio | Peso | Punteggio pesato |');
    expect(md).toMatch(/\| \*\*Competenze\*\*.*\| 1–25 \| 25 \| ×6 \| 150 \|/);
    expect(md).toMatch(/\| \*\*Autonomia\*\*.*\| 1–25 \| 23 \| ×2,5 \| 57,5 \|/);
    expect(md).toMatch(/\| \*\*Rapporti.*\| 1–15 \| 12 \| ×1,5 \| 18 \|/);
    expect(md).toContain('| **Pesatura complessiva** | | | | **325,5** |');
    // The extra criterion: its points unweighted, in both score columns.
    expect(md).toMatch(/\| \*\*Particolarmente elevata autonomia.*\| — \| — \| \| — \|/);
  });
  it('without weights: the three columns as before', () => {
    const md = cardMarkdown(ente('capannori'));
    expect(md).toContain('| Criterio | Punteggio ammesso | Punteggio |\n|:---|:---:|:---:|');
    expect(md).not.toContain('Peso');
    expect(md).toContain('| **Pesatura complessiva** | | **91** |');
  });
  it('the prospetto and the CSV: decimal weights with a comma; whole weights as numbers', () => {
    const r = ente('capannori', pesi);
    const fund = r.project!.docs.find((d) => d.data.id === 'fondo-2024')!;
    const view = fund.kind.view(fund, r.project!) as { posizioni: { pesatura: unknown }[] };
    // 25×6 + 25×4 + 25×2,5 + 15×1,5 + 10×1 + 6 extra points = 351 (the first two cards).
    expect(view.posizioni.map((p) => p.pesatura)).toEqual([351, 351, '325,5', 345, 326]);
    expect(fund.kind.table!(fund, r.project!).rows.map((row) => row[5])).toEqual(['351', '351', '325,5', '345', '326']);
  });
});

describe('albo nuovo scheda and the editor\'s schema', () => {
  const facts = (r: ReturnType<typeof ente>) => ({ nome: 'Comune di Capannori', config: r.project!.config, settori: [], ids: new Map<string, string[]>() });
  const text = (edits: Edits) => {
    const r = ente('capannori', edits);
    return skeleton({ tipo: 'scheda', id: 'prova', anno: 2024, kind: KINDS.scheda!, schema: kindJsonSchema('scheda', KINDS.scheda!, facts(r)) });
  };
  it('with weights: each score says its weight, and the pesatura says it is weighted', () => {
    const t = text({ 'ente.yaml': weights('6', null, '2.5', null, null) });
    expect(t).toContain('# «Competenze»: punteggio intero da 1 a 25, moltiplicato per il peso 6. ');
    expect(t).toContain('# «Autonomia»: punteggio intero da 1 a 25, moltiplicato per il peso 2,5. ');
    expect(t).toMatch(/# «Complessità organizzativa»: punteggio intero da 1 a 25\. /);
    expect(t).toContain('# Facoltativa: la somma dei punteggi moltiplicati per i pesi dei criteri (ente.yaml). albo la calcola; se scritta deve coincidere');
  });
  it('without weights: as before', () => {
    const t = text({});
    expect(t).not.toContain('peso');
    expect(t).toContain('# Facoltativa: la somma dei punteggi. albo la calcola; se scritta deve coincidere');
  });
});

describe('cardWeight with and without weights (pure)', () => {
  const config = (peso?: number) => ente('capannori', peso === undefined ? {} : { 'ente.yaml': weights(String(peso), null, null, null, null) }).project!.config;
  it('null for an ente that does not weigh; the sum, or the weighted sum', () => {
    const card = { punteggi: { competenze: 25, complessita_organizzativa: 23, autonomia: 23, rapporti: 12, contesto: 8 } } as unknown as Scheda;
    expect(cardWeight(card, config())).toBe(91);
    expect(cardWeight(card, config(3))).toBe(91 + 50);
    expect(cardWeight(card, config(0.01))).toBe(66.25);
    expect(cardWeight({ punteggi: undefined } as unknown as Scheda, config(3))).toBeNull();
  });
});
