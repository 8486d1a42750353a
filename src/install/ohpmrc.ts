/**
 * Registry settings as ohpm reads them: `.ohpmrc` in the project root, then `~/.ohpm/.ohpmrc` for what the project's
 * file leaves out (ohpm's documented order). Both are ini files of `key=value` lines; `#` and `;` start comments.
 *
 *   registry=https://ohpm.openharmony.cn/ohpm/            (several, comma-separated, tried in order)
 *   @group:registry=https://example.com/repos/ohpm/       (packages named @group/…; before `registry`)
 *   //example.com/repos/ohpm/:_read_auth=<token>          (ohpm-repo's read token; `:_auth` is its read-write one,
 *                                                          `:_authToken` npm's — all sent as a bearer token)
 *   strict_ssl=false   ca_files=/path/a.pem,/path/b.pem   fetch_timeout=60000 (ms)
 *   http_proxy=…  https_proxy=…  no_proxy=…               (else HTTP_PROXY / HTTPS_PROXY / NO_PROXY from the env)
 *   retry_times=1  retry_interval=1000 (ms)               resolve_conflict=true (one version per package name)
 *
 * `${NAME}` in a value is replaced by the environment variable NAME, so tokens can stay out of committed files.
 */
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { formatLocation, HmosError, type SourceLocation } from '../errors.js';

export const DEFAULT_REGISTRY = 'https://ohpm.openharmony.cn/ohpm/';

/** One value and the `.ohpmrc` line it came from (for errors and `hmos doctor`). */
export interface Setting {
  value: string;
  where: SourceLocation;
}

export interface RegistryConfig {
  /** The default registries, in order (each with a trailing slash). */
  registries: string[];
  /** `@group` → its registries. */
  scoped: Map<string, string[]>;
  /** `//host/path/` → token. */
  tokens: Map<string, string>;
  strictSsl: boolean;
  /** PEM texts of the `ca_files`. */
  ca: string[] | undefined;
  /** ms */
  fetchTimeout: number;
  retries: number;
  /** ms before the first retry (doubling after). */
  retryInterval: number;
  httpProxy: string | undefined;
  httpsProxy: string | undefined;
  noProxy: string | undefined;
  /** ohpm's `resolve_conflict`, only when a file sets it: one version per name (the highest) instead of nested ones. */
  resolveConflict: boolean;
  /** Every setting read, with where it came from. */
  settings: Map<string, Setting>;
  /** The files read, project first. */
  files: string[];
}

/** Keys ohpm documents that hmos does not use, accepted without a warning. */
const KNOWN_UNUSED = new Set(['publish_registry', 'publish_id', 'key_path', 'crypto_path', 'cache', 'log_level', 'max_concurrent',
  'use_stream_threshold_size', 'compability_log_level', 'resolve_conflict_strict', 'install_all', 'enable_unified_lockfile',
  'lockfile_stable_order', 'enable_lock_inner_pkg_version', 'key_passphrase', 'key_content', 'prefix']);
const KNOWN = new Set(['registry', 'strict_ssl', 'ca_files', 'fetch_timeout', 'http_proxy', 'https_proxy', 'no_proxy', 'retry_times',
  'retry_interval', 'resolve_conflict', ...KNOWN_UNUSED]);

/** The user-level file ohpm reads. */
export function userOhpmrc(env: NodeJS.ProcessEnv): string {
  return join(env.HOME || homedir(), '.ohpm', '.ohpmrc');
}

/**
 * Reads the project's `.ohpmrc` then the user's; `warn` gets lines hmos cannot use. Errors (a value that is not what
 * its key needs) are HmosErrors at the file's line.
 */
export function loadRegistryConfig(projectRoot: string, env: NodeJS.ProcessEnv = process.env, warn: (line: string) => void = () => {}): RegistryConfig {
  const settings = new Map<string, Setting>();
  const files: string[] = [];
  for (const file of [join(projectRoot, '.ohpmrc'), userOhpmrc(env)]) {
    if (!existsSync(file)) continue;
    files.push(file);
    for (const [key, setting] of parseOhpmrc(file, readFileSync(file, 'utf8'), env)) {
      if (!settings.has(key)) settings.set(key, setting); // the project's file wins
    }
  }
  for (const [key, s] of settings) {
    if (!KNOWN.has(key) && !/^@[^:]+:registry$/.test(key) && !/^\/\/.+:(_read_auth|_auth|_authToken)$/.test(key)) {
      warn(`${formatLocation(s.where)}: unknown .ohpmrc setting "${key}" (ignored)`);
    }
  }

  const registries = registryList(settings.get('registry')) ?? [DEFAULT_REGISTRY];
  const scoped = new Map<string, string[]>();
  const tokens = new Map<string, string>();
  for (const [key, s] of settings) {
    const scope = /^(@[^:]+):registry$/.exec(key);
    if (scope) scoped.set(scope[1]!, registryList(s)!);
    const auth = /^(\/\/.+?):(_read_auth|_auth|_authToken)$/.exec(key);
    if (auth && s.value) {
      const prefix = auth[1]!.endsWith('/') ? auth[1]! : auth[1]! + '/';
      // A read-only token is what installs need; a read-write one serves too when no read-only one is set.
      if (auth[2] === '_read_auth' || !tokens.has(prefix)) tokens.set(prefix, s.value);
    }
  }
  return {
    registries,
    scoped,
    tokens,
    strictSsl: bool(settings.get('strict_ssl'), true),
    ca: caFiles(settings.get('ca_files')),
    fetchTimeout: int(settings.get('fetch_timeout'), 60_000, 1),
    retries: int(settings.get('retry_times'), 2, 0),
    retryInterval: int(settings.get('retry_interval'), 1000, 0),
    httpProxy: settings.get('http_proxy')?.value || env.HTTP_PROXY || env.http_proxy || undefined,
    httpsProxy: settings.get('https_proxy')?.value || env.HTTPS_PROXY || env.https_proxy || undefined,
    noProxy: settings.get('no_proxy')?.value || env.NO_PROXY || env.no_proxy || undefined,
    resolveConflict: bool(settings.get('resolve_conflict'), false),
    settings,
    files,
  };
}

