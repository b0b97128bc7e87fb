import matter from 'gray-matter';
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, visit, type Document, type Node } from 'yaml';
import type { Diagnostic } from '../diagnostics.js';
import { fieldLengthMessage, LIMITS, sizeDiagnostic } from '../validate/limits.js';
import { decodeSource } from './decode.js';
import { yamlErrorMessage } from './yaml-messages.js';

/** A source file split into its YAML frontmatter (with positions) and its Markdown body. */
export interface Source {
  file: string;
  data: Record<string, unknown>;
  yaml: Document;
  lines: LineCounter;
  /** The body, padded with blank lines so that Markdown positions are file positions. */
  body: string;
  bodyLine: number;
}

export interface Loaded<T> {
  value?: T;
  diagnostics: Diagnostic[];
}

export interface Position {
  line: number;
  column: number;
}

/** Parses a source's bytes. Never throws on bad input: problems come back as diagnostics. */
export function parseSource(bytes: Uint8Array, file: string): Loaded<Source> {
  const tooLarge = sizeDiagnostic(bytes, file);
  if (tooLarge) return { diagnostics: [tooLarge] };
  const decoded = decodeSource(bytes, file);
  const diagnostics = [...decoded.warnings, ...decoded.errors];
  if (decoded.errors.length) return { diagnostics };
  const text = decoded.text;
  if (!/^---[ \t]*\n/.test(text)) {
    diagnostics.push({
      file,
      line: 1,
      column: 1,
      severity: 'errore',
      message: 'manca il frontmatter: il file deve iniziare con una riga "---"',
      hint: 'scrivi in testa "---", poi i campi (es. "tipo: scheda"), poi di nuovo "---" e il testo',
    });
    return { diagnostics };
  }
  if (!/\n---[ \t]*(\n|$)/.test(text.slice(3))) {
    diagnostics.push({
      file,
      line: 1,
      column: 1,
      severity: 'errore',
      message: 'il frontmatter aperto da "---" non è mai chiuso',
      hint: 'aggiungi una riga "---" dopo l\'ultimo campo del frontmatter',
    });
    return { diagnostics };
  }
  // gray-matter finds the delimiters; the yaml package parses (YAML 1.2, with positions).
  const split = matter(text, { engines: { yaml: (raw: string) => ({ raw }) } });
  const raw = (split.data as { raw?: string }).raw ?? '';
  const parsed = parseYaml(raw, file);
  diagnostics.push(...parsed.diagnostics);
  if (!parsed.value) return { diagnostics };
  const content = split.content;
  const before = text.slice(0, text.length - content.length);
  const bodyLine = before.split('\n').length;
  const body = '\n'.repeat(bodyLine - 1) + content;
  return { value: { ...parsed.value, body, bodyLine }, diagnostics };
}

/**
 * Where a frontmatter path is in the file. With `key`, the position of the key itself (for unknown keys);
 * for a missing path, the closest existing ancestor.
 */
export function locate(source: Pick<Source, 'yaml' | 'lines'>, path: readonly PropertyKey[], key = false): Position {
  let node: Node | null | undefined = source.yaml.contents as Node | null;
  let offset = node?.range?.[0] ?? 0;
  for (let i = 0; i < path.length; i++) {
    const seg = path[i];
    const last = i === path.length - 1;
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg));
      if (!pair) break;
      const keyNode = pair.key as Node;
      if (last && key) {
        offset = keyNode.range?.[0] ?? offset;
        break;
      }
      node = pair.value as Node | null;
      offset = node?.range?.[0] ?? keyNode.range?.[0] ?? offset;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg] as Node | undefined;
      if (!item) break;
      node = item;
      offset = item.range?.[0] ?? offset;
    } else break;
  }
  const pos = source.lines.linePos(offset);
  return { line: pos.line, column: pos.col };
}

export type YamlSource = Pick<Source, 'file' | 'data' | 'yaml' | 'lines'>;

/** Parses YAML text whose line 1 is the file's line 1 (a frontmatter or a whole .yaml file). */
export function parseYaml(raw: string, file: string): Loaded<YamlSource> {
  const diagnostics: Diagnostic[] = [];
  const lines = new LineCounter();
  const yaml = parseDocument(raw, { lineCounter: lines, prettyErrors: true, uniqueKeys: true });
  // A field indented more than the one above it: the parser blames the line above (twice); say which line.
  const shifted = overIndented(raw, yaml.errors);
  if (shifted) diagnostics.push({ file, ...shifted });
  for (const err of yaml.errors) {
    const pos = err.linePos?.[0];
    if (shifted && pos && (pos.line === shifted.line - 1 || pos.line === shifted.line)) continue;
    diagnostics.push({
      file,
      line: pos?.line,
      column: pos?.col,
      severity: 'errore',
      message: yamlErrorMessage(err.code, err.message),
      hint: 'controlla rientri (solo spazi, niente tabulazioni), due punti dopo ogni campo e virgolette chiuse',
    });
  }
  if (yaml.errors.length) return { diagnostics };
  const aliases = aliasDiagnostic(yaml, lines, file);
  if (aliases) return { diagnostics: [aliases] };
  const data = yaml.toJS() as unknown;
  if (data === null || typeof data !== 'object' || Array.isArray(data)) {
    diagnostics.push({
      file,
      line: 1,
      column: 1,
      severity: 'errore',
      message: 'atteso un elenco di campi "nome: valore"',
      hint: 'es. "tipo: scheda" su una riga propria',
    });
    return { diagnostics };
  }
  const value = { file, data: data as Record<string, unknown>, yaml, lines };
  diagnostics.push(...fieldLengthDiagnostics(value));
  return { value: diagnostics.length ? undefined : value, diagnostics };
}

