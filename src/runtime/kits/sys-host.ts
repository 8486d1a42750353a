/**
 * Small host services the realm-side kits need: random bytes (the realm has no entropy of its own), WHATWG URL
 * parsing for `@ohos.url` (the realm has no URL of its own), a `@kit.*` table, and a library run in the realm on
 * first use (realm-libraries.ts). JSON in, JSON out.
 */
import { randomBytes } from 'node:crypto';
import type { KitFamily, KitHostContext } from './host.js';
import { KitError } from './kit-error.js';
import { KIT_TABLE } from './kit-table.js';

export function createSysHost(ctx: KitHostContext): KitFamily {
  return {
    handle(op, d) {
      switch (op) {
        case 'random': {
          const n = Number(d.n);
          if (!Number.isInteger(n) || n < 0 || n > 65536) throw new KitError(401, 'Parameter error. The random length must be 0..65536 bytes.');
          return Array.from(randomBytes(n));
        }
        case 'url': return parseUrl(d);
        case 'kitTable': return Object.prototype.hasOwnProperty.call(KIT_TABLE, String(d.spec)) ? KIT_TABLE[String(d.spec)] : null;
        case 'library': ctx.loadLibrary(String(d.name)); return null;
        default: throw new KitError(801, `unknown request sys.${op}`);
      }
    },
  };
}

const URL_FIELDS = ['href', 'origin', 'protocol', 'username', 'password', 'host', 'hostname', 'port', 'pathname', 'search', 'hash'] as const;

function parseUrl(d: { input?: unknown; base?: unknown; set?: unknown; value?: unknown }): Record<string, string> {
  const input = String(d.input ?? '');
  let u: URL;
  try {
    u = d.base === undefined || d.base === null ? new URL(input) : new URL(input, String(d.base));
  } catch {
    throw new KitError(10200002, `Invalid url string: "${input.slice(0, 200)}"`);
  }
  if (typeof d.set === 'string' && (URL_FIELDS as readonly string[]).includes(d.set) && d.set !== 'origin') {
    (u as unknown as Record<string, string>)[d.set] = String(d.value ?? '');
  }
  return Object.fromEntries(URL_FIELDS.map((k) => [k, u[k]]));
}
