import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

export interface OutputFile {
  path: string;
  bytes: Uint8Array;
}

/**
 * Writes every file to a temporary sibling, then renames each into place: a reader never sees half a
 * file, and if any write fails no output is replaced.
 */
export async function writeAtomically(files: readonly OutputFile[]): Promise<void> {
  const temps: { tmp: string; final: string }[] = [];
  try {
    for (const file of files) {
      await mkdir(path.dirname(file.path), { recursive: true });
      const tmp = path.join(path.dirname(file.path), `.${path.basename(file.path)}.${process.pid}.tmp`);
      temps.push({ tmp, final: file.path });
      await writeFile(tmp, file.bytes);
    }
  } catch (e) {
    await Promise.all(temps.map((t) => rm(t.tmp, { force: true })));
    throw e;
  }
  for (const t of temps) await rename(t.tmp, t.final);
}
