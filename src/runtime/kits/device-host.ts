/**
 * The host side of the device kits (`k.dev.<op>`): what the device holds for its apps — permission answers and the
 * grant policy, notifications and reminders, vibrations, location, the network switch, background work — and facts
 * about the app itself (bundleManager). JSON in, JSON out; nothing here reads the host beyond the device's state.
 */
import os from 'node:os';
import { randomUUID } from 'node:crypto';
import type { KitFamily, KitHostContext } from './host.js';
import { KitError } from './kit-error.js';
import type { PasteRecord } from './device-state.js';

/** The data hub's limits: one entry's JSON, entries per device. */
const MAX_HUB_ENTRY = 8 * 1024 * 1024;
const MAX_HUB_ENTRIES = 1000;

/**
 * Permissions the user grants in a dialog (user_grant in the platform's permission list); every other permission an
 * app declares is granted at install (system_grant). Undeclared permissions are never granted.
 */
export const USER_GRANT_PERMISSIONS = new Set([
  'ohos.permission.CAMERA', 'ohos.permission.MICROPHONE', 'ohos.permission.LOCATION', 'ohos.permission.APPROXIMATELY_LOCATION',
  'ohos.permission.LOCATION_IN_BACKGROUND', 'ohos.permission.READ_CALENDAR', 'ohos.permission.WRITE_CALENDAR', 'ohos.permission.ACTIVITY_MOTION',
  'ohos.permission.READ_HEALTH_DATA', 'ohos.permission.DISTRIBUTED_DATASYNC', 'ohos.permission.MEDIA_LOCATION', 'ohos.permission.READ_MEDIA',
  'ohos.permission.WRITE_MEDIA', 'ohos.permission.READ_IMAGEVIDEO', 'ohos.permission.WRITE_IMAGEVIDEO', 'ohos.permission.READ_AUDIO',
  'ohos.permission.WRITE_AUDIO', 'ohos.permission.READ_DOCUMENT', 'ohos.permission.WRITE_DOCUMENT', 'ohos.permission.APP_TRACKING_CONSENT',
  'ohos.permission.ACCESS_BLUETOOTH', 'ohos.permission.READ_PASTEBOARD', 'ohos.permission.READ_CONTACTS', 'ohos.permission.WRITE_CONTACTS',
  'ohos.permission.ACCESS_NEARLINK', 'ohos.permission.CUSTOM_SCREEN_CAPTURE', 'ohos.permission.READ_WRITE_DOWNLOAD_DIRECTORY',
  'ohos.permission.READ_WRITE_DOCUMENTS_DIRECTORY', 'ohos.permission.READ_WRITE_DESKTOP_DIRECTORY',
]);

/** GrantStatus of the platform: -1 denied, 0 granted. */
export function permissionState(ctx: KitHostContext, name: string): 0 | -1 {
  if (!ctx.declared.has(name)) return -1;
  if (!USER_GRANT_PERMISSIONS.has(name)) return 0;
  const answer = ctx.device.answer(ctx.bundleName, name);
  if (answer !== undefined) return answer ? 0 : -1;
  return ctx.device.grant === 'all' ? 0 : -1;
}

/** Throws the platform's 201 unless the app holds `name` (declared, and granted by the user for user_grant ones). */
export function requirePermission(ctx: KitHostContext, name: string): void {
  if (permissionState(ctx, name) !== 0) {
    const why = ctx.declared.has(name) ? 'the user has not granted it (requestPermissionsFromUser first, or `--grant all`)' : 'declare it in module.json5 requestPermissions';
    throw new KitError(201, `Permission denied: ${name} — ${why}`);
  }
}

let nextReminder = 1;

