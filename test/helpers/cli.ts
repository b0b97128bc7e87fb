import { run, type Io } from '../../src/cli.js';
import { ROOT } from './seed.js';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/** Runs the CLI in-process, from the repository root unless told otherwise. */
export async function albo(args: string[], cwd = ROOT): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (s) => out.push(s), err: (s) => err.push(s), cwd, tty: false };
  const code = await run(args, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}
