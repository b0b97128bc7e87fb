import { describe, expect, it } from 'vitest';
import { bandFor } from '../src/compute/allocate.js';
import { formatPoints } from '../src/format/italian.js';
import { bandGaps } from '../src/validate/bands.js';
import { ente, type Edits } from './helpers/ente.js';

// Weights that fall in no band, and weights under the fund's minimum (the Valle del Savio trial:
// prove-errori/fasce-buco-14 and sotto-minimo), each on both sides of its boundary.

const plain = (s: string) => s.replace(/\u00a0/g, ' ');
const sub = (from: string | RegExp, to: string) => (t: string) => {
  const out = t.replace(from, to);
  if (out === t) throw new Error(`edit did not apply: ${String(from)}`);
  return out;
};
const FUND = '2024/fondo-2024.md';
const NOTICE = '2024/avviso-servizi-al-cittadino.md';
const PER_POINT = / {2}tipo: per-punto\n {2}soglia: 60\n {2}euro_per_punto: 50\n/;
/** Capannori's fund with bands (and extra lines after the rule). Its cards weigh 106, 106, 91, 100, 93. */
const bands = (list: string, extra = ''): Edits => ({ [FUND]: sub(PER_POINT, `  tipo: fasce\n  fasce:\n${list}${extra}`) });
const diagnostics = (edits: Edits) => ente('capannori', edits).diagnostics.map((d) => ({ where: `${d.file.split('/').pop()}:${d.line}:${d.column}`, severity: d.severity, message: plain(d.message), hint: d.hint && plain(d.hint) }));

describe('bandFor: bands include both ends', () => {
  const fasce = [{ da: 10, a: 13 }, { da: 15, a: 16 }];
  it('at each end inside, one point beyond outside', () => {
    expect([9, 10, 13, 14, 15, 16, 17].map((w) => bandFor(fasce, w)?.da ?? null)).toEqual([null, 10, 10, null, 15, 15, null]);
    expect(bandFor(fasce, 13.5)).toBeUndefined();
  });
});

describe('bandGaps: reachable weights no band covers', () => {
  it('contiguous bands (10–13, 14–16) leave no gap; 10–13, 15–16 leave 14', () => {
    expect(bandGaps([{ da: 10, a: 13 }, { da: 14, a: 16 }], 10, 16)).toEqual([]);
    expect(bandGaps([{ da: 10, a: 13 }, { da: 15, a: 16 }], 10, 16)).toEqual([{ from: 14, to: 14, next: 1 }]);
  });
  it('below the first band and above the last, as runs; the written order does not matter', () => {
    expect(bandGaps([{ da: 15, a: 16 }, { da: 10, a: 13 }], 4, 20)).toEqual([
      { from: 4, to: 9, next: 1 },
      { from: 14, to: 14, next: 0 },
      { from: 17, to: 20 },
    ]);
    expect(bandGaps([{ da: 4, a: 20 }], 4, 20)).toEqual([]);
    expect(bandGaps([{ da: 5, a: 20 }], 4, 20)).toEqual([{ from: 4, to: 4, next: 0 }]);
    expect(bandGaps([{ da: 4, a: 19 }], 4, 20)).toEqual([{ from: 20, to: 20 }]);
  });
  it('bands beyond the reachable range, overlapping, or running backwards', () => {
    expect(bandGaps([{ da: 0, a: 99 }, { da: 100, a: 200 }], 5, 100)).toEqual([]);
    expect(bandGaps([{ da: 10, a: 15 }, { da: 12, a: 20 }], 10, 20)).toEqual([]);
    expect(bandGaps([{ da: 30, a: 40 }], 10, 20)).toEqual([{ from: 10, to: 20, next: 0 }]);
    expect(bandGaps([{ da: 20, a: 10 }], 10, 20)).toEqual([{ from: 10, to: 20 }]);
  });
  it('on a grid: only weights a card can reach count (weights 2 apart from 10: 14 is unreachable)', () => {
    // Reachable: 11, 13, 15, … 21.
    expect(bandGaps([{ da: 10, a: 13 }, { da: 15, a: 21 }], 11, 21, 2)).toEqual([]);
    expect(bandGaps([{ da: 10, a: 12 }, { da: 15, a: 21 }], 11, 21, 2)).toEqual([{ from: 13, to: 13, next: 1 }]);
    expect(bandGaps([{ da: 10, a: 11 }, { da: 16, a: 21 }], 11, 21, 2)).toEqual([{ from: 13, to: 15, next: 1 }]);
    expect(bandGaps([{ da: 11, a: 18 }], 11, 21, 2)).toEqual([{ from: 19, to: 21 }]);
    // Hundredths of a point: 13,5 falls between two whole-point bands.
    expect(bandGaps([{ da: 1000, a: 1300 }, { da: 1400, a: 1600 }], 1000, 1600, 50)).toEqual([{ from: 1350, to: 1350, next: 1 }]);
  });
});

