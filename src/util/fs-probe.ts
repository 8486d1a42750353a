import { statSync } from 'node:fs';

// `throwIfNoEntry: false`: resolving an import probes several names that do not exist, and an ENOENT exception per
// probe costs more than the stat itself. Any other failure (EACCES, ENAMETOOLONG…) means "not there" to a resolver.

/** Whether `p` is a regular file (following links); false for anything that cannot be read. */
export function isFile(p: string): boolean {
  try {
    return statSync(p, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}

/** Whether `p` is a folder (following links); false for anything that cannot be read. */
export function isDir(p: string): boolean {
  try {
    return statSync(p, { throwIfNoEntry: false })?.isDirectory() ?? false;
  } catch {
    return false;
  }
}
