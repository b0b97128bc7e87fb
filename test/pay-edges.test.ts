import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { allocateEq } from '../src/build/eq.js';
import { defaultRulebook } from '../src/rulebook/rulebook.js';
import { ente, type Edits } from './helpers/ente.js';
import { CONTENT } from './helpers/project.js';

// Edges of the fund shares and of the checks on them, on the shipped enti validated in memory (no build):
// where a message points, what it says with and without weighing, the order of the cards, and the result
// share's minimum as the contract writes it. The thresholds themselves are in fund-checks.test.ts.

// Amounts are printed with a no-break space after «€»: compared here as spaces.
const plain = (s: string) => s.replace(/\u00a0/g, ' ');
const show = (name: string, edits: Edits = {}, added: Record<string, string> = {}) =>
  ente(name, edits, added).diagnostics.map((d) => `${d.file}:${d.line ?? ''}:${d.column ?? ''}: ${plain(d.message)}`);
const sub = (from: string | RegExp, to: string) => (t: string) => {
  const out = t.replace(from, to);
  if (out === t) throw new Error(`edit did not apply: ${String(from)}`);
  return out;
};
const both = (...edits: ((t: string) => string)[]) => (t: string) => edits.reduce((s, e) => e(s), t);

const CAP = 'content/capannori/2024';
const FUND = '2024/fondo-2024.md';
const NOTICE = '2024/avviso-servizi-al-cittadino.md';
const CARDS = ['coordinamento-urp-sportelli-anagrafe', 'coordinamento-amministrativo-contabile-elettorale', 'coordinamento-stato-civile', 'politiche-giovanili-polo-artemisia', 'coordinamento-polo-tecnologico'];
const ART84 = 'limite contrattuale: art. 84, c. 1, CCNL Funzioni Locali 16.11.2022';

describe('an allowance written on a card that differs from the fund\'s share', () => {
  it('with weighing, the message gives the card\'s points; without weighing (fixed amounts), no points', () => {
    expect(show('capannori', { '2024/schede/coordinamento-stato-civile.md': sub('anno: 2024\n', 'anno: 2024\nretribuzione: 1000\n') })).toEqual([
      `${CAP}/schede/coordinamento-stato-civile.md:5:15: indennità € 1.000,00 diversa da quella del riparto del fondo 2024 per 91 punti (€ 1.550,00)`,
    ]);
    expect(show('esempio-importi-fissi', { '2025/schede/coordinamento-ufficio-tecnico.md': sub('anno: 2025\n', 'anno: 2025\nretribuzione: 1000\n') })).toEqual([
      'content/esempio-importi-fissi/2025/schede/coordinamento-ufficio-tecnico.md:5:15: indennità € 1.000,00 diversa da quella del riparto del fondo 2025 (€ 1.800,00)',
    ]);
  });
});

describe('an allowance above the contract\'s maximum', () => {

  it('shared by weighing: at the card\'s scores; with no notice naming Areas, the cap\'s own Area; the maximum itself passes', () => {
    // 100 euro a point over 60: 4.600,00 twice, 3.100,00, exactly 4.000,00, 3.300,00; no notice, the cap of the Funzionari.
    const ds = show('capannori', { [NOTICE]: null, [FUND]: both(sub('importo: 9800', 'importo: 98000'), sub('euro_per_punto: 50', 'euro_per_punto: 100')) });
    expect(ds).toEqual(['coordinamento-amministrativo-contabile-elettorale', 'coordinamento-urp-sportelli-anagrafe'].map((id) => `${CAP}/schede/${id}.md:10:3: indennità € 4.600,00 oltre il massimo di € 4.000,00 per una posizione aperta al personale dell'Area dei Funzionari e dell'Elevata Qualificazione (${ART84})`));
  });

  it('a fixed amount, even where the ente weighs its positions: at the card\'s id (the scores did not set it)', () => {
    const fixed = sub(/regola:\n[\s\S]*?---/, 'regola:\n  tipo: importo-fisso\n  importo: 3000.01\n---');
    expect(show('capannori', { [FUND]: both(sub('importo: 9800', 'importo: 98000'), fixed) }).sort()).toEqual(
      [...CARDS].sort().map((id) => `${CAP}/schede/${id}.md:3:5: indennità € 3.000,01 oltre il massimo di € 3.000,00 per una posizione aperta al personale dell'Area dei Funzionari e dell'Elevata Qualificazione e dell'Area degli Istruttori (${ART84})`),
    );
  });
});

describe('the order of a year\'s cards', () => {
  it('a card attached to a second notice of the year keeps the place the first notice gives it', () => {
    const notice = readFileSync(path.join(CONTENT, 'capannori', NOTICE), 'utf8');
    const second = both(sub('id: avviso-2024-servizi-al-cittadino', 'id: avviso-2024-riapertura'), sub(/schede:\n[\s\S]*?---/, 'schede:\n  - coordinamento-stato-civile\n  - coordinamento-urp-sportelli-anagrafe\n---'));
    const r = ente('capannori', {}, { '2024/avviso-zz-riapertura.md': second(notice) });
    expect(r.diagnostics).toEqual([]);
    expect(r.project!.allocations.get(2024)!.cards.map((c) => c.data.id)).toEqual(CARDS);
  });
});

describe('a fund that shares by weighing in an ente that does not weigh', () => {
  it('is reported at the rule\'s «tipo»', () => {
    expect(show('esempio-importi-fissi', { '2025/fondo-2025.md': sub(/regola:\n[\s\S]*?---/, 'regola:\n  tipo: proporzionale\n---') })).toEqual([
      'content/esempio-importi-fissi/2025/fondo-2025.md:8:9: la regola «proporzionale» riparte per pesatura, ma l\'ente non pesa le posizioni (nessun criterio in ente.yaml)',
    ]);
  });
});

describe('the EQ result share below the contract\'s minimum', () => {
  it('both percentages are written with a decimal comma', () => {
    const p = ente('ormelle').project!;
    const notices = p.docs.filter((d) => d.kind.tipo === 'avviso') as Parameters<typeof allocateEq>[2];
    const full = defaultRulebook();
    const book = { ...full, rules: full.rules.map((x) => (x.voce === 'eq-risultato' ? { ...x, quota_minima: 12.5 } : x)) };
    const config = { ...p.config, eq: { ...p.config.eq!, risultato_percentuale: 12.25 } };
    expect(allocateEq(config, p.docs, notices, p.configSource, book).diagnostics.map((d) => plain(d.message))).toEqual([
      'quota di risultato del 12,25% sotto il minimo contrattuale del 12,5% in vigore il 15/01/2025 (art. 17, c. 4, CCNL Funzioni Locali 16.11.2022)',
    ]);
  });
});