describe('formatPoints: weights the Italian way', () => {
  it('whole points as before, decimals with a comma, no trailing zero', () => {
    expect([9100, 0, 1350, 1305, 1310, 123_400, -250].map(formatPoints)).toEqual(['91', '0', '13,5', '13,05', '13,1', '1234', '-2,5']);
  });
});

describe('a card whose weight falls in no band (capannori with bands)', () => {
  it('93 inside 90–93: no message; 90–92 and 94–110 leave it out: an error at the card\'s scores, with the bands', () => {
    expect(diagnostics(bands('    - { da: 90, a: 93, importo: 1000 }\n    - { da: 94, a: 110, importo: 2000 }\n', 'pesatura_minima: 90\n'))).toEqual([]);
    const ds = diagnostics(bands('    - { da: 90, a: 92, importo: 1000 }\n    - { da: 94, a: 110, importo: 2000 }\n', 'pesatura_minima: 90\n'));
    expect(ds).toEqual([
      {
        where: 'fondo-2024.md:14:13',
        severity: 'avviso',
        message: 'la pesatura 93 non cade in nessuna fascia (fasce: 90–92, 94–110; le schede vanno da 5 a 100 punti, e sotto la pesatura minima di 90 non hanno indennità): una scheda con quella pesatura sarebbe un errore',
        hint: 'estendi una fascia o aggiungine una che comprenda 93 punti (gli estremi sono compresi: 10–13 e 14–16 non lasciano buchi)',
      },
      {
        where: 'coordinamento-polo-tecnologico.md:10:3',
        severity: 'errore',
        message: 'pesatura 93 in nessuna fascia del fondo 2024: la posizione non avrebbe indennità (fasce: 90–92, 94–110 punti)',
        hint: 'aggiungi o estendi una fascia che comprenda 93 punti nel fondo content/capannori/2024/fondo-2024.md, o rivedi i punteggi',
      },
    ]);
  });

  it('a written pesatura is where the error points; below the first band without a minimum, the hint offers one', () => {
    const written: Edits = { ...bands('    - { da: 92, a: 110, importo: 2000 }\n'), '2024/schede/coordinamento-stato-civile.md': sub('punteggi:', 'pesatura: 91\npunteggi:') };
    const civil = diagnostics(written).filter((d) => d.where.startsWith('coordinamento-stato-civile'));
    expect(civil).toEqual([
      {
        where: 'coordinamento-stato-civile.md:9:11',
        severity: 'errore',
        message: 'pesatura 91 in nessuna fascia del fondo 2024: la posizione non avrebbe indennità (fasce: 92–110 punti)',
        hint: 'aggiungi o estendi una fascia che comprenda 91 punti nel fondo content/capannori/2024/fondo-2024.md, o rivedi i punteggi; se sotto 92 punti non spetta indennità, scrivi nel fondo «pesatura_minima: 92»',
      },
    ]);
    // The same bands from 91: every card has its band, and the gap below 91 is only the fund's warning.
    const from91 = diagnostics(bands('    - { da: 91, a: 110, importo: 1900 }\n'));
    expect(from91.map((d) => [d.where, d.severity, d.message, d.hint])).toEqual([
      [
        'fondo-2024.md:13:13',
        'avviso',
        'le pesature da 5 a 90 non cadono in nessuna fascia (fasce: 91–110; le schede vanno da 5 a 100 punti): una scheda con quelle pesature sarebbe un errore',
        'estendi una fascia o aggiungine una; se sotto 91 punti non spetta indennità, scrivi nel fondo «pesatura_minima: 91»',
      ],
    ]);
  });

  it('above the last band: the fund\'s warning points at the band above the gap, or at the last band\'s end', () => {
    const ds = diagnostics(bands('    - { da: 0, a: 99, importo: 1000 }\n    - { da: 101, a: 200, importo: 2000 }\n'));
    expect(ds.map((d) => [d.where, d.severity, d.message])).toEqual([
      ['fondo-2024.md:14:13', 'avviso', 'la pesatura 100 non cade in nessuna fascia (fasce: 0–99, 101–200; le schede vanno da 5 a 100 punti): una scheda con quella pesatura sarebbe un errore'],
      ['politiche-giovanili-polo-artemisia.md:10:3', 'errore', 'pesatura 100 in nessuna fascia del fondo 2024: la posizione non avrebbe indennità (fasce: 0–99, 101–200 punti)'],
    ]);
    // A gap inside the range, with no minimum: the hint does not offer one (only a gap below the first band does).
    expect(ds[0]!.hint).toBe('estendi una fascia o aggiungine una che comprenda 100 punti (gli estremi sono compresi: 10–13 e 14–16 non lasciano buchi)');
    const top = diagnostics(bands('    - { da: 0, a: 99, importo: 1000 }\n    - { da: 100, a: 100, importo: 2000 }\n    - { da: 101, a: 120, importo: 2000 }\n'));
    expect(top).toEqual([]);
    // Ends short of the highest weight a card can reach (100): the last band's «a».
    const short = diagnostics(bands('    - { da: 0, a: 98, importo: 1000 }\n    - { da: 99, a: 99, importo: 2000 }\n', ''));
    expect(short.filter((d) => d.severity === 'avviso').map((d) => [d.where, d.message.slice(0, 48)])).toEqual([['fondo-2024.md:14:20', 'la pesatura 100 non cade in nessuna fascia (fasc']]);
  });
});