/** The registries to ask for a package, in order: its group's when `.ohpmrc` names one, else the default ones. */
export function registriesFor(config: RegistryConfig, name: string): string[] {
  const group = name.startsWith('@') ? name.slice(0, name.indexOf('/')) : undefined;
  return (group && config.scoped.get(group)) || config.registries;
}

/** The token configured for a URL (longest matching `//host/path/` prefix), if any. */
export function tokenFor(config: RegistryConfig, url: string): string | undefined {
  const bare = url.replace(/^[a-z]+:/i, '');
  let best: string | undefined;
  for (const prefix of config.tokens.keys()) {
    if (bare.startsWith(prefix) && (!best || prefix.length > best.length)) best = prefix;
  }
  return best ? config.tokens.get(best) : undefined;
}

export function parseOhpmrc(file: string, text: string, env: NodeJS.ProcessEnv): Map<string, Setting> {
  const out = new Map<string, Setting>();
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  lines.forEach((raw, i) => {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) return;
    const where = { file, line: i + 1, col: raw.indexOf(line[0]!) + 1 };
    // `//host/path/:_read_auth=x` — the key holds ':' but its '=' is the first one.
    const eq = line.indexOf('=');
    if (eq <= 0) {
      throw new HmosError('OHPMRC_INVALID', `"${line}" is not a key=value line; write it as key=value (or start it with # to comment it out)`, { location: where });
    }
    const key = line.slice(0, eq).trim();
    let value = line.slice(eq + 1).trim();
    if (/^(["']).*\1$/.test(value)) value = value.slice(1, -1);
    value = value.replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}/g, (_m, name: string) => {
      const v = env[name];
      if (v === undefined) throw new HmosError('OHPMRC_INVALID', `${key} uses \${${name}}, but the environment variable ${name} is not set; set it or write the value in place`, { location: where });
      return v;
    });
    out.set(key, { value, where });
  });
  return out;
}

function registryList(s: Setting | undefined): string[] | undefined {
  if (!s) return undefined;
  const list = s.value.split(',').map((r) => r.trim()).filter(Boolean);
  if (list.length === 0) return undefined;
  return list.map((r) => {
    let url: URL;
    try {
      url = new URL(r);
    } catch {
      throw new HmosError('OHPMRC_INVALID', `"${r}" is not a registry URL; write it like https://ohpm.openharmony.cn/ohpm/`, { location: s.where });
    }
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw new HmosError('OHPMRC_INVALID', `registry "${r}" must be an http:// or https:// URL`, { location: s.where });
    }
    return url.href.endsWith('/') ? url.href : url.href + '/';
  });
}

function bool(s: Setting | undefined, dflt: boolean): boolean {
  if (!s) return dflt;
  const v = s.value.toLowerCase();
  if (v === 'true') return true;
  if (v === 'false') return false;
  throw new HmosError('OHPMRC_INVALID', `expected true or false, got "${s.value}"`, { location: s.where });
}

function int(s: Setting | undefined, dflt: number, min: number): number {
  if (!s) return dflt;
  const n = Number(s.value);
  if (!Number.isInteger(n) || n < min) throw new HmosError('OHPMRC_INVALID', `expected a whole number ≥ ${min}, got "${s.value}"`, { location: s.where });
  return n;
}

function caFiles(s: Setting | undefined): string[] | undefined {
  if (!s || !s.value) return undefined;
  return s.value.split(',').map((f) => f.trim()).filter(Boolean).map((f) => {
    try {
      return readFileSync(f, 'utf8');
    } catch (err) {
      throw new HmosError('OHPMRC_INVALID', `ca_files names ${f}, which cannot be read (${(err as NodeJS.ErrnoException).code}); fix the path`, { location: s.where });
    }
  });
}
