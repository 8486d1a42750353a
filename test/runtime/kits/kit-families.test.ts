/**
 * The system, media/security/file and network kit families through their fixture apps, run as a user runs them:
 * `hmos preview --do …` (a real build, a headless device, the JSON screen). Network kits talk to servers this file
 * starts on 127.0.0.1; nothing needs the internet. Each app prints `name=value` lines; every line is checked.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import http from 'node:http';
import net from 'node:net';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { WebSocketServer } from 'ws';
import { PNG } from 'pngjs';
import { copyFixture } from '../../helpers/fixture.js';
import { runHmos, tempDir } from '../../helpers/cli.js';

interface ScreenNode { type: string; text?: string; children: ScreenNode[] }

async function preview(dir: string, args: string[]): Promise<Record<string, string>> {
  const r = await runHmos(['preview', dir, '--format', 'json', ...args], { timeout: 90_000 });
  expect(r.exitCode, r.stderr).toBe(0);
  const out: Record<string, string> = {};
  const walk = (n: ScreenNode) => {
    const m = n.type === 'Text' && typeof n.text === 'string' ? /^([A-Za-z][A-Za-z0-9]*)=(.*)$/s.exec(n.text) : null;
    if (m) out[m[1]] = m[2];
    if (n.type === 'Web') out.$web = n.text ?? '';
    n.children.forEach(walk);
  };
  walk(JSON.parse(r.stdout).root);
  return out;
}
const steps = (...actions: string[]) => actions.flatMap((a) => ['--do', a]);

describe('kit families through hmos preview', () => {
  it('system and device kits; a permission dialog on the device; --grant all; a location set on the device', async () => {
    const dir = copyFixture('kits/system');
    const r = await preview(dir, steps('click:text=Events', 'click:text=App', 'click:text=Notify', 'click:text=Screen', 'click:text=Perms', 'click:text=Allow',
      'click:text=Sensors', 'click:text=Copy', 'click:text=Paste', 'click:text=More', 'click:text=Yes', 'click:text=Go', 'click:text=App'));
    expect(r).toMatchObject({
      emitter: 'on:1,once,on:2|1', time: 'true|true', appEvent: '11101001|shop|OS|APP_CRASH', hidebug: 'true|true', hilog: 'true',
      bundle: 'com.example.kits.system|1.0.0|System kits|5|1', background: 'true', work: '9700004', errorManager: '16000003|1', moduleContext: 'true',
      wantAgent: 'true', form: '16501001|1|ohos.extra.param.key.form_name', udt: 'general.plain-text|true', deviceInfo: 'phone|true|false', i18n: 'en|1,234.5',
      notifyEnabled: 'true', notifications: '1|Order shipped|1|true|1700003', badNotification: '401', vibrator: 'false',
      avoid: '108|84', fullScreen: '0|true', orientation: '2340x1080|2340x1080|true', display: '1080x2340|false|true|true', windowEnums: '0|1', badOrientation: '401',
      motion: '1', motionOn: '31500001',
      // CAMERA is user_grant (a dialog, answered Allow), INTERNET system_grant, MICROPHONE undeclared (2: invalid).
      perms: '-1|0,0,2|true,false,false|0', badPermission: '12100001',
      accelerometer: '201', location: '201', gravity: '9.81',
      copied: '2|12900001', pasted: 'true|hello from system|<b>bold</b>|text/html,text/plain', cleared: 'false',
      router: 'again', extensions: 'true|true|true|2', metrics: '12|3|true|true', hash: 'true|true', dialog: '1', state: 'Index|1|1|1',
    });
    const granted = await preview(dir, ['--grant', 'all', ...steps('location:31.23,121.47', 'click:text=Sensors', 'click:text=Perms', 'click:text=Watch', 'dark-mode:on', 'locale:zh_CN', 'font-scale:1.5', 'click:text=Hub')]);
    // Each configuration change reaches the app's environment callback with the whole new configuration.
    expect(granted).toMatchObject({ location: '31.23,121.47', perms: '0|0,0,2|false,false,false|0', watching: 'true', config: '0|zh|1.5',
      hub: 'true|3|general.plain-text|hello hub|https://example.com|1,2,3|true|notes', hubUpdate: 'v2|<p>v2</p>|general.plain-text,general.html|1|401,401,401' });
    const denied = await preview(dir, ['--grant', 'none', ...steps('click:text=Perms', 'click:text=Copy', 'click:text=Paste')]);
    expect(denied.perms).toBe('-1|-1,0,2|false,false,false|-1');
    expect(denied.pasted).toBeUndefined();
  });

  it('security, media and file kits; photos added to the device; services without Huawei cloud answer with their codes', async () => {
    const dir = copyFixture('kits/media');
    const photo = join(tempDir('hmos-photo-'), 'beach.png');
    const png = new PNG({ width: 3, height: 2 });
    png.data.fill(90);
    writeFileSync(photo, PNG.sync.write(png));
    const r = await preview(dir, steps('click:text=Crypto', 'click:text=Keys', 'click:text=Image', `photo:${photo}`, 'click:text=Photos', 'click:text=Devices',
      'click:text=Files', 'click:text=Services', 'wait:30000'));
    expect(r).toMatchObject({
      sha256: 'ba7816bf8f01cfea|32', hmac: 'f7bc83f430538424', random: '16', aes: '16|secret message', gcm: 'gcm text|17630001', sign: '256|true|false|true',
      pbkdf2: '120fb6cffcf8b32c', cryptoErrors: '401|17630001', huks: 'huks data|12000011', asset: 'pa55|n3w|true|24000002',
      image: '4x4|image/png|8|200', mainColor: '200', imageErrors: '62980096|true', released: '62980096',
      picked: '1|3x2', assets: '201', pickers: '0|file://docs/storage/Users/currentUser/Download/a_b.txt|0',
      cameraPicker: '-1', audio: '6800301|201|0|2|2|2|0|0|2', media: 'error|5400106|6800301|true|true|0|4|audio/mp4a-latm|mp4|1|2', avsession: '2',
      fs: 'b.txt,c.txt|9|hello zip|3456|hello', hash: '44b1364ec169b865', zip: 'b.txt,c.txt', fileErrors: '900003|13900012|13900001|3',
      services: '1000900008,801,801,801,1000500001,801,801,801,801,801,801,801', share: 'true', cookie: 'a=1',
      // The Web component is a labelled box with the page its controller loaded last.
      $web: 'Web · https://example.com/next',
    });
  });

  describe('network kits against local servers', () => {
    let server: http.Server;
    let tcp: net.Server;
    let wss: WebSocketServer;
    const held: http.ServerResponse[] = [];
    beforeAll(async () => {
      server = http.createServer((req, res) => {
        let body = '';
        req.on('data', (c) => { body += c; });
        req.on('end', () => {
          if (req.url === '/slow') { held.push(res); return; }
          if (req.url === '/file') { res.end('downloaded text'); return; }
          res.setHeader('content-type', 'application/json');
          res.end(JSON.stringify({ url: req.url, method: req.method, body, headers: req.headers }));
        });
      });
      wss = new WebSocketServer({ server });
      wss.on('connection', (s) => s.on('message', (m) => s.send(`echo:${String(m)}`)));
      tcp = net.createServer((s) => s.on('data', (b) => s.write(b.toString().toUpperCase())));
      await Promise.all([new Promise<void>((r) => server.listen(0, '127.0.0.1', r)), new Promise<void>((r) => tcp.listen(0, '127.0.0.1', r))]);
    });
    afterAll(() => {
      for (const res of held) res.destroy();
      wss?.close();
      server?.close();
      tcp?.close();
    });

    it('http, rcp, webSocket, TCP/UDP sockets, connection, downloads; timeouts, refusals and a network switched off', async () => {
      const port = (server.address() as AddressInfo).port;
      const dir = copyFixture('kits/network', { 'entry/src/main/ets/common/Server.ets':
        `export const HTTP: string = 'http://127.0.0.1:${port}/';\nexport const WS: string = 'ws://127.0.0.1:${port}/';\nexport const TCP_PORT: number = ${(tcp.address() as AddressInfo).port};\n` });
      const r = await preview(dir, steps('click:text=Http', 'click:text=Rcp', 'click:text=Net', 'click:text=Download', 'click:text=Sockets', 'wait:20000', 'network:off', 'click:text=Download'));
      expect(r).toMatchObject({
        http: '200|/echo?x=1|{"n":2}', httpErrors: '2300028|2300007|2300001',
        rcp: '200|/echo?y=2|kits|true|PUT', rcpErrors: '1007900028',
        webSocket: 'echo:ping', tcp: 'TCP HELLO|true|2301111', udp: 'udp hi|2303501',
        net: 'true|100|true|available',
        requestMore: '13400003|true',
        // the second Download ran with the device's network off
        offline: 'false|2300007',
      });
      expect(['downloaded text', '13400002']).toContain(r.download);
    });
  });
});
