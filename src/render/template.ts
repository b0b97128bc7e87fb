import Handlebars from 'handlebars';
import matter from 'gray-matter';
import { didYouMean } from '../validate/did-you-mean.js';
import { parse as parseYamlText } from 'yaml';
import { InvalidInputError, type Diagnostic } from '../diagnostics.js';
import { locate, parseYaml } from '../load/source.js';
import { articulated, byCount, formatDate, formatEuro, formatInteger, formatLongDate, joinItalian, ofOrgan, quotedUnitName, unitName, unitNames } from '../format/italian.js';
import { escapeMarkdown } from './escape.js';

type AST = hbs.AST.Program;
type Node = hbs.AST.Node & Record<string, unknown>;

/** Raised when a template cannot be compiled or refers to a field the data lacks: the office's to fix (exit 1). */
export class TemplateError extends InvalidInputError {
  constructor(readonly diagnostic: Diagnostic) {
    super([diagnostic]);
  }
}

const env = Handlebars.create();

const FORMAT_HELPERS: Record<string, (...args: never[]) => string> = {
  euro: (cents: number) => formatEuro(cents),
  numero: (n: number) => formatInteger(n),
  data: (iso: string) => formatDate(iso),
  data_estesa: (iso: string) => formatLongDate(iso),
  elenco: (items: string[]) => joinItalian(items),
  maiuscolo: (s: string) => s.toLocaleUpperCase('it-IT'),
  /** `{{dal organo}}`: "dal Consiglio di Amministrazione", "dalla Giunta comunale", "dall'Assemblea". */
  dal: (s: string) => withFrom(s),
  /** `{{del organo}}`: "della Giunta comunale", "del Consiglio comunale", "dell'Assemblea". */
  del: (s: string) => ofOrgan(s),
  /** `{{progressivo @index}}`: 1-based numbering in lists and tables. */
  progressivo: (i: number) => String(i + 1),
  /** `{{unita "Settore" settore}}`: «Settore Tributi», but «Corpo di Polizia Locale» as written. */
  unita: (noun: string, name: string | null) => unitName(noun, name),
  /** `{{unita_virgolettata "Settore" settore}}`: «Settore “Tributi”», but «Area Tecnica» as written. */
  unita_virgolettata: (noun: string, name: string | null) => quotedUnitName(noun, name),
  /** `{{unita_elenco "Settore" "Settori" settori}}`: «Settori A e B», «Corpo di Polizia Locale e Settore B». */
  unita_elenco: (noun: string, plural: string, names: string[] | null) => unitNames(noun, plural, names),
  /** `{{plurale schede.length "scheda" "schede"}}`: the singular for 1, the plural otherwise. */
  plurale: (count: number, one: string, many: string) => byCount(count, one, many),
};

/** The articulated preposition "da" before the name of an organ. */
export const withFrom = (name: string): string => articulated('da', name);

/** The articulated preposition "di" before the name of an organ. */
export const withOf = ofOrgan;

interface Where {
  hash: { loc: string; src: string; file: string };
}

/** The README section that lists the fields each kind of template has. */
export const FIELDS_SECTION = 'vedi README, «I modelli (templates/)», «Campi dei modelli»';

/** The fields a path could have meant: those of the object its parent path names, in the context or the root. */
function fieldsNear(src: string, context: unknown, root: unknown): { last: string; names: string[] } {
  const parts = src.replace(/^(\.\.\/|this\.|\.\/)+/, '').split(/[./]/);
  const last = parts.pop()!;
  const names = new Set<string>();
  for (const start of [context, root]) {
    let at: unknown = start;
    for (const p of parts) at = at && typeof at === 'object' ? (at as Record<string, unknown>)[p] : undefined;
    if (at && typeof at === 'object' && !Array.isArray(at)) for (const k of Object.keys(at)) names.add(k);
  }
  return { last, names: [...names] };
}

