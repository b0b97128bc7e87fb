import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { renderOutputs } from '../src/build/build.js';
import { validateEnte } from '../src/build/project.js';
import { isError } from '../src/diagnostics.js';
import { albo } from './helpers/cli.js';
import { ROOT } from './helpers/seed.js';

/**
 * Property-based fuzzing of check and build (issue 14). Each case takes one shipped source (or an
 * ente.yaml), mutates it (bytes, lines, YAML structure, Markdown structure, unicode) and runs what
 * `albo check` runs on its ente, in-process; if check accepts it, what `albo build` renders for it (PDF,
 * DOCX, combined documents, funzionigramma), in memory. Properties: no exception (the CLI would exit 2),
 * every problem is an Italian diagnostic with a file, each step within a time bound, and check's "yes"
 * means build renders. A few cases also go through the CLI itself (exit code, no stack trace).
 *
 * CI: fixed seed, ALBO_FUZZ_RUNS cases (200 by default). Longer: ALBO_FUZZ_RUNS=5000 ALBO_FUZZ_SEED=…
 * A failing case is written to $TMPDIR/albo-fuzz-crashes/; keep it in test/fixtures/fuzz/ (with a line
 * in index.json saying which source it replaces) and it is replayed first on every run.
 */

const RUNS = Number(process.env.ALBO_FUZZ_RUNS ?? 200);
const SEED = Number(process.env.ALBO_FUZZ_SEED ?? 14_2024);
/** Generous bounds for a loaded 2-core machine: the point is "never minutes", not a benchmark. */
const CHECK_MS = 10_000;
const BUILD_MS = 60_000;

const CONTENT = path.join(ROOT, 'content');
const TEMPLATES = path.join(ROOT, 'templates');
const FIXTURES = path.join(ROOT, 'test/fixtures/fuzz');
const crashes = mkdtempSync(path.join(tmpdir(), 'albo-fuzz-crashes-'));
afterAll(() => {
  if (!readdirSync(crashes).length) rmSync(crashes, { recursive: true, force: true });
});

interface Ente {
  config: string;
  sources: string[];
}
const entes: Ente[] = readdirSync(CONTENT, { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .map((e) => path.join(CONTENT, e.name))
  .map((dir) => ({
    config: path.join(dir, 'ente.yaml'),
    sources: readdirSync(dir, { recursive: true, withFileTypes: true })
      .filter((f) => f.isFile() && f.name.endsWith('.md'))
      .map((f) => path.join(f.parentPath, f.name))
      .sort(),
  }));
const targets = entes.flatMap((ente) => [ente.config, ...ente.sources].map((file) => ({ ente, file })));
const original = new Map(targets.map((t) => [t.file, readFileSync(t.file)]));
const display = (p: string) => path.relative(ROOT, p);

// --- Mutations -------------------------------------------------------------------------------------

const HOSTILE_YAML = ['&a [*a]', '*nessuno', '{', '[', '"non chiusa', "'", '!!binary AAAA', '!<tag:yaml.org,2002:js/function> x', '~', '[]', '{}', '- - -', '1e309', '.nan', '-0', '0x1F', '2024-02-30', '99999999999999999999', '|\n  blocco', '>-', '? chiave', 'a: b: c', '"\\u0000"', '"\\uD800"', '<<: *x', '&x', 'a'.repeat(3000)];
const HOSTILE_MD = [
  ':::firma', ':::', '::indice[Indice]', '::interruzione-pagina', ':::inserito{delibera=x}', '::sconosciuta', '| a | b |\n| - |\n| 1 | 2 | 3 |', '- [ ] casella', '- [x]', '> citazione', '***', '---', '# Titolo',
  '## Bisogno organizzativo', '## Sezione inventata', '### Nucleo', '[x](javascript:alert(1))', '[x](https://example.org)', '[x][y]\n\n[y]: data:x', '<del delibera="x">testo</del>', '<ins delibera="">', '</del>', '<script>alert(1)</script>',
  '<br>', '[^1]\n\n[^1]: nota', '![immagine](x.png)', '```\ncodice\n```', '`codice`', '**grassetto', '\\', '&amp; &#0; &#x110000;', '1. uno\n1) due', Array.from({ length: 12 }, (_, i) => `${'  '.repeat(i)}- livello`).join('\n'),
  '> '.repeat(12) + 'fondo', '*_'.repeat(12) + 'x' + '_*'.repeat(12), 'parola '.repeat(3500), `| ${'c | '.repeat(35)}\n|${' - |'.repeat(35)}`, '[](#art-1)', '[#](#nessuno)', '*a _b '.repeat(150) + 'c' + '_ b* a'.repeat(150), '['.repeat(300), '|a'.repeat(100), '{{titolo}}', '{{{html}}}', '<!-- commento -->',
];
const UNICODE = ['\u202e', '\u200b', '\ufeff', '\u0301', '\u{1F600}', '\u2028', '\u00a0', '\uff1c', '\ufb01', 'ع', '\u0000', '\u001b', '\ud800', '\u{10FFFF}', 'ẞ', 'İ', '\r', '\r\n', '\t', '€', '–'];

type Mutation =
  | { kind: 'bytes'; at: number; op: 'flip' | 'insert' | 'delete'; value: number; count: number }
  | { kind: 'line'; at: number; to: number; op: 'delete' | 'duplicate' | 'swap' | 'indent' | 'dedent' | 'truncate' }
  | { kind: 'yaml'; at: number; value: string; op: 'value' | 'key' | 'line' }
  | { kind: 'markdown'; at: number; value: string }
  | { kind: 'unicode'; at: number; value: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('bytes' as const), at: fc.nat(), op: fc.constantFrom('flip' as const, 'insert' as const, 'delete' as const), value: fc.integer({ min: 0, max: 255 }), count: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant('line' as const), at: fc.nat(), to: fc.nat(), op: fc.constantFrom('delete' as const, 'duplicate' as const, 'swap' as const, 'indent' as const, 'dedent' as const, 'truncate' as const) }),
  fc.record({ kind: fc.constant('yaml' as const), at: fc.nat(), value: fc.oneof(fc.constantFrom(...HOSTILE_YAML), fc.string({ maxLength: 12 })), op: fc.constantFrom('value' as const, 'key' as const, 'line' as const) }),
  fc.record({ kind: fc.constant('markdown' as const), at: fc.nat(), value: fc.constantFrom(...HOSTILE_MD) }),
  fc.record({ kind: fc.constant('unicode' as const), at: fc.nat(), value: fc.oneof(fc.constantFrom(...UNICODE), fc.string({ unit: 'grapheme', maxLength: 4 })) }),
);

