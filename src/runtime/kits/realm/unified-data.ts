/**
 * `@ohos.data.unifiedDataChannel` (UDMF) in the app realm (evaluated from source; see core.ts): UnifiedData made of
 * UnifiedRecords — the typed ones (Text, PlainText, Hyperlink, HTML, File, Image, Video, Audio, Folder, the
 * system-defined form / app item / pixel map, application-defined raw data) and API 12's `new UnifiedRecord(type,
 * value)` with extra entries — and the device's data hub: insertData / updateData / queryData / deleteData with
 * `Intention.DATA_HUB`, held by the device (k.dev.udmf.*), so what one app puts there another can read by its key.
 * Records cross as JSON (bytes as base64); a PixelMap value keeps only its size.
 */
export function installUnifiedData(g: any): void {
  const rt = g.__rt;
  const err = (code: number, msg: string) => rt.kitError(code, msg);
  const paramErr = (msg: string) => err(401, `Parameter error. ${msg}`);
  const dev = (op: string, d?: any) => rt.kitCall('dev.udmf.' + op, d ?? {});

  const Intention = { DATA_HUB: 'DataHub', DRAG: 'Drag', SYSTEM_SHARE: 'SystemShare', PICKER: 'Picker', MENU: 'Menu' };
  const ShareOptions = { IN_APP: 0, CROSS_APP: 1 };
  /** UTD types of the typed records (uniformTypeDescriptor.UniformDataType). */
  const T = {
    TEXT: 'general.text', PLAIN_TEXT: 'general.plain-text', HYPERLINK: 'general.hyperlink', HTML: 'general.html', FILE: 'general.file',
    IMAGE: 'general.image', VIDEO: 'general.video', AUDIO: 'general.audio', FOLDER: 'general.folder', FORM: 'openharmony.form',
    APP_ITEM: 'openharmony.app-item', PIXEL_MAP: 'openharmony.pixel-map', APPLICATION_DEFINED: 'ApplicationDefinedType',
  };
  // The older API 10 names of the same types (UnifiedDataType), which apps still pass.
  const UnifiedDataType = { ...T, SYSTEM_DEFINED_FORM: T.FORM, SYSTEM_DEFINED_APP_ITEM: T.APP_ITEM, SYSTEM_DEFINED_PIXEL_MAP: T.PIXEL_MAP, SYSTEM_DEFINED_RECORD: 'SystemDefinedType', APPLICATION_DEFINED_RECORD: T.APPLICATION_DEFINED };

  class UnifiedRecord {
    protected __type: string; protected __value: any; protected __entries: Record<string, any> = {};
    constructor(type?: any, value?: any) {
      if (type !== undefined && (typeof type !== 'string' || !type)) throw paramErr('The type of "type" must be a non-empty string.');
      this.__type = type ?? (this.constructor as any).UTD ?? 'general.object';
      this.__value = value;
      if (type !== undefined) this.__entries[type] = value;
    }
    getType(): string { return this.__type; }
    getValue(): any { return this.__value; }
    addEntry(type: any, value: any): void { if (typeof type !== 'string' || !type) throw paramErr('The type of "type" must be a non-empty string.'); this.__entries[type] = value; }
    getEntry(type: any): any { if (typeof type !== 'string') throw paramErr('The type of "type" must be string.'); return type === this.__type && !(type in this.__entries) ? this.__value : this.__entries[type]; }
    getEntries(): Record<string, any> { return { ...this.__entries }; }
    getTypes(): string[] { return [...new Set([this.__type, ...Object.keys(this.__entries)])]; }
  }
  const typed = (utd: string, fields: Record<string, any>) => {
    const fresh = (v: any) => (v instanceof Uint8Array ? new Uint8Array(0) : v && typeof v === 'object' ? {} : v);
    const C = class extends UnifiedRecord { constructor() { super(); this.__type = utd; for (const [k, v] of Object.entries(fields)) (this as any)[k] = fresh(v); } };
    (C as any).UTD = utd;
    return C;
  };
  const Text = typed(T.TEXT, { details: {} });
  const PlainText = typed(T.PLAIN_TEXT, { details: {}, textContent: '', abstract: '' });
  const Hyperlink = typed(T.HYPERLINK, { details: {}, url: '', description: '' });
  const HTML = typed(T.HTML, { details: {}, htmlContent: '', plainContent: '' });
  const File = typed(T.FILE, { details: {}, uri: '' });
  const Image = typed(T.IMAGE, { details: {}, uri: '', imageUri: '' });
  const Video = typed(T.VIDEO, { details: {}, uri: '', videoUri: '' });
  const Audio = typed(T.AUDIO, { details: {}, uri: '', audioUri: '' });
  const Folder = typed(T.FOLDER, { details: {}, uri: '', folderUri: '' });
  const SystemDefinedRecord = typed('SystemDefinedType', { details: {} });
  const SystemDefinedForm = typed(T.FORM, { details: {}, formId: 0, formName: '', bundleName: '', abilityName: '', module: '' });
  const SystemDefinedAppItem = typed(T.APP_ITEM, { details: {}, appId: '', appName: '', appIconId: '', appLabelId: '', bundleName: '', abilityName: '' });
  const SystemDefinedPixelMap = typed(T.PIXEL_MAP, { details: {}, rawData: new Uint8Array(0) });
  const ApplicationDefinedRecord = typed(T.APPLICATION_DEFINED, { applicationDefinedType: '', rawData: new Uint8Array(0) });
  const CLASSES: Record<string, any> = {
    [T.TEXT]: Text, [T.PLAIN_TEXT]: PlainText, [T.HYPERLINK]: Hyperlink, [T.HTML]: HTML, [T.FILE]: File, [T.IMAGE]: Image, [T.VIDEO]: Video,
    [T.AUDIO]: Audio, [T.FOLDER]: Folder, SystemDefinedType: SystemDefinedRecord, [T.FORM]: SystemDefinedForm, [T.APP_ITEM]: SystemDefinedAppItem,
    [T.PIXEL_MAP]: SystemDefinedPixelMap, [T.APPLICATION_DEFINED]: ApplicationDefinedRecord,
  };

  class UnifiedDataProperties { extras: Record<string, any> = {}; tag = ''; timestamp: Date = new Date(); shareOptions = ShareOptions.CROSS_APP; getDelayData: any = undefined; }
  class UnifiedData {
    properties = new UnifiedDataProperties();
    private records: UnifiedRecord[] = [];
    constructor(record?: any) { if (record !== undefined) this.addRecord(record); }
    addRecord(record: any): void {
      if (!(record instanceof UnifiedRecord)) throw paramErr('The type of "record" must be UnifiedRecord.');
      if (this.records.length >= 512) throw paramErr('A UnifiedData holds at most 512 records.');
      this.records.push(record);
    }
    getRecords(): UnifiedRecord[] { return [...this.records]; }
    hasType(type: any): boolean { if (typeof type !== 'string') throw paramErr('The type of "type" must be string.'); return this.records.some((r) => r.getTypes().includes(type)); }
    getTypes(): string[] { return [...new Set(this.records.flatMap((r) => r.getTypes()))]; }
  }

  // ---- the wire form (JSON; bytes as {$b64}) ----
  const enc = (v: any, depth = 0): any => {
    if (depth > 16) throw paramErr('The data is nested too deeply.');
    if (v instanceof Uint8Array) return { $b64: rt.base64.encode(v, 0) };
    if (v instanceof ArrayBuffer) return { $b64: rt.base64.encode(new Uint8Array(v), 0) };
    if (v && typeof v === 'object' && typeof v.getImageInfoSync === 'function') { try { return { $pixelMap: v.getImageInfoSync().size }; } catch { return null; } }
    if (Array.isArray(v)) return v.map((x) => enc(x, depth + 1));
    if (v && typeof v === 'object') { const o: any = {}; for (const [k, x] of Object.entries(v)) if (typeof x !== 'function') o[k] = enc(x, depth + 1); return o; }
    return typeof v === 'function' || typeof v === 'symbol' || typeof v === 'bigint' ? undefined : v;
  };
  const dec = (v: any): any => {
    if (Array.isArray(v)) return v.map(dec);
    if (v && typeof v === 'object') {
      if (typeof v.$b64 === 'string') return rt.base64.decode(v.$b64, 0);
      if (v.$pixelMap) return { size: v.$pixelMap };
      const o: any = {}; for (const [k, x] of Object.entries(v)) o[k] = dec(x); return o;
    }
    return v;
  };
  const toWire = (data: UnifiedData) => ({
    records: data.getRecords().map((r: any) => {
      const fields: any = {};
      for (const [k, v] of Object.entries(r)) if (!k.startsWith('__')) fields[k] = enc(v);
      return { type: r.__type, value: enc(r.__value), entries: enc(r.__entries), fields };
    }),
    properties: { tag: String(data.properties.tag ?? ''), extras: enc(data.properties.extras ?? {}), shareOptions: data.properties.shareOptions === ShareOptions.IN_APP ? 0 : 1 },
  });
  const fromWire = (w: any): UnifiedData => {
    const data = new UnifiedData();
    for (const r of w.records ?? []) {
      const C = CLASSES[r.type];
      const rec: any = C ? new C() : new UnifiedRecord(r.type, dec(r.value));
      rec.__type = r.type; rec.__value = dec(r.value); rec.__entries = dec(r.entries ?? {});
      Object.assign(rec, dec(r.fields ?? {}));
      data.addRecord(rec);
    }
    data.properties.tag = w.properties?.tag ?? ''; data.properties.extras = dec(w.properties?.extras ?? {});
    data.properties.shareOptions = w.properties?.shareOptions ?? 1; data.properties.timestamp = new Date(w.time ?? Date.now());
    return data;
  };

  const options = (o: any, need: 'intention' | 'key' | 'either') => {
    if (!o || typeof o !== 'object') throw paramErr('The type of "options" must be Options.');
    if (o.key !== undefined && typeof o.key !== 'string') throw paramErr('The type of "key" must be string.');
    if (o.intention !== undefined && o.intention !== Intention.DATA_HUB) throw paramErr('Only Intention.DATA_HUB can be used here.');
    if (need === 'intention' && o.intention === undefined) throw paramErr('"intention" must be Intention.DATA_HUB.');
    if (need === 'key' && !o.key) throw paramErr('"key" must name the data (the key insertData gave).');
    if (need === 'either' && !o.key && o.intention === undefined) throw paramErr('Give "key" or "intention".');
    return { key: o.key, intention: o.intention };
  };
  const dataArg = (d: any) => { if (!(d instanceof UnifiedData)) throw paramErr('The type of "data" must be UnifiedData.'); return toWire(d); };

  const unifiedDataChannel = {
    Intention, ShareOptions, UnifiedDataType, UnifiedData, UnifiedDataProperties, UnifiedRecord, Text, PlainText, Hyperlink, HTML, File, Image, Video,
    Audio, Folder, SystemDefinedRecord, SystemDefinedForm, SystemDefinedAppItem, SystemDefinedPixelMap, ApplicationDefinedRecord,
    insertData: (o: any, data: any, cb?: any) => rt.asyncApi(() => { options(o, 'intention'); return dev('insert', { data: dataArg(data) }); }, cb),
    updateData: (o: any, data: any, cb?: any) => rt.asyncApi(() => { const { key } = options(o, 'key'); dev('update', { key, data: dataArg(data) }); }, cb),
    queryData: (o: any, cb?: any) => rt.asyncApi(() => (dev('query', options(o, 'either')) as any[]).map(fromWire), cb),
    deleteData: (o: any, cb?: any) => rt.asyncApi(() => (dev('delete', options(o, 'either')) as any[]).map(fromWire), cb),
    setAppShareOptions: (intention: any, share: any) => {
      if (intention !== Intention.DRAG) throw paramErr('Only Intention.DRAG takes app share options.');
      if (share !== ShareOptions.IN_APP && share !== ShareOptions.CROSS_APP) throw paramErr('The type of "shareOptions" must be ShareOptions.');
    },
    removeAppShareOptions: (intention: any) => { if (intention !== Intention.DRAG) throw paramErr('Only Intention.DRAG takes app share options.'); },
  };
  rt.defineModule('@ohos.data.unifiedDataChannel', () => ({ ...unifiedDataChannel, default: unifiedDataChannel }));
}