function missing(options: Where, context?: unknown): never {
  const [line, column] = options.hash.loc.split(':').map(Number);
  const near = fieldsNear(options.hash.src, context, (options as { data?: { root?: unknown } }).data?.root);
  const guess = didYouMean(near.last, near.names);
  const prefix = options.hash.src.slice(0, options.hash.src.length - near.last.length);
  throw new TemplateError({
    file: options.hash.file,
    line,
    column,
    severity: 'errore',
    message: `il modello usa il campo «${options.hash.src}», che i dati non hanno`,
    hint: guess ? `intendevi «${prefix}${guess}»? (${FIELDS_SECTION})` : `controlla il nome del campo nel modello (${FIELDS_SECTION})`,
  });
}

const show = (v: unknown) => (v === null || v === undefined ? '' : String(v));

env.registerHelper({
  ...Object.fromEntries(
    Object.entries(FORMAT_HELPERS).map(([name, fn]) => [
      name,
      (...args: unknown[]) => (fn as (...a: unknown[]) => string)(...args.slice(0, -1)),
    ]),
  ),
  // Functions, not arrows: «this» is the context, whose fields a typo is compared with.
  /** `{{x}}`: an escaped value. */
  md: function (this: unknown, value: unknown, options: Where) {
    return value === undefined ? missing(options, this) : escapeMarkdown(show(value));
  },
  /** `{{{x}}}`: trusted Markdown (a body section), and metadata strings. */
  raw: function (this: unknown, value: unknown, options: Where) {
    return value === undefined ? missing(options, this) : show(value);
  },
  /** A block or helper argument that must exist (null is fine: optional fields are null, typos are undefined). */
  req: function (this: unknown, value: unknown, options: Where) {
    return value === undefined ? missing(options, this) : value;
  },
});

const KNOWN = new Set([...Object.keys(FORMAT_HELPERS), 'md', 'raw', 'req', 'if', 'unless', 'each', 'with']);

function located(node: Node, file: string, src: string): hbs.AST.Hash {
  const loc = node.loc as hbs.AST.SourceLocation;
  const str = (value: string): hbs.AST.StringLiteral => ({ type: 'StringLiteral', value, original: value, loc });
  return {
    type: 'Hash',
    loc,
    pairs: [
      { type: 'HashPair', key: 'loc', value: str(`${loc.start.line}:${loc.start.column + 1}`), loc },
      { type: 'HashPair', key: 'src', value: str(src), loc },
      { type: 'HashPair', key: 'file', value: str(file), loc },
    ],
  };
}

const isPath = (n: unknown): n is hbs.AST.PathExpression => (n as Node)?.type === 'PathExpression';

function wrapParam(param: hbs.AST.Expression, file: string): hbs.AST.Expression {
  if (isPath(param) && !param.data && param.original !== 'this' && param.original !== '.') {
    const req: hbs.AST.SubExpression = {
      type: 'SubExpression',
      path: { type: 'PathExpression', original: 'req', parts: ['req'], data: false, depth: 0, loc: param.loc } as hbs.AST.PathExpression,
      params: [param],
      hash: located(param as unknown as Node, file, param.original),
      loc: param.loc,
    };
    return req;
  }
  if ((param as Node).type === 'SubExpression') transformCall(param as unknown as hbs.AST.SubExpression, file);
  return param;
}

function transformCall(node: { params: hbs.AST.Expression[]; path: hbs.AST.PathExpression | hbs.AST.Expression; loc: hbs.AST.SourceLocation }, file: string) {
  const helper = isPath(node.path) && Object.hasOwn(FORMAT_HELPERS, node.path.original) ? node.path.original : undefined;
  // Handlebars passes what it is given: `{{unita settore}}` would call the helper with the settore as the noun.
  const wanted = helper ? FORMAT_HELPERS[helper]!.length : undefined;
  if (helper && wanted !== node.params.length) {
    throw new TemplateError({
      file,
      line: node.loc.start.line,
      column: node.loc.start.column + 1,
      severity: 'errore',
      message: `la funzione «${helper}» vuole ${wanted === 1 ? '1 argomento' : `${wanted} argomenti`}, qui ${node.params.length === 1 ? 'ne ha 1' : `ne ha ${node.params.length}`}`,
      hint: 'vedi le funzioni dei modelli nel README ("I modelli")',
    });
  }
  node.params = node.params.map((p) => wrapParam(p, file));
}

