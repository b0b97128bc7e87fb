/**
 * npm run bench [-- --schede N]: renders the shipped content and N synthetic cards, and prints cards per
 * second for PDF and DOCX, the whole build time and, when pandoc is installed, pandoc's time to convert
 * the same card Markdown to DOCX in the same run, as a ratio. Timings are wall-clock medians of 3 runs.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { crossCheck, loadProjects } from '../src/build/project.js';
import { run } from '../src/cli.js';
import type { Doc } from '../src/kinds/kind.js';
import { combineDocuments, renderDocument, type RenderedDocument } from '../src/render/document.js';
import { renderDocx } from '../src/render/docx/index.js';
import { packageRoot } from '../src/render/fonts.js';
import { renderPdf } from '../src/render/pdf/index.js';
import { compileTemplate } from '../src/render/template.js';
import { taggingCost } from './tagging-cost.js';

const { values } = parseArgs({ options: { schede: { type: 'string', default: process.env.BENCH_N ?? '100' } } });
const N = Number(values.schede);
const root = packageRoot();
const tmp = mkdtempSync(path.join(tmpdir(), 'albo-bench-'));

async function time(fn: () => Promise<unknown> | unknown, runs = 3): Promise<number> {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t = performance.now();
    await fn();
    samples.push(performance.now() - t);
  }
  return samples.sort((a, b) => a - b)[Math.floor(runs / 2)]!;
}

const loaded = await loadProjects(path.join(root, 'content'));
const project = loaded.projects.find((p) => p.docs.some((d) => d.kind.tipo === 'scheda'));
if (!project) throw new Error('content/ non valido o senza schede: esegui "albo check"');
const template = compileTemplate(readFileSync(path.join(root, 'templates', 'scheda.md.hbs'), 'utf8'), 'templates/scheda.md.hbs');
const cards = project.docs.filter((d) => d.kind.tipo === 'scheda');

// N synthetic cards: the shipped ones, renamed, with scores varied within their ranges.
const synthetic: Doc[] = Array.from({ length: N }, (_, i) => {
  const base = cards[i % cards.length]!;
  const data = base.data as { titolo: string; punteggi: Record<string, number> };
  const punteggi = Object.fromEntries(Object.entries(data.punteggi).map(([k, v]) => [k, Math.max(1, v - (i % 3))]));
  return { ...base, data: { ...base.data, id: `sintetica-${i + 1}`, titolo: `${data.titolo} (${i + 1})`, punteggi } };
});
// The synthetic cards share the 2024 fund with the real ones (its total check may fail: not measured here).
const benchProject = crossCheck(project.config, [...project.docs, ...synthetic], project.dir, project.configPath).project;
const trees: RenderedDocument[] = synthetic.map((d) => renderDocument(d, benchProject, template));

const tTemplate = await time(() => synthetic.map((d) => renderDocument(d, benchProject, template)));
const tPdf = await time(async () => { for (const t of trees) await renderPdf(t); });
const tDocx = await time(async () => { for (const t of trees) await renderDocx(t); });
const errors: string[] = [];
const silent = { out: () => {}, err: (s: string) => void errors.push(s), cwd: root, tty: false };
const build = (...flags: string[]) => async () => {
  const code = await run(['build', '--uscita', path.join(tmp, 'out'), ...flags], silent);
  if (code !== 0) throw new Error(`build: uscita ${code}\n${errors.join('\n')}`);
};
const sources = loaded.projects.reduce((n, p) => n + p.docs.length, 0);
const tBuild = await time(build('--forza'));
const tIncremental = await time(build());

const rate = (ms: number) => (N / (ms / 1000)).toFixed(1);
console.log(`albo bench: ${N} schede sintetiche + content/ (${sources} sorgenti); mediana di 3 esecuzioni`);
console.log(`  modello -> albero:  ${tTemplate.toFixed(0)} ms  (${rate(tTemplate)} schede/s)`);
console.log(`  PDF:                ${tPdf.toFixed(0)} ms  (${rate(tPdf)} schede/s)`);
console.log(`  DOCX:               ${tDocx.toFixed(0)} ms  (${rate(tDocx)} schede/s)`);
console.log(`  albo build di content/ (${sources} sorgenti), tutto rigenerato: ${tBuild.toFixed(0)} ms`);
console.log(`  albo build di content/ senza modifiche (nessun file riscritto): ${tIncremental.toFixed(0)} ms`);

// Each whole regulation of content/ (text in force, without appendices): tree, PDF and DOCX.
for (const p of loaded.projects) {
  for (const doc of p.docs.filter((d) => d.kind.tipo === 'regolamento')) {
    const regTemplate = compileTemplate(readFileSync(path.join(root, 'templates', doc.kind.template), 'utf8'), `templates/${doc.kind.template}`);
    const render = () => renderDocument(doc, p, regTemplate, {}, 'vigente');
    const tree = render();
    // Article headings start with the label applyStructure writes: "Art. 12 – ".
    const articles = JSON.stringify(tree.tree).match(/"value":"Art\. \d+/g)?.length ?? 0;
    const tTree = await time(render);
    let pages = 0;
    const tRegPdf = await time(async () => {
      const bytes = await renderPdf(render());
      pages = (Buffer.from(bytes).toString('latin1').match(/\/Type\s*\/Page\b/g) ?? []).length;
    });
    const tRegDocx = await time(() => renderDocx(render()));
    console.log(
      `  regolamento ${path.relative(path.join(root, 'content'), doc.source.file)} (${articles} articoli, ${pages} pagine): albero ${tTree.toFixed(0)} ms, PDF ${tRegPdf.toFixed(0)} ms, DOCX ${tRegDocx.toFixed(0)} ms`,
    );
  }
}

// What the accessible PDF costs: the cards and every regulation, tagged and untagged.
await taggingCost(`${N} schede`, trees);
for (const p of loaded.projects) {
  for (const doc of p.docs.filter((d) => d.kind.tipo === 'regolamento')) {
    const regTemplate = compileTemplate(readFileSync(path.join(root, 'templates', doc.kind.template), 'utf8'), `templates/${doc.kind.template}`);
    await taggingCost(`regolamento ${path.relative(path.join(root, 'content'), doc.source.file)}`, [renderDocument(doc, p, regTemplate, {}, 'vigente')]);
  }
}

const pandoc = spawnSync('pandoc', ['--version']).status === 0;
if (pandoc) {
  const files = trees.map((t, i) => {
    const f = path.join(tmp, `scheda-${i}.md`);
    writeFileSync(f, t.markdown);
    return f;
  });
  const all = path.join(tmp, 'tutte.md');
  writeFileSync(all, trees.map((t) => t.markdown).join('\n\n'));
  const tPandocEach = await time(() => files.forEach((f) => execFileSync('pandoc', ['-f', 'gfm', '-t', 'docx', '-o', f + '.docx', f])), 1);
  const tPandocBatch = await time(() => execFileSync('pandoc', ['-f', 'gfm', '-t', 'docx', '-o', all + '.docx', all]));
  const combined = combineDocuments(trees, trees[0]!.meta);
  const tDocxBatch = await time(() => renderDocx(combined));
  console.log(`  pandoc ${execFileSync('pandoc', ['--version'], { encoding: 'utf8' }).split('\n')[0]!.split(' ')[1]}, stessa Markdown -> DOCX:`);
  console.log(`    una scheda per processo: ${tPandocEach.toFixed(0)} ms (${rate(tPandocEach)} schede/s); albo DOCX / pandoc = ${(tDocx / tPandocEach).toFixed(2)}x il tempo`);
  console.log(`    ${N} schede in un documento: pandoc ${tPandocBatch.toFixed(0)} ms, albo ${tDocxBatch.toFixed(0)} ms; albo / pandoc = ${(tDocxBatch / tPandocBatch).toFixed(2)}x il tempo`);
} else {
  console.log('  pandoc non installato: confronto saltato (apt-get install pandoc)');
}
rmSync(tmp, { recursive: true, force: true });
