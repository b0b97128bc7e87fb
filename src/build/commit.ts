import { rmSync, type Dirent } from 'node:fs';
import path from 'node:path';
import { fsOps } from './fs-ops.js';
import type { OutputFile } from './write.js';
import { leavesBase } from '../paths.js';

/**
 * A build is all or nothing. The new out/ is assembled next to it, in a staging folder seeded with hard
 * links to every file already there (so unchanged outputs keep their bytes, their inode and their date,
 * and cost no copy), the changed outputs are written there, and the two folders are switched with two
 * renames. Killed at any moment, a build leaves either the previous out/ untouched, or the new one
 * complete; the only window between the two renames (out/ moved aside, the new one not yet in place) is
 * repaired by `recoverOutput` at the start of the next command.
 *
 * out/ stays a real folder with its usual name (no symbolic link, which Windows users could not create
 * and file managers show oddly); a window open on it shows the new files after the switch.
 */

/** Where the next out/ is assembled: hidden, next to out/, on the same disk (hard links and renames need it). */
export const stagingDir = (outDir: string) => path.join(path.dirname(outDir), `.${path.basename(outDir)}.albo-nuova`);
/** Where the previous out/ waits while the new one is moved in. */
export const previousDir = (outDir: string) => path.join(path.dirname(outDir), `.${path.basename(outDir)}.albo-precedente`);

async function exists(p: string): Promise<boolean> {
  try {
    await fsOps.lstat(p);
    return true;
  } catch (e) {
    if ((e as { code?: string }).code === 'ENOENT') return false;
    throw e;
  }
}

/**
 * Repairs what an interrupted build left: the previous out/ put back if the switch was cut between its
 * two renames, a half-assembled staging folder removed. Run before reading or writing out/.
 */
export async function recoverOutput(outDir: string): Promise<void> {
  const previous = previousDir(outDir);
  if (await exists(previous)) {
    if (await exists(outDir)) await fsOps.rm(previous, { recursive: true });
    else await fsOps.rename(previous, outDir);
  }
  await fsOps.rm(stagingDir(outDir), { recursive: true, force: true });
}

/** Hard-links (or, where the disk has none, copies with the same dates) every file of `from` into `to`. */
async function mirror(from: string, to: string): Promise<void> {
  const entries: Dirent[] = await fsOps.readdir(from, { withFileTypes: true });
  for (const e of entries) {
    const src = path.join(from, e.name);
    const dst = path.join(to, e.name);
    if (e.isDirectory()) {
      await fsOps.mkdir(dst);
      await mirror(src, dst);
    } else if (e.isSymbolicLink()) {
      await fsOps.symlink(await fsOps.readlink(src), dst);
    } else {
      try {
        await fsOps.link(src, dst);
      } catch (err) {
        // FAT and exFAT USB drives have no hard links: copy, keeping the date.
        if (!['EPERM', 'ENOTSUP', 'EOPNOTSUPP', 'EXDEV', 'EMLINK'].includes(String((err as { code?: string }).code))) throw err;
        await fsOps.copyFile(src, dst);
        const s = await fsOps.stat(src);
        await fsOps.utimes(dst, s.atime, s.mtime);
      }
    }
  }
}

/** An error on a staging path, told about the out/ path the person knows. */
function asOutput(e: unknown, staging: string, outDir: string): unknown {
  const p = (e as { path?: unknown } | null)?.path;
  if (typeof p === 'string' && (p === staging || p.startsWith(staging + path.sep))) Object.assign(e as object, { path: outDir + p.slice(staging.length) });
  return e;
}

/** A build being assembled in the staging folder, file by file, and then switched in at once. */
export interface StagedBuild {
  /** Writes one output (a path under outDir) into the staging folder, creating it on the first file. */
  write(file: OutputFile): Promise<void>;
  /** Makes what was written the new out/ (nothing happens if nothing was written). */
  commit(): Promise<void>;
  /** Removes the staging folder: out/ stays as it was. */
  abort(): Promise<void>;
}

/** The staging folder of the build running in this process, for an interruption to remove. */
let active: { staging: string; switching: boolean } | undefined;
let interruptedSwitch = false;

/**
 * What Ctrl-C does during a build: the staging folder is removed at once (out/ is untouched) and the
 * process may exit; during the switch (two renames) it must wait for the switch to end. Returns
 * whether the process can exit now. Synchronous: a signal handler cannot wait for promises.
 */
/** Whether a build is being assembled now (a watching build waits between builds). */
export const buildInProgress = (): boolean => active !== undefined;

export function interruptBuild(): boolean {
  if (!active) return true;
  if (active.switching) {
    interruptedSwitch = true;
    return false;
  }
  rmSync(active.staging, { recursive: true, force: true });
  active = undefined;
  return true;
}

/** Whether Ctrl-C came during the switch, so the process exits once it is done. */
export const interruptedDuringSwitch = () => interruptedSwitch;

export async function stageBuild(outDir: string): Promise<StagedBuild> {
  await recoverOutput(outDir);
  const staging = stagingDir(outDir);
  const previous = previousDir(outDir);
  let started: Promise<boolean> | undefined;
  const start = async () => {
    const hadOut = await exists(outDir);
    await fsOps.mkdir(path.dirname(outDir), { recursive: true });
    await fsOps.mkdir(staging);
    active = { staging, switching: false };
    if (hadOut) await mirror(outDir, staging);
    return hadOut;
  };
  const abort = async () => {
    if (active?.staging === staging) active = undefined;
    // Already gone (never created, or switched in as out/): nothing to remove, and the error is ignored.
    await fsOps.rm(staging, { recursive: true }).catch(() => undefined);
  };
  return {
    async write(file) {
      try {
        started ??= start();
        await started;
        const rel = path.relative(outDir, file.path);
        if (leavesBase(rel)) throw new Error(`file fuori dalla cartella di uscita: ${file.path}`);
        const target = path.join(staging, rel);
        await fsOps.mkdir(path.dirname(target), { recursive: true });
        // The staging path may be a hard link to the file in out/: writing through it would change out/.
        await fsOps.rm(target, { force: true });
        const handle = await fsOps.open(target, 'wx');
        try {
          await handle.writeFile(file.bytes);
          await handle.sync();
        } catch (e) {
          // Errors of write() carry no path: name the output, for the message.
          if (e && typeof e === 'object' && !('path' in e)) Object.assign(e, { path: file.path });
          throw e;
        } finally {
          await handle.close();
        }
      } catch (e) {
        throw asOutput(e, staging, outDir);
      }
    },
    async commit() {
      if (!started) return;
      const hadOut = await started;
      if (active) active.switching = true;
      try {
        if (hadOut) await fsOps.rename(outDir, previous);
      } catch (e) {
        await abort();
        throw asOutput(e, staging, outDir);
      }
      try {
        await fsOps.rename(staging, outDir);
      } catch (e) {
        // Puts the previous out/ back; without one (no out/ before this build) the rename fails and is ignored.
        await fsOps.rename(previous, outDir).catch(() => undefined);
        await abort();
        throw e;
      }
      if (active) active.switching = false;
      await fsOps.rm(previous, { recursive: true, force: true });
      if (active?.staging === staging) active = undefined;
    },
    abort,
  };
}

/** Makes `files` (paths under outDir) the new content of out/, all together or not at all. */
export async function commitBuild(outDir: string, files: readonly OutputFile[]): Promise<void> {
  if (!files.length) return;
  const staged = await stageBuild(outDir);
  try {
    for (const file of files) await staged.write(file);
  } catch (e) {
    await staged.abort();
    throw e;
  }
  await staged.commit();
}
