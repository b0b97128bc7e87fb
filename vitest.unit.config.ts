import { defineConfig } from 'vitest/config';

/**
 * The unit project: pure functions and single documents, in process, no whole-ente build and no external
 * tool (under 30 s on 2 cores). vitest.config.ts runs it next to the e2e project; StrykerJS runs it alone
 * (stryker.config.mjs), so every mutant is judged by the fast layer.
 */
export const UNIT = [
  'test/allocate.test.ts',
  'test/build-render.test.ts',
  'test/build-units.test.ts',
  'test/build-variants.test.ts',
  'test/cache-dir.test.ts',
  'test/cache-entry.test.ts',
  'test/caps.test.ts',
  'test/check-scope.test.ts',
  'test/check-templates.test.ts',
  'test/compute-bounds.test.ts',
  'test/csv.test.ts',
  'test/deadline.test.ts',
  'test/ente-arguments.test.ts',
  'test/equivalent-mutants.test.ts',
  'test/format.test.ts',
  'test/fund-bands.test.ts',
  'test/fund-checks.test.ts',
  'test/html-escape.test.ts',
  'test/ids.test.ts',
  'test/kept-templates.test.ts',
  'test/kept-validation.test.ts',
  'test/limits.test.ts',
  'test/load-edges.test.ts',
  'test/paths.test.ts',
  'test/pay-edges.test.ts',
  'test/pdf-content-buffer.test.ts',
  'test/pdf-dict.test.ts',
  'test/pdf-styles.test.ts',
  'test/pipeline-edges.test.ts',
  'test/project-load.test.ts',
  'test/publish-act.test.ts',
  'test/publish-edges.test.ts',
  'test/publish-units.test.ts',
  'test/regolamento-golden.test.ts',
  'test/regolamento-regole.test.ts',
  'test/regulation-rules-edges.test.ts',
  'test/render-pool.test.ts',
  'test/render-queue.test.ts',
  'test/result-cache.test.ts',
  'test/rulebook.test.ts',
  'test/schemi.test.ts',
  'test/sections-numbers.test.ts',
  'test/signature-units.test.ts',
  'test/source-checks.test.ts',
  'test/source-frontmatter.test.ts',
  'test/source-reading.test.ts',
  'test/stemma-png.test.ts',
  'test/template.test.ts',
  'test/template-wording.test.ts',
  'test/tipografia-lint.test.ts',
  'test/tree-cache.test.ts',
  'test/validate-edges.test.ts',
  'test/validation.test.ts',
  'test/weighted-criteria.test.ts',
  'test/writer-golden.test.ts',
  'test/writer-structure.test.ts',
  'test/writers.test.ts',
  'test/zip.test.ts',
  'test/zod-issues.test.ts',
];

export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 180_000,
    // ALBO_UNIT_FILES=a.test.ts,b.test.ts narrows the project (a mutation run of one module while other test
    // files are being written).
    include: process.env.ALBO_UNIT_FILES ? process.env.ALBO_UNIT_FILES.split(',') : UNIT,
    // No per-file isolation: the unit files mock nothing and set no global state (no vi.mock, process.env,
    // chdir; build-units.test.ts swaps an fsOps function within a test and restores it after each), and importing the writers and fonts once instead of per file saves a third of the time.
    // Except when StrykerJS runs static mutants (ALBO_MUTATION_STATIC=1): a module-level mutant is active only
    // if the module is imported again for it, which only isolation does.
    isolate: process.env.ALBO_MUTATION_STATIC === '1',
  },
});
