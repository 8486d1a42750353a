import { homedir } from 'node:os';
import { join, relative } from 'node:path';

/**
 * The hmos state folder: signing keys, the device registry, device data. `HMOS_HOME` wins (tests and CI set it),
 * then `$XDG_STATE_HOME/hmos`, then `~/.local/state/hmos`.
 */
export function hmosHome(env = process.env): string {
  if (env.HMOS_HOME) return env.HMOS_HOME;
  const xdg = env.XDG_STATE_HOME || join(homedir(), '.local', 'state');
  return join(xdg, 'hmos');
}

/** Whether `file` is `dir` or inside it (paths as given: absolute, or relative to the same folder). */
export function isInsideDir(file: string, dir: string): boolean {
  const r = relative(dir, file);
  return r === '' || (!r.startsWith('..') && !r.startsWith('/'));
}
