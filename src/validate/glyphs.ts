import type { Root } from 'mdast';
import type { Diagnostic } from '../diagnostics.js';
import { locate, type YamlSource } from '../load/source.js';
import { describeChar, hasGlyph, missingGlyphs } from '../render/glyphs.js';

const HINT = 'il carattere del documento (Titillium Web) non ha questo segno: sostituiscilo (es. "->" per una freccia, "x" per una spunta)';

/** Characters of a source (frontmatter strings and body) that the document font cannot draw. */
export function glyphDiagnostics(source: YamlSource, body: Root): Diagnostic[] {
  const out: Diagnostic[] = [];
  const visit = (value: unknown, path: PropertyKey[]) => {
    if (typeof value === 'string') {
      const bad = [...new Set([...value].filter((ch) => !hasGlyph(ch)))];
      if (bad.length) {
        out.push({ file: source.file, ...locate(source, path), severity: 'errore', message: `caratteri non stampabili con il font del documento: ${bad.map(describeChar).join(', ')}`, hint: HINT });
      }
    } else if (Array.isArray(value)) value.forEach((v, i) => visit(v, [...path, i]));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) visit(v, [...path, k]);
  };
  visit(source.data, []);
  for (const m of missingGlyphs(body)) {
    out.push({ file: source.file, line: m.line, column: m.column, severity: 'errore', message: `carattere non stampabile con il font del documento: ${describeChar(m.char)}`, hint: HINT });
  }
  return out;
}
