/**
 * The build daemon's process entry (dist/build-daemon.cjs), started detached by a `hmos build` that found none
 * (client.ts): it runs the daemon from dist/cli-build.cjs — the one-shot build's CLI, through the same V8 code cache.
 */
import { join } from 'node:path';
import { runFileCached } from '../util/code-cache.js';
import { hmosHome } from '../util/paths.js';

const socket = process.argv[2];
if (!socket) process.exit(2);
const cli = runFileCached(join(__dirname, 'cli-build.cjs'), hmosHome(), 'hmos-cli-build') as { serveBuildDaemon(socket: string): Promise<void> };
void cli.serveBuildDaemon(socket);
