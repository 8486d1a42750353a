/**
 * The host side of the system kits: every `k.<family>.<op>` request app code makes through the realm bridge lands
 * here, as JSON in and JSON out (DESIGN decision 10: no host object, function or error reaches the app; errors thrown
 * here become errors created in the app realm, with their `code`). A family is created on its first request, so an
 * app that never opens a database never starts SQLite.
 *
 * What a family may touch: the app's sandbox folder (through `ctx.fs` / `ctx.appDir`), the device's kit state
 * (permissions, location, network switch, notifications, photos, pasteboard) and nothing else of the host.
 */
import type { SandboxFs } from '../sandbox-fs.js';
import type { DeviceKitState } from './device-state.js';
import type { DeviceClock } from '../clock.js';
import { HOST_FAMILIES } from './host-families.js';
import { KitError } from './kit-error.js';

export { KitError };

export interface KitHostContext {
  bundleName: string;
  moduleName: string;
  /** The app's data folder on this device (host path; the sandbox is `fs`). */
  appDir: string;
  fs: SandboxFs;
  /** Permissions the module declares (module.json5 requestPermissions). */
  declared: ReadonlySet<string>;
  /** The HAP's module.json (app and module sections). */
  manifest: any;
  /** The device's facts as the realm sees them (type, size in vp, density, locale, colour mode, font scale, id). */
  env(): Record<string, any>;
  device: DeviceKitState;
  /** The watchdog of app code: a synchronous request must answer well within it. */
  watchdogMs: number;
  log(level: 'D' | 'I' | 'W' | 'E', tag: string, message: string): void;
  /** Settles the realm promise `asyncId` with what `work` gives (or its error, with its code). */
  settle(asyncId: number, work: Promise<unknown>): void;
  /** Runs a library in the app's realm (realm-libraries.ts); its exports land in `__rt.libraries[name]`. */
  loadLibrary(name: string): void;
  /**
   * Keeps the device's virtual clock from jumping ahead (an open socket may still deliver data): time then flows at
   * the real rate until the returned release is called.
   */
  hold(): () => void;
  /** Runs `rt.kitEvent(channel, payload)` in the realm on a later turn. */
  post(channel: string, payload: unknown): void;
  // What worker realms need (worker-host.ts); a context without them has no workers.
  /** The HAP's entries (its bundle, which a worker realm evaluates too). */
  bundle?(): Map<string, Uint8Array>;
  /** The device's clock (a worker's timers). */
  clock?: DeviceClock;
  /** Marks host work on the app's behalf as in flight (the device's settle() waits for it); call the result when done. */
  inFlight?(): () => void;
  /** Answers a device request of the app's realm (the realm-independent ones: log, env, files, preferences …). */
  appOp?(op: string, d: unknown): unknown;
  /** Where app code's stack points in the sources (bundle source map). */
  locate?(stack: string): { file: string; line: number; col: number } | undefined;
}

export interface KitFamily {
  handle(op: string, d: any): unknown;
  close?(): void;
  /** The PNG of a PixelMap the family holds (media-host.ts), for screenshots; undefined when there is none. */
  picture?(id: number): Uint8Array | undefined;
}
export type KitFamilyFactory = (ctx: KitHostContext) => KitFamily;


export class KitHost {
  private readonly open = new Map<string, KitFamily>();
  constructor(private readonly ctx: KitHostContext, private readonly families: Record<string, KitFamilyFactory> = HOST_FAMILIES) {}

  handle(op: string, d: any): unknown {
    const dot = op.indexOf('.');
    const name = dot < 0 ? op : op.slice(0, dot);
    let family = this.open.get(name);
    if (!family) {
      const make = Object.prototype.hasOwnProperty.call(this.families, name) ? this.families[name] : undefined;
      if (!make) throw new KitError(801, `unknown system kit request '${op}'`);
      family = make(this.ctx);
      this.open.set(name, family);
    }
    return family.handle(dot < 0 ? '' : op.slice(dot + 1), d ?? {});
  }

  /** The PNG of the app's PixelMap `id` (what an Image showing it draws), if the app holds one by that id. */
  pixelMapPicture(id: number): Uint8Array | undefined {
    return this.open.get('media')?.picture?.(id);
  }

  close(): void {
    for (const [name, f] of this.open) {
      try { f.close?.(); } catch (e) { this.ctx.log('E', 'Kit', `closing ${name} failed: ${(e as Error).message}`); }
    }
    this.open.clear();
  }
}
