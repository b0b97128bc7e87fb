import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseDocument, stringify } from 'yaml';
import { validateConfig, validateSource } from '../src/build/project.js';
import type { Config } from '../src/config.js';
import { formatDiagnostic } from '../src/diagnostics.js';
import { KINDS } from '../src/kinds/index.js';
import { ROOT } from './helpers/seed.js';

/**
 * No message may show a schema's type name: every field of every kind (and of ente.yaml) is given every
 * wrong shape, or removed, and every message and hint is read.
 */
const TYPE_NAMES = /\b(never|nonoptional|optional|undefined|string|number|boolean|bigint|symbol|object|array|union|intersection|literal|enum|record|tuple|nullable|unknown|any|NaN|pipe|transform|Invalid|expected|received)\b/;
const WRONG: unknown[] = [42, 4.5, -1, 'testo', '', true, null, [], ['x'], {}, { x: 1 }];

const sources = (dir: string): string[] =>
  readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile() && e.name.endsWith('.md'))
    .map((e) => path.join(e.parentPath, e.name));

/** One shipped source per kind, with the configuration of its ente. */
function samples(): Map<string, { file: string; config: Config }> {
  const out = new Map<string, { file: string; config: Config }>();
  const content = path.join(ROOT, 'content');
  for (const ente of readdirSync(content)) {
    const { config } = validateConfig(readFileSync(path.join(content, ente, 'ente.yaml')), `${ente}/ente.yaml`);
    if (!config) continue;
    for (const file of sources(path.join(content, ente))) {
      const tipo = /^tipo:\s*(\S+)/m.exec(readFileSync(file, 'utf8'))?.[1];
      if (tipo && !out.has(tipo)) out.set(tipo, { file, config });
    }
  }
  return out;
}

/** Every path to a value in the data, leaves and containers alike. */
function paths(value: unknown, prefix: (string | number)[] = []): (string | number)[][] {
  const out: (string | number)[][] = prefix.length ? [prefix] : [];
  if (Array.isArray(value)) value.forEach((v, i) => out.push(...paths(v, [...prefix, i])));
  else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) out.push(...paths(v, [...prefix, k]));
  return out;
}

function setAt(data: unknown, p: (string | number)[], value: unknown, remove = false): unknown {
  const copy = structuredClone(data) as Record<string | number, unknown>;
  let node = copy;
  for (const seg of p.slice(0, -1)) node = node[seg] as Record<string | number, unknown>;
  const last = p[p.length - 1]!;
  if (remove) {
    if (Array.isArray(node)) node.splice(Number(last), 1);
    else delete node[last];
  } else node[last] = value;
  return copy;
}

function messagesFor(file: string, config: Config): { checked: number; leaks: string[] } {
  const text = readFileSync(file, 'utf8');
  const [, yamlText, body] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text.replace(/\r\n/g, '\n'))!;
  const data = parseDocument(yamlText!).toJS() as Record<string, unknown>;
  // The body is not what is tested here: a short one keeps the sweep fast for long regulations.
  const shortBody = body!.length > 4000 ? '\n# Titolo – Prova\n\n### Art. – Prova\n\nTesto.\n' : body!;
  const leaks: string[] = [];
  let checked = 0;
  for (const p of paths(data)) {
    if (p[0] === 'tipo') continue;
    const variants = [...WRONG.map((w) => setAt(data, p, w)), setAt(data, p, undefined, true)];
    for (const v of variants) {
      const src = `---\n${stringify(v)}---\n${shortBody}`;
      for (const d of validateSource(new TextEncoder().encode(src), 'prova.md', config).diagnostics) {
        checked++;
        const shown = formatDiagnostic(d);
        if (TYPE_NAMES.test(shown.replace(/«[^»]*»/g, '«…»'))) leaks.push(`${p.join('.')} = ${JSON.stringify(v === undefined ? 'tolto' : 'x')}: ${shown}`);
      }
    }
  }
  return { checked, leaks: [...new Set(leaks)] };
}

describe('messages never show schema type names', () => {
  const found = samples();
  it('the sweep covers every kind albo knows', () => {
    expect([...found.keys()].sort()).toEqual(Object.keys(KINDS).sort());
  });
  for (const [tipo, { file, config }] of found) {
    it(`tipo ${tipo} (${path.relative(ROOT, file)})`, () => {
      const { checked, leaks } = messagesFor(file, config);
      expect(checked).toBeGreaterThan(20);
      expect(leaks).toEqual([]);
    }, 120_000);
  }
  it('ente.yaml', () => {
    const leaks: string[] = [];
    let checked = 0;
    for (const ente of ['capannori', 'ormelle', 'esempio-importi-fissi']) {
      const data = parseDocument(readFileSync(path.join(ROOT, 'content', ente, 'ente.yaml'), 'utf8')).toJS();
      for (const p of paths(data)) {
        for (const v of [...WRONG.map((w) => setAt(data, p, w)), setAt(data, p, undefined, true)]) {
          for (const d of validateConfig(new TextEncoder().encode(stringify(v)), 'ente.yaml').diagnostics) {
            checked++;
            const shown = formatDiagnostic(d);
            if (TYPE_NAMES.test(shown.replace(/«[^»]*»/g, '«…»'))) leaks.push(`${ente}: ${p.join('.')}: ${shown}`);
          }
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect([...new Set(leaks)]).toEqual([]);
  }, 120_000);
});
