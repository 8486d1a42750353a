/** Polls `cond` every `everyMs` until it holds; throws after `ms` naming `what`. */
export async function until(cond: () => boolean | Promise<boolean>, ms = 30_000, what = 'condition', everyMs = 20): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}
