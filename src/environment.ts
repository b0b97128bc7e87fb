/**
 * Errors of the environment (files, folders, disk) told apart from albo's own bugs: the person at the
 * keyboard can fix them, so they get a sentence with the path and what to do, never a raw error code.
 */

/** A problem with the files or folders albo was pointed at: printed as is, exit code 1. */
export class EnvironmentError extends Error {
  constructor(
    message: string,
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'EnvironmentError';
  }
}

interface SystemError {
  code: string;
  path?: string;
  dest?: string;
  syscall?: string;
}

const isSystemError = (e: unknown): e is SystemError => e instanceof Error && typeof (e as { code?: unknown }).code === 'string' && /^E[A-Z]+$/.test((e as unknown as { code: string }).code);

const WRITES = new Set(['open', 'write', 'mkdir', 'rename', 'link', 'unlink', 'rmdir', 'copyfile', 'utime', 'symlink', 'fsync', 'rm']);

/**
 * The Italian explanation of a file-system error, or undefined when the error is not one (then it is a
 * bug). `display` shortens paths for the reader.
 */
export function describeSystemError(e: unknown, display: (p: string) => string = (p) => p, action?: 'read' | 'write'): EnvironmentError | undefined {
  if (e instanceof EnvironmentError) return e;
  if (!isSystemError(e)) return undefined;
  const where = e.path ? `«${display(e.path)}»` : 'un file o una cartella';
  // An open() may be either: the caller says which; other calls tell by themselves.
  const writing = action ? action === 'write' : WRITES.has(e.syscall ?? '') && e.syscall !== 'open';
  switch (e.code) {
    case 'EACCES':
    case 'EPERM':
      return new EnvironmentError(`permesso negato: albo non può ${writing ? 'scrivere' : 'leggere'} ${where}`, writing ? 'controlla i permessi della cartella o indica con --uscita una cartella in cui puoi scrivere; su Windows chiudi i documenti aperti in Word o nel lettore PDF' : 'controlla i permessi del file (deve essere leggibile da chi esegue albo)');
    case 'ENOENT':
      return new EnvironmentError(`${where} non esiste`, 'controlla il percorso (--contenuti, --uscita, --modelli)');
    case 'ENOTDIR':
      return new EnvironmentError(`${where}: una parte del percorso è un file, non una cartella`, 'controlla il percorso: indica una cartella');
    case 'EISDIR':
      return new EnvironmentError(`${where} è una cartella, non un file`, 'controlla il percorso: indica un file');
    case 'ENOSPC':
    case 'EDQUOT':
      return new EnvironmentError(`disco pieno: non c'è spazio per scrivere ${where}`, 'libera spazio sul disco o indica con --uscita una cartella su un altro disco; i documenti già generati restano com\'erano');
    case 'EROFS':
      return new EnvironmentError(`${where} è su un disco di sola lettura`, 'indica con --uscita una cartella su un disco scrivibile');
    case 'EBUSY':
    case 'ETXTBSY':
      return new EnvironmentError(`${where} è in uso da un altro programma`, 'chiudi i documenti aperti (Word, lettore PDF, esplora risorse sulla cartella) e riprova; se è un punto di montaggio, indica con --uscita una cartella al suo interno');
    case 'EXDEV':
      return new EnvironmentError(`${where} è su un disco diverso dalla cartella che la contiene`, 'indica con --uscita una cartella normale (non un punto di montaggio)');
    case 'EMFILE':
    case 'ENFILE':
      return new EnvironmentError('troppi file aperti nel sistema', 'chiudi qualche programma e riprova');
    case 'ENAMETOOLONG':
      return new EnvironmentError(`percorso troppo lungo: ${where}`, 'sposta il progetto in una cartella con un percorso più corto');
    case 'ELOOP':
      return new EnvironmentError(`${where}: collegamenti simbolici che rimandano l'uno all'altro`, 'controlla i collegamenti nella cartella');
    case 'EIO':
      return new EnvironmentError(`errore di lettura o scrittura del disco su ${where}`, 'il disco potrebbe essere danneggiato o scollegato: controllalo e riprova');
    default:
      return undefined;
  }
}
