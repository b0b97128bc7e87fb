import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { crossCheck, validateSource } from '../src/build/project.js';
import type { Doc } from '../src/kinds/kind.js';
import { check, readCard, show, shippedConfig, CARDS, CONTENT } from './helpers/project.js';
import { ROOT } from './helpers/seed.js';

const URP = 'coordinamento-urp-sportelli-anagrafe';
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('the seed as published (fixtures)', () => {
  it('reports the first card\'s out-of-range 28s at their lines, with the hint about the extra criterion', () => {
    const file = 'test/fixtures/seed/coordinamento-urp-sportelli-anagrafe.md';
    const text = readFileSync(path.join(ROOT, file), 'utf8');
    const out = show(check(text, file));
    expect(out).toEqual([
      `${file}:${lineOf(text, 'complessita_organizzativa: 28')}:30: errore: «punteggi.complessita_organizzativa»: punteggio 28 fuori dall'intervallo 1–25 del criterio «Complessità organizzativa»\n` +
        '  suggerimento: i punti oltre il massimo di un criterio non sono ammessi: se la posizione ha «Particolarmente elevata autonomia e complessità tecnica e/o amministrativa», indicali in «punteggi.elevata_autonomia» con la sezione "## Motivazione"',
      `${file}:${lineOf(text, '  autonomia: 28')}:14: errore: «punteggi.autonomia»: punteggio 28 fuori dall'intervallo 1–25 del criterio «Autonomia»\n` +
        '  suggerimento: i punti oltre il massimo di un criterio non sono ammessi: se la posizione ha «Particolarmente elevata autonomia e complessità tecnica e/o amministrativa», indicali in «punteggi.elevata_autonomia» con la sezione "## Motivazione"',
    ]);
  });

  it('reports the same error on the second card (amministrativo-contabile ed elettorale)', () => {
    const file = 'test/fixtures/seed/coordinamento-amministrativo-contabile-elettorale.md';
    const ds = check(readFileSync(path.join(ROOT, file), 'utf8'), file);
    expect(ds.map((d) => d.message)).toEqual([
      "«punteggi.complessita_organizzativa»: punteggio 28 fuori dall'intervallo 1–25 del criterio «Complessità organizzativa»",
      "«punteggi.autonomia»: punteggio 28 fuori dall'intervallo 1–25 del criterio «Autonomia»",
    ]);
  });

  it('accepts the corrected cards: 100 points plus 6 for the extra criterion make the seed\'s 106', () => {
    for (const id of [URP, 'coordinamento-amministrativo-contabile-elettorale']) {
      expect(show(check(readCard(id), `${id}.md`))).toEqual([]);
    }
  });

  it('catches the third card\'s sector, which differs from the notice it is attached to', () => {
    // As an ente that has not declared its settori in ente.yaml (declared ones: test/wording.test.ts).
    const config = { ...shippedConfig(), settori: [] };
    const load = (file: string, text?: string) => {
      const r = validateSource(text !== undefined ? new TextEncoder().encode(text) : readFileSync(file), path.relative(ROOT, file), config);
      if (!r.doc) throw new Error(show(r.diagnostics).join('\n'));
      return r.doc;
    };
    const seedSector = readCard('politiche-giovanili-polo-artemisia').replace(/^settore: .*$/m, 'settore: "Servizi al Cittadino"');
    const docs: Doc[] = [
      load(path.join(CONTENT, 'capannori', '2024', 'avviso-servizi-al-cittadino.md')),
      load(path.join(CONTENT, 'capannori', '2024', 'fondo-2024.md')),
      ...['coordinamento-urp-sportelli-anagrafe', 'coordinamento-amministrativo-contabile-elettorale', 'coordinamento-stato-civile', 'coordinamento-polo-tecnologico'].map((id) => load(path.join(CARDS, `${id}.md`))),
      load(path.join(CARDS, 'politiche-giovanili-polo-artemisia.md'), seedSector),
    ];
    const { diagnostics } = crossCheck(config, docs);
    expect(show(diagnostics)).toEqual([
      `content/capannori/2024/avviso-servizi-al-cittadino.md:${lineOf(readFileSync(path.join(CONTENT, 'capannori', '2024', 'avviso-servizi-al-cittadino.md'), 'utf8'), '- politiche-giovanili')}:5: errore: la scheda «politiche-giovanili-polo-artemisia» è del settore «Servizi al Cittadino», l'avviso del settore «Servizi al Cittadino e Gabinetto del Sindaco»\n` +
        '  suggerimento: correggi "settore:" in content/capannori/2024/schede/politiche-giovanili-polo-artemisia.md, allega la scheda all\'avviso del suo settore, o togli «settore» dall\'avviso se è per tutto l\'ente',
    ]);
  });
});

