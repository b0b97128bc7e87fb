import path from 'node:path';
import { packageRoot } from '../package-root.js';

export { packageRoot };

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
