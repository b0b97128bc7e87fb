import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { expect } from 'vitest';

const GOLDEN = path.join(import.meta.dirname, '..', 'golden');
// Rewritten only on request and never in CI: a golden file changes after someone has read the diff.
const UPDATE = process.env.ALBO_UPDATE_GOLDEN === '1' && !process.env.CI;

/** `actual` must equal the reviewed file test/golden/<name>; ALBO_UPDATE_GOLDEN=1 rewrites it. */
export function golden(name: string, actual: string): void {
  const file = path.join(GOLDEN, name);
  if (UPDATE || !existsSync(file)) {
    if (!UPDATE) throw new Error(`manca ${file}: generalo con ALBO_UPDATE_GOLDEN=1 e rileggilo`);
    mkdirSync(GOLDEN, { recursive: true });
    writeFileSync(file, actual);
  }
  expect(actual, `${name} differs from the reviewed file (after reviewing the diff: ALBO_UPDATE_GOLDEN=1)`).toBe(readFileSync(file, 'utf8'));
}
