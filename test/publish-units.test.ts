import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Doc } from '../src/kinds/kind.js';
import { agidMetadata, type AgidInput } from '../src/publish/agid.js';
import { pdfaProblems } from '../src/publish/pdfa-check.js';
import { findPersonalData } from '../src/publish/privacy.js';
import { MEDIA, packageDir, PUBLISHABLE, slug } from '../src/publish/publish.js';
import {
  checkRegisters,
  entryHash,
  GENESIS,
  liveEntries,
  nextEntry,
  parseRegister,
  readRegister,
  registerFiles,
  registerHeader,
  registerPath,
  serializeEntry,
  verifyRegister,
  type RegisterEntry,
} from '../src/publish/register.js';
import { checkSigned, NOT_CHECKED, sameSigner } from '../src/publish/signature.js';
import { makeSigner, signCades, signPades, type TestSigner } from './helpers/sign.js';

// The pure parts of `albo pubblica` and `albo check`, in process: the register of publications (its text, its
// hash chain, its parsing and checks), the personal-data patterns, the AgID metadata, the PDF/A self-check and
// the signer's name. The CLI running them on a whole ente is publish.test.ts.

const hash = (s: string) => createHash('sha256').update(s).digest('hex');
const HINT_REGISTER = 'il registro si modifica solo con albo (pubblica, annulla)';
const HINT_GIT = 'ripristina il registro dalla copia versionata (git)';

type Fields = Parameters<typeof nextEntry>[2];
const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const FIELDS: Fields = {
  tipo: 'pubblicazione',
  atto: 'avviso',
  oggetto: 'Selezione interna 2024 – Servizi al Cittadino',
  ufficio: 'Servizi al Cittadino',
  sorgente: '2024/avviso-servizi.md',
  protocollo: 'n. 4321 del 05/04/2024, Registro generale',
  dal: '2024-04-10',
  al: '2024-04-26',
  firma: 'PAdES Emanuele Pasquini (certificato 0a1b2c3d4e)',
  file: [
    { nome: '2024-avviso.pdf', ruolo: 'atto', sha256: A },
    { nome: '2024-allegato-1.pdf', ruolo: 'allegato 1', sha256: B },
  ],
};
const FIRST_BODY = [
  'n. 1/2024',
  'tipo: pubblicazione',
  'atto: avviso',
  'oggetto: Selezione interna 2024 – Servizi al Cittadino',
  'ufficio: Servizi al Cittadino',
  'sorgente: 2024/avviso-servizi.md',
  'protocollo: n. 4321 del 05/04/2024, Registro generale',
  'dal: 10/04/2024',
  'al: 26/04/2024',
  'firma: PAdES Emanuele Pasquini (certificato 0a1b2c3d4e)',
  `file: ${A} atto | 2024-avviso.pdf`,
  `file: ${B} allegato 1 | 2024-allegato-1.pdf`,
  `precedente: ${'0'.repeat(64)}`,
].join('\n');

/** A register of `n` chained entries of `year`: publications of sources a.md, b.md, … */
function chain(n: number, year = 2024, extra: (i: number) => Partial<Fields> = () => ({})): RegisterEntry[] {
  const out: RegisterEntry[] = [];
  for (let i = 0; i < n; i++) out.push(nextEntry(out, year, { ...FIELDS, file: [FIELDS.file[0]!], sorgente: `${String.fromCharCode(97 + i)}.md`, ...extra(i) }));
  return out;
}
const registerText = (entries: RegisterEntry[], year = 2024) => registerHeader('Comune di Prova', year) + entries.map((e) => '\n' + serializeEntry(e)).join('');

describe('the register of publications: text and hash of an entry', () => {
  it('the genesis hash is 64 zeros; the register of a year sits next to ente.yaml', () => {
    expect(GENESIS).toBe('0000000000000000000000000000000000000000000000000000000000000000');
    expect(registerPath('/progetto/content/capannori', 2024)).toBe('/progetto/content/capannori/registro-albo-2024.txt');
  });

  it('the header names the ente and the year and says how the register changes', () => {
    expect(registerHeader('Comune di Capannori', 2025)).toBe(
      "# Registro delle pubblicazioni all'Albo Pretorio online – Comune di Capannori – anno 2025\n# Tenuto da albo: ogni voce riporta l'impronta SHA-256 della precedente e la propria. Non modificarlo a mano:\n# un annullamento o una rettifica è una nuova voce (albo annulla).\n",
    );
  });

  it('the first entry is n. 1 of the year, chained to the genesis; its hash covers every line but its own, joined by newlines', () => {
    const e = nextEntry([], 2024, FIELDS);
    expect(e).toEqual({ ...FIELDS, numero: 1, anno: 2024, precedente: GENESIS, impronta: hash(FIRST_BODY) });
    expect(entryHash(e)).toBe(hash(FIRST_BODY));
    expect(serializeEntry(e)).toBe(`${FIRST_BODY}\nimpronta: ${hash(FIRST_BODY)}\n`);
  });

  it('the next entry takes the number after the last one and chains to the last one\'s hash', () => {
    const three = chain(3);
    expect(three.map((e) => e.numero)).toEqual([1, 2, 3]);
    expect(new Set(three.map((e) => e.impronta)).size).toBe(3);
    const fourth = nextEntry(three, 2024, FIELDS);
    expect([fourth.numero, fourth.anno, fourth.precedente]).toEqual([4, 2024, three[2]!.impronta]);
    expect(fourth.impronta).toBe(entryHash(fourth));
    // The number follows the last entry, not the count: a register of another year restarts nothing here.
    const after = nextEntry([{ ...three[2]!, numero: 41 }], 2025, FIELDS);
    expect([after.numero, after.anno]).toEqual([42, 2025]);
  });

  it('runs of blanks in the recorded fields (also the role of a file, and an annulment\'s reason) become one space; a file name is kept as is', () => {
    const dirty: Fields = {
      ...FIELDS,
      atto: ' avviso\t',
      oggetto: 'Selezione  interna\n2024 –\t Servizi al Cittadino ',
      ufficio: '\nServizi   al Cittadino',
      sorgente: ' 2024/avviso-servizi.md ',
      protocollo: 'n. 4321  del 05/04/2024,\r\nRegistro generale',
      firma: 'PAdES  Emanuele Pasquini (certificato 0a1b2c3d4e)  ',
      file: [
        { nome: '2024-avviso.pdf', ruolo: ' atto ', sha256: A },
        { nome: '2024-allegato-1.pdf', ruolo: 'allegato\t 1', sha256: B },
      ],
    };
    expect(entryHash(nextEntry([], 2024, dirty))).toBe(hash(FIRST_BODY));
    const named = nextEntry([], 2024, { ...FIELDS, file: [{ nome: 'atto  firmato .pdf', ruolo: 'atto', sha256: A }] });
    expect(serializeEntry(named)).toContain(`\nfile: ${A} atto | atto  firmato .pdf\n`);
    const annulment = nextEntry([], 2024, { ...FIELDS, tipo: 'annullamento', annulla: '3/2024', motivo: '  errore\n materiale ' });
    expect(serializeEntry(annulment).split('\n').slice(0, 5)).toEqual(['n. 1/2024', 'tipo: annullamento', 'annulla: n. 3/2024', 'motivo: errore materiale', 'atto: avviso']);
  });

  it('an annulment records what it annuls and why right after its type (an empty reason when none); a publication has neither line', () => {
    const annulment = nextEntry(chain(1), 2024, { ...FIELDS, tipo: 'annullamento', annulla: '1/2024', motivo: 'errore nel termine' });
    const body = [
      'n. 2/2024',
      'tipo: annullamento',
      'annulla: n. 1/2024',
      'motivo: errore nel termine',
      ...FIRST_BODY.split('\n').slice(2, 10),
      `file: ${A} atto | 2024-avviso.pdf`,
      `file: ${B} allegato 1 | 2024-allegato-1.pdf`,
      `precedente: ${chain(1)[0]!.impronta}`,
    ].join('\n');
    expect(annulment.impronta).toBe(hash(body));
    expect(serializeEntry(annulment)).toBe(`${body}\nimpronta: ${hash(body)}\n`);
    const noReason = nextEntry([], 2024, { ...FIELDS, tipo: 'annullamento', annulla: '1/2024' });
    expect(serializeEntry(noReason).split('\n').slice(2, 4)).toEqual(['annulla: n. 1/2024', 'motivo: ']);
    expect(serializeEntry(nextEntry([], 2024, { ...FIELDS, annulla: '' }))).not.toContain('annulla');
  });
});

