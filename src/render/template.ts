import Handlebars from 'handlebars';
import matter from 'gray-matter';
import { parse as parseYamlText } from 'yaml';
import { InvalidInputError, type Diagnostic } from '../diagnostics.js';
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

function missing(options: Where): never {
  const [line, column] = options.hash.loc.split(':').map(Number);
  throw new TemplateError({
    file: options.hash.file,
    line,
    column,
    severity: 'errore',
    message: `il modello usa il campo «${options.hash.src}», che i dati non hanno`,
    hint: 'controlla il nome del campo nel modello (vedi README, "Campi dei modelli")',
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
  /** `{{x}}`: an escaped value. */
  md: (value: unknown, options: Where) => (value === undefined ? missing(options) : escapeMarkdown(show(value))),
  /** `{{{x}}}`: trusted Markdown (a body section), and metadata strings. */
  raw: (value: unknown, options: Where) => (value === undefined ? missing(options) : show(value)),
  /** A block or helper argument that must exist (null is fine: optional fields are null, typos are undefined). */
  req: (value: unknown, options: Where) => (value === undefined ? missing(options) : value),
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

function compileText(text: string, file: string, lineOffset: number, mode: 'md' | 'plain'): Render {
  let ast: AST;
  try {
    ast = env.parse(text);
  } catch (e) {
    const err = e as Error & { lineNumber?: number; column?: number };
    throw new TemplateError({ file, line: (err.lineNumber ?? 1) + lineOffset, column: (err.column ?? 0) + 1, severity: 'errore', message: `modello non valido: ${err.message.split('\n')[0]}` });
  }
  if (lineOffset) shiftLines(ast as unknown as Node, lineOffset);
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
      });
    }
  };
}

function shiftLines(node: unknown, by: number, seen = new Set<unknown>()): void {
  if (!node || typeof node !== 'object' || seen.has(node)) return;
  seen.add(node);
  const loc = (node as { loc?: hbs.AST.SourceLocation }).loc;
  if (loc && !seen.has(loc)) {
    seen.add(loc);
    loc.start = { ...loc.start, line: loc.start.line + by };
    loc.end = { ...loc.end, line: loc.end.line + by };
  }
  for (const v of Object.values(node)) if (v && typeof v === 'object' && v !== loc) shiftLines(v, by, seen);
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
  // The yaml package (YAML 1.2) reads the frontmatter, as for the sources: one YAML dialect in all of albo.
  const split = matter(text.replace(/\r\n?/g, '\n'), { engines: { yaml: (raw: string) => (parseYamlText(raw) ?? {}) as object } });
  const bodyOffset = text.slice(0, text.length - split.content.length).split('\n').length - 1;
  const meta: Record<string, Render> = {};
  for (const [key, value] of Object.entries(split.data as Record<string, unknown>)) {
    meta[key] = compileText(String(value), file, 0, 'plain');
  }
  return { file, body: compileText(split.content, file, bodyOffset, 'md'), meta };
}
