import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let folder: string | undefined;
const dir = () => (folder ??= require.resolve('pdfmake').replace(/index\.js$/, ''));

/**
 * The default export of one of pdfmake's own modules (`js/<name>.js`): the very instance pdfmake's printer
 * loads (one require cache), where albo's corrections to pdfmake and pdfkit are installed.
 */
export function pdfmakeModule<T>(name: string): T {
  return (require(`${dir()}${name}.js`) as { default: T }).default;
}

/** A package as pdfmake loads it (pdfkit): resolved from pdfmake's own folder, the same instance. */
export function pdfmakeDependency<T>(name: string): T {
  return require(require.resolve(name, { paths: [dir()] })) as T;
}
