import type { Nodes, Root } from 'mdast';
import type { Diagnostic } from '../diagnostics.js';

/**
 * What a source may hold. Each limit is far above any real act (the longest shipped source, the ISSA
 * regulation, is 56 KB and 512 lines; its longest paragraph 4.000 characters; its deepest list 3 levels)
 * and far below what makes a build slow or crash: above them, rendering time grows faster than the text
 * (a 400 KB paragraph takes a minute) or the writers run out of stack. `check` and `build` apply the same
 * limits, because `build` validates with the same code before writing.
 */
export const LIMITS = {
  /** Bytes of one source (.md) or ente.yaml. */
  sourceBytes: 512 * 1024,
  /** Characters of one frontmatter value (a title, a name). */
  fieldChars: 2_000,
  /** Characters of text in one paragraph, heading or table cell. */
  paragraphChars: 20_000,
  /** Lists and quotes inside one another. */
  blockDepth: 10,
  /** Bold, italic, strikethrough and links inside one another. */
  inlineDepth: 10,
  /** Columns and rows of one table. */
  tableColumns: 30,
  tableRows: 2_000,
  /** YAML aliases (*name) in one frontmatter or ente.yaml. */
  yamlAliases: 50,
  /**
   * Emphasis marks (* _ ~) and square brackets in one paragraph (real acts: at most 6). The Markdown
   * parser pairs them in time quadratic in their number: 4.000 nested marks take 43 s.
   */
  paragraphMarks: 200,
} as const;

/** Thousands with a dot, from 1.000 (toLocaleString('it-IT') leaves 4-digit numbers ungrouped). */
const num = (n: number) => String(n).replace(/\B(?=(\d{3})+(?!\d))/g, '.');
const kb = (n: number) => `${num(Math.ceil(n / 1024))} KB`;

/** A source larger than the limit is refused before it is decoded or parsed. */
export function sizeDiagnostic(bytes: Uint8Array, file: string): Diagnostic | undefined {
  if (bytes.length <= LIMITS.sourceBytes) return undefined;
  return {
    file,
    severity: 'errore',
    message: `il file è troppo grande: ${kb(bytes.length)}, il massimo è ${kb(LIMITS.sourceBytes)}`,
    hint: 'un atto così lungo va diviso in più sorgenti (es. il regolamento e i suoi allegati in file separati)',
  };
}

/** A frontmatter value longer than the limit, at its position. */
export function fieldLengthMessage(length: number): { message: string; hint: string } {
  return {
    message: `valore troppo lungo: ${num(length)} caratteri, il massimo per un campo è ${num(LIMITS.fieldChars)}`,
    hint: 'i campi del frontmatter sono titoli e nomi: il testo lungo va nelle sezioni del documento, dopo il secondo "---"',
  };
}

/**
 * Lines whose block prefix (indentation, ">" and list markers) is so wide that the nesting is beyond the
 * limit. Checked on the text, before parsing: a parser spends time quadratic in the nesting depth.
 */
export function prefixDiagnostics(body: string, file: string): Diagnostic[] {
  // At least 2 columns per level ("- ", "> " or two spaces), plus slack for ordered markers ("10. ").
  const maxPrefix = LIMITS.blockDepth * 4 + 8;
  const prefix = /^(?:[ \t]|>|[-+*](?=[ \t])|\d{1,9}[.)](?=[ \t]))*/;
  const lines = body.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const width = prefix.exec(lines[i]!)![0].replace(/\t/g, '    ').length;
    if (width > maxPrefix) {
      return [{ file, line: i + 1, column: 1, severity: 'errore', message: `rientro troppo profondo (${num(width)} colonne prima del testo): elenchi e citazioni si annidano al massimo su ${LIMITS.blockDepth} livelli`, hint: 'riduci i livelli di elenchi "- " e citazioni ">" uno dentro l\'altro' }];
    }
  }
  return [];
}

/**
 * Marks the parser pairs in quadratic time, counted per paragraph on the text before parsing. A
 * paragraph here is a run of lines up to a blank line or a line that opens a block (list item, quote,
 * table row, heading): the unit within which the parser pairs them.
 */
