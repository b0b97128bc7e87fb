/** What the publishing commands (pubblica, annulla, relata) load, in one dynamic import from the CLI. */
export { packageDir, publishAct, PUBLISHABLE } from '../publish/publish.js';
export { registerPath } from '../publish/register.js';
export { annulPublication, relataOfPublication } from '../publish/relata.js';
export { NOT_CHECKED } from '../publish/signature.js';
export { writeAtomically } from './write.js';
