/**
 * What one emulated device holds for the system kits beside its apps, and what the terminal UI and the CLI change
 * at run time: the permission grant policy and the user's answers, the location, the network switch, the posted
 * notifications, the photo folder and the pasteboard. Events tell the device's apps and the emulator about changes.
 */
import { EventEmitter } from 'node:events';
import fs from 'node:fs';
import path from 'node:path';

function readJson(file: string): Record<string, unknown> {
  try { const v = JSON.parse(fs.readFileSync(file, 'utf8')); return v && typeof v === 'object' ? v : {}; } catch { return {}; }
}

/** How user_grant permissions are answered: a dialog on the device (`ask`), or granted / denied without one. */
export type GrantPolicy = 'ask' | 'all' | 'none';
export const GRANT_POLICIES: readonly GrantPolicy[] = ['ask', 'all', 'none'];

export interface DeviceLocation { latitude: number; longitude: number; altitude: number; accuracy: number; speed: number; direction: number; timeStamp: number }

export interface PostedNotification {
  /** notification id within its app */
  id: number;
  bundleName: string;
  kind: 'notification' | 'reminder';
  title: string;
  text: string;
  time: number;
}

export interface PasteRecord { mimeType: string; text?: string; html?: string; uri?: string; want?: unknown; pixelMap?: unknown; data?: Record<string, string> }
export interface PasteContent { records: PasteRecord[]; properties: Record<string, unknown>; from: string; time: number }

export interface DeviceKitStateOptions { dataDir: string; deviceId: string; grant?: GrantPolicy; location?: DeviceLocation | null }

/** A user's answer in the permission dialog, kept per app on the device as a phone keeps it (until uninstalled). */
export type PermissionAnswers = Record<string, Record<string, boolean>>;

export class DeviceKitState extends EventEmitter {
  grant: GrantPolicy;
  location: DeviceLocation | null;
  online = true;
  /** The screen's orientation as the app set it (window.setPreferredOrientation) or the user turned the device. */
  orientation: 'portrait' | 'landscape' = 'portrait';
  /** Vibrations the apps asked for (newest last, at most 50): what a test or the terminal UI can show. */
  readonly vibrations: { bundleName: string; ms: number; effect: string; time: number }[] = [];
  private answers: PermissionAnswers | undefined;
  private readonly answersFile: string;
  readonly notifications: PostedNotification[] = [];
  /** The device's UDMF data hub (unifiedDataChannel, Intention.DATA_HUB): key → the data an app put there. */
  readonly dataHub = new Map<string, { bundleName: string; data: unknown; time: number }>();
  pasteboard: PasteContent | null = null;
  /** The pasteboard's content came from a Super Device peer. */
  pasteboardRemote = false;
  readonly photosDir: string;
  readonly deviceId: string;

  constructor(opts: DeviceKitStateOptions) {
    super();
    this.setMaxListeners(0);
    // Without a policy (hosts and sessions, until they take --grant) user_grant permissions are granted, so apps that
    // wait on the dialog keep starting; `hmos preview` asks by default (--grant ask).
    this.grant = opts.grant ?? 'all';
    this.location = opts.location ?? null;
    this.deviceId = opts.deviceId;
    this.photosDir = path.join(opts.dataDir, 'photos');
    this.answersFile = path.join(opts.dataDir, 'permissions.json');
  }

  /** The user's recorded answer for a user_grant permission of an app, if they gave one. */
  answer(bundleName: string, permission: string): boolean | undefined {
    this.answers ??= readJson(this.answersFile) as PermissionAnswers;
    return this.answers[bundleName]?.[permission];
  }

  recordAnswers(bundleName: string, given: Record<string, boolean>): void {
    this.answers ??= readJson(this.answersFile) as PermissionAnswers;
    this.answers[bundleName] = { ...this.answers[bundleName], ...given };
    try {
      fs.mkdirSync(path.dirname(this.answersFile), { recursive: true });
      fs.writeFileSync(this.answersFile, JSON.stringify(this.answers));
    } catch { /* a device whose data folder went away keeps the answers in memory */ }
    this.emit('permissions', bundleName, given);
  }

  vibrate(bundleName: string, ms: number, effect: string): void {
    this.vibrations.push({ bundleName, ms, effect, time: Date.now() });
    if (this.vibrations.length > 50) this.vibrations.shift();
    this.emit('vibrate', this.vibrations[this.vibrations.length - 1]);
  }

  setLocation(latitude: number, longitude: number, altitude = 0): DeviceLocation {
    if (!(latitude >= -90 && latitude <= 90) || !(longitude >= -180 && longitude <= 180)) {
      throw new RangeError(`a location is latitude -90..90 and longitude -180..180 (got ${latitude},${longitude})`);
    }
    this.location = { latitude, longitude, altitude, accuracy: 10, speed: 0, direction: 0, timeStamp: Date.now() };
    this.emit('location', this.location);
    return this.location;
  }

  setOrientation(o: 'portrait' | 'landscape'): void {
    if (this.orientation === o) return;
    this.orientation = o;
    this.emit('orientation', o);
  }

  setOnline(online: boolean): void {
    if (this.online === online) return;
    this.online = online;
    this.emit('network', online);
  }

  notify(n: Omit<PostedNotification, 'time'>): PostedNotification {
    const entry = { ...n, time: Date.now() };
    const i = this.notifications.findIndex((x) => x.bundleName === n.bundleName && x.id === n.id && x.kind === n.kind);
    if (i >= 0) this.notifications.splice(i, 1);
    this.notifications.push(entry);
    if (this.notifications.length > 200) this.notifications.splice(0, this.notifications.length - 200);
    this.emit('notifications', this.notifications);
    return entry;
  }

  cancelNotifications(bundleName: string, id?: number, kind: PostedNotification['kind'] = 'notification'): void {
    const before = this.notifications.length;
    for (let i = this.notifications.length - 1; i >= 0; i--) {
      const x = this.notifications[i];
      if (x.bundleName === bundleName && x.kind === kind && (id === undefined || x.id === id)) this.notifications.splice(i, 1);
    }
    if (this.notifications.length !== before) this.emit('notifications', this.notifications);
  }

  /** Sets the pasteboard; `remote` marks a copy that came from a Super Device peer (not sent on again). */
  setPasteboard(content: PasteContent | null, remote = false): void {
    this.pasteboard = content;
    this.pasteboardRemote = remote && content !== null;
    this.emit('pasteboard', content, remote);
  }

  /** The photo folder's files (a user fills it with `hmos push`-like copies or by hand). */
  photos(): string[] {
    try {
      return fs.readdirSync(this.photosDir).filter((f) => /\.(png|jpe?g|gif|webp|bmp|heic|mp4|mov)$/i.test(f)).sort();
    } catch { return []; }
  }
}
