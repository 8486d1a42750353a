import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import JSON5 from 'json5';
import { hmosBin, runHmos, tempDir } from '../helpers/cli.js';

const readJson5 = (file: string) => JSON5.parse(readFileSync(file, 'utf8'));

/** A user error: exit 1, `error CODE:` on stderr, no stack trace. */
function expectUserError(r: { exitCode: number; stderr: string }, code: string, message: RegExp) {
  expect(r.exitCode, r.stderr).toBe(1);
  expect(r.stderr).toContain(`error ${code}:`);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at /);
}

describe('hmos create', () => {
  it('prints {dir, template, bundleName, deviceTypes, files} with --json', async () => {
    const parent = tempDir();
    const r = await runHmos(['create', 'TaskApp', '--template', 'agent', '--json'], { cwd: parent });
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ dir: join(parent, 'TaskApp'), template: 'agent', bundleName: 'com.example.taskapp', deviceTypes: ['phone', 'tablet'] });
    expect(out.files).toEqual(expect.arrayContaining(['entry/src/main/ets/intents/TaskIntents.ets', 'entry/src/main/resources/base/profile/insight_intent.json']));
    for (const f of out.files) expect(existsSync(join(parent, 'TaskApp', f)), f).toBe(true);
    expect(readdirSync(parent)).toEqual(['TaskApp']);
  });

  it('takes --bundle-name and --device-types with aliases (watch → wearable, pc → 2in1)', async () => {
    const parent = tempDir();
    const r = await runHmos(['create', join(parent, 'deep', 'Multi'), '-t', 'multi-device', '--bundle-name', 'org.acme.multi',
      '--device-types', 'phone, watch,pc,phone', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.deviceTypes).toEqual(['phone', 'wearable', '2in1']);
    expect(out.bundleName).toBe('org.acme.multi');
    const dir = join(parent, 'deep', 'Multi');
    expect(readJson5(join(dir, 'entry/src/main/module.json5')).module.deviceTypes).toEqual(['phone', 'wearable', '2in1']);
    expect(readJson5(join(dir, 'AppScope/app.json5')).app.bundleName).toBe('org.acme.multi');
  });

  it('defaults to the app template, and multi-device to phone, tablet and wearable', async () => {
    const parent = tempDir();
    const app = await runHmos(['create', 'my-app'], { cwd: parent });
    expect(app.exitCode, app.stderr).toBe(0);
    expect(app.stdout).toMatch(/Created my-app \(app template, com\.example\.my_app\)/);
    expect(readJson5(join(parent, 'my-app/AppScope/app.json5')).app.bundleName).toBe('com.example.my_app');
    expect(existsSync(join(parent, 'my-app/entry/src/main/ets/pages/Detail.ets'))).toBe(true);
    const multi = await runHmos(['create', 'Multi', '--template', 'multi-device', '--json'], { cwd: parent });
    expect(JSON.parse(multi.stdout).deviceTypes).toEqual(['phone', 'tablet', 'wearable']);
    const mod = readJson5(join(parent, 'Multi/entry/src/main/module.json5')).module;
    expect(mod.abilities[0].continuable).toBe(true);
    expect(mod.requestPermissions[0].name).toBe('ohos.permission.DISTRIBUTED_DATASYNC');
  });

  it.each([
    ['my app', /whitespace/],
    ['1app', /starts with a digit/],
    ['class', /reserved word/],
    ['struct', /reserved word/],
    ['app!', /not allowed/],
    [' ', /empty/],
  ])('refuses the project name %j', async (name, message) => {
    const parent = tempDir();
    const r = await runHmos(['create', name], { cwd: parent });
    expectUserError(r, 'CREATE_INVALID_NAME', message);
    expect(readdirSync(parent)).toEqual([]);
  });

  it.each([
    ['com.example', /at least three/],
    ['a.b.c', /7 to 128 bytes/],
    [`com.example.${'x'.repeat(120)}`, /7 to 128 bytes/],
    ['com.example.my-app', /not allowed/],
    ['1com.example.app', /starts with a digit/],
    ['com..example.app', /empty segment/],
  ])('refuses the bundle name %j', async (bundleName, message) => {
    const parent = tempDir();
    const r = await runHmos(['create', 'App', '--bundle-name', bundleName, '--json'], { cwd: parent });
    expectUserError(r, 'CREATE_INVALID_BUNDLE_NAME', message);
    expect(JSON.parse(r.stdout).error.code).toBe('CREATE_INVALID_BUNDLE_NAME');
    expect(readdirSync(parent)).toEqual([]);
  });

  it('accepts every bundle name the build accepts: an atomic service (com.atomicservice.<19 digits>) is created and builds', async () => {
    const parent = tempDir();
    const name = 'com.atomicservice.1234567890123456789';
    const r = await runHmos(['create', 'App', '--bundle-name', name], { cwd: parent });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(readFileSync(join(parent, 'App', 'AppScope', 'app.json5'), 'utf8')).toContain(name);
    const built = await runHmos(['build', join(parent, 'App')]);
    expect(built.exitCode, built.stderr).toBe(0);
  });

  it('lists the valid templates for an unknown one', async () => {
    const parent = tempDir();
    const r = await runHmos(['create', 'App', '--template', 'game'], { cwd: parent });
    expectUserError(r, 'CREATE_UNKNOWN_TEMPLATE', /Unknown template "game"\. Valid templates: app, agent, multi-device\./);
    expect(readdirSync(parent)).toEqual([]);
  });

  it('lists the valid device types for an unknown one', async () => {
    const parent = tempDir();
    const r = await runHmos(['create', 'App', '--device-types', 'phone,fridge'], { cwd: parent });
    expectUserError(r, 'CREATE_UNKNOWN_DEVICE_TYPE', /Unknown device type "fridge"\. Valid device types: phone, tablet, 2in1, wearable, tv, car \(aliases: watch → wearable, pc → 2in1\)/);
    expect(readdirSync(parent)).toEqual([]);
  });

  it('refuses a non-empty folder without --force, and replaces it with --force', async () => {
    const parent = tempDir();
    mkdirSync(join(parent, 'App'));
    writeFileSync(join(parent, 'App', 'keep.txt'), 'mine');
    const refused = await runHmos(['create', 'App'], { cwd: parent });
    expectUserError(refused, 'CREATE_TARGET_NOT_EMPTY', /not empty.*--force/);
    expect(readdirSync(join(parent, 'App'))).toEqual(['keep.txt']);

    const forced = await runHmos(['create', 'App', '--force', '--json'], { cwd: parent });
    expect(forced.exitCode, forced.stderr).toBe(0);
    expect(existsSync(join(parent, 'App', 'keep.txt'))).toBe(false);
    expect(existsSync(join(parent, 'App', 'AppScope', 'app.json5'))).toBe(true);
    expect(readdirSync(parent)).toEqual(['App']);
  });

  it('creates into an existing empty folder', async () => {
    const parent = tempDir();
    mkdirSync(join(parent, 'App'));
    const r = await runHmos(['create', 'App'], { cwd: parent });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(existsSync(join(parent, 'App', 'entry', 'src', 'main', 'module.json5'))).toBe(true);
  });

  it('says when the parent folder is not writable', async () => {
    const root = tempDir();
    chmodSync(root, 0o755);
    const parent = join(root, 'locked');
    mkdirSync(parent, { mode: 0o555 });
    chmodSync(parent, 0o555);
    // root ignores permission bits, so run the CLI as an unprivileged user there.
    const asRoot = process.getuid?.() === 0;
    const r = await execa(process.execPath, [hmosBin, 'create', join(parent, 'App')], {
      reject: false, env: { NO_COLOR: '1', HMOS_HOME: join(root, 'home') }, cwd: root,
      ...(asRoot ? { uid: 65534, gid: 65534 } : {}),
    });
    expectUserError({ exitCode: r.exitCode ?? -1, stderr: String(r.stderr) }, 'CREATE_PARENT_NOT_WRITABLE', /not writable \(EACCES\)/);
    expect(readdirSync(parent)).toEqual([]);
  });

  it('says when a file is in the way of the parent folder', async () => {
    const parent = tempDir();
    writeFileSync(join(parent, 'file'), 'x');
    const r = await runHmos(['create', join(parent, 'file', 'sub', 'App')]);
    expectUserError(r, 'CREATE_PARENT_NOT_WRITABLE', /a file is in the way/);
    expect(readdirSync(parent)).toEqual(['file']);
  });

  it('needs a folder name when there is no terminal to ask in', async () => {
    const r = await runHmos(['create'], { cwd: tempDir() });
    expectUserError(r, 'CREATE_NO_NAME', /hmos create MyApp/);
  });

  it('leaves nothing behind when interrupted with Ctrl-C (SIGINT) mid-create', async () => {
    const parent = tempDir();
    const child = execa(process.execPath, [hmosBin, 'create', join(parent, 'nested', 'App')], {
      reject: false, env: { NO_COLOR: '1', HMOS_HOME: tempDir('hmos-home-'), HMOS_CREATE_SLOW_MS: '40' },
    });
    // Wait until the temp folder beside the target holds some files, then interrupt.
    const nested = join(parent, 'nested');
    await waitFor(() => existsSync(nested) && readdirSync(nested).some((n) => n.startsWith('.hmos-tmp-')
      && readdirSync(join(nested, n)).length >= 3));
    child.kill('SIGINT');
    const r = await child;
    expect(r.exitCode).toBe(130);
    expect(readdirSync(parent)).toEqual([]);
  });

  it('keeps the old folder when a --force create is interrupted', async () => {
    const parent = tempDir();
    mkdirSync(join(parent, 'App'));
    writeFileSync(join(parent, 'App', 'keep.txt'), 'mine');
    const child = execa(process.execPath, [hmosBin, 'create', 'App', '--force'], {
      cwd: parent, reject: false, env: { NO_COLOR: '1', HMOS_HOME: tempDir('hmos-home-'), HMOS_CREATE_SLOW_MS: '40' },
    });
    await waitFor(() => readdirSync(parent).some((n) => n.startsWith('.hmos-tmp-')));
    child.kill('SIGINT');
    const r = await child;
    expect(r.exitCode).toBe(130);
    expect(readdirSync(parent)).toEqual(['App']);
    expect(readdirSync(join(parent, 'App'))).toEqual(['keep.txt']);
  });

  it('asks for the name and the template in a terminal (a real pty through `script`)', async () => {
    const cwd = tempDir();
    // `stty` gives the pty a size; clack wraps at every character in a 0-column terminal.
    const child = spawn('script', ['-qfec', `stty cols 100 rows 30; exec '${process.execPath}' '${hmosBin}' create`, '/dev/null'], {
      cwd, env: { ...process.env, TERM: 'xterm', NO_COLOR: '1', HMOS_HOME: tempDir('hmos-home-') },
    });
    let screen = '';
    const steps: [RegExp, string][] = [
      [/Project name/, '1'], [/1█/, '\r'], [/starts with a digit/, '\x7fPrompted\r'],
      [/◆ {2}Template/, '\x1b[B'], [/● agent/, '\r'],
    ];
    child.stdout.on('data', (data: Buffer) => {
      screen += data.toString('utf8');
      const step = steps[0];
      if (step && step[0].test(screen)) {
        steps.shift();
        screen = '';
        setTimeout(() => child.stdin.write(step[1]), 50);
      }
    });
    const guard = setTimeout(() => child.kill('SIGKILL'), 20_000);
    const code = await new Promise<number | null>((resolve) => child.on('exit', resolve));
    clearTimeout(guard);
    expect(steps).toEqual([]);
    expect(code).toBe(0);
    expect(readdirSync(cwd)).toEqual(['Prompted']);
    expect(existsSync(join(cwd, 'Prompted/entry/src/main/ets/intents/ListTasksIntent.ets'))).toBe(true);
  });
});

async function waitFor(cond: () => boolean, timeoutMs = 10_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > timeoutMs) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 10));
  }
}
