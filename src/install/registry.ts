/**
 * Talking to ohpm registries: package documents ("packuments") and archives, over npm's own client
 * (npm-registry-fetch → make-fetch-happen: retries with backoff, proxies, TLS options, bearer tokens, an HTTP cache in
 * cacache), with every way a registry can fail turned into an HmosError that says whose fault it is and what to do.
 *
 * Archives are kept in the shared content-addressed cache (cacache, by integrity) under `$HMOS_HOME/cache/ohpm`, so a
 * second project — or `--offline` — gets them without the network.
 */
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { join } from 'node:path';
import type { default as CacacheType } from 'cacache';
import type { default as NpmFetchType } from 'npm-registry-fetch';
import type { default as SsriType } from 'ssri';
import { HmosError, type SourceLocation } from '../errors.js';
import { hmosHome } from '../util/paths.js';
import { registriesFor, type RegistryConfig } from './ohpmrc.js';

// CommonJS libraries loaded with require: Node's ESM loader would scan each of them for named exports on every start.
const require = createRequire(import.meta.url);
const cacache = require('cacache') as typeof CacacheType;
// The HTTP stack is loaded only when a request is made: an install from the lockfile and the cache makes none.
let httpClient: typeof NpmFetchType | undefined;
const npmFetch = ((url: string, opts: never) => (httpClient ??= require('npm-registry-fetch') as typeof NpmFetchType)(url, opts)) as unknown as typeof NpmFetchType;

/**
 * Closes the kept-alive connections of npm's HTTP agents (they would hold the process open for seconds after the
 * install is done). The agents live in @npmcli/agent's cache, as make-fetch-happen resolves it.
 */
export function closeConnections(): void {
  if (!httpClient) return;
  try {
    const agentLib = createRequire(require.resolve('make-fetch-happen'))('@npmcli/agent') as { cache?: { agent?: { values(): Iterable<{ destroy?(): void }>; clear(): void } } };
    for (const agent of agentLib.cache?.agent?.values() ?? []) agent.destroy?.();
    agentLib.cache?.agent?.clear();
  } catch {
    // nothing to close
  }
}
const ssri = require('ssri') as typeof SsriType;

export interface PackumentVersion {
  name?: string;
  version: string;
  dependencies?: Record<string, string>;
  dynamicDependencies?: Record<string, string>;
  dist?: { tarball?: string; integrity?: string; shasum?: string };
}

export interface Packument {
  name: string;
  'dist-tags'?: Record<string, string>;
  versions: Record<string, PackumentVersion>;
}

export interface FetchOptions {
  offline: boolean;
  /** Skip the caches: ask the registry again and download archives again. */
  force: boolean;
}

/** The shared download cache (archives by integrity, registry answers by URL). */
export function downloadCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(hmosHome(env), 'cache', 'ohpm');
}

export class RegistryClient {
  private readonly packuments = new Map<string, Promise<{ packument: Packument; registry: string }>>();
  private readonly hosts = new Map<string, Promise<unknown>>();
  constructor(
    readonly config: RegistryConfig,
    readonly cacheDir: string,
    readonly options: FetchOptions,
  ) {}

  /** npm-registry-fetch options for a request to `registry`. */
  private fetchOptions(registry: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
    const c = this.config;
    const opts: Record<string, unknown> = {
      registry,
      timeout: c.fetchTimeout,
      retry: { retries: c.retries, factor: 2, minTimeout: c.retryInterval, maxTimeout: Math.max(c.retryInterval * 8, c.retryInterval) },
      strictSSL: c.strictSsl,
      ca: c.ca,
      proxy: c.httpsProxy ?? c.httpProxy,
      httpsProxy: undefined,
      noProxy: c.noProxy,
      // ohpm's tokens (`:_read_auth`, `:_auth`) are bearer tokens: npm's `:_authToken`. npm-registry-fetch sends one
      // only to URLs under the registry path it was configured for, so a tarball on another host never gets it.
      ...Object.fromEntries([...c.tokens].map(([prefix, token]) => [`${prefix}:_authToken`, token])),
      ...extra,
    };
    if (c.httpProxy && !c.httpsProxy && registry.startsWith('https:')) opts.proxy = c.httpProxy;
    return opts;
  }

