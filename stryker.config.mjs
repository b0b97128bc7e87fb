// Mutation testing (npm run mutation): StrykerJS 9.x with its vitest runner, judged by the unit project only.
// @ts-check
/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.unit.config.ts' },
  coverageAnalysis: 'perTest',
  // The domain and output code (issue #21). `npm run mutation:pay` runs the first group alone.
  mutate: [
    // Pay: computation, the contract rules and the fund and cap checks (target: 95 %).
    'src/compute/**/*.ts',
    'src/rulebook/**/*.ts',
    'src/build/allocation.ts',
    'src/build/eq.ts',
    'src/kinds/fondo.ts',
    'src/kinds/fondo-eq.ts',
    // Validation, loading, regulations, publication, the build pipeline, the writers' handlers, CSV and
    // HTML escaping (target: 85 %).
    'src/validate/**/*.ts',
    'src/load/**/*.ts',
    'src/regulation/**/*.ts',
    'src/publish/**/*.ts',
    'src/build/**/*.ts',
    'src/paths.ts',
    'src/render/pdf/handlers.ts',
    'src/render/docx/handlers.ts',
    'src/render/html/handlers.ts',
    'src/render/csv.ts',
    'src/render/escape.ts',
  ],
  incremental: true,
  incrementalFile: 'test/mutation/incremental.json',
  reporters: ['clear-text', 'progress', 'html', 'json'],
  htmlReporter: { fileName: 'reports/mutation/index.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  thresholds: { high: 95, low: 85, break: null },
  concurrency: 2,
  tempDirName: '.stryker-tmp',
  // Runs of two groups side by side (each with its own --tempDirName) must not copy each other's sandboxes.
  ignorePatterns: ['/.stryker-tmp*'],
  cleanTempDir: 'always',
  timeoutMS: 20000,
  // Static mutants (module-level code: zod schemas, tables) need every test of the unit project each, so they
  // are left out of the everyday run; ALBO_MUTATION_STATIC=1 includes them (npm run mutation:pay:static).
  ignoreStatic: process.env.ALBO_MUTATION_STATIC !== '1',
};
