/**
 * Real HarmonyOS devices through `hdc` (HDC_PATH, or `hdc` on PATH). hdc reports failures on stdout as lines
 * starting with `[Fail]` while often exiting 0, so every answer is checked for them. A real device only installs
 * HAPs built and signed by the official toolchain; hmos deploys those with `--hap`.
 */
import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { HmosError } from '../errors.js';

export function findHdc(env = process.env): string | undefined {
  if (env.HDC_PATH) return env.HDC_PATH;
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of process.platform === 'win32' ? ['hdc.exe'] : ['hdc']) {
      if (existsSync(join(dir, name))) return join(dir, name);
    }
  }
  return undefined;
}

export class HdcClient {
  constructor(readonly bin: string, private readonly env = process.env) {}

  private async run(args: string[], timeout = 120_000): Promise<string> {
    const { execa } = await import('execa');
    const r = await execa(this.bin, args, { reject: false, timeout, env: this.env });
    const out = `${r.stdout ?? ''}\n${r.stderr ?? ''}`.trim();
    // `[Fail]…` lines, `error: …` lines (aa start), and `msg:error: …` inside an install's [Info] line.
    const fail = out.split('\n').find((l) => /^\[Fail\]/i.test(l.trim()) || /^error:/i.test(l.trim()) || /msg:\s*error:/i.test(l));
    if (r.failed && r.exitCode === undefined) {
      throw new HmosError('HDC_FAILED', `hdc could not run (${r.shortMessage ?? r.message}); check HDC_PATH`);
    }
    if (fail || r.exitCode !== 0) {
      throw new HmosError('HDC_FAILED', `hdc ${args.filter((a) => a !== '-t').slice(0, 3).join(' ')}: ${(fail ?? out.split('\n')[0] ?? `exit ${r.exitCode}`).trim()}`);
    }
    return String(r.stdout ?? '');
  }

  /** Connected device keys (`hdc list targets`; `[Empty]` means none). */
  async targets(): Promise<string[]> {
    const out = await this.run(['list', 'targets'], 10_000);
    return out.split('\n').map((l) => l.trim()).filter((l) => l && !/^\[Empty\]/i.test(l));
  }

  /** Installs a HAP, with the app's HSPs after it (hdc installs the packages of one app together). */
  async install(key: string, hapFile: string, hspFiles: readonly string[] = []): Promise<void> {
    await this.run(['-t', key, 'install', '-r', hapFile, ...hspFiles]);
  }

  async start(key: string, bundleName: string, ability: string): Promise<void> {
    await this.run(['-t', key, 'shell', 'aa', 'start', '-a', ability, '-b', bundleName]);
  }

  /** Takes a screenshot on the device and copies it to `localFile` (JPEG). */
  async screenshot(key: string, localFile: string): Promise<void> {
    const remote = '/data/local/tmp/hmos.jpeg';
    await this.run(['-t', key, 'shell', 'snapshot_display', '-f', remote]);
    await this.run(['-t', key, 'file', 'recv', remote, localFile]);
  }

  /** Streams `hdc hilog` lines until the returned stop function is called (or the device goes away). */
  hilog(key: string, onLine: (line: string) => void, follow: boolean): { done: Promise<void>; stop(): void } {
    let stopped = false;
    let kill = () => { stopped = true; };
    const done = (async () => {
      // execa is loaded only when a real device is used: `hmos devices` stays fast without one.
      const { execa } = await import('execa');
      if (stopped) return;
      const child = execa(this.bin, ['-t', key, 'hilog', ...(follow ? [] : ['-x'])], { reject: false, env: this.env, buffer: false });
      kill = () => { child.kill(); };
      let rest = '';
      child.stdout?.on('data', (b: Buffer) => {
        const lines = (rest + b.toString('utf8')).split('\n');
        rest = lines.pop() ?? '';
        for (const l of lines) if (l.trim()) onLine(l);
      });
      await child;
      if (rest.trim()) onLine(rest);
    })();
    return { done, stop: () => kill() };
  }
}
