/**
 * npm run bench [-- --sizes 50,500,2000] [--pandoc-sample 500]
 *
 * For each size N, one synthetic ente with N cards (the shipped 2024 cards of Capannori, renamed) and
 * a fund shared in proportion to the weights, measured in this one run, each albo command as its own
 * process (as an office runs it):
 *   - albo build, all cores, from an empty out/; albo build on one core (ALBO_THREADS=1);
 *   - pandoc on the same Markdown albo's writers receive: DOCX one process per file, and all N in one batch;
 *   - no-op build; one-card edit; a fund change that changes every pay;
 *   - peak memory (maximum resident set of the build process, with its worker threads);
 *   - per card on one core, in this process: PDF and DOCX writers alone, against pandoc's per-file time.
 * Then `albo check` of one card of the shipped content against `node -e 0`, the ratios the issue asks
 * for, and how the time per card grows with N. Pandoc's per-file time is measured on at most
 * --pandoc-sample files and scaled to N (each file is its own process: the cost is per file).
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { loadProjects } from '../src/build/project.js';
import type { Doc } from '../src/kinds/kind.js';
import { renderDocument, type RenderedDocument } from '../src/render/document.js';
import { renderDocx } from '../src/render/docx/index.js';
import { packageRoot } from '../src/package-root.js';
import { renderPdf } from '../src/render/pdf/index.js';
import { compileTemplate } from '../src/render/template.js';
import { taggingCost } from './tagging-cost.js';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: process.env.BENCH_SIZES ?? '50,500,2000' },
    'pandoc-sample': { type: 'string', default: '500' },
  },
});
const SIZES = values.sizes.split(',').map(Number).filter((n) => Number.isInteger(n) && n > 0);
const SAMPLE = Number(values['pandoc-sample']);
const root = packageRoot();
const CLI = path.join(root, 'dist', 'albo', 'cli.js');
const tmp = mkdtempSync(path.join(tmpdir(), 'albo-bench-'));
const hasTime = existsSync('/usr/bin/time');
const pandoc = spawnSync('pandoc', ['--version'], { encoding: 'utf8' });
const hasPandoc = pandoc.status === 0;

interface Run {
  s: number;
  /** Peak resident memory in MB, when /usr/bin/time is there. */
  mb?: number;
  out: string;
}

/** One albo command as its own process: wall time and peak memory. */
function albo(args: string[], env: Record<string, string> = {}): Run {
  const cmd = hasTime ? '/usr/bin/time' : process.execPath;
  const argv = hasTime ? ['-f', 'BENCH %e %M', process.execPath, CLI, ...args] : [CLI, ...args];
  const t = performance.now();
  const r = spawnSync(cmd, argv, { cwd: root, encoding: 'utf8', env: { ...process.env, CI: 'true', ...env }, maxBuffer: 1 << 28 });
  const s = (performance.now() - t) / 1000;
  if (r.status !== 0) throw new Error(`albo ${args.join(' ')}: uscita ${r.status}\n${r.stderr}`);
  const m = /BENCH ([\d.]+) (\d+)/.exec(r.stderr);
  return { s, mb: m ? Number(m[2]) / 1024 : undefined, out: r.stdout.trim() };
}

function median(fn: () => number, runs: number): number {
  const samples = Array.from({ length: runs }, fn).sort((a, b) => a - b);
  return samples[Math.floor(runs / 2)]!;
}

