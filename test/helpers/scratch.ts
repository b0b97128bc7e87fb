import { cpSync } from 'node:fs';
import path from 'node:path';
import { ROOT } from './seed.js';

/** A copy of the shipped content/ and templates/ in `parent/name`, for tests that edit or build them. */
export function scratchProject(parent: string, name: string): string {
  const dir = path.join(parent, name);
  cpSync(path.join(ROOT, 'content'), path.join(dir, 'content'), { recursive: true });
  cpSync(path.join(ROOT, 'templates'), path.join(dir, 'templates'), { recursive: true });
  return dir;
}