describe('the register of publications: parsing', () => {
  it('a register albo wrote reads back as the same entries, each located at its first line; comments and blank lines are skipped', () => {
    const entries = [nextEntry([], 2024, FIELDS)];
    entries.push(nextEntry(entries, 2024, { ...FIELDS, file: [FIELDS.file[0]!] }));
    entries.push(nextEntry(entries, 2024, { ...FIELDS, tipo: 'annullamento', annulla: '1/2024', motivo: 'errore materiale' }));
    const text = registerText(entries);
    expect(text.split('\n').slice(3, 5)).toEqual(['', 'n. 1/2024']);
    expect(parseRegister(text, 'registro.txt')).toEqual({
      entries: [
        { ...entries[0], line: 5 },
        { ...entries[1], line: 20 },
        { ...entries[2], line: 34 },
      ],
      diagnostics: [],
    });
    expect(verifyRegister(parseRegister(text, 'registro.txt').entries, 2024, 'registro.txt')).toEqual([]);
  });

  it('CRLF line ends, blank lines of spaces, no final newline and leading blank lines read the same', () => {
    const entries = chain(2);
    const text = registerText(entries);
    const parsed = parseRegister(text, 'r.txt').entries;
    expect(parseRegister(text.replace(/\n/g, '\r\n'), 'r.txt')).toEqual({ entries: parsed, diagnostics: [] });
    expect(parseRegister(text.replace(/\n\nn\. 2/, '\n   \nn. 2'), 'r.txt')).toEqual({ entries: parsed, diagnostics: [] });
    expect(parseRegister(text.replace(/\n+$/, ''), 'r.txt')).toEqual({ entries: parsed, diagnostics: [] });
    const shifted = parseRegister('\n\n' + text, 'r.txt');
    expect(shifted.diagnostics).toEqual([]);
    expect(shifted.entries.map((e) => e.line)).toEqual([7, 21]);
    // Only a final CR is a line end: one inside a value makes the line unreadable.
    expect(parseRegister('n. 1/2024\noggetto: a\rb\r\n', 'r.txt').diagnostics.map((d) => [d.line, d.message])).toEqual([
      [2, 'riga del registro non riconosciuta: «oggetto: a\rb»'],
      [1, 'voce del registro incompleta: mancano tipo, atto, oggetto, protocollo, dal, al, firma, precedente, impronta'],
    ]);
  });

  it('an entry needs its number line «n. N/AAAA» exactly: more digits in N are fine, anything around it is not', () => {
    const e = chain(1)[0]!;
    const lines = serializeEntry(e).split('\n');
    const as = (head: string) => parseRegister([head, ...lines.slice(1)].join('\n'), 'r.txt');
    expect(as('n. 12/2024').entries.map((x) => [x.numero, x.anno])).toEqual([[12, 2024]]);
    for (const head of ['xn. 1/2024', 'n. 1/2024x', 'n. 1/24', 'n. /2024', 'n.1/2024']) {
      const r = as(head);
      expect(r.entries, head).toEqual([]);
      expect(r.diagnostics[0], head).toEqual({ file: 'r.txt', line: 1, column: 1, severity: 'errore', message: `riga del registro non riconosciuta: «${head}»`, hint: HINT_REGISTER });
    }
  });

  it('a field line is «key: value» with a lowercase key; the space after the colon may be missing; an unrecognised line is quoted up to 60 characters', () => {
    const head = 'n. 1/2024\ntipo: pubblicazione\natto: avviso\noggetto: o\nprotocollo: p\ndal: 10/04/2024\nal: 26/04/2024\nfirma: f\nprecedente: x\nimpronta: y';
    const r = parseRegister(`${head}\nufficio:Ufficio\nsorgente:\n`, 'r.txt');
    expect(r.diagnostics).toEqual([]);
    expect(r.entries[0]).toMatchObject({ ufficio: 'Ufficio', sorgente: '', oggetto: 'o', dal: '2024-04-10', al: '2024-04-26', precedente: 'x', impronta: 'y' });
    // ufficio and sorgente default to empty when absent.
    expect(parseRegister(head, 'r.txt').entries[0]).toMatchObject({ ufficio: '', sorgente: '' });
    const long = 'Oggetto: ' + 'x'.repeat(80);
    const bad = parseRegister(`${head}\nAtto: avviso\n${long}\n: vuoto\nufficio - Ragioneria`, 'reg.txt');
    expect(bad.entries).toHaveLength(1);
    expect(bad.diagnostics).toEqual([
      { file: 'reg.txt', line: 11, column: 1, severity: 'errore', message: 'riga del registro non riconosciuta: «Atto: avviso»', hint: HINT_REGISTER },
      { file: 'reg.txt', line: 12, column: 1, severity: 'errore', message: `riga del registro non riconosciuta: «${long.slice(0, 60)}»`, hint: HINT_REGISTER },
      { file: 'reg.txt', line: 13, column: 1, severity: 'errore', message: 'riga del registro non riconosciuta: «: vuoto»', hint: HINT_REGISTER },
      { file: 'reg.txt', line: 14, column: 1, severity: 'errore', message: 'riga del registro non riconosciuta: «ufficio - Ragioneria»', hint: HINT_REGISTER },
    ]);
  });

  it('a field before any number line is not part of an entry', () => {
    expect(parseRegister('# commento\ntipo: pubblicazione\n\natto: avviso\n', 'r.txt')).toEqual({
      entries: [],
      diagnostics: [
        { file: 'r.txt', line: 2, column: 1, severity: 'errore', message: 'riga del registro non riconosciuta: «tipo: pubblicazione»', hint: HINT_REGISTER },
        { file: 'r.txt', line: 4, column: 1, severity: 'errore', message: 'riga del registro non riconosciuta: «atto: avviso»', hint: HINT_REGISTER },
      ],
    });
  });

  it('a file line is «64 lowercase hex digits, role | name»; any other shape is reported (value quoted up to 60 characters)', () => {
    const e = chain(1)[0]!;
    const text = serializeEntry(e);
    const withFile = (value: string) => parseRegister(text.replace(/^file: .*$/m, `file: ${value}`), 'r.txt');
    expect(withFile(`${A} atto con gli allegati 1-2 | x | y.pdf`).entries[0]!.file).toEqual([{ sha256: A, ruolo: 'atto con gli allegati 1-2', nome: 'x | y.pdf' }]);
    const bad = [`g${A} atto | a.pdf`, `${'A'.repeat(64)} atto | a.pdf`, 'e atto | a.pdf', `${A.slice(1)} atto | a.pdf`, `${A} atto a.pdf`, `${A}atto | a.pdf`];
    for (const value of bad) {
      const r = withFile(value);
      expect(r.entries[0]!.file, value).toEqual([]);
      expect(r.diagnostics, value).toEqual([{ file: 'r.txt', line: 11, column: 1, severity: 'errore', message: `riga «file» del registro non riconosciuta: «${value.slice(0, 60)}»` }]);
    }
    expect(withFile(`g${A} atto | a.pdf`).diagnostics[0]!.message).toBe(`riga «file» del registro non riconosciuta: «g${A.slice(0, 59)}»`);
  });

  it('dates read back from dd/mm/yyyy only when the whole value is such a date; «annulla» drops a leading «n. » only', () => {
    const e = chain(1)[0]!;
    const text = serializeEntry(e).replace('dal: 10/04/2024', 'dal: x10/04/2024').replace('al: 26/04/2024', 'al: 26/04/2024x');
    expect(parseRegister(text, 'r.txt').entries[0]).toMatchObject({ dal: 'x10/04/2024', al: '26/04/2024x' });
    expect(parseRegister(serializeEntry(e).replace('dal: 10/04/2024', 'dal: 1/4/2024'), 'r.txt').entries[0]!.dal).toBe('1/4/2024');
    const annul = (value: string) => parseRegister(serializeEntry(e).replace('tipo: pubblicazione', `tipo: annullamento\nannulla: ${value}`), 'r.txt').entries[0]!;
    expect(annul('n. 3/2024')).toMatchObject({ tipo: 'annullamento', annulla: '3/2024' });
    expect(annul('vedi n. 3/2024').annulla).toBe('vedi n. 3/2024');
    expect(annul('3/2024').annulla).toBe('3/2024');
  });

  it('an entry missing a required field is reported at its first line with every field missing, and left out', () => {
    expect(parseRegister('# intestazione\n\nn. 7/2024\n', 'r.txt')).toEqual({
      entries: [],
      diagnostics: [{ file: 'r.txt', line: 3, column: 1, severity: 'errore', message: 'voce del registro incompleta: mancano tipo, atto, oggetto, protocollo, dal, al, firma, precedente, impronta', hint: HINT_REGISTER }],
    });
    const [first, second] = chain(2);
    const text = registerText([first!]) + '\n' + serializeEntry(second!).replace('atto: avviso\n', '').replace(/impronta: .*\n$/, '');
    const r = parseRegister(text, 'r.txt');
    expect(r.entries).toEqual([{ ...first!, line: 5 }]);
    expect(r.diagnostics).toEqual([{ file: 'r.txt', line: 19, column: 1, severity: 'errore', message: 'voce del registro incompleta: mancano atto, impronta', hint: HINT_REGISTER }]);
  });

  it('a field added or repeated by hand (which a reader would see but the hash does not cover) is reported at its line', () => {
    const [first] = chain(1);
    const entry = serializeEntry(first!);
    const added = parseRegister(entry.replace('atto: avviso\n', 'atto: avviso\nnota: aggiunta a mano\n'), 'r.txt');
    expect(added.diagnostics).toEqual([{ file: 'r.txt', line: 4, column: 1, severity: 'errore', message: 'campo «nota» sconosciuto nel registro', hint: HINT_REGISTER }]);
    const repeated = parseRegister(entry.replace(/^oggetto: /m, 'oggetto: Oggetto falso\noggetto: '), 'r.txt');
    expect(repeated.diagnostics).toEqual([{ file: 'r.txt', line: 5, column: 1, severity: 'errore', message: 'campo «oggetto» ripetuto nella voce', hint: HINT_REGISTER }]);
    // The first value is kept: the entry still checks against its hash only if it was the recorded one.
    expect(repeated.entries[0]!.oggetto).toBe('Oggetto falso');
    // Several files are not a repetition; the same field in the next entry is not either.
    const [a, b] = chain(2);
    expect(parseRegister(serializeEntry({ ...a!, file: [...a!.file, ...a!.file] }) + '\n' + serializeEntry(b!), 'r.txt').diagnostics).toEqual([]);
  });
});