const fmt = (n: number, digits = 2) => n.toLocaleString('it-IT', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const ratio = (a: number, b: number) => `${fmt(a / b)}×`;

// The cards of the synthetic ente: the shipped ones, as text, with their own ids and titles.
const shipped = path.join(root, 'content', 'capannori');
const cardDir = path.join(shipped, '2024', 'schede');
const cardSources = readdirSync(cardDir).filter((f) => f.endsWith('.md')).sort().map((f) => readFileSync(path.join(cardDir, f), 'utf8'));
const fund = (importo: number) =>
  `---\ntipo: fondo\nid: fondo-2024\nanno: 2024\nimporto: ${importo}\nprovenienza: "Fondo sintetico del bench"\nregola:\n  tipo: proporzionale\n---\n`;

function syntheticEnte(n: number): string {
  const dir = path.join(tmp, `ente-${n}`);
  const ente = path.join(dir, 'content', 'sintetico');
  mkdirSync(path.join(ente, '2024', 'schede'), { recursive: true });
  cpSync(path.join(shipped, 'ente.yaml'), path.join(ente, 'ente.yaml'));
  // The letterhead's coat of arms that ente.yaml names: every document prints it on its first page.
  cpSync(path.join(shipped, 'stemma.png'), path.join(ente, 'stemma.png'));
  // About € 2.000 per card: below the contract's maximum, and a change of the amount changes every pay.
  writeFileSync(path.join(ente, '2024', 'fondo-2024.md'), fund(n * 2000));
  for (let i = 0; i < n; i++) {
    const text = cardSources[i % cardSources.length]!
      .replace(/^id: .*$/m, `id: sintetica-${i + 1}`)
      .replace(/^titolo: "?(.*?)"?$/m, (_all, t: string) => `titolo: "${t} (${i + 1})"`);
    writeFileSync(path.join(ente, '2024', 'schede', `sintetica-${String(i + 1).padStart(4, '0')}.md`), text);
  }
  return dir;
}

/** The Markdown albo's writers receive for each card (and its tree, for the per-card timings). */
async function trees(dir: string): Promise<RenderedDocument[]> {
  const loaded = await loadProjects(path.join(dir, 'content'));
  const project = loaded.projects[0];
  if (!project) throw new Error(`contenuto sintetico non valido:\n${loaded.diagnostics.map((d) => d.message).join('\n')}`);
  const template = compileTemplate(readFileSync(path.join(root, 'templates', 'scheda.md.hbs'), 'utf8'), 'templates/scheda.md.hbs');
  return project.docs.filter((d: Doc) => d.kind.tipo === 'scheda').map((d) => renderDocument(d, project, template));
}

/**
 * `albo build --osserva` on the synthetic ente: seconds from writing a card to the build's summary line,
 * for the first edit (writers still cold in that process) and the median of the next ones.
 */
async function watchedEdits(content: string, out: string, card: string, edits: number): Promise<{ first: number; next: number }> {
  const child = spawn(process.execPath, [CLI, 'build', '--osserva', '--contenuti', content, '--uscita', out], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: 'true' } });
  let text = '';
  child.stdout.on('data', (b: Buffer) => (text += b.toString()));
  child.stderr.on('data', (b: Buffer) => (text += b.toString()));
  const until = (test: () => boolean) =>
    new Promise<void>((resolve, reject) => {
      const started = Date.now();
      const poll = () => (test() ? resolve() : Date.now() - started > 600_000 ? reject(new Error(`albo build --osserva:\n${text}`)) : setTimeout(poll, 2));
      poll();
    });
  const summaries = () => text.match(/Generati \d+ file/g)?.length ?? 0;
  try {
    await until(() => text.includes('In attesa di modifiche'));
    // An office saves some seconds after starting it, not at once: meanwhile the writers warm up.
    await new Promise((r) => setTimeout(r, 3000));
    const times: number[] = [];
    for (let i = 0; i < edits; i++) {
      const before = summaries();
      const t = performance.now();
      writeFileSync(card, readFileSync(card, 'utf8').replace(/\n\nFrase aggiunta dal bench[^\n]*\n/, `\n\nFrase aggiunta dal bench (osservazione ${i + 1}).\n`));
      await until(() => summaries() > before);
      times.push((performance.now() - t) / 1000);
      await new Promise((r) => setTimeout(r, 200));
    }
    const rest = times.slice(1).sort((a, b) => a - b);
    return { first: times[0]!, next: rest[Math.floor(rest.length / 2)]! };
  } finally {
    child.kill('SIGINT');
    await new Promise((r) => child.once('close', r));
  }
}

interface Row {
  n: number;
  /** One card edited while `albo build --osserva` runs: the first edit, and the median of the next. */
  watched: { first: number; next: number };
  full: Run;
  single: Run;
  noop: Run;
  edit: Run;
  fundChange: Run;
  pdfCard: number;
  docxCard: number;
  pandocEach?: number;
  pandocSampled?: number;
  pandocBatch?: number;
}

const rows: Row[] = [];
console.log(`albo bench: ${SIZES.join(', ')} schede sintetiche; ${availableParallelism()} core; carico all'inizio ${loadavg().map((l) => fmt(l)).join(' ')}`);
console.log(hasPandoc ? `pandoc: ${pandoc.stdout.split('\n')[0]}` : 'pandoc non installato: colonne di pandoc saltate (apt-get install pandoc)');
if (!hasTime) console.log('/usr/bin/time assente: memoria di picco non misurata');

