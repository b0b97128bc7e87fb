import type { Heading, Root } from 'mdast';
import { toString } from 'mdast-util-to-string';
import type { Diagnostic } from '../diagnostics.js';
import { didYouMean } from './zod-issues.js';

export interface SectionSpec {
  key: string;
  heading: string;
  required: boolean;
}

export interface Section {
  markdown: string;
  /** Line of the section's heading. */
  line: number;
  /** Line where `markdown` starts in the file. */
  startLine: number;
}

const norm = (s: string) => s.trim().toLowerCase().replace(/\s+/g, ' ');

/**
 * Splits a body into its `## ` sections by the kind's fixed headings. The text of each section is the
 * source slice (Markdown as the author wrote it), so it re-enters the template untouched.
 */
export function splitSections(
  tree: Root,
  body: string,
  specs: readonly SectionSpec[],
  file: string,
  bodyLine: number,
): { sections: Record<string, Section>; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const sections: Record<string, Section> = {};
  const headings = tree.children.filter((n): n is Heading => n.type === 'heading' && n.depth === 2).map((node) => ({ node }));
  const first = tree.children[0];
  if (first && (headings.length === 0 || first !== headings[0]!.node)) {
    diagnostics.push({
      file,
      line: first.position?.start.line,
      column: first.position?.start.column,
      severity: 'errore',
      message: 'testo fuori da ogni sezione',
      hint: `il testo va sotto uno dei titoli: ${specs.map((s) => `"## ${s.heading}"`).join(', ')}`,
    });
  }
  const seen = new Map<string, number>();
  headings.forEach(({ node }, i) => {
    const title = toString(node);
    const spec = specs.find((s) => norm(s.heading) === norm(title));
    const line = node.position!.start.line;
    if (!spec) {
      const guess = didYouMean(title, specs.map((s) => s.heading));
      diagnostics.push({
        file,
        line,
        column: 1,
        severity: 'errore',
        message: `sezione sconosciuta «${title}»`,
        hint: guess ? `intendevi «${guess}»?` : `sezioni ammesse: ${specs.map((s) => s.heading).join(', ')}`,
      });
      return;
    }
    if (seen.has(spec.key)) {
      diagnostics.push({
        file,
        line,
        column: 1,
        severity: 'errore',
        message: `sezione «${spec.heading}» ripetuta (già alla riga ${seen.get(spec.key)})`,
        hint: 'unisci il testo in una sola sezione',
      });
      return;
    }
    seen.set(spec.key, line);
    const start = node.position!.end.offset!;
    const next = headings[i + 1]?.node ?? undefined;
    const end = next ? next.position!.start.offset! : body.length;
    const raw = body.slice(start, end);
    const markdown = raw.trim();
    const startLine = body.slice(0, start + raw.length - raw.trimStart().length).split('\n').length;
    if (!markdown) {
      diagnostics.push({ file, line, column: 1, severity: 'errore', message: `la sezione «${spec.heading}» è vuota` });
      return;
    }
    sections[spec.key] = { markdown, line, startLine };
  });
  for (const spec of specs) {
    if (spec.required && !seen.has(spec.key)) {
      diagnostics.push({
        file,
        line: bodyLine,
        column: 1,
        severity: 'errore',
        message: `manca la sezione obbligatoria «${spec.heading}»`,
        hint: `aggiungi una riga "## ${spec.heading}" seguita dal testo`,
      });
    }
  }
  return { sections, diagnostics };
}
