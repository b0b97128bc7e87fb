// Regenerates the README's page images (docs/img/*.png) from the shipped content: builds it into a
// temporary folder, then renders the first page of a few documents with poppler's pdftoppm at 60 dpi.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const pages = [
  ['avviso', 'capannori/2024/avviso-servizi-al-cittadino.pdf', 1],
  ['scheda', 'capannori/2024/schede/coordinamento-stato-civile.pdf', 1],
  ['regolamento', 'issa-biella/regolamento-uffici-servizi.pdf', 1],
  ['avviso-carta-intestata-completa', 'esempio-importi-fissi/2025/avviso-2025.pdf', 1],
];
const tmp = mkdtempSync(path.join(tmpdir(), 'albo-immagini-'));
try {
  const out = path.join(tmp, 'out');
  execFileSync(process.execPath, [path.join(root, 'dist/albo/cli.js'), 'build', '--uscita', out], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const dir = path.join(root, 'docs', 'img');
  mkdirSync(dir, { recursive: true });
  for (const [name, pdf, page] of pages) {
    const prefix = path.join(tmp, name);
    execFileSync('pdftoppm', ['-png', '-r', '60', '-f', String(page), '-l', String(page), '-singlefile', path.join(out, pdf), prefix]);
    renameSync(`${prefix}.png`, path.join(dir, `${name}.png`));
    console.log(`docs/img/${name}.png ← ${pdf}, pagina ${page}`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
