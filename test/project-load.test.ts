import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { fsOps } from '../src/build/fs-ops.js';
import { crossCheck, loadProjects, validateConfig, validateEnte, validateSource } from '../src/build/project.js';
import type { Diagnostic } from '../src/diagnostics.js';
import { ROOT } from './helpers/seed.js';

// Loading an ente in process: the rules of ente.yaml that zod cannot state (scales, repeated ids, EQ pay),
// one source against the configuration, ids across documents, which ente a source belongs to, and files
// that cannot be read. Each case writes its own small ente; the shipped enti are loaded by other tests.

const enc = (s: string) => new TextEncoder().encode(s);
const tmp = mkdtempSync(path.join(tmpdir(), 'albo-project-load-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const original = { ...fsOps };
afterEach(() => Object.assign(fsOps, original));

/** Message, line and column of each diagnostic, as a reader would see them. */
const where = (ds: readonly Diagnostic[]) => ds.map((d) => `${d.line ?? '-'}:${d.column ?? '-'} ${d.severity}: ${d.message}`);

const HEAD = 'ente:\n  nome: Comune di Prova\n  luogo: Prova\n';
const criterion = (id: string, min: number, max: number) => `  - id: ${id}\n    nome: Criterio ${id}\n    min: ${min}\n    max: ${max}\n    elementi: [Uno]\n`;
const config = (body = '') => validateConfig(enc(HEAD + body), 'ente.yaml');

describe('validateConfig: what ente.yaml must say beyond its shape', () => {
  it('a plain ente is valid and gives its configuration', () => {
    const r = config();
    expect(r.diagnostics).toEqual([]);
    expect(r.config?.ente.nome).toBe('Comune di Prova');
    expect(r.source?.file).toBe('ente.yaml');
  });

  it('YAML that does not parse, or a wrong shape: no configuration, located errors', () => {
    const broken = validateConfig(enc('ente: [\n'), 'ente.yaml');
    expect(broken.config).toBeUndefined();
    expect(broken.source).toBeUndefined();
    expect(broken.diagnostics.length).toBeGreaterThan(0);
    const shape = config('criteri: 3\n');
    expect(shape.config).toBeUndefined();
    expect(where(shape.diagnostics)).toEqual(['4:10 errore: «criteri» deve essere un elenco, trovato il numero 3']);
  });

  it('a criterion\'s min above its max is an error at «min»; min equal to max is allowed', () => {
    expect(where(config('criteri:\n' + criterion('a', 5, 4)).diagnostics)).toEqual(['7:10 errore: min 5 maggiore di max 4']);
    const equal = config('criteri:\n' + criterion('a', 4, 4));
    expect(equal.diagnostics).toEqual([]);
    expect(equal.config?.criteri[0]?.max).toBe(4);
  });

  it('criteria ids are unique, also against the extra criterion («maggiorazione»); each repeat is reported where it is', () => {
    const twice = config('criteri:\n' + criterion('a', 0, 4) + criterion('b', 0, 4) + criterion('a', 0, 2));
    expect(twice.config).toBeUndefined();
    expect(where(twice.diagnostics)).toEqual(['15:9 errore: id «a» ripetuto']);
    const extra = config('criteri:\n' + criterion('a', 0, 4) + 'maggiorazione:\n  id: a\n  nome: Autonomia\n  sezione_motivazione: Motivazione\n');
    expect(where(extra.diagnostics)).toEqual(['11:7 errore: id «a» ripetuto']);
    expect(config('criteri:\n' + criterion('a', 0, 4) + 'maggiorazione:\n  id: b\n  nome: Autonomia\n  sezione_motivazione: Motivazione\n').diagnostics).toEqual([]);
  });

  it('settori: an id or a name declared twice (names compared as people read them)', () => {
    const s = (id: string, nome: string) => `  - { id: ${id}, nome: ${nome} }\n`;
    expect(where(config('settori:\n' + s('a', 'Tributi') + s('b', 'Personale') + s('a', 'Cultura')).diagnostics)).toEqual(['7:11 errore: id «a» ripetuto']);
    const named = config('settori:\n' + s('a', 'Tributi') + s('b', '"  tributi "'));
    expect(where(named.diagnostics)).toEqual(['6:20 errore: settore «  tributi » dichiarato due volte']);
    expect(named.diagnostics[0]?.hint).toBe('un settore, un nome: togli il doppione');
    // An id repeated is one message, not also a name repeated.
    expect(where(config('settori:\n' + s('a', 'Tributi') + s('a', 'Tributi')).diagnostics)).toEqual(['6:11 errore: id «a» ripetuto']);
    expect(config('settori:\n' + s('a', 'Tributi') + s('b', 'Personale')).diagnostics).toEqual([]);
  });

  const eq = (criteri: string, retribuzione = '') => config(`eq:\n  criteri:\n${criteri}${retribuzione}`);
  const eqCriterion = (id: string, min: number, max: number, peso = 1) => `    - { id: ${id}, nome: Fattore ${id}, min: ${min}, max: ${max}, peso: ${peso} }\n`;

  it('EQ criteria: min above max and repeated ids are errors; min equal to max is allowed', () => {
    expect(where(eq(eqCriterion('a', 6, 5)).diagnostics)).toEqual(['6:38 errore: min 6 maggiore di max 5']);
    expect(eq(eqCriterion('a', 5, 5)).diagnostics).toEqual([]);
    expect(where(eq(eqCriterion('a', 0, 5) + eqCriterion('b', 0, 5) + eqCriterion('a', 0, 3)).diagnostics)).toEqual(['8:13 errore: id «a» ripetuto']);
  });

  it('EQ pay by bands: bands that overlap or run backwards are errors', () => {
    const bands = (...b: [number, number][]) => `  retribuzione:\n    tipo: fasce\n    fasce:\n${b.map(([da, a]) => `      - { da: ${da}, a: ${a}, importo: 6000 }\n`).join('')}`;
    expect(eq(eqCriterion('a', 0, 100), bands([0, 50], [51, 100])).diagnostics).toEqual([]);
    expect(where(eq(eqCriterion('a', 0, 100), bands([0, 50], [50, 100])).diagnostics)).toEqual(['11:15 errore: la fascia 50–100 si sovrappone a 0–50']);
    expect(where(eq(eqCriterion('a', 0, 100), bands([60, 50])).diagnostics)).toEqual(['10:15 errore: fascia 60–50: l\'inizio supera la fine']);
  });

  it('EQ linear pay: minimum above maximum; the qualifying points must stay below the criteria\'s top (max × weight), on both sides', () => {
    const linear = (punti: number, minimo: number, massimo: number) => `  retribuzione:\n    tipo: lineare\n    punteggio_minimo: ${punti}\n    minimo: ${minimo}\n    massimo: ${massimo}\n`;
    const two = eqCriterion('a', 0, 10, 3) + eqCriterion('b', 0, 20, 2);
    // Top: 10 × 3 + 20 × 2 = 70.
    expect(eq(two, linear(69, 5000, 16000)).diagnostics).toEqual([]);
    expect(where(eq(two, linear(70, 5000, 16000)).diagnostics)).toEqual(['10:23 errore: punteggio minimo 70 non inferiore al punteggio massimo dei criteri (70)']);
    expect(where(eq(two, linear(71, 5000, 16000)).diagnostics)).toEqual(['10:23 errore: punteggio minimo 71 non inferiore al punteggio massimo dei criteri (70)']);
    expect(eq(two, linear(0, 16000, 16000)).diagnostics).toEqual([]);
    expect(where(eq(two, linear(0, 16000.01, 16000)).diagnostics)).toEqual(['11:13 errore: minimo 16000.01 maggiore del massimo 16000']);
  });

  it('names the templates print must have their glyphs in the font', () => {
    const r = validateConfig(enc('ente:\n  nome: Comune di Prova ☃\n  luogo: Prova\n'), 'ente.yaml');
    expect(r.config).toBeUndefined();
    expect(where(r.diagnostics)).toEqual(['2:9 errore: caratteri non stampabili con il font del documento: «☃» (U+2603)']);
  });
});

const CARD_FREE = (extra = '') => `---\ntipo: documento\nid: prova\ntitolo: Documento di prova\n${extra}---\n\nTesto del documento.\n`;
const plain = () => config().config!;

describe('validateSource: one source against the configuration', () => {
  it('a valid source gives its document and the frontmatter as written', () => {
    const r = validateSource(enc(CARD_FREE()), 'prova.md', plain(), '/x/prova.md');
    expect(r.diagnostics).toEqual([]);
    expect(r.doc?.path).toBe('/x/prova.md');
    expect(r.doc?.kind.tipo).toBe('documento');
    expect(r.raw).toMatchObject({ tipo: 'documento', id: 'prova' });
    // Without an absolute path, the file's is used.
    expect(validateSource(enc(CARD_FREE()), 'prova.md', plain()).doc?.path).toBe(path.resolve('prova.md'));
  });

  it('no «tipo», an unknown one (with a guess), one that is not text (with the list of kinds)', () => {
    const none = validateSource(enc('---\nid: x\n---\n\nTesto.\n'), 'x.md', plain());
    expect(none.doc).toBeUndefined();
    expect(none.raw).toEqual({ id: 'x' });
    expect(where(none.diagnostics)).toEqual(['2:1 errore: manca il campo «tipo»']);
    expect(none.diagnostics[0]?.hint).toMatch(/^tipi disponibili: .*avviso.*scheda/);
    const typo = validateSource(enc('---\ntipo: documnto\n---\n\nTesto.\n'), 'x.md', plain());
    expect(where(typo.diagnostics)).toEqual(['2:7 errore: tipo di documento sconosciuto «documnto»']);
    expect(typo.diagnostics[0]?.hint).toBe('intendevi «documento»?');
    const number = validateSource(enc('---\ntipo: 3\n---\n\nTesto.\n'), 'x.md', plain());
    expect(where(number.diagnostics)).toEqual(['2:7 errore: tipo di documento sconosciuto «3»']);
    expect(number.diagnostics[0]?.hint).toMatch(/^tipi disponibili: /);
  });

  it('a wrong field and a problem in the text are reported together, sorted by line; no document', () => {
    const r = validateSource(enc(CARD_FREE('indice: forse\n') + '\n[link](javascript:alert(1))\n'), 'x.md', plain());
    expect(r.doc).toBeUndefined();
    expect(where(r.diagnostics)).toEqual([
      '5:9 errore: «indice» deve essere sì/no (true o false), trovato il testo «forse»',
      '10:1 errore: collegamento non ammesso «javascript:alert(1)»: lo schema «javascript:» non si pubblica',
    ]);
  });

  it('a placeholder «albo nuovo» left: one message for it, not also the type error at the same place', () => {
    const r = validateSource(enc(CARD_FREE('indice: "[da compilare: sì o no]"\n')), 'x.md', plain());
    expect(r.doc).toBeUndefined();
    expect(where(r.diagnostics)).toEqual(['5:9 errore: campo «indice» da compilare: sì o no']);
    // Where the type is right, the placeholder is the only message too.
    expect(where(validateSource(enc(CARD_FREE('sottotitolo: "[da compilare: il sottotitolo]"\n')), 'x.md', plain()).diagnostics)).toEqual(['5:14 errore: campo «sottotitolo» da compilare: il sottotitolo']);
  });

  it('a text too deeply nested stops the checks at the limit (the writers walk the tree recursively)', () => {
    const deep = '>'.repeat(200) + ' [troppo](javascript:x)\n';
    const r = validateSource(enc(CARD_FREE('indice: forse\n') + '\n' + deep), 'x.md', plain());
    expect(r.doc).toBeUndefined();
    // The shape error and the limit; the link inside is not even looked at.
    expect(where(r.diagnostics)).toEqual([
      '5:9 errore: «indice» deve essere sì/no (true o false), trovato il testo «forse»',
      '10:1 errore: rientro troppo profondo (201 colonne prima del testo): elenchi e citazioni si annidano al massimo su 10 livelli',
    ]);
  });
});

describe('crossCheck: ids across documents', () => {
  it('an id used twice: an error at the second one\'s «id», naming the first file', () => {
    const cfg = plain();
    const a = validateSource(enc(CARD_FREE()), 'a.md', cfg, '/e/a.md').doc!;
    const b = validateSource(enc(CARD_FREE()), 'b.md', cfg, '/e/b.md').doc!;
    const r = crossCheck(cfg, [a, b], '/e', '/e/ente.yaml');
    expect(where(r.diagnostics)).toEqual(['3:5 errore: id «prova» già usato in a.md']);
    expect(r.diagnostics[0]?.file).toBe('b.md');
    expect(r.project.byId.get('prova')).toBe(a);
    expect(r.project.dir).toBe('/e');
    expect(r.project.configPath).toBe('/e/ente.yaml');
    expect(crossCheck(cfg, [a]).diagnostics).toEqual([]);
  });
});

let n = 0;
/** Writes files (path → text) under a new folder and returns it. */
function tree(files: Record<string, string>): string {
  const dir = path.join(tmp, `t${n++}`);
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}
const show = (root: string) => (p: string) => path.relative(root, p).split(path.sep).join('/') || '.';

describe('validateEnte and loadProjects: an ente from its files', () => {
  it('every .md below an ente.yaml is a source of the deepest ente above it; hidden files and other files are not sources', async () => {
    const dir = tree({
      'ente.yaml': HEAD,
      'a.md': CARD_FREE(),
      'sotto/b.md': CARD_FREE().replace('id: prova', 'id: b'),
      'sotto/.c.md': 'non letto',
      'sotto/note.txt': 'non letto',
      'unione/ente.yaml': HEAD.replace('Prova\n  luogo', 'Unione\n  luogo'),
      'unione/x/d.md': CARD_FREE(),
    });
    const r = await loadProjects(dir, show(dir));
    expect(r.diagnostics).toEqual([]);
    expect(r.projects.map((p) => [show(dir)(p.dir), p.config.ente.nome, p.docs.map((d) => show(dir)(d.path))])).toEqual([
      ['.', 'Comune di Prova', ['a.md', 'sotto/b.md']],
      ['unione', 'Comune di Unione', ['unione/x/d.md']],
    ]);
    expect(r.sources.map((s) => [show(dir)(s.path), show(dir)(s.ente), s.invalid])).toEqual([
      ['a.md', 'ente.yaml', false],
      ['sotto/b.md', 'ente.yaml', false],
      ['unione/x/d.md', 'unione/ente.yaml', false],
    ]);
    // The nested ente first in the folder order, too: the deepest still wins.
    const first = tree({ 'z/ente.yaml': HEAD, 'z/a.md': CARD_FREE(), 'ente.yaml': HEAD, 'b.md': CARD_FREE() });
    const f = await loadProjects(first, show(first));
    expect(f.projects.map((p) => [show(first)(p.dir), p.docs.map((d) => show(first)(d.path))])).toEqual([
      ['.', ['b.md']],
      ['z', ['z/a.md']],
    ]);
  });

  it('a folder named like a source is not one', async () => {
    const dir = tree({ 'ente.yaml': HEAD, 'a.md': CARD_FREE(), 'cartella.md/b.md': CARD_FREE().replace('id: prova', 'id: b') });
    const r = await loadProjects(dir, show(dir));
    expect(r.projects[0]?.docs.map((d) => show(dir)(d.path))).toEqual(['a.md', 'cartella.md/b.md']);
  });

  it('no ente.yaml at all: one error naming the folder and what to create', async () => {
    const dir = tree({ 'a.md': CARD_FREE() });
    const r = await loadProjects(dir, (p) => (p === dir ? 'content' : show(dir)(p)));
    expect(r.projects).toEqual([]);
    expect(r.sources).toEqual([]);
    expect(r.diagnostics).toEqual([
      { file: 'content', severity: 'errore', message: "nessun ente.yaml in content: manca la configurazione dell'ente", hint: 'crea ente.yaml (vedi README) o una cartella per ente, ognuna con il suo ente.yaml' },
    ]);
  });

  it('a source outside every ente\'s folder is an error; the ente is still loaded', async () => {
    const dir = tree({ 'comune/ente.yaml': HEAD, 'comune/a.md': CARD_FREE(), 'sparso.md': CARD_FREE() });
    const r = await loadProjects(dir, show(dir));
    expect(r.projects).toHaveLength(1);
    expect(r.diagnostics).toEqual([
      { file: 'sparso.md', severity: 'errore', message: 'il documento non sta nella cartella di un ente (nessun ente.yaml sopra di lui)', hint: "spostalo nella cartella dell'ente a cui appartiene" },
    ]);
  });

  it('ente.yaml with errors: its sources are only listed (blocked), with what their frontmatter says', async () => {
    const dir = tree({ 'ente.yaml': HEAD + 'criteri: 3\n', 'a.md': CARD_FREE(), 'b.md': 'senza frontmatter' });
    const r = await loadProjects(dir, show(dir));
    expect(r.projects).toEqual([]);
    expect(r.diagnostics.map((d) => d.file)).toEqual(['ente.yaml']);
    expect(r.sources.map((s) => [show(dir)(s.path), s.invalid, s.raw?.id])).toEqual([
      ['a.md', true, 'prova'],
      ['b.md', true, undefined],
    ]);
  });

  it('a coat of arms that ente.yaml names but is missing: an error of ente.yaml, and no source is validated', async () => {
    const dir = tree({ 'ente.yaml': HEAD + 'carta_intestata:\n  stemma: stemma.png\n', 'a.md': CARD_FREE() });
    const r = await loadProjects(dir, show(dir));
    expect(r.projects).toEqual([]);
    expect(r.diagnostics.length).toBeGreaterThan(0);
    expect(r.diagnostics.every((d) => d.file === 'ente.yaml')).toBe(true);
    expect(r.sources.map((s) => s.invalid)).toEqual([true]);
  });

  it('a source that cannot be read: a located error for it, the others validated', async () => {
    const dir = tree({ 'ente.yaml': HEAD, 'a.md': CARD_FREE(), 'b.md': CARD_FREE().replace('id: prova', 'id: b') });
    fsOps.readFile = (async (p: string) => {
      if (p.endsWith('a.md')) throw Object.assign(new Error('EACCES'), { code: 'EACCES', path: p, syscall: 'open' });
      return original.readFile(p);
    }) as typeof fsOps.readFile;
    const r = await loadProjects(dir, show(dir));
    expect(r.diagnostics).toHaveLength(1);
    expect(r.diagnostics[0]).toMatchObject({ file: 'a.md', severity: 'errore' });
    expect(r.diagnostics[0]?.message).toMatch(/permess/);
    expect(r.projects[0]?.docs.map((d) => show(dir)(d.path))).toEqual(['b.md']);
    expect(r.sources.map((s) => [show(dir)(s.path), s.invalid])).toEqual([
      ['a.md', true],
      ['b.md', false],
    ]);
    // A failure that is not the file system's (a bug) is not turned into a message.
    fsOps.readFile = (async () => {
      throw new TypeError('guasto');
    }) as unknown as typeof fsOps.readFile;
    await expect(loadProjects(dir, show(dir))).rejects.toThrow('guasto');
  });

  it('an unreadable ente.yaml: its error, and every source listed as blocked', () => {
    const r = validateEnte({ path: '/e/ente.yaml', diagnostic: { file: 'ente.yaml', severity: 'errore', message: 'illeggibile' } }, [{ path: '/e/a.md', bytes: enc(CARD_FREE()) }]);
    expect(r.project).toBeUndefined();
    expect(r.diagnostics).toEqual([{ file: 'ente.yaml', severity: 'errore', message: 'illeggibile' }]);
    expect(r.sources).toEqual([{ path: '/e/a.md', ente: '/e/ente.yaml', invalid: true }]);
  });

  it('a folder that cannot be listed: the file system\'s reason, in Italian', async () => {
    fsOps.readdir = (async () => {
      throw Object.assign(new Error('EACCES'), { code: 'EACCES', path: '/x', syscall: 'scandir' });
    }) as unknown as typeof fsOps.readdir;
    await expect(loadProjects(tmp)).rejects.toMatchObject({ message: expect.stringMatching(/permess/) });
  });

  it('a document that depends on a source with errors gets no cross-document messages (they would repeat that source\'s); the others still do', async () => {
    const dir = path.join(tmp, `t${n++}`);
    cpSync(path.join(ROOT, 'content', 'esempio-importi-fissi'), dir, { recursive: true });
    const edit = (rel: string, from: string, to: string) => writeFileSync(path.join(dir, rel), readFileSync(path.join(dir, rel), 'utf8').replace(from, to));
    // A card of the notice and an unrelated document, each with an error of its own.
    edit('2025/schede/coordinamento-ufficio-tecnico.md', 'ruolo: coordinatore', 'ruolo: 5');
    edit('criteri-specifiche-responsabilita.md', 'indice: true', 'indice: forse');
    const r = await loadProjects(dir, show(dir));
    expect([...new Set(r.diagnostics.map((d) => d.file))]).toEqual(['2025/schede/coordinamento-ufficio-tecnico.md', 'criteri-specifiche-responsabilita.md']);
    expect(r.sources.filter((s) => s.invalid).map((s) => show(dir)(s.path))).toEqual(['2025/schede/coordinamento-ufficio-tecnico.md', 'criteri-specifiche-responsabilita.md']);
    // With only the unrelated document broken, the notice's own cross-document problem is reported.
    edit('2025/schede/coordinamento-ufficio-tecnico.md', 'ruolo: 5', 'ruolo: coordinatore');
    edit('2025/avviso-2025.md', '  - ufficiale-stato-civile-anagrafe\n', '  - ufficiale-stato-civile-anagrafe\n  - scheda-che-non-esiste\n');
    const again = await loadProjects(dir, show(dir));
    expect([...new Set(again.diagnostics.map((d) => d.file))]).toEqual(['2025/avviso-2025.md', 'criteri-specifiche-responsabilita.md']);
  });
});
