import type { Root } from 'mdast';
import type { z } from 'zod';
import type { Config } from '../config.js';
import type { Source } from '../load/source.js';
import type { Section, SectionSpec } from '../validate/sections.js';
import type { Allocation } from '../compute/allocate.js';
import type { Fondo } from './fondo.js';
import type { Scheda } from './scheda.js';
import type { YamlSource } from '../load/source.js';
import type { Cap } from '../rulebook/caps.js';
import type { EqShare } from '../build/eq.js';

/** A domain problem found in a valid-shaped document, located by frontmatter path. */
export interface RuleIssue {
  /** Where in the frontmatter; ignored when `at` locates the issue in the body. */
  path: PropertyKey[];
  at?: { line?: number; column?: number };
  message: string;
  hint?: string;
  severity?: 'errore' | 'avviso';
}

/** A validated source document. */
export interface Doc<T = Record<string, unknown>> {
  kind: Kind<T>;
  source: Source;
  /** Absolute path of the source (source.file is the path shown to people). */
  path: string;
  data: T;
  sections: Record<string, Section>;
}

/** One year's fund shared among that year's cards. */
export interface YearShare {
  fund: Doc<Fondo>;
  cards: Doc<Scheda>[];
  weights: Map<string, number>;
  allocation: Allocation;
  /** The maximum that applies to each card (contract in force on its date, or the ente's lower limit). */
  caps: Map<string, Extract<Cap, { ok: true }>>;
}

/** One ente's documents: the folder with its ente.yaml and every source below it. */
export interface Project {
  /** The ente's folder (absolute). */
  dir: string;
  /** Its ente.yaml (absolute). */
  configPath: string;
  config: Config;
  /** ente.yaml with positions, to locate problems found in it later (limits, EQ percentages). */
  configSource?: YamlSource;
  docs: Doc[];
  byId: Map<string, Doc>;
  /** By year. */
  allocations: Map<number, YearShare>;
  /** Elevata Qualificazione cards and their pay, by year. */
  eq: Map<number, EqShare>;
}

/** Rows for a CSV export; money cells are cents, written in Italian format by the CSV writer. */
export interface Table {
  header: string[];
  rows: (string | { cents: number })[][];
}

/** One of the texts a source gives (a regulation: in force, and with its amendments highlighted). */
export interface OutputVariant {
  name: string;
  /** Appended to the output's name; the first variant has none. */
  suffix: string;
}

/**
 * A document kind: its frontmatter schema, its body sections, its domain rules and the data its template
 * sees. Adding a kind means adding one such module and one template.
 */
export interface Kind<T = Record<string, unknown>> {
  tipo: string;
  /** Template file name in templates/. */
  template: string;
  sections: SectionSpec[];
  /** The body is free Markdown, not fixed "## " sections (the kind checks it in its rules). */
  freeBody?: boolean;
  /** Regulation text: amendment markers (<ins>/<del>) and internal references are allowed in the body. */
  regulation?: boolean;
  schema(config: Config): z.ZodType<T>;
  /** Rules on one document. */
  rules(doc: Doc<T>, config: Config): RuleIssue[];
  /** Rules across documents (references). */
  crossRules?(doc: Doc<T>, project: Project): RuleIssue[];
  /** What the template sees. Optional fields are null, never missing, so typos in templates are caught. */
  view(doc: Doc<T>, project: Project, variant?: string): object;
  /** The texts the source gives; one (unnamed) when absent. */
  variants?(doc: Doc<T>): OutputVariant[];
  /** Rewrites the rendered tree (numbering, references, amendments) before the writers see it. */
  transform?(tree: Root, doc: Doc<T>, project: Project, variant?: string): void;
  /** Documents this one attaches (rendered after it in the combined document). */
  attachments?(doc: Doc<T>, project: Project): Doc[];
  /** Output file name without extension; the source's name when absent. */
  outputName?(doc: Doc<T>): string;
  /** A CSV export of the document's table, when it has one. */
  table?(doc: Doc<T>, project: Project): Table;
  /** The date that stands for the document's creation in PDF/DOCX metadata (never the clock). */
  date(doc: Doc<T>): string;
}

export const docId = (doc: Doc): string => String((doc.data as { id: unknown }).id);

/** The body sections as a template sees them: every section of the kind, null when absent. */
export function sectionsView(doc: Doc): Record<string, string | null> {
  return Object.fromEntries(doc.kind.sections.map((s) => [s.key, doc.sections[s.key]?.markdown ?? null]));
}