describe('the register of publications: the chain', () => {
  const at = (line: number, message: string, hint?: string) => ({ file: 'r.txt', line, column: 1, severity: 'errore', message, hint });
  const located = (entries: RegisterEntry[]) => entries.map((e, i) => ({ ...e, line: 1 + 20 * i }));

  it('an intact chain of three entries has nothing to report', () => {
    expect(verifyRegister(located(chain(3)), 2024, 'r.txt')).toEqual([]);
    expect(verifyRegister([], 2024, 'r.txt')).toEqual([]);
  });

  it('an entry of another year is reported as such (and its number is not checked)', () => {
    const old = located([nextEntry([], 2023, FIELDS)]);
    const renumbered = { ...old[0]!, numero: 5 };
    renumbered.impronta = entryHash(renumbered);
    expect(verifyRegister([renumbered], 2024, 'r.txt')).toEqual([at(1, "la voce n. 5/2023 è in un registro dell'anno 2024")]);
    expect(verifyRegister(old, 2023, 'r.txt')).toEqual([]);
  });

  it('an edited entry no longer matches its hash; the next one still follows it', () => {
    const entries = located(chain(3));
    entries[1] = { ...entries[1]!, oggetto: 'Oggetto cambiato' };
    expect(verifyRegister(entries, 2024, 'r.txt')).toEqual([
      at(21, 'la voce n. 2/2024 è stata modificata dopo la registrazione: il contenuto non corrisponde alla sua impronta', 'ripristina il registro dalla copia versionata (git); una rettifica si registra come nuova voce'),
    ]);
  });

  it('a deleted entry: the next one is out of place and does not follow the one before it', () => {
    const [a, , c] = located(chain(3));
    expect(verifyRegister([a!, c!], 2024, 'r.txt')).toEqual([
      at(41, 'voce n. 3/2024 al posto della n. 2/2024: voci riordinate, cancellate o inserite a mano'),
      at(41, 'la voce n. 3/2024 non segue la voce che la precede nel file (impronta della precedente diversa): voci riordinate o cancellate', HINT_GIT),
    ]);
  });

  it('swapped entries: both out of place, both not following; a first entry must follow the genesis', () => {
    const [a, b] = located(chain(2));
    expect(verifyRegister([b!, a!], 2024, 'r.txt').map((d) => [d.line, d.message])).toEqual([
      [21, 'voce n. 2/2024 al posto della n. 1/2024: voci riordinate, cancellate o inserite a mano'],
      [21, 'la voce n. 2/2024 non segue la voce che la precede nel file (impronta della precedente diversa): voci riordinate o cancellate'],
      [1, 'voce n. 1/2024 al posto della n. 2/2024: voci riordinate, cancellate o inserite a mano'],
      [1, 'la voce n. 1/2024 non segue la voce che la precede nel file (impronta della precedente diversa): voci riordinate o cancellate'],
    ]);
  });
});

describe('the entries in force of an act', () => {
  it('publications of the source not annulled by an annulment entry', () => {
    const entries = chain(5, 2024, (i) =>
      [
        { sorgente: 'a.md' },
        { sorgente: 'a.md' },
        { sorgente: 'b.md' },
        // A publication that names an entry in «annulla» annuls nothing.
        { sorgente: 'b.md', annulla: '2/2024' },
        { sorgente: 'a.md', tipo: 'annullamento' as const, annulla: '1/2024' },
      ][i]!,
    );
    expect(liveEntries(entries, 'a.md').map((e) => e.numero)).toEqual([2]);
    expect(liveEntries(entries, 'b.md').map((e) => e.numero)).toEqual([3, 4]);
    expect(liveEntries(entries, 'c.md')).toEqual([]);
    // The annulment names number and year: 1/2023 is another entry.
    expect(liveEntries(entries.map((e) => (e.annulla === '1/2024' ? { ...e, annulla: '1/2023' } : e)), 'a.md').map((e) => e.numero)).toEqual([1, 2]);
  });
});

