// Preloaded (node --import) by test/incremental.test.ts: records every module the process resolves in the
// file named by ALBO_IMPORT_LOG, so a test can tell which libraries a command loaded.
import { register } from 'node:module';

register('./log-imports-hooks.mjs', import.meta.url);
