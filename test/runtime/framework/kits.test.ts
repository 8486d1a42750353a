import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/cli.js';
import { launchSource, page, show, stateProp } from '../helpers.js';

const text = (expr: string) => `this.observeComponentCreation2((elmtId, isInitialRender) => { Text.create(${expr}); }, Text); Text.pop();`;
const button = (label: string, body: string) => `this.observeComponentCreation2((elmtId, isInitialRender) => { Button.createWithLabel("${label}"); Button.onClick(() => { ${body} }); }, Button); Button.pop();`;
const blank = page('Index', '', '');

describe('kits', () => {
  it('hilog and console write leveled, tagged entries to the app log', () => {
    const app = launchSource(`const { hilog } = __hmosKit("@kit.PerformanceAnalysisKit");
      hilog.info(0x0000, "testTag", "%{public}s has %d items, secret %{private}s", "cart", 3.7, "pw");
      hilog.error(0x1, "E", "bad");
      console.warn("careful", { a: 1 });` + blank);
    expect(app.logs.map((l) => [l.level, l.tag, l.message])).toEqual([
      ['I', 'testTag', 'cart has 3 items, secret <private>'], ['E', 'E', 'bad'], ['W', 'JSAPP', 'careful {"a":1}']]);
    expect(typeof app.logs[0].time).toBe('number');
  });

  it('preferences persist in the app sandbox across relaunches', async () => {
    const code = `const preferences = __hmosKit("@ohos.data.preferences").default;
      const prefs = preferences.getPreferencesSync(null, { name: "settings" });` +
      page('Index', stateProp('n', 'prefs.getSync("count", 0)'), text('"count " + this.n') + button('inc', 'this.n++; prefs.putSync("count", this.n); prefs.flush();'));
    const dataDir = tempDir();
    const app = launchSource(code, { device: { dataDir } });
    app.click(app.findText('inc')!);
    app.click(app.findText('inc')!);
    app.stop();
    const again = launchSource(code, { device: { dataDir } });
    expect(show(again.tree())).toContain('Text("count 2")');
  });

  it('file.fs reads and writes inside the sandbox and refuses paths outside it', () => {
    const app = launchSource(`const fs = __hmosKit("@kit.CoreFileKit").fileIo;` + page('Index', '', '', `aboutToAppear() {
      const dir = getContext(this).filesDir;
      const f = fs.openSync(dir + "/note.txt", fs.OpenMode.CREATE | fs.OpenMode.READ_WRITE);
      fs.writeSync(f.fd, "hello sandbox");
      fs.closeSync(f);
      console.info("read " + fs.readTextSync(dir + "/note.txt") + " list " + fs.listFileSync(dir).join(","));
      for (const p of ["/etc/passwd", dir + "/../../../../../../../../etc/passwd", "relative.txt"]) {
        try { fs.readTextSync(p); console.info("LEAK " + p); } catch (e) { console.info("refused " + e.code); }
      }
    }`) + `class EntryAbility extends UIAbility { onWindowStageCreate(ws) { ws.loadContent("pages/Index"); } }
      __hmosRegisterModule({ bundleName: "com.example.test", moduleName: "entry", abilities: { EntryAbility }, pages: ["pages/Index"] });`);
    expect(app.crash).toBeUndefined();
    expect(app.logs.map((l) => l.message)).toEqual(['read hello sandbox list note.txt', 'refused 13900012', 'refused 13900012', 'refused 13900012']);
  });

  it('unknown modules and members import fine and throw UNSUPPORTED_API only when called', () => {
    const app = launchSource(`const nfc = __hmosKit("@ohos.nfc.tag"); const { router, someNewThing } = __hmosKit("@kit.ArkUI");
      const geo = __hmosKit("@kit.TelephonyKit").call;` + page('Index', stateProp('msg', '""'), text('this.msg') +
      button('call', 'try { geo.makeCall("1"); } catch (e) { this.msg = e.message; }') + button('crash', 'nfc.default.getTag();')));
    expect(app.crash).toBeUndefined();
    app.click(app.findText('call')!);
    expect(show(app.tree())).toContain('UNSUPPORTED_API: @ohos.telephony.call.makeCall');
    app.click(app.findText('crash')!);
    expect(app.crash?.message).toContain('UNSUPPORTED_API: @ohos.nfc.tag.getTag');
  });

  it('util, deviceInfo, display and mediaquery describe the emulated device', () => {
    const app = launchSource(`const { util } = __hmosKit("@kit.ArkTS"); const deviceInfo = __hmosKit("@ohos.deviceInfo").default;
      const display = __hmosKit("@ohos.display").default; const mq = __hmosKit("@ohos.mediaquery").default;
      const bytes = new util.TextEncoder().encode("héllo");
      console.info([bytes.length, new util.TextDecoder().decode(bytes), util.format("%s-%d", "a", 2), util.generateRandomUUID().length,
        deviceInfo.deviceType, display.getDefaultDisplaySync().width, mq.matchMediaSync("(orientation: landscape)").matches, mq.matchMediaSync("(dark-mode: true)").matches].join("|"));` + blank,
    { device: { profile: 'watch', colorMode: 'dark' } });
    expect(app.logs[0].message).toBe('6|héllo|a-2|36|wearable|466|false|true');
  });

  it('@ohos.net.http makes real requests only with ohos.permission.INTERNET', async () => {
    const server = http.createServer((_req, res) => { res.setHeader('x-test', '1'); res.end('{"ok":true}'); });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
    const code = `const http = __hmosKit("@kit.NetworkKit").http;
      http.createHttp().request("${url}", { method: http.RequestMethod.GET, expectDataType: http.HttpDataType.OBJECT })
        .then((r) => console.info("got " + r.responseCode + " " + r.result.ok + " " + r.header["x-test"]), (e) => console.error("denied " + e.code));` + blank;
    try {
      const allowed = launchSource(code, { moduleJson: { app: { bundleName: 'com.example.net' }, module: { name: 'entry', requestPermissions: [{ name: 'ohos.permission.INTERNET' }] } } });
      const denied = launchSource(code);
      await allowed.settle(); await denied.settle();
      expect(allowed.logs.map((l) => l.message)).toEqual(['got 200 true 1']);
      expect(denied.logs.map((l) => l.message)).toEqual(['denied 201']);
    } finally { server.close(); }
  });

  it('timers run through the device and are cleared on stop', async () => {
    const app = launchSource(page('Index', stateProp('n', '0'), text('"n " + this.n'), 'aboutToAppear() { this.t = setInterval(() => { this.n++; if (this.n === 3) clearInterval(this.t); }, 1); }'));
    for (let i = 0; i < 50 && !show(app.tree()).includes('n 3'); i++) await new Promise((r) => setTimeout(r, 5));
    expect(show(app.tree())).toContain('Text("n 3")');
  });
});

describe('@ohos.arkui.StateManagement', () => {
  it('exports UIUtils (also through @kit.ArkUI): a binding reads and writes state', async () => {
    const code = `const { UIUtils } = __hmosKit("@ohos.arkui.StateManagement");
      if (__hmosKit("@kit.ArkUI").UIUtils !== UIUtils) throw new Error("@kit.ArkUI has another UIUtils");` +
      page('Index', stateProp('n', '1'), `const b = UIUtils.makeBinding(() => this.n, (v) => { this.n = v; });` + text('"n " + b.value') + button('inc', 'b.value = b.value + 1;'));
    const app = launchSource(code);
    await app.settle();
    expect(app.crash).toBeUndefined();
    app.click(app.findText('inc')!);
    await app.settle();
    expect(app.findText('n 2')).toBeDefined();
  });
});