for (const n of SIZES) {
  const dir = syntheticEnte(n);
  const content = path.join(dir, 'content');
  const out = (name: string) => path.join(dir, name);
  const build = (o: string, env?: Record<string, string>, ...more: string[]) => albo(['build', '--contenuti', content, '--uscita', o, ...more], env);
  const single = build(out('out-uno'), { ALBO_THREADS: '1' });
  rmSync(out('out-uno'), { recursive: true, force: true });
  const full = build(out('out'));
  const noop = build(out('out'));
  // One card's text changes: that card's two files (and the manifest) are rewritten.
  const card = path.join(content, 'sintetico', '2024', 'schede', 'sintetica-0001.md');
  writeFileSync(card, readFileSync(card, 'utf8').replace('## Bisogno organizzativo\n', '## Bisogno organizzativo\n\nFrase aggiunta dal bench.\n'));
  const edit = build(out('out'));
  // A new amount: every pay changes, so every card is rewritten.
  writeFileSync(path.join(content, 'sintetico', '2024', 'fondo-2024.md'), fund(n * 2100));
  const fundChange = build(out('out'));
  const watched = await watchedEdits(content, out('out'), card, 5);
  for (const [what, r, expected] of [
    ['modifica di una scheda', edit, 2],
    ['cambio del fondo', fundChange, 2 * n + 5], // cards, summary (PDF, DOCX, CSV), funzionigramma
  ] as const) {
    const written = Number(/Generati (\d+) file/.exec(r.out)?.[1]);
    if (written !== expected) console.log(`  attenzione: ${what}: ${written} file riscritti, attesi ${expected}`);
  }

  // Per card on one core, in this process, fonts already loaded (as in a build's worker).
  const docs = await trees(dir);
  const sample = docs.slice(0, Math.min(docs.length, 50));
  await renderPdf(sample[0]!);
  await renderDocx(sample[0]!);
  let t = performance.now();
  for (const d of sample) await renderPdf(d);
  const pdfCard = (performance.now() - t) / sample.length / 1000;
  t = performance.now();
  for (const d of sample) await renderDocx(d);
  const docxCard = (performance.now() - t) / sample.length / 1000;

  const row: Row = { n, full, single, noop, edit, watched, fundChange, pdfCard, docxCard };
  if (hasPandoc) {
    const md = path.join(dir, 'md');
    mkdirSync(md);
    const files = docs.map((d, i) => {
      const f = path.join(md, `scheda-${i}.md`);
      writeFileSync(f, d.markdown);
      return f;
    });
    const measured = files.slice(0, Math.min(files.length, SAMPLE));
    t = performance.now();
    for (const f of measured) execFileSync('pandoc', ['-f', 'gfm', '-t', 'docx', '-o', f + '.docx', f]);
    row.pandocEach = ((performance.now() - t) / 1000) * (files.length / measured.length);
    row.pandocSampled = measured.length;
    const all = path.join(md, 'tutte.md');
    writeFileSync(all, docs.map((d) => d.markdown).join('\n\n'));
    t = performance.now();
    execFileSync('pandoc', ['-f', 'gfm', '-t', 'docx', '-o', all + '.docx', all]);
    row.pandocBatch = (performance.now() - t) / 1000;
  }
  rows.push(row);
  rmSync(dir, { recursive: true, force: true });

  const mb = (r: Run) => (r.mb === undefined ? '' : `, picco ${fmt(r.mb, 0)} MB`);
  console.log(`\n${n} schede (carico ${fmt(loadavg()[0]!)})`);
  console.log(`  albo build, tutti i core:        ${fmt(full.s)} s (${fmt((full.s / n) * 1000, 1)} ms a scheda${mb(full)})`);
  console.log(`  albo build, un core:             ${fmt(single.s)} s (${fmt((single.s / n) * 1000, 1)} ms a scheda${mb(single)})`);
  if (row.pandocEach !== undefined) {
    const note = row.pandocSampled! < n ? ` (misurato su ${row.pandocSampled} file, in proporzione)` : '';
    console.log(`  pandoc DOCX, un processo a file: ${fmt(row.pandocEach)} s${note}; albo / pandoc = ${ratio(full.s, row.pandocEach)}`);
    console.log(`  pandoc, tutte in un documento:   ${fmt(row.pandocBatch!)} s; albo / pandoc = ${ratio(full.s, row.pandocBatch!)}`);
  }
  console.log(`  senza modifiche:                 ${fmt(noop.s)} s${mb(noop)}`);
  console.log(`  una scheda modificata:           ${fmt(edit.s)} s${mb(edit)}`);
  console.log(`  fondo cambiato (ogni retribuzione): ${fmt(fundChange.s)} s${mb(fundChange)}`);
  console.log(`  una scheda modificata con albo build --osserva: la prima ${fmt(watched.first)} s, le successive ${fmt(watched.next)} s (mediana di 4)`);
  const perPandoc = row.pandocEach !== undefined ? row.pandocEach / n : undefined;
  console.log(
    `  per scheda su un core: PDF ${fmt(pdfCard * 1000, 1)} ms, DOCX ${fmt(docxCard * 1000, 1)} ms` +
      (perPandoc ? `; pandoc ${fmt(perPandoc * 1000, 1)} ms a file: PDF ${ratio(pdfCard, perPandoc)}, DOCX ${ratio(docxCard, perPandoc)}` : ''),
  );
}

