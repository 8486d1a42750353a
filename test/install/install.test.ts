// hmos install / add / remove against a real registry process on 127.0.0.1 (test/helpers/registry-server.mjs), serving
// archives packed from the fixture packages in test/fixtures/install/packages:
//   @test/card (1.0.0, 1.1.0) → @test/greeting ^1 · @test/badge → @test/greeting ^2 · cjs-lib (a CommonJS .tgz)
//   @private/secret (another registry, behind a token) · evil-* (archives that try to escape)
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { execa } from 'execa';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installProject } from '../../src/install/install.js';
import { isHmosError, type HmosError } from '../../src/errors.js';
import { hmosBin, repoRoot, runHmos, tempDir } from '../helpers/cli.js';
import { copyFixture } from '../helpers/fixture.js';
import { makeTgz } from '../helpers/tarball.js';
import { protectPrefix, publishPackages, startRegistry, type TestRegistry } from '../helpers/registry-fixtures.mjs';

const packages = join(repoRoot, 'test/fixtures/install/packages');
let reg: TestRegistry;
let regRoot: string;
const home = tempDir('hmos-install-home-'); // HOME: no user ~/.ohpm/.ohpmrc leaks in

function publishRaw(name: string, bytes: Buffer): void {
  const dir = join(regRoot, 'ohpm', name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, '1.0.0.har'), bytes);
  writeFileSync(join(dir, 'meta.json'), JSON.stringify({ 'dist-tags': { latest: '1.0.0' }, versions: { '1.0.0': {} } }));
}

beforeAll(async () => {
  regRoot = tempDir('hmos-registry-');
  publishPackages(regRoot, 'ohpm', packages, ['@test/greeting', '@test/card', '@test/badge', 'cjs-lib']);
  publishPackages(regRoot, 'private', packages, ['@private/secret']);
  publishPackages(regRoot, 'mirror', packages, ['@test/greeting', '@test/card', '@test/badge', 'cjs-lib']);
  protectPrefix(regRoot, 'private', 's3cret');
  const manifest = { path: 'package/oh-package.json5', content: '{ "name": "evil", "version": "1.0.0" }' };
  publishRaw('evil-dotdot', makeTgz([manifest, { path: 'package/../../escaped.txt', content: 'x' }]));
  publishRaw('evil-abs', makeTgz([manifest, { path: '/tmp/hmos-escaped.txt', content: 'x' }]));
  publishRaw('evil-link', makeTgz([manifest, { path: 'package/etc', type: '2', linkpath: '../../../../etc' }]));
  publishRaw('evil-big', makeTgz([manifest, { path: 'package/big.bin', size: 600 * 1024 * 1024 }]));
  reg = await startRegistry(regRoot);
});

afterAll(async () => {
  await reg?.stop();
});

/** The install fixture project with an .ohpmrc pointing at the test registry (fast retries). */
function project(changes: Record<string, string> = {}, rc = ''): string {
  const dir = copyFixture('install/project', changes);
  writeFileSync(join(dir, '.ohpmrc'), `# test registry\nregistry=${reg.url('ohpm')}\nretry_interval=10\nfetch_timeout=5000\n${rc}`);
  return dir;
}

function env(hmosHome = tempDir('hmos-home-'), extra: Record<string, string> = {}): Record<string, string> {
  return { HMOS_HOME: hmosHome, HOME: home, ...extra };
}

