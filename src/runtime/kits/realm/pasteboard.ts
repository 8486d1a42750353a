/**
 * `@ohos.pasteboard` in the app realm (evaluated from source; see core.ts): the device's one system pasteboard,
 * held by the device (k.dev.paste*), so a copy in one app is a paste in another — and on the device's Super Device
 * peers. Text, HTML, URIs and wants cross as JSON; a PixelMap record keeps its size only.
 */
export function installPasteboard(g: any): void {
  const rt = g.__rt;
  const err = (code: number, msg: string) => rt.kitError(code, msg);
  const paramErr = (msg: string) => err(401, `Parameter error. ${msg}`);
  const dev = (op: string, d?: any) => rt.kitCall('dev.' + op, d ?? {});
  const MIMETYPE_TEXT_PLAIN = 'text/plain'; const MIMETYPE_TEXT_HTML = 'text/html'; const MIMETYPE_TEXT_URI = 'text/uri';
  const MIMETYPE_TEXT_WANT = 'text/want'; const MIMETYPE_PIXELMAP = 'pixelMap';
  const MAX_RECORDS = 512;

  class PasteDataRecord {
    mimeType: string; plainText = ''; htmlText = ''; uri = ''; want: any = undefined; pixelMap: any = undefined; data: any = undefined;
    constructor(mimeType: string, value: any) {
      if (typeof mimeType !== 'string' || !mimeType || mimeType.length > 1024) throw paramErr('The type of "mimeType" must be a non-empty string of at most 1024 characters.');
      this.mimeType = mimeType;
      if (mimeType === MIMETYPE_TEXT_PLAIN) this.plainText = str(value, 'value');
      else if (mimeType === MIMETYPE_TEXT_HTML) this.htmlText = str(value, 'value');
      else if (mimeType === MIMETYPE_TEXT_URI) this.uri = str(value, 'value');
      else if (mimeType === MIMETYPE_TEXT_WANT) { if (!value || typeof value !== 'object') throw paramErr('The value of a want record must be a Want.'); this.want = value; }
      else if (mimeType === MIMETYPE_PIXELMAP) { if (!value || typeof value !== 'object') throw paramErr('The value of a pixelMap record must be a PixelMap.'); this.pixelMap = value; }
      else this.data = { [mimeType]: value };
    }
    toPlainText(): string { return this.plainText || this.htmlText.replace(/<[^>]*>/g, '') || this.uri; }
    convertToText(cb?: any) { return rt.asyncApi(() => this.toPlainText(), cb); }
    convertToTextV9(cb?: any) { return this.convertToText(cb); }
  }
  const str = (v: any, name: string) => { if (typeof v !== 'string') throw paramErr(`The type of "${name}" must be string.`); return v; };
  const toWire = (r: PasteDataRecord) => ({ mimeType: r.mimeType, text: r.plainText || undefined, html: r.htmlText || undefined, uri: r.uri || undefined,
    want: r.want, pixelMap: r.pixelMap ? { width: r.pixelMap?.getImageInfoSync?.()?.size?.width ?? 0, height: r.pixelMap?.getImageInfoSync?.()?.size?.height ?? 0 } : undefined,
    data: r.data && typeof Object.values(r.data)[0] === 'string' ? r.data : undefined });
  const fromWire = (w: any): PasteDataRecord => {
    const mime = String(w.mimeType);
    const r = Object.create(PasteDataRecord.prototype) as PasteDataRecord;
    Object.assign(r, { mimeType: mime, plainText: w.text ?? '', htmlText: w.html ?? '', uri: w.uri ?? '', want: w.want, pixelMap: w.pixelMap, data: w.data });
    return r;
  };

  class PasteData {
    records: PasteDataRecord[] = [];
    private props: any = { additions: {}, mimeTypes: [], tag: '', timestamp: 0, localOnly: false, shareOption: 2 };
    getPrimaryText(): string { return this.records.find((r) => r.mimeType === MIMETYPE_TEXT_PLAIN)?.plainText ?? this.records[0]?.plainText ?? ''; }
    getPrimaryHtml(): string { return this.records.find((r) => r.mimeType === MIMETYPE_TEXT_HTML)?.htmlText ?? ''; }
    getPrimaryUri(): string { return this.records.find((r) => r.mimeType === MIMETYPE_TEXT_URI)?.uri ?? ''; }
    getPrimaryWant(): any { return this.records.find((r) => r.mimeType === MIMETYPE_TEXT_WANT)?.want; }
    getPrimaryPixelMap(): any { return this.records.find((r) => r.mimeType === MIMETYPE_PIXELMAP)?.pixelMap; }
    getPrimaryMimeType(): string { return this.records[0]?.mimeType ?? ''; }
    getRecordCount(): number { return this.records.length; }
    getRecord(i: number): PasteDataRecord { this.index(i); return this.records[i]; }
    getRecordAt(i: number): PasteDataRecord { return this.getRecord(i); }
    hasType(mime: string): boolean { return this.records.some((r) => r.mimeType === mime); }
    hasMimeType(mime: string): boolean { return this.hasType(mime); }
    getMimeTypes(): string[] { return [...new Set(this.records.map((r) => r.mimeType))]; }
    addRecord(a: any, b?: any): void {
      if (this.records.length >= MAX_RECORDS) throw err(12900002, `The number of records exceeds the upper limit of ${MAX_RECORDS}.`);
      this.records.unshift(a instanceof PasteDataRecord ? a : new PasteDataRecord(a, b));
    }
    addTextRecord(t: string) { this.addRecord(MIMETYPE_TEXT_PLAIN, t); } addHtmlRecord(t: string) { this.addRecord(MIMETYPE_TEXT_HTML, t); } addUriRecord(t: string) { this.addRecord(MIMETYPE_TEXT_URI, t); }
    addWantRecord(w: any) { this.addRecord(MIMETYPE_TEXT_WANT, w); }
    removeRecord(i: number): void { this.index(i); this.records.splice(i, 1); }
    removeRecordAt(i: number): boolean { try { this.removeRecord(i); return true; } catch { return false; } }
    replaceRecord(i: number, r: PasteDataRecord): void { this.index(i); if (!(r instanceof PasteDataRecord)) throw paramErr('The type of "record" must be PasteDataRecord.'); this.records[i] = r; }
    getProperty(): any { return { ...this.props, mimeTypes: this.getMimeTypes() }; }
    setProperty(p: any): void { if (!p || typeof p !== 'object') throw paramErr('The type of "property" must be PasteDataProperty.'); this.props = { ...this.props, ...p }; }
    getTag(): string { return this.props.tag; }
    private index(i: any) { if (typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i >= this.records.length) throw err(12900001, 'The index is out of range.'); }
  }
  const createData = (mimeType: any, value?: any): PasteData => {
    const d = new PasteData();
    if (mimeType && typeof mimeType === 'object' && !Array.isArray(mimeType)) {
      for (const [k, v] of Object.entries(mimeType)) d.records.push(new PasteDataRecord(k, v));
    } else d.addRecord(str(mimeType, 'mimeType'), value);
    return d;
  };
  const updates = new Set<any>();
  rt.kitEvents.on('pasteboard', () => { for (const cb of updates) cb(); });
  const read = (): PasteData => {
    const c = dev('pasteRead');
    const d = new PasteData();
    if (c) { d.records = c.records.map(fromWire); d.setProperty({ ...c.properties, timestamp: c.time }); (d as any).remote = c.remote; (d as any).source = c.from; }
    return d;
  };
  const write = (data: any) => {
    if (!(data instanceof PasteData)) throw paramErr('The type of "data" must be PasteData.');
    dev('pasteWrite', { records: data.records.map(toWire), properties: { tag: data.getTag(), localOnly: data.getProperty().localOnly === true, shareOption: data.getProperty().shareOption } });
  };
  const systemPasteboard = {
    setData: (data: any, cb?: any) => rt.asyncApi(() => write(data), cb), setPasteData: (data: any, cb?: any) => rt.asyncApi(() => write(data), cb),
    setDataSync: (data: any) => write(data),
    getData: (cb?: any) => rt.asyncApi(read, cb), getPasteData: (cb?: any) => rt.asyncApi(read, cb), getDataSync: () => read(),
    hasData: (cb?: any) => rt.asyncApi(() => dev('pasteHas'), cb), hasPasteData: (cb?: any) => rt.asyncApi(() => dev('pasteHas'), cb), hasDataSync: () => dev('pasteHas'),
    hasDataType: (mime: string) => (dev('pasteTypes') as string[]).includes(mime), getMimeTypes: () => Promise.resolve(dev('pasteTypes')),
    clearData: (cb?: any) => rt.asyncApi(() => { dev('pasteClear'); }, cb), clear: (cb?: any) => rt.asyncApi(() => { dev('pasteClear'); }, cb), clearDataSync: () => { dev('pasteClear'); },
    isRemoteData: () => dev('pasteInfo').remote === true, getDataSource: () => dev('pasteInfo').source ?? '',
    on: (type: string, cb: any) => { if (type !== 'update' || typeof cb !== 'function') throw paramErr('on(\'update\', callback)'); updates.add(cb); dev('pasteWatch'); },
    off: (type: string, cb?: any) => { if (type === 'update') { if (cb) updates.delete(cb); else updates.clear(); } },
    setUnifiedData: () => Promise.reject(err(801, 'Capability not supported: unified data on the pasteboard')),
    getUnifiedData: () => Promise.reject(err(801, 'Capability not supported: unified data on the pasteboard')),
    detectPatterns: (patterns: number[]) => Promise.resolve(patterns.filter((p) => p === 2 ? /https?:\/\//.test(read().getPrimaryText()) : p === 1 ? /\d/.test(read().getPrimaryText()) : false)),
    setAppShareOptions: () => undefined, removeAppShareOptions: () => undefined,
  };
  const pasteboard = {
    MAX_RECORD_NUM: MAX_RECORDS, MIMETYPE_TEXT_PLAIN, MIMETYPE_TEXT_HTML, MIMETYPE_TEXT_URI, MIMETYPE_TEXT_WANT, MIMETYPE_PIXELMAP,
    ShareOption: { INAPP: 0, LOCALDEVICE: 1, CROSSDEVICE: 2, InApp: 0, LocalDevice: 1, CrossDevice: 2 }, Pattern: { URL: 0, NUMBER: 1, EMAIL_ADDRESS: 2 }, PasteData, PasteDataRecord,
    createData, createPlainTextData: (t: string) => createData(MIMETYPE_TEXT_PLAIN, t), createHtmlData: (t: string) => createData(MIMETYPE_TEXT_HTML, t),
    createUriData: (t: string) => createData(MIMETYPE_TEXT_URI, t), createWantData: (w: any) => createData(MIMETYPE_TEXT_WANT, w),
    createRecord: (mime: string, v: any) => new PasteDataRecord(mime, v), createPlainTextRecord: (t: string) => new PasteDataRecord(MIMETYPE_TEXT_PLAIN, t),
    createHtmlTextRecord: (t: string) => new PasteDataRecord(MIMETYPE_TEXT_HTML, t), createUriRecord: (t: string) => new PasteDataRecord(MIMETYPE_TEXT_URI, t),
    getSystemPasteboard: () => systemPasteboard,
  };
  rt.defineModule('@ohos.pasteboard', () => pasteboard);
}
