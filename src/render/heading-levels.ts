import type { Heading, Nodes, Root } from 'mdast';

/**
 * The level each heading has in the document's outline, from 1: its nesting under the headings before it,
 * not its Markdown depth. The first heading is level 1 and no level is skipped (a source that goes from
 * `#` to `###`, or starts at `##`, still nests one step at a time), as accessibility checkers and screen
 * readers' heading navigation expect. The writers keep the visual style of the Markdown depth. Pure.
 */
export function headingLevels(tree: Root): Map<Heading, number> {
  const levels = new Map<Heading, number>();
  // Depths of the headings still open above the current point, outermost first.
  const open: number[] = [];
  const visit = (node: Nodes) => {
    if (node.type === 'heading') {
      while (open.length && open.at(-1)! >= node.depth) open.pop();
      open.push(node.depth);
      levels.set(node, open.length);
    }
    if ('children' in node) for (const child of node.children) visit(child as Nodes);
  };
  visit(tree);
  return levels;
}
