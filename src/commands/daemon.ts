/**
 * `hmos daemon [status|stop] [--json]` — the background build daemons of this state folder (src/build-daemon/):
 * which are running (pid, builds served, memory), or stop them all (each finishes the builds it has begun first).
 */
import { HmosError } from '../errors.js';
import { daemonStatuses, stopDaemons } from '../build-daemon/client.js';
import type { DaemonStatus } from '../build-daemon/protocol.js';
import type { CommandContext } from './context.js';

export async function run(ctx: CommandContext, args: unknown[]): Promise<number> {
  const action = typeof args[0] === 'string' ? args[0] : 'status';
  if (action === 'status') {
    const daemons = await daemonStatuses(ctx.env);
    ctx.result({ daemons }, () => (daemons.length ? daemons.map(describe).join('\n') : 'no build daemon is running'));
    return 0;
  }
  if (action === 'stop') {
    const stopped = await stopDaemons(ctx.env);
    ctx.result({ stopped }, () => (stopped.length ? `stopped ${stopped.length === 1 ? 'the build daemon' : `${stopped.length} build daemons`} (${stopped.map((d) => `pid ${d.pid}`).join(', ')})` : 'no build daemon was running'));
    return 0;
  }
  throw new HmosError('UNKNOWN_ACTION', `unknown daemon action "${action}": use \`hmos daemon status\` or \`hmos daemon stop\``);
}

function describe(d: DaemonStatus): string {
  const up = Math.round((Date.now() - Date.parse(d.startedAt)) / 1000);
  const since = up < 120 ? `${up} s` : `${Math.round(up / 60)} min`;
  return `build daemon pid ${d.pid}: up ${since}, ${d.builds} build${d.builds === 1 ? '' : 's'}, ${Math.round(d.rssBytes / 1048576)} MB (hmos ${d.buildId})`;
}
