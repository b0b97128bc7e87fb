import { run, type Io } from '../../src/cli.js';
import { ROOT } from './seed.js';

export interface CliResult {
  code: number;
  out: string;
  err: string;
}

/** Runs the CLI in-process, from the repository root unless told otherwise; `today` fixes the clock. */
export async function albo(args: string[], cwd = ROOT, today?: string): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const io: Io = { out: (s) => out.push(s), err: (s) => err.push(s), cwd, tty: false, today };
  const code = await run(args, io);
  return { code, out: out.join('\n'), err: err.join('\n') };
}
