// Stands in for js-yaml in the bundled CLI (scripts/bundle.mjs). gray-matter loads js-yaml for its default
// YAML engine, but albo always passes its own (the yaml package, src/load/source.ts) and refuses any other
// frontmatter language: js-yaml is never called, and loading it cost about 20 ms of every command.
const unused = () => {
  throw new Error('albo: js-yaml non è incluso (il frontmatter si legge con il pacchetto yaml)');
};
module.exports = { safeLoad: unused, safeDump: unused, load: unused, dump: unused };
