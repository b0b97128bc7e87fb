import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadProjects, type LoadResult } from '../src/build/project.js';
import type { Doc, Project } from '../src/kinds/kind.js';
import { locate } from '../src/load/source.js';
import { useCodeStamp } from '../src/load/result-cache.js';
import { bodyTree } from '../src/render/markdown.js';
import { ROOT } from './helpers/seed.js';

// The bundled CLI keeps each source's and each ente.yaml's validation between runs (issue #20). A validation
// read back must be the validation: the same messages at the same places, the same documents (data, sections,
// body and its tree, positions of fields asked for later), the same pay, the same views the templates get.
// Here the unbundled modules are told a code hash, so that they keep and read back as the bundle does.
const tmp = mkdtempSync(path.join(tmpdir(), 'albo-convalide-'));
const content = path.join(tmp, 'content');
const before = process.env.ALBO_CACHE;
let fresh: LoadResult;
let filled: LoadResult;
let revived: LoadResult;

// Loaded by the first test that needs it, not in a hook: a run that throws then fails that test (StrykerJS
// counts only failed tests; a failing hook only skips them).
let setup: Promise<void> | undefined;
const ready = () =>
  (setup ??= (async () => {
      // Every kind of source (Maltignano's regulation left out: Issa Biella's has the same kinds, and the unit
      // project must stay fast).
      cpSync(path.join(ROOT, 'content'), content, { recursive: true, filter: (src) => !src.includes(`${path.sep}maltignano`) });
      // One card with errors: its messages come back from the cache too.
      const card = path.join(content, 'capannori/2024/schede/coordinamento-stato-civile.md');
      writeFileSync(card, readFileSync(card, 'utf8').replace('anno: 2024', 'anno: duemila'));
      // And an ente.yaml whose shape is right but whose rules are not (a criterion's min above its max).
      mkdirSync(path.join(content, 'prova'));
      writeFileSync(path.join(content, 'prova', 'ente.yaml'), 'ente:\n  nome: Comune di Prova\n  luogo: Prova\ncriteri:\n  - id: a\n    nome: Criterio a\n    min: 5\n    max: 1\n    elementi: [Uno]\n');
      process.env.ALBO_CACHE = path.join(tmp, 'cache');
      useCodeStamp(undefined);
      fresh = await loadProjects(content);
      useCodeStamp('prova-1');
      filled = await loadProjects(content);
      revived = await loadProjects(content);
  })());

afterAll(() => {
  useCodeStamp(undefined);
  if (before === undefined) delete process.env.ALBO_CACHE;
  else process.env.ALBO_CACHE = before;
  rmSync(tmp, { recursive: true, force: true });
});

const docsOf = (r: LoadResult) => r.projects.flatMap((p) => p.docs);
const plain = (d: Doc) => ({ tipo: d.kind.tipo, path: d.path, file: d.source.file, data: d.data, sections: d.sections, body: d.source.body, bodyLine: d.source.bodyLine, raw: d.source.data });

