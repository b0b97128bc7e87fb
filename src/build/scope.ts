import path from 'node:path';
import { KINDS } from '../kinds/index.js';
import { isInside } from '../paths.js';

/**
 * What albo knows of a source before (or without) validating it: enough to tell which other sources its
 * outputs depend on, so that a scoped check or build answers for what was asked and its dependencies only.
 */
export interface SourceInfo {
  /** Absolute path. */
  path: string;
  /** The ente's ente.yaml (absolute). */
  ente: string;
  /** Frontmatter as written, when it could be read. */
  raw?: Record<string, unknown>;
  /** The source has errors of its own. */
  invalid: boolean;
}

const str = (v: unknown) => (typeof v === 'string' ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' ? v : undefined);

/** Every string in a frontmatter value, deeply: ids of other documents are among them. */
function strings(v: unknown, out: Set<string>, depth = 0): Set<string> {
  if (depth > 8) return out;
  if (typeof v === 'string') out.add(v);
  // Lists and maps alike (a list's values are its items).
  else if (v && typeof v === 'object') for (const x of Object.values(v)) strings(x, out, depth + 1);
  return out;
}

/** Documents that share one year's fund: each one's pay depends on all the others. */
const POOLS: Record<string, string> = { scheda: 'sr', fondo: 'sr', 'scheda-eq': 'eq', 'fondo-eq': 'eq' };
/** Kinds whose output includes the documents that name them (a regulation and its appendices). */
const INCLUDES_REFERRERS = new Set(['regolamento', 'scheda', 'scheda-eq']);

const KNOWN_KINDS = new Set(Object.keys(KINDS));


/** The direct dependencies of each source (same ente only). */
export function dependencyGraph(sources: readonly SourceInfo[]): Map<string, Set<string>> {
  const graph = new Map<string, Set<string>>(sources.map((s) => [s.path, new Set<string>()]));
  const byEnte = new Map<string, SourceInfo[]>();
  for (const s of sources) byEnte.set(s.ente, [...(byEnte.get(s.ente) ?? []), s]);
  for (const group of byEnte.values()) {
    const byId = new Map<string, SourceInfo>();
    for (const s of group) {
      const id = str(s.raw?.id);
      if (id && !byId.has(id)) byId.set(id, s);
    }
    for (const s of group) {
      const deps = graph.get(s.path)!;
      const tipo = str(s.raw?.tipo);
      // References by id, in any field: cards of a notice, the regulation of an appendix, a card's service.
      for (const v of strings(s.raw ?? {}, new Set())) {
        const target = byId.get(v);
        if (target && target !== s) {
          deps.add(target.path);
          // A target has a frontmatter: it was found by its id.
          // (a Set holds no value but its strings: a «tipo» that is a list or a number is no kind).
          if (INCLUDES_REFERRERS.has(target.raw!.tipo as string)) graph.get(target.path)!.add(s.path);
        }
      }
      const pool = tipo && POOLS[tipo];
      const year = num(s.raw?.anno);
      if (pool && year !== undefined) {
        for (const o of group) if (o !== s && typeof o.raw?.tipo === 'string' && POOLS[o.raw.tipo] === pool && o.raw.anno === year) deps.add(o.path);
      }
      // A source albo cannot place (unreadable, unknown kind, a card without a valid year) may be anything:
      // a card of this year, an appendix. It is a dependency of every source in its folder and in the
      // folders above it, within the ente.
      if (!tipo || !KNOWN_KINDS.has(tipo) || (pool && year === undefined)) {
        const dir = path.dirname(s.path);
        for (const o of group) if (o !== s && isInside(path.dirname(o.path), dir)) graph.get(o.path)!.add(s.path);
      }
    }
  }
  return graph;
}

/** The sources asked for and everything their outputs depend on. */
export function dependencyClosure(graph: Map<string, Set<string>>, start: Iterable<string>): Set<string> {
  const seen = new Set<string>();
  const stack = [...start];
  while (stack.length) {
    const p = stack.pop()!;
    if (seen.has(p)) continue;
    seen.add(p);
    for (const d of graph.get(p) ?? []) stack.push(d);
  }
  return seen;
}
