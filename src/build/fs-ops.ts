import { copyFile, link, lstat, mkdir, open, readdir, readFile, readlink, rename, rm, stat, symlink, utimes, writeFile } from 'node:fs/promises';

/**
 * The file operations of loading and committing a build, in one object so that tests can make one fail
 * (a full disk, a read-only folder, an unreadable file) where the real condition cannot be produced:
 * tests run as root, which ignores permissions, and cannot fill a disk. Production code never changes it.
 */
export const fsOps = { copyFile, link, lstat, mkdir, open, readdir, readFile, readlink, rename, rm, stat, symlink, utimes, writeFile };