describe('a card under the fund\'s minimum', () => {
  const CIVIL = 'coordinamento-stato-civile';
  it('91 with a minimum of 91: no message; with 92: a warning on the card, attached to the notice, € 0,00', () => {
    const at91 = ente('capannori', { [FUND]: sub('  euro_per_punto: 50\n', '  euro_per_punto: 50\npesatura_minima: 91\n') });
    expect(at91.diagnostics).toEqual([]);
    expect(at91.project!.allocations.get(2024)!.allocation.pay.get(CIVIL)).toBe(155_000);
    const at92 = ente('capannori', { [FUND]: sub('  euro_per_punto: 50\n', '  euro_per_punto: 50\npesatura_minima: 92\n') });
    expect(at92.project!.allocations.get(2024)!.allocation.pay.get(CIVIL)).toBe(0);
    expect(at92.diagnostics.map((d) => ({ where: `${d.file}:${d.line}:${d.column}`, severity: d.severity, message: plain(d.message), hint: d.hint }))).toEqual([
      {
        where: `content/capannori/2024/schede/${CIVIL}.md:10:3`,
        severity: 'avviso',
        message: "pesatura 91 sotto la pesatura minima di 92 del fondo 2024: la posizione non riceve l'indennità (€ 0,00), ma è allegata all'avviso avviso-2024-servizi-al-cittadino",
        hint: "se la posizione non va retribuita, togli la scheda dall'avviso content/capannori/2024/avviso-servizi-al-cittadino.md; altrimenti rivedi i punteggi o «pesatura_minima» nel fondo content/capannori/2024/fondo-2024.md",
      },
    ]);
  });

  it('a card under the minimum that no notice attaches: no warning (the prospetto shows the rule)', () => {
    const detached = ente('capannori', { [FUND]: sub('  euro_per_punto: 50\n', '  euro_per_punto: 50\npesatura_minima: 92\n'), [NOTICE]: sub(`  - ${CIVIL}\n`, '') });
    expect(detached.diagnostics).toEqual([]);
  });

  it('with bands, a card under the minimum and under every band: the warning, not the band error', () => {
    const ds = diagnostics(bands('    - { da: 92, a: 110, importo: 2000 }\n', 'pesatura_minima: 92\n'));
    expect(ds.map((d) => [d.where, d.severity])).toEqual([['coordinamento-stato-civile.md:10:3', 'avviso']]);
  });
});
