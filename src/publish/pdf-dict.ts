/**
 * The top-level entries of a PDF dictionary as written in an object's text (`<< /Key value … >>`), each value
 * as its source text with white space normalised, so two writings of the same value compare equal. Nested
 * dictionaries, arrays, strings (with escapes and balanced parentheses) and hex strings are values whole; an
 * indirect reference (`12 0 R`) is one value. Returns undefined when the text does not start with a
 * dictionary or the dictionary is not closed.
 */
export function dictEntries(text: string): Map<string, string> | undefined {
  const start = text.indexOf('<<');
  if (start < 0 || text.slice(0, start).trim() !== '') return undefined;
  const tokens = tokenize(text, start + 2);
  if (!tokens) return undefined;
  const out = new Map<string, string>();
  for (let i = 0; i < tokens.length; ) {
    const key = tokens[i]!;
    if (!key.startsWith('/')) return undefined;
    let value = tokens[i + 1];
    if (value === undefined) return undefined;
    let used = 2;
    // An indirect reference: two integers and R.
    if (/^\d+$/.test(value) && /^\d+$/.test(tokens[i + 2] ?? '') && tokens[i + 3] === 'R') {
      value = `${Number(value)} ${Number(tokens[i + 2])} R`;
      used = 4;
    }
    out.set(key.slice(1), value);
    i += used;
  }
  return out;
}

const DELIMITER = /[\s()<>[\]{}/%]/;

/** Tokens of a dictionary's body from `at` to its closing `>>`; composite values are one token each. */
function tokenize(text: string, at: number): string[] | undefined {
  const tokens: string[] = [];
  let i = at;
  while (i < text.length) {
    const ch = text[i]!;
    if (/\s/.test(ch)) i++;
    else if (ch === '%') while (i < text.length && text[i] !== '\n' && text[i] !== '\r') i++;
    else if (text.startsWith('>>', i)) return tokens;
    else {
      const end = valueEnd(text, i);
      if (end === undefined) return undefined;
      tokens.push(normalise(text.slice(i, end)));
      i = end;
    }
  }
  return undefined;
}

/** Where the value starting at `i` ends: a dictionary, array, string, hex string, name or bare word. */
function valueEnd(text: string, i: number): number | undefined {
  const ch = text[i]!;
  if (text.startsWith('<<', i)) return closing(text, i);
  if (ch === '[') return closing(text, i);
  if (ch === '(') return stringEnd(text, i);
  if (ch === '<') {
    const end = text.indexOf('>', i);
    return end < 0 ? undefined : end + 1;
  }
  let j = i + 1;
  while (j < text.length && !DELIMITER.test(text[j]!)) j++;
  return j;
}

/** The end of the dictionary or array opening at `i`, nested values skipped. */
function closing(text: string, i: number): number | undefined {
  let depth = 0;
  let j = i;
  while (j < text.length) {
    if (text.startsWith('<<', j)) {
      depth++;
      j += 2;
    } else if (text.startsWith('>>', j)) {
      depth--;
      j += 2;
      if (depth === 0) return j;
    } else if (text[j] === '[') {
      depth++;
      j++;
    } else if (text[j] === ']') {
      depth--;
      j++;
      if (depth === 0) return j;
    } else if (text[j] === '(') {
      const end = stringEnd(text, j);
      if (end === undefined) return undefined;
      j = end;
    } else if (text[j] === '<') {
      const end = text.indexOf('>', j);
      if (end < 0) return undefined;
      j = end + 1;
    } else j++;
  }
  return undefined;
}

/** The end of a literal string: parentheses balance, a backslash escapes the next character. */
function stringEnd(text: string, i: number): number | undefined {
  let depth = 0;
  for (let j = i; j < text.length; j++) {
    const ch = text[j];
    if (ch === '\\') j++;
    else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) return j + 1;
  }
  return undefined;
}

/**
 * White space outside strings dropped where it separates nothing (around `<<`, `>>`, `[`, `]`, before a
 * name) and collapsed elsewhere, so `[7  0  R]` and `[7 0 R]`, `/Type/Page` and `/Type /Page` are the same
 * value; strings are kept byte for byte.
 */
function normalise(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; ) {
    if (value[i] === '(') {
      const end = stringEnd(value, i) ?? value.length;
      out += value.slice(i, end);
      i = end;
      continue;
    }
    let j = i;
    while (j < value.length && value[j] !== '(') j++;
    out += value
      .slice(i, j)
      .replace(/\s+/g, ' ')
      .replace(/ ?(<<|>>|\[|\]) ?/g, '$1')
      .replace(/ \//g, '/');
    i = j;
  }
  return out.trim();
}