export function createDeviceHost(ctx: KitHostContext): KitFamily {
  const state = ctx.device;
  const mine = (kind: 'notification' | 'reminder') => state.notifications.filter((n) => n.bundleName === ctx.bundleName && n.kind === kind);
  let notificationsEnabled = true;
  let unwatch: (() => void) | undefined;
  let unwatchPaste: (() => void) | undefined;
  return {
    close() { unwatch?.(); unwatchPaste?.(); },
    handle(op, d) {
      switch (op) {
        case 'timezone': return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
        case 'memory': {
          const m = process.memoryUsage();
          return { total: os.totalmem(), free: os.freemem(), available: os.freemem(), rss: m.rss, rssLimit: 2 ** 31, vssLimit: 2 ** 32, heapLimit: 2 ** 29 };
        }
        case 'bundleInfo': return bundleInfo(ctx, Number(d.flags) || 0);
        // ---- permissions ----
        case 'perm.state': return permissionState(ctx, String(d.name));
        case 'perm.kind': return !ctx.declared.has(String(d.name)) ? 'undeclared' : USER_GRANT_PERMISSIONS.has(String(d.name)) ? 'user_grant' : 'system_grant';
        case 'perm.policy': return state.grant;
        case 'perm.answer': {
          const given: Record<string, boolean> = {};
          for (const [k, v] of Object.entries((d.answers ?? {}) as Record<string, unknown>)) {
            if (USER_GRANT_PERMISSIONS.has(k) && ctx.declared.has(k)) given[k] = v === true;
          }
          state.recordAnswers(ctx.bundleName, given);
          ctx.log('I', 'AccessToken', `${ctx.bundleName}: ${Object.entries(given).map(([k, v]) => `${k} ${v ? 'granted' : 'denied'}`).join(', ')}`);
          return null;
        }
        // ---- the UDMF data hub (unifiedDataChannel): any app reads by key or intention; an app changes its own ----
        case 'udmf.insert': {
          const json = JSON.stringify(d.data ?? {});
          if (json.length > MAX_HUB_ENTRY) throw new KitError(401, 'Parameter error. The data is over 8 MB.');
          if (state.dataHub.size >= MAX_HUB_ENTRIES) throw new KitError(401, `Parameter error. The data hub holds ${MAX_HUB_ENTRIES} entries; delete some first.`);
          const key = `udmf://DataHub/${ctx.bundleName}/${randomUUID().replace(/-/g, '')}`;
          state.dataHub.set(key, { bundleName: ctx.bundleName, data: JSON.parse(json), time: Date.now() });
          return key;
        }
        case 'udmf.update': {
          const e = state.dataHub.get(String(d.key));
          if (!e || e.bundleName !== ctx.bundleName) throw new KitError(401, 'Parameter error. No data of this app under the key.');
          const json = JSON.stringify(d.data ?? {});
          if (json.length > MAX_HUB_ENTRY) throw new KitError(401, 'Parameter error. The data is over 8 MB.');
          state.dataHub.set(String(d.key), { ...e, data: JSON.parse(json), time: Date.now() });
          return null;
        }
        case 'udmf.query':
        case 'udmf.delete': {
          const keys = d.key ? [String(d.key)] : [...state.dataHub.keys()];
          const found = keys.map((k) => [k, state.dataHub.get(k)] as const).filter(([, e]) => e && (op === 'udmf.query' || e.bundleName === ctx.bundleName));
          if (d.key && !found.length) throw new KitError(401, `Parameter error. No data${op === 'udmf.delete' ? ' of this app' : ''} under the key.`);
          if (op === 'udmf.delete') for (const [k] of found) state.dataHub.delete(k);
          return found.map(([, e]) => ({ ...(e!.data as object), time: e!.time }));
        }
        // ---- notifications and reminders ----
        case 'notify': {
          if (!notificationsEnabled) throw new KitError(1600004, 'Notification is not enabled.');
          const n = state.notify({ id: Number(d.id) || 0, bundleName: ctx.bundleName, kind: 'notification', title: String(d.title ?? ''), text: String(d.text ?? '') });
          ctx.log('I', 'Notification', `posted #${n.id}: ${n.title}${n.text ? ` — ${n.text}` : ''}`);
          return null;
        }
        case 'cancelNotification': state.cancelNotifications(ctx.bundleName, d.id === undefined ? undefined : Number(d.id), d.kind === 'reminder' ? 'reminder' : 'notification'); return null;
        case 'notifications': return mine(d.kind === 'reminder' ? 'reminder' : 'notification').map((n) => ({ id: n.id, title: n.title, text: n.text }));
        case 'notificationsEnabled': return notificationsEnabled;
        case 'enableNotifications': notificationsEnabled = true; return null;
        case 'badge': ctx.log('I', 'Notification', `badge ${Number(d.n)}`); return null;
        case 'reminder': {
          const id = nextReminder++;
          const when = d.delaySeconds !== null && d.delaySeconds !== undefined ? `in ${Number(d.delaySeconds)} s` : d.hour !== null && d.hour !== undefined ? `at ${String(d.hour).padStart(2, '0')}:${String(d.minute ?? 0).padStart(2, '0')}` : 'scheduled';
          state.notify({ id, bundleName: ctx.bundleName, kind: 'reminder', title: String(d.title ?? ''), text: `${String(d.text ?? '')}${d.text ? ' ' : ''}(${when})` });
          ctx.log('I', 'Reminder', `reminder #${id} ${when}: ${String(d.title ?? '')}`);
          remindersMeta.set(id, Number(d.type) || 0);
          return id;
        }
        case 'cancelReminder': {
          if (d.id === undefined) { state.cancelNotifications(ctx.bundleName, undefined, 'reminder'); return true; }
          const had = mine('reminder').some((n) => n.id === Number(d.id));
          state.cancelNotifications(ctx.bundleName, Number(d.id), 'reminder');
          return had;
        }
        case 'reminders': return mine('reminder').map((n) => ({ id: n.id, type: remindersMeta.get(n.id) ?? 0, title: n.title, text: n.text }));
        // ---- vibrator, location, network, background work ----
        case 'vibrate': {
          if (!ctx.declared.has('ohos.permission.VIBRATE')) throw new KitError(201, 'Permission denied: declare ohos.permission.VIBRATE in module.json5 requestPermissions');
          const ms = Math.max(0, Math.min(1_800_000, Number(d.ms) || 0));
          state.vibrate(ctx.bundleName, ms, String(d.effect ?? 'time'));
          ctx.log('I', 'Vibrator', `${d.effect ? `${String(d.effect)} ` : ''}${ms} ms`);
          return null;
        }
        case 'vibrations': return state.vibrations.filter((v) => v.bundleName === ctx.bundleName).map((v) => ({ ms: v.ms, effect: v.effect }));
        case 'location': {
          const p = permissionState(ctx, 'ohos.permission.APPROXIMATELY_LOCATION') === 0 || permissionState(ctx, 'ohos.permission.LOCATION') === 0;
          if (!p) throw new KitError(201, 'Permission denied: ohos.permission.APPROXIMATELY_LOCATION (and LOCATION for a precise one) must be declared and granted');
          if (!state.location) throw new KitError(3301200, 'Failed to obtain the geographical location: no location is set on this device (hmos input --device <id> location:<lat>,<lon>)');
          return state.location;
        }
        case 'locationEnabled': return state.location !== null;
        case 'watchLocation': {
          if (!unwatch) {
            const f = (loc: unknown) => ctx.post('location', loc);
            state.on('location', f);
            unwatch = () => state.off('location', f);
          }
          return null;
        }
        case 'orientation': state.setOrientation(d.orientation === 'landscape' ? 'landscape' : 'portrait'); return null;
        case 'online': return state.online;
        // ---- the device's pasteboard (shared by its apps and, through the device, its Super Device peers) ----
        case 'pasteWrite': {
          const records = Array.isArray(d.records) ? d.records as PasteRecord[] : [];
          const size = JSON.stringify(records).length;
          if (size > 128 * 1024 * 1024) throw new KitError(12900005, 'Excessive processing time for internal data: the pasteboard data is over 128 MB.');
          state.setPasteboard({ records, properties: (d.properties ?? {}) as Record<string, unknown>, from: ctx.bundleName, time: Date.now() });
          ctx.log('I', 'Pasteboard', `${ctx.bundleName} copied ${records.length} record(s)`);
          return null;
        }
        case 'pasteRead': {
          if (state.grant === 'none' && permissionState(ctx, 'ohos.permission.READ_PASTEBOARD') !== 0) throw new KitError(201, 'Permission denied: the user did not allow this app to read the pasteboard');
          const c = state.pasteboard;
          if (!c) return null;
          const local = c.properties.localOnly === true || c.properties.shareOption === 0 || c.properties.shareOption === 1;
          if (state.pasteboardRemote && local) return null;
          if (c.properties.shareOption === 0 && c.from !== ctx.bundleName) return null;
          return { records: c.records, properties: c.properties, from: c.from, time: c.time, remote: state.pasteboardRemote };
        }
        case 'pasteHas': return state.pasteboard !== null && state.pasteboard.records.length > 0;
        case 'pasteTypes': return [...new Set((state.pasteboard?.records ?? []).map((r) => r.mimeType))];
        case 'pasteInfo': return { remote: state.pasteboardRemote, source: state.pasteboard?.from ?? '' };
        case 'pasteClear': state.setPasteboard(null); return null;
        case 'pasteWatch': {
          if (!unwatchPaste) {
            const f = () => ctx.post('pasteboard', null);
            state.on('pasteboard', f);
            unwatchPaste = () => state.off('pasteboard', f);
          }
          return null;
        }
        case 'background': ctx.log('I', 'BackgroundTask', d.running ? `continuous task started (${(d.modes ?? []).join(', ')})` : 'continuous task stopped'); return null;
        default: throw new KitError(801, `unknown request dev.${op}`);
      }
    },
  };
}
const remindersMeta = new Map<number, number>();

