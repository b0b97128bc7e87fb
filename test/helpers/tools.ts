import { execFileSync } from 'node:child_process';

/** External readers (poppler, qpdf, LibreOffice) from Debian packages; .ci/run installs them. */
export function hasTool(cmd: string): boolean {
  try {
    execFileSync('sh', ['-c', `command -v ${cmd}`], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * Whether a test that needs `cmd` can run. In CI a missing tool fails the run (nothing is skipped
 * silently); on a developer machine the test is skipped with a visible warning.
 */
export function toolAvailable(cmd: string): boolean {
  if (hasTool(cmd)) return true;
  if (process.env.CI) throw new Error(`strumento mancante in CI: ${cmd} (vedi .ci/run)`);
  console.warn(`[albo test] ${cmd} non installato: test saltato (sudo apt-get install poppler-utils libreoffice-writer-nogui)`);
  return false;
}
