import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import type { Doc, Project } from '../kinds/kind.js';
import { FUNZIONIGRAMMA, funzionigrammaView, hasFunzionigramma } from '../kinds/funzionigramma.js';
import { cachedAsync } from '../load/result-cache.js';
import { ENTE_TEMPLATES_DIR, templateFile } from '../render/template-file.js';

const TEMPLATE = /\.md\.hbs$/;

const templatesIn = (dir: string): string[] => {
  try {
    return readdirSync(dir)
      .filter((n) => TEMPLATE.test(n) && !n.startsWith('.'))
      .sort()
      .map((n) => path.join(dir, n));
  } catch {
    return [];
  }
};

/** What the check does: the templates it compiles, and the data each template is filled with. */
interface Plan {
  files: string[];
  fills: { file: string; view: object }[];
}

/**
 * Every template the ente keeps, and the one each kind of its documents is built with (the ente's or
 * albo's; albo's folder may be missing when content/ is checked from elsewhere: build says so); then the
 * data of each valid document asked about (a view that cannot be made is for the build to report).
 */
function plan(projects: readonly Project[], options: { templatesDir: string; only?: ReadonlySet<string> }): Plan {
  const files = new Set<string>();
  const fills: Plan['fills'] = [];
  const view = (make: () => object): object | undefined => {
    try {
      return make();
    } catch {
      return undefined;
    }
  };
  for (const project of projects) {
    for (const f of templatesIn(path.join(project.dir, ENTE_TEMPLATES_DIR))) files.add(f);
    const names = new Set(project.docs.map((d) => d.kind.template));
    if (hasFunzionigramma(project)) names.add(FUNZIONIGRAMMA.template);
    for (const name of names) {
      const file = templateFile(project.dir, options.templatesDir, name);
      if (existsSync(file)) files.add(file);
    }
    // Every template a document of the ente uses is among `files` if it exists (the names above).
    const fill = (file: string, make: () => object) => {
      const data = files.has(file) ? view(make) : undefined;
      if (data) fills.push({ file, view: data });
    };
    for (const doc of project.docs as Doc[]) {
      if (options.only && !options.only.has(doc.path)) continue;
      const file = templateFile(project.dir, options.templatesDir, doc.kind.template);
      for (const v of doc.kind.variants?.(doc) ?? [{ name: undefined }]) fill(file, () => doc.kind.view(doc, project, v.name));
    }
    if (hasFunzionigramma(project) && !options.only) fill(templateFile(project.dir, options.templatesDir, FUNZIONIGRAMMA.template), () => funzionigrammaView(project));
  }
  return { files: [...files], fills };
}

/**
 * What of a template's data decides whether filling it fails: which fields exist, how many items a list
 * has, whether a value is empty, zero or false (the branches `#if`, `#unless` and `#each` take); not the
 * words and the amounts, which an office changes at every edit.
 */
export function dataShape(v: unknown): unknown {
  if (typeof v === 'string') return v === '' ? '' : 's';
  if (typeof v === 'number') return v === 0 ? 0 : 1;
  if (Array.isArray(v)) return v.map(dataShape);
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, dataShape(x)]));
  return v;
}

const isDiagnostics = (x: unknown): x is Diagnostic[] => Array.isArray(x) && x.every((d) => d !== null && typeof d === 'object' && typeof (d as Diagnostic).message === 'string' && typeof (d as Diagnostic).file === 'string');

/**
 * `albo check` on the templates of these entes: each template the ente keeps (content/<ente>/modelli/)
 * and each one a build of its documents uses (the ente's or albo's, templates/) is compiled, so a syntax
 * error is found with its place; then each valid document asked about fills its template (the Markdown
 * text only, no writer), so a field the data lacks (`{{titoloo}}`) is found too, with «intendevi …?». The
 * same errors `albo build` would stop at, before it: nothing here is new to build.
 *
 * The answer depends only on the templates' bytes and names and on the shape of the data (dataShape), so
 * it is kept between runs (`modelli/` in the cache): a check after an edit of a card's words reads it back
 * instead of loading Handlebars and compiling the templates (about 0,1 s of a check of one card).
 */
export async function templateDiagnostics(projects: readonly Project[], options: { templatesDir: string; display: (p: string) => string; only?: ReadonlySet<string> }): Promise<Diagnostic[]> {
  const { files, fills } = plan(projects, options);
  const inputs: (string | Uint8Array)[] = [];
  for (const f of files) inputs.push(options.display(f), readFileSync(f));
  inputs.push(JSON.stringify(fills.map((x) => [options.display(x.file), dataShape(x.view)])));
  return cachedAsync('modelli', inputs, () => compileAndFill(files, fills, options.display), isDiagnostics);
}

async function compileAndFill(files: readonly string[], fills: Plan['fills'], display: (p: string) => string): Promise<Diagnostic[]> {
  const { compileTemplate, TemplateError } = await import('../render/template.js');
  const diagnostics: Diagnostic[] = [];
  const compiled = new Map<string, ReturnType<typeof compileTemplate> | undefined>();
  const compile = (file: string) => {
    if (!compiled.has(file)) {
      let template: ReturnType<typeof compileTemplate> | undefined;
      try {
        template = compileTemplate(readFileSync(file, 'utf8'), display(file));
      } catch (e) {
        if (!(e instanceof TemplateError)) throw e;
        diagnostics.push(e.diagnostic);
      }
      compiled.set(file, template);
    }
    return compiled.get(file);
  };
  for (const f of files) compile(f);
  for (const { file, view } of fills) {
    const template = compile(file);
    if (!template) continue;
    // The body and each metadata string on their own: one report lists every place to fix.
    for (const render of [template.body, ...Object.values(template.meta)]) {
      try {
        render(view);
      } catch (e) {
        // Anything but a template's own error is for the build to report (as it does today).
        if (e instanceof TemplateError) diagnostics.push(e.diagnostic);
      }
    }
  }
  // One report per place: a field missing in a template is missing for every document that uses it.
  const seen = new Set<string>();
  return sortDiagnostics(
    diagnostics.filter((d) => {
      const key = `${d.file}:${d.line}:${d.column}:${d.message}`;
      return !seen.has(key) && Boolean(seen.add(key));
    }),
  );
}