/** getBundleInfoForSelf: the app as the device installed it, with the sections the flags ask for. */
function bundleInfo(ctx: KitHostContext, flags: number): Record<string, unknown> {
  const app = ctx.manifest?.app ?? {};
  const mod = ctx.manifest?.module ?? {};
  const has = (bit: number) => (flags & bit) !== 0;
  const perms: { name?: string; reason?: string }[] = Array.isArray(mod.requestPermissions) ? mod.requestPermissions : [];
  const appInfo = { name: ctx.bundleName, description: String(app.description ?? ''), label: String(app.label ?? ''), icon: String(app.icon ?? ''), enabled: true, process: ctx.bundleName,
    codePath: '/data/storage/el1/bundle', removable: true, accessTokenId: 537000000, uid: 20010001, debug: app.debug === true, bundleType: 0, appIndex: 0,
    ...(has(16) ? { permissions: perms.map((p) => String(p.name)) } : {}) };
  const abilities = (Array.isArray(mod.abilities) ? mod.abilities : []).map((a: Record<string, unknown>) => ({ bundleName: ctx.bundleName, moduleName: ctx.moduleName, name: String(a.name ?? ''),
    label: String(a.label ?? ''), description: String(a.description ?? ''), icon: String(a.icon ?? ''), exported: a.exported === true, launchType: 0, orientation: 0, type: 1 }));
  const hap = { name: ctx.moduleName, type: mod.type === 'feature' ? 2 : mod.type === 'shared' ? 3 : 1, mainElementName: String(mod.mainElement ?? ''), deviceTypes: Array.isArray(mod.deviceTypes) ? mod.deviceTypes : [],
    installationFree: false, hashValue: '', moduleSourceDir: '', ...(has(4) ? { abilitiesInfo: abilities } : { abilitiesInfo: [] }), extensionAbilitiesInfo: [], metadata: [] };
  return {
    name: ctx.bundleName, vendor: String(app.vendor ?? ''), versionCode: Number(app.versionCode ?? 1000000), versionName: String(app.versionName ?? '1.0.0'),
    minCompatibleVersionCode: Number(app.minCompatibleVersionCode ?? app.versionCode ?? 1000000), targetVersion: Number(app.targetAPIVersion ?? 12), installTime: 0, updateTime: 0, appIndex: 0,
    ...(has(1) ? { appInfo } : {}),
    hapModulesInfo: has(2) ? [hap] : [],
    reqPermissionDetails: has(16) ? perms.map((p) => ({ name: String(p.name), reason: String(p.reason ?? ''), reasonId: 0, usedScene: { abilities: [], when: 'inuse' } })) : [],
    permissionGrantStates: has(16) ? perms.map((p) => permissionState(ctx, String(p.name))) : [],
    signatureInfo: has(128) ? { appId: `${ctx.bundleName}_hmos`, fingerprint: 'hmos-developer-key', appIdentifier: ctx.bundleName } : { appId: '', fingerprint: '', appIdentifier: '' },
  };
}
