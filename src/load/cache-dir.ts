import { lstatSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

/**
 * The folder of albo's caches (trees of the sources, validations, contract rules, coat of arms, DOCX index
 * layouts): ALBO_CACHE when set, else a folder of this user's in the system's temporary folder
 * (`albo-cache-<uid>`, only the user may enter it). What albo reads back from there it trusts as its own
 * work (a validation read back is not checked again), so on a computer shared by several people the
 * default folder must be this user's: one that is not is not used, and everything is computed.
 */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.ALBO_CACHE) return env.ALBO_CACHE;
  const uid = process.getuid?.();
  // Windows: the temporary folder is the user's own already.
  if (uid === undefined) return path.join(tmpdir(), 'albo-cache');
  const dir = path.join(tmpdir(), `albo-cache-${uid}`);
  if (!checked.has(dir)) checked.set(dir, ownFolder(dir, uid));
  return checked.get(dir) ? dir : undefined;
}

const checked = new Map<string, boolean>();

/** Makes `dir` (only its owner may enter) if missing; whether it is a folder of `uid`'s that no one else may write to. */
export function ownFolder(dir: string, uid: number): boolean {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const s = lstatSync(dir);
    return s.isDirectory() && s.uid === uid && (s.mode & 0o022) === 0;
  } catch {
    return false;
  }
}
