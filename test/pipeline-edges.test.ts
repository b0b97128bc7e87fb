import { mkdirSync, mkdtempSync, readdirSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { fsOps } from '../src/build/fs-ops.js';
import { crossCheck, loadProjects, validateEnte, validateSource } from '../src/build/project.js';
import { writeAtomically } from '../src/build/write.js';
import { newSource } from '../src/new/command.js';
import { findPersonalData } from '../src/publish/privacy.js';
import { check, readCard, shippedConfig } from './helpers/project.js';

// Edges of the pipeline's small parts, in process: which «tipo» names a kind, the hints of a loading
// error, a paragraph over the limit, paths shown as given, a write that fails on a full disk, and a phone
// number right after an IBAN. The main cases are in project-load.test.ts, build-units.test.ts and
// publish-units.test.ts.

const tmp = realpathSync(mkdtempSync(path.join(tmpdir(), 'albo-pipeline-edges-')));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const enc = (s: string) => new TextEncoder().encode(s);
const KINDS_HINT = 'tipi disponibili: avviso, scheda, fondo, scheda-eq, fondo-eq, servizio, progetto, regolamento, allegato, documento';
const brief = (text: string) => check(text).map((d) => `${d.line}:${d.column} ${d.message} | ${d.hint}`);
const card = readCard('coordinamento-stato-civile');

describe('the «tipo» of a source', () => {
  it('a name of Object\'s own (constructor, toString, __proto__) is an unknown kind, not a crash', () => {
    for (const tipo of ['constructor', 'toString', '__proto__']) {
      expect(brief(card.replace('tipo: scheda', `tipo: ${tipo}`)), tipo).toEqual([`2:7 tipo di documento sconosciuto «${tipo}» | ${KINDS_HINT}`]);
    }
  });

  it('albo nuovo with such a name: an unknown kind, nothing written', async () => {
    const errors: string[] = [];
    const ctx = { contentDir: tmp, cwd: tmp, display: (p: string) => p, out: () => undefined, err: (m: string) => errors.push(m) };
    for (const tipo of ['constructor', 'toString', 'hasOwnProperty']) {
      expect(await newSource({ projects: [], diagnostics: [], sources: [] } as unknown as Parameters<typeof newSource>[0], { tipo, id: 'prova', anno: 2024 }, ctx), tipo).toBe(1);
    }
    expect(errors.map((e) => e.replace(/ \(tipi: .*\)$/, ''))).toEqual(['constructor', 'toString', 'hasOwnProperty'].map((t) => `albo nuovo: tipo di documento sconosciuto «${t}»`));
    expect(readdirSync(tmp).filter((f) => f.endsWith('.md'))).toEqual([]);
  });

  it('a list is not a kind, even a list of one kind\'s name: unknown, with the kinds available', () => {
    expect(brief(card.replace('tipo: scheda', 'tipo: [scheda]'))).toEqual([`2:7 tipo di documento sconosciuto «scheda» | ${KINDS_HINT}`]);
    // A near name gets a guess instead.
    expect(brief(card.replace('tipo: scheda', 'tipo: schede'))).toEqual(['2:7 tipo di documento sconosciuto «schede» | intendevi «scheda»?']);
  });
});

describe('limits of a source\'s text', () => {
  it('a paragraph over 20.000 characters: one error, the document is not loaded; at the limit it is', () => {
    const para = (n: number) => card.replace('## Requisiti\n', `## Requisiti\n\n${'x'.repeat(n)}\n`);
    const line = card.split('\n').indexOf('## Requisiti') + 3;
    const over = validateSource(enc(para(20_001)), 'prova.md', shippedConfig());
    expect(over.doc).toBeUndefined();
    expect(over.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity}: ${d.message} | ${d.hint}`)).toEqual([
      `${line}:1 errore: paragrafo troppo lungo: 20.001 caratteri, il massimo è 20.000 | dividi il testo in più paragrafi con una riga vuota`,
    ]);
    const at = validateSource(enc(para(20_000)), 'prova.md', shippedConfig());
    expect(at.diagnostics).toEqual([]);
    expect(at.doc).toBeDefined();
  });
});

describe('an id used twice', () => {
  it('says that each document needs its own id', () => {
    const config = shippedConfig();
    const doc = (file: string) => validateSource(enc(card), file, config, `/e/${file}`).doc!;
    const [d] = crossCheck(config, [doc('a.md'), doc('b.md')], '/e', '/e/ente.yaml').diagnostics;
    expect([d?.file, d?.message, d?.hint]).toEqual(['b.md', 'id «coordinamento-stato-civile» già usato in a.md', 'ogni documento ha un id unico: cambiane uno']);
  });
});

describe('paths in the messages when no display is given: as they are', () => {
  it('validateEnte: a source\'s problem names the source\'s own path', () => {
    const file = path.join(tmp, 'ente', 'prova.md');
    const r = validateEnte({ path: path.join(tmp, 'ente', 'ente.yaml'), bytes: enc('ente:\n  nome: Prova\n  luogo: Prova\n') }, [{ path: file, bytes: enc(card.replace('tipo: scheda\n', '')) }]);
    expect(r.diagnostics.map((d) => [d.file, d.message])).toEqual([[file, 'manca il campo «tipo»']]);
  });

  it('loadProjects: a folder without ente.yaml is named as given', async () => {
    const dir = path.join(tmp, 'vuota');
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir);
    const r = await loadProjects(dir);
    expect(r.diagnostics.map((d) => [d.file, d.message])).toEqual([[dir, `nessun ente.yaml in ${dir}: manca la configurazione dell'ente`]]);
  });
});

describe('writeAtomically on a full disk', () => {
  const saved = { ...fsOps };
  afterEach(() => Object.assign(fsOps, saved));

  it('the error is the disk\'s (not a missing temporary file\'s), and nothing is left', async () => {
    const dir = path.join(tmp, 'pieno');
    const full = Object.assign(new Error(`ENOSPC: no space left on device, open '${dir}'`), { code: 'ENOSPC', syscall: 'write' });
    // The second file finds the disk full before its temporary file exists.
    let writes = 0;
    fsOps.writeFile = (async (...args: Parameters<typeof saved.writeFile>) => (++writes === 2 ? Promise.reject(full) : saved.writeFile(...args))) as typeof fsOps.writeFile;
    const outcome = await writeAtomically([
      { path: path.join(dir, 'a.txt'), bytes: enc('a') },
      { path: path.join(dir, 'b.txt'), bytes: enc('b') },
    ]).then(
      () => 'scritto',
      (e: unknown) => e,
    );
    expect(outcome).toBe(full);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('personal data: a phone number next to an IBAN', () => {
  it('one blank after the IBAN: the number is still reported (only the IBAN\'s own digits are not a phone)', () => {
    expect(findPersonalData('IBAN IT60X0542811101000000123456 3331234567', [])).toEqual([
      { kind: 'IBAN', text: 'IT60X0542811101000000123456' },
      { kind: 'numero di telefono', text: '3331234567' },
    ]);
  });
});