/** Every entry under the project: paths, link targets, file hashes — "exactly as it was" means this is equal. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      const st = lstatSync(p);
      const rel = relative(dir, p);
      if (st.isSymbolicLink()) out[rel] = 'link ' + readlinkSync(p);
      else if (st.isDirectory()) {
        out[rel] = 'dir';
        walk(p);
      } else out[rel] = createHash('sha1').update(readFileSync(p)).digest('hex');
    }
  };
  walk(dir);
  return out;
}

async function installError(dir: string, options: Parameters<typeof installProject>[1] = {}): Promise<HmosError> {
  try {
    await installProject(dir, { env: env(), ...options });
  } catch (err) {
    if (isHmosError(err)) return err;
    throw err;
  }
  throw new Error('install succeeded');
}

const sha512 = (file: string) => 'sha512-' + createHash('sha512').update(readFileSync(file)).digest('base64');

describe('hmos install from a registry', () => {
  it('lays out oh_modules as ohpm does (nested versions, a CommonJS package, a local folder), writes the lockfile, and hmos builds it', async () => {
    const dir = project();
    const hmosHome = tempDir('hmos-home-');
    const first = await runHmos(['install', dir, '--json'], { env: env(hmosHome) });
    expect(first.exitCode, first.stderr).toBe(0);
    expect(JSON.parse(first.stdout)).toMatchObject({ added: 5, removed: 0, unchanged: 0 });
    // hypium is provided by hmos: the registry lacking it is a warning, not an error
    expect(first.stderr).toMatch(/@ohos\/hypium was not installed/);

    const link = (p: string) => readlinkSync(join(dir, p));
    expect(link('entry/oh_modules/@test/card')).toBe('../../../oh_modules/.ohpm/@test+card@1.1.0/oh_modules/@test/card');
    expect(link('entry/oh_modules/cjs-lib')).toBe('../../oh_modules/.ohpm/cjs-lib@1.0.0/oh_modules/cjs-lib');
    expect(link('entry/oh_modules/mylib')).toBe('../../mylib');
    expect(link('oh_modules/.ohpm/@test+card@1.1.0/oh_modules/@test/greeting')).toBe('../../../@test+greeting@1.0.0/oh_modules/@test/greeting');
    expect(link('oh_modules/.ohpm/@test+badge@1.0.0/oh_modules/@test/greeting')).toBe('../../../@test+greeting@2.0.0/oh_modules/@test/greeting');
    expect(link('mylib/oh_modules/@test/greeting')).toBe('../../../oh_modules/.ohpm/@test+greeting@2.0.0/oh_modules/@test/greeting');
    // a plain npm package gets an oh-package.json5 made from its package.json
    expect(readFileSync(join(dir, 'oh_modules/.ohpm/cjs-lib@1.0.0/oh_modules/cjs-lib/oh-package.json5'), 'utf8')).toMatch(/"main": "lib\/index.js"/);

    const lockText = readFileSync(join(dir, 'entry/oh-package-lock.json5'), 'utf8');
    const lock = JSON.parse(lockText);
    expect(lock.lockfileVersion).toBe(3);
    expect(lock.specifiers).toEqual({
      '@test/badge@^1.0.0': '@test/badge@1.0.0',
      '@test/card@^1.0.0': '@test/card@1.1.0',
      '@test/greeting@^1.0.0': '@test/greeting@1.0.0',
      '@test/greeting@^2.0.0': '@test/greeting@2.0.0',
      'cjs-lib@^1.0.0': 'cjs-lib@1.0.0',
      'mylib@../mylib': 'mylib@../mylib',
    });
    expect(lock.packages['@test/card@1.1.0']).toMatchObject({
      resolved: `${reg.url('ohpm')}@test/card/-/card-1.1.0.har`, registryType: 'ohpm', dependencies: { '@test/greeting': '^1.0.0' },
      integrity: sha512(join(regRoot, 'ohpm/@test/card/1.1.0.har')),
    });
    expect(lock.packages['mylib@../mylib']).toMatchObject({ resolved: '../mylib', registryType: 'local' });

    // hmos build finds the packages where ohpm puts them — each with its own version of @test/greeting
    const preview = await runHmos(['preview', dir], { env: env(hmosHome) });
    expect(preview.exitCode, preview.stderr).toBe(0);
    expect(preview.stdout).toContain('card 1.1.0: Hello card (greeting 1)');
    expect(preview.stdout).toContain('badge: Hi badge! (greeting 2)');
    expect(preview.stdout).toContain('cjs 007');
    expect(preview.stdout).toContain('mylib: Hi lib (greeting 2)');

    // Up to date: nothing changes, nothing is downloaded, only hypium (not locked) is asked for.
    await reg.reset();
    const before = snapshot(dir);
    const again = await runHmos(['install', dir, '--json'], { env: env(hmosHome) });
    expect(JSON.parse(again.stdout)).toMatchObject({ added: 0, removed: 0, unchanged: 5, lockfiles: [] });
    expect(snapshot(dir)).toEqual(before);
    expect((await reg.requests()).map((r) => r.path)).toEqual(['/ohpm/@ohos/hypium']);

    // Lockfile round trip: a fresh checkout installs exactly what the lockfile says, from the cache, with the
    // registry asked for nothing it locks — even though @test/card has a newer version by then.
    for (const d of ['oh_modules', 'entry/oh_modules', 'mylib/oh_modules']) rmSync(join(dir, d), { recursive: true, force: true });
    await reg.reset();
    const fresh = await runHmos(['install', dir, '--frozen-lockfile'], { env: env(hmosHome) });
    expect(fresh.exitCode, fresh.stderr).toBe(0);
    expect(snapshot(dir)).toEqual(before);
    expect(readFileSync(join(dir, 'entry/oh-package-lock.json5'), 'utf8')).toBe(lockText);
    expect(await reg.requests()).toEqual([]); // (frozen: hypium, not locked, is not even asked for)

    // --offline: no request at all
    rmSync(join(dir, 'oh_modules'), { recursive: true });
    await reg.reset();
    const offline = await runHmos(['install', dir, '--offline', '--json'], { env: env(hmosHome) });
    expect(offline.exitCode, offline.stderr).toBe(0);
    expect(JSON.parse(offline.stdout)).toMatchObject({ added: 5 });
    expect(await reg.requests()).toEqual([]);
    expect(snapshot(dir)).toEqual(before);

    // Store files are hard links to the shared cache (as pnpm does), so an in-place edit in oh_modules reaches the
    // cache; --force downloads, unpacks and lays out everything again, undoing it
    const stored = join(dir, 'oh_modules/.ohpm/@test+greeting@1.0.0/oh_modules/@test/greeting/oh-package.json5');
    expect(statSync(stored).nlink).toBeGreaterThan(1);
    appendFileSync(stored, '// patched in place\n');
    await reg.reset();
    const forced = await runHmos(['install', dir, '--force', '--json'], { env: env(hmosHome) });
    expect(JSON.parse(forced.stdout)).toMatchObject({ added: 0, unchanged: 5 });
    expect((await reg.requests()).filter((r) => r.path.includes('/-/'))).toHaveLength(5);
    expect(snapshot(dir)).toEqual(before);

    // an archive the registry corrupts is refused, and the project stays exactly as it was
    await reg.faults([{ match: '/-/greeting-1.0.0.har', corrupt: true }]);
    const corrupt = await runHmos(['install', dir, '--force'], { env: env(hmosHome) });
    expect(corrupt.exitCode).toBe(1);
    expect(corrupt.stderr).toMatch(/INTEGRITY_MISMATCH: the archive of @test\/greeting@1\.0\.0 .* does not match its integrity/);
    expect(snapshot(dir)).toEqual(before);
    await reg.reset();
  }, 60_000);

  it('--offline names every package missing from the cache; --frozen-lockfile fails when the manifests moved', async () => {
    const dir = project();
    await installProject(dir, { env: env() });
    rmSync(join(dir, 'oh_modules'), { recursive: true });
    const missing = await installError(dir, { offline: true });
    expect(missing.code).toBe('OFFLINE_MISSING');
    expect(missing.message).toMatch(/5 packages are not in the offline cache .*: @test\/badge@1\.0\.0, @test\/card@1\.1\.0, @test\/greeting@1\.0\.0, @test\/greeting@2\.0\.0, cjs-lib@1\.0\.0; run hmos install once online/);

    writeFileSync(join(dir, 'entry/oh-package.json5'), readFileSync(join(dir, 'entry/oh-package.json5'), 'utf8').replace('"@test/card": "^1.0.0"', '"@test/card": "1.0.0"'));
    const frozen = await installError(dir, { frozenLockfile: true });
    expect(frozen.code).toBe('FROZEN_LOCKFILE');
    expect(frozen.details).toMatch(/@test\/card@1\.0\.0 \(.*entry\/oh-package\.json5:\d+:\d+\) is not in oh-package-lock\.json5/);
    expect(existsSync(join(dir, 'oh_modules'))).toBe(false);
  });

  it('fetches locked archives from the registry .ohpmrc names now (a mirror), keeping the lockfile as it was', async () => {
    const dir = project();
    await installProject(dir, { env: env() });
    const lockText = readFileSync(join(dir, 'entry/oh-package-lock.json5'), 'utf8');
    writeFileSync(join(dir, '.ohpmrc'), `registry=${reg.url('mirror')}\n`);
    rmSync(join(dir, 'oh_modules'), { recursive: true });
    await reg.reset();
    expect((await installProject(dir, { env: env() })).added).toBe(5);
    const archives = (await reg.requests()).map((r) => r.path).filter((p) => p.includes('/-/'));
    expect(archives).toHaveLength(5);
    expect(archives.every((p) => p.startsWith('/mirror/'))).toBe(true);
    expect(readFileSync(join(dir, 'entry/oh-package-lock.json5'), 'utf8')).toBe(lockText);
  });

  it('takes @group registries from .ohpmrc with a token from the environment, sent only to that registry', async () => {
    const scoped = (rc: string) => project({ 'entry/oh-package.json5': '{ "name": "entry", "dependencies": { "@private/secret": "^1.0.0", "cjs-lib": "1.0.0" } }' }, rc);
    const tokenKey = reg.url('private').replace('http:', '');
    const rc = `@private:registry=${reg.url('private')}\n${tokenKey}:_read_auth=\${PRIVATE_TOKEN}\n`;
    const dir = scoped(rc);
    await reg.reset();
    const summary = await installProject(dir, { env: env(undefined, { PRIVATE_TOKEN: 's3cret' }) });
    expect(summary.packages.map((p) => `${p.name}@${p.version}`)).toEqual(['@private/secret@1.0.0', 'cjs-lib@1.0.0']);
    const requests = await reg.requests();
    expect(requests.filter((r) => r.path.startsWith('/private/')).map((r) => r.auth)).toEqual(['Bearer s3cret', 'Bearer s3cret']);
    expect(requests.filter((r) => r.path.startsWith('/ohpm/')).every((r) => r.auth === null)).toBe(true);

    const wrong = await installError(scoped(rc), { env: env(undefined, { PRIVATE_TOKEN: 'nope' }) });
    expect(wrong.code).toBe('REGISTRY_AUTH');
    expect(wrong.message).toContain(`${tokenKey}:_read_auth=<token>`);
    const unset = await installError(scoped(rc));
    expect(unset.code).toBe('OHPMRC_INVALID');
    expect(unset.location?.line).toBe(6);
  });
});

describe('hmos install when the registry misbehaves', () => {
  const one = (dep: string, rc = '') => project({ 'entry/oh-package.json5': `{\n  "name": "entry",\n  "dependencies": {\n    ${dep}\n  }\n}\n`, 'oh-package.json5': '{}' }, rc);

  it('retries a 5xx, then says the registry failed (not that the package is missing)', async () => {
    await reg.faults([{ match: '/ohpm/@test/greeting', status: 502, times: 1 }]);
    const ok = await installProject(one('"@test/greeting": "^1.0.0"'), { env: env() });
    expect(ok.added).toBe(1);
    await reg.reset();
    await reg.faults([{ match: '/ohpm/@test/greeting', status: 503 }]);
    const err = await installError(one('"@test/greeting": "^1.0.0"'));
    expect(err.code).toBe('REGISTRY_FAILED');
    expect(err.message).toMatch(/^the registry failed: .* answered 503 .* not a missing package/);
    expect((await reg.requests()).length).toBe(3); // first try + retry_times (2)
    await reg.reset();
  });

  it('says what is wrong for 404, non-JSON, slow, down, and unsatisfiable ranges', async () => {
    const notFound = await installError(one('"@test/nope": "^1.0.0"'));
    expect(notFound.code).toBe('PACKAGE_NOT_FOUND');
    expect(notFound.message).toMatch(/@test\/nope does not exist in the registry .* \(404\)/);
    expect(notFound.location).toMatchObject({ line: 4, col: 5 });

    await reg.faults([{ match: '/ohpm/@test/greeting', body: '<html>Bad gateway</html>', type: 'text/html' }]);
    const html = await installError(one('"@test/greeting": "^1.0.0"'));
    expect(html.code).toBe('REGISTRY_BAD_RESPONSE');
    expect(html.message).toContain('text/html: "<html>Bad gateway</html>"');
    await reg.reset();

    await reg.faults([{ match: '/ohpm/@test/greeting', delayMs: 5000 }]);
    const slow = await installError(one('"@test/greeting": "^1.0.0"', 'fetch_timeout=300\nretry_times=0\n'));
    expect(slow.code).toBe('REGISTRY_TIMEOUT');
    await reg.reset();

    const down = await installError(one('"@test/greeting": "^1.0.0"', 'registry=http://127.0.0.1:9/\n'));
    expect(down.code).toBe('REGISTRY_UNREACHABLE');

    const range = await installError(one('"@test/greeting": "^3.0.0"'));
    expect(range.code).toBe('NO_MATCHING_VERSION');
    expect(range.message).toContain('the registry has 2.0.0, 1.0.0 (latest 2.0.0)');
  });

  it('refuses archives that escape the package, link out of it or unpack past the limit, writing nothing', async () => {
    for (const name of ['evil-dotdot', 'evil-abs', 'evil-link', 'evil-big']) {
      const dir = one(`"${name}": "1.0.0"`);
      const before = snapshot(dir);
      const err = await installError(dir);
      expect(err.code, name).toBe('PACKAGE_ARCHIVE_INVALID');
      expect(err.message).toMatch(/leaves the package|absolute path|points outside|unpacks to more than/);
      expect(snapshot(dir)).toEqual(before);
    }
    expect(existsSync('/tmp/hmos-escaped.txt')).toBe(false);
  });

  it('refuses a lockfile edited into nonsense, at its line', async () => {
    const dir = project();
    await installProject(dir, { env: env() });
    const file = join(dir, 'entry/oh-package-lock.json5');
    writeFileSync(file, readFileSync(file, 'utf8').replace(/"integrity": "sha512-[^"]+"/, '"integrity": "not-a-hash"'));
    const err = await installError(dir);
    expect(err.code).toBe('LOCKFILE_INVALID');
    expect(err.location?.file).toBe(file);
    expect(err.location?.line).toBeGreaterThan(10);
    expect(err.message).toMatch(/is not an integrity .* delete it and run hmos install/);
    writeFileSync(file, '{ "packages": { oops');
    expect((await installError(dir)).code).toBe('LOCKFILE_INVALID');
  });
});

describe('hmos install interrupted', () => {
  it('refuses to run beside another install of the same project, and takes over the lock of a killed one', async () => {
    const dir = project();
    mkdirSync(join(dir, 'oh_modules/.ohpm'), { recursive: true });
    writeFileSync(join(dir, 'oh_modules/.ohpm/.hmos-install.lock'), String(process.pid)); // a live process holds it
    const busy = await installError(dir);
    expect(busy.code).toBe('INSTALL_BUSY');
    expect(busy.message).toContain(`another hmos install (process ${process.pid})`);
    writeFileSync(join(dir, 'oh_modules/.ohpm/.hmos-install.lock'), '999999999'); // no such process
    expect((await installProject(dir, { env: env() })).added).toBe(5);
    expect(existsSync(join(dir, 'oh_modules/.ohpm/.hmos-install.lock'))).toBe(false);
  });

  it('leaves nothing half-linked on Ctrl-C, and the next run finishes the job', async () => {
    const dir = project();
    const hmosHome = tempDir('hmos-home-');
    const child = execa(process.execPath, [hmosBin, 'install', dir], { env: { NO_COLOR: '1', ...env(hmosHome), HMOS_INSTALL_SLOW_MS: '150' }, reject: false });
    await new Promise<void>((resolve) => {
      child.stderr!.on('data', (d: Buffer) => {
        if (d.toString().includes('linking')) setTimeout(resolve, 400);
      });
    });
    child.kill('SIGINT');
    const r = await child;
    expect(r.exitCode).toBe(130);
    expect(r.stderr).toContain('run hmos install again to finish');
    const store = join(dir, 'oh_modules/.ohpm');
    const left = readdirSync(store);
    expect(left.filter((n) => n.startsWith('.staging') || n.startsWith('.trash') || n.endsWith('.lock'))).toEqual([]);
    const entries = left.filter((n) => n.includes('@'));
    expect(entries.length).toBeGreaterThan(0);
    expect(entries.length).toBeLessThan(5);
    for (const e of entries) expect(readdirSync(join(store, e, 'oh_modules')).length).toBeGreaterThan(0);
    // every link that exists points at something complete
    for (const [path, v] of Object.entries(snapshot(dir))) if (v.startsWith('link ')) expect(statSync(join(dir, path)).isDirectory(), path).toBe(true);
    expect(existsSync(join(dir, 'entry/oh-package-lock.json5'))).toBe(false);

    const again = await runHmos(['install', dir, '--json'], { env: env(hmosHome) });
    expect(again.exitCode, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout)).toMatchObject({ added: 5 - entries.length, unchanged: entries.length });
    const clean = project();
    await installProject(clean, { env: env(hmosHome) });
    const strip = (s: Record<string, string>) => Object.fromEntries(Object.entries(s).filter(([k]) => !k.startsWith('entry/build') && k !== '.ohpmrc'));
    expect(strip(snapshot(dir))).toEqual(strip(snapshot(clean)));
  });
});

describe('hmos add / remove', () => {
  it('edit the manifest keeping its comments, install, and put it back when the install fails', async () => {
    const dir = project();
    const hmosHome = tempDir('hmos-home-');
    const manifest = join(dir, 'entry/oh-package.json5');
    const added = await runHmos(['add', '@test/greeting', '--module', 'entry', '--json'], { cwd: dir, env: env(hmosHome) });
    expect(added.exitCode, added.stderr).toBe(0);
    const text = readFileSync(manifest, 'utf8');
    expect(text).toContain('// card needs @test/greeting 1.x, badge needs 2.x');
    expect(text).toMatch(/"mylib": "file:\.\.\/mylib",\n {4}"@test\/greeting": "\^2\.0\.0"\n {2}}/);
    expect(readlinkSync(join(dir, 'entry/oh_modules/@test/greeting'))).toContain('@test+greeting@2.0.0');

    const bad = await runHmos(['add', '@test/nope@^1.0.0', '--module', 'entry'], { cwd: dir, env: env(hmosHome) });
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain('PACKAGE_NOT_FOUND');
    expect(readFileSync(manifest, 'utf8')).toBe(text);

    const removed = await runHmos(['remove', '@test/badge', '--json'], { cwd: join(dir, 'entry'), env: env(hmosHome) });
    expect(removed.exitCode, removed.stderr).toBe(0);
    expect(JSON.parse(removed.stdout)).toMatchObject({ removed: 1, removedFrom: { '@test/badge': ['dependencies'] } });
    expect(readFileSync(manifest, 'utf8')).not.toContain('@test/badge');
    expect(readFileSync(manifest, 'utf8')).toContain('// card needs');
    expect(existsSync(join(dir, 'entry/oh_modules/@test/badge'))).toBe(false);
    expect(existsSync(join(dir, 'oh_modules/.ohpm/@test+badge@1.0.0'))).toBe(false);

    const notThere = await runHmos(['remove', '@test/card'], { cwd: dir, env: env(hmosHome) });
    expect(notThere.stderr).toMatch(/DEP_NOT_DECLARED: @test\/card is not a dependency in .*oh-package\.json5; it is declared in .*entry\/oh-package\.json5/);
  }, 30_000);
});

describe('hmos install: overrides, resolve_conflict, local archives, .ohpmrc', () => {
  it('applies the root overrides and overrideDependencyMap, collapses versions with resolve_conflict, installs a file: .har', async () => {
    const over = project({ 'oh-package.json5': '{ "overrides": { "@test/greeting": "2.0.0" } }' });
    const a = await installProject(over, { env: env() });
    expect(a.packages.filter((p) => p.name === '@test/greeting').map((p) => p.version)).toEqual(['2.0.0']);
    expect(readlinkSync(join(over, 'oh_modules/.ohpm/@test+card@1.1.0/oh_modules/@test/greeting'))).toContain('@test+greeting@2.0.0');

    const mapped = project({ 'oh-package.json5': '{ "overrideDependencyMap": { "@test/badge": "./badge-deps.json5" } }', 'badge-deps.json5': '{ dependencies: { "cjs-lib": "1.0.0" } }' });
    const b = await installProject(mapped, { env: env() });
    expect(readdirSync(join(mapped, 'oh_modules/.ohpm/@test+badge@1.0.0/oh_modules'))).toEqual(['@test', 'cjs-lib']);
    expect(b.packages.filter((p) => p.name === '@test/greeting').map((p) => p.version)).toEqual(['1.0.0', '2.0.0']); // mylib still needs 2.x

    const collapsed = project({}, 'resolve_conflict=true\n');
    const warnings: string[] = [];
    const c = await installProject(collapsed, { env: env(), warn: (w) => warnings.push(w) });
    expect(c.packages.filter((p) => p.name === '@test/greeting').map((p) => p.version)).toEqual(['2.0.0']);
    expect(warnings).toContain('resolve_conflict: @test/greeting@1.0.0 replaced by 2.0.0');

    const dir = project({ 'entry/oh-package.json5': '{ "name": "entry", "dependencies": { "greeting": "file:../vendor/greeting-1.0.0.har" } }', 'oh-package.json5': '{}' });
    const { packArchive } = await import('../helpers/registry-fixtures.mjs');
    packArchive(join(packages, '@test/greeting/1.0.0'), join(dir, 'vendor/greeting-1.0.0.har'));
    await installProject(dir, { env: env() });
    const link = readlinkSync(join(dir, 'entry/oh_modules/greeting'));
    expect(link).toMatch(/^\.\.\/\.\.\/oh_modules\/\.ohpm\/greeting@[a-z0-9_-]+\/oh_modules\/greeting$/);
    expect(readFileSync(join(dir, 'entry/oh_modules/greeting/Index.ets'), 'utf8')).toContain('greeting 1');
    const lock = JSON.parse(readFileSync(join(dir, 'entry/oh-package-lock.json5'), 'utf8'));
    expect(lock.specifiers).toEqual({ 'greeting@../vendor/greeting-1.0.0.har': 'greeting@../vendor/greeting-1.0.0.har' });
    expect(lock.packages['greeting@../vendor/greeting-1.0.0.har']).toMatchObject({ name: 'greeting', version: '1.0.0', registryType: 'local' });
  });

  it('reads .ohpmrc as ohpm does: project file first, then ~/.ohpm/.ohpmrc; # and ; comments; bad values at their line', async () => {
    const { loadRegistryConfig, registriesFor, tokenFor } = await import('../../src/install/ohpmrc.js');
    const dir = tempDir('hmos-ohpmrc-');
    const userHome = tempDir('hmos-user-');
    mkdirSync(join(userHome, '.ohpm'));
    writeFileSync(join(userHome, '.ohpm/.ohpmrc'), 'registry=https://user.example/ohpm\nstrict_ssl=false\n//user.example/ohpm/:_auth=rw\n');
    writeFileSync(join(dir, '.ohpmrc'), '; project settings\nregistry = https://a.example/ohpm/, https://b.example/ohpm/\n@corp:registry=https://corp.example/repos/ohpm\n# timeouts\nfetch_timeout=1500\nlogin_mode=sso\n');
    const warnings: string[] = [];
    const c = loadRegistryConfig(dir, { HOME: userHome }, (w) => warnings.push(w));
    expect(c.registries).toEqual(['https://a.example/ohpm/', 'https://b.example/ohpm/']);
    expect(registriesFor(c, '@corp/ui')).toEqual(['https://corp.example/repos/ohpm/']);
    expect(registriesFor(c, '@ohos/axios')).toEqual(c.registries);
    expect(c.strictSsl).toBe(false);
    expect(c.fetchTimeout).toBe(1500);
    expect(tokenFor(c, 'https://user.example/ohpm/x/-/x-1.0.0.har')).toBe('rw');
    expect(tokenFor(c, 'https://a.example/ohpm/x')).toBeUndefined();
    expect(warnings).toEqual([`${join(dir, '.ohpmrc')}:6:1: unknown .ohpmrc setting "login_mode" (ignored)`]);
    writeFileSync(join(dir, '.ohpmrc'), 'strict_ssl=maybe\n');
    expect(() => loadRegistryConfig(dir, { HOME: userHome })).toThrow(expect.objectContaining({ code: 'OHPMRC_INVALID', location: { file: join(dir, '.ohpmrc'), line: 1, col: 1 } }));
  });
});

describe('hmos doctor and the registries', () => {
  it('lists the configured registries and whether each answers', async () => {
    const dir = project({}, `@private:registry=${reg.url('private')}\n${reg.url('private').replace('http:', '')}:_read_auth=t\n@gone:registry=http://127.0.0.1:9/ohpm/\n`);
    const r = await runHmos(['doctor', '--json'], { cwd: join(dir, 'entry'), env: env() });
    expect(r.exitCode, r.stderr).toBe(0);
    const checks = JSON.parse(r.stdout).checks.filter((c: { id: string }) => c.id === 'registry');
    expect(checks).toEqual([
      expect.objectContaining({ title: 'ohpm registry', status: 'ok', detail: expect.stringMatching(new RegExp(`^${reg.url('ohpm')} — answers \\(HTTP 404, \\d+ ms\\) \\(.*\\.ohpmrc:2\\)$`)) }),
      expect.objectContaining({ title: 'ohpm registry for @private', status: 'ok', detail: expect.stringContaining('token set') }),
      expect.objectContaining({ title: 'ohpm registry for @gone', status: 'warn', detail: expect.stringContaining('cannot reach it: the connection was refused') }),
    ]);
  });
});
