#!/usr/bin/env node
import { existsSync, readFileSync, realpathSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildInProgress, interruptBuild, interruptedDuringSwitch, recoverOutput, stageBuild } from './build/commit.js';
import { checkInputFolder, checkOutputFolder } from './build/folders.js';
import { describeSystemError } from './environment.js';
import { MANIFEST_FILE, readManifest } from './build/manifest.js';
import { isValidIsoDate } from './format/italian.js';
import type { Doc } from './kinds/kind.js';
import type { Avviso } from './kinds/avviso.js';
import { formatDiagnostic, InvalidInputError, isError, sortDiagnostics, type Diagnostic } from './diagnostics.js';
import { packageRoot } from './package-root.js';
import { isInside, leavesBase } from './paths.js';
import { boundHeapGrowth } from './heap.js';
// Everything else loads when a command needs it: "albo check" never loads a writer, and a no-op build
// answers before loading the validators (startup is most of what a check of one card costs).

export interface Io {
  out: (s: string) => void;
  err: (s: string) => void;
  cwd: string;
  /** Whether stderr is an interactive terminal (progress is shown only there). */
  tty: boolean;
  /** Today (AAAA-MM-GG); the real date in Italy when omitted. Used for checks, never inside outputs. */
  today?: string;
}

/** Today's date in Italy (the Albo's legal days are Italian days). */
export const italianToday = (now = new Date()) => new Intl.DateTimeFormat('sv-SE', { timeZone: 'Europe/Rome' }).format(now);

