import { existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { didYouMean } from '../validate/zod-issues.js';
import type { SourceInfo } from './scope.js';
import { isInside } from '../paths.js';

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
  ctx: { cwd: string; contentDir: string; sources: readonly SourceInfo[]; entes: readonly string[]; display: (p: string) => string },
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
      matched = ctx.sources.filter((s) => s.raw?.id === target).map((s) => s.path);
      if (!matched.length && (/\.md$/i.test(target) || target.includes('/') || target.includes(path.sep))) {
        diagnostics.push({ file: target, severity: 'errore', message: 'sorgente non trovato: il file o la cartella non esiste', hint: `controlla il percorso (dalla cartella corrente, o da ${ctx.display(ctx.contentDir)})` });
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
