/** A problem found in a source, located for a person to fix. */
export interface Diagnostic {
  file: string;
  line?: number;
  column?: number;
  severity: 'errore' | 'avviso';
  message: string;
  hint?: string;
}

/** Thrown when input is invalid: the CLI prints the diagnostics and exits 1. */
export class InvalidInputError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map(formatDiagnostic).join('\n'));
    this.name = 'InvalidInputError';
  }
}

export function formatDiagnostic(d: Diagnostic): string {
  const where = [d.file, d.line, d.line !== undefined ? (d.column ?? 1) : undefined]
    .filter((p) => p !== undefined)
    .join(':');
  const head = `${where}: ${d.severity}: ${d.message}`;
  return d.hint ? `${head}\n  suggerimento: ${d.hint}` : head;
}

export const isError = (d: Diagnostic): boolean => d.severity === 'errore';

/** Sorts by file, then position, so reports read top to bottom. */
export function sortDiagnostics(list: Diagnostic[]): Diagnostic[] {
  return [...list].sort(
    (a, b) =>
      // The collator only when the files differ: its first use costs about 20 ms of a one-file check.
      (a.file === b.file ? 0 : a.file.localeCompare(b.file)) || (a.line ?? 0) - (b.line ?? 0) || (a.column ?? 0) - (b.column ?? 0),
  );
}