  /** The package document of `name`, from the first registry that has it (asked once per install). */
  packument(name: string, where: SourceLocation | undefined): Promise<{ packument: Packument; registry: string }> {
    let p = this.packuments.get(name);
    if (!p) {
      p = this.fetchPackument(name, where);
      this.packuments.set(name, p);
    }
    return p;
  }

  /**
   * A host name that does not resolve fails at once: npm's client would retry it with backoff (seconds of waiting on a
   * machine with no network). Skipped behind a proxy, which resolves names itself, and offline.
   */
  private checkHost(url: string): Promise<unknown> {
    const c = this.config;
    const host = new URL(url).hostname;
    if (this.options.offline || c.httpProxy || c.httpsProxy || isIP(host)) return Promise.resolve();
    let p = this.hosts.get(host);
    if (!p) {
      p = lookup(host);
      this.hosts.set(host, p);
    }
    return p;
  }

  private async fetchPackument(name: string, where: SourceLocation | undefined): Promise<{ packument: Packument; registry: string }> {
    const registries = registriesFor(this.config, name);
    const notFoundIn: string[] = [];
    for (const registry of registries) {
      const url = registry + name.replace('/', '%2f');
      let doc: unknown;
      try {
        await this.checkHost(url);
        const res = await npmFetch(url, this.fetchOptions(registry, {
          cache: join(this.cacheDir, 'http'),
          // Always revalidate when online (a new version shows at once); the cached answer serves --offline.
          preferOnline: !this.options.offline,
          offline: this.options.offline,
          headers: { accept: 'application/json' },
        }) as never);
        const text = await res.text();
        try {
          doc = JSON.parse(text);
        } catch {
          throw new HmosError('REGISTRY_BAD_RESPONSE', `the registry ${registry} answered the request for ${name} with something that is not a package document (${describeBody(res.headers.get('content-type'), text)}); the registry (or a proxy in front of it) is misbehaving — check the registry URL in .ohpmrc or try again later`, { location: where });
        }
      } catch (err) {
        if (err instanceof HmosError) throw err;
        const e = err as { code?: string; statusCode?: number };
        if (e.statusCode === 404 || e.code === 'E404') {
          notFoundIn.push(registry);
          continue;
        }
        if (e.code === 'ENOTCACHED') {
          throw new HmosError('OFFLINE_MISSING', `${name} is not in the offline cache (its versions were never fetched on this machine); run hmos install once online, or pin it in oh-package-lock.json5 from a machine that has it`, { location: where });
        }
        throw registryError(err, registry, `the package document of ${name}`, where);
      }
      if (!isPackument(doc)) {
        throw new HmosError('REGISTRY_BAD_RESPONSE', `the registry ${registry} answered the request for ${name} with JSON that is not a package document (no "versions"); check the registry URL in .ohpmrc`, { location: where });
      }
      return { packument: doc, registry };
    }
    throw new HmosError('PACKAGE_NOT_FOUND', `${name} does not exist in ${notFoundIn.length > 1 ? `any of the registries ${notFoundIn.join(', ')}` : `the registry ${notFoundIn[0]}`} (404); check the package name${name.startsWith('@') ? `, or set "${name.slice(0, name.indexOf('/'))}:registry=…" in .ohpmrc if it lives in another registry` : ''}`, { location: where });
  }

  /** Whether a registry answers at all (any HTTP status counts), for `hmos doctor`; one try, `timeoutMs` at most. */
  async ping(registry: string, timeoutMs: number): Promise<{ ok: true; status: number; ms: number } | { ok: false; error: HmosError; ms: number }> {
    const started = performance.now();
    try {
      await this.checkHost(registry);
      const res = await npmFetch(registry, this.fetchOptions(registry, { retry: { retries: 0 }, timeout: timeoutMs, cache: undefined }) as never);
      void res.body?.resume?.();
      return { ok: true, status: res.status, ms: performance.now() - started };
    } catch (err) {
      const status = (err as { statusCode?: number }).statusCode;
      if (status) return { ok: true, status, ms: performance.now() - started };
      return { ok: false, error: registryError(err, registry, 'a ping', undefined), ms: performance.now() - started };
    }
  }