/**
 * Rewrites every `{{x}}` into `{{md x}}` and every `{{{x}}}` into `{{raw x}}`, and every helper argument
 * into `(req x)`: Handlebars' strict mode does not check helper arguments, and its default escaping is
 * for HTML, not Markdown.
 */
function transform(node: Node, file: string, mode: 'md' | 'plain'): void {
  if (node.type === 'Program') {
    for (const child of (node as unknown as AST).body) transform(child as Node, file, mode);
    return;
  }
  if (node.type === 'BlockStatement') {
    const block = node as unknown as hbs.AST.BlockStatement;
    transformCall(block, file);
    if (block.program) transform(block.program as unknown as Node, file, mode);
    if (block.inverse) transform(block.inverse as unknown as Node, file, mode);
    return;
  }
  if (node.type !== 'MustacheStatement') return;
  const m = node as unknown as hbs.AST.MustacheStatement & { escaped: boolean };
  const path = m.path as hbs.AST.PathExpression;
  const src = isPath(path) ? path.original : 'espressione';
  // A format helper always takes an argument: `{{numero}}` alone is the field "numero", not the helper.
  const isHelperCall = isPath(path) && KNOWN.has(path.original) && m.params.length > 0;
  if (isPath(path) && !isHelperCall && m.params.length) {
    throw new TemplateError({ file, line: m.loc.start.line, column: m.loc.start.column + 1, severity: 'errore', message: `funzione sconosciuta «${path.original}» nel modello`, hint: `funzioni disponibili: ${Object.keys(FORMAT_HELPERS).join(', ')}` });
  }
  let inner: hbs.AST.Expression;
  if (isHelperCall) {
    const call: hbs.AST.SubExpression = { type: 'SubExpression', path, params: m.params, hash: m.hash, loc: m.loc };
    transformCall(call, file);
    inner = call;
  } else inner = path;
  const helper = mode === 'md' && m.escaped ? 'md' : 'raw';
  m.path = { type: 'PathExpression', original: helper, parts: [helper], data: false, depth: 0, loc: m.loc } as hbs.AST.PathExpression;
  m.params = [inner];
  m.hash = located(node, file, src);
}

export type Render = (data: object) => string;

/** Where a position of a template's text (1-based line, 0-based column) is in its file (1-based both). */
type Place = (line: number, column: number) => { line: number; column: number };

// Handlebars' parser (jison) throws a bare Error whose only position is in its English text: keep what it
// knows (the token it got, where, what it expected).
interface ParseHash {
  text?: string;
  token?: string | null;
  line?: number;
  loc?: { first_line: number; first_column: number; last_line: number; last_column: number };
  expected?: string[];
}
(Handlebars as unknown as { Parser: { parseError: (s: string, hash: ParseHash) => never } }).Parser.parseError = (str, hash) => {
  throw Object.assign(new Error(str), { hash });
};

/** A line of the template around a column (0-based), short enough for a message. */
function excerpt(text: string, line: number, column: number): string {
  const whole = text.split('\n')[line - 1] ?? '';
  const from = Math.max(0, column - 30);
  const to = Math.min(whole.length, column + 30);
  return `${from > 0 ? '…' : ''}${whole.slice(from, to).trim()}${to < whole.length ? '…' : ''}`;
}

