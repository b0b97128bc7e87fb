// Prints the mutation score of each group from the committed StrykerJS results (test/mutation/incremental-*.json),
// per folder and in total, against the targets of issue #21: 95 % for pay, 85 % for the rest.
// `npm run mutation:score`; `-- --files` lists every file, `-- --survivors` every survivor and uncovered mutant,
// `-- --unreviewed` those on a line no row of test/mutation/equivalent-mutants.md names (each needs a row, or a test).
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const GROUPS = [
  ['pay', 95],
  ['writers', 85],
  ['sources', 85],
  ['pipeline', 85],
  ['project', 85],
];
const args = new Set(process.argv.slice(2));
const pct = (c) => (c.total ? ((100 * c.detected) / c.total).toFixed(2).replace('.', ',') + ' %' : '—');
const count = () => ({ detected: 0, survived: 0, uncovered: 0, total: 0 });
const add = (c, m) => {
  if (m.status === 'Killed' || m.status === 'Timeout') c.detected++;
  else if (m.status === 'Survived') c.survived++;
  else if (m.status === 'NoCoverage') c.uncovered++;
  else return;
  c.total++;
};
// Lines the review table names: «`src/x.ts:12, 40`» names lines 12 and 40 of src/x.ts («`src/x.ts:12:5`», line 12).
const reviewed = new Set();
const table = path.join(root, 'test', 'mutation', 'equivalent-mutants.md');
if (existsSync(table)) {
  for (const m of readFileSync(table, 'utf8').matchAll(/`(src\/[^`:]+):([\d:, ]+)`/g)) {
    for (const line of m[2].split(',')) reviewed.add(`${m[1]}:${line.trim().split(':')[0]}`);
  }
}
let unreviewed = 0;
const all = count();
const rows = [];
for (const [group, target] of GROUPS) {
  const file = path.join(root, 'test', 'mutation', `incremental-${group}.json`);
  if (!existsSync(file)) continue;
  const { files } = JSON.parse(readFileSync(file, 'utf8'));
  const g = count();
  const folders = new Map();
  for (const [name, f] of Object.entries(files).sort(([a], [b]) => a.localeCompare(b))) {
    const folder = args.has('--files') ? name : path.dirname(name);
    if (!folders.has(folder)) folders.set(folder, count());
    for (const m of f.mutants) {
      add(g, m);
      add(all, m);
      add(folders.get(folder), m);
      const open = m.status === 'Survived' || m.status === 'NoCoverage';
      if (open && !reviewed.has(`${name}:${m.location.start.line}`)) unreviewed++;
      if (open && (args.has('--survivors') || (args.has('--unreviewed') && !reviewed.has(`${name}:${m.location.start.line}`)))) {
        console.log(`${name}:${m.location.start.line}:${m.location.start.column} ${m.mutatorName} ${m.status === 'Survived' ? 'sopravvissuto' : 'non coperto'}: ${String(m.replacement ?? '').replace(/\s+/g, ' ').slice(0, 80)}`);
      }
    }
  }
  rows.push([`${group} (obiettivo ${target} %)`, g, g.total && (100 * g.detected) / g.total >= target ? 'raggiunto' : 'NON raggiunto']);
  for (const [folder, c] of folders) rows.push([`  ${folder}`, c, '']);
}
rows.push(['totale', all, '']);
const width = Math.max(...rows.map(([n]) => n.length));
console.log(`${'gruppo / cartella'.padEnd(width)}  punteggio  rilevati  sopravvissuti  non coperti`);
for (const [name, c, verdict] of rows) {
  console.log(`${name.padEnd(width)}  ${pct(c).padStart(9)}  ${String(c.detected).padStart(8)}  ${String(c.survived).padStart(13)}  ${String(c.uncovered).padStart(11)}  ${verdict}`);
}
console.log(`sopravvissuti e non coperti su righe che la tabella di revisione (test/mutation/equivalent-mutants.md) non nomina: ${unreviewed}`);