describe('registers and packages on disk', () => {
  let tmp: string;
  let ente: string;
  let other: string;
  let out: string;
  let entries2024: RegisterEntry[];
  const display = (p: string) => path.relative(tmp, p);
  const pkg = (name: string, content: string) => {
    mkdirSync(path.join(out, 'albo', name), { recursive: true });
    writeFileSync(path.join(out, 'albo', name, 'pubblicazione.json'), content);
  };
  const record = (ente_: string | undefined, numero: string | undefined, impronta: string | undefined) => JSON.stringify({ ente: ente_, registro: { numero, impronta_voce: impronta } });

  beforeAll(() => {
    tmp = mkdtempSync(path.join(os.tmpdir(), 'albo-registro-'));
    ente = path.join(tmp, 'content', 'prova');
    other = path.join(tmp, 'content', 'altro');
    out = path.join(tmp, 'out');
    mkdirSync(ente, { recursive: true });
    mkdirSync(other, { recursive: true });
    entries2024 = chain(2);
    writeFileSync(registerPath(ente, 2024), registerText(entries2024));
    // 2023: one readable entry of the wrong year, and a stray line.
    writeFileSync(registerPath(ente, 2023), registerText(chain(1, 2022), 2023) + '\nriga estranea\n');
    writeFileSync(registerPath(ente, 2025), registerText(chain(1, 2025), 2025));
    for (const name of ['registro-albo-24.txt', 'xregistro-albo-2026.txt', 'registro-albo-2027.txt.bak', 'registro-albo-abcd.txt', 'ente.yaml']) writeFileSync(path.join(ente, name), 'x');
    mkdirSync(path.join(out, 'albo'), { recursive: true });
    pkg('2024-uno', record('Comune di Prova', '1/2024', entries2024[0]!.impronta));
    pkg('2024-due', record('Comune di Prova', '2/2024', B));
    pkg('2024-tre', record('Comune di Prova', '3/2024', A));
    pkg('2021-vecchio', record('Comune di Prova', '1/2021', A));
    pkg('2024-altro-ente', record('Comune Altro', '1/2024', A));
    // Not packages albo wrote: they are ignored.
    pkg('senza-impronta', record('Comune di Prova', '2/2024', undefined));
    pkg('senza-numero', record('Comune di Prova', undefined, A));
    pkg('senza-registro', JSON.stringify({ ente: 'Comune di Prova' }));
    pkg('senza-ente', record(undefined, '9/2024', A));
    pkg('rotto', '{ non json');
    writeFileSync(path.join(out, 'albo', 'file-sciolto.json'), '{}');
  });
  afterAll(() => rmSync(tmp, { recursive: true, force: true }));

  it('register files are the registro-albo-AAAA.txt of the folder, by year; a missing folder has none', async () => {
    expect(await registerFiles(ente)).toEqual([
      { year: 2023, file: path.join(ente, 'registro-albo-2023.txt') },
      { year: 2024, file: path.join(ente, 'registro-albo-2024.txt') },
      { year: 2025, file: path.join(ente, 'registro-albo-2025.txt') },
    ]);
    expect(await registerFiles(path.join(tmp, 'manca'))).toEqual([]);
  });

  it('reading a register: its text, entries and diagnostics located in the shown file; a missing register is empty', async () => {
    const file = registerPath(ente, 2023);
    const r = await readRegister(file, display);
    expect(r.exists).toBe(true);
    expect(r.text).toBe(registerText(chain(1, 2022), 2023) + '\nriga estranea\n');
    expect(r.entries).toEqual([{ ...chain(1, 2022)[0], line: 5 }]);
    expect(r.diagnostics).toEqual([{ file: 'content/prova/registro-albo-2023.txt', line: 19, column: 1, severity: 'errore', message: 'riga del registro non riconosciuta: «riga estranea»', hint: HINT_REGISTER }]);
    expect(await readRegister(registerPath(ente, 2030), display)).toEqual({ entries: [], diagnostics: [], exists: false, text: '' });
  });

  it('albo check: each register\'s shape and chain, then each package of the ente found in its register with the same hash', async () => {
    const projects = [
      { dir: ente, config: { ente: { nome: 'Comune di Prova' } } },
      { dir: other, config: { ente: { nome: 'Comune Altro' } } },
    ];
    const reg = (year: number) => `content/prova/registro-albo-${year}.txt`;
    expect(await checkRegisters(projects, out, display)).toEqual([
      { file: reg(2023), line: 19, column: 1, severity: 'errore', message: 'riga del registro non riconosciuta: «riga estranea»', hint: HINT_REGISTER },
      { file: reg(2023), line: 5, column: 1, severity: 'errore', message: "la voce n. 1/2022 è in un registro dell'anno 2023" },
      { file: reg(2021), severity: 'errore', message: "la pubblicazione n. 1/2021 (out/albo/2021-vecchio/pubblicazione.json) non è nel registro: il registro dell'anno manca", hint: HINT_GIT },
      { file: reg(2024), line: 19, column: 1, severity: 'errore', message: 'la voce n. 2/2024 del registro non è quella registrata nel pacchetto out/albo/2024-due/pubblicazione.json (impronta diversa)', hint: HINT_GIT },
      { file: reg(2024), severity: 'errore', message: 'la pubblicazione n. 3/2024 (out/albo/2024-tre/pubblicazione.json) non è nel registro: registro troncato o voci cancellate', hint: HINT_GIT },
      { file: 'content/altro/registro-albo-2024.txt', severity: 'errore', message: "la pubblicazione n. 1/2024 (out/albo/2024-altro-ente/pubblicazione.json) non è nel registro: il registro dell'anno manca", hint: HINT_GIT },
    ]);
  });

  it('albo check with no out/albo and intact registers reports nothing', async () => {
    expect(await checkRegisters([{ dir: path.join(tmp, 'nessuno'), config: { ente: { nome: 'Comune di Prova' } } }], path.join(tmp, 'nessun-out'), display)).toEqual([]);
    const sole = path.join(tmp, 'content', 'solo');
    mkdirSync(sole, { recursive: true });
    writeFileSync(registerPath(sole, 2024), registerText(entries2024));
    expect(await checkRegisters([{ dir: sole, config: { ente: { nome: 'Comune Solo' } } }], out, display)).toEqual([]);
  });
});

