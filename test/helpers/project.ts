import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Config } from '../../src/config.js';
import { validateConfig, validateSource } from '../../src/build/project.js';
import { formatDiagnostic, type Diagnostic } from '../../src/diagnostics.js';
import { ROOT } from './seed.js';

export const CONTENT = path.join(ROOT, 'content');
export const CARDS = path.join(CONTENT, 'capannori', '2024', 'schede');

export function shippedConfig(): Config {
  const { config, diagnostics } = validateConfig(readFileSync(path.join(CONTENT, 'capannori', 'ente.yaml')), 'content/capannori/ente.yaml');
  if (!config) throw new Error(diagnostics.map(formatDiagnostic).join('\n'));
  return config;
}

export const readCard = (id: string) => readFileSync(path.join(CARDS, `${id}.md`), 'utf8');

/** Validates text as if it were the file `name`. */
export function check(text: string | Uint8Array, name = 'content/capannori/2024/schede/prova.md'): Diagnostic[] {
  const bytes = typeof text === 'string' ? new TextEncoder().encode(text) : text;
  return validateSource(bytes, name, shippedConfig()).diagnostics;
}

export const show = (ds: Diagnostic[]) => ds.map(formatDiagnostic);
