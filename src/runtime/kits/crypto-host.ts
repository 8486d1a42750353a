/**
 * `@ohos.security.cryptoFramework` (and the huks / asset basics) on Node's crypto (`k.crypto.<op>`). Keys, ciphers,
 * digests and signers live here behind numeric handles; bytes cross as base64. Errors carry the platform's codes:
 * 401 bad parameters, 801 an algorithm the platform names but this device does not offer, 17630001 a failed
 * operation (a wrong key, a bad tag, a bad padding).
 */
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import type { KitFamily, KitHostContext } from './host.js';
import { KitError } from './kit-error.js';

type Handle = { kind: 'md'; h: crypto.Hash; alg: string } | { kind: 'mac'; alg: string; h?: crypto.Hmac } | { kind: 'sym'; alg: string; key: Buffer }
  | { kind: 'pub'; alg: string; key: crypto.KeyObject } | { kind: 'pri'; alg: string; key: crypto.KeyObject } | { kind: 'cipher'; spec: CipherSpec; c?: crypto.Cipher | crypto.Decipher; enc?: boolean; parts?: Buffer[]; asy?: crypto.KeyObject }
  | ({ kind: 'sign' } & SignState) | ({ kind: 'verify' } & SignState);
interface SignState { spec: string; digest: string; key?: crypto.KeyObject; data: Buffer[]; padding?: number }

interface CipherSpec { alg: string; mode: string; padding: string; bits: number; asymmetric: boolean }

const MD: Record<string, string> = { MD5: 'md5', SHA1: 'sha1', SHA224: 'sha224', SHA256: 'sha256', SHA384: 'sha384', SHA512: 'sha512', SM3: 'sm3' };
const b64 = (v: unknown): Buffer => {
  if (typeof v !== 'string') throw new KitError(401, 'Parameter error. The type of "data" must be DataBlob.');
  return Buffer.from(v, 'base64');
};
const out = (b: Buffer) => b.toString('base64');
const fail = (e: unknown, what: string): KitError => (e instanceof KitError ? e : new KitError(17630001, `Crypto operation error: ${what} failed (${(e as Error)?.message ?? e})`));

function parseCipher(spec: string): CipherSpec {
  const parts = String(spec).split('|');
  const head = parts[0];
  const sym = /^(AES)(128|192|256)$/.exec(head) ?? /^(3DES)(192)$/.exec(head) ?? /^(SM4)(_128)$/.exec(head);
  if (sym) {
    const mode = (parts[1] ?? 'ECB').toUpperCase();
    if (!['ECB', 'CBC', 'CTR', 'OFB', 'CFB', 'CFB1', 'CFB8', 'CFB128', 'GCM', 'CCM'].includes(mode)) throw new KitError(401, `Parameter error. Unknown cipher mode in "${spec}".`);
    return { alg: sym[1], mode, padding: (parts[2] ?? 'NoPadding').toUpperCase(), bits: sym[1] === 'SM4' ? 128 : Number(sym[2]), asymmetric: false };
  }
  const rsa = /^RSA(\d+)?$/.exec(head);
  if (rsa) return { alg: 'RSA', mode: '', padding: (parts[1] ?? 'PKCS1').toUpperCase(), bits: Number(rsa[1] ?? 2048), asymmetric: true };
  throw new KitError(801, `Capability not supported: the cipher "${spec}" is not offered on an emulated device.`);
}

