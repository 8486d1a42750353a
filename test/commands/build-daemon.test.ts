import { afterAll, describe, expect, it } from 'vitest';
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import { hmosBin, runHmos, tempDir } from '../helpers/cli.js';
import { copyFixture } from '../helpers/fixture.js';

/**
 * The build daemon end to end (src/build-daemon/): real `hmos build` processes, the real detached daemon they start,
 * its Unix socket. The suite turns daemons off for every other test (test/global-setup.ts); these turn them on.
 */
const homes: string[] = [];
const on = (home: string) => ({ HMOS_HOME: home, HMOS_DAEMON: '1' });

afterAll(async () => {
  for (const home of homes) await runHmos(['daemon', 'stop'], { env: { HMOS_HOME: home } });
});

interface Status { pid: number; builds: number; socket: string }
async function statuses(home: string): Promise<Status[]> {
  const r = await runHmos(['daemon', 'status', '--json'], { env: { HMOS_HOME: home } });
  expect(r.exitCode).toBe(0);
  return (JSON.parse(r.stdout) as { daemons: Status[] }).daemons;
}

/** The daemon a first build started, once it listens (a daemon starts in the background: up to 30 s on a busy machine). */
async function daemonOf(home: string): Promise<Status> {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
    const [d] = await statuses(home);
    if (d) return d;
  }
  throw new Error(`no build daemon answered for ${home}`);
}

/** Daemon processes whose command line names this state folder (a daemon's socket lives in it). */
function daemonProcesses(home: string): number[] {
  let out = '';
  try {
    out = execFileSync('pgrep', ['-f', `build-daemon.cjs ${home}/`], { encoding: 'utf8' });
  } catch {
    return []; // pgrep exits 1 when nothing matches
  }
  return out.split('\n').filter(Boolean).map(Number);
}

async function gone(pid: number, withinMs = 30_000): Promise<boolean> {
  for (const deadline = Date.now() + withinMs; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
    try {
      process.kill(pid, 0);
    } catch {
      return true;
    }
  }
  return false;
}

/** A new state folder, a copy of the v1-app fixture, and the daemon the copy's first build started there. */
async function firstBuild(): Promise<{ home: string; dir: string; daemon: Status }> {
  const home = newHome();
  const dir = copyFixture('build/v1-app');
  expect((await runHmos(['build', dir], { env: on(home) })).exitCode).toBe(0);
  return { home, dir, daemon: await daemonOf(home) };
}

function newHome(): string {
  const home = tempDir('hmos-daemon-home-');
  homes.push(home);
  return home;
}