const HELP: Record<string, string> = {
  main: `albo: documenti del personale per l'Albo Pretorio (avvisi, schede di posizione, servizi, progetti, regolamenti e allegati) da testo a PDF e DOCX

Uso:
  albo check [sorgenti...]    controlla i sorgenti senza scrivere nulla
  albo build [sorgenti...]    controlla e genera PDF e DOCX in out/ (--osserva: poi rigenera a ogni modifica)
  albo fondo [ente...] [--anno AAAA]   mostra il riparto del fondo e cosa cambia, senza scrivere nulla
  albo pubblica <atto> --firmato FILE --protocollo N --data-protocollo AAAA-MM-GG
                              verifica l'atto firmato, prepara in out/albo/ il pacchetto e lo registra
  albo annulla <atto> --motivo "…"
                              registra l'annullamento della pubblicazione (nuova voce del registro)
  albo relata <atto>          finita la pubblicazione, prepara la relata di pubblicazione da firmare
  albo anteprima [sorgente|ente]
                              anteprima nel browser che si aggiorna a ogni salvataggio
  albo schemi                 genera gli schemi JSON per l'editor (completamento e controllo)
  albo nuovo <tipo> <id>      scrive un nuovo sorgente dai criteri e dalle scelte dell'ente, da compilare
  albo modelli [ente]         copia i modelli nella cartella dell'ente, per adattarne le parole
  albo <comando> --help       aiuto su un comando

Opzioni generali:
  --contenuti DIR   cartella dei sorgenti (predefinita: content)
  --version         versione di albo

Esito: 0 tutto bene, 1 sorgenti o cartelle da correggere (il messaggio dice quali),
2 errore interno di albo (da segnalare).`,
  nuovo: `albo nuovo <tipo> <id> [--ente ENTE] [--anno AAAA]

Scrive un nuovo sorgente di tipo <tipo> (avviso, scheda, fondo, scheda-eq, fondo-eq, servizio, progetto,
regolamento, allegato, documento) nella cartella dell'ente, dove i sorgenti di quel tipo stanno di solito
(es. content/<ente>/<anno>/schede/<id>.md): tutti i campi obbligatori con un commento e un segnaposto
«[da compilare …]», i facoltativi commentati, le sezioni del testo. I criteri, le conoscenze e i settori
sono quelli dell'ente. Finché resta un segnaposto, "albo check" lo indica con riga e colonna. Non
sovrascrive mai un file esistente.

Opzioni:
  --ente ENTE       cartella dell'ente in content/ (es. capannori); obbligatoria se gli enti sono più d'uno
  --anno AAAA       anno del documento (predefinito: l'anno in corso)
  --contenuti DIR   cartella dei sorgenti (predefinita: content)`,
  modelli: `albo modelli [ente] [modello...]

Copia i modelli di albo (templates/*.md.hbs) in content/<ente>/modelli/, tutti o solo quelli indicati
(per tipo: avviso, scheda, …). Da quel momento i documenti dell'ente usano i suoi modelli, tipo per tipo;
per gli altri tipi restano quelli di albo. Non sovrascrive i modelli già copiati.

Opzioni:
  --contenuti DIR   cartella dei sorgenti (predefinita: content)
  --modelli DIR     cartella dei modelli di albo (predefinita: templates)`,
  check: `albo check [file|cartella|ente|id|anno...]

Controlla la configurazione dell'ente (content/<ente>/ente.yaml) e i sorgenti .md di content/:
campi del frontmatter, sezioni del testo, punteggi, pesature e riferimenti tra documenti; e i modelli
che la generazione userebbe (quelli dell'ente in content/<ente>/modelli/ e quelli di albo): sintassi
e campi che i dati non hanno.
Non scrive nulla. Senza argomenti controlla tutto; con degli argomenti (file .md, cartelle come
content/capannori, nomi di ente come capannori, id di documenti, o ente/id come capannori/fondo-2024
se più enti usano lo stesso id, anni come 2024) controlla quelli e i
sorgenti da cui dipendono (schede dello stesso fondo, schede allegate, regolamento e allegati): gli
errori altrove sono segnalati in una riga e non cambiano l'esito.

Opzioni:
  --contenuti DIR   cartella dei sorgenti (predefinita: content)
  --modelli DIR     cartella dei modelli di albo (predefinita: templates)`,
  fondo: `albo fondo [ente...] [--anno AAAA]

Mostra, prima di scrivere qualsiasi cosa, il riparto del fondo di ogni anno (o dell'anno indicato) di
ogni ente (o degli enti indicati, per nome come capannori o per cartella):
per ogni posizione la pesatura, la retribuzione dell'ultima generazione (da out/), la nuova e la
differenza; poi il fondo, il totale assegnato e il residuo. Dopo aver cambiato il fondo, "albo fondo"
dice che cosa cambierà; "albo build" rigenera solo i documenti che cambiano.

Opzioni:
  --anno AAAA       solo il fondo di quell'anno
  --contenuti DIR   cartella dei sorgenti (predefinita: content)
  --uscita DIR      cartella dei documenti generati, per le retribuzioni precedenti (predefinita: out)`,
  pubblica: `albo pubblica <atto> --firmato FILE [--firmato FILE...] --protocollo N --data-protocollo AAAA-MM-GG
                     [--registro-protocollo "registro o AOO"] [--dal AAAA-MM-GG] [--consenti-dati "motivo"]

Prepara in out/albo/<anno>-<id>/ il pacchetto da pubblicare all'Albo Pretorio online e registra la
pubblicazione nel registro dell'ente (registro-albo-<anno>.txt accanto a ente.yaml, n. 1/<anno>, 2/<anno>…).
<atto> è il file o l'id di un avviso (con le sue schede), di un regolamento (con i suoi allegati), di una
scheda di servizio, di un progetto o di un fondo (il prospetto di riparto); ente/id (es.
capannori/fondo-2024) se più enti usano lo stesso id.

Il percorso: "albo build" genera l'avviso (con la scadenza contata da "pubblicazione: { dal: AAAA-MM-GG }"
del sorgente) e le schede; il firmatario firma i PDF generati, così come sono, con la sua applicazione di
firma (PAdES nel PDF, o busta CAdES .p7m): o l'avviso e ogni scheda, o il documento unico
<avviso>-con-allegati.pdf; l'ufficio protocollo registra l'atto; "albo pubblica" riceve i file firmati.

Per ogni file firmato controlla: che i byte prima della firma siano esattamente il PDF generato (impronta
in out/.albo-manifest.json) e che dopo ci sia solo l'aggiornamento con la firma; che la firma copra tutto
il file tranne sé stessa; che sia valida per il certificato che contiene e il certificato fosse valido alla
data della firma; per un .p7m, che il documento nella busta sia identico al PDF generato. Registra
firmatario, numero di serie e validità del certificato, data della firma; avvisa se il firmatario non è
la persona del blocco firma. Catena di certificazione e revoca NON sono verificate (servono i servizi
online dei certificatori). Rifiuta il file dicendo quale controllo non è superato.

Il pacchetto contiene gli atti firmati così come sono, le copie di cortesia (DOCX e HTML accessibile),
pubblicazione.json e pubblicazione.txt (numero di registro, protocollo, date, firme, impronte SHA-256 dei
file pubblicati). Controlla anche i dati personali e la conformità PDF/A del file firmato.

Opzioni:
  --firmato FILE                 un file firmato (PDF o .p7m); ripetibile
  --senza-firma "motivo"         pubblica i PDF generati non firmati; il motivo resta nel pacchetto
  --protocollo N                 numero di protocollo dell'atto (obbligatorio)
  --data-protocollo AAAA-MM-GG   data di protocollo (obbligatoria)
  --registro-protocollo TESTO    registro o AOO (predefinito: "Registro di protocollo generale")
  --dal AAAA-MM-GG               primo giorno di pubblicazione degli atti diversi dagli avvisi (un avviso
                                 lo ha nel sorgente, "pubblicazione: { dal: … }", perché stampa la scadenza)
  --fuori-termine "motivo"       pubblica un avviso dell'anno concluso o con la data prevista già passata
  --consenti-dati "motivo"       pubblica anche se ci sono dati personali; il motivo resta nel manifesto
  --contenuti DIR, --uscita DIR, --modelli DIR  come per "albo build"`,
  annulla: `albo annulla <atto> --motivo "motivo"

Registra l'annullamento della pubblicazione in vigore dell'atto: una nuova voce del registro delle
pubblicazioni (con il suo numero) che richiama la voce annullata e il motivo. Nessuna voce si cancella o
si modifica. Dopo l'annullamento l'atto (corretto, rigenerato e firmato) si può pubblicare di nuovo.

Opzioni:
  --motivo "motivo"   perché la pubblicazione è annullata (obbligatorio)
  --contenuti DIR     cartella dei sorgenti (predefinita: content)`,
  relata: `albo relata <atto> [--firmatario "Nome Cognome"] [--ruolo "Il messo comunale"]

Finita la pubblicazione, prepara dalla voce del registro la relata (referto) di pubblicazione: il
certificato che l'atto è stato pubblicato all'Albo Pretorio online dal … al … con il numero … del registro,
con i file pubblicati e le loro impronte, in PDF/A-2a (PDF/UA-1) e DOCX in out/albo/<anno>-<id>/, pronta per la firma
digitale del responsabile. Prima del giorno successivo alla fine della pubblicazione è un errore.

Opzioni:
  --firmatario "Nome Cognome"   chi certifica (stampato nel blocco firma)
  --ruolo "ruolo"               predefinito: "Il responsabile della pubblicazione"
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
  build: `albo build [file|cartella|ente|id|anno...]

Controlla tutto content/ e, se non ci sono errori, genera per ogni sorgente un PDF/A-2a accessibile (PDF/UA-1) e un
DOCX in out/ (stessa struttura di cartelle di content/), più, per ogni avviso, il documento
unico con le schede allegate (<avviso>-con-allegati.pdf/.docx) e, per ogni regolamento con
allegati, il documento con gli allegati (<regolamento>-con-allegati) e, se ha modifiche, il testo con le
modifiche evidenziate (<regolamento>-modifiche-evidenziate). Se c'è un errore non scrive
nulla e lascia intatti i file già in out/. I file di una generazione compaiono tutti insieme:
se la generazione si interrompe, out/ resta quella della generazione precedente.

Opzioni:
  --contenuti DIR   cartella dei sorgenti (predefinita: content)
  --uscita DIR      cartella dei documenti generati (predefinita: out)
  --modelli DIR     cartella dei modelli (predefinita: templates)
  --forza           rigenera tutto, anche i file che risultano invariati
  --osserva         dopo la generazione resta in attesa e rigenera a ogni modifica di content/ o dei
                    modelli, con gli scrittori già caricati (Ctrl-C per fermare)

Un file il cui contenuto non cambia non viene riscritto (restano byte e data di modifica): il
manifesto out/.albo-manifest.json registra, per ogni file, l'impronta (SHA-256) di ciò che lo ha
prodotto: sorgenti, modelli, fondo, configurazione e versione di albo.`,
};

/**
 * The paths as absolute paths, if every one names an existing file or folder from the working folder, with
 * no symbolic link on the way (targets are matched by their real path: through a link the ente could be
 * another); else undefined, and the whole of content/ is read.
 */
function existingPaths(paths: readonly string[], cwd: string): string[] | undefined {
  const out = paths.map((p) => path.resolve(cwd, p));
  return out.every((p) => existsSync(p) && realpathSync(p) === p) ? out : undefined;
}

function version(): string {
  return (JSON.parse(readFileSync(path.join(packageRoot(), 'package.json'), 'utf8')) as { version: string }).version;
}

/** One line about problems outside what was asked: they exist, they do not block it. */
function noteOthers(others: Diagnostic[], io: Io): void {
  const files = new Set(others.filter(isError).map((d) => d.file));
  if (files.size) io.err(`Nota: ${files.size === 1 ? 'un altro file' : `altri ${files.size} file`} di content/ ${files.size === 1 ? 'ha' : 'hanno'} errori che non riguardano quanto indicato (${[...files].slice(0, 3).join(', ')}${files.size > 3 ? ', …' : ''}): «albo check» li mostra tutti.`);
}

/** The lines that report diagnostics: each one, then the count. */
function reportLines(diagnostics: Diagnostic[]): string[] {
  const errors = diagnostics.filter(isError).length;
  const warnings = diagnostics.length - errors;
  return [...diagnostics.map(formatDiagnostic), ...(errors || warnings ? [`${errors} ${errors === 1 ? 'errore' : 'errori'}, ${warnings} ${warnings === 1 ? 'avviso' : 'avvisi'}`] : [])];
}

function report(diagnostics: Diagnostic[], io: Io): void {
  for (const line of reportLines(diagnostics)) io.err(line);
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
        osserva: { type: 'boolean' },
        anno: { type: 'string' },
        dal: { type: 'string' },
        giorni: { type: 'string' },
        'consenti-dati': { type: 'string' },
        firmato: { type: 'string', multiple: true },
        'senza-firma': { type: 'string' },
        'fuori-termine': { type: 'string' },
        protocollo: { type: 'string' },
        'data-protocollo': { type: 'string' },
        'registro-protocollo': { type: 'string' },
        motivo: { type: 'string' },
        firmatario: { type: 'string' },
        ruolo: { type: 'string' },
        porta: { type: 'string' },
        ente: { type: 'string' },
      },
    });
  } catch (e) {
    io.err(`albo: ${(e as Error).message.replace(/^Unknown option '([^']+)'.*/s, "opzione sconosciuta «$1»")}\nUsa "albo --help".`);
    return 1;
  }
  const { values, positionals } = parsed;
  // Asked of the time-zone database only by the commands that use it: its first use costs about 30 ms.
  let todayMemo: string | undefined;
  const today = () => (todayMemo ??= io.today ?? italianToday());
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
    io.err(`albo: comando sconosciuto «${command}». Comandi: check, build, fondo, pubblica, annulla, relata, anteprima, schemi, nuovo, modelli. Usa "albo --help".`);
    return 1;
  }
  if (values.help) {
    io.out(HELP[command]!);
    return 0;
  }
  if (values.osserva) {
    if (command !== 'build') {
      io.err('--osserva vale solo per "albo build"');
      return 1;
    }
    const dirs = [path.resolve(io.cwd, values.contenuti ?? 'content'), path.resolve(io.cwd, values.modelli ?? 'templates')];
    return watchBuild(argv.filter((a) => a !== '--osserva'), io, dirs);
  }
  if (command === 'check' && values.uscita) {
    io.err('albo check: --uscita vale solo per "albo build"');
    return 1;
  }
  if (values.anno !== undefined && command !== 'nuovo' && (command !== 'fondo' || !/^\d{4}$/.test(values.anno))) {
    io.err(command !== 'fondo' ? '--anno vale solo per "albo fondo" e "albo nuovo"' : `albo fondo: anno non valido «${values.anno}» (es. --anno 2024)`);
    return 1;
  }
  if (command === 'annulla' || command === 'relata') {
    if (paths.length !== 1) {
      io.err(`albo ${command}: indica un atto pubblicato (file o id), es. albo ${command} avviso-2024-servizi-al-cittadino${command === 'annulla' ? ' --motivo "…"' : ''}`);
      return 1;
    }
    if (command === 'annulla' && !values.motivo?.trim()) {
      io.err('albo annulla: indica il motivo dell\'annullamento con --motivo "…" (resta nel registro)');
      return 1;
    }
  }
  if (values.porta !== undefined && command !== 'anteprima') {
    io.err('--porta vale solo per "albo anteprima"');
    return 1;
  }
  if (command === 'pubblica') {
    if (paths.length !== 1) {
      io.err('albo pubblica: indica un atto (file o id), es. albo pubblica content/capannori/2024/avviso-servizi-al-cittadino.md --firmato avviso.pdf --protocollo 4321 --data-protocollo 2024-04-05');
      return 1;
    }
    if (values.giorni !== undefined) {
      io.err('albo pubblica: i giorni di pubblicazione sono in ente.yaml (pubblicazione.giorni, per tipo di atto)');
      return 1;
    }
    if (values.dal !== undefined && !isValidIsoDate(values.dal)) {
      io.err(`albo pubblica: data non valida «${values.dal}»: indica il primo giorno di pubblicazione come AAAA-MM-GG (es. --dal 2024-01-15)`);
      return 1;
    }
    if (values['data-protocollo'] !== undefined && !isValidIsoDate(values['data-protocollo'])) {
      io.err(`albo pubblica: data di protocollo non valida «${values['data-protocollo']}»: scrivila come AAAA-MM-GG (es. --data-protocollo 2024-04-05)`);
      return 1;
    }
    if (Boolean(values.protocollo) !== Boolean(values['data-protocollo'])) {
      io.err('albo pubblica: indica insieme --protocollo N e --data-protocollo AAAA-MM-GG');
      return 1;
    }
  }
  const resolve = (p: string) => path.resolve(io.cwd, p);
  const display = (p: string) => path.relative(io.cwd, p) || '.';
  const contentDir = resolve(values.contenuti ?? 'content');
  checkInputFolder(contentDir, 'dei sorgenti', '--contenuti', display);
  const outDir = resolve(values.uscita ?? 'out');
  if (!['check', 'anteprima', 'schemi', 'nuovo', 'modelli'].includes(command)) {
    if (command !== 'fondo') checkInputFolder(resolve(values.modelli ?? 'templates'), 'dei modelli', '--modelli', display);
    checkOutputFolder(outDir, [{ dir: contentDir, option: 'dei sorgenti' }, ...(command === 'fondo' ? [] : [{ dir: resolve(values.modelli ?? 'templates'), option: 'dei modelli' }])], display);
    // A build killed while switching folders left out/ aside: put it back before anything reads it.
    await recoverOutput(outDir);
  }
  if (command === 'anteprima') {
    const { previewCommand, previewTarget } = await import('./preview/command.js');
    return previewCommand({ contentDir, templatesDir: resolve(values.modelli ?? 'templates'), target: paths[0] && previewTarget(paths[0], io.cwd, contentDir), port: values.porta, out: io.out, err: io.err, display });
  }
  if (values.ente !== undefined && command !== 'nuovo') {
    io.err('--ente vale solo per "albo nuovo" (per "albo modelli" indica l\'ente come argomento)');
    return 1;
  }
  if (command === 'nuovo' || command === 'modelli') {
    const [{ loadProjects }, { copyTemplates, newSource }] = await Promise.all([import('./build/project.js'), import('./new/command.js')]);
    const loadedForNew = await loadProjects(contentDir, display);
    const c = { contentDir, display, out: io.out, err: io.err, cwd: io.cwd };
    if (command === 'modelli') return copyTemplates(loadedForNew, { ente: paths[0], which: paths.slice(1), templatesDir: resolve(values.modelli ?? 'templates') }, c);
    if (paths.length !== 2) {
      io.err('albo nuovo: indica il tipo e l\'id, es. albo nuovo scheda coordinamento-tributi --ente capannori');
      return 1;
    }
    if (values.anno !== undefined && !/^\d{4}$/.test(values.anno)) {
      io.err(`albo nuovo: anno non valido «${values.anno}» (es. --anno 2025)`);
      return 1;
    }
    return newSource(loadedForNew, { tipo: paths[0]!, id: paths[1]!, anno: Number(values.anno ?? today().slice(0, 4)), ente: values.ente }, c);
  }
  if (command === 'schemi') return (await import('./schemas/command.js')).schemasCommand({ contentDir, outDir: resolve(values.uscita ?? 'schemi'), cwd: io.cwd, out: io.out, err: io.err, display });
  // A complete build whose inputs and outputs are as the last one left them answers here, before
  // loading the validators and the writers (src/build/fingerprint.ts). A scoped build (paths given)
  // always takes the full path, and leaves no fingerprint behind (src/build/build.ts).
  let fingerprint: string | undefined;
  if (command === 'build' && !paths.length) {
    const { buildFingerprint, upToDate } = await import('./build/fingerprint.js');
    fingerprint = await buildFingerprint({ contentDir, templatesDir: resolve(values.modelli ?? 'templates'), version: version(), display });
    const noop = values.forza ? undefined : await upToDate(outDir, fingerprint);
    if (noop) {
      for (const line of noop.warnings) io.err(line);
      io.out(`Generati 0 file in ${display(outDir)}/ da ${noop.sources} ${noop.sources === 1 ? 'sorgente' : 'sorgenti'}${noop.outputs ? ` (${noop.outputs} invariati, non riscritti)` : ''}.`);
      return 0;
    }
  }

  const [{ loadProjects }, { fundStates, scopeOf }] = await Promise.all([import('./build/project.js'), import('./build/scoped.js')]);
  // A check of files or folders inside entes reads only those entes: the others cannot concern them, and
  // validating every ente was most of what a check of one card cost (issue #20). Names, ids and years
  // need the whole of content/ to be resolved.
  const within = command === 'check' && paths.length ? existingPaths(paths, io.cwd) : undefined;
  const loaded = await loadProjects(contentDir, display, { within });
  const scope = paths.length && (command === 'check' || command === 'build') ? scopeOf(paths, loaded, { cwd: io.cwd, contentDir, display, command }) : undefined;
  if (scope?.problems.length) {
    report(scope.problems, io);
    return 1;
  }
  const only = scope?.files;
  const docsOf = loaded.projects.flatMap((p) => p.docs);
  const publishing = ['pubblica', 'annulla', 'relata'].includes(command) ? await import('./build/publishing.js') : undefined;
  const publishable = publishing ? loaded.projects.flatMap((p) => p.docs.filter((d) => d.kind.tipo in publishing.PUBLISHABLE).map((d) => ({ p, d }))) : [];
  const idOf = (d: Doc) => String((d.data as { id?: string }).id ?? path.basename(d.path, '.md'));
  const { ambiguityMessage, lookupName, qualifiedId } = await import('./build/targets.js');
  const acts = publishable.map((x) => ({ ...x, path: x.d.path, enteDir: x.p.dir, id: idOf(x.d) }));
  // An act by its file, its id or «ente/id»: ids are unique within an ente, so a bare id used by several
  // entes is refused with the candidates.
  // Null: refused, and said why.
  const findAct = (wanted: string): (typeof acts)[number] | null | undefined => {
    const byPath = acts.find((a) => a.path === resolve(wanted));
    if (byPath) return byPath;
    const found = lookupName(wanted, acts, { cwd: io.cwd, contentDir });
    if (found.ambiguous) {
      const why = ambiguityMessage(wanted, found.matches, { contentDir, display, command });
      io.err(`albo ${command}: ${why.message}\n  suggerimento: ${why.hint}`);
      return null;
    }
    return found.matches[0];
  };
  // The acts as a command takes them: the id, or «ente/id» when other entes use it too.
  const actList = () => {
    const ids = acts.map((a) => (acts.some((o) => o.id === a.id && o.enteDir !== a.enteDir) ? qualifiedId(a, contentDir) : a.id));
    const guess = ids.find((id) => id.includes(paths[0] ?? '\0'));
    return `${guess ? `intendevi «${guess}»? ` : ''}atti: ${ids.join(', ') || 'nessuno'}`;
  };
  const diagnostics = [...(scope ? scope.diagnostics : loaded.diagnostics)];
  // Typewriter habits (E', Pò, double spaces, straight quotes where the ente wants typographic ones):
  // warnings of `albo check` for the valid sources it was asked about.
  if (command === 'check') {
    const { sourceTypography } = await import('./lint/typography.js');
    const typography = loaded.projects.flatMap((p) => p.docs.filter((d) => !only || only.has(d.path)).flatMap((d) => sourceTypography(d.source, p.config)));
    // The templates a build of these entes would use (the ente's own and albo's): compiled, and filled
    // with the data of each valid document asked about.
    const { templateDiagnostics } = await import('./validate/templates.js');
    const templates = await templateDiagnostics(scope ? loaded.projects.filter((p) => scope.entes.has(p.configPath)) : loaded.projects, { templatesDir: resolve(values.modelli ?? 'templates'), display, only });
    diagnostics.splice(0, diagnostics.length, ...sortDiagnostics([...diagnostics, ...typography, ...templates]));
  }
  if (command === 'annulla' || command === 'relata') {
    report(diagnostics, io);
    if (loaded.diagnostics.some(isError)) return 1;
    const match = findAct(paths[0]!);
    if (match === null) return 1;
    if (!match) {
      io.err(`albo ${command}: nessun atto pubblicabile «${paths[0]}» in content/ (${actList()})`);
      return 1;
    }
    const result =
      command === 'annulla'
        ? await publishing!.annulPublication(match.p, match.d, values.motivo!, display)
        : await publishing!.relataOfPublication(match.p, match.d, (entry) => publishing!.packageDir(resolve(values.uscita ?? 'out'), match.d, Number(entry.dal.slice(0, 4))), {
            today: today(),
            outDir: resolve(values.uscita ?? 'out'),
            templatesDir: resolve(values.modelli ?? 'templates'),
            display,
            signer: { ruolo: values.ruolo ?? 'Il responsabile della pubblicazione', nome: values.firmatario },
          });
    report(result.diagnostics, io);
    if (result.diagnostics.some(isError)) {
      io.err('Nessun file scritto.');
      return 1;
    }
    await publishing!.writeAtomically(result.files);
    const e = result.entry!;
    if (command === 'annulla') io.out(`Annullamento registrato con il n. ${e.numero}/${e.anno}: annulla la pubblicazione n. ${e.annulla} in ${display(result.files[0]!.path)}.`);
    else io.out(`Relata della pubblicazione n. ${e.numero}/${e.anno} pronta da firmare: ${result.files.map((f) => display(f.path)).join(', ')}.`);
    return 0;
  }
  if (command === 'pubblica') {
    report(diagnostics, io);
    if (loaded.diagnostics.some(isError)) return 1;
    const match = findAct(paths[0]!);
    if (match === null) return 1;
    if (!match) {
      io.err(`albo pubblica: nessun atto pubblicabile «${paths[0]}» in content/ (${actList()})`);
      return 1;
    }
    const isNotice = match.d.kind.tipo === 'avviso';
    if (isNotice && values.dal !== undefined) {
      io.err('albo pubblica: la data di pubblicazione di un avviso è nel suo sorgente, perché l\'avviso stampa la scadenza contata da lì: scrivi «pubblicazione: { dal: AAAA-MM-GG }» nel frontmatter, rigenera con «albo build» e firma il PDF generato');
      return 1;
    }
    const signed: { path: string; bytes: Uint8Array }[] = [];
    for (const f of values.firmato ?? []) {
      if (!existsSync(resolve(f))) {
        io.err(`albo pubblica: il file firmato «${f}» non esiste`);
        return 1;
      }
      signed.push({ path: resolve(f), bytes: new Uint8Array(readFileSync(resolve(f))) });
    }
    const result = await publishing!.publishAct(match.p, match.d, {
      start: values.dal,
      contentDir,
      outDir,
      templatesDir: resolve(values.modelli ?? 'templates'),
      version: version(),
      display,
      today: today(),
      signed,
      unsignedReason: values['senza-firma'],
      lateReason: values['fuori-termine'],
      protocol: values.protocollo ? { numero: values.protocollo, data: values['data-protocollo']!, registro: values['registro-protocollo'] ?? 'Registro di protocollo generale' } : undefined,
      privacyOverride: values['consenti-dati'],
    });
    report(result.diagnostics, io);
    if (result.diagnostics.some(isError)) {
      io.err('Nessun file scritto.');
      return 1;
    }
    await publishing!.writeAtomically(result.files);
    io.out(`Pubblicazione n. ${result.entry!.numero}/${result.entry!.anno} registrata in ${display(publishing!.registerPath(match.p.dir, result.entry!.anno))}; pacchetto per l'Albo pronto in ${display(result.dir)}/ (${result.files.length - 1} file): vedi pubblicazione.txt.`);
    if (!values['senza-firma']) io.out(`Firme verificate offline: ${publishing!.NOT_CHECKED}.`);
    return 0;
  }
  if (command === 'fondo') {
    const previous = await readManifest(outDir);
    const { fundReport } = await import('./fund-report.js');
    // Entes by name (as under content/) or folder: only their funds. Anything else is refused, never ignored.
    const enteDirs = [...new Set([...loaded.projects.map((p) => p.dir), ...loaded.sources.map((s) => path.dirname(s.ente))])].sort();
    const wanted = new Set<string>();
    for (const p of paths) {
      const dir = [resolve(p), path.resolve(contentDir, p)].find((d) => enteDirs.includes(d));
      if (!dir) {
        const names = enteDirs.map((d) => path.relative(contentDir, d).split(path.sep).join('/') || '.');
        const { didYouMean } = await import('./validate/zod-issues.js');
        const guess = didYouMean(p, names);
        io.err(`albo fondo: «${p}» non è un ente di ${display(contentDir)}\n  suggerimento: ${guess ? `intendevi «${guess}»? ` : ''}indica un ente (${names.join(', ')}) o nessuno per tutti; l'anno con --anno AAAA`);
        return 1;
      }
      wanted.add(dir);
    }
    const funds = fundStates(loaded, values.anno ? Number(values.anno) : undefined).filter((f) => !wanted.size || wanted.has(path.dirname(f.ente_yaml)));
    const lines: string[] = [];
    for (const f of funds) {
      if (f.blockers.length) {
        lines.push(`${f.ente} – fondo ${f.anno} (${display(f.path)}): il riparto non si può calcolare: prima vanno corretti gli errori in ${f.blockers.map(display).join(', ')} (qui sotto).`, '');
      } else lines.push(...fundReport(f.project!, previous, contentDir, f.anno));
    }
    const where = wanted.size ? ` di ${[...wanted].map((d) => path.relative(contentDir, d).split(path.sep).join('/')).join(', ')}` : '';
    if (!funds.length) lines.push(values.anno ? `Nessun fondo con posizioni${where} per l'anno ${values.anno}.` : `Nessun fondo con posizioni${where ? where : ' in content/'}.`);
    for (const line of lines) io.out(line);
    const involved = new Set(funds.flatMap((f) => [...f.closure, f.ente_yaml]));
    const inWanted = (d: Diagnostic) => [...wanted].some((w) => isInside(w, resolve(d.file)));
    const shown = funds.length ? loaded.diagnostics.filter((d) => involved.has(resolve(d.file))) : wanted.size ? loaded.diagnostics.filter(inWanted) : loaded.diagnostics;
    report(shown, io);
    noteOthers(loaded.diagnostics.filter((d) => !shown.includes(d)), io);
    return shown.some(isError) ? 1 : 0;
  }
  report(diagnostics, io);
  if (scope) {
    // What was named is not a dependency of itself: an ente.yaml, or the ente.yaml of a folder, named as such.
    const named = new Set(paths.flatMap((p) => [resolve(p), path.join(resolve(p), 'ente.yaml'), path.resolve(contentDir, p), path.join(path.resolve(contentDir, p), 'ente.yaml')]));
    const deps = new Set(diagnostics.filter((d) => isError(d) && !scope.files.has(resolve(d.file)) && !named.has(resolve(d.file))).map((d) => d.file));
    if (deps.size) io.err(`${[...deps].join(', ')}: ${deps.size === 1 ? 'è una dipendenza' : 'sono dipendenze'} di quanto indicato (schede dello stesso fondo, schede allegate, regolamento e allegati, configurazione e modelli dell'ente): ${deps.size === 1 ? 'va corretta' : 'vanno corrette'} prima.`);
    noteOthers(scope.others, io);
  }
  if (diagnostics.some(isError)) return 1;
  const docs = only ? only.size : docsOf.length;
  if (command === 'check') {
    // The registers of publications: chain intact, and every package in out/albo/ found in them.
    const { checkRegisters, registerFiles } = await import('./publish/register.js');
    const registers = await checkRegisters(scope ? loaded.projects.filter((p) => scope.entes.has(p.configPath)) : loaded.projects, outDir, display);
    report(registers, io);
    if (registers.some(isError)) return 1;
    const count = (await Promise.all((scope ? loaded.projects.filter((p) => scope.entes.has(p.configPath)) : loaded.projects).map((p) => registerFiles(p.dir)))).flat().length;
    io.out(`Controllo completato: ${docs} ${docs === 1 ? 'documento valido' : 'documenti validi'}${count ? `; ${count} ${count === 1 ? 'registro delle pubblicazioni integro' : 'registri delle pubblicazioni integri'}` : ''}.`);
    return 0;
  }
  const progress = io.tty
    ? (done: number, total: number, label: string) => io.err(`\r\x1b[2K[${done}/${total}] ${label}${done === total ? '\n' : ''}`)
    : undefined;
  const [{ renderOutputs }, { createRenderer }] = await Promise.all([import('./build/build.js'), import('./build/render-pool.js')]);
  // Rendered on every core; each file goes to the staging folder as soon as it is made, and out/ changes
  // only when all are there (src/build/commit.ts).
  const renderer = createRenderer();
  const staged = await stageBuild(outDir);
  // Ctrl-C: the staging folder goes, out/ stays as it was (or, during the switch, becomes the new one).
  if (direct && !interruptible) {
    interruptible = true;
    const terminal = direct;
    process.on('SIGINT', () => {
      const during = buildInProgress();
      if (!interruptBuild()) return;
      // Between two builds of `albo build --osserva` nothing is being written.
      terminal.err(during ? '\nInterrotto: nessun documento cambiato, quelli già in out/ restano com\'erano.' : '\nFermato.');
      process.exit(130);
    });
  }
  let result;
  try {
    result = await renderOutputs(scope ? loaded.projects.filter((p) => scope.entes.has(p.configPath)) : loaded.projects, {
      contentDir,
      outDir,
      templatesDir: resolve(values.modelli ?? 'templates'),
      version: version(),
      only,
      scope: scope?.closure,
      previous: values.forza ? undefined : await readManifest(outDir),
      display,
      onProgress: progress,
      renderer,
      sink: staged.write,
      fingerprint: fingerprint ? { chiave: fingerprint, sorgenti: docs, avvisi: reportLines(diagnostics) } : undefined,
    });
  } catch (e) {
    await staged.abort();
    throw e;
  } finally {
    await renderer.close();
  }
  await staged.commit();
  const { unchanged } = result;
  // The deadline each regenerated notice now prints: the officer checks it before signing.
  const written = new Set(result.written);
  for (const project of loaded.projects) {
    for (const doc of project.docs.filter((d) => d.kind.tipo === 'avviso')) {
      if (!written.has(path.join(outDir, path.relative(contentDir, doc.path)).replace(/\.md$/, '.pdf'))) continue;
      const d = doc.data as unknown as Avviso;
      const { avvisoTerms, describeTerms } = await import('./build/notice-report.js');
      const terms = avvisoTerms(d, project);
      io.out(`Avviso ${d.id}: ${terms ? describeTerms(terms, d.termine_giorni) : 'senza «pubblicazione: { dal: AAAA-MM-GG }» l\'atto non indica la data di scadenza delle domande'}.`);
    }
  }
  const sources = only?.size ?? docs;
  const count = result.written.filter((f) => path.basename(f) !== MANIFEST_FILE).length;
  if (result.unpaginated.length) {
    io.out(`Nota: LibreOffice (soffice) non è installato: l'indice dei DOCX (${[...new Set(result.unpaginated)].join('; ')}) non ha i numeri di pagina; Word li inserisce all'apertura, dopo averlo chiesto. Con LibreOffice installato albo li scrive nel file.`);
  }
  io.out(`Generati ${count} file in ${display(outDir)}/ da ${sources} ${sources === 1 ? 'sorgente' : 'sorgenti'}${unchanged.length ? ` (${unchanged.length} invariati, non riscritti)` : ''}.`);
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
    // Files and folders the user can fix: a sentence with the path, never a raw error code.
    const shown = (p: string) => {
      const rel = path.relative(io.cwd, p);
      return !rel ? '.' : leavesBase(rel) ? p : rel;
    };
    const environment = describeSystemError(e, shown);
    if (environment) {
      io.err(`albo: ${environment.message}`);
      if (environment.hint) io.err(`  suggerimento: ${environment.hint}`);
      io.err('Nessun documento cambiato: quelli già generati restano com\'erano.');
      return 1;
    }
    io.err(`albo: errore interno: ${(e as Error).message}`);
    if (process.env.ALBO_DEBUG) io.err(String((e as Error).stack));
    else io.err('(per i dettagli tecnici riesegui con ALBO_DEBUG=1)');
    io.err(`È un difetto di albo${(() => { try { return ` ${version()}`; } catch { return ''; } })()}, non dei sorgenti: segnalalo a chi cura albo con il comando eseguito e l'uscita di ALBO_DEBUG=1 (i sorgenti non sono stati modificati).`);
    return 2;
  }
}

