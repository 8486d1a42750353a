/**
 * Source text of a call to a function the realm gets from its own source text (`fn.toString()`: the framework's,
 * the kits' and the realm extensions' install functions, see framework/core.ts).
 *
 * Why `(0, function …)(…)` and not `(function …)(…)`: V8 takes a function written right after `(` to be called at once
 * and compiles it together with the function around it. The framework script wrote its ~60 install functions that way,
 * so the first realm of a device thread parsed all of them in one go: a 6 MB parse (AST) peak per thread. That memory
 * is freed after the compile, but glibc's malloc keeps it in the thread's arena: in a 16-device session the arenas
 * held ~160 MB, ~85 MB now. Written this way, each function is compiled on its own when it is called (its parse is
 * freed before the next one's), with the same result.
 */
export function realmCall(fn: (...args: any[]) => unknown, ...args: string[]): string {
  return `(0, ${fn.toString()})(${args.join(', ')})`;
}
