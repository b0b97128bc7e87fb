import path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import type { Project } from '../kinds/kind.js';
import type { LoadResult } from './project.js';
import { dependencyClosure, dependencyGraph } from './scope.js';
import { resolveTargets } from './targets.js';

export interface Scope {
  /** The sources asked for (absolute). */
  files: Set<string>;
  /** Those and every source their outputs depend on. */
  closure: Set<string>;
  /** The ente.yaml of every ente involved. */
  entes: Set<string>;
  /** Problems of what was asked and of its dependencies: these decide the exit code. */
  diagnostics: Diagnostic[];
  /** Problems elsewhere: mentioned in one line, never blocking. */
  others: Diagnostic[];
  /** Targets that match nothing. */
  problems: Diagnostic[];
}

/** `albo check|build <targets>`: what was asked, what it depends on, and which problems concern it. */
export function scopeOf(targets: readonly string[], loaded: LoadResult, ctx: { cwd: string; contentDir: string; display: (p: string) => string; command?: string }): Scope {
  const entes = [...new Set(loaded.sources.map((s) => path.dirname(s.ente)))];
  const resolved = resolveTargets(targets, { ...ctx, sources: loaded.sources, entes });
  const graph = dependencyGraph(loaded.sources);
  const closure = dependencyClosure(graph, resolved.files);
  const involved = new Set(loaded.sources.filter((s) => closure.has(s.path)).map((s) => s.ente));
  for (const f of resolved.files) if (path.basename(f) === 'ente.yaml') involved.add(f);
  const concerns = (d: Diagnostic) => {
    const p = path.resolve(ctx.cwd, d.file);
    return closure.has(p) || involved.has(p);
  };
  return {
    files: new Set([...resolved.files].filter((f) => f.endsWith('.md'))),
    closure,
    entes: involved,
    diagnostics: loaded.diagnostics.filter(concerns),
    others: loaded.diagnostics.filter((d) => !concerns(d)),
    problems: resolved.diagnostics,
  };
}

export interface FundState {
  /** The ente's name (or folder when its ente.yaml is invalid). */
  ente: string;
  ente_yaml: string;
  /** The fund's source. */
  path: string;
  anno: number;
  /** Sources with errors the fund's allocation depends on (its year's cards, the fund itself). */
  blockers: string[];
  closure: Set<string>;
  project?: Project;
}

/** Every fund of specific responsibilities (of one year, if given), whatever the state of unrelated sources. */
export function fundStates(loaded: LoadResult, year: number | undefined): FundState[] {
  const graph = dependencyGraph(loaded.sources);
  const invalid = new Set(loaded.sources.filter((s) => s.invalid).map((s) => s.path));
  return loaded.sources
    .filter((s) => s.raw?.tipo === 'fondo' && typeof s.raw.anno === 'number' && (year === undefined || s.raw.anno === year))
    .map((s) => {
      const closure = dependencyClosure(graph, [s.path]);
      const project = loaded.projects.find((p) => p.configPath === s.ente);
      const blockers = [...closure].filter((p) => invalid.has(p)).sort();
      // Without a valid ente.yaml nothing of the ente can be computed.
      if (!project) blockers.unshift(s.ente);
      return {
        ente: project?.config.ente.nome ?? path.basename(path.dirname(s.ente)),
        ente_yaml: s.ente,
        path: s.path,
        anno: s.raw!.anno as number,
        blockers: [...new Set(blockers)],
        closure,
        project,
      };
    })
    .sort((a, b) => a.ente.localeCompare(b.ente) || a.anno - b.anno);
}
