import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { albo } from './helpers/cli.js';
import { docxText, pdfText, squash } from './helpers/extract.js';
import { ROOT } from './helpers/seed.js';
import { scratchProject } from './helpers/scratch.js';
import { legalBasisIssues, legalBasisPhrase } from '../src/kinds/legal-basis.js';
import { dependencyClosure, dependencyGraph, type SourceInfo } from '../src/build/scope.js';

/**
 * Issue 12: each ente's own wording (its templates, the basis and audience of its notices), scoped
 * commands that answer for what was asked, and `albo nuovo`. Every case builds its own scratch project.
 */
const tmp = mkdtempSync(path.join(tmpdir(), 'albo-parole-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let count = 0;
/** A project with the given entes (folder → files) and the shipped templates. */
function project(entes: Record<string, Record<string, string>>): string {
  const dir = path.join(tmp, `p${++count}`);
  for (const [ente, files] of Object.entries(entes)) {
    for (const [name, text] of Object.entries(files)) {
      const file = path.join(dir, 'content', ente, name);
      mkdirSync(path.dirname(file), { recursive: true });
      writeFileSync(file, text);
    }
  }
  cpSync(path.join(ROOT, 'templates'), path.join(dir, 'templates'), { recursive: true });
  return dir;
}

const ENTE = (nome: string) => `ente: { nome: ${nome}, luogo: Prova }
criteri:
  - { id: competenze, nome: Competenze, min: 1, max: 50, elementi: [Competenze.] }
  - { id: autonomia, nome: Autonomia, min: 1, max: 50, elementi: [Autonomia.] }
`;

const card = (id: string, settore: string, scores = 'competenze: 30, autonomia: 30') => `---
tipo: scheda
id: ${id}
anno: 2025
settore: ${settore}
ufficio: Ufficio ${id}
titolo: Posizione ${id}
ruolo: responsabile
punteggi: { ${scores} }
---

## Bisogno organizzativo

Bisogno.

## Descrizione ruolo

Ruolo.

## Requisiti

Requisiti.
`;

const fund = `---
tipo: fondo
id: fondo-2025
anno: 2025
importo: 10000
provenienza: Fondo di prova
regola: { tipo: per-punto, soglia: 40, euro_per_punto: 50 }
---
`;

const notice = (basis: string, audience: string, schede: string[]) => `---
tipo: avviso
id: avviso-2025
anno: 2025
data: 2025-03-03
${basis}
${audience}
aree: [istruttori]
termine_giorni: 10
modalita_domanda: posta elettronica
allegati_domanda: [curriculum vitae]
firmatario: { ruolo: Il Segretario comunale, nome: Anna Bianchi }
schede: [${schede.join(', ')}]
---

## Selezione

Selezione.
`;

const CCDI = 'ccdi: { articolo: 7, denominazione: contratto collettivo decentrato integrativo 2023-2025, sottoscrizione: 2023-12-15 }';

/** The PDF's text with spacing normalised (one space), case kept. */
async function pdfOf(dir: string, rel: string): Promise<string> {
  return (await pdfText(readFileSync(path.join(dir, 'out', rel)))).join('\n').replace(/[\s\u00a0]+/g, ' ');
}
const docxOf = (dir: string, rel: string) => docxText(readFileSync(path.join(dir, 'out', rel))).replace(/[\s\u00a0]+/g, ' ');

describe('the legal basis of a notice (regulation, CCDI, CCNL), printed in the standard form with its date', () => {
  it('each form', () => {
    expect(legalBasisPhrase({ regolamento: { articolo: 3, denominazione: 'regolamento delle indennità', organo: 'Giunta comunale', delibera: { numero: 217, data: '2022-12-12' } } })!.testo).toBe(
      "dell'art. 3 del regolamento delle indennità, approvato con deliberazione della Giunta comunale n. 217 del 12/12/2022",
    );
    expect(legalBasisPhrase({ regolamento: { articolo: '3 bis', denominazione: 'regolamento', organo: 'Consiglio comunale', delibera: { numero: 5, anno: 2020 } } })!.testo).toBe(
      "dell'art. 3 bis del regolamento, approvato con deliberazione del Consiglio comunale n. 5/2020",
    );
    expect(legalBasisPhrase({ ccdi: { articolo: 7, denominazione: 'contratto collettivo decentrato integrativo 2023-2025', sottoscrizione: '2023-12-15' } })!.testo).toBe(
      "dell'art. 7 del contratto collettivo decentrato integrativo 2023-2025, sottoscritto il 15 dicembre 2023",
    );
    expect(legalBasisPhrase({ ccdi: { denominazione: 'CCDI', sottoscrizione: '2024-03-01' } })!.testo).toBe('del CCDI, sottoscritto il 1º marzo 2024');
    expect(legalBasisPhrase({ ccnl: { articolo: 84, comma: 1, denominazione: 'CCNL Funzioni Locali', sottoscrizione: '2022-11-16' } })!.testo).toBe(
      "dell'art. 84, comma 1, del CCNL Funzioni Locali sottoscritto il 16 novembre 2022",
    );
  });

  it('exactly one basis; a deliberation needs its date or year; an unknown CCNL date is a warning', () => {
    expect(legalBasisIssues({}).map((i) => i.message)).toEqual(["manca la base dell'avviso: «regolamento», «ccdi» o «ccnl»"]);
    const both = legalBasisIssues({ ccdi: { denominazione: 'x', sottoscrizione: '2024-01-01' }, ccnl: { articolo: 84, denominazione: 'CCNL', sottoscrizione: '2022-11-16' } });
    expect(both.map((i) => [i.path, i.message])).toEqual([[['ccnl'], "«ccdi» e «ccnl» insieme: l'avviso cita una sola base"]]);
    const r = { articolo: 1, denominazione: 'r', organo: 'giunta' };
    expect(legalBasisIssues({ regolamento: { ...r, delibera: { numero: 1 } } })[0]!.path).toEqual(['regolamento', 'delibera']);
    expect(legalBasisIssues({ regolamento: { ...r, delibera: { numero: 1, anno: 2023, data: '2024-01-10' } } })[0]!.path).toEqual(['regolamento', 'delibera', 'anno']);
    expect(legalBasisIssues({ regolamento: { ...r, delibera: { numero: 1, anno: 2024, data: '2024-01-10' } } })).toEqual([]);
    expect(legalBasisIssues({ ccnl: { articolo: 84, denominazione: 'CCNL', sottoscrizione: '2022-11-16' } })).toEqual([]);
    const unknown = legalBasisIssues({ ccnl: { articolo: 84, denominazione: 'CCNL', sottoscrizione: '2022-11-17' } });
    expect(unknown.map((i) => i.severity)).toEqual(['avviso']);
    expect(unknown[0]!.hint).toContain('2022-11-16');
  });
});

describe('an ente-wide notice based on the CCDI, with cards from two settori', () => {
  const dir = project({
    ente: {
      'ente.yaml': ENTE('Comune di Prova'),
      '2025/avviso.md': notice(CCDI, '', ['tributi', 'tecnico', 'ragioneria']),
      '2025/fondo.md': fund,
      '2025/schede/tributi.md': card('tributi', 'Finanziario'),
      '2025/schede/tecnico.md': card('tecnico', 'Tecnico', 'competenze: 40, autonomia: 40'),
      '2025/schede/ragioneria.md': card('ragioneria', 'Finanziario', 'competenze: 25, autonomia: 25'),
    },
  });

  it('builds, cites the CCDI, is open to the whole ente and groups the cards by settore in the notice order', async () => {
    const r = await albo(['build'], dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    for (const text of [await pdfOf(dir, 'ente/2025/avviso.pdf'), docxOf(dir, 'ente/2025/avviso.docx')]) {
      expect(squash(text)).toContain(squash("Ai sensi dell'art. 7 del contratto collettivo decentrato integrativo 2023-2025, sottoscritto il 15 dicembre 2023, è indetta la selezione"));
      expect(squash(text)).toContain(squash("in servizio presso l'ente, non titolare di incarico di Elevata Qualificazione"));
      expect(text).not.toContain('delibera');
      // Finanziario first (first card), with both its cards, then Tecnico; subtotals and the total.
      const fin = text.indexOf('Settore Finanziario');
      const tec = text.indexOf('Settore Tecnico');
      expect(fin).toBeGreaterThan(-1);
      expect(tec).toBeGreaterThan(fin);
      expect(text.indexOf('Posizione ragioneria')).toBeGreaterThan(fin);
      expect(text.indexOf('Posizione ragioneria')).toBeLessThan(tec);
      expect(text.indexOf('Posizione tecnico')).toBeGreaterThan(tec);
      // 60 points → € 1.000 and 50 points → € 500 (Finanziario); 80 points → € 2.000 (Tecnico).
      expect(text).toMatch(/Totale del settore (\| )*€ 1\.500,00/);
      expect(text).toMatch(/Totale del settore (\| )*€ 2\.000,00/);
      expect(text).toMatch(/Totale complessivo: € 3\.500,00/);
    }
  });

  it('a notice for one settore keeps a single table with no settore heading', async () => {
    const one = project({ ente: { 'ente.yaml': ENTE('Comune di Prova'), '2025/avviso.md': notice(CCDI, 'settore: Finanziario', ['tributi']), '2025/fondo.md': fund, '2025/schede/tributi.md': card('tributi', 'Finanziario') } });
    expect((await albo(['build'], one)).code).toBe(0);
    const text = await pdfOf(one, 'ente/2025/avviso.pdf');
    expect(squash(text)).toContain(squash('in servizio presso il settore,'));
    expect(text).not.toContain('Totale del settore');
    expect(text).not.toContain('Totale complessivo');
    // No settore heading between «Schede allegate» and the table.
    expect(text.slice(text.indexOf('Schede allegate'), text.indexOf('N. Posizione'))).not.toContain('Settore');
  });

  it('a notice on a CCNL article; two bases at once are a located error', async () => {
    const ccnl = project({ ente: { 'ente.yaml': ENTE('Comune di Prova'), '2025/avviso.md': notice('ccnl: { articolo: 84, sottoscrizione: 2022-11-16 }', '', ['tributi']), '2025/fondo.md': fund, '2025/schede/tributi.md': card('tributi', 'Finanziario') } });
    expect((await albo(['build'], ccnl)).code).toBe(0);
    expect(squash(await pdfOf(ccnl, 'ente/2025/avviso.pdf'))).toContain(squash("Ai sensi dell'art. 84 del CCNL Funzioni Locali sottoscritto il 16 novembre 2022, è indetta"));
    const two = project({ ente: { 'ente.yaml': ENTE('Comune di Prova'), '2025/avviso.md': notice(`${CCDI}\nccnl: { articolo: 84, sottoscrizione: 2022-11-16 }`, '', ['tributi']), '2025/fondo.md': fund, '2025/schede/tributi.md': card('tributi', 'Finanziario') } });
    const r = await albo(['check'], two);
    expect(r.code).toBe(1);
    expect(r.err).toContain("content/ente/2025/avviso.md:7:7: errore: «ccdi» e «ccnl» insieme: l'avviso cita una sola base");
  });
});

describe('per-ente templates', () => {
  const files = (nome: string) => ({ 'ente.yaml': ENTE(nome), '2025/avviso.md': notice(CCDI, '', ['tributi']), '2025/fondo.md': fund, '2025/schede/tributi.md': card('tributi', 'Finanziario') });

  it('two entes in one content folder, one with its own notice template: each builds with its own wording', async () => {
    const dir = project({ alfa: files('Comune di Alfa'), beta: files('Comune di Beta') });
    const copy = await albo(['modelli', 'beta', 'avviso'], dir);
    expect(copy.code).toBe(0);
    expect(copy.out).toContain('content/beta/modelli');
    const own = path.join(dir, 'content/beta/modelli/avviso.md.hbs');
    expect(readFileSync(own, 'utf8')).toBe(readFileSync(path.join(ROOT, 'templates/avviso.md.hbs'), 'utf8'));
    writeFileSync(own, readFileSync(own, 'utf8').replace('è indetta la selezione per il conferimento delle specifiche responsabilità', 'si avvia la procedura comparativa per le specifiche responsabilità'));
    // Copying again keeps what the office changed.
    expect((await albo(['modelli', 'beta'], dir)).out).toContain('Già presenti, lasciati come sono: avviso.md.hbs');
    expect(readFileSync(own, 'utf8')).toContain('procedura comparativa');
    const r = await albo(['build'], dir);
    expect(r.code).toBe(0);
    const alfa = await pdfOf(dir, 'alfa/2025/avviso.pdf');
    const beta = await pdfOf(dir, 'beta/2025/avviso.pdf');
    expect(squash(alfa)).toContain(squash('è indetta la selezione per il conferimento delle specifiche responsabilità'));
    expect(alfa).not.toContain('procedura comparativa');
    expect(squash(beta)).toContain(squash('si avvia la procedura comparativa per le specifiche responsabilità'));
    expect(squash(beta)).not.toContain(squash('è indetta la selezione'));
    // The card keeps the shipped template in both.
    expect(squash(await pdfOf(dir, 'beta/2025/schede/tributi.pdf'))).toContain(squash('Modulo descrittivo posizione di specifica responsabilità'));
    // The ente's template is an input of its outputs: changing it regenerates the notice only.
    writeFileSync(own, readFileSync(own, 'utf8').replace('procedura comparativa', 'procedura selettiva'));
    const again = await albo(['build'], dir);
    expect(again.out).toMatch(/Generati [1-9]\d* file/);
    expect(squash(await pdfOf(dir, 'beta/2025/avviso.pdf'))).toContain('proceduraselettiva');
  });

  it("an error in an ente's template points at the ente's file", async () => {
    const dir = project({ alfa: files('Comune di Alfa') });
    mkdirSync(path.join(dir, 'content/alfa/modelli'));
    writeFileSync(path.join(dir, 'content/alfa/modelli/avviso.md.hbs'), readFileSync(path.join(ROOT, 'templates/avviso.md.hbs'), 'utf8').replace('{{anno}}', '{{annata}}'));
    const r = await albo(['build'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/content\/alfa\/modelli\/avviso\.md\.hbs:\d+:\d+: errore: il modello usa il campo «annata», che i dati non hanno/);
  });

  it('an unknown template or ente is refused with a suggestion', async () => {
    const dir = project({ alfa: files('Comune di Alfa') });
    expect((await albo(['modelli', 'alfa', 'avvisi'], dir)).err).toContain('intendevi «avviso»?');
    expect((await albo(['modelli', 'alfo'], dir)).err).toContain('intendevi «alfa»?');
  });
});

describe('scoped commands answer for what was asked (and its dependencies)', () => {
  const dir = scratchProject(tmp, 'scoped');
  const broken = path.join(dir, 'content/capannori/2024/schede/coordinamento-stato-civile.md');
  writeFileSync(broken, readFileSync(broken, 'utf8').replace('anno: 2024', 'anno: duemila'));

  it('another ente named passes, with one line about the errors elsewhere', async () => {
    const r = await albo(['check', 'lecco'], dir);
    expect(r.code).toBe(0);
    expect(r.out).toBe('Controllo completato: 1 documento valido.');
    expect(r.err).toContain('Nota: un altro file di content/ ha errori che non riguardano quanto indicato (content/capannori/2024/schede/coordinamento-stato-civile.md)');
  });

  it('a file or folder of another ente is checked reading only its ente: the others are not read (issue #20)', async () => {
    for (const target of ['content/lecco', 'content/lecco/servizi', ...readdirSync(path.join(dir, 'content/lecco'), { recursive: true }).filter((f) => String(f).endsWith('.md')).map((f) => `content/lecco/${f}`)]) {
      const r = await albo(['check', target], dir);
      expect(r.code, target).toBe(0);
      expect(r.out, target).toBe('Controllo completato: 1 documento valido.');
      expect(r.err, target).not.toContain('capannori');
    }
    // A folder holding several entes reads them all.
    const all = await albo(['check', 'content'], dir);
    expect(all.code).toBe(1);
    expect(all.err).toContain('content/capannori/2024/schede/coordinamento-stato-civile.md:4:7: errore');
  });

  it('an ente by name, a year, a document id: each selects its sources', async () => {
    expect((await albo(['check', 'pesaro'], dir)).out).toBe('Controllo completato: 1 documento valido.');
    expect((await albo(['check', 'ormelle'], dir)).out).toBe('Controllo completato: 5 documenti validi.');
    // 2025: the example ente (notice, fund, 3 cards) and Ormelle (notice, EQ fund, 3 EQ cards).
    expect((await albo(['check', '2025'], dir)).out).toBe('Controllo completato: 10 documenti validi.');
    expect((await albo(['check', 'inn-over-ii'], dir)).out).toBe('Controllo completato: 1 documento valido.');
    const wrong = await albo(['check', 'ormele'], dir);
    expect(wrong.code).toBe(1);
    expect(wrong.err).toContain('intendevi «ormelle»?');
  });

  it("a card of the broken card's year fails: its pay depends on every card of the fund", async () => {
    const r = await albo(['check', 'content/capannori/2024/schede/coordinamento-polo-tecnologico.md'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('content/capannori/2024/schede/coordinamento-stato-civile.md:4:7: errore: «anno» deve essere un numero');
    expect(r.err).toContain('content/capannori/2024/schede/coordinamento-stato-civile.md: è una dipendenza di quanto indicato');
  });

  it('a scoped build writes what was asked while another ente has errors; a full build writes nothing', async () => {
    const r = await albo(['build', 'content/pesaro'], dir);
    expect(r.code).toBe(0);
    expect(existsSync(path.join(dir, 'out/pesaro/progetti/inn-over-ii.pdf'))).toBe(true);
    expect(existsSync(path.join(dir, 'out/lecco'))).toBe(false);
    const full = await albo(['build'], dir);
    expect(full.code).toBe(1);
    expect(existsSync(path.join(dir, 'out/lecco'))).toBe(false);
  });

  it('albo fondo finds every fund: the blocked one says which source blocks it, the others are reported', async () => {
    const blocked = await albo(['fondo', '--anno', '2024'], dir);
    expect(blocked.code).toBe(1);
    expect(blocked.out).toContain('Comune di Capannori – fondo 2024 (content/capannori/2024/fondo-2024.md): il riparto non si può calcolare: prima vanno corretti gli errori in content/capannori/2024/schede/coordinamento-stato-civile.md');
    const other = await albo(['fondo', '--anno', '2025'], dir);
    expect(other.code).toBe(0);
    expect(other.out).toContain('Comune di Esempio – fondo 2025 (content/esempio-importi-fissi/2025/fondo-2025.md): €\u00a06.000,00');
    expect(other.err).toContain('Nota: un altro file');
  });

  it('dependencies: notice → cards → every card and the fund of their year; an unplaceable source blocks its folder and those above', () => {
    const e = '/c/e/ente.yaml';
    const s = (p: string, raw?: Record<string, unknown>): SourceInfo => ({ path: p, ente: e, raw, invalid: false });
    const sources = [
      s('/c/e/2024/avviso.md', { tipo: 'avviso', id: 'a', anno: 2024, schede: ['c1'] }),
      s('/c/e/2024/schede/c1.md', { tipo: 'scheda', id: 'c1', anno: 2024 }),
      s('/c/e/2024/schede/c2.md', { tipo: 'scheda', id: 'c2', anno: 2024 }),
      s('/c/e/2024/fondo.md', { tipo: 'fondo', id: 'f', anno: 2024 }),
      s('/c/e/2025/schede/c3.md', { tipo: 'scheda', id: 'c3', anno: 2025 }),
      s('/c/e/reg.md', { tipo: 'regolamento', id: 'r' }),
      s('/c/e/all.md', { tipo: 'allegato', id: 'all', regolamento: 'r' }),
      s('/c/e/2025/schede/rotto.md'),
    ];
    const g = dependencyGraph(sources);
    const of = (p: string) => [...dependencyClosure(g, [p])].sort();
    expect(of('/c/e/2024/avviso.md')).toEqual(['/c/e/2024/avviso.md', '/c/e/2024/fondo.md', '/c/e/2024/schede/c1.md', '/c/e/2024/schede/c2.md']);
    expect(of('/c/e/2025/schede/c3.md')).toEqual(['/c/e/2025/schede/c3.md', '/c/e/2025/schede/rotto.md']);
    // The unreadable source is in a folder below the regulation's: it might be one of its appendices.
    expect(of('/c/e/reg.md')).toEqual(['/c/e/2025/schede/rotto.md', '/c/e/all.md', '/c/e/reg.md']);
    expect(of('/c/e/all.md')).toEqual(['/c/e/2025/schede/rotto.md', '/c/e/all.md', '/c/e/reg.md']);
    // The unreadable card may be a 2025 card or anything in that folder: not a dependency of 2024.
    expect(of('/c/e/2024/fondo.md')).not.toContain('/c/e/2025/schede/rotto.md');
  });
});

/** Values that make each kind's skeleton valid in the Capannori content (keys as `albo nuovo` writes them). */
const FILL: Record<string, Record<string, string>> = {
  scheda: { settore: 'Servizi al Cittadino e Gabinetto del Sindaco', ufficio: 'Ufficio tributi', titolo: 'Coordinamento tributi', ruolo: 'U.O.S.', competenze: '10', complessita_organizzativa: '10', autonomia: '10', rapporti: '10', contesto: '5' },
  avviso: { settore: 'Servizi al Cittadino e Gabinetto del Sindaco', articolo: '3', denominazione: 'regolamento delle indennità', organo: 'Giunta comunale', numero: '217', data: '2022-12-12', '-': 'istruttori', termine_giorni: '15', modalita_domanda: 'posta elettronica', ruolo: 'Il dirigente', nome: 'Mario Rossi' },
  fondo: {},
  servizio: { tipologia: 'Servizio', nome: 'Servizio di prova', '-': 'Gestione delle pratiche' },
  regolamento: { titolo: 'Regolamento di prova' },
  allegato: { regolamento: 'regolamento-uffici-servizi-maltignano', numero: '9', titolo: 'Tabella di prova' },
};

describe('albo nuovo: a new source from the ente configuration, with located placeholders', () => {
  it.each(['avviso', 'scheda', 'fondo', 'scheda-eq', 'fondo-eq', 'servizio', 'progetto', 'regolamento', 'allegato', ...(readdirSync(path.join(ROOT, 'src/kinds')).includes('documento.ts') ? ['documento'] : [])])(
    '%s: fails with one located error per placeholder',
    async (tipo) => {
      const dir = scratchProject(tmp, `nuovo-${tipo}`);
      const ente = tipo.endsWith('-eq') ? 'ormelle' : tipo === 'allegato' || tipo === 'regolamento' ? 'maltignano' : 'capannori';
      const r = await albo(['nuovo', tipo, `prova-${tipo}`, '--ente', ente, '--anno', tipo.startsWith('fondo') ? '2030' : tipo.endsWith('-eq') ? '2025' : '2024'], dir);
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      const rel = /Scritto (\S+):/.exec(r.out)![1]!;
      const text = readFileSync(path.join(dir, rel), 'utf8');
      const placeholders: [number, number][] = [];
      text.split('\n').forEach((line, i) => {
        const c = line.indexOf('[da compilare');
        // Commented lines (optional fields) are not placeholders of the document.
        if (c >= 0 && !line.trimStart().startsWith('#')) placeholders.push([i + 1, line[c - 1] === '"' ? c : c + 1]);
      });
      expect(placeholders.length).toBeGreaterThan(0);
      // The count it prints is of what is to be replaced: in the frontmatter not the commented fields, in the
      // body every one (a heading starts with "#" too).
      let fences = 0;
      const toReplace = text.split('\n').reduce((n, line) => {
        if (line === '---') fences++;
        if (fences >= 2) return n + line.split('[da compilare').length - 1;
        return n + (line.includes('[da compilare') && !line.trimStart().startsWith('#') ? 1 : 0);
      }, 0);
      expect(r.out).toContain(`sostituisci i ${toReplace} segnaposto`);
      // Every field is described in words, and «facoltativo» is said once.
      expect(text).not.toContain('Campo «');
      expect(text).not.toMatch(/facoltativ[oa][^\n]*\(facoltativo\)/i);
      const check = await albo(['check', rel], dir);
      expect(check.code).toBe(1);
      for (const [line, column] of placeholders) expect(check.err).toContain(`${rel}:${line}:${column}: errore: `);
      // Writing it again never overwrites.
      const again = await albo(['nuovo', tipo, `prova-${tipo}`, '--ente', ente], dir);
      expect(again.code).toBe(1);
    },
  );

  it.each(Object.keys(FILL))('%s: passes albo check once the placeholders are filled', async (tipo) => {
    const dir = scratchProject(tmp, `riempi-${tipo}`);
    const ente = tipo === 'allegato' || tipo === 'regolamento' ? 'maltignano' : 'capannori';
    const anno = tipo === 'fondo' ? '2031' : '2024';
    const r = await albo(['nuovo', tipo, `prova-${tipo}`, '--ente', ente, '--anno', anno], dir);
    const rel = /Scritto (\S+):/.exec(r.out)![1]!;
    const fill = FILL[tipo]!;
    let fences = 0;
    let filled = readFileSync(path.join(dir, rel), 'utf8')
      .split('\n')
      .map((line) => {
        if (line === '---') fences++;
        const body = fences >= 2;
        if (!line.includes('[da compilare') || (!body && line.trimStart().startsWith('#'))) return line;
        const key = /^\s*(?:- )?([a-z_]+):/.exec(line)?.[1] ?? '-';
        const value = fill[key] ?? (/numero\]/.test(line) ? '1000' : key === '-' ? 'voce' : 'Testo di prova');
        if (body) return line.replace(/\[da compilare[^\]]*\]/, 'Testo di prova');
        return line.replace(/"\[da compilare[^"]*"/, JSON.stringify(key === 'schede' ? 'coordinamento-stato-civile' : value).replace(/^"(\d+)"$/, '$1'));
      })
      .join('\n');
    // A service's nuclei each need their own subsection: the office adds them under the section.
    if (tipo === 'servizio') filled += '\n### Gestione delle pratiche\n\nTesto di prova.\n';
    writeFileSync(path.join(dir, rel), filled);
    if (tipo === 'avviso') {
      // The shipped notice already attaches these cards for 2024: the new one attaches one of them again in 2024 only if ids match.
      writeFileSync(path.join(dir, rel), filled.replace(/schede:\n\s+- .*/, 'schede:\n  - coordinamento-stato-civile'));
    }
    const check = await albo(['check', rel], dir);
    expect(check.err).not.toContain('errore');
    expect(check.code).toBe(0);
  });
});

describe('albo nuovo ente: a new ente to fill in', () => {
  it('writes ente.yaml with two located placeholders; filled, it passes; every commented example is valid; never overwrites', async () => {
    const dir = scratchProject(tmp, 'nuovo-ente');
    const r = await albo(['nuovo', 'ente', 'valle-alfa'], dir);
    expect([r.code, r.err]).toEqual([0, '']);
    expect(r.out).toContain('Scritto content/valle-alfa/ente.yaml: sostituisci i 2 segnaposto');
    const file = path.join(dir, 'content/valle-alfa/ente.yaml');
    const text = readFileSync(file, 'utf8');
    // Checking the new ente's folder checks its configuration, though it has no documents yet.
    const check = await albo(['check', 'content/valle-alfa'], dir);
    expect(check.code).toBe(1);
    expect(check.err).toContain("content/valle-alfa/ente.yaml:6:9: errore: campo «ente.nome» da compilare: nome dell'ente");
    expect(check.err).toContain('content/valle-alfa/ente.yaml:8:10: errore: campo «ente.luogo» da compilare');
    // The file named is not «a dependency of what was named».
    expect(check.err).not.toContain('dipendenza');
    // An ente that cannot be read yet is named as such by «albo nuovo», not as missing.
    const card = await albo(['nuovo', 'scheda', 'prima', '--ente', 'valle-alfa'], dir);
    expect(card.code).toBe(1);
    expect(card.err).toBe('albo nuovo: content/valle-alfa/ente.yaml ha errori: correggili prima ("albo check content/valle-alfa")');
    const filled = text.replace('"[da compilare: nome dell\'ente]"', 'Unione della Valle Alfa').replace('"[da compilare: luogo della firma]"', 'Alfa');
    writeFileSync(file, filled);
    const ok = await albo(['check', 'content/valle-alfa'], dir);
    expect([ok.code, ok.err]).toEqual([0, '']);
    // Every commented block, uncommented, is a valid configuration (the coat of arms it names provided).
    writeFileSync(file, filled.replace(/^# (?=[a-z_]+:)/gm, '').replace(/^# {3}/gm, '  '));
    cpSync(path.join(ROOT, 'content/capannori/stemma.png'), path.join(dir, 'content/valle-alfa/stemma.png'));
    const all = await albo(['check', 'content/valle-alfa'], dir);
    expect([all.code, all.err]).toEqual([0, '']);
    expect(readFileSync(file, 'utf8')).toMatch(/^criteri:\n {2}- id: complessita_organizzativa/m);
    expect((await albo(['nuovo', 'scheda', 'prima', '--ente', 'valle-alfa', '--anno', '2025'], dir)).code).toBe(0);
    // Never overwritten; a folder name that is not an id is refused.
    const again = await albo(['nuovo', 'ente', 'valle-alfa'], dir);
    expect([again.code, again.err]).toEqual([1, 'albo nuovo ente: content/valle-alfa/ente.yaml esiste già: non lo sovrascrivo']);
    expect((await albo(['nuovo', 'ente', 'Valle Alfa'], dir)).err).toContain('nome della cartella non valido «Valle Alfa»');
  });
});

describe('issue 13: an act that looks like one (protocol, OGGETTO, attachments, signature) and settori spelled once', () => {
  const ENTE_SETTORI = `${ENTE('Comune di Prova')}settori:
  - { id: finanziario, nome: Settore Finanziario e Tributi }
  - { id: tecnico, nome: Lavori pubblici }
firma: { formula: "Firmato digitalmente (D.Lgs. 82/2005)" }
`;
  const files = (ente = ENTE_SETTORI, extra = '') => ({
    ente: {
      'ente.yaml': ente,
      // The notice lists tecnico first: the prospetto and the CSV follow it, not the ids' alphabetical order.
      '2025/avviso.md': notice(CCDI, `firmatario: { ruolo: Il Segretario comunale, nome: Anna Bianchi, settore: Segreteria generale }\n${extra}`, ['tributi', 'tecnico']).replace(/^firmatario: \{ ruolo: Il Segretario comunale, nome: Anna Bianchi \}\n/m, ''),
      '2025/fondo.md': fund,
      '2025/schede/tributi.md': card('tributi', 'finanziario'),
      '2025/schede/tecnico.md': card('tecnico', '"lavori  PUBBLICI"', 'competenze: 40, autonomia: 40'),
    },
  });

  it('protocol placeholder, OGGETTO, attachments before the signature, settore and formula in the signature block', async () => {
    const dir = project(files());
    const r = await albo(['build'], dir);
    expect(r.err).toBe('');
    const text = await pdfOf(dir, 'ente/2025/avviso.pdf');
    expect(text).toContain('Prot. n. vedi segnatura');
    expect(text).toMatch(/OGGETTO: selezione interna per il conferimento delle specifiche responsabilità, anno 2025\./);
    const order = ['Prot. n.', 'OGGETTO:', 'Ai sensi', 'Allegati: n. 2 schede descrittive delle posizioni', 'Il Segretario comunale', 'Segreteria generale', 'Anna Bianchi', 'Firmato digitalmente (D.Lgs. 82/2005)'].map((s) => text.indexOf(s));
    expect(order.every((i) => i >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const docx = docxOf(dir, 'ente/2025/avviso.docx');
    expect(docx).toContain('Firmato digitalmente (D.Lgs. 82/2005)');
    // A known protocol number replaces the placeholder.
    const known = project(files(ENTE_SETTORI, 'protocollo: { numero: 4321, data: 2025-03-03 }'));
    expect((await albo(['build'], known)).code).toBe(0);
    expect(await pdfOf(known, 'ente/2025/avviso.pdf')).toContain('Prot. n. 4321 del 03/03/2025');
  });

  it("each card says it is attachment n. X of the notice, with the notice's date; the notice is an input of the card", async () => {
    const dir = project(files());
    expect((await albo(['build'], dir)).code).toBe(0);
    expect(await pdfOf(dir, 'ente/2025/schede/tecnico.pdf')).toContain("Allegato n. 2 all'avviso per il conferimento delle specifiche responsabilità, anno 2025 del 03/03/2025");
    expect(docxOf(dir, 'ente/2025/schede/tributi.docx')).toContain("Allegato n. 1 all'avviso per il conferimento delle specifiche responsabilità, anno 2025 del 03/03/2025");
    const manifest = readFileSync(path.join(dir, 'out/.albo-manifest.json'), 'utf8');
    expect(JSON.parse(manifest).uscite['ente/2025/schede/tecnico.pdf'].ingressi).toHaveProperty(['content/ente/2025/avviso.md']);
  });

  it('settori declared once: ids and other spellings print the declared name everywhere, CSV in the notice order', async () => {
    const dir = project(files());
    expect((await albo(['build'], dir)).code).toBe(0);
    expect(await pdfOf(dir, 'ente/2025/schede/tecnico.pdf')).toContain('Settore “Lavori pubblici”');
    // A declared name that says what it is prints as written, without a second «Settore» or quotes.
    const tributi = await pdfOf(dir, 'ente/2025/schede/tributi.pdf');
    expect(tributi).toMatch(/Settore\/Ufficio: Settore Finanziario e Tributi \/ Ufficio /);
    expect(tributi).not.toMatch(/Settore “?Settore/);
    const csv = readFileSync(path.join(dir, 'out/ente/2025/prospetto-riparto-2025.csv'), 'utf8');
    const rows = csv.split(/\r?\n/).filter((l) => /Posizione (tributi|tecnico)/.test(l));
    expect(rows.map((l) => /Posizione (\w+)/.exec(l)![1])).toEqual(['tributi', 'tecnico']);
    expect(rows[0]).toContain('Settore Finanziario e Tributi');
    expect(rows[1]).toContain('Lavori pubblici');
    expect(csv).not.toMatch(/lavori {2}PUBBLICI|;finanziario;/);
  });

  it('an undeclared settore is a located error with a suggestion; a doubled one in ente.yaml too', async () => {
    const dir = project({ ente: { ...files().ente, '2025/schede/tecnico.md': card('tecnico', 'tecnic') } });
    const r = await albo(['check'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('content/ente/2025/schede/tecnico.md:5:10: errore: settore «tecnic» non dichiarato in ente.yaml');
    expect(r.err).toContain('intendevi «tecnico»?');
    const doubled = project(files(`${ENTE_SETTORI}`.replace('- { id: tecnico, nome: Lavori pubblici }', '- { id: tecnico, nome: Lavori pubblici }\n  - { id: lavori, nome: "Lavori  Pubblici" }')));
    const d = await albo(['check'], doubled);
    expect(d.code).toBe(1);
    expect(d.err).toMatch(/content\/ente\/ente\.yaml:\d+:\d+: errore: settore «Lavori {2}Pubblici» dichiarato due volte/);
  });
});
