import { describe, expect, it } from 'vitest';
import { byCount, formatDate, formatEuro, formatLongDate, isoDateProblem, joinItalian, namesItsUnit, quotedUnitName, unitName, unitNames } from '../src/format/italian.js';
import { isoDate } from '../src/kinds/common.js';

const nb = (s: string) => s.replace(/ /g, '\u00a0');

describe('Italian formats', () => {
  it('money: € 2.300,00 with a no-break space, thousands with dots, cents with a comma', () => {
    expect(formatEuro(230000)).toBe(nb('€ 2.300,00'));
    expect(formatEuro(1000001)).toBe(nb('€ 10.000,01'));
    expect(formatEuro(5)).toBe(nb('€ 0,05'));
    expect(formatEuro(123456789)).toBe(nb('€ 1.234.567,89'));
    expect(formatEuro(-150)).toBe(nb('-€ 1,50'));
  });
  it('dates: 15/01/2024 and 15 gennaio 2024 (1º for the first)', () => {
    expect(formatDate('2024-01-15')).toBe('15/01/2024');
    expect(formatLongDate('2024-01-15')).toBe('15 gennaio 2024');
    expect(formatLongDate('2024-04-01')).toBe('1º aprile 2024');
    expect(() => formatDate('15/01/2024')).toThrow();
  });
  it('lists: "D e C", "A, B e C"', () => {
    expect(joinItalian(['D', 'C'])).toBe('D e C');
    expect(joinItalian(['A', 'B', 'C'])).toBe('A, B e C');
    expect(joinItalian(['curriculum vitae'])).toBe('curriculum vitae');
  });
});


describe('why a date is not valid', () => {
  it('a date in the right shape that does not exist is named as such, with the month\'s length', () => {
    expect(isoDateProblem('2025-02-30')).toBe('data inesistente: febbraio 2025 ha 28 giorni, non 30');
    expect(isoDateProblem('2024-02-30')).toBe('data inesistente: febbraio 2024 ha 29 giorni, non 30');
    expect(isoDateProblem('2025-04-31')).toBe('data inesistente: aprile 2025 ha 30 giorni, non 31');
    expect(isoDateProblem('2025-13-01')).toContain('il mese «13» non esiste');
    expect(isoDateProblem('2025-00-10')).toContain('il mese «00» non esiste');
    expect(isoDateProblem('2025-01-00')).toBe('data inesistente: il giorno «00» non esiste (da 01 a 31; la data si scrive AAAA-MM-GG)');
  });
  it('anything else is a wrong shape, with the shape to use', () => {
    for (const t of ['15/01/2024', '2024-1-15', '2024-01-15T00:00', '', 'ieri']) expect(isoDateProblem(t), t).toBe('data non valida: scrivila come AAAA-MM-GG (es. 2024-01-15)');
  });
  it('a source with 30 February: the message says the day does not exist', () => {
    const r = isoDate.safeParse('2025-02-30');
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.message).toBe('data inesistente: febbraio 2025 ha 28 giorni, non 30');
    expect(isoDate.safeParse('2024-02-29').success).toBe(true);
  });
});

