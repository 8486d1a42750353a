/**
 * Synchronous clean-up on Ctrl-C / SIGTERM: temp folders and half-written outputs are removed before the process
 * exits, so an interrupted command leaves nothing behind. Handlers run in reverse order of registration.
 */
const handlers = new Set<() => void>();
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