// albo check of one card of the shipped content, against node's own start.
const oneCard = path.join('content', 'capannori', '2024', 'schede', 'coordinamento-stato-civile.md');
const timed = (cmd: string, args: string[]) => () => {
  const t = performance.now();
  spawnSync(cmd, args, { cwd: root, env: { ...process.env, CI: 'true' } });
  return (performance.now() - t) / 1000;
};
const node0 = median(timed(process.execPath, ['-e', '0']), 5);
const check = median(timed(process.execPath, [CLI, 'check', oneCard]), 5);
console.log(`\nalbo check di una scheda (${oneCard}): ${fmt(check)} s; node -e 0: ${fmt(node0)} s; ${ratio(check, node0)}`);
// The office's case: the card was just edited, so its text is new to albo (the other sources are not).
const copy = path.join(tmp, 'contenuto-spedito');
cpSync(path.join(root, 'content'), path.join(copy, 'content'), { recursive: true });
let edits = 0;
const checkEdited = median(() => {
  const card = path.join(copy, oneCard);
  writeFileSync(card, readFileSync(card, 'utf8').replace('## Bisogno organizzativo\n', `## Bisogno organizzativo\n\nModifica ${++edits} del ${new Date().toISOString()}.\n`));
  const t = performance.now();
  spawnSync(process.execPath, [CLI, 'check', oneCard], { cwd: copy, env: { ...process.env, CI: 'true' } });
  return (performance.now() - t) / 1000;
}, 5);
console.log(`albo check della stessa scheda appena modificata: ${fmt(checkEdited)} s; ${ratio(checkEdited, node0)}`);
for (const r of rows) {
  console.log(`${r.n} schede: senza modifiche ${ratio(r.noop.s, node0)} node -e 0; una scheda modificata ${ratio(r.edit.s, node0)}; con --osserva ${ratio(r.watched.first, node0)} la prima, ${ratio(r.watched.next, node0)} le successive`);
}
if (rows.length > 1) {
  const first = rows[0]!;
  const last = rows[rows.length - 1]!;
  const per = (r: Row) => r.full.s / r.n;
  console.log(`\ncrescita: tempo a scheda (tutti i core) a ${last.n} / a ${first.n} = ${ratio(per(last), per(first))}; un core: ${ratio(last.single.s / last.n, first.single.s / first.n)}`);
}

// What the accessible PDF costs (issue 18): the shipped cards and every regulation, tagged and untagged.
console.log('\nmarcatura dei PDF (accessibilità), nello stesso processo:');
{
  const shippedContent = await loadProjects(path.join(root, 'content'));
  const cards: RenderedDocument[] = [];
  for (const p of shippedContent.projects) {
    for (const d of p.docs) {
      const t = compileTemplate(readFileSync(path.join(root, 'templates', d.kind.template), 'utf8'), `templates/${d.kind.template}`);
      if (d.kind.tipo === 'scheda') cards.push(renderDocument(d, p, t));
      if (d.kind.tipo === 'regolamento') await taggingCost(`regolamento ${path.relative(path.join(root, 'content'), d.source.file)}`, [renderDocument(d, p, t, {}, 'vigente')]);
    }
  }
  await taggingCost(`${cards.length} schede del contenuto di esempio`, cards);
}
console.log(`carico alla fine: ${loadavg().map((l) => fmt(l)).join(' ')}`);
rmSync(tmp, { recursive: true, force: true });
