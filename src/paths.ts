import path from 'node:path';

/**
 * Whether a relative path (from `path.relative`) leaves its base folder: «..» or «../…», or another drive.
 * A name that only starts with two dots («..pesaro», «..bozze») is inside.
 */
export const leavesBase = (rel: string) => rel === '..' || rel.startsWith('..' + path.sep) || path.isAbsolute(rel);

/** Whether `file` is `dir` itself or anywhere below it. */
export const isInside = (dir: string, file: string) => !leavesBase(path.relative(dir, file));