export function markDiagnostics(body: string, file: string): Diagnostic[] {
  const opens = /^\s*(?:>\s*)*(?:[-+*]\s|\d{1,9}[.)]\s|\||#)/;
  const lines = body.split('\n');
  let emphasis = 0;
  let brackets = 0;
  let start = 0;
  for (let i = 0; i <= lines.length; i++) {
    const line = lines[i];
    if (line === undefined || !line.trim() || opens.test(line)) {
      emphasis = 0;
      brackets = 0;
      start = line !== undefined && !line.trim() ? i + 1 : i;
    }
    if (line === undefined) break;
    const plain = line.replace(/\\./g, '');
    for (const ch of plain) {
      if (ch === '*' || ch === '_' || ch === '~') emphasis++;
      else if (ch === '[' || ch === ']') brackets++;
    }
    const pipes = (plain.match(/\|/g) ?? []).length;
    const where = { file, line: start + 1, column: 1, severity: 'errore' as const };
    if (emphasis > LIMITS.paragraphMarks) {
      return [{ ...where, message: `troppi segni di formattazione («*», «_», «~») in un paragrafo: più di ${LIMITS.paragraphMarks}`, hint: 'dividi il paragrafo, o scrivi i segni che non sono grassetto o corsivo con la barra rovesciata (\\*, \\_)' }];
    }
    if (brackets > LIMITS.paragraphMarks) {
      return [{ ...where, message: `troppe parentesi quadre «[ ]» in un paragrafo: più di ${LIMITS.paragraphMarks}`, hint: 'dividi il paragrafo, o scrivi le parentesi con la barra rovesciata (\\[, \\])' }];
    }
    if (pipes > 2 * LIMITS.tableColumns + 2) {
      return [{ ...where, line: i + 1, message: `riga di tabella con ${num(pipes - 1)} colonne, il massimo è ${LIMITS.tableColumns}`, hint: 'dividi la tabella in più tabelle' }];
    }
  }
  return [];
}

const BLOCK_NESTING = new Set(['list', 'blockquote']);
const INLINE_NESTING = new Set(['emphasis', 'strong', 'delete', 'link', 'amendment']);
const TEXT_BLOCKS = new Set(['paragraph', 'heading', 'tableCell']);

/** Text length of a node, without recursion (the tree's depth is not trusted yet). */
function textLength(node: Nodes): number {
  let n = 0;
  const stack: Nodes[] = [node];
  while (stack.length) {
    const x = stack.pop()!;
    if ('value' in x && typeof x.value === 'string') n += x.value.length;
    if ('children' in x) stack.push(...(x.children as Nodes[]));
  }
  return n;
}

/**
 * Nesting, paragraph length and table size of a parsed body. Iterative, so that a hostile tree cannot
 * overflow the stack here; the other checks and the writers, which recurse, run only on trees within
 * the limits. At most one message per limit: the first place it is exceeded.
 */
export function treeDiagnostics(tree: Root, file: string): Diagnostic[] {
  const out = new Map<string, Diagnostic>();
  const add = (key: string, node: Nodes, message: string, hint: string) => {
    if (!out.has(key)) out.set(key, { file, line: node.position?.start.line, column: node.position?.start.column, severity: 'errore', message, hint });
  };
  const stack: { node: Nodes; block: number; inline: number }[] = [{ node: tree, block: 0, inline: 0 }];
  while (stack.length) {
    const { node, block: b, inline: i } = stack.pop()!;
    const block = b + (BLOCK_NESTING.has(node.type) ? 1 : 0);
    const inline = i + (INLINE_NESTING.has(node.type) ? 1 : 0);
    if (block > LIMITS.blockDepth) {
      add('block', node, `elenchi e citazioni annidati su più di ${LIMITS.blockDepth} livelli`, 'riduci i livelli di elenchi "- " e citazioni ">" uno dentro l\'altro');
      continue;
    }
    if (inline > LIMITS.inlineDepth) {
      add('inline', node, `grassetto, corsivo, barrato e collegamenti annidati su più di ${LIMITS.inlineDepth} livelli`, 'togli i segni "*", "_" e "~" ripetuti');
      continue;
    }
    if (TEXT_BLOCKS.has(node.type)) {
      const length = textLength(node);
      if (length > LIMITS.paragraphChars) {
        add('text', node, `paragrafo troppo lungo: ${num(length)} caratteri, il massimo è ${num(LIMITS.paragraphChars)}`, 'dividi il testo in più paragrafi con una riga vuota');
        continue;
      }
    }
    if (node.type === 'table') {
      const columns = Math.max(0, ...node.children.map((r) => r.children.length));
      if (columns > LIMITS.tableColumns) add('columns', node, `tabella con ${num(columns)} colonne, il massimo è ${num(LIMITS.tableColumns)}`, 'dividi la tabella in più tabelle');
      if (node.children.length > LIMITS.tableRows) add('rows', node, `tabella con ${num(node.children.length)} righe, il massimo è ${num(LIMITS.tableRows)}`, 'dividi la tabella in più tabelle');
      if (columns > LIMITS.tableColumns || node.children.length > LIMITS.tableRows) continue;
    }
    // Reversed, so that the stack visits the children in document order: the first place is the one reported.
    if ('children' in node) for (const child of [...(node.children as Nodes[])].reverse()) stack.push({ node: child, block, inline });
  }
  return [...out.values()];
}
