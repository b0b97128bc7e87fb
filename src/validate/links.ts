import type { Nodes, Root, RootContent } from 'mdast';
import type { Diagnostic } from '../diagnostics.js';

/**
 * The only link targets a published act may carry: web pages and e-mail addresses. Anything else
 * (javascript:, data:, vbscript:, file:, relative paths…) can run code or leak on the ente's website,
 * or means nothing in a PDF. The whole URL must be printable, without spaces or control characters,
 * so that no browser's URL clean-up can turn it into another scheme.
 */
const SAFE_URL = /^(?:https?:\/\/[^\s\u0000-\u001f\u007f-\u009f]+|mailto:[^\s\u0000-\u001f\u007f-\u009f]+)$/i;

/** Whether a writer may emit this URL as an active link (internal #anchors are resolved elsewhere). */
export const isSafeUrl = (url: string): boolean => SAFE_URL.test(url);

const short = (url: string) => (url.length > 40 ? `${url.slice(0, 40)}…` : url);

/** Every link in a source's body: only http:, https: and mailto: (and #anchors, checked with regulations). */
export function checkLinks(tree: Root, file: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const visit = (node: Nodes) => {
    const at = { file, line: node.position?.start.line, column: node.position?.start.column, severity: 'errore' as const };
    if ((node.type === 'link' || node.type === 'definition') && !node.url.startsWith('#') && !isSafeUrl(node.url)) {
      // Browsers drop spaces, tabs and control characters before reading the scheme ("java\tscript:").
      const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(node.url.replace(/[\u0000-\u0020\u007f-\u009f]/g, ''))?.[1]?.toLowerCase();
      out.push({
        ...at,
        message: scheme ? `collegamento non ammesso «${short(node.url)}»: lo schema «${scheme}:» non si pubblica` : `collegamento non ammesso «${short(node.url)}»: manca «https://»`,
        hint: 'nei documenti si ammettono solo indirizzi web (https://…, http://…) ed e-mail (mailto:…)',
      });
    } else if (node.type === 'linkReference') {
      out.push({ ...at, message: 'collegamento per riferimento «[testo][nome]» non supportato', hint: 'scrivi l\'indirizzo nel collegamento stesso: [testo](https://…)' });
    }
    if ('children' in node) for (const child of node.children as RootContent[]) visit(child);
  };
  visit(tree);
  return out;
}
