/**
 * File services on the host (`k.file.<op>`), always inside the app's sandbox: hashes of a file (`@ohos.file.hash`),
 * zip and unzip (`@ohos.zlib` compressFile / decompressFile, on fflate) with limits against zip bombs, and copies.
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { Zippable } from 'fflate';
import type { KitFamily, KitHostContext } from './host.js';
import { KitError } from './kit-error.js';

/**
 * fflate, loaded by the first zip or unzip (required, so that the kit call stays synchronous): every device thread
 * loaded it at start (~15 ms of CPU and its tables), and few apps use @ohos.zlib.
 */
let zipLibrary: typeof import('fflate') | undefined;
const fflate = () => (zipLibrary ??= createRequire(import.meta.url)('fflate') as typeof import('fflate'));

const MAX_UNZIPPED = 256 * 1024 * 1024;
const MAX_FILE = 256 * 1024 * 1024;

export function createFileHost(ctx: KitHostContext): KitFamily {
  const file = (p: unknown, code = 13900002) => {
    let host: string;
    try { host = ctx.fs.resolve(String(p ?? '')); } catch (e) { throw new KitError((e as { code?: number }).code ?? 13900012, (e as Error).message); }
    if (!fs.existsSync(host)) throw new KitError(code, `No such file or directory: ${String(p)}`);
    return host;
  };
  return {
    handle(op, d) {
      switch (op) {
        case 'hash': {
          const alg = String(d.alg ?? '').toLowerCase();
          if (!['md5', 'sha1', 'sha256'].includes(alg)) throw new KitError(401, 'Parameter error. The algorithm must be md5, sha1 or sha256.');
          const f = file(d.path);
          if (fs.statSync(f).size > MAX_FILE) throw new KitError(13900020, 'Invalid argument: the file is over 256 MB.');
          return crypto.createHash(alg).update(fs.readFileSync(f)).digest('hex');
        }
        case 'zip': {
          const src = file(d.in, 900001);
          const outPath = ctx.fs.resolve(String(d.out ?? ''));
          const entries: Zippable = {};
          let total = 0;
          const add = (p: string, name: string) => {
            const st = fs.statSync(p);
            if (st.isDirectory()) { for (const c of fs.readdirSync(p)) add(path.join(p, c), `${name}/${c}`); return; }
            total += st.size;
            if (total > MAX_FILE) throw new KitError(900001, 'The input source file is invalid: over 256 MB to compress.');
            entries[name] = [fs.readFileSync(p), { level: Math.max(0, Math.min(9, Number(d.level ?? 6))) as 0 }];
          };
          add(src, path.basename(src));
          fs.mkdirSync(path.dirname(outPath), { recursive: true });
          fs.writeFileSync(outPath, fflate().zipSync(entries));
          return null;
        }
        case 'unzip': {
          const src = file(d.in, 900001);
          const outDir = ctx.fs.resolve(String(d.out ?? ''));
          let total = 0;
          let files: Record<string, Uint8Array>;
          try {
            files = fflate().unzipSync(fs.readFileSync(src), { filter: (f) => { total += f.originalSize; if (total > MAX_UNZIPPED) throw new KitError(900003, 'The input source file is not in ZIP format or is damaged: it unpacks to over 256 MB.'); return true; } });
          } catch (e) { throw e instanceof KitError ? e : new KitError(900003, 'The input source file is not in ZIP format or is damaged.'); }
          for (const [name, data] of Object.entries(files)) {
            if (name.endsWith('/')) continue;
            const target = path.resolve(outDir, name);
            if (!target.startsWith(path.resolve(outDir) + path.sep)) throw new KitError(900003, `The input source file is damaged: the entry ${name} leads outside the target folder.`);
            ctx.fs.resolve(`${String(d.out).replace(/\/$/, '')}/${name}`);
            fs.mkdirSync(path.dirname(target), { recursive: true });
            fs.writeFileSync(target, data);
          }
          return Object.keys(files).filter((n) => !n.endsWith('/')).length;
        }
        case 'copy': {
          const from = file(d.from);
          const to = ctx.fs.resolve(String(d.to ?? ''));
          fs.cpSync(from, to, { recursive: true, force: d.overwrite !== false, errorOnExist: d.overwrite === false });
          return null;
        }
        case 'bytes': { const f = file(d.path); const st = fs.statSync(f); if (st.size > MAX_FILE) throw new KitError(13900020, 'Invalid argument: the file is over 256 MB.'); return fs.readFileSync(f).toString('base64'); }
        case 'writeBytes': {
          const f = ctx.fs.resolve(String(d.path ?? ''));
          const b = Buffer.from(String(d.b64 ?? ''), 'base64');
          const fd = fs.openSync(f, fs.existsSync(f) ? 'r+' : 'w+');
          try { fs.writeSync(fd, b, 0, b.length, Number(d.offset) || 0); } finally { fs.closeSync(fd); }
          return b.length;
        }
        default: throw new KitError(801, `unknown request file.${op}`);
      }
    },
  };
}
