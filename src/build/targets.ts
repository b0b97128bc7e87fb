import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { didYouMean } from '../validate/zod-issues.js';
import type { SourceInfo } from './scope.js';
import { isInside } from '../paths.js';

/** A document as a command names it: by its id, or as «ente/id» when the id alone is not enough. */
export interface Named {
  /** The source (absolute). */
  path: string;
  /** The ente's folder (absolute). */
  enteDir: string;
  id: string;
}

/** «valle-savio/fondo-2025»: the ente's folder under content/ (with «/»), a slash, the id. */
export const qualifiedId = (x: Named, contentDir: string) => `${path.relative(contentDir, x.enteDir).split(path.sep).join('/')}/${x.id}`;

/**
 * The documents a name given to a command stands for. Ids are unique within an ente (crossCheck), not across
 * content/: a bare id may name documents of several entes, and «ente/id» (the ente's folder under content/,
 * or from the current folder) names one ente's. `ambiguous` is set when a bare id is used by more than one
 * ente: the command must then refuse and list the candidates (ambiguityMessage).
 */
export function lookupName<T extends Named>(name: string, items: readonly T[], ctx: { cwd: string; contentDir: string }): { matches: T[]; ambiguous: boolean } {
  const clean = name.replace(/\\/g, '/').replace(/\/+$/, '');
  const slash = clean.lastIndexOf('/');
  if (slash > 0) {
    const ente = clean.slice(0, slash);
    const id = clean.slice(slash + 1);
    const dirs = new Set([path.resolve(ctx.contentDir, ente), path.resolve(ctx.cwd, ente)]);
    return { matches: items.filter((x) => x.id === id && dirs.has(x.enteDir)), ambiguous: false };
  }
  const matches = items.filter((x) => x.id === name);
  return { matches, ambiguous: new Set(matches.map((x) => x.enteDir)).size > 1 };
}

/** Why a bare id used by several entes is refused, with the candidates as «ente/id» (and their files). */
export function ambiguityMessage(name: string, matches: readonly Named[], ctx: { contentDir: string; display: (p: string) => string; command: string }): { message: string; hint: string } {
  const names = [...new Map(matches.map((m) => [qualifiedId(m, ctx.contentDir), m])).entries()].sort(([a], [b]) => a.localeCompare(b));
  return {
    message: `l'id «${name}» è usato in più enti: ${names.map(([q, m]) => `${q} (${ctx.display(m.path)})`).join(', ')}`,
    hint: `indica quale con l'ente davanti all'id, es. «albo ${ctx.command} ${names[0]![0]}», o con il percorso del file`,
  };
}

const real = (p: string) => {
  try {
    return realpathSync(p);
  } catch {
    return path.resolve(p);
  }
};


/**
 * What `albo check|build <target...>` is asked about: each target is a source file, a folder (an ente, a
 * year's folder), an ente.yaml (the whole ente), a document id or a year (AAAA). Answers with absolute
 * source paths, or with a problem per target that matches nothing.
 */
export function resolveTargets(
  targets: readonly string[],
  ctx: { cwd: string; contentDir: string; sources: readonly SourceInfo[]; entes: readonly string[]; display: (p: string) => string; command?: string },
): { files: Set<string>; diagnostics: Diagnostic[] } {
  const files = new Set<string>();
  const diagnostics: Diagnostic[] = [];
  const sources = ctx.sources.map((s) => ({ s, real: real(s.path) }));
  for (const target of targets) {
    const candidates = [path.resolve(ctx.cwd, target), path.resolve(ctx.contentDir, target)].filter((p) => existsSync(p));
    let matched: string[];
    // Stryker disable next-line StringLiteral: equivalent, every branch that can leave «matched» empty says why
    let what = '';
    if (candidates.length) {
      const p = real(candidates[0]!);
      const stat = statSync(p);
      if (stat.isDirectory()) {
        matched = sources.filter((x) => isInside(p, x.real)).map((x) => x.s.path);
        // An ente's folder with no sources yet (just made by "albo nuovo ente"): its configuration is checked.
        if (!matched.length && existsSync(path.join(p, 'ente.yaml'))) matched = [path.join(p, 'ente.yaml')];
        what = `nessun sorgente .md nella cartella ${ctx.display(p)}`;
      } else if (path.basename(p) === 'ente.yaml') {
        matched = sources.filter((x) => real(x.s.ente) === p).map((x) => x.s.path);
        // An ente with no sources yet: its configuration is still checked.
        if (!matched.length) matched = [p];
      } else {
        matched = sources.filter((x) => x.real === p).map((x) => x.s.path);
        what = p.endsWith('.md') ? `${ctx.display(p)} non è nella cartella di un ente di ${ctx.display(ctx.contentDir)}` : `${ctx.display(p)} non è un sorgente .md`;
        if (!matched.length && p.endsWith('.md') && isInside(real(ctx.contentDir), p)) matched = [candidates[0]!];
      }
    } else if (/^\d{4}$/.test(target)) {
      const year = Number(target);
      matched = ctx.sources.filter((s) => s.raw?.anno === year || path.relative(ctx.contentDir, s.path).split(path.sep).includes(target)).map((s) => s.path);
      what = `nessun sorgente dell'anno ${target} in ${ctx.display(ctx.contentDir)}`;
    } else {
      const named = ctx.sources.flatMap((s) => (typeof s.raw?.id === 'string' ? [{ path: s.path, enteDir: path.dirname(s.ente), id: s.raw.id }] : []));
      const found = lookupName(target, named, ctx);
      if (found.ambiguous) {
        diagnostics.push({ file: target, severity: 'errore', ...ambiguityMessage(target, found.matches, { ...ctx, command: ctx.command ?? 'check' }) });
        continue;
      }
      matched = found.matches.map((s) => s.path);
      if (!matched.length && (/\.md$/i.test(target) || target.includes('/') || target.includes(path.sep))) {
        // «alfa/fondo-2025» may have meant an ente and an id.
        const enteId = !/\.md$/i.test(target);
        diagnostics.push({
          file: target,
          severity: 'errore',
          message: `sorgente non trovato: il file o la cartella non esiste${enteId ? ', né un documento con questo ente/id' : ''}`,
          hint: `controlla il percorso (dalla cartella corrente, o da ${ctx.display(ctx.contentDir)})${enteId ? ` o l'ente e l'id (es. ${ctx.display(ctx.contentDir)}/<ente>/<file>.md o <ente>/<id>)` : ''}`,
        });
        continue;
      }
      if (!matched.length) {
        const names = [...ctx.entes.map((e) => path.relative(ctx.contentDir, e)), ...ctx.sources.flatMap((s) => (typeof s.raw?.id === 'string' ? [s.raw.id] : []))];
        const guess = didYouMean(target, names);
        diagnostics.push({
          file: target,
          severity: 'errore',
          message: `«${target}» non è un file, una cartella, un ente, un id di documento o un anno di ${ctx.display(ctx.contentDir)}`,
          hint: guess ? `intendevi «${guess}»?` : `enti: ${ctx.entes.map((e) => path.relative(ctx.contentDir, e) || '.').join(', ')}`,
        });
        continue;
      }
    }
    if (!matched.length) diagnostics.push({ file: target, severity: 'errore', message: what, hint: 'indica un file .md, la cartella di un ente (es. content/capannori), un id di documento o un anno (es. 2024)' });
    for (const m of matched) files.add(m);
  }
  return { files, diagnostics };
}
