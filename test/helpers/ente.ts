import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { validateEnte } from '../../src/build/project.js';
import { CONTENT } from './project.js';
import { ROOT } from './seed.js';

/** Edits keyed by a path relative to the ente's folder ('ente.yaml', '2025/fondo-2025.md'); null drops the file. */
export type Edits = Record<string, ((text: string) => string) | null>;

/**
 * Validates a shipped ente in memory, with some of its files edited or added: the whole ente pipeline
 * (each source, then the cross checks: fund shares, caps, EQ pay) with no build and no disk writes.
 */
export function ente(name: string, edits: Edits = {}, added: Record<string, string> = {}) {
  const dir = path.join(CONTENT, name);
  const read = (rel: string) => {
    const edit = edits[rel];
    const text = readFileSync(path.join(dir, rel), 'utf8');
    return edit ? edit(text) : text;
  };
  const bytes = (text: string) => new TextEncoder().encode(text);
  const files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.md') && edits[f] !== null).sort();
  // In path order, as loadProjects lists them.
  const sources = [
    ...files.map((f) => ({ path: path.join(dir, f), bytes: bytes(read(f)) })),
    ...Object.entries(added).map(([f, text]) => ({ path: path.join(dir, f), bytes: bytes(text) })),
  ].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return validateEnte({ path: path.join(dir, 'ente.yaml'), bytes: bytes(read('ente.yaml')) }, sources, (p) => path.relative(ROOT, p));
}
