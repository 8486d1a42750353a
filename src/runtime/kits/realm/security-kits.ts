/**
 * `@ohos.security.cryptoFramework`, `@ohos.security.huks` (basics) and `@ohos.security.asset` in the app realm
 * (evaluated from source; see core.ts). The work happens on Node's crypto (crypto-host.ts) behind handles; DataBlobs
 * cross as base64. huks keeps named keys for the app; asset keeps secrets in the app's sandbox (asset-host, in the
 * crypto family). Both answer with the platform's codes.
 */
export function installSecurityKits(g: any): void {
  const rt = g.__rt;
  const err = (code: number, msg: string) => rt.kitError(code, msg);
  const paramErr = (msg: string) => err(401, `Parameter error. ${msg}`);
  const c = (op: string, d?: any) => rt.kitCall('crypto.' + op, d ?? {});
  const enc = (b: any, name = 'data'): string => {
    const data = b && typeof b === 'object' && 'data' in b ? b.data : b;
    if (!(data instanceof Uint8Array)) throw paramErr(`The type of "${name}" must be DataBlob.`);
    return rt.base64.encode(data, 0);
  };
  const blob = (s: string) => ({ data: rt.base64.decode(s) });
  const both = (target: any, name: string, sync: (...a: any[]) => any) => {
    target[name + 'Sync'] = sync;
    target[name] = (...a: any[]) => { const cb = typeof a[a.length - 1] === 'function' ? a.pop() : undefined; return rt.asyncApi(() => sync(...a), cb); };
  };

  class Key { constructor(readonly id: number, readonly algName: string, readonly format: string) {} getEncoded() { return blob(c('key.encoded', { id: this.id })); } clearMem() { c('key.free', { id: this.id }); } }
  class SymKey extends Key {}
  class PubKey extends Key { getEncodedPem(_f?: string) { return c('key.pem', { id: this.id }); } getAsyKeySpec() { throw err(801, 'Capability not supported: getAsyKeySpec'); } }
  class PriKey extends PubKey {}
  const md = (alg: any) => {
    if (typeof alg !== 'string') throw paramErr('The type of "algName" must be string.');
    const r = c('md.create', { alg });
    const m: any = { algName: alg, getMdLength: () => r.length };
    both(m, 'update', (data: any) => { c('md.update', { id: r.id, data: enc(data) }); });
    both(m, 'digest', () => blob(c('md.digest', { id: r.id })));
    return m;
  };
  const mac = (spec: any) => {
    const mdName = typeof spec === 'string' ? spec : spec?.mdName;
    if (typeof mdName !== 'string') throw paramErr('The type of "mdName" must be string.');
    const r = c('mac.create', { md: mdName });
    const m: any = { algName: `HMAC|${mdName}`, getMacLength: () => r.length };
    both(m, 'init', (key: any) => { if (!(key instanceof SymKey)) throw paramErr('The type of "key" must be SymKey.'); c('mac.init', { id: r.id, key: key.id }); });
    both(m, 'update', (data: any) => { c('mac.update', { id: r.id, data: enc(data) }); });
    both(m, 'doFinal', () => blob(c('mac.final', { id: r.id })));
    return m;
  };
  const random = () => {
    const r: any = { algName: 'CTR_DRBG', setSeed() {} };
    both(r, 'generateRandom', (len: number) => blob(c('random', { len })));
    return r;
  };
  const symGen = (alg: any) => {
    if (typeof alg !== 'string') throw paramErr('The type of "algName" must be string.');
    c('sym.generate', { alg }); // validates the name (801 for one this device does not offer)
    const k: any = { algName: alg };
    both(k, 'generateSymKey', () => new SymKey(c('sym.generate', { alg }), alg, 'RAW'));
    both(k, 'convertKey', (b: any) => new SymKey(c('sym.convert', { alg, data: enc(b, 'key') }), alg, 'RAW'));
    return k;
  };
  const asyGen = (alg: any) => {
    if (typeof alg !== 'string') throw paramErr('The type of "algName" must be string.');
    const g2: any = { algName: alg };
    const pair = (r: any) => ({ pubKey: r.pub !== undefined ? new PubKey(r.pub, alg, 'X.509') : null, priKey: r.pri !== undefined ? new PriKey(r.pri, alg, 'PKCS#8') : null });
    both(g2, 'generateKeyPair', () => pair(c('asy.generate', { alg })));
    both(g2, 'convertKey', (pub: any, pri: any) => pair(c('asy.convert', { alg, pub: pub ? enc(pub, 'pubKey') : undefined, pri: pri ? enc(pri, 'priKey') : undefined })));
    both(g2, 'convertPemKey', (pub: any, pri: any) => pair(c('asy.convert', { alg, pem: true, pub: pub ?? undefined, pri: pri ?? undefined })));
    return g2;
  };
  const CryptoMode = { ENCRYPT_MODE: 0, DECRYPT_MODE: 1 };
  const cipher = (spec: any) => {
    if (typeof spec !== 'string') throw paramErr('The type of "transformation" must be string.');
    const id = c('cipher.create', { spec });
    const x: any = { algName: spec, setCipherSpec() {}, getCipherSpec: () => '' };
    both(x, 'init', (mode: any, key: any, params: any) => {
      if (mode !== 0 && mode !== 1) throw paramErr('The type of "opMode" must be CryptoMode.');
      if (!(key instanceof Key)) throw paramErr('The type of "key" must be Key.');
      c('cipher.init', { id, mode, key: key.id, iv: params?.iv ? enc(params.iv, 'iv') : undefined, aad: params?.aad ? enc(params.aad, 'aad') : undefined,
        tag: params?.authTag ? enc(params.authTag, 'authTag') : undefined });
    });
    both(x, 'update', (data: any) => blob(c('cipher.update', { id, data: enc(data) })));
    both(x, 'doFinal', (data: any) => blob(c('cipher.final', { id, data: data === null || data === undefined ? undefined : enc(data) })));
    return x;
  };
  const signer = (kind: 'sign' | 'verify') => (spec: any) => {
    if (typeof spec !== 'string') throw paramErr('The type of "algName" must be string.');
    const id = c(`${kind}.create`, { spec });
    const s: any = { algName: spec, setSignSpec() {}, getSignSpec: () => '', setVerifySpec() {}, getVerifySpec: () => '' };
    both(s, 'init', (key: any) => { if (!(key instanceof Key)) throw paramErr('The type of "key" must be Key.'); c(`${kind}.init`, { id, key: key.id }); });
    both(s, 'update', (data: any) => { c(`${kind}.update`, { id, data: enc(data) }); });
    if (kind === 'sign') both(s, 'sign', (data: any) => blob(c('sign.sign', { id, data: data ? enc(data) : undefined })));
    else both(s, 'verify', (data: any, sig: any) => c('verify.verify', { id, data: data ? enc(data) : undefined, sig: enc(sig, 'signatureData') }));
    return s;
  };
  const kdf = (spec: any) => {
    if (typeof spec !== 'string') throw paramErr('The type of "algName" must be string.');
    const k: any = { algName: spec };
    const text = (v: any) => (typeof v === 'string' ? rt.base64.encode(new g.TextEncoder().encode(v), 0) : enc(v, 'password'));
    both(k, 'generateSecret', (p: any) => blob(c('kdf', { spec, password: text(p?.password ?? p?.key), salt: p?.salt ? enc(p.salt, 'salt') : '', iterations: p?.iterations, keySize: p?.keySize, info: p?.info ? enc(p.info, 'info') : undefined })));
    return k;
  };
  const cryptoFramework = {
    Result: { INVALID_PARAMS: 401, NOT_SUPPORT: 801, ERR_OUT_OF_MEMORY: 17620001, ERR_RUNTIME_ERROR: 17620002, ERR_CRYPTO_OPERATION: 17630001 },
    CryptoMode, CipherSpecItem: { OAEP_MD_NAME_STR: 100, OAEP_MGF_NAME_STR: 101, OAEP_MGF1_MD_STR: 102, OAEP_MGF1_PSRC_UINT8ARR: 103, SM2_MD_NAME_STR: 104 },
    SignSpecItem: { PSS_MD_NAME_STR: 100, PSS_MGF_NAME_STR: 101, PSS_MGF1_MD_STR: 102, PSS_SALT_LEN_NUM: 103, PSS_TRAILER_FIELD_NUM: 104, SM2_USER_ID_UINT8ARR: 105 },
    AsyKeySpecType: { COMMON_PARAMS_SPEC: 0, PRIVATE_KEY_SPEC: 1, PUBLIC_KEY_SPEC: 2, KEY_PAIR_SPEC: 3 },
    createMd: md, createMac: mac, createRandom: random, createSymKeyGenerator: symGen, createAsyKeyGenerator: asyGen, createCipher: cipher,
    createSign: signer('sign'), createVerify: signer('verify'), createKdf: kdf,
    createKeyAgreement: () => { throw err(801, 'Capability not supported: key agreement is not offered on an emulated device.'); },
    createAsyKeyGeneratorBySpec: () => { throw err(801, 'Capability not supported: key generation from key specs is not offered on an emulated device.'); },
  };
  rt.defineModule('@ohos.security.cryptoFramework', () => cryptoFramework);

  // ---- huks basics: named AES/HMAC keys kept for the app, used to encrypt/decrypt and to sign ----
  const HuksTag = { HUKS_TAG_ALGORITHM: 0x10000001, HUKS_TAG_PURPOSE: 0x10000002, HUKS_TAG_KEY_SIZE: 0x10000003, HUKS_TAG_DIGEST: 0x10000004, HUKS_TAG_PADDING: 0x10000005,
    HUKS_TAG_BLOCK_MODE: 0x10000006, HUKS_TAG_IV: 0x40000bb9, HUKS_TAG_ASSOCIATED_DATA: 0x40000008, HUKS_TAG_NONCE: 0x40000009, HUKS_TAG_AE_TAG: 0x40000bba };
  const HuksKeyAlg = { HUKS_ALG_RSA: 1, HUKS_ALG_ECC: 2, HUKS_ALG_DSA: 3, HUKS_ALG_AES: 20, HUKS_ALG_HMAC: 50, HUKS_ALG_HKDF: 51, HUKS_ALG_PBKDF2: 52, HUKS_ALG_SM4: 152 };
  const HuksKeyPurpose = { HUKS_KEY_PURPOSE_ENCRYPT: 1, HUKS_KEY_PURPOSE_DECRYPT: 2, HUKS_KEY_PURPOSE_SIGN: 4, HUKS_KEY_PURPOSE_VERIFY: 8, HUKS_KEY_PURPOSE_MAC: 128 };
  const HuksCipherMode = { HUKS_MODE_ECB: 1, HUKS_MODE_CBC: 2, HUKS_MODE_CTR: 3, HUKS_MODE_OFB: 4, HUKS_MODE_GCM: 32 };
  const HuksKeyPadding = { HUKS_PADDING_NONE: 0, HUKS_PADDING_OAEP: 1, HUKS_PADDING_PSS: 2, HUKS_PADDING_PKCS1_V1_5: 3, HUKS_PADDING_PKCS5: 4, HUKS_PADDING_PKCS7: 5 };
  const HuksKeySize = { HUKS_AES_KEY_SIZE_128: 128, HUKS_AES_KEY_SIZE_192: 192, HUKS_AES_KEY_SIZE_256: 256, HUKS_RSA_KEY_SIZE_2048: 2048 };
  const HuksKeyDigest = { HUKS_DIGEST_NONE: 0, HUKS_DIGEST_SHA1: 11, HUKS_DIGEST_SHA256: 12, HUKS_DIGEST_SHA384: 13, HUKS_DIGEST_SHA512: 14 };
  const tag = (opts: any, t: number) => (opts?.properties ?? []).find((p: any) => p?.tag === t)?.value;
  const keys = new Map<string, { key: any; alg: number; size: number }>();
  const sessions = new Map<number, any>();
  let nextSession = 1;
  const aesSpec = (o: any, size: number) => {
    const mode = tag(o, HuksTag.HUKS_TAG_BLOCK_MODE);
    const pad = tag(o, HuksTag.HUKS_TAG_PADDING);
    const m = mode === HuksCipherMode.HUKS_MODE_GCM ? 'GCM' : mode === HuksCipherMode.HUKS_MODE_CBC ? 'CBC' : mode === HuksCipherMode.HUKS_MODE_CTR ? 'CTR' : 'ECB';
    return `AES${size}|${m}|${pad === HuksKeyPadding.HUKS_PADDING_PKCS7 || pad === HuksKeyPadding.HUKS_PADDING_PKCS5 ? 'PKCS7' : 'NoPadding'}`;
  };
  const alias = (a: any) => { if (typeof a !== 'string' || !a || a.length > 128) throw err(401, 'Parameter error. The key alias must be a string of 1..128 characters.'); return a; };
  const huks = {
    HuksTag, HuksKeyAlg, HuksKeyPurpose, HuksCipherMode, HuksKeyPadding, HuksKeySize, HuksKeyDigest,
    HuksExceptionErrCode: { HUKS_ERR_CODE_PERMISSION_FAIL: 201, HUKS_ERR_CODE_ILLEGAL_ARGUMENT: 401, HUKS_ERR_CODE_NOT_SUPPORTED_API: 801, HUKS_ERR_CODE_ITEM_NOT_EXIST: 12000011, HUKS_ERR_CODE_CRYPTO_FAIL: 12000006 },
    generateKeyItem: (a: any, o: any, cb?: any) => rt.asyncApi(() => {
      const alg = tag(o, HuksTag.HUKS_TAG_ALGORITHM); const size = Number(tag(o, HuksTag.HUKS_TAG_KEY_SIZE) ?? 256);
      if (alg !== HuksKeyAlg.HUKS_ALG_AES && alg !== HuksKeyAlg.HUKS_ALG_HMAC) throw err(12000001, 'Algorithm not supported: huks on an emulated device keeps AES and HMAC keys.');
      const key = alg === HuksKeyAlg.HUKS_ALG_AES ? symGen(`AES${size}`).generateSymKeySync() : symGen('HMAC').convertKeySync({ data: random().generateRandomSync(32).data });
      keys.set(alias(a), { key, alg, size });
      return { outData: new Uint8Array(0) };
    }, cb),
    deleteKeyItem: (a: any, _o: any, cb?: any) => rt.asyncApi(() => { if (!keys.delete(alias(a))) throw err(12000011, 'The entity does not exist: no key with this alias.'); }, cb),
    isKeyItemExist: (a: any, _o: any, cb?: any) => rt.asyncApi(() => { if (!keys.has(alias(a))) throw err(12000011, 'The entity does not exist: no key with this alias.'); return true; }, cb),
    hasKeyItem: (a: any) => rt.asyncApi(() => keys.has(alias(a))),
    // A session gathers the data and runs the key once at finish: for AES-GCM decryption the tag is the last 16 bytes.
    initSession: (a: any, o: any, cb?: any) => rt.asyncApi(() => {
      const k = keys.get(alias(a));
      if (!k) throw err(12000011, 'The entity does not exist: no key with this alias.');
      const handle = nextSession++;
      sessions.set(handle, { k, o, chunks: [] as Uint8Array[] });
      return { handle, challenge: new Uint8Array(0) };
    }, cb),
    updateSession: (h: number, o: any, cb?: any) => rt.asyncApi(() => { session(h).chunks.push(bytes(o?.inData)); return { outData: new Uint8Array(0) }; }, cb),
    finishSession: (h: number, o: any, cb?: any) => rt.asyncApi(() => {
      const s = session(h); sessions.delete(h);
      if (o?.inData !== undefined) s.chunks.push(bytes(o.inData));
      const all = new Uint8Array(s.chunks.reduce((n: number, x: Uint8Array) => n + x.length, 0));
      let at = 0; for (const x of s.chunks) { all.set(x, at); at += x.length; }
      try {
        if (s.k.alg === HuksKeyAlg.HUKS_ALG_HMAC) { const m = mac('SHA256'); m.initSync(s.k.key); m.updateSync({ data: all }); return { outData: m.doFinalSync().data }; }
        const decrypt = tag(s.o, HuksTag.HUKS_TAG_PURPOSE) === HuksKeyPurpose.HUKS_KEY_PURPOSE_DECRYPT;
        const gcm = tag(s.o, HuksTag.HUKS_TAG_BLOCK_MODE) === HuksCipherMode.HUKS_MODE_GCM;
        const iv = tag(s.o, HuksTag.HUKS_TAG_NONCE) ?? tag(s.o, HuksTag.HUKS_TAG_IV);
        const aad = tag(s.o, HuksTag.HUKS_TAG_ASSOCIATED_DATA);
        const body = decrypt && gcm ? all.slice(0, all.length - 16) : all;
        const x = cipher(aesSpec(s.o, s.k.size));
        x.initSync(decrypt ? 1 : 0, s.k.key, iv ? { iv: { data: iv }, aad: aad ? { data: aad } : undefined, authTag: decrypt && gcm ? { data: all.slice(all.length - 16) } : undefined, algName: gcm ? 'GcmParamsSpec' : 'IvParamsSpec' } : null);
        return { outData: x.doFinalSync({ data: body }).data };
      } catch (e: any) { throw err(12000006, `Crypto engine error: ${e?.message ?? e}`); }
    }, cb),
    abortSession: (h: number, _o: any, cb?: any) => rt.asyncApi(() => { sessions.delete(h); }, cb),
  };
  const bytes = (v: any): Uint8Array => { if (!(v instanceof Uint8Array)) throw err(401, 'Parameter error. inData must be a Uint8Array.'); return v; };
  const session = (h: number) => { const s = sessions.get(h); if (!s) throw err(12000011, 'The entity does not exist: no session with this handle.'); return s; };
  rt.defineModule('@ohos.security.huks', () => huks);

  // ---- asset: small secrets of the app, kept in its sandbox by the device ----
  const Tag = { SECRET: 0x10000001, ALIAS: 0x10000002, ACCESSIBILITY: 0x20000003, REQUIRE_PASSWORD_SET: 0x30000004, AUTH_TYPE: 0x20000005, AUTH_VALIDITY_PERIOD: 0x20000006,
    AUTH_CHALLENGE: 0x10000007, AUTH_TOKEN: 0x10000008, SYNC_TYPE: 0x20000010, IS_PERSISTENT: 0x30000011, DATA_LABEL_CRITICAL_1: 0x10000020, DATA_LABEL_NORMAL_1: 0x10000030,
    RETURN_TYPE: 0x20000040, RETURN_LIMIT: 0x20000041, RETURN_OFFSET: 0x20000042, RETURN_ORDERED_BY: 0x20000043, CONFLICT_RESOLUTION: 0x20000044, UPDATE_TIME: 0x10000045 };
  const wireMap = (m: any) => {
    if (!(m instanceof Map)) throw err(24000001, 'The argument is invalid: an AssetMap (Map) is expected.');
    const o: Record<string, any> = {};
    for (const [k, v] of m) o[String(k)] = v instanceof Uint8Array ? { b64: rt.base64.encode(v, 0) } : v;
    return o;
  };
  const unwire = (o: Record<string, any>) => new Map(Object.entries(o).map(([k, v]) => [Number(k), v && typeof v === 'object' && 'b64' in v ? rt.base64.decode(v.b64) : v]));
  const a = (op: string, m?: any, n?: any) => rt.kitCall('crypto.asset.' + op, { query: m === undefined ? {} : wireMap(m), update: n === undefined ? undefined : wireMap(n) });
  const asset = {
    Tag, TagType: { BOOL: 0x10000000, NUMBER: 0x20000000, BYTES: 0x30000000 },
    Accessibility: { DEVICE_POWERED_ON: 0, DEVICE_FIRST_UNLOCKED: 1, DEVICE_UNLOCKED: 2 }, AuthType: { NONE: 0x00, ANY: 0xFF }, SyncType: { NEVER: 0, THIS_DEVICE: 1, TRUSTED_DEVICE: 2, TRUSTED_ACCOUNT: 4 },
    ReturnType: { ALL: 0, ATTRIBUTES: 1 }, ConflictResolution: { OVERWRITE: 0, THROW_ERROR: 1 }, OperationType: { NEED_SYNC: 0, NEED_LOGOUT: 1 },
    ErrorCode: { PERMISSION_DENIED: 201, NOT_SYSTEM_APPLICATION: 202, INVALID_ARGUMENT: 401, SERVICE_UNAVAILABLE: 24000002, DUPLICATED: 24000003, NOT_FOUND: 24000004, STATUS_MISMATCH: 24000005,
      OUT_OF_MEMORY: 24000006, DATA_CORRUPTED: 24000007, DATABASE_ERROR: 24000008, CRYPTO_ERROR: 24000009, IPC_ERROR: 24000010, BMS_ERROR: 24000011, ACCOUNT_ERROR: 24000012,
      ACCESS_TOKEN_ERROR: 24000013, FILE_OPERATION_ERROR: 24000014, GET_SYSTEM_TIME_ERROR: 24000015, LIMIT_EXCEEDED: 24000016, UNSUPPORTED: 24000017 },
    add: (m: any) => rt.asyncApi(() => { a('add', m); }), addSync: (m: any) => { a('add', m); },
    remove: (m: any) => rt.asyncApi(() => { a('remove', m); }), removeSync: (m: any) => { a('remove', m); },
    update: (m: any, n: any) => rt.asyncApi(() => { a('update', m, n); }), updateSync: (m: any, n: any) => { a('update', m, n); },
    query: (m: any) => rt.asyncApi(() => (a('query', m) as any[]).map(unwire)), querySync: (m: any) => (a('query', m) as any[]).map(unwire),
    preQuery: () => Promise.reject(err(24000017, 'The capability is not supported: asset access control needs user authentication.')),
    postQuery: () => Promise.resolve(),
  };
  rt.defineModule('@ohos.security.asset', () => asset);
}
