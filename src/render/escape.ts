/**
 * Escapes a plain value for insertion into Markdown, so that it prints as written: `*`, `_`, `#`, `|`…
 * lose their meaning, line-start markers (`- `, `1. `, `> `, `::`) cannot open a block, and line breaks
 * inside a value become spaces (a value never ends a paragraph or a table row).
 */
export function escapeMarkdown(value: string): string {
  return value
    .replace(/\s*\n\s*/g, ' ')
    .replace(/[\\`*_[\]<>#|~&]/g, '\\$&')
    .replace(/^(\s*)([-+=:!])/, '$1\\$2')
    .replace(/^(\s*\d+)([.)])/, '$1\\$2');
}
