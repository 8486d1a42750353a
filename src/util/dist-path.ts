import { existsSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The path of a separately started script in dist/ (e.g. `emulator/worker/device-worker.js`). Code that calls this may be
 * bundled into dist/<entry>.js, dist/emulator/<concern>/*.js or dist/chunks/*.js, so walk up to the folder that holds cli.js.
 */
export function distFile(relative: string): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    if (existsSync(join(dir, 'cli.js')) && basename(dir) === 'dist') return join(dir, relative);
    dir = dirname(dir);
  }
  // Running from src/ (tests through vitest): use the built copy next to the sources.
  return join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist', relative);
}