  /** The path of the archive with this integrity in the shared cache, if it is there. */
  async cachedArchive(integrity: string): Promise<string | undefined> {
    try {
      const info = await cacache.get.info(this.cacheDir, archiveKey(integrity));
      if (info && existsSync(info.path) && (await cacache.get.hasContent(this.cacheDir, integrity))) return info.path;
    } catch {
      // an unreadable index entry is a miss
    }
    return undefined;
  }

  /**
   * Brings the archive into the cache and returns its path there. With an integrity, the bytes are checked against it
   * as they arrive (a mismatch is INTEGRITY_MISMATCH, nothing is kept); without one (a registry that gives none), the
   * sha512 of what arrived is returned for the lockfile. `sources` are tried in order while one is missing or
   * unreachable (a configured mirror first, then the URL a lockfile recorded).
   */
  async archive(pkg: ArchiveRequest, where: SourceLocation | undefined): Promise<{ path: string; integrity: string; downloaded: number }> {
    if (pkg.integrity && !this.options.force) {
      const hit = await this.cachedArchive(pkg.integrity);
      if (hit) return { path: hit, integrity: pkg.integrity, downloaded: 0 };
    }
    if (this.options.offline) {
      throw new HmosError('OFFLINE_MISSING', `${pkg.name}@${pkg.version} is not in the offline cache (${this.cacheDir}); run hmos install once online to fetch it`, { location: where });
    }
    const failures: HmosError[] = [];
    for (const source of pkg.sources) {
      try {
        return await this.download(pkg, source, where);
      } catch (err) {
        if (!(err instanceof HmosError) || !RETRY_ELSEWHERE.has(err.code)) throw err;
        failures.push(err);
      }
    }
    const [first, ...rest] = failures;
    if (!first) throw new Error(`no source for ${pkg.name}@${pkg.version}`);
    if (rest.length === 0) throw first;
    throw new HmosError(first.code, `${first.message.split(';')[0]}; also tried ${pkg.sources.slice(1).map((s) => s.tarball).join(', ')}: ${rest.map((e) => e.code).join(', ')}`, { location: where });
  }

  private async download(pkg: ArchiveRequest, source: { tarball: string; registry: string }, where: SourceLocation | undefined): Promise<{ path: string; integrity: string; downloaded: number }> {
    const what = { ...pkg, tarball: source.tarball };
    let bytes: Buffer;
    try {
      await this.checkHost(source.tarball);
      const res = await npmFetch(source.tarball, this.fetchOptions(source.registry, { integrity: pkg.integrity, cache: undefined }) as never);
      bytes = await res.buffer();
    } catch (err) {
      if ((err as { code?: string }).code === 'EINTEGRITY') {
        const e = err as { found?: { toString(): string } };
        throw integrityError(what, e.found?.toString(), where);
      }
      if ((err as { statusCode?: number }).statusCode === 404) {
        throw new HmosError('PACKAGE_NOT_FOUND', `the archive of ${pkg.name}@${pkg.version} is not at ${source.tarball} (404) although a registry lists that version; the registry is inconsistent — pick another version, or remove the entry from oh-package-lock.json5 and install again`, { location: where });
      }
      throw registryError(err, source.registry, `the archive of ${pkg.name}@${pkg.version}`, where);
    }
    // Checked again here: a registry that streams the right bytes under a wrong length, or none at all, is caught too.
    const integrity = pkg.integrity ?? ssri.fromData(bytes, { algorithms: ['sha512'] }).toString();
    if (pkg.integrity && !ssri.checkData(bytes, pkg.integrity)) throw integrityError(what, ssri.fromData(bytes, { algorithms: ['sha512'] }).toString(), where);
    await cacache.put(this.cacheDir, archiveKey(integrity), bytes, { integrity, algorithms: ['sha512'] });
    const path = await this.cachedArchive(integrity);
    if (!path) throw new Error(`cacache lost ${integrity} right after writing it`);
    return { path, integrity, downloaded: bytes.length };
  }
}

export interface ArchiveRequest {
  name: string;
  version: string;
  integrity?: string;
  /** Where to get it, in order: the archive URL and the registry it belongs to (for its token). */
  sources: { tarball: string; registry: string }[];
}

