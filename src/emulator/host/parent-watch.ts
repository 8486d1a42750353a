/**
 * Tells a device host that the process which started it is gone, however it died (SIGKILL, a test worker torn down
 * by vitest, a cancelled CI job), so that a host started attached to a parent does not outlive it.
 *
 * How: every second, compare `process.ppid` with the parent's pid read when the host started. On Linux a process
 * whose parent dies is re-parented at once (to init or the nearest subreaper), so its ppid changes, and a pid cannot
 * come back as our parent: the new parent is a process that was alive all along. Node reads `process.ppid` afresh
 * (getppid(2)) on every access. Why this and not the alternatives:
 * - an IPC channel's 'disconnect' or the end of a stdin pipe would need every starter to hand the host a channel and
 *   keep it to itself (the test helpers, the benches and the fuzz script spawn it with stdin ignored; a shell has no
 *   IPC channel; a pipe inherited by another process never ends); the ppid needs nothing from the starter;
 * - prctl(PR_SET_PDEATHSIG) is not reachable from Node without a native addon;
 * - `kill(ppid, 0)` would be fooled by the pid being reused.
 * Cost when idle: one getppid(2) a second on an unref'd timer (it never keeps the process alive), well under a
 * microsecond of CPU a second.
 *
 * The one case it cannot see: a parent that died before the host read its pid (the host would then take init for its
 * parent). host-main.ts reads the pid first thing, before the host's modules load, to keep that window small.
 */

/** Polls every `intervalMs` until the process's parent is no longer `parentPid`, then calls `gone` once. */
export function whenParentExits(parentPid: number, gone: () => void, intervalMs = 1000): () => void {
  const timer = setInterval(() => {
    if (process.ppid === parentPid) return;
    clearInterval(timer);
    gone();
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
