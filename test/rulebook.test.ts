import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { eqPositionPay, eqResultPay, instalments, monthly } from '../src/compute/eq-pay.js';
import { AREAS, areasOf, areasPhrase, readArea } from '../src/rulebook/areas.js';
import { capFor } from '../src/rulebook/caps.js';
import { citation, defaultRulebook, keptRulebook, loadRulebook, ruleInForce, type Rulebook, type Voce } from '../src/rulebook/rulebook.js';
import { useCodeStamp } from '../src/load/result-cache.js';
import { ROOT } from './helpers/seed.js';

const dayBefore = (iso: string) => new Date(Date.parse(`${iso}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);

// The rules as written in contratti/, read here with the yaml parser alone: the tests are named while the file
// is collected, and albo's loader must run inside the tests (StrykerJS counts code run outside a test as static).
const WRITTEN = readdirSync(path.join(ROOT, 'contratti'))
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .flatMap((f) => {
    const c = parse(readFileSync(path.join(ROOT, 'contratti', f), 'utf8')) as { contratto: string; regole: { voce: Voce; caso?: string; dal: string; articolo: string }[] };
    return c.regole.map((r) => ({ ...r, caso: r.caso ?? 'ordinario', contratto: c.contratto }));
  });

describe('the rulebook (contratti/)', () => {
  let book: Rulebook;
  // Read afresh for each test (not the cached defaultRulebook()), so the loader itself runs under each test.
  beforeEach(() => {
    book = loadRulebook();
  });
  it('the default rulebook is contratti/, read once', () => {
    expect(defaultRulebook()).toBe(defaultRulebook());
    expect(defaultRulebook().files).toEqual(book.files);
  });
  it('reads the three contracts', () => {
    expect([...new Set(book.rules.map((r) => r.contratto))]).toEqual(['CCNL Funzioni Locali 21.05.2018', 'CCNL Funzioni Locali 16.11.2022', 'CCNL Funzioni Locali 23.02.2026']);
    expect(book.rules).toHaveLength(WRITTEN.length);
  });
  // Every rule is the one in force from its own date, and not the day before.
  for (const written of WRITTEN) {
    it(`${written.voce}/${written.caso} from ${written.dal}: ${written.articolo}, ${written.contratto}`, () => {
      const rule = book.rules.find((r) => r.voce === written.voce && r.caso === written.caso && r.dal === written.dal && r.contratto === written.contratto)!;
      expect(citation(rule)).toBe(`${written.articolo}, ${written.contratto}`);
      expect(ruleInForce(book, rule.voce, rule.dal, rule.caso)).toBe(rule);
      expect(ruleInForce(book, rule.voce, dayBefore(rule.dal), rule.caso)).not.toBe(rule);
      expect(rule.fonte.length).toBeGreaterThan(10);
    });
  }
  it('before the first contract there is no rule, and the message says so', () => {
    const c = capFor(book, 'specifiche-responsabilita', '2010-01-01', ['istruttori']);
    expect(c.ok).toBe(false);
    expect(!c.ok && c.message).toBe("nessuna regola contrattuale per l'indennità per specifiche responsabilità in vigore il 01/01/2010");
  });
  it('EQ maximum: € 16.000 (PO, 2018), € 18.000 from 1.4.2023, € 22.000 from 24.2.2026', () => {
    const max = (date: string) => {
      const c = capFor(book, 'eq-posizione', date, ['funzionari-eq']);
      return c.ok ? c.cents : c.message;
    };
    expect([max('2023-03-31'), max('2023-04-01'), max('2026-02-23'), max('2026-02-24')]).toEqual([1_600_000, 1_800_000, 1_800_000, 2_200_000]);
  });
  const tmp = mkdtempSync(path.join(tmpdir(), 'albo-contratti-'));
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));
  it('a new contract is a new file: its rule applies from its date, earlier acts keep the old one', () => {
    for (const f of book.files) writeFileSync(path.join(tmp, path.basename(f)), readFileSync(f));
    writeFileSync(
      path.join(tmp, 'ccnl-fl-2029-01-15.yaml'),
      'contratto: CCNL Funzioni Locali 15.01.2029\ntriennio: 2025-2027\nsottoscrizione: 2029-01-15\nregole:\n  - { voce: specifiche-responsabilita, articolo: "art. 90, c. 1", dal: 2029-01-16, massimo: { operatori: 3500, operatori-esperti: 3500, istruttori: 3500, funzionari-eq: 5000 }, verifica: testo, fonte: "testo di prova del test" }\n',
    );
    const next = loadRulebook(tmp);
    const at = (date: string) => {
      const c = capFor(next, 'specifiche-responsabilita', date, ['funzionari-eq']);
      return c.ok ? `${c.cents} ${citation(c.rule)}` : c.message;
    };
    expect(at('2029-01-15')).toBe('400000 art. 84, c. 1, CCNL Funzioni Locali 16.11.2022');
    expect(at('2029-01-16')).toBe('500000 art. 90, c. 1, CCNL Funzioni Locali 15.01.2029');
  });
  it('reads only the .yaml files, in name order; two rules for one voce, case and day are refused', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'albo-contratti-order-'));
    const contract = (name: string, dal: string, massimo: number) =>
      `contratto: ${name}\ntriennio: 2019-2021\nsottoscrizione: 2022-11-16\nregole:\n  - { voce: specifiche-responsabilita, articolo: "art. 1", dal: ${dal}, massimo: ${massimo}, verifica: testo, fonte: "testo di prova del test" }\n`;
    writeFileSync(path.join(dir, 'b.yaml'), contract('B', '2024-01-01', 2000));
    writeFileSync(path.join(dir, 'a.yaml'), contract('A', '2020-01-01', 1000));
    writeFileSync(path.join(dir, 'README.md'), '# non è un contratto\n');
    writeFileSync(path.join(dir, 'c.yaml.bak'), 'non: [yaml');
    const read = loadRulebook(dir);
    expect(read.files.map((f) => path.basename(f))).toEqual(['a.yaml', 'b.yaml']);
    expect(read.rules.map((r) => [r.contratto, r.file])).toEqual([['A', path.join(dir, 'a.yaml')], ['B', path.join(dir, 'b.yaml')]]);
    expect(read.contracts).toEqual([{ contratto: 'A', sottoscrizione: '2022-11-16', file: path.join(dir, 'a.yaml') }, { contratto: 'B', sottoscrizione: '2022-11-16', file: path.join(dir, 'b.yaml') }]);
    expect(read.dir).toBe(dir);
    writeFileSync(path.join(dir, 'c.yaml'), contract('C', '2024-01-01', 3000));
    expect(() => loadRulebook(dir)).toThrow(`regole contrattuali in conflitto: specifiche-responsabilita/ordinario dal 2024-01-01 sia in ${path.join(dir, 'b.yaml')} sia in ${path.join(dir, 'c.yaml')}`);
    rmSync(dir, { recursive: true });
  });
  it('the rule in force is the latest one not after the date, whatever the order of the rules in the files', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'albo-contratti-disordine-'));
    // One file, the newest rule first: a rule's date, not its place, decides.
    writeFileSync(
      path.join(dir, 'x.yaml'),
      'contratto: X\ntriennio: 2019-2021\nsottoscrizione: 2022-11-16\nregole:\n' +
        ['2026-02-24', '2018-05-22', '2023-04-01'].map((dal, i) => `  - { voce: specifiche-responsabilita, articolo: "art. ${i + 1}", dal: ${dal}, massimo: ${1000 * (i + 1)}, verifica: testo, fonte: "testo di prova del test" }\n`).join(''),
    );
    const read = loadRulebook(dir);
    const article = (date: string) => ruleInForce(read, 'specifiche-responsabilita', date)?.articolo;
    expect(['2018-05-21', '2018-05-22', '2023-03-31', '2023-04-01', '2026-02-23', '2026-02-24', '2030-01-01'].map(article)).toEqual([undefined, 'art. 2', 'art. 2', 'art. 3', 'art. 3', 'art. 1', 'art. 1']);
    rmSync(dir, { recursive: true });
  });
  it('kept between runs by the bundled CLI: read back for the same files, read again when one changes', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'albo-contratti-cache-'));
    const cache = mkdtempSync(path.join(tmpdir(), 'albo-contratti-kept-'));
    const before = process.env.ALBO_CACHE;
    process.env.ALBO_CACHE = cache;
    useCodeStamp('prova');
    try {
      for (const f of book.files) writeFileSync(path.join(dir, path.basename(f)), readFileSync(f));
      writeFileSync(path.join(dir, 'LEGGIMI.md'), 'non è un contratto');
      const kept = () => readdirSync(path.join(cache, 'contratti'));
      const first = keptRulebook(dir);
      expect(first).toEqual(loadRulebook(dir));
      expect(kept()).toHaveLength(1);
      // read back: the same rules, nothing new kept; a file that is not a contract changes nothing
      writeFileSync(path.join(dir, 'LEGGIMI.md'), 'ancora non è un contratto');
      expect(keptRulebook(dir)).toEqual(first);
      expect(kept()).toHaveLength(1);
      // read back, not computed again: the entry is not rewritten
      const entry = path.join(cache, 'contratti', kept()[0]!);
      utimesSync(entry, new Date(2000, 0, 1), new Date(2000, 0, 1));
      expect(keptRulebook(dir)).toEqual(first);
      expect(statSync(entry).mtime.getFullYear()).toBe(2000);
      // a damaged or unsound entry is read again, and replaced
      const sound = JSON.parse(JSON.stringify(first)) as Record<string, unknown>;
      for (const damaged of ['{"rules": 3}', '"testo"', 'null', JSON.stringify({ ...sound, contracts: 3 }), JSON.stringify({ ...sound, files: 'x' }), JSON.stringify({ ...sound, rules: {} })]) {
        writeFileSync(entry, damaged);
        expect(keptRulebook(dir), damaged.slice(0, 30)).toEqual(first);
        expect(JSON.parse(readFileSync(entry, 'utf8'))).toEqual(sound);
      }
      // a contract file changed: read again, kept apart
      const file = path.join(dir, path.basename(book.files[0]!));
      writeFileSync(file, readFileSync(file, 'utf8').replace(/fonte: /, 'fonte: Nuova fonte; '));
      const changed = keptRulebook(dir);
      expect(changed.rules[0]!.fonte.startsWith('Nuova fonte; ')).toBe(true);
      expect(kept()).toHaveLength(2);
      // another folder with the same files is another rulebook (its files are named in it)
      const copy = mkdtempSync(path.join(tmpdir(), 'albo-contratti-copia-'));
      for (const f of readdirSync(dir)) writeFileSync(path.join(copy, f), readFileSync(path.join(dir, f)));
      expect(keptRulebook(copy).files.every((f) => f.startsWith(copy))).toBe(true);
      rmSync(copy, { recursive: true });
    } finally {
      useCodeStamp(undefined);
      if (before === undefined) delete process.env.ALBO_CACHE;
      else process.env.ALBO_CACHE = before;
      rmSync(dir, { recursive: true });
      rmSync(cache, { recursive: true });
    }
  });
  it('a case is a lower-case identifier, a triennium two years: anything around them is refused', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'albo-contratti-forme-'));
    const contract = (triennio: string, caso: string) =>
      `contratto: X\ntriennio: "${triennio}"\nsottoscrizione: 2022-11-16\nregole:\n  - { voce: specifiche-responsabilita, caso: "${caso}", articolo: "art. 1", dal: 2020-01-01, massimo: 1000, verifica: testo, fonte: "testo di prova del test" }\n`;
    const reads = (triennio: string, caso: string) => {
      writeFileSync(path.join(dir, 'x.yaml'), contract(triennio, caso));
      try {
        return loadRulebook(dir).rules[0]!.caso;
      } catch {
        return 'rifiutato';
      }
    };
    expect(reads('2019-2021', 'c2-bis')).toBe('c2-bis');
    expect([reads('2019-2021', 'Ordinario'), reads('2019-2021', 'c2 bis'), reads('2019-2021', 'c2!'), reads('2019-2021', '!c2')]).toEqual(['rifiutato', 'rifiutato', 'rifiutato', 'rifiutato']);
    expect([reads('x2019-2021', 'c2'), reads('2019-2021x', 'c2'), reads('2019-21', 'c2')]).toEqual(['rifiutato', 'rifiutato', 'rifiutato']);
    rmSync(dir, { recursive: true });
  });
  it('a malformed contract file is refused with its name', () => {
    const bad = mkdtempSync(path.join(tmpdir(), 'albo-contratti-bad-'));
    writeFileSync(path.join(bad, 'x.yaml'), 'contratto: X\ntriennio: 2020\nsottoscrizione: 2020-01-01\nregole: []\n');
    expect(() => loadRulebook(bad)).toThrow(/x\.yaml/);
    rmSync(bad, { recursive: true });
  });
});

describe('Areas', () => {
  it('every Area reads as itself; every letter maps as art. 13 says, with its legacy flag', () => {
    for (const a of AREAS) expect(readArea(a)).toEqual({ area: a });
    expect(['A', 'B', 'b3', 'C', 'D1'].map(readArea)).toEqual([
      { area: 'operatori', legacy: 'A' },
      { area: 'operatori-esperti', legacy: 'B' },
      { area: 'operatori-esperti', legacy: 'B3' },
      { area: 'istruttori', legacy: 'C' },
      { area: 'funzionari-eq', legacy: 'D1' },
    ]);
    expect(readArea('E')).toEqual({ unknown: 'E' });
    expect(readArea('funzionari')).toEqual({ unknown: 'funzionari' });
  });
  it('phrases: one, two and three Areas, in the written order, without repetitions', () => {
    expect(areasPhrase(areasOf(['istruttori']))).toBe("dell'Area degli Istruttori");
    expect(areasPhrase(areasOf(['funzionari-eq', 'C', 'istruttori']))).toBe("dell'Area dei Funzionari e dell'Elevata Qualificazione e dell'Area degli Istruttori");
    expect(areasPhrase(areasOf(['operatori', 'operatori-esperti', 'istruttori']))).toBe("dell'Area degli Operatori, dell'Area degli Operatori esperti e dell'Area degli Istruttori");
  });
});

describe('EQ pay', () => {
  const bands = { tipo: 'fasce' as const, fasce: [{ da: 0, a: 60, importo: 5200 }, { da: 61, a: 70, importo: 5600 }] };
  it('bands: both edges of a band, and a score outside every band', () => {
    expect(eqPositionPay(bands, 60, 130)).toEqual({ cents: 520_000, band: { da: 0, a: 60 } });
    expect(eqPositionPay(bands, 61, 130)).toEqual({ cents: 560_000, band: { da: 61, a: 70 } });
    expect(eqPositionPay(bands, 71, 130)).toEqual({ noBand: true });
  });
  it('linear: the minimum at the threshold, the maximum at full marks, below the threshold refused, rounded down to the step', () => {
    const linear = { tipo: 'lineare' as const, punteggio_minimo: 40, minimo: 5000, massimo: 16000 };
    expect(eqPositionPay(linear, 40, 100)).toEqual({ cents: 500_000 });
    expect(eqPositionPay(linear, 100, 100)).toEqual({ cents: 1_600_000 });
    expect(eqPositionPay(linear, 39, 100)).toEqual({ below: 40 });
    // 41 points: 5.000 + 11.000 / 60 = 5.183,333… → 5.183,33; to 50 €: 5.150,00.
    expect(eqPositionPay(linear, 41, 100)).toEqual({ cents: 518_333 });
    expect(eqPositionPay(linear, 41, 100, 5_000)).toEqual({ cents: 515_000 });
  });
  it('result: the share of position + result, rounded up; 13 monthly payments', () => {
    expect(eqResultPay(1_380_000, 15)).toBe(243_530);
    const r = eqResultPay(1_000_000, 15);
    expect(r / (1_000_000 + r)).toBeGreaterThanOrEqual(0.15);
    expect((r - 1) / (1_000_000 + r - 1)).toBeLessThan(0.15);
    expect(eqResultPay(1_000_000, 0)).toBe(0);
    expect(eqResultPay(1_000_000, 20)).toBe(250_000);
    expect(monthly(1_380_000, 13)).toBe(106_154);
    // Stated so that they add up: 12 × € 1.061,54 + € 1.061,52 = € 13.800,00 (13 × € 1.061,54 would be € 13.800,02).
    expect(instalments(1_380_000, 13)).toEqual({ months: 13, each: 106_154, last: 106_152 });
    const { each, last } = instalments(1_380_000, 13);
    expect(each * 12 + last!).toBe(1_380_000);
    // An amount that divides exactly: one instalment, no last one; one month alone: the amount.
    expect(instalments(1_300_000, 13)).toEqual({ months: 13, each: 100_000, last: null });
    expect(instalments(1_234_567, 1)).toEqual({ months: 1, each: 1_234_567, last: null });
    // A last instalment above the others (rounded down): 1.000,05 over 2? 50.003 + 50.002.
    expect(instalments(100_005, 2)).toEqual({ months: 2, each: 50_003, last: 50_002 });
    expect(instalments(100_007, 3)).toEqual({ months: 3, each: 33_336, last: 33_335 });
    expect(instalments(100_008, 3)).toEqual({ months: 3, each: 33_336, last: null });
  });
});