describe('domain rules', () => {
  const card = readCard(URP);
  it('checks a written total weight against the sum', () => {
    const text = card.replace('conoscenze:', 'pesatura: 100\nconoscenze:');
    expect(show(check(text))).toEqual([
      `content/capannori/2024/schede/prova.md:${lineOf(text, 'pesatura: 100')}:11: errore: pesatura 100 diversa dalla somma dei punteggi (106)\n  suggerimento: la pesatura si calcola da sé: puoi togliere il campo`,
    ]);
  });
  it('requires a motivation for extra points', () => {
    const ds = check(card.replace(/## Motivazione\n[\s\S]*?(?=## Requisiti)/, ''));
    expect(ds.map((d) => `${d.line}: ${d.message}`)).toEqual([
      `${lineOf(card, 'elevata_autonomia: 6')}: 6 punti per «Particolarmente elevata autonomia e complessità tecnica e/o amministrativa» senza motivazione`,
    ]);
  });
  it('caps the extra criterion where the ente adopted a scale, at its maximum exactly', () => {
    const base = shippedConfig();
    const config = { ...base, maggiorazione: { ...base.maggiorazione!, max: 10 } };
    const at = (points: number) => validateSource(new TextEncoder().encode(card.replace('elevata_autonomia: 6', `elevata_autonomia: ${points}`)), 'prova.md', config).diagnostics;
    expect(at(11)[0]?.message).toContain('punteggio 11 fuori dall\'intervallo 0–10');
    expect(show(at(10))).toEqual([]);
  });
  it('without a scale (Capannori adopted none) the extra points need only their motivation', () => {
    expect(show(check(card.replace('elevata_autonomia: 6', 'elevata_autonomia: 12')))).toEqual([]);
    expect(check(card.replace('elevata_autonomia: 6', 'elevata_autonomia: -1'))[0]?.message).toContain('non possono essere negativi');
  });
  it('refuses a non-integer score', () => {
    expect(check(card.replace('  autonomia: 25', '  autonomia: 24.5'))[0]?.message).toBe('«punteggi.autonomia» deve essere un numero intero, trovato il numero 24,5');
  });
});

describe('located shape errors', () => {
  const card = readCard('coordinamento-stato-civile');
  it('unknown key: did-you-mean, at the key', () => {
    expect(show(check(card.replace('titolo:', 'titlo:')))).toEqual([
      'content/capannori/2024/schede/prova.md:7:1: errore: campo sconosciuto «titlo»\n  suggerimento: intendevi «titolo»?',
    ]);
  });
  it('unknown nested key: did-you-mean with the full path', () => {
    expect(show(check(card.replace('  autonomia: 23', '  autonomai: 23')))).toEqual([
      'content/capannori/2024/schede/prova.md:12:3: errore: campo sconosciuto «punteggi.autonomai»\n  suggerimento: intendevi «autonomia»?',
    ]);
  });
  it('wrong type, at the value', () => {
    expect(show(check(card.replace('anno: 2024', 'anno: duemila')))).toEqual([
      'content/capannori/2024/schede/prova.md:4:7: errore: «anno» deve essere un numero intero, trovato il testo «duemila»',
    ]);
  });
  it('missing field', () => {
    expect(show(check(card.replace(/^ufficio: .*\n/m, '')))).toEqual([
      'content/capannori/2024/schede/prova.md:2:1: errore: manca il campo obbligatorio «ufficio»\n  suggerimento: aggiungi «ufficio:» con un testo',
    ]);
  });
  it('"sì" is not a specification', () => {
    expect(check(card.replace('informatiche: true', 'informatiche: sì'))[0]?.message).toMatch(/scrivi true o false/);
  });
  it('unknown document kind', () => {
    expect(show(check(card.replace('tipo: scheda', 'tipo: schda')))).toEqual([
      'content/capannori/2024/schede/prova.md:2:7: errore: tipo di documento sconosciuto «schda»\n  suggerimento: intendevi «scheda»?',
    ]);
  });
});

describe('body sections', () => {
  const card = readCard('coordinamento-stato-civile');
  const line = (h: string) => lineOf(card, h);
  it('missing section: located in the body', () => {
    const ds = check(card.replace('## Requisiti', '## Requisit'));
    expect(show(ds)).toEqual([
      `content/capannori/2024/schede/prova.md:${line('## Bisogno organizzativo') - 1}:1: errore: manca la sezione obbligatoria «Requisiti»\n  suggerimento: aggiungi una riga "## Requisiti" seguita dal testo`,
      `content/capannori/2024/schede/prova.md:${line('## Requisiti')}:1: errore: sezione sconosciuta «Requisit»\n  suggerimento: intendevi «Requisiti»?`,
    ]);
  });
  it('duplicated section', () => {
    const ds = check(card.replace('## Descrizione ruolo', '## Bisogno organizzativo'));
    expect(ds.map((d) => `${d.line}: ${d.message}`)).toContain(`${line('## Descrizione ruolo')}: sezione «Bisogno organizzativo» ripetuta (già alla riga ${line('## Bisogno organizzativo')})`);
  });
  it('text outside any section', () => {
    const ds = check(card.replace('## Bisogno organizzativo', 'Premessa.\n\n## Bisogno organizzativo'));
    expect(ds[0]?.message).toBe('testo fuori da ogni sezione');
  });
  it('unknown directives and raw HTML are refused with their position', () => {
    const ds = check(card.replace('## Requisiti\n', '## Requisiti\n\n::firme\n\n<div>x</div>\n'));
    expect(ds.map((d) => d.message)).toEqual(['direttiva sconosciuta «firme»', 'HTML non ammesso: «<div>x</div>»']);
  });
  it('inline colons stay text (no inline directives): "ore 10:30", "art. 1:3"', () => {
    expect(check(card.replace('## Requisiti\n', '## Requisiti\n\nRicevimento ore 10:30, art. 1:3 e nota:bene.\n'))).toEqual([]);
  });
});

describe('bad input never crashes', () => {
  const card = readCard('coordinamento-stato-civile');
  it('malformed YAML: located message in Italian', () => {
    const ds = check(card.replace('titolo: "Coordinamento stato civile"', 'titolo: "Coordinamento stato civile'));
    expect(ds).toHaveLength(1);
    expect(ds[0]?.message).toMatch(/^YAML non valido/);
    expect(ds[0]?.line).toBeGreaterThanOrEqual(7);
  });
  it('duplicate YAML key', () => {
    const ds = check(card.replace('anno: 2024', 'anno: 2024\nanno: 2025'));
    expect(ds[0]?.message).toBe('YAML non valido: campo ripetuto: ogni campo può comparire una volta sola');
    expect(ds[0]?.line).toBe(5);
  });
  it('empty file', () => {
    expect(show(check(''))).toEqual(['content/capannori/2024/schede/prova.md: errore: il file è vuoto\n  suggerimento: un sorgente inizia con il frontmatter tra due righe "---" (vedi README)']);
  });
  it('binary file', () => {
    expect(check(new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x00, 0x01, 0x02, 0xff]))[0]?.message).toMatch(/binario/);
  });
  it('UTF-16 file', () => {
    expect(check(new Uint8Array([0xff, 0xfe, 0x2d, 0x00]))[0]?.message).toBe('il file è in UTF-16');
  });
  it('no frontmatter, and an unclosed one', () => {
    expect(check('## Bisogno organizzativo\n\nTesto.\n')[0]?.message).toMatch(/manca il frontmatter/);
    expect(check('---\ntipo: scheda\n\n## Bisogno organizzativo\n')[0]?.message).toMatch(/non è mai chiuso/);
  });
  it('Windows-1252 text is read correctly, with a warning at the first non-UTF-8 line', () => {
    const latin = Uint8Array.from(Buffer.from(card.replace(/[’“”–]/g, "'"), 'latin1'));
    const ds = check(latin);
    expect(ds.map((d) => [d.severity, d.message])).toEqual([['avviso', 'il file non è in UTF-8: letto come Windows-1252']]);
    const r = validateSource(latin, 'x.md', shippedConfig());
    expect(r.doc?.sections.bisogno?.markdown).toContain('È fondamentale'.slice(1)); // "è fondamentale" decoded
  });
  it('CRLF and a BOM are read exactly like LF UTF-8, with the same line numbers', () => {
    const crlf = '\ufeff' + card.replace('titolo:', 'titlo:').replace(/\n/g, '\r\n');
    expect(show(check(crlf))).toEqual(show(check(card.replace('titolo:', 'titlo:'))));
    expect(check('\ufeff' + card.replace(/\n/g, '\r\n'))).toEqual([]);
  });
});

