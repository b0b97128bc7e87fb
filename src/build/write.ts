import path from 'node:path';
import { fsOps } from './fs-ops.js';

export interface OutputFile {
  path: string;
  bytes: Uint8Array;
}

/**
 * Writes every file to a temporary sibling, then renames each into place: a reader never sees half a
 * file, and if any write fails no output is replaced. If a rename fails, the temporary files not yet in
 * place are removed: nothing is left behind but what was already renamed.
 */
export async function writeAtomically(files: readonly OutputFile[]): Promise<void> {
  const temps: { tmp: string; final: string }[] = [];
  const removeFrom = (i: number) => Promise.all(temps.slice(i).map((t) => fsOps.rm(t.tmp, { force: true })));
  try {
    for (const file of files) {
      await fsOps.mkdir(path.dirname(file.path), { recursive: true });
      const tmp = path.join(path.dirname(file.path), `.${path.basename(file.path)}.${process.pid}.tmp`);
      temps.push({ tmp, final: file.path });
      await fsOps.writeFile(tmp, file.bytes);
    }
  } catch (e) {
    await removeFrom(0);
    throw e;
  }
  for (let i = 0; i < temps.length; i++) {
    try {
      await fsOps.rename(temps[i]!.tmp, temps[i]!.final);
    } catch (e) {
      await removeFrom(i);
      throw e;
    }
  }
}