/** The block opened last and never closed (`{{#if x}}` without `{{/if}}`): its name and place (0-based column). */
function unclosedBlock(text: string): { name: string; line: number; column: number } | undefined {
  const stack: { name: string; index: number }[] = [];
  for (const m of text.matchAll(/\{\{~?\s*([#^/])\s*([^\s}~]*)/g)) {
    if (m[1] === '/') stack.pop();
    else stack.push({ name: m[2]!, index: m.index! });
  }
  const open = stack.at(-1);
  if (!open) return undefined;
  const before = text.slice(0, open.index);
  return { name: open.name, line: before.split('\n').length, column: open.index - (before.lastIndexOf('\n') + 1) };
}

const SYNTAX_HINT = 'un campo si scrive {{campo}} (o {{{campo}}} per il testo Markdown), un blocco {{#if campo}} … {{else}} … {{/if}} o {{#each elenco}} … {{/each}}: vedi README, «I modelli (templates/)»';

/** Handlebars' parse error, in Italian: what was expected where, with the text around it. */
function parseProblem(e: Error & { hash?: ParseHash; lineNumber?: number; column?: number }, text: string, file: string, place: Place): Diagnostic {
  const at = (line: number, column: number, message: string, hint = SYNTAX_HINT): Diagnostic => ({
    file,
    ...place(line, column),
    severity: 'errore',
    message: `modello non valido: ${message}: «${excerpt(text, line, column)}»`,
    hint,
  });
  // A block closed by another name (Handlebars' own Exception, located at the opening block).
  const mismatch = /^(.+) doesn't match (.+) - \d+:\d+$/.exec(e.message);
  if (mismatch && e.lineNumber !== undefined) {
    return at(e.lineNumber, Math.max(0, (e.column ?? 3) - 3), `il blocco «{{#${mismatch[1]}}}» è chiuso da «{{/${mismatch[2]}}}»`, `chiudi ogni blocco con il suo nome: {{#${mismatch[1]} …}} … {{/${mismatch[1]}}}`);
  }
  const hash = e.hash;
  const expected = new Set((hash?.expected ?? []).map((x) => x.replace(/'/g, '')));
  if (hash?.loc) {
    const line = hash.loc.last_line;
    const column = hash.loc.last_column;
    if (hash.token === 'EOF' && expected.has('OPEN_ENDBLOCK')) {
      const open = unclosedBlock(text);
      if (open) return at(open.line, open.column, `il blocco «{{#${open.name}}}» non è mai chiuso`, `aggiungi «{{/${open.name}}}» dove il blocco finisce`);
    }
    if (hash.token === 'CLOSE' && expected.has('CLOSE_UNESCAPED')) return at(line, column, 'il campo aperto con «{{{» va chiuso con «}}}», non «}}»');
    if (hash.token === 'CLOSE_UNESCAPED' && expected.has('CLOSE')) return at(line, column, 'il campo aperto con «{{» va chiuso con «}}», non «}}}»');
    if (expected.has('CLOSE')) {
      const got = hash.token === 'EOF' ? 'la fine del modello' : `«${hash.text}»`;
      return at(line, column, `il campo aperto con «{{» non è chiuso: qui ci vuole «}}», non ${got}`);
    }
    return at(line, column, `qui non ci può essere ${hash.token === 'EOF' ? 'la fine del modello' : `«${hash.text}»`}`);
  }
  // A lexical error (a comment never closed): its line only.
  const line = (hash?.line ?? 0) + 1;
  return at(line, 0, /\{\{!/.test(text.split('\n')[line - 1] ?? '') ? 'commento «{{!-- … --}}» non chiuso' : 'testo che il modello non sa leggere');
}

function compileText(text: string, file: string, place: Place, mode: 'md' | 'plain'): Render {
  let ast: AST;
  try {
    ast = env.parse(text);
  } catch (e) {
    throw new TemplateError(parseProblem(e as Error, text, file, place));
  }
  relocate(ast as unknown as Node, place);
  transform(ast as unknown as Node, file, mode);
  const compiled = env.compile(ast, { noEscape: true, strict: true, knownHelpers: Object.fromEntries([...KNOWN].map((k) => [k, true])), knownHelpersOnly: true });
  return (data) => {
    try {
      return compiled(data);
    } catch (e) {
      if (e instanceof TemplateError) throw e;
      const err = e as Error & { lineNumber?: number; column?: number };
      const name = /"([^"]+)" not defined/.exec(err.message)?.[1];
      throw new TemplateError({
        file,
        line: err.lineNumber,
        column: err.column !== undefined ? err.column + 1 : undefined,
        severity: 'errore',
        message: name ? `il modello usa il campo «${name}», che i dati non hanno` : `errore nel modello: ${err.message}`,
        ...(name ? { hint: `controlla il nome del campo nel modello (${FIELDS_SECTION})` } : {}),
      });
    }
  };
}

/** Moves every location of the tree from the template's text to its file (0-based columns, as Handlebars'). */
function relocate(node: unknown, place: Place, seen = new Set<unknown>()): void {
  if (!node || typeof node !== 'object' || seen.has(node)) return;
  seen.add(node);
  const loc = (node as { loc?: hbs.AST.SourceLocation }).loc;
  const move = (p: hbs.AST.Position) => {
    const to = place(p.line, p.column);
    return { line: to.line, column: to.column - 1 };
  };
  if (loc && !seen.has(loc)) {
    seen.add(loc);
    loc.start = move(loc.start);
    loc.end = move(loc.end);
  }
  for (const v of Object.values(node)) if (v && typeof v === 'object' && v !== loc) relocate(v, place, seen);
}

export interface DocumentTemplate {
  file: string;
  /** Renders the document's Markdown. */
  body: Render;
  /** Renders the document's metadata (title, subject, header) from the template's frontmatter. */
  meta: Record<string, Render>;
}

/** Compiles a template file: YAML frontmatter of metadata strings, then the Markdown body. */
export function compileTemplate(text: string, file: string): DocumentTemplate {
  const normalized = text.replace(/\r\n?/g, '\n');
  // gray-matter finds the delimiters; the yaml package (YAML 1.2) reads the frontmatter, as for the sources:
  // one YAML dialect in all of albo.
  const split = matter(normalized, { engines: { yaml: (raw: string) => ({ raw }) } });
  const raw = (split.data as { raw?: string }).raw ?? '';
  let data: Record<string, unknown>;
  try {
    data = (parseYamlText(raw) ?? {}) as Record<string, unknown>;
  } catch {
    // Again with positions and Italian messages (the frontmatter's line 1 is the file's).
    const problem = parseYaml(raw, file).diagnostics[0];
    throw new TemplateError({ file, line: 1, column: 1, severity: 'errore', message: 'frontmatter del modello non valido', ...problem, ...(problem ? { message: `frontmatter del modello: ${problem.message}` } : {}) });
  }
  const bodyOffset = normalized.slice(0, normalized.length - split.content.length).split('\n').length - 1;
  // Where each metadata value is in the file: looked up once, when something there needs a place.
  let yaml: ReturnType<typeof parseYaml>['value'];
  const valueAt = (key: string) => {
    yaml ??= parseYaml(raw, file).value;
    const at = yaml ? locate(yaml, [key]) : { line: 1, column: 1 };
    const quoted = /^["']/.test(raw.split('\n')[at.line - 1]?.slice(at.column - 1) ?? '') ? 1 : 0;
    return { line: at.line, column: at.column + quoted };
  };
  const meta: Record<string, Render> = {};
  for (const [key, value] of Object.entries(data)) {
    meta[key] = compileText(String(value), file, (line, column) => {
      const start = valueAt(key);
      return line === 1 ? { line: start.line, column: start.column + column } : { line: start.line + line - 1, column: column + 1 };
    }, 'plain');
  }
  return { file, body: compileText(split.content, file, (line, column) => ({ line: line + bodyOffset, column: column + 1 }), 'md'), meta };
}
