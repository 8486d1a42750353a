/**
 * The cross-device pasteboard of a Super Device: what an app copies on one device can be pasted on the user's other
 * devices, as on the real system. A device service rather than an app's: one authenticated channel per device
 * (app-channel.ts, under a system name and key, so apps cannot speak on it) carries each local copy to every peer,
 * where it becomes that device's pasteboard content, marked remote (`pasteboard.isRemoteData()`). Content an app
 * limited to its device (shareOption InApp / LocalDevice) stays home; a copy that came from a peer is not sent on.
 * A remote copy is pasteable for two minutes, as the platform documents for cross-device pasting.
 */
import { AppChannel, type LogFn } from '../distributed/app-channel.js';
import type { DistributedNetwork } from '../distributed/network.js';
import type { DeviceKitState, PasteContent, PasteRecord } from './device-state.js';

/** How long a copy from a peer stays on the pasteboard (the platform's cross-device validity). */
export const REMOTE_PASTE_TTL_MS = 2 * 60 * 1000;
/** Bigger copies are not offered to peers (the network's frames are capped; the platform limits them too). */
const MAX_REMOTE_BYTES = 8 * 1024 * 1024;

export interface PasteboardSyncOptions {
  networkSecret?: string;
  log: LogFn;
}

/** Links the device's pasteboard to its peers'; returns the unlink. */
export function syncPasteboard(state: DeviceKitState, network: DistributedNetwork, options: PasteboardSyncOptions): () => void {
  const channel = new AppChannel({ network, bundleName: 'ohos.pasteboard', signingKeyId: 'system', networkSecret: options.networkSecret, log: options.log });
  let expiry: NodeJS.Timeout | undefined;

  const onLocal = (content: PasteContent | null, remote: boolean) => {
    if (remote || !content) return;
    const share = content.properties.shareOption;
    if (content.properties.localOnly === true || share === 0 || share === 1) return;
    const payload = { records: content.records, properties: content.properties, from: content.from, time: content.time };
    if (JSON.stringify(payload).length > MAX_REMOTE_BYTES) {
      options.log('info', `pasteboard: a copy of over ${MAX_REMOTE_BYTES >> 20} MB stays on this device`);
      return;
    }
    for (const peer of network.peers()) channel.send(peer.deviceId, { type: 'paste', content: payload });
  };
  state.on('pasteboard', onLocal);

  const off = channel.on('paste', (from, msg) => {
    const content = remoteContent(msg.content);
    if (!content) { options.log('warn', `pasteboard: ignored a malformed copy from ${from}`); return; }
    state.setPasteboard(content, true);
    if (expiry) clearTimeout(expiry);
    // Cleared after the validity unless something newer replaced it meanwhile.
    expiry = setTimeout(() => { if (state.pasteboard === content) state.setPasteboard(null); }, REMOTE_PASTE_TTL_MS);
    expiry.unref?.();
  });

  return () => {
    off();
    state.off('pasteboard', onLocal);
    if (expiry) clearTimeout(expiry);
    channel.close();
  };
}

/** A peer's copy checked field by field (a peer is trusted, but a bad message must not break this device's pasteboard). */
function remoteContent(c: unknown): PasteContent | undefined {
  if (!c || typeof c !== 'object') return undefined;
  const o = c as Record<string, unknown>;
  if (!Array.isArray(o.records) || !o.properties || typeof o.properties !== 'object' || Array.isArray(o.properties)) return undefined;
  const records = o.records.filter((r): r is PasteRecord => !!r && typeof r === 'object' && typeof (r as PasteRecord).mimeType === 'string');
  if (records.length !== o.records.length) return undefined;
  return { records, properties: o.properties as Record<string, unknown>, from: typeof o.from === 'string' ? o.from : '', time: typeof o.time === 'number' ? o.time : 0 };
}