/**
 * «min: 1» followed by «      max: 25», more indented: YAML reads the second line as the continuation of
 * the value «1» and reports a multi-line key at the first. The office's mistake is the second line's spaces.
 */
export function overIndented(raw: string, errors: readonly { code: string; linePos?: [{ line: number; col: number }, ...unknown[]] }[]): (Omit<Diagnostic, 'file'> & { line: number }) | undefined {
  const err = errors.find((e) => (e.code === 'MULTILINE_IMPLICIT_KEY' || e.code === 'BLOCK_AS_IMPLICIT_KEY') && e.linePos);
  if (!err) return undefined;
  const at = err.linePos![0].line;
  const text = raw.split(/\r?\n/);
  const [above, below] = [text[at - 1], text[at]];
  const field = /^(\s*)(?:- )?([^\s:#][^:#]*?):(?:\s+\S.*)?$/;
  const [a, b] = [above && field.exec(above), below && field.exec(below)];
  if (!a || !b || !/:\s+\S/.test(above!)) return undefined;
  // A list item's fields start two spaces after its dash.
  const expected = a[1]!.length + (above!.trimStart().startsWith('- ') ? 2 : 0);
  if (b[1]!.length <= expected) return undefined;
  return {
    line: at + 1,
    column: b[1]!.length + 1,
    severity: 'errore',
    message: `YAML non valido: «${b[2]!.trim()}» ha più spazi all'inizio della riga di «${a[2]!.trim()}» sopra (${b[1]!.length} invece di ${expected})`,
    hint: `i campi dello stesso gruppo iniziano con gli stessi spazi: togline ${b[1]!.length - expected} davanti a «${b[2]!.trim()}»`,
  };
}

const ALIAS_HINT = 'gli alias YAML (&nome, *nome) non servono nei sorgenti: scrivi i valori per esteso';

/**
 * YAML aliases can expand exponentially (a "billion laughs" bomb): their number is limited, and an
 * expansion the parser still finds excessive is reported at the first alias, never thrown.
 */
function aliasDiagnostic(yaml: Document, lines: LineCounter, file: string): Diagnostic | undefined {
  const found: Node[] = [];
  visit(yaml, { Alias: (_, node) => void found.push(node) });
  const at = (node: Node | undefined) => {
    const pos = lines.linePos(node?.range?.[0] ?? 0);
    return { file, line: pos.line, column: pos.col, severity: 'errore' as const };
  };
  if (found.length > LIMITS.yamlAliases) {
    return { ...at(found[LIMITS.yamlAliases]), message: `troppi alias YAML: ${found.length}, il massimo è ${LIMITS.yamlAliases}`, hint: ALIAS_HINT };
  }
  if (!found.length) return undefined;
  try {
    yaml.toJS();
    return undefined;
  } catch (e) {
    if (!(e instanceof ReferenceError) || !/alias/i.test(e.message)) throw e;
    return { ...at(found.find(isAlias)), message: 'gli alias YAML si espandono in troppi valori', hint: ALIAS_HINT };
  }
}

/** Frontmatter values longer than a field can sensibly be, at their position. */
function fieldLengthDiagnostics(source: YamlSource): Diagnostic[] {
  const out: Diagnostic[] = [];
  const walk = (value: unknown, at: PropertyKey[]) => {
    if (typeof value === 'string' && value.length > LIMITS.fieldChars) out.push({ file: source.file, ...locate(source, at), severity: 'errore', ...fieldLengthMessage(value.length) });
    else if (Array.isArray(value)) value.forEach((v, i) => walk(v, [...at, i]));
    else if (value && typeof value === 'object') {
      for (const [k, v] of Object.entries(value)) {
        if (k.length > LIMITS.fieldChars) out.push({ file: source.file, ...locate(source, [...at, k], true), severity: 'errore', ...fieldLengthMessage(k.length) });
        else walk(v, [...at, k]);
      }
    }
  };
  walk(source.data, []);
  return out;
}

/** Reads a whole YAML file (configuration). */
export function parseYamlFile(bytes: Uint8Array, file: string): Loaded<YamlSource> {
  const tooLarge = sizeDiagnostic(bytes, file);
  if (tooLarge) return { diagnostics: [tooLarge] };
  const decoded = decodeSource(bytes, file);
  if (decoded.errors.length) return { diagnostics: [...decoded.warnings, ...decoded.errors] };
  const parsed = parseYaml(decoded.text, file);
  return { value: parsed.value, diagnostics: [...decoded.warnings, ...parsed.diagnostics] };
}
