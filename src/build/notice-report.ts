/** The deadline a regenerated notice prints, loaded by the CLI only after a build wrote one. */
export { avvisoTerms } from '../kinds/avviso.js';
export { describeTerms } from '../compute/notice-terms.js';
