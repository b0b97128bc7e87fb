#!/usr/bin/env node
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { renderOutputs } from './build/build.js';
import { loadProjects } from './build/project.js';
import { writeAtomically } from './build/write.js';
import { MANIFEST_FILE, readManifest } from './build/manifest.js';
import { fundReport } from './fund-report.js';
import { publishNotice } from './publish/publish.js';
import { isValidIsoDate } from './format/italian.js';
import type { Doc } from './kinds/kind.js';
import type { Avviso } from './kinds/avviso.js';
import { formatDiagnostic, InvalidInputError, isError, type Diagnostic } from './diagnostics.js';
import { packageRoot } from './render/fonts.js';
import { previewCommand } from './preview/command.js';
import { schemasCommand } from './schemas/command.js';

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  cwd: string;
  /** Whether stderr is an interactive terminal (progress is shown only there). */
  tty: boolean;
}

const HELP: Record<string, string> = {
  main: `albo: documenti del personale per l'Albo Pretorio (avvisi, schede di posizione, servizi, progetti, regolamenti e allegati) da testo a PDF e DOCX

Uso:
  albo check [sorgenti...]    controlla i sorgenti senza scrivere nulla
  albo build [sorgenti...]    controlla e genera PDF e DOCX in out/
  albo fondo [--anno AAAA]    mostra il riparto del fondo e cosa cambia, senza scrivere nulla
  albo pubblica <avviso> --dal AAAA-MM-GG
                              prepara in out/albo/ il pacchetto da pubblicare all'Albo Pretorio
  albo anteprima [sorgente|ente]
                              anteprima nel browser che si aggiorna a ogni salvataggio
  albo schemi                 genera gli schemi JSON per l'editor (completamento e controllo)
  albo <comando> --help       aiuto su un comando

Opzioni generali:
  --contenuti DIR   cartella dei sorgenti (predefinita: content)
  --version         versione di albo

Esito: 0 tutto bene, 1 sorgenti da correggere, 2 errore interno.`,
  check: `albo check [sorgenti...]

Controlla la configurazione dell'ente (content/ente.yaml) e tutti i sorgenti .md di content/:
campi del frontmatter, sezioni del testo, punteggi, pesature e riferimenti tra documenti.
Non scrive nulla. Con dei sorgenti indicati, riporta solo i loro problemi (i riferimenti si
controllano comunque su tutto content/).

Opzioni:
  --contenuti DIR   cartella dei sorgenti (predefinita: content)`,
  fondo: `albo fondo [--anno AAAA]

Mostra, prima di scrivere qualsiasi cosa, il riparto del fondo di ogni anno (o dell'anno indicato):
per ogni posizione la pesatura, la retribuzione dell'ultima generazione (da out/), la nuova e la
differenza; poi il fondo, il totale assegnato e il residuo. Dopo aver cambiato il fondo, "albo fondo"
dice che cosa cambierà; "albo build" rigenera solo i documenti che cambiano.

Opzioni:
  --anno AAAA       solo il fondo di quell'anno
  --contenuti DIR   cartella dei sorgenti (predefinita: content)
  --uscita DIR      cartella dei documenti generati, per le retribuzioni precedenti (predefinita: out)`,
  pubblica: `albo pubblica <avviso> --dal AAAA-MM-GG [--giorni N] [--consenti-dati "motivo"]

Prepara in out/albo/<anno>-<id>/ il pacchetto da pubblicare all'Albo Pretorio online: l'avviso (con la
data di scadenza delle domande calcolata) e ogni scheda allegata, ognuno in PDF/A-2b, DOCX e HTML
accessibile, con pubblicazione.json e pubblicazione.txt (date, dimensioni e impronte SHA-256).
<avviso> è il file dell'avviso o il suo id.

La scadenza conta i giorni dalla pubblicazione escluso il primo e, se cade di domenica o in un giorno
festivo nazionale, passa al primo giorno utile (art. 2963 c.c.). La pubblicazione dura i giorni
consecutivi indicati in ente.yaml per gli avvisi (15 se non indicati) e almeno fino alla scadenza.
Prima di scrivere controlla i documenti, i dati personali (codici fiscali, IBAN, telefoni ed e-mail
non ammessi, date di nascita, dati sanitari) e la conformità PDF/A dichiarata.

Opzioni:
  --dal AAAA-MM-GG          primo giorno di pubblicazione (obbligatorio)
  --giorni N                giorni di pubblicazione (invece di quelli di ente.yaml)
  --consenti-dati "motivo"  pubblica anche se ci sono dati personali; il motivo resta nel manifesto
  --contenuti DIR, --uscita DIR, --modelli DIR  come per "albo build"`,
  anteprima: `albo anteprima [sorgente|ente] [--porta N]

Apre un'anteprima locale (solo su questo computer, http://127.0.0.1) dei documenti mentre li scrivi:
il documento come sarà nel PDF e nel DOCX, con la carta intestata dell'ente e le interruzioni di
pagina, gli errori e gli avvisi in cima (file:riga:colonna e suggerimento) e accanto alla parte del
documento che riguardano, i valori calcolati (pesatura, indennità, scadenza). La pagina si aggiorna da
sola a ogni salvataggio; se il sorgente ha errori resta in grigio l'ultima versione valida. PDF e DOCX
si scaricano dalla pagina, generati al momento (non scrive nulla su disco). La pagina iniziale elenca i
sorgenti con il loro stato. Ctrl-C per fermarla.

Opzioni:
  --porta N         porta da usare (predefinita: una libera, stampata all'avvio)
  --contenuti DIR   cartella dei sorgenti (predefinita: content)
  --modelli DIR     cartella dei modelli (predefinita: templates)`,
  schemi: `albo schemi [--uscita DIR]

Genera in schemi/ gli schemi JSON (JSON Schema) dei sorgenti, perché l'editor (VS Code) completi i
campi e sottolinei i valori sbagliati mentre scrivi: quello di ente.yaml e, per ogni ente, uno per tipo
di documento e sorgente.schema.json (per qualsiasi .md dell'ente), con i criteri, i settori e gli id dei
documenti dell'ente; associazioni.json dice quale schema vale per quali file. Rigeneralo dopo aver
cambiato ente.yaml o aggiunto un settore. Come collegarli a VS Code: README, «Scrivere con l'editor».

Opzioni:
  --uscita DIR      cartella degli schemi (predefinita: schemi)
  --contenuti DIR   cartella dei sorgenti (predefinita: content)`,
  build: `albo build [sorgenti...]

Controlla tutto content/ e, se non ci sono errori, genera per ogni sorgente un PDF/A-2b e un
DOCX in out/ (stessa struttura di cartelle di content/), più, per ogni avviso, il documento
unico con le schede allegate (<avviso>-con-allegati.pdf/.docx) e, per ogni regolamento, il
documento con gli allegati (<regolamento>-con-allegati) e, se ha modifiche, il testo con le
modifiche evidenziate (<regolamento>-modifiche-evidenziate). Se c'è un errore non scrive
nulla e lascia intatti i file già in out/.

Opzioni:
  --contenuti DIR   cartella dei sorgenti (predefinita: content)
  --uscita DIR      cartella dei documenti generati (predefinita: out)
  --modelli DIR     cartella dei modelli (predefinita: templates)
  --forza           rigenera tutto, anche i file che risultano invariati

Un file il cui contenuto non cambia non viene riscritto (restano byte e data di modifica): il
manifesto out/.albo-manifest.json registra, per ogni file, l'impronta (SHA-256) di ciò che lo ha
prodotto: sorgenti, modelli, fondo, configurazione e versione di albo.`,
};

