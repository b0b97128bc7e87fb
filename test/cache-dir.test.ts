import { chmodSync, chownSync, mkdirSync, mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cacheRoot, ownFolder } from '../src/load/cache-dir.js';

// albo trusts what it reads back from its cache (a validation read back is not checked again): on a computer
// shared by several people, the default folder must be this user's alone, or it is not used.
const tmp = mkdtempSync(path.join(tmpdir(), 'albo-cartella-cache-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
const uid = process.getuid?.();

describe('the cache folder', () => {
  it('ALBO_CACHE names it, as it is', () => {
    expect(cacheRoot({ ALBO_CACHE: '/dove/voglio' })).toBe('/dove/voglio');
  });

  it.runIf(uid !== undefined)("by default a folder of this user's in the temporary folder, only the user may enter it", () => {
    const dir = cacheRoot({});
    expect(dir).toBe(path.join(tmpdir(), `albo-cache-${uid}`));
    const s = statSync(dir!);
    expect(s.uid).toBe(uid);
    expect(s.mode & 0o077).toBe(0);
    // in another temporary folder (TMPDIR), the folder there, made when first asked for
    const before = process.env.TMPDIR;
    const temp = mkdtempSync(path.join(tmp, 't-'));
    process.env.TMPDIR = temp;
    try {
      expect(cacheRoot({})).toBe(path.join(temp, `albo-cache-${uid}`));
      expect(statSync(path.join(temp, `albo-cache-${uid}`)).mode & 0o777).toBe(0o700);
      // one there already that others may write to is not used
      const open = mkdtempSync(path.join(tmp, 't-'));
      mkdirSync(path.join(open, `albo-cache-${uid}`), { mode: 0o777 });
      chmodSync(path.join(open, `albo-cache-${uid}`), 0o777);
      process.env.TMPDIR = open;
      expect(cacheRoot({})).toBeUndefined();
    } finally {
      if (before === undefined) delete process.env.TMPDIR;
      else process.env.TMPDIR = before;
    }
  });

  it.runIf(uid !== undefined)("a folder is used only if it is the user's and no one else may write to it", () => {
    const fresh = path.join(tmp, 'nuova', 'cache');
    expect(ownFolder(fresh, uid!)).toBe(true);
    expect(statSync(fresh).mode & 0o777).toBe(0o700);
    // readable by others but not writable: still the user's own
    const readable = path.join(tmp, 'leggibile');
    mkdirSync(readable, { mode: 0o755 });
    chmodSync(readable, 0o755);
    expect(ownFolder(readable, uid!)).toBe(true);
    for (const mode of [0o777, 0o775, 0o757, 0o722]) {
      const open = path.join(tmp, `aperta-${mode.toString(8)}`);
      mkdirSync(open);
      chmodSync(open, mode);
      expect(ownFolder(open, uid!), mode.toString(8)).toBe(false);
    }
    const link = path.join(tmp, 'collegamento');
    symlinkSync(fresh, link);
    expect(ownFolder(link, uid!)).toBe(false);
    const file = path.join(tmp, 'un-file');
    writeFileSync(file, '');
    expect(ownFolder(file, uid!)).toBe(false);
    // someone else's (root can give it away; elsewhere, the same check with another uid)
    const other = path.join(tmp, 'altrui');
    mkdirSync(other, { mode: 0o700 });
    if (uid === 0) chownSync(other, 12345, 12345);
    expect(ownFolder(other, uid === 0 ? 0 : uid! + 1)).toBe(false);
  });
});