describe('hmos build through the build daemon', () => {
  it('runs later builds in the daemon the first one starts: same output, edits seen, errors with file:line:col, exit codes, --json', async () => {
    const home = newHome();
    const dir = copyFixture('build/v1-app');
    const first = await runHmos(['build', dir], { env: on(home) });
    expect(first.stderr).toBe('');
    expect(first.exitCode).toBe(0);
    const daemon = await daemonOf(home);
    expect(daemon.builds).toBe(0);
    expect((readdirSync(join(home, 'daemon')).length)).toBeGreaterThan(0);

    const page = join(dir, 'entry/src/main/ets/pages/Second.ets');
    const original = readFileSync(page, 'utf8');
    writeFileSync(page, original.replace("'Second page'", "'Second page, edited'"));
    const edited = await runHmos(['build', dir], { env: on(home) });
    expect(edited.stderr).toBe('');
    expect(edited.exitCode).toBe(0);
    expect(edited.stdout).toMatch(/built entry → .*entry-default-signed\.hap/);
    const [after] = await statuses(home);
    expect(after).toMatchObject({ pid: daemon.pid, builds: 1 });

    // the edit is in the package the daemon wrote
    const preview = await runHmos(['preview', dir, '--page', 'pages/Second'], { env: { HMOS_HOME: home } });
    expect(preview.stdout).toContain('Second page, edited');

    // a project error: exit 1, the location as in a build of its own
    writeFileSync(page, original.replace("'Second page'", "'Second page' +"));
    const broken = await runHmos(['build', dir], { env: on(home) });
    expect(broken.exitCode).toBe(1);
    expect(broken.stderr).toMatch(/Second\.ets:\d+:\d+/);
    expect(broken.stderr).toMatch(/build failed: \d+ errors?/);
    expect(broken.stderr).not.toMatch(/\n\s+at /);
    // word for word what a build in its own process prints
    const alone = await runHmos(['build', dir, '--no-daemon'], { env: on(home) });
    expect(alone.exitCode).toBe(1);
    expect(broken.stderr).toBe(alone.stderr);
    expect(broken.stdout).toBe(alone.stdout);

    // bad input of the command itself, handled by the daemon as by the CLI
    const badMode = await runHmos(['build', dir, '--mode', 'fast'], { env: on(home) });
    expect(badMode.exitCode).toBe(1);
    expect(badMode.stderr).toMatch(/BAD_OPTION.*--mode must be debug or release/);
    const missing = await runHmos(['build', join(dir, 'no-such-folder')], { env: on(home) });
    expect(missing.exitCode).toBe(1);

    writeFileSync(page, original);
    const json = await runHmos(['build', dir, '--json'], { env: on(home) });
    expect(json.exitCode).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ ok: true });
    const [last] = await statuses(home);
    expect(last).toMatchObject({ pid: daemon.pid, builds: 5 });

    const stop = await runHmos(['daemon', 'stop'], { env: { HMOS_HOME: home } });
    expect(stop.stdout).toMatch(/stopped the build daemon/);
    expect(await gone(daemon.pid)).toBe(true);
    expect(existsSync(daemon.socket)).toBe(false);
    expect(await statuses(home)).toEqual([]);
  }, 180_000);

  it('is neither used nor started with HMOS_DAEMON=0, --no-daemon or on CI', async () => {
    const dir = copyFixture('build/v1-app');
    const cases: [Record<string, string | undefined>, string[]][] = [[{ HMOS_DAEMON: '0' }, []], [{ HMOS_DAEMON: '1' }, ['--no-daemon']], [{ CI: 'true', HMOS_DAEMON: undefined }, []]];
    for (const [env, args] of cases) {
      const home = newHome();
      const r = await runHmos(['build', dir, ...args], { env: { HMOS_HOME: home, ...env } });
      expect(r.exitCode, JSON.stringify(env)).toBe(0);
      // a daemon is spawned before the build's process exits: none exists now, none ever will
      expect(daemonProcesses(home), JSON.stringify(env)).toEqual([]);
      expect(existsSync(join(home, 'daemon')), JSON.stringify(env)).toBe(false);
    }
  }, 180_000);

  it('survives a daemon killed hard (the next build builds by itself and starts a new one) and refuses what is not a build', async () => {
    const { home, dir, daemon } = await firstBuild();

    // Anything but `hmos build` is refused, and a line that is not JSON ends only that connection.
    const ask = (line: string) => new Promise<string>((resolve) => {
      const s = connect(daemon.socket);
      let got = '';
      s.on('data', (d) => (got += d));
      s.on('close', () => resolve(got));
      s.on('error', () => resolve(got));
      s.write(line + '\n');
    });
    const env = { HMOS_HOME: home };
    expect(await ask(JSON.stringify({ hmos: 1, build: { argv: ['emulate', dir], cwd: dir, env, stdout: { isTTY: false }, stderr: { isTTY: false } } }))).toMatch(/refused/);
    expect(await ask(JSON.stringify({ hmos: 1, build: { argv: ['build', dir, '--watch'], cwd: dir, env, stdout: { isTTY: false }, stderr: { isTTY: false } } }))).toMatch(/refused/);
    expect(await ask('{"hmos":1,"build":{"argv":["build"],"cwd":"relative","env":{}}}')).toMatch(/refused/);
    expect(await ask('not json')).toBe('');
    expect((await statuses(home))[0]).toMatchObject({ pid: daemon.pid, builds: 0 });

    process.kill(daemon.pid, 'SIGKILL');
    expect(await gone(daemon.pid)).toBe(true);
    expect(existsSync(daemon.socket)).toBe(true); // left behind by the killed daemon
    writeFileSync(join(dir, 'entry/src/main/ets/pages/Second.ets'), readFileSync(join(dir, 'entry/src/main/ets/pages/Second.ets'), 'utf8') + '\n');
    const r = await runHmos(['build', dir], { env: on(home) });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/built entry/);
    const next = await daemonOf(home);
    expect(next.pid).not.toBe(daemon.pid);
  }, 180_000);

  it('serves builds that arrive together one after the other, and one whose client was killed does not stop it', async () => {
    const { home, dir: a, daemon } = await firstBuild();
    const b = copyFixture('build/ts-app');
    const [ra, rb] = await Promise.all([runHmos(['build', b], { env: on(home) }), runHmos(['build', a, '--mode', 'release'], { env: on(home) })]);
    expect(ra.stderr).toBe('');
    expect(rb.stderr).toBe('');
    expect([ra.exitCode, rb.exitCode]).toEqual([0, 0]);
    expect(existsSync(join(b, 'entry/build/default/outputs/default/entry-default-signed.hap'))).toBe(true);

    // a client killed while its build is queued or running: the daemon finishes or skips it and serves the next
    const { execa } = await import('execa');
    writeFileSync(join(a, 'entry/src/main/ets/pages/Second.ets'), readFileSync(join(a, 'entry/src/main/ets/pages/Second.ets'), 'utf8') + '\n');
    const doomed = execa(process.execPath, [hmosBin, 'build', a], { env: { NO_COLOR: '1', ...on(home) }, reject: false });
    setTimeout(() => doomed.kill('SIGKILL'), 150);
    await doomed;
    const next = await runHmos(['build', a], { env: on(home) });
    expect(next.stderr).toBe('');
    expect(next.exitCode).toBe(0);
    expect((await statuses(home))[0]?.pid).toBe(daemon.pid);

    // `kill <pid>` takes its socket with it
    process.kill(daemon.pid, 'SIGTERM');
    expect(await gone(daemon.pid)).toBe(true);
    expect(existsSync(daemon.socket)).toBe(false);
  }, 180_000);

  it('ends by itself when its state folder is removed, and is never used through a folder others can write', async () => {
    const { home, dir, daemon } = await firstBuild();
    rmSync(home, { recursive: true, force: true });
    expect(await gone(daemon.pid)).toBe(true);

    const shared = newHome();
    expect((await runHmos(['build', dir, '--no-daemon'], { env: on(shared) })).exitCode).toBe(0);
    execFileSync('mkdir', ['-p', join(shared, 'daemon')]);
    chmodSync(join(shared, 'daemon'), 0o777);
    writeFileSync(join(dir, 'entry/src/main/ets/pages/Second.ets'), readFileSync(join(dir, 'entry/src/main/ets/pages/Second.ets'), 'utf8') + '\n');
    const r = await runHmos(['build', dir], { env: on(shared) });
    expect(r.exitCode).toBe(0);
    expect(daemonProcesses(shared)).toEqual([]);
  }, 180_000);

  it('`hmos daemon` rejects an unknown action with a clear error', async () => {
    const r = await runHmos(['daemon', 'restart'], { env: { HMOS_HOME: newHome() } });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/UNKNOWN_ACTION: unknown daemon action "restart"/);
  });
});
