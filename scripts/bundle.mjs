// Bundles the compiled CLI (dist/src/, from tsc) into dist/albo/: node loads one file per command path
// instead of about 370 small modules (zod alone is 95 files), which was most of what `albo check` of one
// card cost (issue #20). Code split at each dynamic import, so a command still loads only what it needs.
// The writers' libraries stay outside: albo patches pdfmake and pdfkit through their own module files
// (src/render/pdf/*.ts), which must be the very modules pdfmake loads; piscina starts its workers by path.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const outdir = path.join(root, 'dist', 'albo');
export const EXTERNAL = ['pdfmake', 'pdfkit', 'fontkit', 'docx', 'piscina', 'chokidar', 'playwright-core'];

function sha256(files) {
  const hash = createHash('sha256');
  for (const f of files) hash.update(`${path.relative(root, f)}\0`).update(readFileSync(f)).update('\0');
  return hash.digest('hex');
}
const fonts = () => readdirSync(path.join(root, 'assets', 'fonts'), { recursive: true }).filter((f) => /\.[ot]tf$/i.test(f)).sort().map((f) => path.join(root, 'assets', 'fonts', f));
const modules = (dir) => readdirSync(dir, { recursive: true }).filter((f) => f.endsWith('.js')).sort().map((f) => path.join(dir, f));

rmSync(outdir, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: { cli: 'dist/src/cli.js', 'render-worker': 'dist/src/build/render-worker.js' },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Chunks next to the entries: render-pool.ts finds the worker as ./render-worker.js from its own chunk.
  chunkNames: '[name]-[hash]',
  external: EXTERNAL.flatMap((p) => [p, `${p}/*`]),
  alias: { 'js-yaml': './scripts/js-yaml-unused.cjs' },
  // CommonJS packages bundled into ES modules still call require() for node's own modules.
  banner: { js: "import { createRequire as __alboRequire } from 'node:module'; const require = __alboRequire(import.meta.url);" },
  // The tree cache's key names the Markdown parser's code, which is inside a chunk once bundled.
  define: {
    __ALBO_MARKDOWN_HASH__: JSON.stringify(sha256([path.join(root, 'dist/src/render/markdown.js')])),
    // Which albo: every compiled module, the installed packages and the fonts (a source's glyphs are
    // checked against them). Results kept between runs (src/load/result-cache.ts) are valid only for the
    // albo that computed them.
    __ALBO_CODE_HASH__: JSON.stringify(sha256([...modules(path.join(root, 'dist/src')), path.join(root, 'package-lock.json'), ...fonts()])),
  },
  metafile: true,
  legalComments: 'none',
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});
// Which library ended up in which chunk: test/incremental.test.ts reads it to tell what a command loaded.
writeFileSync(path.join(outdir, 'meta.json'), JSON.stringify(result.metafile));
