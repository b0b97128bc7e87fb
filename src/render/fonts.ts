import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

/** The repository root, found from this module (src/ when tested, dist/src/ when built). */
export function packageRoot(): string {
  let dir = path.dirname(fileURLToPath(import.meta.url));
  while (!existsSync(path.join(dir, 'package.json'))) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error('package.json non trovato');
    dir = up;
  }
  return dir;
}

export const FONT_FAMILY = 'Titillium Web';

/** TTF files only: pdfmake renders WOFF2 as blank pages without an error. */
export function fontFiles(): Record<'normal' | 'bold' | 'italics' | 'bolditalics', string> {
  const dir = path.join(packageRoot(), 'assets', 'fonts', 'titillium-web');
  const files = {
    normal: path.join(dir, 'TitilliumWeb-Regular.ttf'),
    bold: path.join(dir, 'TitilliumWeb-Bold.ttf'),
    italics: path.join(dir, 'TitilliumWeb-Italic.ttf'),
    bolditalics: path.join(dir, 'TitilliumWeb-BoldItalic.ttf'),
  };
  for (const f of Object.values(files)) if (!f.endsWith('.ttf')) throw new Error(`font non TTF: ${f}`);
  return files;
}