describe('names of settori and offices', () => {
  it('a name beginning with a word naming its unit prints as written; a bare name gets the noun', () => {
    expect(unitName('Settore', 'Settore Servizi Sociali')).toBe('Settore Servizi Sociali');
    expect(unitName('Settore', 'Corpo di Polizia Locale')).toBe('Corpo di Polizia Locale');
    expect(unitName('Settore', 'Servizio Sistemi Informativi Associati')).toBe('Servizio Sistemi Informativi Associati');
    expect(unitName('Ufficio', 'Ufficio Reti e Sicurezza')).toBe('Ufficio Reti e Sicurezza');
    expect(unitName('Ufficio', 'Comando – Reparto Viabilità')).toBe('Comando – Reparto Viabilità');
    expect(unitName('Settore', 'Tributi')).toBe('Settore Tributi');
    expect(unitName('Ufficio', 'Reti e Sicurezza')).toBe('Ufficio Reti e Sicurezza');
  });
  it('every unit word, and the abbreviations U.O., U.O.C., U.O.S.', () => {
    const words = ['Settore', 'Area', 'Servizio', 'Ufficio', 'Corpo', 'Comando', 'Dipartimento', 'Direzione', 'Divisione', 'Ripartizione', 'Unità', 'Sezione', 'Reparto', 'Nucleo', 'Staff', 'Segreteria', 'Avvocatura'];
    for (const w of words) expect([w, namesItsUnit(`${w} Tecnico`)]).toEqual([w, true]);
    for (const w of ['U.O.', 'U.O.C.', 'U.O.S.', 'U. O.']) expect([w, namesItsUnit(`${w} Tributi`)]).toEqual([w, true]);
  });
  it('"Servizi" is not "Servizio": Capannori\'s settore keeps its «Settore»', () => {
    expect(namesItsUnit('Servizi al Cittadino e Gabinetto del Sindaco')).toBe(false);
    expect(unitName('Settore', 'Servizi al Cittadino e Gabinetto del Sindaco')).toBe('Settore Servizi al Cittadino e Gabinetto del Sindaco');
    expect(namesItsUnit('Servizio')).toBe(true);
    expect(namesItsUnit('Servizio Personale')).toBe(true);
    expect(namesItsUnit('Servizio-Personale')).toBe(true);
  });
  it('a whole word only: «Areale», «Settoriale», «Corporate», «Staffetta», «Aree», «Sezioni», «Direzionale» are bare', () => {
    for (const name of ['Areale verde', 'Settoriale', 'Corporate identity', 'Staffetta', 'Aree protette', 'Sezioni elettorali', 'Direzionale', 'Uffici demografici', 'Unitario', 'UO Tributi', 'Settore2']) {
      expect([name, namesItsUnit(name)]).toEqual([name, false]);
    }
  });
  it('any case, leading spaces, accents composed or not, «Unita\'» typed without the accent', () => {
    expect(namesItsUnit('SETTORE TECNICO')).toBe(true);
    expect(namesItsUnit('settore tecnico')).toBe(true);
    expect(namesItsUnit('  Area Tecnica')).toBe(true);
    expect(namesItsUnit('Unità Operativa Tributi')).toBe(true);
    expect(namesItsUnit('UNITÀ OPERATIVA')).toBe(true);
    expect(namesItsUnit('Unita\u0300 di progetto')).toBe(true);
    expect(namesItsUnit("Unita' di staff")).toBe(true);
    expect(namesItsUnit('Unita’ di staff')).toBe(true);
    expect(namesItsUnit('Unita di staff')).toBe(false);
  });
  it('the quoted form: «Settore “Tributi”», a name that says what it is as written', () => {
    expect(quotedUnitName('Settore', 'Servizi al Cittadino e Gabinetto del Sindaco')).toBe('Settore “Servizi al Cittadino e Gabinetto del Sindaco”');
    expect(quotedUnitName('Settore', 'Settore Servizi Sociali')).toBe('Settore Servizi Sociali');
    expect(quotedUnitName('Settore', 'Corpo di Polizia Locale')).toBe('Corpo di Polizia Locale');
  });
  it('no name, no words', () => {
    expect(unitName('Settore', null)).toBe('');
    expect(unitName('Settore', ' ')).toBe('');
    expect(quotedUnitName('Settore', null)).toBe('');
    expect(unitNames('Settore', 'Settori', null)).toBe('');
    expect(unitNames('Settore', 'Settori', [])).toBe('');
  });
  it('several: «Settori A e B» when all are bare, each on its own otherwise', () => {
    expect(unitNames('Settore', 'Settori', ['Tecnico', 'Finanziario'])).toBe('Settori Tecnico e Finanziario');
    expect(unitNames('Settore', 'Settori', ['Tecnico', 'Finanziario', 'Servizi demografici'])).toBe('Settori Tecnico, Finanziario e Servizi demografici');
    expect(unitNames('Settore', 'Settori', ['Corpo di Polizia Locale', 'Finanziario'])).toBe('Corpo di Polizia Locale e Settore Finanziario');
    expect(unitNames('Settore', 'Settori', ['Area Tecnica', 'Area Finanziaria'])).toBe('Area Tecnica e Area Finanziaria');
    expect(unitNames('Settore', 'Settori', ['Tecnico'])).toBe('Settore Tecnico');
  });
});

describe('singular and plural', () => {
  it('the singular for one only', () => {
    expect([0, 1, 2, 10].map((n) => byCount(n, 'scheda', 'schede'))).toEqual(['schede', 'scheda', 'schede', 'schede']);
  });
});
