import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import * as z from 'zod';
import { isoDate } from '../kinds/common.js';
import { AREAS, type Area } from './areas.js';
import { packageRoot } from '../package-root.js';
import { cached } from '../load/result-cache.js';

/** What a contract pays for: each voce has its own figures. */
export const VOCI = ['specifiche-responsabilita', 'eq-posizione', 'eq-risultato'] as const;
export type Voce = (typeof VOCI)[number];

export const VERIFICATION = ['testo', 'citazione', 'secondaria', 'non-verificata'] as const;

const euro = z.number().nonnegative();
const area = z.enum(AREAS);

const ruleSchema = z.strictObject({
  voce: z.enum(VOCI),
  caso: z.string().regex(/^[a-z0-9-]+$/).default('ordinario'),
  descrizione: z.string().optional(),
  articolo: z.string().min(1),
  dal: isoDate,
  /** Who may receive it; every Area when absent. */
  aree: z.array(area).min(1).optional(),
  /** Euro a year, gross: one figure, or one per Area. */
  massimo: z.union([euro, z.partialRecord(area, euro)]).optional(),
  minimo: euro.optional(),
  mensilita: z.int().positive().optional(),
  /** Percent. */
  quota_minima: z.number().min(0).max(100).optional(),
  /** From `dal` the case no longer exists. */
  abrogata: z.boolean().default(false),
  verifica: z.enum(VERIFICATION),
  fonte: z.string().min(1),
  note: z.string().optional(),
});

const contractSchema = z.strictObject({
  contratto: z.string().min(1),
  triennio: z.string().regex(/^\d{4}-\d{4}$/),
  sottoscrizione: isoDate,
  regole: z.array(ruleSchema).min(1),
});

export type ContractRuleData = z.infer<typeof ruleSchema>;

/** A rule with the contract it belongs to. */
export interface ContractRule extends ContractRuleData {
  contratto: string;
  file: string;
}

export interface Rulebook {
  dir: string;
  files: string[];
  rules: ContractRule[];
  /** Each contract, by its signature date (notices may cite it). */
  contracts: { contratto: string; sottoscrizione: string; file: string }[];
}

export const DEFAULT_RULEBOOK_DIR = path.join(packageRoot(), 'contratti');

/** Reads and checks every contract file. The rulebook is albo's own data: a bad file is albo's bug. */
export function loadRulebook(dir = DEFAULT_RULEBOOK_DIR): Rulebook {
  const files = readdirSync(dir).filter((name) => name.endsWith('.yaml')).sort().map((name) => path.join(dir, name));
  const rules: ContractRule[] = [];
  const contracts: Rulebook['contracts'] = [];
  for (const file of files) {
    const result = contractSchema.safeParse(parse(readFileSync(file, 'utf8')));
    if (!result.success) throw new Error(`regole contrattuali non valide in ${file}: ${z.prettifyError(result.error)}`);
    for (const r of result.data.regole) rules.push({ ...r, contratto: result.data.contratto, file });
    contracts.push({ contratto: result.data.contratto, sottoscrizione: result.data.sottoscrizione, file });
  }
  // Two rules for the same voce and case from the same day would make the one in force depend on file order.
  const seen = new Map<string, ContractRule>();
  for (const r of rules) {
    const key = `${r.voce} ${r.caso} ${r.dal}`;
    const other = seen.get(key);
    if (other) throw new Error(`regole contrattuali in conflitto: ${r.voce}/${r.caso} dal ${r.dal} sia in ${other.file} sia in ${r.file}`);
    seen.set(key, r);
  }
  return { dir, files, rules, contracts };
}

/** The rulebook of a folder, read back from the result cache when its files are unchanged (src/load/result-cache.ts). */
export function keptRulebook(dir = DEFAULT_RULEBOOK_DIR): Rulebook {
  const names = readdirSync(dir).filter((name) => name.endsWith('.yaml')).sort();
  const inputs = [dir, ...names.flatMap((name) => [name, readFileSync(path.join(dir, name))])];
  const sound = (x: unknown): x is Rulebook => typeof x === 'object' && x !== null && Array.isArray((x as Rulebook).rules) && Array.isArray((x as Rulebook).contracts) && Array.isArray((x as Rulebook).files);
  return cached('contratti', inputs, () => loadRulebook(dir), sound);
}

let book: Rulebook | undefined;
export const defaultRulebook = (): Rulebook => (book ??= keptRulebook());

/**
 * The rule in force on a date for a voce and case: the one with the latest `dal` not after the date.
 * An abrogated case answers with its abrogation (the caller says the case no longer exists).
 */
export function ruleInForce(book: Rulebook, voce: Voce, date: string, caso = 'ordinario'): ContractRule | undefined {
  // ISO dates sort as text; loadRulebook refuses two rules of one voce and case from the same day.
  return book.rules
    .filter((r) => r.voce === voce && r.caso === caso && r.dal <= date)
    .sort((a, b) => (a.dal < b.dal ? -1 : a.dal > b.dal ? 1 : 0))
    .at(-1);
}

/** The cases a voce has on a date (not abrogated). */
export function casesInForce(book: Rulebook, voce: Voce, date: string): string[] {
  // Every case name in the rulebook: one of another voce has no rule in force for this one and goes below.
  const cases = [...new Set(book.rules.map((r) => r.caso))];
  return cases.filter((c) => {
    const r = ruleInForce(book, voce, date, c);
    return r && !r.abrogata;
  });
}

/** «art. 84, c. 1, CCNL Funzioni Locali 16.11.2022» */
export function citation(rule: ContractRule): string {
  return `${rule.articolo}, ${rule.contratto}`;
}

/** The maximum for an Area (cents), or undefined when the rule sets none for it. */
export function maximumFor(rule: ContractRule, a: Area): number | undefined {
  if (rule.massimo === undefined) return undefined;
  const euroAmount = typeof rule.massimo === 'number' ? rule.massimo : rule.massimo[a];
  return euroAmount === undefined ? undefined : Math.round(euroAmount * 100);
}

/** Whether the rule lets this Area receive the voce. */
export const admits = (rule: ContractRule, a: Area): boolean => !rule.aree || rule.aree.includes(a);
