/**
 * Synchronous clean-up on Ctrl-C / SIGTERM: temp folders and half-written outputs are removed before the process
 * exits, so an interrupted command leaves nothing behind. Handlers run in reverse order of registration.
 *
 * A long-running command that ends normally on Ctrl-C (`hmos build --watch`) registers a graceful stop with
 * `onInterruptStop`: the first signal then calls it instead of exiting, so the command finishes its work in progress
 * (whose clean-ups release themselves as usual) and exits with its own status. A second signal exits at once, with
 * the clean-ups and the shell's status for the signal.
 */
const handlers = new Set<() => void>();
const stops: ((signal: NodeJS.Signals) => void)[] = [];
let stopping = false;
let installed = false;

function runAll(): void {
  for (const h of [...handlers].reverse()) {
    try {
      h();
    } catch {
      // keep cleaning the rest
    }
  }
  handlers.clear();
}

function install(): void {
  if (installed) return;
  installed = true;
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(sig, () => {
      const stop = stops.at(-1);
      if (stop && !stopping) {
        stopping = true;
        stop(sig);
        return;
      }
      runAll();
      process.exit(sig === 'SIGINT' ? 130 : sig === 'SIGTERM' ? 143 : 129);
    });
  }
}

/** Registers a clean-up for an interrupt; call the returned function once the work is safely done. */
export function onInterrupt(handler: () => void): () => void {
  install();
  handlers.add(handler);
  return () => {
    handlers.delete(handler);
  };
}

/** Makes the next Ctrl-C / SIGTERM / SIGHUP call `stop` instead of exiting; the returned function unregisters it. */
export function onInterruptStop(stop: (signal: NodeJS.Signals) => void): () => void {
  install();
  stops.push(stop);
  return () => {
    const i = stops.indexOf(stop);
    if (i >= 0) stops.splice(i, 1);
    if (stops.length === 0) stopping = false;
  };
}
