/**
 * `@ohos.graphics.displaySync` and `@ohos.font` in the app realm (evaluated from source; see framework/core.ts).
 * A DisplaySync calls its `frame` listeners once per device frame (the realm's requestAnimationFrame, so the device's
 * clock — virtual in tests — drives it) with `{ timestamp, targetTimestamp }` in ns, between `start()` and `stop()`;
 * `setExpectedFrameRateRange` checks its range (401) as the platform does. Fonts: `registerFont` records the family
 * (text is measured with the device's one font whatever the family), `getSystemFontList`, `getFontByName`.
 */
export function installGraphicsKits(g: any): void {
  const rt = g.__rt;
  const paramErr = (msg: string) => rt.kitError(401, `Parameter error. ${msg}`);
  const FRAME_NS = 1e9 / 60;

  class DisplaySync {
    private listeners: Array<(info: any) => void> = [];
    private frame: number | undefined;
    private range = { expected: 60, min: 0, max: 120 };
    setExpectedFrameRateRange(r: any): void {
      const ok = r && [r.min, r.max, r.expected].every((v: any) => Number.isInteger(v) && v >= 0) && r.min <= r.max && (r.expected === 0 || (r.expected >= r.min && r.expected <= r.max));
      if (!ok) throw paramErr('The ExpectedFrameRateRange must have 0 <= min <= expected <= max.');
      this.range = { expected: r.expected, min: r.min, max: r.max };
    }
    on(type: string, cb: any): void {
      if (type !== 'frame') throw paramErr('The type must be "frame".');
      if (typeof cb !== 'function') throw paramErr('The type of "callback" must be function.');
      if (!this.listeners.includes(cb)) this.listeners.push(cb);
    }
    off(type: string, cb?: any): void {
      if (type !== 'frame') throw paramErr('The type must be "frame".');
      this.listeners = typeof cb === 'function' ? this.listeners.filter((l) => l !== cb) : [];
    }
    start(): void {
      if (this.frame !== undefined) return;
      const tick = (t: number) => {
        this.frame = g.requestAnimationFrame(tick);
        const timestamp = Math.round(t * 1e6);
        for (const l of [...this.listeners]) l({ timestamp, targetTimestamp: Math.round(timestamp + FRAME_NS) });
      };
      this.frame = g.requestAnimationFrame(tick);
    }
    stop(): void {
      if (this.frame !== undefined) g.cancelAnimationFrame(this.frame);
      this.frame = undefined;
    }
  }
  rt.defineModule('@ohos.graphics.displaySync', () => ({ create: () => new DisplaySync() }));

  const SYSTEM_FONTS = ['HarmonyOS Sans', 'HarmonyOS Sans SC', 'HarmonyOS Sans Condensed', 'HarmonyOS Sans Digit'];
  const registered = new Map<string, string>();
  const fontInfo = (name: string) => ({ path: registered.get(name) ?? `/system/fonts/${name.replace(/ /g, '')}.ttf`, postScriptName: name.replace(/ /g, ''),
    fullName: name, family: name, subfamily: 'Regular', weight: 400, width: 5, italic: false, monoSpace: false, symbolic: false });
  const font = {
    registerFont: (o: any) => {
      if (!o || (typeof o.familyName !== 'string' && typeof o.familyName !== 'object') || (typeof o.familySrc !== 'string' && typeof o.familySrc !== 'object')) {
        throw paramErr('The options must have familyName and familySrc.');
      }
      registered.set(String(typeof o.familyName === 'string' ? o.familyName : o.familyName?.id), String(typeof o.familySrc === 'string' ? o.familySrc : o.familySrc?.id));
    },
    getSystemFontList: () => [...SYSTEM_FONTS],
    getFontByName: (name: string) => (SYSTEM_FONTS.includes(name) || registered.has(name) ? fontInfo(name) : undefined),
    getUIFontConfig: () => ({ fontDir: ['/system/fonts/'], generic: [{ family: 'HarmonyOS Sans', alias: [], adjust: [] }], fallbackGroups: [] }),
  };
  rt.defineModule('@ohos.font', () => font);
}
