import type { Nodes, Root } from 'mdast';
import type { Config } from '../config.js';
import type { Diagnostic } from '../diagnostics.js';
import { locate, type Source } from '../load/source.js';
import { bodyTree } from '../render/markdown.js';

/**
 * Typewriter habits that Word copy-paste brings into a source, printed as typed in an act: «E'» for «È»,
 * «Pò» for «Po'», «perche'» for «perché», double spaces, and (for an ente that asks for them) straight
 * apostrophes and quotes. Warnings, never errors: the act is still valid. Pure: text in, located
 * warnings out. Only prose is read (text nodes of the Markdown tree and frontmatter strings), never
 * code, addresses of links or directive attributes.
 */
export interface TypographyOptions {
  /** The ente writes ’ « » “ ”: a straight ' or " is a warning. */
  typographicQuotes: boolean;
}

export interface TypographyIssue {
  /** Offset in the text examined. */
  index: number;
  message: string;
  hint: string;
}

const ACCENT: Record<string, string> = { a: 'à', e: 'è', i: 'ì', o: 'ò', u: 'ù', A: 'À', E: 'È', I: 'Ì', O: 'Ò', U: 'Ù' };
/** Words written with an apostrophe for their final accent (not elisions, which a letter follows). */
const ACCENTED: Record<string, string> = Object.fromEntries(
  [
    ...['perché', 'poiché', 'affinché', 'benché', 'nonché', 'purché', 'sicché', 'giacché', 'finché', 'anziché', 'cosicché', 'fuorché'],
    ...['cioè', 'più', 'può', 'già', 'così', 'però', 'perciò', 'ciò', 'giù', 'laggiù', 'lassù', 'quaggiù', 'costì', 'altresì'],
  ].map((w) => [w.slice(0, -1) + (w.endsWith('é') ? 'e' : w.normalize('NFD')[w.normalize('NFD').length - 2]), w]),
);

/** Typography issues in one run of prose. */
export function typographyIssues(text: string, options: TypographyOptions): TypographyIssue[] {
  const issues: TypographyIssue[] = [];
  // «E'» / «E’» as a word: the capital È.
  for (const m of text.matchAll(/(?<![\p{L}\p{N}])E['’](?!\p{L})/gu)) {
    issues.push({ index: m.index, message: `«${m[0]}» al posto di «È»`, hint: 'scrivi «È» (E maiuscola con l’accento grave; su Windows Alt+0200)' });
  }
  // «Pò» / «pò»: the truncation of «poco» takes an apostrophe.
  for (const m of text.matchAll(/(?<!\p{L})([Pp])[òó](?!\p{L})/gu)) {
    issues.push({ index: m.index, message: `«${m[0]}» al posto di «${m[1]}o'»`, hint: `«${m[1]}o'» è il troncamento di «poco»: si scrive con l’apostrofo, non con l’accento` });
  }
  // «perche'», «piu'», «attivita'»: an apostrophe where the word ends with an accented vowel.
  for (const m of text.matchAll(/(?<!\p{L})(\p{L}+)([aeiouAEIOU])['’](?!\p{L})/gu)) {
    const word = m[1]! + m[2]!;
    const fixed = ACCENTED[word.toLowerCase()] ?? (/^\p{L}+(?:it|et|lt|rt|nt|tt)a$/iu.test(word) ? word.slice(0, -1) + ACCENT[m[2]!] : undefined);
    if (!fixed) continue;
    const cased = word[0] === word[0]!.toUpperCase() ? fixed[0]!.toUpperCase() + fixed.slice(1) : fixed;
    issues.push({ index: m.index, message: `«${m[0]}» al posto di «${cased}»`, hint: `scrivi «${cased}»: la vocale accentata, non l’apostrofo` });
  }
  // Two or more spaces between words (not the indentation at the start of a line, nor the end of one).
  for (const m of text.matchAll(/(?<=[^\s])( {2,})(?=[^\s])/g)) {
    issues.push({ index: m.index, message: `${m[1]!.length} spazi di seguito`, hint: 'lascia uno spazio solo tra le parole' });
  }
  if (options.typographicQuotes) {
    // One warning a line for each sign, at its first place, with how many the line has.
    const perLine = (re: RegExp, message: (n: number) => string, hint: string) => {
      let start = 0;
      for (const line of text.split('\n')) {
        const found = [...line.matchAll(re)];
        if (found.length) issues.push({ index: start + found[0]!.index, message: message(found.length), hint });
        start += line.length + 1;
      }
    };
    perLine(/'/g, (n) => (n === 1 ? 'apostrofo diritto (\')' : `${n} apostrofi diritti (') in questa riga`), 'l’ente usa l’apostrofo tipografico: scrivi «’» (su Windows Alt+0146)');
    perLine(/"/g, (n) => (n === 1 ? 'virgolette diritte (")' : `${n} virgolette diritte (") in questa riga`), 'l’ente usa le virgolette tipografiche: scrivi «…» oppure “…”');
  }
  return issues.sort((a, b) => a.index - b.index);
}

/** Line and column (1-based) of an offset from a starting position. */
function advance(text: string, index: number, line: number, column: number): { line: number; column: number } {
  const before = text.slice(0, index);
  const breaks = before.split('\n');
  return breaks.length === 1 ? { line, column: column + index } : { line: line + breaks.length - 1, column: breaks.at(-1)!.length + 1 };
}

/**
 * Warnings for the prose of a source's body: each text node of the tree is read in the source itself
 * (positions are lines of the file), so a warning points at the character to change.
 */
export function bodyTypography(body: string, tree: Root, file: string, options: TypographyOptions): Diagnostic[] {
  const out: Diagnostic[] = [];
  const visit = (node: Nodes) => {
    if (node.type === 'text' && node.position?.start.offset !== undefined && node.position.end.offset !== undefined) {
      const { start, end } = node.position;
      const raw = body.slice(start.offset, end.offset);
      for (const issue of typographyIssues(raw, options)) {
        out.push({ file, ...advance(raw, issue.index, start.line, start.column), severity: 'avviso', message: issue.message, hint: issue.hint });
      }
    }
    if ('children' in node) for (const child of node.children) visit(child as Nodes);
  };
  visit(tree);
  return out;
}

/** Warnings for frontmatter strings (titles, offices), at the value's place. */
export function frontmatterTypography(data: unknown, locate: (path: PropertyKey[]) => { line?: number; column?: number }, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const visit = (value: unknown, path: PropertyKey[]) => {
    if (typeof value === 'string') {
      // YAML needs quotes around some values: straight quotes in the frontmatter are not the text's.
      for (const issue of typographyIssues(value, { typographicQuotes: false })) {
        out.push({ file, ...locate(path), severity: 'avviso', message: `«${path.join('.')}»: ${issue.message}`, hint: issue.hint });
      }
    } else if (Array.isArray(value)) value.forEach((v, i) => visit(v, [...path, i]));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(v, [...path, k]);
  };
  visit(data, []);
  return out;
}

/**
 * The typography warnings of one valid source, as `albo check` prints them: advice for the author, not
 * a condition of validity (build and the preview do not repeat them).
 */
export function sourceTypography(source: Source, config: Config): Diagnostic[] {
  const options = { typographicQuotes: config.tipografia.virgolette === 'tipografiche' };
  return [...frontmatterTypography(source.data, (p) => locate(source, p), source.file), ...bodyTypography(source.body, bodyTree(source), source.file, options)];
}