export function createCryptoHost(ctx: KitHostContext): KitFamily {
  /** Assets (small secrets) of this app, kept by the device beside the app's sandbox (not inside it, as on a device). */
  const assetFile = path.join(ctx.appDir, 'asset.json');
  const ALIAS = String(0x10000002); const SECRET = String(0x10000001); const CONFLICT = String(0x20000044); const RETURN_TYPE = String(0x20000040);
  const assetOp = (op: string, q: Record<string, unknown>, u?: Record<string, unknown>): unknown => {
    let all: Record<string, Record<string, unknown>> = {};
    try { all = JSON.parse(fs.readFileSync(assetFile, 'utf8')); } catch { all = {}; }
    const key = (m: Record<string, unknown>) => {
      const a = m[ALIAS] as { b64?: string } | undefined;
      if (!a || typeof a.b64 !== 'string') throw new KitError(24000001, 'The argument is invalid: ALIAS (Uint8Array) is required.');
      return a.b64;
    };
    const save = () => { fs.mkdirSync(path.dirname(assetFile), { recursive: true }); fs.writeFileSync(assetFile, JSON.stringify(all)); };
    const matches = (item: Record<string, unknown>) => Object.entries(q).every(([k, v]) => k === RETURN_TYPE || JSON.stringify(item[k]) === JSON.stringify(v));
    switch (op) {
      case 'add': {
        const k = key(q);
        if (!q[SECRET]) throw new KitError(24000001, 'The argument is invalid: SECRET is required.');
        if (all[k] && q[CONFLICT] !== 0) throw new KitError(24000003, 'The asset already exists.');
        if (Object.keys(all).length >= 1000) throw new KitError(24000016, 'The cumulative value exceeds the limit.');
        all[k] = q; save(); return null;
      }
      case 'remove': { const hit = Object.keys(all).filter((k) => matches(all[k])); if (!hit.length) throw new KitError(24000002, 'The asset is not found.'); for (const k of hit) delete all[k]; save(); return null; }
      case 'update': { const k = key(q); if (!all[k]) throw new KitError(24000002, 'The asset is not found.'); all[k] = { ...all[k], ...(u ?? {}) }; save(); return null; }
      default: {
        const hit = Object.values(all).filter(matches);
        if (!hit.length) throw new KitError(24000002, 'The asset is not found.');
        return hit.map((item) => (q[RETURN_TYPE] === 1 ? Object.fromEntries(Object.entries(item).filter(([k]) => k !== SECRET)) : item));
      }
    }
  };
  const handles = new Map<number, Handle>();
  let next = 1;
  const put = (h: Handle) => { const id = next++; handles.set(id, h); if (handles.size > 10_000) throw new KitError(17620001, 'Memory error: too many crypto objects are open.'); return id; };
  const get = <K extends Handle['kind']>(id: unknown, ...kinds: K[]): Extract<Handle, { kind: K }> => {
    const h = handles.get(Number(id));
    if (!h || !kinds.includes(h.kind as K)) throw new KitError(401, 'Parameter error. The object is not a valid key or crypto object of this kind.');
    return h as Extract<Handle, { kind: K }>;
  };
  const symLen = (alg: string): { alg: string; bytes: number } => {
    const m = /^(AES)(128|192|256)$/.exec(alg) ?? /^(3DES)(192)$/.exec(alg) ?? /^(HMAC)(\|?[A-Z0-9]*)$/.exec(alg) ?? /^(SM4)_128$/.exec(alg);
    if (!m) throw new KitError(801, `Capability not supported: the symmetric key "${alg}" is not offered on an emulated device.`);
    if (m[1] === 'HMAC') return { alg, bytes: 32 };
    return { alg, bytes: m[1] === 'SM4' ? 16 : Number(m[2]) / 8 };
  };
  return {
    handle(op, d) {
      switch (op) {
        case 'md.create': {
          const alg = MD[String(d.alg)];
          if (!alg) throw new KitError(401, `Parameter error. Unknown digest algorithm "${String(d.alg)}".`);
          try { return { id: put({ kind: 'md', h: crypto.createHash(alg), alg: String(d.alg) }), length: crypto.createHash(alg).digest().length }; } catch { throw new KitError(801, `Capability not supported: ${String(d.alg)}`); }
        }
        case 'md.update': get(d.id, 'md').h.update(b64(d.data)); return null;
        case 'md.digest': { const m = get(d.id, 'md'); const r = m.h.digest(); m.h = crypto.createHash(MD[m.alg]); return out(r); }
        case 'mac.create': {
          const md = MD[String(d.md)];
          if (!md) throw new KitError(401, `Parameter error. Unknown HMAC digest "${String(d.md)}".`);
          return { id: put({ kind: 'mac', alg: md }), length: crypto.createHash(md).digest().length };
        }
        case 'mac.init': { const m = get(d.id, 'mac'); const k = get(d.key, 'sym'); m.h = crypto.createHmac(m.alg, k.key); return null; }
        case 'mac.update': { const m = get(d.id, 'mac'); if (!m.h) throw new KitError(17630001, 'Crypto operation error: the Mac is not initialised (init(key) first).'); m.h.update(b64(d.data)); return null; }
        case 'mac.final': { const m = get(d.id, 'mac'); if (!m.h) throw new KitError(17630001, 'Crypto operation error: the Mac is not initialised (init(key) first).'); const r = m.h.digest(); m.h = undefined; return out(r); }
        case 'random': {
          const n = Number(d.len);
          if (!Number.isInteger(n) || n <= 0 || n > 2 ** 31 - 1) throw new KitError(401, 'Parameter error. The length must be a positive integer.');
          if (n > 16 * 1024 * 1024) throw new KitError(17620001, 'Memory error: a random block is at most 16 MB on an emulated device.');
          return out(crypto.randomBytes(n));
        }
        case 'sym.generate': { const { alg, bytes } = symLen(String(d.alg)); return put({ kind: 'sym', alg, key: crypto.randomBytes(bytes) }); }
        case 'sym.convert': {
          const { alg, bytes } = symLen(String(d.alg));
          const key = b64(d.data);
          if (!alg.startsWith('HMAC') && key.length !== bytes) throw new KitError(17630001, `Crypto operation error: a ${alg} key is ${bytes} bytes (got ${key.length}).`);
          return put({ kind: 'sym', alg, key });
        }
        case 'key.encoded': {
          const h = get(d.id, 'sym', 'pub', 'pri');
          if (h.kind === 'sym') return out(h.key);
          return out(h.kind === 'pub' ? h.key.export({ type: 'spki', format: 'der' }) : h.key.export({ type: 'pkcs8', format: 'der' }) as Buffer);
        }
        case 'key.pem': {
          const h = get(d.id, 'pub', 'pri');
          return String(h.kind === 'pub' ? h.key.export({ type: 'spki', format: 'pem' }) : h.key.export({ type: 'pkcs8', format: 'pem' }));
        }
        case 'key.free': handles.delete(Number(d.id)); return null;
        case 'asy.generate': {
          const spec = String(d.alg);
          try {
            const rsa = /^RSA(\d+)/.exec(spec);
            const ecc = /^ECC(224|256|384|521)$/.exec(spec);
            const { publicKey, privateKey } = rsa ? crypto.generateKeyPairSync('rsa', { modulusLength: Number(rsa[1]) })
              : ecc ? crypto.generateKeyPairSync('ec', { namedCurve: { 224: 'secp224r1', 256: 'prime256v1', 384: 'secp384r1', 521: 'secp521r1' }[ecc[1]]! })
                : spec === 'Ed25519' ? crypto.generateKeyPairSync('ed25519') : spec === 'X25519' ? crypto.generateKeyPairSync('x25519')
                  : spec === 'SM2_256' ? (() => { throw new KitError(801, 'Capability not supported: SM2 keys are not offered on an emulated device.'); })() : (() => { throw new KitError(401, `Parameter error. Unknown asymmetric key "${spec}".`); })();
            if (rsa && Number(rsa[1]) > 4096) throw new KitError(801, 'Capability not supported: RSA keys over 4096 bits are not generated on an emulated device.');
            return { pub: put({ kind: 'pub', alg: spec, key: publicKey }), pri: put({ kind: 'pri', alg: spec, key: privateKey }) };
          } catch (e) { throw fail(e, 'generateKeyPair'); }
        }
        case 'asy.convert': {
          const spec = String(d.alg);
          try {
            const r: { pub?: number; pri?: number } = {};
            if (typeof d.pub === 'string') r.pub = put({ kind: 'pub', alg: spec, key: d.pem ? crypto.createPublicKey(String(d.pub)) : crypto.createPublicKey({ key: b64(d.pub), format: 'der', type: 'spki' }) });
            if (typeof d.pri === 'string') r.pri = put({ kind: 'pri', alg: spec, key: d.pem ? crypto.createPrivateKey(String(d.pri)) : crypto.createPrivateKey({ key: b64(d.pri), format: 'der', type: 'pkcs8' }) });
            return r;
          } catch (e) { throw fail(e, 'convertKey'); }
        }
        case 'cipher.create': return put({ kind: 'cipher', spec: parseCipher(String(d.spec)) });
        case 'cipher.init': {
          const h = get(d.id, 'cipher');
          const enc = Number(d.mode) === 0;
          const s = h.spec;
          try {
            if (s.asymmetric) {
              const k = get(d.key, enc ? 'pub' : 'pri', 'pub', 'pri');
              h.asy = k.key; h.enc = enc; h.parts = []; return null;
            }
            const k = get(d.key, 'sym');
            const iv = d.iv === undefined || d.iv === null ? null : b64(d.iv);
            const mode = s.mode === 'CFB' ? 'CFB' : s.mode;
            const name = s.alg === 'AES' ? `aes-${s.bits}-${mode.toLowerCase()}` : s.alg === '3DES' ? `des-ede3${mode === 'ECB' ? '' : '-' + mode.toLowerCase()}` : `sm4-${mode.toLowerCase()}`;
            if (mode !== 'ECB' && !iv) throw new KitError(401, `Parameter error. ${s.alg}|${s.mode} needs an IvParamsSpec/GcmParamsSpec with an iv.`);
            const opts = mode === 'GCM' || mode === 'CCM' ? { authTagLength: 16 } : undefined;
            const c = enc ? crypto.createCipheriv(name, k.key, mode === 'ECB' ? null : iv, opts as crypto.CipherGCMOptions)
              : crypto.createDecipheriv(name, k.key, mode === 'ECB' ? null : iv, opts as crypto.CipherGCMOptions);
            if (mode === 'GCM' || mode === 'CCM') {
              if (d.aad) (c as crypto.CipherGCM).setAAD(b64(d.aad));
              if (!enc) { if (!d.tag) throw new KitError(401, 'Parameter error. Decrypting GCM needs the authTag in GcmParamsSpec.'); (c as crypto.DecipherGCM).setAuthTag(b64(d.tag)); }
            }
            c.setAutoPadding(s.padding === 'PKCS5' || s.padding === 'PKCS7');
            h.c = c; h.enc = enc;
            return null;
          } catch (e) { throw fail(e, 'init'); }
        }
        case 'cipher.update': {
          const h = get(d.id, 'cipher');
          if (h.spec.asymmetric) { h.parts!.push(b64(d.data)); return out(Buffer.alloc(0)); }
          if (!h.c) throw new KitError(17630001, 'Crypto operation error: the Cipher is not initialised (init first).');
          try { return out(h.c.update(b64(d.data))); } catch (e) { throw fail(e, 'update'); }
        }
        case 'cipher.final': {
          const h = get(d.id, 'cipher');
          try {
            if (h.spec.asymmetric) {
              if (!h.asy) throw new KitError(17630001, 'Crypto operation error: the Cipher is not initialised (init first).');
              const data = Buffer.concat([...(h.parts ?? []), d.data ? b64(d.data) : Buffer.alloc(0)]);
              h.parts = [];
              const padding = h.spec.padding === 'PKCS1_OAEP' ? crypto.constants.RSA_PKCS1_OAEP_PADDING : h.spec.padding === 'NOPADDING' ? crypto.constants.RSA_NO_PADDING : crypto.constants.RSA_PKCS1_PADDING;
              const r = h.enc ? crypto.publicEncrypt({ key: h.asy, padding }, data) : crypto.privateDecrypt({ key: h.asy, padding }, data);
              return out(r);
            }
            if (!h.c) throw new KitError(17630001, 'Crypto operation error: the Cipher is not initialised (init first).');
            const c = h.c;
            const body = Buffer.concat([d.data ? c.update(b64(d.data)) : Buffer.alloc(0), c.final()]);
            h.c = undefined;
            // For GCM/CCM encryption the platform's doFinal gives the tag after the last block.
            if (h.enc && (h.spec.mode === 'GCM' || h.spec.mode === 'CCM')) return out(Buffer.concat([body, (c as crypto.CipherGCM).getAuthTag()]));
            return out(body);
          } catch (e) { throw fail(e, 'doFinal'); }
        }
        case 'sign.create': case 'verify.create': {
          const spec = String(d.spec);
          const parts = spec.split('|');
          const mdName = parts.find((p) => MD[p]) ?? (spec === 'Ed25519' ? '' : undefined);
          if (mdName === undefined) throw new KitError(401, `Parameter error. "${spec}" names no digest (e.g. RSA2048|PKCS1|SHA256, ECC256|SHA256).`);
          const padding = parts.includes('PSS') ? crypto.constants.RSA_PKCS1_PSS_PADDING : undefined;
          return put({ kind: op === 'sign.create' ? 'sign' : 'verify', spec, digest: mdName ? MD[mdName] : '', data: [], padding });
        }
        case 'sign.init': { const h = get(d.id, 'sign'); h.key = get(d.key, 'pri').key; h.data = []; return null; }
        case 'verify.init': { const h = get(d.id, 'verify'); h.key = get(d.key, 'pub').key; h.data = []; return null; }
        case 'sign.update': case 'verify.update': { const h = get(d.id, 'sign', 'verify'); h.data.push(b64(d.data)); return null; }
        case 'sign.sign': {
          const h = get(d.id, 'sign');
          if (!h.key) throw new KitError(17630001, 'Crypto operation error: the Sign is not initialised (init(priKey) first).');
          const data = Buffer.concat([...h.data, d.data ? b64(d.data) : Buffer.alloc(0)]); h.data = [];
          try { return out(crypto.sign(h.digest || null, data, h.padding ? { key: h.key, padding: h.padding } : h.key)); } catch (e) { throw fail(e, 'sign'); }
        }
        case 'verify.verify': {
          const h = get(d.id, 'verify');
          if (!h.key) throw new KitError(17630001, 'Crypto operation error: the Verify is not initialised (init(pubKey) first).');
          const data = Buffer.concat([...h.data, d.data ? b64(d.data) : Buffer.alloc(0)]); h.data = [];
          try { return crypto.verify(h.digest || null, data, h.padding ? { key: h.key, padding: h.padding } : h.key, b64(d.sig)); } catch { return false; }
        }
        case 'kdf': {
          const [name, mdName] = String(d.spec).split('|');
          const md = MD[mdName];
          if (!md) throw new KitError(401, `Parameter error. "${String(d.spec)}" names no digest.`);
          const size = Number(d.keySize);
          if (!Number.isInteger(size) || size <= 0 || size > 4096) throw new KitError(401, 'Parameter error. keySize must be 1..4096.');
          const pwd = typeof d.password === 'string' ? Buffer.from(d.password, 'base64') : Buffer.alloc(0);
          const salt = typeof d.salt === 'string' ? Buffer.from(d.salt, 'base64') : Buffer.alloc(0);
          if (name === 'PBKDF2') {
            const it = Number(d.iterations);
            if (!Number.isInteger(it) || it <= 0 || it > 10_000_000) throw new KitError(401, 'Parameter error. iterations must be a positive integer.');
            return out(crypto.pbkdf2Sync(pwd, salt, it, size, md));
          }
          if (name === 'HKDF') return out(Buffer.from(crypto.hkdfSync(md, pwd, salt, typeof d.info === 'string' ? Buffer.from(d.info, 'base64') : Buffer.alloc(0), size)));
          throw new KitError(801, `Capability not supported: the KDF "${name}".`);
        }
        case 'asset.add': case 'asset.remove': case 'asset.update': case 'asset.query': return assetOp(op.slice(6), d.query ?? {}, d.update);
        default: throw new KitError(801, `unknown request crypto.${op}`);
      }
    },
    close() { handles.clear(); },
  };
}