/** The terminal's Io when albo runs as a program (not called by a test): then a build handles Ctrl-C. */
let direct: Io | undefined;
/** Whether Ctrl-C is handled already (a watching build builds many times in one process). */
let interruptible = false;

/**
 * `albo build --osserva`: builds, then builds again whenever a source, a configuration, a coat of arms or a
 * template changes, in this same process: the writers stay loaded and compiled by V8, so a card edited is
 * written in a fraction of what a new process takes (issue #20). Changes that come during a build make
 * one more build after it. Runs until Ctrl-C.
 */
async function watchBuild(argv: string[], io: Io, dirs: string[]): Promise<number> {
  const first = await run(argv, io);
  // No content folder to watch (the first build said why): nothing to wait for.
  if (!existsSync(dirs[0]!)) return first;
  const [{ watch }, { warmUpWriters }] = await Promise.all([import('chokidar'), import('./render/warm-up.js')]);
  let again = false;
  let timer: NodeJS.Timeout | undefined;
  const build = async (): Promise<void> => {
    do {
      again = false;
      await run(argv, io);
    } while (again);
    building = undefined;
  };
  // While it waits, both writers render a sample in this thread (where a save's few documents are written),
  // so that the first save is as fast as the next ones. A save meanwhile builds right after it. A failure
  // costs only speed: the build that needs the writer reports it.
  let building: Promise<void> | undefined = warmUpWriters()
    .catch(() => undefined)
    .then(() => {
      building = again ? build() : undefined;
    });
  const schedule = () => {
    clearTimeout(timer);
    // Editors save in several steps (a temporary file, a rename): one build for all of them.
    timer = setTimeout(() => {
      if (building) again = true;
      else building = build();
    }, 50);
  };
  const watcher = watch(dirs, {
    ignoreInitial: true,
    // Sources, configurations, templates and coats of arms; editors' swap and backup files are not.
    ignored: (p, stats) => Boolean(stats?.isFile()) && !/\.(md|ya?ml|hbs|png|jpe?g)$/i.test(p),
  });
  watcher.on('all', schedule);
  watcher.on('error', (e) => io.err(`albo build --osserva: errore nel controllo dei file: ${(e as Error).message}`));
  await new Promise<void>((resolve) => watcher.once('ready', () => resolve()));
  io.err(`In attesa di modifiche in ${dirs.map((d) => path.relative(io.cwd, d) || '.').join(' e ')} (Ctrl-C per fermare).`);
  // Until Ctrl-C (the build's handler leaves out/ whole and ends the process).
  return new Promise<number>(() => undefined);
}

const invokedDirectly = process.argv[1] && realpathSync(process.argv[1]) === fileURLToPath(import.meta.url);
if (invokedDirectly) {
  boundHeapGrowth();
  // `albo fondo | head`: a reader that stops early is not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    throw e;
  });
  const io: Io = {
    out: (s) => process.stdout.write(s + '\n'),
    err: (s) => process.stderr.write(s.startsWith('\r') ? s : s + '\n'),
    cwd: process.cwd(),
    tty: Boolean(process.stderr.isTTY) && !process.env.CI,
  };
  direct = io;
  process.exitCode = await run(process.argv.slice(2), io);
  if (interruptedDuringSwitch()) process.exitCode = 130;
}