describe('validations kept between runs', () => {
  // One test: the runs compared are made by `ready()` in the test that asks first, and StrykerJS runs for a
  // mutant only the tests that ran its code (in a test of its own, each comparison would see no mutant).
  it('every source and ente.yaml is kept once, then read back as computed: messages, documents, positions, pay, views', async () => {
    await ready();
    // every source and ente.yaml is kept once, then read back
    const kept = (kind: string) => readdirSync(path.join(tmp, 'cache', kind)).filter((f) => f.endsWith('.json'));
    expect(kept('sorgenti')).toHaveLength(fresh.sources.length);
    expect(kept('enti')).toHaveLength(readdirSync(content).length);
    expect(fresh.sources.length).toBeGreaterThan(20);

    // the same messages, at the same lines and columns, for valid and invalid sources
    expect(fresh.diagnostics.some((d) => d.severity === 'errore' && d.line === 4)).toBe(true);
    expect(fresh.diagnostics).toContainEqual(expect.objectContaining({ file: path.join(content, 'prova', 'ente.yaml'), line: 7, message: 'min 5 maggiore di max 1' }));
    expect(filled.diagnostics).toEqual(fresh.diagnostics);
    expect(revived.diagnostics).toEqual(fresh.diagnostics);
    expect(revived.sources).toEqual(fresh.sources);

    // the same documents: data, sections, body, frontmatter, and the body tree the writers get
    expect(docsOf(revived).map(plain)).toEqual(docsOf(fresh).map(plain));
    for (const [a, b] of docsOf(fresh).map((d, i) => [d, docsOf(revived)[i]!] as const)) expect(bodyTree(b.source), a.path).toEqual(bodyTree(a.source));

    // the positions of fields asked for after validation (messages between documents) are those of the file
    for (const [a, b] of docsOf(fresh).map((d, i) => [d, docsOf(revived)[i]!] as const)) {
      for (const field of [['id'], ['tipo'], ['titolo'], ['anno']]) expect(locate(b.source, field), `${a.path} ${field}`).toEqual(locate(a.source, field));
    }
    const configs = (r: LoadResult) => r.projects.map((p) => p.configSource && locate(p.configSource, ['ente', 'nome']));
    expect(configs(revived)).toEqual(configs(fresh));
    expect(configs(fresh).every((c) => c && c.line > 0)).toBe(true);

    // the same pay and the same views of every document
    const pay = (p: Project) => [...p.allocations].map(([year, s]) => [year, [...s.allocation.pay]]);
    expect(revived.projects.map(pay)).toEqual(fresh.projects.map(pay));
    const views = (r: LoadResult) => r.projects.flatMap((p) => p.docs.map((d) => JSON.stringify(d.kind.view(d, p))));
    expect(views(revived)).toEqual(views(fresh));
  });

  it('a sound entry is read back, not validated again (what it says is what the run gets)', async () => {
    await ready();
    // A cache of its own, filled here (so that the code which keeps runs in this test).
    process.env.ALBO_CACHE = path.join(tmp, 'cache-letta');
    useCodeStamp('prova-letta');
    const dir = (kind: string) => path.join(tmp, 'cache-letta', kind);
    await loadProjects(content);
    const find = (kind: string, match: (entry: any) => boolean) => {
      const f = readdirSync(dir(kind)).filter((n) => n.endsWith('.json')).map((n) => path.join(dir(kind), n)).find((n) => match(JSON.parse(readFileSync(n, 'utf8'))));
      if (!f) throw new Error(`no ${kind} entry`);
      return [f, readFileSync(f, 'utf8')] as const;
    };
    // A valid card, an invalid one (its message), an ente.yaml: each entry edited by hand, soundly.
    const [cardFile, cardText] = find('sorgenti', (e) => e.raw?.id === 'coordinamento-polo-tecnologico' && e.doc);
    const [badFile, badText] = find('sorgenti', (e) => e.diagnostics.some((d: any) => d.severity === 'errore' && d.line === 4));
    const [enteFile, enteText] = find('enti', (e) => e.config?.ente?.nome === 'Comune di Capannori');
    const card = JSON.parse(cardText);
    card.doc.data.titolo = 'Titolo letto dalla cache';
    card.doc.body = 'Testo letto dalla cache.\n';
    writeFileSync(cardFile, JSON.stringify(card));
    const bad = JSON.parse(badText);
    bad.diagnostics = bad.diagnostics.map((d: any) => ({ ...d, message: 'messaggio letto dalla cache' }));
    writeFileSync(badFile, JSON.stringify(bad));
    const ente = JSON.parse(enteText);
    ente.config.ente.nome = 'Comune letto dalla cache';
    writeFileSync(enteFile, JSON.stringify(ente));
    try {
      const read = await loadProjects(content);
      const doc = docsOf(read).find((d) => d.data.id === 'coordinamento-polo-tecnologico')!;
      expect(doc.data.titolo).toBe('Titolo letto dalla cache');
      expect(doc.source.body).toBe('Testo letto dalla cache.\n');
      // the tree the writers get is that of the body read back
      expect(JSON.stringify(bodyTree(doc.source))).toContain('Testo letto dalla cache.');
      // its YAML, parsed again from the file only when a position is asked for, is the file's
      expect(locate(doc.source, ['titolo'])).toEqual(locate(docsOf(fresh).find((d) => d.data.id === 'coordinamento-polo-tecnologico')!.source, ['titolo']));
      expect(read.diagnostics.filter((d) => d.message === 'messaggio letto dalla cache').length).toBe(bad.diagnostics.length);
      expect(read.projects.map((p) => p.config.ente.nome)).toContain('Comune letto dalla cache');
    } finally {
      writeFileSync(cardFile, cardText);
      writeFileSync(badFile, badText);
      writeFileSync(enteFile, enteText);
    }
    // and back as before once the entries are
    expect(docsOf(await loadProjects(content)).map(plain)).toEqual(docsOf(fresh).map(plain));
    process.env.ALBO_CACHE = path.join(tmp, 'cache');
    useCodeStamp('prova-1');
  });

  it('a damaged or unsound entry is validated again: the same result', async () => {
    await ready();
    const dir = (kind: string) => path.join(tmp, 'cache', kind);
    const entries = (kind: string) => readdirSync(dir(kind)).filter((f) => f.endsWith('.json')).sort();
    const sources = entries('sorgenti');
    // A known kind in «raw», so that each check of the document is the one that refuses it.
    const raw = '"raw": {"tipo": "scheda"}';
    const shapes = [
      `{"diagnostics": [], ${raw}, "doc": {"body": 5, "bodyLine": 1, "data": {}, "sections": {}}}`,
      `{"diagnostics": [], ${raw}, "doc": {"body": "", "bodyLine": "1", "data": {}, "sections": {}}}`,
      `{"diagnostics": [], ${raw}, "doc": {"body": "", "bodyLine": 1, "data": null, "sections": {}}}`,
      `{"diagnostics": [], ${raw}, "doc": {"body": "", "bodyLine": 1, "data": {}, "sections": 3}}`,
      `{"diagnostics": [], ${raw}, "doc": "testo"}`,
      '{"diagnostics": [], "raw": {"tipo": "sconosciuto"}, "doc": {"body": "", "bodyLine": 1, "data": {}, "sections": {}}}',
      // a «tipo» named like a member of every JavaScript object is no kind either
      '{"diagnostics": [], "raw": {"tipo": "constructor"}, "doc": {"body": "", "bodyLine": 1, "data": {}, "sections": {}}}',
      '{"diagnostics": [], "raw": "testo"}',
      '{"diagnostics": [], "doc": {"body": "", "bodyLine": 1, "data": {}, "sections": {}}}',
      '{"diagnostics": [], "doc": null}',
      '{"diagnostics": [], "doc": "testo"}',
      '{"diagnostics": {}}',
      '{"diagnostiche": []}',
      'null',
      '[1, 2',
    ];
    sources.forEach((f, i) => writeFileSync(path.join(dir('sorgenti'), f), shapes[i % shapes.length]!));
    for (const [i, f] of entries('enti').entries()) writeFileSync(path.join(dir('enti'), f), ['{"diagnostics": [], "config": 3}', '{"diagnostics": [], "config": 3, "data": {}}', '{"diagnostics": [], "data": "testo"}', '{"diagnostics": "no"}', 'null', '{"diagnostics": [], "config": {}}', '{"diagnostics": [3]}'][i % 7]!);
    const again = await loadProjects(content);
    expect(again.diagnostics).toEqual(fresh.diagnostics);
    expect(docsOf(again).map(plain)).toEqual(docsOf(fresh).map(plain));
    expect(again.projects.map((p) => p.config)).toEqual(fresh.projects.map((p) => p.config));
    // each entry replaced by the sound one
    expect(entries('sorgenti')).toEqual(sources);
    for (const f of sources) expect(JSON.parse(readFileSync(path.join(dir('sorgenti'), f), 'utf8'))).toHaveProperty('diagnostics');
  });

  it('another code hash, an edited source or an edited ente.yaml is validated again', async () => {
    await ready();
    const kept = () => readdirSync(path.join(tmp, 'cache', 'sorgenti')).length;
    const n = kept();
    const card = path.join(content, 'capannori/2024/schede/coordinamento-polo-tecnologico.md');
    writeFileSync(card, readFileSync(card, 'utf8').replace(/^titolo: (.*)$/m, 'titolo: "Un titolo nuovo"'));
    const edited = await loadProjects(content);
    expect(kept()).toBe(n + 1);
    expect(docsOf(edited).find((d) => d.path === card)?.data.titolo).toBe('Un titolo nuovo');
    const ente = path.join(content, 'capannori/ente.yaml');
    writeFileSync(ente, readFileSync(ente, 'utf8').replace(/^(\s*nome: )Comune di Capannori$/m, '$1Comune di Capannori (prova)'));
    const renamed = await loadProjects(content);
    expect(renamed.projects.find((p) => p.configPath === ente)?.config.ente.nome).toBe('Comune di Capannori (prova)');
    const capannori = fresh.sources.filter((s) => s.ente === ente).length;
    expect(kept()).toBe(n + 1 + capannori);
    useCodeStamp('prova-2');
    await loadProjects(content);
    expect(kept()).toBe(n + 1 + capannori + fresh.sources.length);
  });
});
