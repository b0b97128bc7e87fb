import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sha256 } from '../src/build/manifest.js';
import { albo } from './helpers/cli.js';
import { ROOT } from './helpers/seed.js';
import { scratchProject } from './helpers/scratch.js';

const CONTRACT_FILES = readdirSync(path.join(ROOT, 'contratti')).filter((f) => f.endsWith('.yaml')).sort().map((f) => `albo:contratti/${f}`);

const tmp = mkdtempSync(path.join(tmpdir(), 'albo-fondo-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** The shipped content plus an unrelated 2023 year (its own fund and card), in a scratch project. */
function project(name: string): string {
  const dir = scratchProject(tmp, name);
  mkdirSync(path.join(dir, 'content/capannori/2023'));
  writeFileSync(
    path.join(dir, 'content/capannori/2023/fondo-2023.md'),
    readFileSync(path.join(ROOT, 'content/capannori/2024/fondo-2024.md'), 'utf8').replace(/2024/g, '2023').replace('importo: 9800', 'importo: 3000').replace(/\n## Note[\s\S]*$/, '\n'),
  );
  writeFileSync(
    path.join(dir, 'content/capannori/2023/stato-civile-2023.md'),
    readFileSync(path.join(ROOT, 'content/capannori/2024/schede/coordinamento-stato-civile.md'), 'utf8').replace('id: coordinamento-stato-civile', 'id: stato-civile-2023').replace('anno: 2024', 'anno: 2023'),
  );
  return dir;
}

function files(out: string): string[] {
  return readdirSync(out, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.relative(out, path.join(e.parentPath, e.name)))
    .sort();
}

const PAST = new Date('2000-01-01T00:00:00Z');

/** Sets every output's time in the past, so that a rewritten file is told apart by its time. */
function age(out: string): void {
  for (const f of files(out)) utimesSync(path.join(out, f), PAST, PAST);
}

function rewritten(out: string, before: Map<string, string>): string[] {
  return files(out).filter((f) => statSync(path.join(out, f)).mtimeMs !== PAST.getTime() || sha256(readFileSync(path.join(out, f))) !== before.get(f)).sort();
}

const snapshot = (out: string) => new Map(files(out).map((f) => [f, sha256(readFileSync(path.join(out, f)))]));

function setFund(dir: string, edit: (s: string) => string): void {
  const file = path.join(dir, 'content/capannori/2024/fondo-2024.md');
  writeFileSync(file, edit(readFileSync(file, 'utf8')));
}

const CARDS_2024 = ['coordinamento-amministrativo-contabile-elettorale', 'coordinamento-polo-tecnologico', 'coordinamento-stato-civile', 'coordinamento-urp-sportelli-anagrafe', 'politiche-giovanili-polo-artemisia'];

describe('regenerating after a fund change', () => {
  // One build of the scratch project, never touched again: each test works on its own copy of it (sources,
  // out/ and manifest), so no test depends on what another left, whatever the order.
  const built = project('regen');
  beforeAll(async () => {
    expect((await albo(['build'], built)).code).toBe(0);
  }, 120_000);
  /** A copy of the built project for one test, with its outputs and manifest. */
  function copyOfBuilt(name: string): { dir: string; out: string } {
    const dir = path.join(tmp, name);
    cpSync(built, dir, { recursive: true, preserveTimestamps: true });
    return { dir, out: path.join(dir, 'out') };
  }

  it('an unchanged build rewrites nothing (bytes and file times stay)', async () => {
    const { dir, out } = copyOfBuilt('regen-unchanged');
    age(out);
    const before = snapshot(out);
    const r = await albo(['build'], dir);
    expect(r.out).toBe('Generati 0 file in out/ da 27 sorgenti (78 invariati, non riscritti).');
    expect(rewritten(out, before)).toEqual([]);
  });

  it('9.800 -> 12.000 under the proportional rule: the five cards, the notice and the summary, nothing else', async () => {
    const { dir, out } = copyOfBuilt('regen-proportional');
    setFund(dir, (s) => s.replace('importo: 9800', 'importo: 12000').replace(/regola:\n  tipo: per-punto\n  soglia: 60\n  euro_per_punto: 50/, 'regola:\n  tipo: proporzionale'));
    const table = await albo(['fondo', '--anno', '2024'], dir);
    expect(table.code).toBe(0);
    expect(table.out.split('\n')).toEqual([
      'Comune di Capannori – fondo 2024 (content/capannori/2024/fondo-2024.md): € 12.000,00, riparto proporzionale alla pesatura',
      'Posizione                                        Pesatura     Precedente          Nuova     Differenza',
      // In the notice's order (issue #13).
      'Coordinamento U.R.P., Sportelli al Cittadino ed…      106     € 2.300,00     € 2.564,52      +€ 264,52',
      'Coordinamento amministrativo-contabile ed elett…      106     € 2.300,00     € 2.564,52      +€ 264,52',
      'Coordinamento stato civile                             91     € 1.550,00     € 2.201,61      +€ 651,61',
      'Politiche giovanili e Polo Culturale Artemisia        100     € 2.000,00     € 2.419,35      +€ 419,35',
      'Coordinamento Polo Tecnologico e sviluppo econo…       93     € 1.650,00     € 2.250,00      +€ 600,00',
      'Fondo € 12.000,00 · assegnato € 12.000,00 · residuo € 0,00',
      "5 posizioni cambiano rispetto all'ultima generazione.",
      '',
    ].map((l) => l.replace(/€ /g, '€\u00a0').replace(/\+€\u00a0/g, '+€\u00a0')));

    age(out);
    const before = snapshot(out);
    const r = await albo(['build'], dir);
    expect(r.code).toBe(0);
    expect(rewritten(out, before)).toEqual(
      [
        '.albo-manifest.json',
        'capannori/2024/avviso-servizi-al-cittadino-con-allegati.docx',
        'capannori/2024/avviso-servizi-al-cittadino-con-allegati.pdf',
        'capannori/2024/avviso-servizi-al-cittadino.docx',
        'capannori/2024/avviso-servizi-al-cittadino.pdf',
        'capannori/2024/prospetto-riparto-2024.csv',
        'capannori/2024/prospetto-riparto-2024.docx',
        'capannori/2024/prospetto-riparto-2024.pdf',
        ...CARDS_2024.flatMap((c) => [`capannori/2024/schede/${c}.docx`, `capannori/2024/schede/${c}.pdf`]),
        // the funzionigramma shows every position's pay
        'capannori/funzionigramma.docx',
        'capannori/funzionigramma.pdf',
      ].sort(),
    );
    const csv = readFileSync(path.join(out, 'capannori/2024/prospetto-riparto-2024.csv'), 'utf8');
    expect(csv).toContain(';106;2564,52\r\n');
    expect(csv).toContain(';91;2201,61\r\n');
  }, 120_000);

  it('under the per-point rule a larger fund changes no pay: only the summary is rewritten', async () => {
    // From the state the proportional case leaves: € 12.000 shared by weight, built.
    const { dir, out } = copyOfBuilt('regen-per-point');
    setFund(dir, (s) => s.replace('importo: 9800', 'importo: 12000').replace(/regola:\n  tipo: per-punto\n  soglia: 60\n  euro_per_punto: 50/, 'regola:\n  tipo: proporzionale'));
    expect((await albo(['build'], dir)).code).toBe(0);
    setFund(dir, (s) => s.replace(/regola:\n  tipo: proporzionale/, 'regola:\n  tipo: per-punto\n  soglia: 60\n  euro_per_punto: 50'));
    expect((await albo(['build'], dir)).code).toBe(0);
    setFund(dir, (s) => s.replace('importo: 12000', 'importo: 15000'));
    age(out);
    const before = snapshot(out);
    expect((await albo(['build'], dir)).code).toBe(0);
    expect(rewritten(out, before)).toEqual(['.albo-manifest.json', 'capannori/2024/prospetto-riparto-2024.docx', 'capannori/2024/prospetto-riparto-2024.pdf']);
  }, 120_000);

  it('the manifest records, per output, the hash of every input that produced it', async () => {
    // A fund change that changes no pay (per-point rule): the summary is rebuilt, the cards are kept.
    const { dir, out } = copyOfBuilt('regen-manifest');
    setFund(dir, (s) => s.replace('importo: 9800', 'importo: 15000'));
    age(out);
    const before = snapshot(out);
    expect((await albo(['build'], dir)).code).toBe(0);
    expect(rewritten(out, before)).toEqual(['.albo-manifest.json', 'capannori/2024/prospetto-riparto-2024.docx', 'capannori/2024/prospetto-riparto-2024.pdf']);
    const manifest = JSON.parse(readFileSync(path.join(out, '.albo-manifest.json'), 'utf8'));
    const current = (file: string) => sha256(readFileSync(path.join(dir, file)));
    // The summary was rewritten by the last build: its inputs are today's files.
    const summary = manifest.uscite['capannori/2024/prospetto-riparto-2024.pdf'];
    expect(Object.keys(summary.ingressi)).toEqual(expect.arrayContaining(['albo', 'content/capannori/ente.yaml', 'content/capannori/2024/fondo-2024.md', 'templates/prospetto.md.hbs', ...CARDS_2024.map((c) => `content/capannori/2024/schede/${c}.md`)]));
    for (const [file, hash] of Object.entries(summary.ingressi)) if (!file.startsWith('albo')) expect(hash, file).toBe(current(file));
    // The contract rules in force are recorded with their hash.
    for (const f of CONTRACT_FILES) expect(summary.ingressi[f]).toBe(sha256(readFileSync(path.join(ROOT, f.replace('albo:', '')))));
    expect(summary.sha256).toBe(sha256(readFileSync(path.join(out, 'capannori/2024/prospetto-riparto-2024.pdf'))));
    // A card kept from an earlier build records the fund it was made with, not today's.
    const entry = manifest.uscite['capannori/2024/schede/coordinamento-stato-civile.pdf'];
    // The card prints «Allegato n. 3 all'avviso …»: the notice is one of its inputs, and so is the crest of
    // its letterhead (issue #13).
    expect(Object.keys(entry.ingressi).sort()).toEqual(['albo', ...CONTRACT_FILES, 'content/capannori/2024/avviso-servizi-al-cittadino.md', 'content/capannori/2024/fondo-2024.md', 'content/capannori/2024/schede/coordinamento-stato-civile.md', 'content/capannori/ente.yaml', 'content/capannori/stemma.png', 'templates/scheda.md.hbs']);
    expect(entry.ingressi['content/capannori/2024/schede/coordinamento-stato-civile.md']).toBe(current('content/capannori/2024/schede/coordinamento-stato-civile.md'));
    expect(entry.ingressi['content/capannori/2024/fondo-2024.md']).not.toBe(current('content/capannori/2024/fondo-2024.md'));
    expect(entry.sha256).toBe(sha256(readFileSync(path.join(out, 'capannori/2024/schede/coordinamento-stato-civile.pdf'))));
    const notice = manifest.uscite['capannori/2024/avviso-servizi-al-cittadino-con-allegati.pdf'];
    expect(Object.keys(notice.ingressi)).toContain('content/capannori/2024/schede/politiche-giovanili-polo-artemisia.md');
    expect(Object.keys(notice.ingressi)).toContain('templates/avviso.md.hbs');
  }, 120_000);
});

describe('the summary for the payroll office (CSV)', () => {
  it('UTF-8 with BOM, ";" separator, Italian decimals, CRLF, quoted when needed', async () => {
    const dir = project('csv');
    expect((await albo(['build', 'content/capannori/2024/fondo-2024.md'], dir)).code).toBe(0);
    const bytes = readFileSync(path.join(dir, 'out/capannori/2024/prospetto-riparto-2024.csv'));
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const lines = bytes.toString('utf8').slice(1).split('\r\n');
    expect(lines[0]).toBe('Anno;Id;Settore;Ufficio;Posizione;Pesatura;Indennità per specifiche responsabilità');
    // The settore as ente.yaml declares it, whatever the card's spelling (issue #13).
    expect(lines).toContain('2024;coordinamento-stato-civile;Servizi al Cittadino e Gabinetto del Sindaco;URP, servizi demografici, accoglienza del cittadino e servizi ausiliari;Coordinamento stato civile;91;1550,00');
    expect(lines).toHaveLength(7); // header, five positions, final line end
  });
});

describe('fund validation', () => {
  it('the sum of the pays above the fund is an error with the figures, at the amount', async () => {
    const dir = project('over');
    setFund(dir, (s) => s.replace('importo: 9800', 'importo: 9000'));
    const r = await albo(['check'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain("content/capannori/2024/fondo-2024.md:6:10: errore: le indennità dell'anno 2024 (€\u00a09.800,00) superano il fondo (€\u00a09.000,00) di €\u00a0800,00");
  });
  it('a pay above the CCNL maximum names the card, the rule and the cap', async () => {
    const dir = project('ccnl');
    setFund(dir, (s) => s.replace('importo: 9800', 'importo: 30000').replace('euro_per_punto: 50', 'euro_per_punto: 70'));
    const r = await albo(['check'], dir);
    expect(r.code).toBe(1);
    // 46 points × 70 € = 3.220 € > 3.000 €: the notice opens the positions to Funzionari and Istruttori.
    expect(r.err).toContain(
      "content/capannori/2024/schede/coordinamento-urp-sportelli-anagrafe.md:10:3: errore: indennità €\u00a03.220,00 oltre il massimo di €\u00a03.000,00 per una posizione aperta al personale dell'Area dei Funzionari e dell'Elevata Qualificazione e dell'Area degli Istruttori (limite contrattuale: art. 84, c. 1, CCNL Funzioni Locali 16.11.2022)",
    );
    expect(r.err.match(/oltre il massimo/g)).toHaveLength(2);
  });
  it('a pay typed by hand that disagrees with the allocation points at its line', async () => {
    const dir = project('typed');
    const file = path.join(dir, 'content/capannori/2024/schede/coordinamento-stato-civile.md');
    writeFileSync(file, readFileSync(file, 'utf8').replace('conoscenze:', 'retribuzione: 1600\nconoscenze:'));
    const r = await albo(['check'], dir);
    expect(r.err).toContain('content/capannori/2024/schede/coordinamento-stato-civile.md:15:15: errore: indennità €\u00a01.600,00 diversa da quella del riparto del fondo 2024 per 91 punti (€\u00a01.550,00)');
    writeFileSync(file, readFileSync(file, 'utf8').replace('retribuzione: 1600', 'retribuzione: 1550'));
    expect((await albo(['check'], dir)).code).toBe(0);
  });
  it('cards need their year\'s fund; a year has one fund', async () => {
    const dir = project('nofund');
    rmSync(path.join(dir, 'content/capannori/2023/fondo-2023.md'));
    const r = await albo(['check'], dir);
    expect(r.err).toContain("content/capannori/2023/stato-civile-2023.md:4:7: errore: nessun fondo per l'anno 2023: l'indennità non si può calcolare");
    const dup = project('twofunds');
    writeFileSync(path.join(dup, 'content/capannori/2024/altro-fondo.md'), readFileSync(path.join(dup, 'content/capannori/2024/fondo-2024.md'), 'utf8').replace('id: fondo-2024', 'id: fondo-2024-bis'));
    expect((await albo(['check'], dup)).err).toMatch(/content\/capannori\/2024\/(altro-fondo|fondo-2024)\.md:4:7: errore: secondo fondo per l'anno 2024/);
  });
  it('overlapping bands and a typo in the rule are located', async () => {
    const dir = project('bands');
    setFund(dir, (s) => s.replace(/regola:\n  tipo: per-punto\n  soglia: 60\n  euro_per_punto: 50/, 'regola:\n  tipo: fasce\n  fasce:\n    - { da: 60, a: 90, importo: 1500 }\n    - { da: 90, a: 110, importo: 2300 }'));
    const r = await albo(['check'], dir);
    expect(r.err).toContain('errore: la fascia 90–110 si sovrappone a 60–90');
    setFund(dir, (s) => s.replace('  tipo: fasce', '  tipo: fasse'));
    expect((await albo(['check'], dir)).err).toMatch(/fondo-2024\.md:\d+:\d+: errore: «regola\.tipo»: valore «fasse» non ammesso \(ammessi: per-punto, proporzionale, fasce, importo-fisso\)\n  suggerimento: intendevi «fasce»\?/);
  });
});
