/**
 * The registries a project installs from (its .ohpmrc, then ~/.ohpm/.ohpmrc, else ohpm's public one) and whether each
 * answers — for `hmos doctor`. Asked in parallel, once each, a few seconds at most.
 */
import { formatLocation } from '../errors.js';
import { findProjectRoot } from './manifest.js';
import { DEFAULT_REGISTRY, loadRegistryConfig } from './ohpmrc.js';
import { closeConnections, downloadCacheDir, RegistryClient } from './registry.js';

export interface RegistryStatus {
  registry: string;
  /** `default`, or `@group` for a group's registry. */
  for: string;
  /** Where it is configured (`file:line`), or `built-in default`. */
  from: string;
  answers: boolean;
  detail: string;
  /** Whether a token is configured for it. */
  token: boolean;
}

export async function registryStatus(dir: string, env: NodeJS.ProcessEnv, timeoutMs = 3000): Promise<RegistryStatus[]> {
  const root = findProjectRoot(dir);
  const config = loadRegistryConfig(root, env);
  const client = new RegistryClient(config, downloadCacheDir(env), { offline: false, force: false });
  const rows: Omit<RegistryStatus, 'answers' | 'detail'>[] = [];
  const where = (key: string) => {
    const s = config.settings.get(key);
    return s ? formatLocation({ file: s.where.file, line: s.where.line }) ?? s.where.file : 'built-in default';
  };
  for (const r of config.registries) rows.push({ registry: r, for: 'default', from: config.settings.has('registry') ? where('registry') : r === DEFAULT_REGISTRY ? 'built-in default' : '', token: hasToken(config.tokens, r) });
  for (const [group, list] of config.scoped) for (const r of list) rows.push({ registry: r, for: group, from: where(`${group}:registry`), token: hasToken(config.tokens, r) });
  try {
    return await Promise.all(rows.map(async (row) => {
      const p = await client.ping(row.registry, timeoutMs);
      return p.ok
        ? { ...row, answers: true, detail: `answers (HTTP ${p.status}, ${Math.round(p.ms)} ms)` }
        : { ...row, answers: false, detail: p.error.message.replace(/ for a ping/, '').replace(`the registry ${row.registry}`, 'it').split(';')[0]! };
    }));
  } finally {
    closeConnections();
  }
}

function hasToken(tokens: Map<string, string>, registry: string): boolean {
  const bare = registry.replace(/^[a-z]+:/i, '');
  return [...tokens.keys()].some((prefix) => bare.startsWith(prefix));
}