describe('personal data in an act', () => {
  const find = (text: string, allowed: string[] = [], identifiersOnly?: boolean) => findPersonalData(text, allowed, identifiersOnly);
  const texts = (text: string, allowed: string[] = []) => find(text, allowed).map((f) => f.text);
  const ibans = (text: string) => find(text).filter((f) => f.kind === 'IBAN').map((f) => f.text);

  it('every kind, in the patterns\' order, each finding once', () => {
    expect(find('nata il 3 marzo; mario.rossi@gmail.com; diagnosi; 333 1234567; IT60X0542811101000000123456; RSSMRA80A01H501U; di nuovo RSSMRA80A01H501U e VRDLGU75T41F205X')).toEqual([
      { kind: 'codice fiscale', text: 'RSSMRA80A01H501U' },
      { kind: 'codice fiscale', text: 'VRDLGU75T41F205X' },
      { kind: 'IBAN', text: 'IT60X0542811101000000123456' },
      { kind: 'indirizzo e-mail', text: 'mario.rossi@gmail.com' },
      { kind: 'numero di telefono', text: '333 1234567' },
      { kind: 'data di nascita', text: 'nata il' },
      { kind: 'dati sanitari', text: 'diagnosi' },
    ]);
    expect(find('')).toEqual([]);
  });

  it('tax code: 6 letters, 2 digits, a month letter (A–E, H, L, M, P, R–T), 2 digits, a letter, 3 digits, a letter; any case; a whole word', () => {
    for (const month of 'ABCDEHLMPRST') expect(texts(`cf RSSMRA80${month}01H501U.`), month).toEqual([`RSSMRA80${month}01H501U`]);
    for (const month of 'FGIJKNOQUVWXYZ') expect(texts(`cf RSSMRA80${month}01H501U.`), month).toEqual([]);
    expect(texts('rssmra80a01h501u')).toEqual(['rssmra80a01h501u']);
    for (const near of ['RSSMR80A01H501U', 'RSSMRA8A01H501U', 'RSSMRA80A1H501U', 'RSSMRA80A01501U', 'RSSMRA80A01H51U', 'RSSMRA80A01H5012', 'XRSSMRA80A01H501U', 'RSSMRA80A01H501UX', '1RSSMRA80A01H501U', 'RSSMRA80A01H501U1', 'RSSMR180A01H501U']) {
      expect(texts(near), near).toEqual([]);
    }
  });

  it('IBAN: IT, 2 digits, a letter, 10 digits, 12 letters or digits, compact or in groups; the found text has no trailing blank', () => {
    expect(ibans('IBAN IT60X0542811101000000123456.')).toEqual(['IT60X0542811101000000123456']);
    expect(ibans('IBAN it60x0542811101000000123456')).toEqual(['it60x0542811101000000123456']);
    expect(ibans('IBAN IT60 X054 2811 1010 0000 0123 456 intestato')).toEqual(['IT60 X054 2811 1010 0000 0123 456']);
    expect(ibans('IBAN IT60 X 0542811101 00000012345A')).toEqual(['IT60 X 0542811101 00000012345A']);
    for (const near of ['IT60X054281110100000012345', 'IT60X05428111010000001234567', 'IT6X0542811101000000123456', 'ITA0X0542811101000000123456', 'IT6000542811101000000123456', 'IT60X054281110A000000123456', 'IT60X05428111010000001234-6', 'IT60  X0542811101000000123456', 'XIT60X0542811101000000123456']) {
      expect(ibans(near), near).toEqual([]);
    }
  });

  it('e-mail: the whole address, dots, plus and hyphens included', () => {
    expect(texts('scrivere a mario.rossi+albo@comune-x.lu.it.')).toEqual(['mario.rossi+albo@comune-x.lu.it']);
    expect(texts('a_b@x-y.it, c@d.eu')).toEqual(['a_b@x-y.it', 'c@d.eu']);
    for (const near of ['mario@localhost', 'mario@.it', '@comune.it', 'mario@comune.']) expect(texts(near), near).toEqual([]);
  });

  it('phone numbers: mobile (3xx, 10 digits) and landline (0 and 1–3 digits, at most 11), +39, blanks or dots', () => {
    const cases: [string, string[]][] = [
      ['tel. 333 1234567;', ['333 1234567']],
      // The bank code of an IBAN is not a phone number.
      ['IBAN IT60 X 0542811101 000000123456', ['IT60 X 0542811101 000000123456']],
      // …but a phone number before or after an IBAN is one.
      ['tel. 333 1234567, IBAN IT60 X 0542811101 000000123456', ['IT60 X 0542811101 000000123456', '333 1234567']],
      ['IBAN IT60 X 0542811101 000000123456, tel. 333 1234567', ['IT60 X 0542811101 000000123456', '333 1234567']],
      ['tel. 3331234567', ['3331234567']],
      ['tel. 333 123 4567 ', ['333 123 4567']],
      ['tel. 333.123.4567', ['333.123.4567']],
      ['tel. +39 333 1234567', ['+39 333 1234567']],
      ['tel. +393331234567', ['+393331234567']],
      ['tel. 0583 428111', ['0583 428111']],
      ['tel. 0583 4281112', ['0583 4281112']],
      ['tel. 0583428111', ['0583428111']],
      ['tel. 050 123456', ['050 123456']],
      ['tel. 0612345678', ['0612345678']],
      // Rome and Milan: 8 digits after the area code, grouped or not.
      ['tel. 06 6988 1234', ['06 6988 1234']],
      ['tel. 02 12345678', ['02 12345678']],
      ['tel. 0583 4281 1122', []],
      ['tel. +39 0583 4281112', ['+39 0583 4281112']],
      // Too short or too long.
      ['tel. 0583 42811', []],
      ['tel. 0583 42811122', []],
      ['tel. 333 12345678', []],
      ['tel. 333 123456', ['333 123456']],
      // Not a mobile or landline prefix.
      ['tel. 583 428111', []],
      ['tel. 133 1234567', []],
    ];
    for (const [text, found] of cases) expect(texts(text), text).toEqual(found);
  });

  it('phone numbers: not inside a figure (a digit, slash, dot or comma right before or after)', () => {
    for (const before of ['1', '/', '1.', '1,', 'a/']) expect(texts(`${before}333 1234567 `), before).toEqual([]);
    // After an abbreviation's dot («tel.3331234567»): found.
    for (const before of ['tel.', 'tel,']) expect(texts(`${before}333 1234567 `), before).toEqual(['333 1234567']);
    for (const after of ['8', '/', '.5', ',5', '/2024']) expect(texts(` 333 1234567${after}`), after).toEqual([]);
    // A number that ends a sentence or a list item is found.
    for (const after of ['.', ',', '. Altro', ', e-mail']) expect(texts(`tel. 333 1234567${after}`), after).toEqual(['333 1234567']);
    for (const around of [' ', ';', ':', '(', 'x']) expect(texts(`${around}333 1234567${around === '(' ? ')' : around}`), around).toEqual(['333 1234567']);
    expect(texts('art. 84 c. 1 CCNL 16.11.2022, € 2.300,00, D.P.R. 223/1989, 94.969 ab., delibera n. 217/2022, 8 × 25 ore, prot. 0012345/2024')).toEqual([]);
  });

  it('birth: «nato/nata il», with an optional place «a …», and «data di nascita», any case, whole words', () => {
    expect(texts('Mario Rossi, nato il 3 marzo 1980')).toEqual(['nato il']);
    expect(texts("Anna Bianchi, nata a Sant'Angelo in Vado il 3 marzo")).toEqual(["nata a Sant'Angelo in Vado il"]);
    expect(texts('nata a Forlì il 3 marzo')).toEqual(['nata a Forlì il']);
    expect(texts('Data di nascita: 3 marzo')).toEqual(['Data di nascita']);
    expect(texts('NATO IL')).toEqual(['NATO IL']);
    for (const near of ['nati il 3 marzo', 'nato illustre', 'rinato il giorno', 'natale il 25', 'nata a 3 il', 'data di nascita2', 'nato  il']) expect(texts(near), near).toEqual([]);
  });

  it('health: diagnosis, pathology, illness, civil invalidity, handicap, medical certificate, therapy (singular and plural), whole words', () => {
    const words = ['diagnosi', 'patologia', 'patologie', 'malattia', 'malattie', 'invalidità civile', 'handicap', 'disabilità', 'DISABILITÀ', 'certificato medico', 'certificati medici', 'terapia', 'terapie', 'Diagnosi'];
    // A word ending in an accented letter has its edge there too (\b would not see it).
    expect(texts('certificazione di disabilità.')).toEqual(['disabilità']);
    for (const near of ['disabilitàx', 'disabilitàè', 'indisabilità', '1disabilità']) expect(texts(near), near).toEqual([]);
    for (const w of words) expect(texts(`per ${w} grave`), w).toEqual([w]);
    for (const near of ['prediagnosi', 'diagnosis', 'patologico', 'malattiax', 'invalidità', 'handicappato', 'certificato', 'certificato medicale', 'terapiax', 'terapista']) expect(texts(`per ${near} grave`), near).toEqual([]);
  });

  it('contacts the source allows pass, whatever their case and blanks; others of the same kind do not', () => {
    const text = 'Ufficio: personale@comune.capannori.lu.it, tel. 0583 428111; privato: mario.rossi@gmail.com, 333 1234567.x';
    expect(texts(text)).toEqual(['personale@comune.capannori.lu.it', 'mario.rossi@gmail.com', '0583 428111', '333 1234567']);
    expect(texts(text, ['Personale@Comune.Capannori.LU.IT', '0 5 8 3 4 2 8 1 1 1'])).toEqual(['mario.rossi@gmail.com', '333 1234567']);
    expect(texts(text, ['personale@comune'])).toEqual(['personale@comune.capannori.lu.it', 'mario.rossi@gmail.com', '0583 428111', '333 1234567']);
    // The blanks of the text's match are ignored too.
    expect(texts('tel. 0583 428 111', ['0583428111'])).toEqual([]);
    expect(texts('IBAN IT60 X054 2811 1010 0000 0123 456 intestato', ['it60x0542811101000000123456'])).toEqual([]);
  });

  it('identifiersOnly (acts that set rules): categories (birth, health) are not findings, identifiers still are; by default they are', () => {
    const text = 'certificato medico; data di nascita; RSSMRA80A01H501U; a@b.it; 333 1234567; IT60X0542811101000000123456';
    expect(find(text, [], true).map((f) => f.kind)).toEqual(['codice fiscale', 'IBAN', 'indirizzo e-mail', 'numero di telefono']);
    expect(find(text, []).map((f) => f.kind)).toEqual(['codice fiscale', 'IBAN', 'indirizzo e-mail', 'numero di telefono', 'data di nascita', 'dati sanitari']);
    expect(find(text, [], false)).toEqual(find(text, []));
  });
});

