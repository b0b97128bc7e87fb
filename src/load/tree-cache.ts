import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Root } from 'mdast';
import { parseMarkdown } from '../render/markdown.js';
import { packageRoot } from '../package-root.js';
import { entryFile, keepEntry, readEntry } from './cache-entry.js';

/**
 * The syntax tree of each source's body, kept between runs by the body's hash: parsing Markdown is most
 * of what validating costs (a long regulation takes longer than starting node), and a source not edited
 * since the last `albo check` or build has the same tree. Read back as JSON, several times faster than
 * a parse. The key also holds the parser: albo's markdown module, albo's version and the installed
 * packages (node_modules/.package-lock.json), so a new parser never reads an old tree.
 * ALBO_CACHE names the folder (default: the system's temporary folder), as for the DOCX index layouts.
 */

/** The hash of the markdown module's code, set by scripts/bundle.mjs in the bundled CLI (where no such file is). */
declare const __ALBO_MARKDOWN_HASH__: string | undefined;

/** The files the trees depend on besides the body: albo's markdown module (unless bundled), its package.json, the installed packages. */
export const parserFiles = (root: string, bundled: boolean): string[] => [
  ...(bundled ? [] : [fileURLToPath(new URL('../render/markdown.js', import.meta.url))]),
  path.join(root, 'package.json'),
  path.join(root, 'node_modules', '.package-lock.json'),
];

/** The parser's stamp: the bundle's hash of the markdown module, if any, and the bytes of `files` (a missing one named as such). */
export function parserKey(files: readonly string[], bundled: string | undefined): string {
  const hash = createHash('sha256');
  if (bundled !== undefined) hash.update(`markdown ${bundled}\0`);
  for (const file of files) {
    try {
      hash.update(readFileSync(file));
    } catch {
      hash.update(`\0${file}: assente\0`);
    }
  }
  return hash.digest('hex');
}

let parser: string | undefined;
function parserStamp(): string {
  const bundled = typeof __ALBO_MARKDOWN_HASH__ === 'string' ? __ALBO_MARKDOWN_HASH__ : undefined;
  return (parser ??= parserKey(parserFiles(packageRoot(), bundled !== undefined), bundled));
}

const cacheFile = (body: string) => entryFile('albero', createHash('sha256').update(parserStamp()).update('\0').update(body).digest('hex'));

/** Most trees kept: about 30 KB each, so the cache stays under about 60 MB whatever is edited. */
export const MAX_TREES = 2000;

/** The tree of a source's body: from the cache when it was parsed before, else parsed (and kept). */
export function sourceTree(body: string): Root {
  const file = cacheFile(body);
  if (!file) return parseMarkdown(body);
  const kept = readEntry(file);
  // not parsed yet (or a damaged entry: parsed again and replaced)
  if (typeof kept === 'object' && kept !== null && (kept as Root).type === 'root') return kept as Root;
  const tree = parseMarkdown(body);
  keepEntry(file, tree, MAX_TREES);
  return tree;
}