/** Failures after which the next source of an archive is worth a try. */
const RETRY_ELSEWHERE = new Set(['PACKAGE_NOT_FOUND', 'REGISTRY_UNREACHABLE', 'REGISTRY_TIMEOUT', 'REGISTRY_FAILED']);

function archiveKey(integrity: string): string {
  return `hmos:archive:${integrity}`;
}

function integrityError(pkg: { name: string; version: string; tarball: string; integrity?: string }, found: string | undefined, where: SourceLocation | undefined): HmosError {
  return new HmosError('INTEGRITY_MISMATCH', `the archive of ${pkg.name}@${pkg.version} from ${pkg.tarball} does not match its integrity (expected ${short(pkg.integrity)}, got ${short(found)}); nothing was installed. The download was corrupted or the package was changed on the registry: try again, and if it persists, remove ${pkg.name} from oh-package-lock.json5 only if you trust the registry's new bytes`, { location: where });
}

function short(integrity: string | undefined): string {
  if (!integrity) return 'nothing';
  return integrity.length > 24 ? integrity.slice(0, 24) + '…' : integrity;
}

function isPackument(doc: unknown): doc is Packument {
  return typeof doc === 'object' && doc !== null && typeof (doc as Packument).versions === 'object' && (doc as Packument).versions !== null;
}

function describeBody(type: string | null, text: string): string {
  const start = text.trim().slice(0, 40).replace(/\s+/g, ' ');
  return `${type ?? 'no content type'}${start ? `: "${start}${text.trim().length > 40 ? '…' : ''}"` : ', empty'}`;
}

/** A failed request, by whose fault it is: the network, the registry, or the credentials. */
export function registryError(err: unknown, registry: string, what: string, where: SourceLocation | undefined): HmosError {
  const e = err as { code?: string; statusCode?: number; type?: string; errno?: string; message?: string };
  const code = e.code ?? e.errno;
  if (e.statusCode && e.statusCode >= 500) {
    return new HmosError('REGISTRY_FAILED', `the registry failed: ${registry} answered ${e.statusCode} for ${what}, also when asked again — this is the registry's fault, not a missing package; try again later, or put another registry first in .ohpmrc`, { location: where });
  }
  if (e.statusCode === 401 || e.statusCode === 403) {
    return new HmosError('REGISTRY_AUTH', `the registry ${registry} refused ${what} (${e.statusCode} ${e.statusCode === 401 ? 'unauthorized' : 'forbidden'}); put a token for it in .ohpmrc: ${registry.replace(/^[a-z]+:/i, '')}:_read_auth=<token> (\${ENV_VAR} works)`, { location: where });
  }
  if (e.statusCode) {
    return new HmosError('REGISTRY_FAILED', `the registry ${registry} answered ${e.statusCode} for ${what}; check the registry URL in .ohpmrc`, { location: where });
  }
  if (e.type === 'request-timeout' || (code && /TIMEOUT|ETIMEDOUT/.test(code))) {
    return new HmosError('REGISTRY_TIMEOUT', `the registry ${registry} did not answer in time for ${what} (fetch_timeout, also when asked again); it may be down or slow — try again, raise fetch_timeout in .ohpmrc, or use --offline to install from the cache`, { location: where });
  }
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'ECONNRESET' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH') {
    const why = code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 'its host name does not resolve' : code === 'ECONNREFUSED' ? 'the connection was refused' : `the connection failed (${code})`;
    return new HmosError('REGISTRY_UNREACHABLE', `cannot reach the registry ${registry} for ${what}: ${why}; check your network, the proxy settings (HTTPS_PROXY) and the registry in .ohpmrc, or use --offline to install from the cache`, { location: where });
  }
  if (code && /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO/.test(code)) {
    return new HmosError('REGISTRY_TLS', `the registry ${registry}'s certificate was not accepted (${code}) for ${what}; add your CA with ca_files=… in .ohpmrc (or strict_ssl=false, at your own risk)`, { location: where });
  }
  return new HmosError('REGISTRY_UNREACHABLE', `the request to ${registry} for ${what} failed: ${e.message ?? String(err)}`, { location: where });
}
