import type { RootContent, Table } from 'mdast';
import { hasLongRows, isWide } from './table-widths.js';

/** Consecutive top-level content laid out on pages of one orientation. */
export interface PageRun {
  landscape: boolean;
  nodes: RootContent[];
}

/** A table of many columns of long text: on portrait pages its columns would be a few words wide. */
export const needsLandscape = (node: RootContent): node is Table => node.type === 'table' && isWide(node) && hasLongRows(node);

const isPageBreak = (n: RootContent | undefined) => n?.type === 'leafDirective' && n.name === 'interruzione-pagina';

/**
 * Splits a document's top-level content into runs of portrait and landscape pages. A wide table goes on
 * landscape pages together with the heading that introduces it (and any short paragraphs between them),
 * so a heading never stays alone on the page before. Each run after the first starts a new page; a page
 * break written right at a run's edge is dropped, as the run already starts a page. Both writers use it.
 */
export function pageRuns(nodes: readonly RootContent[]): PageRun[] {
  const landscape = new Set<number>();
  nodes.forEach((node, i) => {
    if (!needsLandscape(node)) return;
    landscape.add(i);
    // Back to the introducing heading, over paragraphs only.
    for (let j = i - 1; j >= 0; j--) {
      const prev = nodes[j]!;
      if (prev.type === 'heading') {
        for (let k = j; k < i; k++) landscape.add(k);
        break;
      }
      if (prev.type !== 'paragraph') break;
    }
  });
  const runs: PageRun[] = [];
  nodes.forEach((node, i) => {
    const isLandscape = landscape.has(i);
    const last = runs[runs.length - 1];
    if (last && last.landscape === isLandscape) last.nodes.push(node);
    else runs.push({ landscape: isLandscape, nodes: [node] });
  });
  for (const run of runs) {
    while (isPageBreak(run.nodes[0]) && runs[0] !== run) run.nodes.shift();
    while (isPageBreak(run.nodes[run.nodes.length - 1]) && runs[runs.length - 1] !== run) run.nodes.pop();
  }
  return runs.filter((r) => r.nodes.length);
}