function version(): string {
  return (JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

function report(diagnostics: Diagnostic[], io: Io): void {
  for (const d of diagnostics) io.err(formatDiagnostic(d));
  const errors = diagnostics.filter(isError).length;
  const warnings = diagnostics.length - errors;
  if (errors || warnings) io.err(`${errors} ${errors === 1 ? 'errore' : 'errori'}, ${warnings} ${warnings === 1 ? 'avviso' : 'avvisi'}`);
}

/** Runs the CLI; returns the exit code. */
export async function main(argv: string[], io: Io): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        contenuti: { type: 'string' },
        uscita: { type: 'string' },
        modelli: { type: 'string' },
        forza: { type: 'boolean' },
        anno: { type: 'string' },
        dal: { type: 'string' },
        giorni: { type: 'string' },
        'consenti-dati': { type: 'string' },
        porta: { type: 'string' },
      },
    });
  } catch (e) {
    io.err(`albo: ${(e as Error).message.replace(/^Unknown option '([^']+)'.*/s, "opzione sconosciuta «$1»")}\nUsa "albo --help".`);
    return 1;
  }
  const { values, positionals } = parsed;
  const [command, ...paths] = positionals;
  if (values.version) {
    io.out(version());
    return 0;
  }
  if (!command || command === 'help') {
    io.out(HELP.main!);
    return command || values.help ? 0 : 1;
  }
  if (!(command in HELP) || command === 'main') {
    io.err(`albo: comando sconosciuto «${command}». Comandi: check, build, fondo, pubblica, anteprima, schemi. Usa "albo --help".`);
    return 1;
  }
  if (values.help) {
    io.out(HELP[command]!);
    return 0;
  }
  if (command === 'check' && (values.uscita || values.modelli)) {
    io.err('albo check: --uscita e --modelli valgono solo per "albo build"');
    return 1;
  }
  if (values.anno !== undefined && (command !== 'fondo' || !/^\d{4}$/.test(values.anno))) {
    io.err(command !== 'fondo' ? '--anno vale solo per "albo fondo"' : `albo fondo: anno non valido «${values.anno}» (es. --anno 2024)`);
    return 1;
  }
  if (values.porta !== undefined && command !== 'anteprima') {
    io.err('--porta vale solo per "albo anteprima"');
    return 1;
  }
  if (command === 'pubblica') {
    if (paths.length !== 1) {
      io.err('albo pubblica: indica un avviso (file o id), es. albo pubblica content/capannori/2024/avviso-servizi-al-cittadino.md --dal 2024-01-15');
      return 1;
    }
    if (!values.dal || !isValidIsoDate(values.dal)) {
      io.err(`albo pubblica: ${values.dal ? `data non valida «${values.dal}»` : 'manca --dal'}: indica il primo giorno di pubblicazione come AAAA-MM-GG (es. --dal 2024-01-15)`);
      return 1;
    }
    if (values.giorni !== undefined && !/^[1-9]\d{0,2}$/.test(values.giorni)) {
      io.err(`albo pubblica: --giorni deve essere un numero di giorni (es. 15), non «${values.giorni}»`);
      return 1;
    }
  }
  const resolve = (p: string) => path.resolve(io.cwd, p);
  const display = (p: string) => path.relative(io.cwd, p) || '.';
  const contentDir = resolve(values.contenuti ?? 'content');
  if (!existsSync(contentDir)) {
    io.err(`albo: la cartella dei sorgenti «${display(contentDir)}» non esiste (usa --contenuti DIR)`);
    return 1;
  }
  if (command === 'anteprima') {
    return previewCommand({ contentDir, templatesDir: resolve(values.modelli ?? 'templates'), target: paths[0] && resolve(paths[0]), port: values.porta, out: io.out, err: io.err, display });
  }
  if (command === 'schemi') return schemasCommand({ contentDir, outDir: resolve(values.uscita ?? 'schemi'), cwd: io.cwd, out: io.out, err: io.err, display });
  const only = paths.length && command !== 'pubblica' ? new Set(paths.map((p) => (existsSync(resolve(p)) ? realpathSync(resolve(p)) : resolve(p)))) : undefined;

  const loaded = await loadProjects(contentDir, display);
  const docsOf = loaded.projects.flatMap((p) => p.docs);
  const known = new Set(docsOf.map((d) => d.path));
  const diagnostics = only ? loaded.diagnostics.filter((d) => only.has(resolve(d.file)) || !d.file.endsWith('.md')) : loaded.diagnostics;
  if (only) {
    for (const p of only) {
      if (!known.has(p) && !diagnostics.some((d) => resolve(d.file) === p)) {
        diagnostics.push({ file: display(p), severity: 'errore', message: 'sorgente non trovato tra i documenti validi di content/', hint: 'indica un file .md dentro la cartella dei sorgenti' });
      }
    }
  }
  if (command === 'pubblica') {
    report(diagnostics, io);
    if (loaded.diagnostics.some(isError)) return 1;
    const wanted = paths[0]!;
    const notices = loaded.projects.flatMap((p) => p.docs.filter((d) => d.kind.tipo === 'avviso').map((d) => ({ p, d })));
    const match = notices.find(({ d }) => d.path === resolve(wanted) || String((d.data as { id: string }).id) === wanted);
    if (!match) {
      io.err(`albo pubblica: nessun avviso «${wanted}» in content/ (avvisi: ${notices.map(({ d }) => String((d.data as { id: string }).id)).join(', ') || 'nessuno'})`);
      return 1;
    }
    const result = await publishNotice(match.p, match.d as unknown as Doc<Avviso>, {
      start: values.dal!,
      outDir: resolve(values.uscita ?? 'out'),
      templatesDir: resolve(values.modelli ?? 'templates'),
      days: values.giorni ? Number(values.giorni) : undefined,
      privacyOverride: values['consenti-dati'],
      display,
    });
    report(result.diagnostics, io);
    if (result.diagnostics.some(isError)) {
      io.err('Nessun file scritto.');
      return 1;
    }
    await writeAtomically(result.files);
    io.out(`Pacchetto per l'Albo pronto in ${display(result.dir)}/ (${result.files.length} file): vedi pubblicazione.txt.`);
    return 0;
  }
  if (command === 'fondo') {
    const previous = await readManifest(resolve(values.uscita ?? 'out'));
    const lines = loaded.projects.flatMap((project) => fundReport(project, previous, contentDir, values.anno ? Number(values.anno) : undefined));
    if (!lines.length) lines.push(values.anno ? `Nessun fondo con posizioni per l'anno ${values.anno}.` : 'Nessun fondo con posizioni in content/.');
    for (const line of lines) io.out(line);
    report(diagnostics, io);
    return diagnostics.some(isError) ? 1 : 0;
  }
  report(diagnostics, io);
  if (loaded.diagnostics.some(isError)) {
    if (!diagnostics.some(isError)) io.err('ci sono errori in altri sorgenti di content/: esegui "albo check" per vederli');
    return 1;
  }
  if (diagnostics.some(isError)) return 1;
  const docs = docsOf.length;
  if (command === 'check') {
    io.out(`Controllo completato: ${docs} ${docs === 1 ? 'documento valido' : 'documenti validi'}.`);
    return 0;
  }
  const outDir = resolve(values.uscita ?? 'out');
  const progress = io.tty
    ? (done: number, total: number, label: string) => io.err(`\r\x1b[2K[${done}/${total}] ${label}${done === total ? '\n' : ''}`)
    : undefined;
  const { files, unchanged } = await renderOutputs(loaded.projects, {
    contentDir,
    outDir,
    templatesDir: resolve(values.modelli ?? 'templates'),
    version: version(),
    only,
    previous: values.forza ? undefined : await readManifest(outDir),
    display,
    onProgress: progress,
  });
  await writeAtomically(files);
  const sources = only?.size ?? docs;
  const written = files.filter((f) => path.basename(f.path) !== MANIFEST_FILE).length;
  io.out(`Generati ${written} file in ${display(outDir)}/ da ${sources} ${sources === 1 ? 'sorgente' : 'sorgenti'}${unchanged.length ? ` (${unchanged.length} invariati, non riscritti)` : ''}.`);
  return 0;
}

export async function run(argv: string[], io: Io): Promise<number> {
  try {
    return await main(argv, io);
  } catch (e) {
    if (e instanceof InvalidInputError) {
      report(e.diagnostics, io);
      io.err('Nessun file scritto: i documenti già in out/ restano com\'erano.');
      return 1;
    }
    io.err(`albo: errore interno: ${(e as Error).message}`);
    if (process.env.ALBO_DEBUG) io.err(String((e as Error).stack));
    else io.err('(per i dettagli tecnici riesegui con ALBO_DEBUG=1)');
    return 2;
  }
}

const invokedDirectly = process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  const io: Io = {
    out: (s) => process.stdout.write(s + '\n'),
    err: (s) => process.stderr.write(s.startsWith('\r') ? s : s + '\n'),
    cwd: process.cwd(),
    tty: Boolean(process.stderr.isTTY) && !process.env.CI,
  };
  process.exitCode = await run(process.argv.slice(2), io);
}
