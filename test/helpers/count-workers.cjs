// Preloaded (node -r) by test/parallel.test.ts: counts the worker threads the process starts, so the test
// knows the parallel build really rendered on workers (and the single-threaded one on none).
const threads = require('node:worker_threads');
const Original = threads.Worker;
let started = 0;
threads.Worker = class extends Original {
  constructor(...args) {
    super(...args);
    started++;
  }
};
process.on('exit', () => process.stderr.write(`\nworker avviati: ${started}\n`));