function apply(bytes: Uint8Array, m: Mutation, isYamlFile: boolean): Uint8Array {
  if (m.kind === 'bytes') {
    const b = Buffer.from(bytes);
    const at = b.length ? m.at % b.length : 0;
    if (m.op === 'flip') {
      for (let i = 0; i < m.count && at + i < b.length; i++) b[at + i] = b[at + i]! ^ (m.value || 1);
      return b;
    }
    if (m.op === 'insert') return Buffer.concat([b.subarray(0, at), Buffer.alloc(m.count, m.value), b.subarray(at)]);
    return Buffer.concat([b.subarray(0, at), b.subarray(at + m.count)]);
  }
  const text = Buffer.from(bytes).toString('utf8');
  const lines = text.split('\n');
  // The frontmatter's lines (or all of ente.yaml) for YAML mutations; the body's for Markdown ones.
  const close = isYamlFile ? lines.length : Math.max(1, lines.indexOf('---', 1));
  const pick = (from: number, to: number, n: number) => (to > from ? from + (n % (to - from)) : from);
  const join = (ls: string[]) => Buffer.from(ls.join('\n'), 'utf8');
  if (m.kind === 'line') {
    const i = pick(0, lines.length, m.at);
    const j = pick(0, lines.length, m.to);
    if (m.op === 'delete') lines.splice(i, 1);
    if (m.op === 'duplicate') lines.splice(i, 0, lines[i] ?? '');
    if (m.op === 'swap') [lines[i], lines[j]] = [lines[j] ?? '', lines[i] ?? ''];
    if (m.op === 'indent') lines[i] = '  ' + (lines[i] ?? '');
    if (m.op === 'dedent') lines[i] = (lines[i] ?? '').replace(/^\s+/, '');
    if (m.op === 'truncate') lines.splice(i);
    return join(lines);
  }
  if (m.kind === 'yaml') {
    const i = pick(isYamlFile ? 0 : 1, close, m.at);
    const line = lines[i] ?? '';
    if (m.op === 'value') lines[i] = line.includes(':') ? line.replace(/:.*$/, `: ${m.value}`) : `${line} ${m.value}`;
    if (m.op === 'key') lines[i] = line.replace(/^(\s*)[^:\s]+/, `$1${m.value}`);
    if (m.op === 'line') lines.splice(i, 0, m.value);
    return join(lines);
  }
  if (m.kind === 'markdown') {
    const i = pick(Math.min(close + 1, lines.length), lines.length, m.at);
    lines.splice(i, 0, '', m.value, '');
    return join(lines);
  }
  const at = text.length ? m.at % text.length : 0;
  return Buffer.from(text.slice(0, at) + m.value + text.slice(at), 'utf8');
}

// --- The property ------------------------------------------------------------------------------------

let cases = 0;
let accepted = 0;
let longest = { ms: 0, what: '' };