describe('AgID metadata (Linee guida 2021, Allegato 5)', () => {
  const INPUT: AgidInput = {
    ente: 'Comune di Prova',
    version: '0.2.3',
    registro: '3/2024',
    tipologia: 'Avviso di selezione interna',
    oggetto: 'Selezione interna 2024',
    ufficio: 'Servizi al Cittadino',
    autore: { nome: 'Emanuele Pasquini', ruolo: 'Dirigente' },
    protocol: { numero: '4321', data: '2024-04-05', registro: 'Registro generale' },
    files: [
      { nome: 'avviso.docx', ruolo: "copia di cortesia dell'atto", tipo: MEDIA.docx, sha256: 'c'.repeat(64), firmato: false },
      { nome: 'allegato-1.pdf', ruolo: 'allegato 1', tipo: MEDIA.pdf, sha256: B, firmato: true },
      { nome: 'avviso.pdf', ruolo: 'atto', tipo: MEDIA.pdf, sha256: A, firmato: true },
      { nome: 'allegato-2.pdf.p7m', ruolo: 'allegato 2', tipo: MEDIA.p7m, sha256: 'd'.repeat(64), firmato: false },
      { nome: 'allegato-1.html', ruolo: "copia di cortesia dell'allegato 1", tipo: MEDIA.html, sha256: 'e'.repeat(64), firmato: false },
    ],
  };
  const ente = { Ruolo: 'Amministrazione che effettua la registrazione', TipoSoggetto: 'PAI', DenominazioneAmministrazione: 'Comune di Prova', CodiceIPA: null };
  const common = (f: AgidInput['files'][number]) => ({
    IdDoc: { Identificativo: `albo-3-2024-${f.nome}`, ImprontaCrittograficaDelDocumento: { Impronta: f.sha256, Algoritmo: 'SHA-256', Codifica: 'esadecimale' } },
    ModalitaDiFormazione: 'a',
    Classificazione: null,
    Riservato: false,
    IdentificativoDelFormato: { Formato: f.tipo, ProdottoSoftware: { NomeProdotto: 'albo', VersioneProdotto: '0.2.3', Produttore: null } },
    Verifica: { FirmatoDigitalmente: f.firmato, SigillatoElettronicamente: false, MarcaturaTemporale: false, ConformitaCopieImmagineSuSupportoInformatico: false },
    NomeDelDocumento: f.nome,
    VersioneDelDocumento: '1',
    TempoDiConservazione: null,
    Note: "Pubblicato all'Albo Pretorio online con il n. 3/2024 del registro delle pubblicazioni",
  });

  it('one record for the act and one per attachment pointing to it; courtesy copies are not documents; unknown values are null and listed', () => {
    const [, allegato1, atto, allegato2] = INPUT.files as [never, AgidInput['files'][number], AgidInput['files'][number], AgidInput['files'][number]];
    const soggetti = [ente, { Ruolo: 'Autore', TipoSoggetto: 'PF', NomeCognome: 'Emanuele Pasquini', Qualifica: 'Dirigente', DenominazioneUfficio: 'Servizi al Cittadino', DenominazioneAmministrazione: 'Comune di Prova' }];
    const registration = { TipologiaDiFlusso: 'U', TipoRegistro: 'Protocollo Ordinario', DataRegistrazione: '2024-04-05', NumeroDocumento: '4321', CodiceRegistro: 'Registro generale' };
    const attachment = (f: AgidInput['files'][number]) => ({
      ...common(f),
      TipologiaDocumentale: 'Allegato – Avviso di selezione interna',
      DatiDiRegistrazione: registration,
      Soggetti: soggetti,
      ChiaveDescrittiva: { Oggetto: `${f.ruolo}: Selezione interna 2024`, ParoleChiave: ['Albo Pretorio', 'Avviso di selezione interna'] },
      Allegati: { NumeroAllegati: 0, IndiceAllegati: [] },
      IdIdentificativoDocumentoPrimario: 'albo-3-2024-avviso.pdf',
    });
    expect(agidMetadata(INPUT)).toEqual({
      Riferimento: 'Linee guida AgID sulla formazione, gestione e conservazione dei documenti informatici (2021), Allegato 5 – documento amministrativo informatico',
      DaCompletare: ['Soggetti[].CodiceIPA', 'Classificazione', 'TempoDiConservazione'],
      Documenti: [
        {
          ...common(atto),
          TipologiaDocumentale: 'Avviso di selezione interna',
          DatiDiRegistrazione: registration,
          Soggetti: soggetti,
          ChiaveDescrittiva: { Oggetto: 'Selezione interna 2024', ParoleChiave: ['Albo Pretorio', 'Avviso di selezione interna'] },
          Allegati: {
            NumeroAllegati: 2,
            IndiceAllegati: [
              { IdDoc: 'albo-3-2024-allegato-1.pdf', Descrizione: 'allegato 1' },
              { IdDoc: 'albo-3-2024-allegato-2.pdf.p7m', Descrizione: 'allegato 2' },
            ],
          },
        },
        attachment(allegato1),
        attachment(allegato2),
      ],
    });
    const primary = (agidMetadata(INPUT) as { Documenti: object[] }).Documenti[0]!;
    expect(Object.keys(primary)).not.toContain('IdIdentificativoDocumentoPrimario');
  });

  it('no protocol and no signature block: no registration data, the office as author; the act with its attachments as one file is the act', () => {
    const combined = { nome: 'avviso-con-allegati.pdf.p7m', ruolo: 'atto con gli allegati 1-2', tipo: MEDIA.p7m, sha256: A, firmato: true };
    const meta = agidMetadata({ ...INPUT, autore: null, protocol: null, files: [{ ...INPUT.files[0]!, ruolo: 'copia di cortesia atto' }, combined] });
    expect(meta).toEqual({
      Riferimento: 'Linee guida AgID sulla formazione, gestione e conservazione dei documenti informatici (2021), Allegato 5 – documento amministrativo informatico',
      DaCompletare: ['Soggetti[].CodiceIPA', 'Classificazione', 'TempoDiConservazione'],
      Documenti: [
        {
          ...common(combined),
          TipologiaDocumentale: 'Avviso di selezione interna',
          DatiDiRegistrazione: null,
          Soggetti: [ente, { Ruolo: 'Autore', TipoSoggetto: 'PAI', DenominazioneAmministrazione: 'Comune di Prova', DenominazioneUfficio: 'Servizi al Cittadino', CodiceIPA: null }],
          ChiaveDescrittiva: { Oggetto: 'Selezione interna 2024', ParoleChiave: ['Albo Pretorio', 'Avviso di selezione interna'] },
          Allegati: { NumeroAllegati: 0, IndiceAllegati: [] },
        },
      ],
    });
  });
});

