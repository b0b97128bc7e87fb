import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { sortDiagnostics, type Diagnostic } from '../diagnostics.js';
import type { Doc, Project } from '../kinds/kind.js';
import { FUNZIONIGRAMMA, funzionigrammaView, hasFunzionigramma } from '../kinds/funzionigramma.js';
import { ENTE_TEMPLATES_DIR, templateFile } from '../render/template-file.js';
import { compileTemplate, TemplateError, type DocumentTemplate } from '../render/template.js';

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

/**
 * `albo check` on the templates of these entes: each template the ente keeps (content/<ente>/modelli/)
 * and each one a build of its documents uses (the ente's or albo's, templates/) is compiled, so a syntax
 * error is found with its place; then each valid document asked about fills its template (the Markdown text only, no writer), so a
 * field the data lacks (`{{titoloo}}`) is found too, with «intendevi …?». The same errors `albo build`
 * would stop at, before it: nothing here is new to build.
 */
export function templateDiagnostics(projects: readonly Project[], options: { templatesDir: string; display: (p: string) => string; only?: ReadonlySet<string> }): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const compiled = new Map<string, DocumentTemplate | undefined>();
  const compile = (file: string): DocumentTemplate | undefined => {
    if (!compiled.has(file)) {
      let template: DocumentTemplate | undefined;
      try {
        template = compileTemplate(readFileSync(file, 'utf8'), options.display(file));
      } catch (e) {
        if (!(e instanceof TemplateError)) throw e;
        diagnostics.push(e.diagnostic);
      }
      compiled.set(file, template);
    }
    return compiled.get(file);
  };
  for (const project of projects) {
    // Every template the ente keeps, and the one each kind of its documents is built with (the ente's or
    // albo's; albo's folder may be missing when content/ is checked from elsewhere: build says so).
    for (const f of templatesIn(path.join(project.dir, ENTE_TEMPLATES_DIR))) compile(f);
    const names = new Set(project.docs.map((d) => d.kind.template));
    if (hasFunzionigramma(project)) names.add(FUNZIONIGRAMMA.template);
    for (const name of names) {
      const file = templateFile(project.dir, options.templatesDir, name);
      if (existsSync(file)) compile(file);
    }
    const fill = (template: DocumentTemplate | undefined, view: () => object) => {
      if (!template) return;
      let data: object;
      try {
        data = view();
      } catch {
        return; // the build reports it, as it does today
      }
      // The body and each metadata string on their own: one report lists every place to fix.
      for (const render of [template.body, ...Object.values(template.meta)]) {
        try {
          render(data);
        } catch (e) {
          // Anything but a template's own error is for the build to report (as it does today).
          if (e instanceof TemplateError) diagnostics.push(e.diagnostic);
        }
      }
    };
    const templateOf = (doc: Doc) => {
      const file = templateFile(project.dir, options.templatesDir, doc.kind.template);
      return existsSync(file) ? compile(file) : undefined;
    };
    for (const doc of project.docs) {
      if (options.only && !options.only.has(doc.path)) continue;
      for (const v of doc.kind.variants?.(doc) ?? [{ name: undefined }]) fill(templateOf(doc), () => doc.kind.view(doc, project, v.name));
    }
    if (hasFunzionigramma(project) && !options.only) {
      const file = templateFile(project.dir, options.templatesDir, FUNZIONIGRAMMA.template);
      if (existsSync(file)) fill(compile(file), () => funzionigrammaView(project));
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
