import type { Heading, Nodes, Root } from 'mdast';

/**
 * Heading levels in the document's outline, by nesting, as both writers tag them: the first heading is the
 * only level 1 (the act's title), each later heading is one level below the nearest earlier heading of
 * smaller Markdown depth, so no level is skipped (a source that goes from `#` to `###`, or starts at `##`,
 * still nests one step at a time), as accessibility checkers and screen readers' heading navigation expect.
 * The writers keep the visual style of the Markdown depth. `next` takes the headings in document order;
 * `peek` says the level a heading of that depth would get, without counting it (the PDF index's title).
 */
export function nestedLevels(): { next(depth: number): number; peek(depth: number): number } {
  const open: { depth: number; level: number }[] = [];
  const place = (depth: number, commit: boolean): number => {
    if (!open.length) {
      if (commit) open.push({ depth: Number.NEGATIVE_INFINITY, level: 1 });
      return 1;
    }
    let top = open.length - 1;
    while (top > 0 && open[top]!.depth >= depth) top--;
    const level = Math.min(open[top]!.level + 1, 6);
    if (commit) {
      open.length = top + 1;
      open.push({ depth, level });
    }
    return level;
  };
  return { next: (depth) => place(depth, true), peek: (depth) => place(depth, false) };
}

/** The level of every heading of a tree (see nestedLevels). Pure. */
export function headingLevels(tree: Root): Map<Heading, number> {
  const levels = new Map<Heading, number>();
  const nested = nestedLevels();
  const visit = (node: Nodes) => {
    if (node.type === 'heading') levels.set(node, nested.next(node.depth));
    if ('children' in node) for (const child of node.children) visit(child as Nodes);
  };
  visit(tree);
  return levels;
}