describe('shipped content', () => {
  it('every shipped source is valid', () => {
    const config = shippedConfig();
    for (const file of ['avviso-servizi-al-cittadino.md']) {
      expect(show(validateSource(readFileSync(path.join(CONTENT, 'capannori', '2024', file)), file, config).diagnostics)).toEqual([]);
    }
  });
});

describe('every glyph used must exist in the font', () => {
  const card = readCard('coordinamento-stato-civile');
  it('a character the font lacks is located in the body', () => {
    const text = card.replace('## Requisiti\n\n', '## Requisiti\n\nSpunta ✓ e freccia →.\n\n');
    expect(show(check(text))).toEqual([
      `content/capannori/2024/schede/prova.md:${lineOf(text, 'Spunta')}:1: errore: carattere non stampabile con il font del documento: «✓» (U+2713)\n  suggerimento: il carattere del documento (Titillium Web) non ha questo segno: sostituiscilo (es. "->" per una freccia, "x" per una spunta)`,
      `content/capannori/2024/schede/prova.md:${lineOf(text, 'Spunta')}:1: errore: carattere non stampabile con il font del documento: «→» (U+2192)\n  suggerimento: il carattere del documento (Titillium Web) non ha questo segno: sostituiscilo (es. "->" per una freccia, "x" per una spunta)`,
    ]);
  });
  it('and in the frontmatter, at the field', () => {
    const ds = check(card.replace('titolo: "Coordinamento stato civile"', 'titolo: "Coordinamento stato civile ★"'));
    expect(ds.map((d) => `${d.line}:${d.column}: ${d.message}`)).toEqual(['7:9: caratteri non stampabili con il font del documento: «★» (U+2605)']);
  });
  it('Italian text, typographic quotes, dashes, € and the no-break space are all in the font', () => {
    expect(check(card.replace('## Requisiti\n\n', '## Requisiti\n\nÈ “così” – à è é ì ò ù À Ù «» € 1.000,00 ’ … ° ª º §\n\n'))).toEqual([]);
  });
});