describe('the PDF/A self-check on a PDF\'s own bytes', () => {
  const XMP = [
    '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>',
    '<x:xmpmeta xmlns:x="adobe:ns:meta/">',
    '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">',
    '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/" xmlns:pdfuaid="http://www.aiim.org/pdfua/ns/id/">',
    '<dc:title>Avviso – città</dc:title>',
    '<pdfaid:part>2</pdfaid:part>',
    '<pdfaid:conformance>A</pdfaid:conformance>',
    '<pdfuaid:part>1</pdfuaid:part>',
    '</rdf:Description>',
    '</rdf:RDF>',
    '</x:xmpmeta>',
    '<?xpacket end="w"?>',
  ].join('\n');
  const CLEAN = [
    '%PDF-1.7',
    '1 0 obj',
    '<< /Type /Catalog /Pages 2 0 R /StructTreeRoot 12 0 R /MarkInfo 13 0 R /Lang (it-IT) /ViewerPreferences 14 0 R /Metadata 15 0 R >>',
    'endobj',
    '13 0 obj',
    '<< /Marked true >>',
    'endobj',
    '14 0 obj',
    '<< /DisplayDocTitle true >>',
    'endobj',
    '15 0 obj',
    '<< /Type /Metadata /Subtype /XML /Length 700 >>',
    'stream',
    XMP,
    'endstream',
    'endobj',
    '16 0 obj',
    '<< /Type /Font /Subtype /Type0 /BaseFont /AAAAAA+Roboto /Encoding /Identity-H /DescendantFonts [17 0 R] >>',
    'endobj',
    '17 0 obj',
    '<< /Type /Font /Subtype /CIDFontType2 /BaseFont /AAAAAA+Roboto /FontDescriptor 18 0 R >>',
    'endobj',
    '18 0 obj',
    '<< /Type /FontDescriptor /FontName /AAAAAA+Roboto /FontFile2 19 0 R >>',
    'endobj',
    'trailer',
    '<< /Size 20 /Root 1 0 R >>',
    '%%EOF',
  ].join('\n');
  // The PDF is bytes: the XMP is UTF-8 (as pdfkit writes it), the rest ASCII.
  const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'utf8'));
  const edit = (s: string, from: string, to: string) => {
    if (!s.includes(from)) throw new Error(`not in the PDF: ${from}`);
    return s.replace(from, to);
  };
  const check = (from: string, to: string) => pdfaProblems(bytes(edit(CLEAN, from, to)));
  const FONT_DESCRIPTOR = '<< /Type /FontDescriptor /FontName /AAAAAA+Roboto /FontFile2 19 0 R >>';

  it('a PDF with everything albo promises has no problem', () => {
    expect(pdfaProblems(bytes(CLEAN))).toEqual([]);
  });

  it('a file with none of it has every problem, in order', () => {
    expect(pdfaProblems(new Uint8Array())).toEqual([
      'manca il pacchetto XMP dei metadati',
      'manca la struttura logica (StructTreeRoot)',
      'manca MarkInfo /Marked true',
      'manca /DisplayDocTitle true (il lettore mostrerebbe il nome del file)',
      'manca la lingua del documento (/Lang)',
      'caratteri non incorporati (0 file di font per 0 descrittori)',
      'versione PDF diversa da 1.7',
    ]);
  });

  it('XMP: a missing or unterminated packet, malformed XML (message in UTF-8), another part or conformance, no PDF/UA', () => {
    expect(check('<?xpacket end="w"?>', '')).toEqual(['manca il pacchetto XMP dei metadati']);
    expect(check('<?xpacket end="w"?>', '<?xpacket end="r"?>')).toEqual(['manca il pacchetto XMP dei metadati']);
    expect(check('<dc:title>Avviso – città</dc:title>', '<dc:title><città>Avviso</dc:title>')).toEqual([
      "metadati XMP non validi: Expected closing tag 'città' (opened in line 5, col 11) instead of closing tag 'dc:title'.",
    ]);
    expect(check('<pdfaid:part>2', '<pdfaid:part>3')).toEqual(['i metadati XMP non dichiarano PDF/A-2a']);
    expect(check('<pdfaid:conformance>A', '<pdfaid:conformance>B')).toEqual(['i metadati XMP non dichiarano PDF/A-2a']);
    expect(check('<pdfuaid:part>1</pdfuaid:part>', '')).toEqual(['i metadati XMP non dichiarano PDF/UA-1']);
    expect(check('<pdfaid:part>2</pdfaid:part>\n<pdfaid:conformance>A</pdfaid:conformance>\n<pdfuaid:part>1', '<pdfaid:part>1</pdfaid:part>\n<pdfaid:conformance>B</pdfaid:conformance>\n<pdfuaid:part>2')).toEqual([
      'i metadati XMP non dichiarano PDF/A-2a',
      'i metadati XMP non dichiarano PDF/UA-1',
    ]);
  });

  it('XMP: the last packet counts (an incremental update may replace the metadata)', () => {
    const bad = edit(XMP, '<pdfaid:part>2', '<pdfaid:part>3');
    const withPackets = (...packets: string[]) => bytes(`${CLEAN}\n${packets.map((p) => `99 0 obj\n<< /Type /Metadata >>\nstream\n${p}\nendstream\nendobj`).join('\n')}\n%%EOF\n`);
    expect(pdfaProblems(withPackets(bad, XMP))).toEqual([]);
    expect(pdfaProblems(withPackets(XMP, bad))).toEqual(['i metadati XMP non dichiarano PDF/A-2a']);
    expect(pdfaProblems(withPackets(bad, bad, XMP))).toEqual([]);
    expect(pdfaProblems(withPackets(XMP, XMP, bad))).toEqual(['i metadati XMP non dichiarano PDF/A-2a']);
  });

  it('structure: StructTreeRoot, MarkInfo with /Marked true, /DisplayDocTitle true and /Lang, each on its own', () => {
    expect(check('/StructTreeRoot 12 0 R', '/StructTreeRoot null')).toEqual(['manca la struttura logica (StructTreeRoot)']);
    expect(check('/MarkInfo 13 0 R', '/MarkInfo null')).toEqual(['manca MarkInfo /Marked true']);
    expect(check('/Marked true', '/Marked false')).toEqual(['manca MarkInfo /Marked true']);
    expect(check('/DisplayDocTitle true', '/DisplayDocTitle false')).toEqual(['manca /DisplayDocTitle true (il lettore mostrerebbe il nome del file)']);
    expect(check('/Lang (it-IT)', '/Lang <69742d4954>')).toEqual(['manca la lingua del documento (/Lang)']);
    // One-digit object numbers are as good as two.
    expect(pdfaProblems(bytes(edit(edit(CLEAN, '/StructTreeRoot 12 0 R', '/StructTreeRoot 3 0 R'), '/MarkInfo 13 0 R', '/MarkInfo 4 0 R')))).toEqual([]);
  });

  it('fonts: a Type1 font or a standard-14 name is reported; a font dictionary ends at its first «>»', () => {
    expect(check('/Subtype /Type0', '/Subtype /Type1')).toEqual(['usa caratteri standard non incorporati']);
    expect(check('/Subtype /Type0 /BaseFont /AAAAAA+Roboto', '/BaseFont /AAAAAA+Roboto /Subtype /Type1')).toEqual(['usa caratteri standard non incorporati']);
    for (const name of ['Helvetica', 'Times-Roman', 'Courier-Bold', 'Symbol', 'ZapfDingbats']) {
      expect(check('/Subtype /Type0 /BaseFont /AAAAAA+Roboto', `/Subtype /TrueType /BaseFont /${name}`), name).toEqual(['usa caratteri standard non incorporati']);
    }
    expect(check('/Subtype /Type0 /BaseFont /AAAAAA+Roboto', '/Subtype /TrueType /BaseFont /AAAAAA+Helvetica')).toEqual([]);
    expect(check('/Subtype /Type0 /BaseFont /AAAAAA+Roboto', '/BaseFont /AAAAAA+Roboto >> << /Subtype /Type1')).toEqual([]);
    expect(check('/Subtype /Type0', '/Subtype /Type1C')).toEqual([]);
  });

  it('fonts: every descriptor needs an embedded font file (FontFile, FontFile2 or FontFile3); none at all is a problem too', () => {
    expect(check(FONT_DESCRIPTOR, '')).toEqual(['caratteri non incorporati (0 file di font per 0 descrittori)']);
    expect(check('/FontFile2 19 0 R', '')).toEqual(['caratteri non incorporati (0 file di font per 1 descrittori)']);
    expect(check('/FontFile2 19 0 R', '/FontFile4 19 0 R')).toEqual(['caratteri non incorporati (0 file di font per 1 descrittori)']);
    for (const key of ['/FontFile 19 0 R', '/FontFile3 19 0 R']) expect(check('/FontFile2 19 0 R', key), key).toEqual([]);
    const second = '<< /Type /FontDescriptor /FontName /BBBBBB+Roboto-Bold /FontFile3 21 0 R >>';
    expect(check(FONT_DESCRIPTOR, `${FONT_DESCRIPTOR} ${second.replace('/FontFile3 21 0 R', '')}`)).toEqual(['caratteri non incorporati (1 file di font per 2 descrittori)']);
    expect(check(FONT_DESCRIPTOR, `${FONT_DESCRIPTOR} ${second}`)).toEqual([]);
    expect(check(FONT_DESCRIPTOR, `${FONT_DESCRIPTOR} /FontFile 22 0 R`)).toEqual([]);
  });

  it('transparency (a soft mask, or a constant alpha below 1), encryption, another PDF version', () => {
    expect(check('/Marked true', '/Marked true /SMask 30 0 R')).toEqual(['contiene trasparenze']);
    expect(check('/Marked true', '/Marked true /SMaskInData 1')).toEqual([]);
    for (const alpha of ['/CA 0.5', '/ca 0.5', '/ca .5', '/CA .25']) expect(check('/Marked true', `/Marked true ${alpha}`), alpha).toEqual(['contiene trasparenze']);
    for (const alpha of ['/CA 1', '/ca 1.0', '/CA 0.', '/CA 00.5']) expect(check('/Marked true', `/Marked true ${alpha}`), alpha).toEqual([]);
    expect(check('/Root 1 0 R', '/Encrypt 9 0 R /Root 1 0 R')).toEqual(['è cifrato']);
    expect(check('/Root 1 0 R', '/EncryptMetadata false /Root 1 0 R')).toEqual([]);
    expect(check('%PDF-1.7', '%PDF-1.4\n%PDF-1.7')).toEqual(['versione PDF diversa da 1.7']);
    expect(check('%PDF-1.7', '%PDF-2.0')).toEqual(['versione PDF diversa da 1.7']);
  });
});

