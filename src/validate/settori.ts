import type { Config } from '../config.js';
import { sameName } from '../kinds/common.js';
import type { RuleIssue } from '../kinds/kind.js';
import { didYouMean } from './zod-issues.js';

/**
 * When the ente declares its settori (ente.yaml `settori: [{ id, nome }]`), a document names one by id or by
 * its name (case, quotes and spacing aside) and every output prints the declared name: one spelling per
 * settore across cards, notices, prospetti and the payroll CSV. Rewrites `settore`/`settori` in place.
 */
export function canonicalSettori(data: Record<string, unknown>, config: Config): RuleIssue[] {
  if (!config.settori.length) return [];
  const issues: RuleIssue[] = [];
  const resolve = (value: string, path: PropertyKey[]): string => {
    const found = config.settori.find((s) => s.id === value) ?? config.settori.find((s) => sameName(s.nome, value));
    if (found) return found.nome;
    const guess = didYouMean(value, [...config.settori.map((s) => s.id), ...config.settori.map((s) => s.nome)]);
    issues.push({
      path,
      message: `settore «${value}» non dichiarato in ente.yaml`,
      hint: guess ? `intendevi «${guess}»?` : `settori dell'ente: ${config.settori.map((s) => `${s.id} (${s.nome})`).join(', ')}; un settore nuovo si aggiunge a «settori» in ente.yaml`,
    });
    return value;
  };
  if (typeof data.settore === 'string') data.settore = resolve(data.settore, ['settore']);
  if (Array.isArray(data.settori)) data.settori = data.settori.map((s, i) => (typeof s === 'string' ? resolve(s, ['settori', i]) : s));
  return issues;
}
