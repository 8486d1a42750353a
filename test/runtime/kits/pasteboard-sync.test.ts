/**
 * The cross-device pasteboard: an app copies on device A, the same or another app pastes on device B of the same
 * Super Device (a MemoryHub network between two real devices, the kits in their app realms).
 */
import { describe, expect, it } from 'vitest';
import { createDevice, type App } from '../../../src/runtime/device.js';
import { syncPasteboard } from '../../../src/runtime/kits/pasteboard-sync.js';
import { MemoryHub, until } from '../../helpers/superdevice.js';
import { tempDir } from '../../helpers/cli.js';
import { page } from '../helpers.js';

const CODE = `const { pasteboard } = __hmosKit("@kit.BasicServicesKit"); globalThis.pb = pasteboard; globalThis.board = pasteboard.getSystemPasteboard();`
  + page('Index', '', '');

function deviceOn(hub: MemoryHub, id: string, bundleName: string): { app: App; unlink: () => void } {
  const device = createDevice({ profile: 'phone', dataDir: tempDir('hmos-paste-'), deviceId: id });
  const network = hub.join({ deviceId: id, deviceName: id, deviceType: 'phone' });
  const unlink = syncPasteboard(device.kitState, network, { networkSecret: 's', log: () => undefined });
  const bundle = new Map<string, string>([['ets/bundle.js', CODE], ['module.json', JSON.stringify({ app: { bundleName }, module: { name: 'entry' } })]]);
  return { app: device.launch({ bundle }), unlink: () => { unlink(); network.close(); } };
}

describe('the pasteboard across a Super Device', () => {
  it('a copy on one device is pasted on a peer (marked remote); local-only copies stay home', async () => {
    const hub = new MemoryHub();
    const a = deviceOn(hub, 'phone-1', 'com.example.notes');
    const b = deviceOn(hub, 'tablet-1', 'com.example.mail');
    try {
      a.app.evaluate(`board.setDataSync(pb.createData(pb.MIMETYPE_TEXT_PLAIN, "copied on the phone"))`);
      await until(() => b.app.evaluate(`board.hasDataSync()`) === true);
      expect(b.app.evaluate(`[board.getDataSync().getPrimaryText(), board.isRemoteData(), board.getDataSource()].join("|")`))
        .toBe('copied on the phone|true|com.example.notes');
      expect(a.app.evaluate(`board.isRemoteData()`)).toBe(false);

      // A copy limited to its device (shareOption LOCALDEVICE) does not travel: B's update listener never sees it.
      b.app.evaluate(`globalThis.seen = []; board.on("update", () => { seen.push(board.getDataSync().getPrimaryText()); })`);
      a.app.evaluate(`const d = pb.createData(pb.MIMETYPE_TEXT_PLAIN, "phone only"); d.setProperty({ shareOption: pb.ShareOption.LOCALDEVICE }); board.setDataSync(d)`);
      // A later shareable copy overtakes it, so waiting for that one shows the local one never arrived.
      a.app.evaluate(`board.setDataSync(pb.createData(pb.MIMETYPE_TEXT_PLAIN, "second"))`);
      await until(() => b.app.evaluate(`board.getDataSync().getPrimaryText()`) === 'second');
      await until(async () => { await b.app.settle(); return b.app.evaluate(`seen.join(",")`) === 'second'; });
      // B's copy goes back to A; a remote copy is not sent on again (no echo loop).
      b.app.evaluate(`board.setDataSync(pb.createData(pb.MIMETYPE_TEXT_PLAIN, "from the tablet"))`);
      await until(() => a.app.evaluate(`board.getDataSync().getPrimaryText()`) === 'from the tablet');
      expect(a.app.evaluate(`board.isRemoteData()`)).toBe(true);
      expect(b.app.evaluate(`board.isRemoteData()`)).toBe(false);
      expect(a.app.crash ?? b.app.crash).toBeUndefined();
    } finally {
      a.app.stop(); b.app.stop(); a.unlink(); b.unlink();
    }
  });
});