describe('package names and media types', () => {
  it('slug: lowercase ASCII, accents dropped, other runs become one hyphen, none at the ends', () => {
    expect(slug('Servizi al Cittadino e Gabinetto del Sindaco')).toBe('servizi-al-cittadino-e-gabinetto-del-sindaco');
    expect(slug('  Attività – Università  n. 3/2024 ')).toBe('attivita-universita-n-3-2024');
    expect(slug('--Già__così--')).toBe('gia-cosi');
    expect(slug('ÀÈÌÒÙ ç')).toBe('aeiou-c');
    expect(slug('')).toBe('');
    expect(slug('---')).toBe('');
  });

  it('media types of the published files', () => {
    expect(MEDIA).toEqual({ pdf: 'application/pdf', p7m: 'application/pkcs7-mime', docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', html: 'text/html' });
  });

  it('the kinds albo pubblica publishes, with the register\'s and the metadata\'s labels', () => {
    expect(PUBLISHABLE).toEqual({
      avviso: { atto: 'avviso', tipologia: 'Avviso di selezione interna' },
      regolamento: { atto: 'regolamento', tipologia: 'Regolamento' },
      servizio: { atto: 'scheda di servizio', tipologia: 'Scheda descrittiva di servizio' },
      progetto: { atto: 'progetto', tipologia: 'Scheda di progetto' },
      fondo: { atto: 'prospetto di riparto del fondo', tipologia: 'Prospetto di riparto del fondo' },
      documento: { atto: 'documento', tipologia: 'Documento amministrativo' },
    });
  });

  it('package folder: out/albo/<year>-<id>; a notice uses its own year, other acts the start\'s; no id: the file name', () => {
    const doc = (tipo: string, data: object, file = 'content/prova/2024/Atto Prova.md') => ({ kind: { tipo }, data, path: file }) as unknown as Doc;
    expect(packageDir('out', doc('avviso', { id: 'Avviso Servizi', anno: 2023 }), 2024)).toBe(path.join('out', 'albo', '2023-avviso-servizi'));
    expect(packageDir('out', doc('regolamento', { id: 'Regolamento Orari', anno: 2023 }), 2025)).toBe(path.join('out', 'albo', '2025-regolamento-orari'));
    expect(packageDir('/x/out', doc('servizio', {}), 2024)).toBe('/x/out/albo/2024-atto-prova');
  });
});

describe('the signer and the signed file', () => {
  it('the certificate\'s name is the act\'s signer whatever the word order, case and accents', () => {
    expect(sameSigner('ROSSI MARIO', 'Mario Rossi')).toBe(true);
    expect(sameSigner('Niccolò  Mazzèi', 'niccolo mazzei')).toBe(true);
    expect(sameSigner("Anna D'Angelo", "d'angelo anna")).toBe(true);
    expect(sameSigner('Mario Rossi', 'Mario Rossini')).toBe(false);
    expect(sameSigner('Mario Rossi Bianchi', 'Mario Rossi')).toBe(false);
    expect(sameSigner("Anna D'Angelo", 'Anna D Angelo')).toBe(false);
    expect(sameSigner('Mario-Rossi', 'Mario Rossi')).toBe(true);
  });

  describe('checkSigned on a hand-made PDF', () => {
    let signer: TestSigner;
    const pdf = Buffer.from(
      [
        '%PDF-1.7',
        '1 0 obj',
        '<< /Type /Catalog /Pages 2 0 R >>',
        'endobj',
        '2 0 obj',
        '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
        'endobj',
        '3 0 obj',
        '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources 5 0 R >>',
        'endobj',
        '4 0 obj',
        '<< /Length 0 >>',
        'stream',
        '',
        'endstream',
        'endobj',
        '5 0 obj',
        '<< >>',
        'endobj',
        'trailer',
        '<< /Size 6 /Root 1 0 R >>',
        'startxref',
        '0',
        '%%EOF',
        '',
      ].join('\n'),
      'latin1',
    );
    const other = Buffer.from(pdf.toString('latin1').replace('/Count 1', '/Count 1 '), 'latin1');
    beforeAll(() => {
      signer = makeSigner('Emanuele Pasquini');
    });

    it('PAdES and CAdES of the generated PDF are accepted, with the signer, serial, validity and signing time', async () => {
      const expected = {
        firmatario: 'Emanuele Pasquini',
        seriale_certificato: '0a1b2c3d4e',
        emittente: 'CA di prova per i test di albo',
        certificato_valido_dal: '2024-01-01T00:00:00.000Z',
        certificato_valido_al: '2027-12-31T23:59:59.000Z',
        data_firma: '2024-04-05T10:30:00.000Z',
        algoritmo_impronta: 'SHA-256',
        non_verificato: NOT_CHECKED,
      };
      expect(await checkSigned(signPades(pdf, signer), [{ name: 'altro', bytes: other }, { name: 'atto', bytes: pdf }])).toEqual({ ok: true, act: { name: 'atto', bytes: pdf }, record: { formato: 'PAdES', ...expected }, warnings: [] });
      expect(await checkSigned(signCades(pdf, signer), [{ name: 'atto', bytes: pdf }])).toEqual({ ok: true, act: { name: 'atto', bytes: pdf }, record: { formato: 'CAdES', ...expected }, warnings: [] });
    });

    it('another act, the unsigned PDF, a changed byte and a file that is no envelope each name the check that failed', async () => {
      const generated = [{ name: 'atto', bytes: pdf }];
      expect(await checkSigned(signPades(other, signer), generated)).toMatchObject({ ok: false, check: 'atto generato' });
      expect(await checkSigned(signCades(other, signer), generated)).toMatchObject({ ok: false, check: 'atto generato' });
      expect(await checkSigned(pdf, generated)).toEqual({ ok: false, check: 'firma PAdES', message: 'il PDF non contiene una firma digitale (manca /ByteRange): è il PDF non firmato, o è stato firmato in un altro formato' });
      const changed = signPades(pdf, signer);
      changed[20] = changed[20]! ^ 0x01;
      expect(await checkSigned(changed, generated)).toMatchObject({ ok: false, check: 'impronta dei byte firmati' });
      expect(await checkSigned(Buffer.from('non è una busta'), generated)).toEqual({ ok: false, check: 'busta CAdES', message: 'il file non è una busta CAdES (.p7m) con il documento incluso' });
    });
  });
});
