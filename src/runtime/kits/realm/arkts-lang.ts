/**
 * More of the ArkTS standard library in the app realm (evaluated from source; see core.ts): `@ohos.url` (parsed by the
 * host with the WHATWG parser: the realm has no URL of its own), `@ohos.uri`, `@ohos.xml`, `@ohos.convertxml`,
 * `@ohos.process`, `@arkts.collections`, `@arkts.utils` (ArkTSUtils: AsyncLock, ASON, isSendable), `@arkts.lang`.
 */
export function installArkTsLang(g: any): void {
  const rt = g.__rt;
  const err = (code: number, msg: string) => rt.kitError(code, msg);
  const paramErr = (msg: string) => err(401, `Parameter error. ${msg}`);

  // ---- @ohos.url ----
  const formEncode = (s: string) => encodeURIComponent(s).replace(/%20/g, '+').replace(/[!'()~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
  const formDecode = (s: string) => { try { return decodeURIComponent(s.replace(/\+/g, ' ')); } catch { return s; } };
  class URLParams {
    private list: Array<[string, string]> = [];
    private owner: any;
    constructor(init?: any) {
      if (init === undefined || init === null) return;
      if (typeof init === 'string') this.parse(init);
      else if (Array.isArray(init)) for (const p of init) { if (!Array.isArray(p) || p.length !== 2) throw paramErr('Each query pair must be a sequence of two strings.'); this.list.push([String(p[0]), String(p[1])]); }
      else if (typeof init === 'object') for (const k of Object.keys(init)) this.list.push([k, String(init[k])]);
      else throw paramErr('The type of "init" must be string[][], Record<string, string>, string or URLParams.');
    }
    private parse(s: string) { this.list = []; for (const part of s.replace(/^\?/, '').split('&')) { if (!part) continue; const i = part.indexOf('='); this.list.push(i < 0 ? [formDecode(part), ''] : [formDecode(part.slice(0, i)), formDecode(part.slice(i + 1))]); } }
    private changed() { this.owner?.paramsChanged(this.toString()); }
    bindTo(owner: any, search: string) { this.owner = owner; this.parse(search); }
    append(name: string, value: string) { this.list.push([String(name), String(value)]); this.changed(); }
    delete(name: string) { this.list = this.list.filter(([k]) => k !== String(name)); this.changed(); }
    getAll(name: string): string[] { return this.list.filter(([k]) => k === String(name)).map(([, v]) => v); }
    get(name: string): string | null { const e = this.list.find(([k]) => k === String(name)); return e ? e[1] : null; }
    has(name: string): boolean { return this.list.some(([k]) => k === String(name)); }
    set(name: string, value: string) { const i = this.list.findIndex(([k]) => k === String(name)); if (i < 0) this.list.push([String(name), String(value)]); else { this.list[i] = [String(name), String(value)]; this.list = this.list.filter(([k], j) => k !== String(name) || j === i); } this.changed(); }
    sort() { this.list.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)); this.changed(); }
    keys(): IterableIterator<string> { return this.list.map(([k]) => k)[Symbol.iterator](); }
    values(): IterableIterator<string> { return this.list.map(([, v]) => v)[Symbol.iterator](); }
    entries(): IterableIterator<[string, string]> { return this.list.map((e) => [e[0], e[1]] as [string, string])[Symbol.iterator](); }
    forEach(cb: (v: string, k: string, p: URLParams) => void, thisArg?: any) { for (const [k, v] of this.list.slice()) cb.call(thisArg, v, k, this); }
    [Symbol.iterator]() { return this.entries(); }
    toString(): string { return this.list.map(([k, v]) => `${formEncode(k)}=${formEncode(v)}`).join('&'); }
  }
  const URL_PARTS = ['href', 'origin', 'protocol', 'username', 'password', 'host', 'hostname', 'port', 'pathname', 'search', 'hash'];
  class URL {
    private parts: Record<string, string> = {};
    private params = new URLParams();
    constructor(input?: string, base?: string | URL) {
      if (input === undefined) return;
      if (typeof input !== 'string') throw paramErr('The type of "url" must be string.');
      this.load(rt.kitCall('sys.url', { input, base: base instanceof URL ? base.toString() : base }));
    }
    static parseURL(input: string, base?: string | URL): URL {
      if (typeof input !== 'string') throw paramErr('The type of "url" must be string.');
      const u = new URL();
      u.load(rt.kitCall('sys.url', { input, base: base instanceof URL ? base.toString() : base }));
      return u;
    }
    private load(parts: Record<string, string>) { this.parts = parts; this.params.bindTo(this, parts.search); }
    paramsChanged(query: string) { this.load(rt.kitCall('sys.url', { input: this.parts.href, set: 'search', value: query })); }
    get params_(): URLParams { return this.params; }
    get searchParams(): URLParams { return this.params; }
    toString(): string { return this.parts.href ?? ''; }
    toJSON(): string { return this.parts.href ?? ''; }
  }
  for (const p of URL_PARTS) {
    Object.defineProperty(URL.prototype, p, {
      get(this: any) { return this.parts[p] ?? ''; },
      set(this: any, v: string) { if (p === 'origin') return; this.load(rt.kitCall('sys.url', { input: this.parts.href, set: p, value: String(v) })); },
    });
  }
  Object.defineProperty(URL.prototype, 'params', { get(this: any) { return this.params_; } });
  rt.defineModule('@ohos.url', () => ({ URL, URLParams, URLSearchParams: URLParams }));

  // ---- @ohos.uri (RFC 3986) ----
  const URI_RE = /^(?:([A-Za-z][A-Za-z0-9+.-]*):)?(?:\/\/((?:([^@/?#]*)@)?(\[[^\]]*\]|[^:/?#]*)(?::(\d*))?))?([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/;
  class URI {
    scheme: string | null = null; userInfo: string | null = null; host: string | null = null; port = '-1'; path: string | null = null;
    query: string | null = null; fragment: string | null = null; authority: string | null = null; ssp = '';
    private raw: string;
    constructor(uri: string) {
      if (typeof uri !== 'string') throw paramErr('The type of "uri" must be string.');
      if (uri === '' || /[\s<>"{}|\\^`]/.test(uri)) throw err(10200002, `Syntax Error. Invalid Uri string: "${uri}"`);
      const m = URI_RE.exec(uri);
      if (!m) throw err(10200002, `Syntax Error. Invalid Uri string: "${uri}"`);
      this.raw = uri;
      this.scheme = m[1] ?? null; this.authority = m[2] ?? null; this.userInfo = m[3] ?? null; this.host = m[4] || null;
      this.port = m[5] ? m[5] : '-1'; this.path = m[6] || null; this.query = m[7] ?? null; this.fragment = m[8] ?? null;
      const colon = this.scheme ? uri.indexOf(':') + 1 : 0; const hash = uri.indexOf('#');
      this.ssp = uri.slice(colon, hash < 0 ? undefined : hash);
    }
    static createFromParts(scheme: string, ssp: string, fragment: string): URI { return new URI(`${scheme}:${ssp}${fragment ? '#' + fragment : ''}`); }
    get encodedUserInfo() { return this.userInfo; }
    get encodedPath() { return this.path; }
    get encodedQuery() { return this.query; }
    get encodedFragment() { return this.fragment; }
    get encodedAuthority() { return this.authority; }
    get encodedSSP() { return this.ssp; }
    toString(): string { return this.raw; }
    equals(other: URI): boolean { return other instanceof URI && other.raw === this.raw; }
    equalsTo(other: URI): boolean { return this.equals(other); }
    checkIsAbsolute(): boolean { return this.scheme !== null; }
    checkRelative(): boolean { return this.scheme === null; }
    checkOpaque(): boolean { return this.scheme !== null && !this.ssp.startsWith('/'); }
    checkHierarchical(): boolean { return !this.checkOpaque(); }
    normalize(): URI {
      const segs: string[] = [];
      for (const s of (this.path ?? '').split('/')) { if (s === '.') continue; if (s === '..') { if (segs.length > 1) segs.pop(); continue; } segs.push(s); }
      const p = segs.join('/');
      return new URI(`${this.scheme ? this.scheme + ':' : ''}${this.authority !== null ? '//' + this.authority : ''}${p}${this.query !== null ? '?' + this.query : ''}${this.fragment !== null ? '#' + this.fragment : ''}`);
    }
    getQueryValue(key: string): string | null { for (const [k, v] of this.pairs()) if (k === key) return v; return null; }
    getQueryValues(key: string): string[] { return this.pairs().filter(([k]) => k === key).map(([, v]) => v); }
    getQueryNames(): string[] { return [...new Set(this.pairs().map(([k]) => k))]; }
    getBooleanQueryValue(key: string, dflt: boolean): boolean { const v = this.getQueryValue(key); return v === null ? dflt : !(v === 'false' || v === '0'); }
    private pairs(): Array<[string, string]> { return (this.query ?? '').split('&').filter(Boolean).map((p) => { const i = p.indexOf('='); return (i < 0 ? [formDecode(p), ''] : [formDecode(p.slice(0, i)), formDecode(p.slice(i + 1))]) as [string, string]; }); }
    addQueryValue(key: string, value: string): URI { const q = `${this.query ? this.query + '&' : ''}${encodeURIComponent(key)}=${encodeURIComponent(value)}`; return new URI(this.raw.replace(/(\?[^#]*)?(#.*)?$/, `?${q}${this.fragment !== null ? '#' + this.fragment : ''}`)); }
    clearQuery(): URI { return new URI(this.raw.replace(/\?[^#]*/, '')); }
    getSegment(): string[] { return (this.path ?? '').split('/').filter(Boolean); }
    getLastSegment(): string { const s = this.getSegment(); return s[s.length - 1] ?? ''; }
    addSegment(seg: string): URI { return this.addEncodedSegment(encodeURIComponent(seg)); }
    addEncodedSegment(seg: string): URI { const p = (this.path ?? '').replace(/\/$/, '') + '/' + seg; return new URI(`${this.scheme ? this.scheme + ':' : ''}${this.authority !== null ? '//' + this.authority : ''}${p}${this.query !== null ? '?' + this.query : ''}${this.fragment !== null ? '#' + this.fragment : ''}`); }
  }
  rt.defineModule('@ohos.uri', () => ({ URI }));

  // ---- @ohos.xml ----
  const escapeXml = (s: string) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
  class XmlSerializer {
    private out = ''; private stack: string[] = []; private open = false; private bytes: Uint8Array | null;
    constructor(buffer?: ArrayBuffer | DataView, encoding = 'utf-8') {
      if (encoding && String(encoding).toLowerCase() !== 'utf-8') throw paramErr('Just support utf-8');
      this.bytes = buffer instanceof ArrayBuffer ? new Uint8Array(buffer) : buffer && ArrayBuffer.isView(buffer) ? new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength) : null;
    }
    private flush() { if (this.bytes) { const b = rt.utf8.encode(this.out); if (b.length > this.bytes.length) throw err(10200062, 'The cumulative length of the parameter has exceeded the upper limit 100000.'); this.bytes.fill(0); this.bytes.set(b); } }
    private close() { if (this.open) { this.out += '>'; this.open = false; } }
    setDeclaration() { this.out += '<?xml version="1.0" encoding="utf-8"?>'; this.flush(); }
    startElement(name: string) { this.close(); this.out += `${this.stack.length || this.out ? '\r\n' + '  '.repeat(this.stack.length) : ''}<${name}`; this.stack.push(name); this.open = true; this.flush(); }
    setAttributes(name: string, value: string) { if (!this.open) throw err(401, 'Attributes must be set right after startElement.'); this.out += ` ${name}="${escapeXml(value)}"`; this.flush(); }
    addEmptyElement(name: string) { this.close(); this.out += `${'\r\n' + '  '.repeat(this.stack.length)}<${name}/>`; this.flush(); }
    setText(text: string) { this.close(); this.out += escapeXml(text); this.textLast = true; this.flush(); }
    private textLast = false;
    endElement() {
      const name = this.stack.pop();
      if (name === undefined) throw err(401, 'There is no element to end.');
      if (this.open) { this.out += '/>'; this.open = false; } else { this.out += `${this.textLast ? '' : '\r\n' + '  '.repeat(this.stack.length)}</${name}>`; }
      this.textLast = false; this.flush();
    }
    setNamespace(prefix: string, ns: string) { this.pendingNs = ` xmlns:${prefix}="${ns}"`; }
    private pendingNs = '';
    setComment(text: string) { this.close(); this.out += `<!--${text}-->`; this.flush(); }
    setCDATA(text: string) { this.close(); this.out += `<![CDATA[${text}]]>`; this.flush(); }
    setDocType(text: string) { this.out += `<!DOCTYPE ${text}>`; this.flush(); }
    getOutput(): ArrayBuffer { return rt.utf8.encode(this.out).buffer; }
  }
  const EventType = { START_DOCUMENT: 0, END_DOCUMENT: 1, START_TAG: 2, END_TAG: 3, TEXT: 4, CDSECT: 5, COMMENT: 6, DOCDECL: 7, INSTRUCTION: 8, ENTITY_REFERENCE: 9, WHITESPACE: 10 };
  const unescape = (s: string) => s.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_m, e: string) => ({ lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" } as Record<string, string>)[e.toLowerCase()] ?? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)));
  /** Tokens of an XML text: [type, name/text, attributes, depth]. */
  const tokenize = (xml: string) => {
    const toks: Array<{ type: number; name: string; text: string; attrs: Array<[string, string]>; depth: number; empty: boolean }> = [];
    let i = 0; let depth = 0;
    const push = (type: number, name: string, text: string, attrs: Array<[string, string]> = [], empty = false) => toks.push({ type, name, text, attrs, depth, empty });
    while (i < xml.length) {
      if (xml.startsWith('<?', i)) { const e = xml.indexOf('?>', i); if (e < 0) throw err(401, 'Unclosed processing instruction'); const body = xml.slice(i + 2, e); if (!body.startsWith('xml ')) push(EventType.INSTRUCTION, '', body); i = e + 2; continue; }
      if (xml.startsWith('<!--', i)) { const e = xml.indexOf('-->', i); if (e < 0) throw err(401, 'Unclosed comment'); push(EventType.COMMENT, '', xml.slice(i + 4, e)); i = e + 3; continue; }
      if (xml.startsWith('<![CDATA[', i)) { const e = xml.indexOf(']]>', i); if (e < 0) throw err(401, 'Unclosed CDATA'); push(EventType.CDSECT, '', xml.slice(i + 9, e)); i = e + 3; continue; }
      if (xml.startsWith('<!DOCTYPE', i)) { const e = xml.indexOf('>', i); push(EventType.DOCDECL, '', xml.slice(i + 9, e).trim()); i = e + 1; continue; }
      if (xml[i] === '<') {
        const e = xml.indexOf('>', i);
        if (e < 0) throw err(401, 'Unclosed tag');
        const raw = xml.slice(i + 1, e);
        if (raw.startsWith('/')) { const name = raw.slice(1).trim(); push(EventType.END_TAG, name, ''); depth--; i = e + 1; continue; }
        const empty = raw.endsWith('/');
        const body = empty ? raw.slice(0, -1) : raw;
        const name = /^[^\s/>]+/.exec(body)?.[0] ?? '';
        const attrs: Array<[string, string]> = [];
        for (const m of body.slice(name.length).matchAll(/([^\s=]+)\s*=\s*("([^"]*)"|'([^']*)')/g)) attrs.push([m[1], unescape(m[3] ?? m[4] ?? '')]);
        depth++;
        push(EventType.START_TAG, name, '', attrs, empty);
        if (empty) { push(EventType.END_TAG, name, ''); depth--; }
        i = e + 1; continue;
      }
      const e = xml.indexOf('<', i); const text = xml.slice(i, e < 0 ? undefined : e);
      push(/^\s*$/.test(text) ? EventType.WHITESPACE : EventType.TEXT, '', unescape(text));
      i = e < 0 ? xml.length : e;
    }
    return toks;
  };
  class XmlPullParser {
    private text: string;
    constructor(buffer: ArrayBuffer | DataView, _encoding = 'utf-8') {
      const b = buffer instanceof ArrayBuffer ? new Uint8Array(buffer) : new Uint8Array((buffer as DataView).buffer, (buffer as DataView).byteOffset, (buffer as DataView).byteLength);
      this.text = rt.utf8.decode(b);
    }
    parse(option: { supportDoctype?: boolean; ignoreNameSpace?: boolean; tagValueCallbackFunction?: any; attributeValueCallbackFunction?: any; tokenValueCallbackFunction?: any }) { this.parseXml(option); }
    parseXml(option: any) {
      const toks = tokenize(this.text);
      const info = (t: any, line: number) => ({ getColumnNumber: () => 1, getDepth: () => t.depth, getLineNumber: () => line, getName: () => t.name, getNamespace: () => '', getPrefix: () => '',
        getText: () => t.text, isEmptyElementTag: () => t.empty, isWhitespace: () => t.type === EventType.WHITESPACE, getAttributeCount: () => t.attrs.length });
      const tokenCb = option?.tokenValueCallbackFunction; const tagCb = option?.tagValueCallbackFunction; const attrCb = option?.attributeValueCallbackFunction;
      if (tokenCb && tokenCb(EventType.START_DOCUMENT, info({ depth: 0, name: '', text: '', attrs: [], empty: false }, 1)) === false) return;
      for (const t of toks) {
        if (t.type === EventType.DOCDECL && !option?.supportDoctype) continue;
        if (tagCb && (t.type === EventType.START_TAG || t.type === EventType.TEXT || t.type === EventType.CDSECT) && tagCb(t.type === EventType.START_TAG ? t.name : '', t.text) === false) return;
        if (attrCb && t.type === EventType.START_TAG) for (const [k, v] of t.attrs) if (attrCb(k, v) === false) return;
        if (tokenCb && tokenCb(t.type, info(t, 1)) === false) return;
      }
      if (tokenCb) tokenCb(EventType.END_DOCUMENT, info({ depth: 0, name: '', text: '', attrs: [], empty: false }, 1));
    }
  }
  rt.defineModule('@ohos.xml', () => ({ XmlSerializer, XmlPullParser, EventType, XmlDynamicSerializer: XmlSerializer }));

  // ---- @ohos.convertxml: XML → the platform's compact/non-compact JS object ----
  class ConvertXML {
    convertToJSObject(xml: string, options?: any): any {
      if (typeof xml !== 'string') throw paramErr('The type of "xml" must be string.');
      const o = { trim: false, ignoreDeclaration: false, ignoreInstruction: false, ignoreAttributes: false, ignoreComment: false, ignoreCDATA: false, ignoreDoctype: false, ignoreText: false,
        declarationKey: '_declaration', instructionKey: '_instruction', attributesKey: '_attributes', textKey: '_text', cdataKey: '_cdata', doctypeKey: '_doctype', commentKey: '_comment', parentKey: '_parent', typeKey: '_type', nameKey: '_name', elementsKey: '_elements', ...options };
      const root: any = {};
      const decl = /^\s*<\?xml([^?]*)\?>/.exec(xml);
      if (decl && !o.ignoreDeclaration) { const attrs: any = {}; for (const m of decl[1].matchAll(/([^\s=]+)\s*=\s*"([^"]*)"/g)) attrs[m[1]] = m[2]; root[o.declarationKey] = { [o.attributesKey]: attrs }; }
      const stack: any[] = [root];
      for (const t of tokenize(xml)) {
        const top = stack[stack.length - 1];
        const add = (node: any) => { (top[o.elementsKey] ??= []).push(node); };
        if (t.type === EventType.START_TAG) {
          const node: any = { [o.typeKey]: 'element', [o.nameKey]: t.name };
          if (t.attrs.length && !o.ignoreAttributes) node[o.attributesKey] = Object.fromEntries(t.attrs);
          add(node); stack.push(node);
        } else if (t.type === EventType.END_TAG) { if (stack.length > 1) stack.pop(); }
        else if (t.type === EventType.TEXT && !o.ignoreText) { const text = o.trim ? t.text.trim() : t.text; if (text) add({ [o.typeKey]: 'text', [o.textKey]: text }); }
        else if (t.type === EventType.CDSECT && !o.ignoreCDATA) add({ [o.typeKey]: 'cdata', [o.cdataKey]: t.text });
        else if (t.type === EventType.COMMENT && !o.ignoreComment) add({ [o.typeKey]: 'comment', [o.commentKey]: t.text });
        else if (t.type === EventType.DOCDECL && !o.ignoreDoctype) add({ [o.typeKey]: 'doctype', [o.doctypeKey]: t.text });
        else if (t.type === EventType.INSTRUCTION && !o.ignoreInstruction) add({ [o.typeKey]: 'instruction', [o.instructionKey]: t.text });
      }
      if (stack.length > 1) throw err(10200002, 'Invalid xml string');
      return root;
    }
    convert(xml: string, options?: any): any { return this.convertToJSObject(xml, options); }
    fastConvertToJSObject(xml: string, options?: any): any { return this.convertToJSObject(xml, options); }
  }
  rt.defineModule('@ohos.convertxml', () => ({ ConvertXML }));

  // ---- @ohos.process: the app's one process on the emulated device ----
  const env = () => rt.call('env');
  const started = Date.now();
  class ProcessManager {
    isAppUid(uid: number): boolean { return uid >= 10000; }
    getUidForName(_name: string): number { return -1; }
    getThreadPriority(_tid: number): number { return 0; }
    getSystemConfig(name: number): number { return name === 0 ? 0 : -1; }
    getEnvironmentVar(_name: string): string { return ''; }
    exit(code: number): void { rt.call('terminate'); void code; }
    kill(_signal: number, _pid: number): boolean { return false; }
  }
  const process = {
    get pid() { return 1; }, get tid() { return 1; }, get uid() { return 20010001; }, ProcessManager,
    isIsolatedProcess: () => false, is64Bit: () => true, getStartRealtime: () => started, getPastCpuTime: () => Date.now() - started,
    uptime: () => Math.floor((Date.now() - started) / 1000), isAppUid: (uid: number) => uid >= 10000, getUidForName: () => -1,
    getThreadPriority: () => 0, getSystemConfig: () => -1, getEnvironmentVar: () => '', exit: () => rt.call('terminate'), kill: () => false,
    get bundleName() { return env().bundleName; },
  };
  rt.defineModule('@ohos.process', () => process);

  // ---- @arkts.collections, @arkts.utils, @arkts.lang ----
  const sendable = new WeakSet<object>();
  rt.isSendable = (v: any) => v === null || typeof v !== 'object' || sendable.has(v);
  const mark = <T extends object>(o: T): T => { sendable.add(o); return o; };
  class CArray<T> extends Array<T> { constructor(...a: any[]) { super(...a); mark(this); } static create<T>(n: number, v: T) { return mark(CArray.from({ length: n }, () => v)) as CArray<T>; } }
  class CMap<K, V> extends Map<K, V> { constructor(e?: any) { super(e); mark(this); } }
  class CSet<T> extends Set<T> { constructor(e?: any) { super(e); mark(this); } }
  class CArrayBuffer extends ArrayBuffer { constructor(n: number) { super(n); mark(this); } }
  const collections: any = { Array: CArray, Map: CMap, Set: CSet, ArrayBuffer: CArrayBuffer, BitVector: undefined };
  for (const n of ['Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array']) {
    const Base = (g as any)[n];
    collections[n] = class extends Base { constructor(...a: any[]) { super(...a); mark(this); } };
  }
  class BitVector {
    private bits: number[] = [];
    constructor(length: number) { this.bits = new Array(length).fill(0); mark(this); }
    get length() { return this.bits.length; }
    push(v: number) { this.bits.push(v ? 1 : 0); return true; }
    pop() { return this.bits.pop(); }
    has(v: number, from: number, to: number) { return this.bits.slice(from, to).includes(v ? 1 : 0); }
    setBitsByRange(v: number, from: number, to: number) { for (let i = from; i < to; i++) this.bits[i] = v ? 1 : 0; }
    setAllBits(v: number) { this.bits.fill(v ? 1 : 0); }
    getBitsByRange(from: number, to: number) { return new BitVector(0).fromBits(this.bits.slice(from, to)); }
    fromBits(b: number[]) { this.bits = b; return this; }
    resize(n: number) { if (n < this.bits.length) this.bits.length = n; else while (this.bits.length < n) this.bits.push(0); }
    getBitCountByRange(v: number, from: number, to: number) { return this.bits.slice(from, to).filter((x) => x === (v ? 1 : 0)).length; }
    getIndexOf(v: number, from: number, to: number) { const i = this.bits.slice(from, to).indexOf(v ? 1 : 0); return i < 0 ? -1 : i + from; }
    getLastIndexOf(v: number, from: number, to: number) { const i = this.bits.slice(from, to).lastIndexOf(v ? 1 : 0); return i < 0 ? -1 : i + from; }
    flipBitByIndex(i: number) { this.bits[i] ^= 1; }
    flipBitsByRange(from: number, to: number) { for (let i = from; i < to; i++) this.bits[i] ^= 1; }
    values() { return this.bits.slice()[Symbol.iterator](); }
    [Symbol.iterator]() { return this.values(); }
  }
  collections.BitVector = BitVector;
  rt.defineModule('@arkts.collections', () => ({ collections, default: collections }));

  /** ArkTSUtils.locks.AsyncLock: callbacks run one at a time per lock (or shared readers), in request order. */
  const namedLocks = new Map<string, AsyncLock>();
  const LockMode = { SHARED: 1, EXCLUSIVE: 2 };
  class AsyncLockOptions { isAvailable = false; signal: any = null; timeout = 0; }
  class AsyncLock {
    readonly name: string;
    private held: { mode: number; count: number } | null = null;
    private queue: Array<{ mode: number; start: () => void }> = [];
    constructor(name?: string) { this.name = name ?? ''; }
    static request(name: string): AsyncLock { if (typeof name !== 'string') throw paramErr('The type of "name" must be string.'); let l = namedLocks.get(name); if (!l) { l = new AsyncLock(name); namedLocks.set(name, l); } return l; }
    static query(name?: string): any { if (name !== undefined && !namedLocks.has(name)) throw err(10200030, 'The lock does not exist.'); return name === undefined ? [...namedLocks.values()].map((l) => l.state()) : namedLocks.get(name)!.state(); }
    private state() { return { name: this.name, held: this.held ? [{ mode: this.held.mode }] : [], pending: this.queue.map((q) => ({ mode: q.mode })) }; }
    lockAsync<T>(cb: () => T | Promise<T>, mode: number = LockMode.EXCLUSIVE, options?: AsyncLockOptions): Promise<T> {
      if (typeof cb !== 'function') return Promise.reject(paramErr('The type of "callback" must be function.'));
      return new Promise<T>((resolve, reject) => {
        let timer: any;
        const start = () => {
          if (timer !== undefined) g.clearTimeout(timer);
          if (this.held) this.held.count++; else this.held = { mode, count: 1 };
          Promise.resolve().then(cb).then(resolve, reject).finally(() => { if (this.held && --this.held.count === 0) this.held = null; this.next(); });
        };
        const free = !this.held || (this.held.mode === LockMode.SHARED && mode === LockMode.SHARED && !this.queue.length);
        if (free) { start(); return; }
        if (options?.isAvailable) { reject(err(10200030, 'The lock is acquired by another owner.')); return; }
        const entry = { mode, start };
        this.queue.push(entry);
        if (options?.timeout && options.timeout > 0) timer = g.setTimeout(() => { const i = this.queue.indexOf(entry); if (i >= 0) { this.queue.splice(i, 1); reject(err(10200031, `Timeout exceeded (${options.timeout} ms).`)); } }, options.timeout);
      });
    }
    private next() {
      while (this.queue.length && (!this.held || (this.held.mode === LockMode.SHARED && this.queue[0].mode === LockMode.SHARED))) this.queue.shift()!.start();
    }
  }
  const ASON = {
    parse: (text: string, reviver?: any) => { const v = JSON.parse(text, reviver); return v; },
    stringify: (v: any) => JSON.stringify(v, (_k, x) => (x instanceof Map ? Object.fromEntries(x) : x instanceof Set ? [...x] : x)),
  };
  const ArkTSUtils = { locks: { AsyncLock, AsyncLockOptions, AsyncLockMode: LockMode, AbortSignal: class { aborted = false; reason: any; } }, ASON, isSendable: (v: any) => rt.isSendable(v) };
  rt.defineModule('@arkts.utils', () => ({ ArkTSUtils, default: ArkTSUtils, locks: ArkTSUtils.locks, ASON, isSendable: ArkTSUtils.isSendable }));
  const lang = { ISendable: class {}, Retention: () => () => undefined };
  rt.defineModule('@arkts.lang', () => ({ lang, default: lang }));
  void mark;
}