/** What check and build do with one mutated file; throws (with the file kept) if a property fails. */
async function checkAndBuild(file: string, bytes: Uint8Array, label: string): Promise<void> {
  const target = targets.find((t) => t.file === file)!;
  const read = (p: string) => ({ path: p, bytes: p === file ? bytes : original.get(p)! });
  cases++;
  const t0 = performance.now();
  try {
    const ente = validateEnte(read(target.ente.config), target.ente.sources.map(read), display);
    const checkMs = performance.now() - t0;
    expect(checkMs, 'check: tempo').toBeLessThan(CHECK_MS);
    for (const d of ente.diagnostics) {
      expect(d.file, 'ogni problema ha il suo file').toBeTruthy();
      // albo's own words, not the source's text it quotes in «…» (a mutated comment «dati di ESEMPIO» is no error code).
      const own = d.message.replace(/«[^»]*»/g, '«…»');
      expect(own, 'messaggio in italiano, senza codici grezzi né tracce').not.toMatch(/\n\s+at |\bE[A-Z]{3,}\b|undefined|\[object Object\]/);
    }
    if (ente.project && !ente.diagnostics.some(isError)) {
      accepted++;
      const t1 = performance.now();
      // What "albo build <file>" renders; for ente.yaml, the first source (the configuration is in every output).
      const only = new Set([file.endsWith('.md') ? file : target.ente.sources[0]!]);
      const { files } = await renderOutputs([ente.project], { contentDir: CONTENT, outDir: path.join(tmpdir(), 'albo-fuzz-out'), templatesDir: TEMPLATES, version: 'fuzz', only, display });
      expect(files.length, 'build produce i documenti').toBeGreaterThan(0);
      expect(performance.now() - t1, 'build: tempo').toBeLessThan(BUILD_MS);
    }
  } catch (e) {
    const name = `${cases}-${path.basename(file)}`;
    writeFileSync(path.join(crashes, name), bytes);
    writeFileSync(path.join(crashes, `${name}.json`), JSON.stringify({ replaces: display(file), found: label, error: String((e as Error).stack ?? e) }, null, 2));
    throw new Error(`${label} su ${display(file)}: ${(e as Error).message}\n(caso salvato in ${path.join(crashes, name)})`);
  } finally {
    const ms = performance.now() - t0;
    if (ms > longest.ms) longest = { ms, what: `${label} su ${display(file)}` };
  }
}

describe('fuzzing check and build with mutated shipped sources (issue 14)', () => {
  beforeAll(() => {
    // The shipped sources pass, and the first timed case does not pay for loading fonts and compiling code.
    for (const ente of entes) {
      const r = validateEnte({ path: ente.config, bytes: original.get(ente.config)! }, ente.sources.map((p) => ({ path: p, bytes: original.get(p)! })), display);
      expect(r.diagnostics.filter(isError)).toEqual([]);
    }
  }, 120_000);

  it('every crash found so far, kept as a fixture, stays fixed', async () => {
    const index = JSON.parse(readFileSync(path.join(FIXTURES, 'index.json'), 'utf8')) as { file: string; replaces: string; found: string }[];
    expect(index.length).toBeGreaterThan(0);
    for (const f of index) await checkAndBuild(path.join(ROOT, f.replaces), readFileSync(path.join(FIXTURES, f.file)), `fixture ${f.file} (${f.found})`);
  }, 600_000);

  it(`${RUNS} mutated sources (seed ${SEED}): never an internal error, always in time, and what check accepts build renders`, async () => {
    const start = performance.now();
    // Count the generated cases only (the fixtures ran in the test above).
    cases = 0;
    accepted = 0;
    longest = { ms: 0, what: '' };
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...targets.map((t) => t.file)), fc.array(mutation, { minLength: 1, maxLength: 4 }), async (file, mutations) => {
        let bytes: Uint8Array = original.get(file)!;
        for (const m of mutations) bytes = apply(bytes, m, file.endsWith('.yaml'));
        await checkAndBuild(file, bytes, mutations.map((m) => `${m.kind}${'op' in m ? `:${m.op}` : ''}`).join('+'));
      }),
      { seed: SEED, numRuns: RUNS, endOnFailure: true },
    );
    console.log(`[albo fuzz] ${cases} casi (seme ${SEED}), ${accepted} accettati da check e generati da build, in ${((performance.now() - start) / 1000).toFixed(1)} s; caso più lungo ${longest.ms.toFixed(0)} ms (${longest.what})`);
  }, 3_600_000);

  it('through the CLI: a mutated project gives exit 0 or 1 with Italian messages, never 2 nor a stack trace', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'albo-fuzz-cli-'));
    try {
      const samples = fc.sample(fc.tuple(fc.constantFrom(...targets.filter((t) => t.file.includes('lecco') || t.file.includes('maltignano')).map((t) => t.file)), fc.array(mutation, { minLength: 1, maxLength: 3 })), { seed: SEED, numRuns: 6 });
      for (const [i, [file, mutations]] of samples.entries()) {
        const project = path.join(dir, String(i));
        const ente = targets.find((t) => t.file === file)!.ente;
        for (const p of [ente.config, ...ente.sources]) {
          const to = path.join(project, path.relative(ROOT, p));
          mkdirSync(path.dirname(to), { recursive: true });
          writeFileSync(to, p === file ? mutations.reduce((b, m) => apply(b, m, p.endsWith('.yaml')), original.get(p)! as Uint8Array) : original.get(p)!);
        }
        for (const command of ['check', 'build']) {
          const r = await albo(command === 'build' ? [command, '--modelli', TEMPLATES] : [command], project).catch((e: Error) => ({ code: -1, out: '', err: String(e.stack) }));
          expect([0, 1], `${command} ${display(file)}: ${r.err}`).toContain(r.code);
          expect(r.err).not.toMatch(/\n\s+at |errore interno/);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 600_000);
});
