/**
 * The apps of one emulated device, inside its worker thread: the ArkUI runtime's headless device
 * (src/runtime/device.ts) with the installed apps it runs. One app is in the foreground at a time; launching an app
 * starts it afresh, `reload` swaps a new build of the foreground app in with its page stack and state kept.
 * Everything a device does with apps is here once — a device host's device and an `hmos emulate` session's alike.
 *
 * Events: `change` when the foreground app, its page or its crash state changes; `frame` when what the foreground
 * app shows may have changed; `log` for every log line.
 */
import { EventEmitter } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { GrantPolicy, PostedNotification } from '../../runtime/kits/device-state.js';
import { syncPasteboard } from '../../runtime/kits/pasteboard-sync.js';
import { HmosError } from '../../errors.js';
import { createDevice, type App, type ContinuationState, type Device } from '../../runtime/device.js';
import { resourceTableFromHap } from '../../runtime/hap-resources.js';
import { renderCells, type Cell } from '../../runtime/render/cells.js';
import { hotReload } from '../../runtime/hot-reload.js';
import { layoutApp, performAction, renderApp, renderPage, unsupportedComponents } from '../../runtime/screen.js';
import { executionMode, runIntent, type IntentOutcome } from '../../runtime/intent-executor.js';
import type { IntentDeclaration } from '../../hap/intent-manifest.js';
import type { ContinueInRequest, ContinueOutResult, InputAction, LaunchRequest, LogLevel } from '../../connector/protocol.js';
import { superDeviceExtensions } from './super-device-kits.js';
import type { DistributedNetwork } from '../../runtime/distributed/network.js';
import type { RealmExtension } from '../../runtime/kit-bridge.js';
import { unpackFiles, type PackedFiles } from './packed-files.js';

/** An installed app as the worker starts it: where its files are and what module.json says. */
export interface LaunchableApp {
  bundleName: string;
  versionCode: number;
  mainElement?: string;
  abilities: string[];
  /** Folder with the installed HAP files. */
  dir: string;
  /** Id of the key the HAP was signed with: Super Device peers sync only with the same app from the same developer. */
  keyId?: string;
  /**
   * The files of `dir`, checked, in memory: a build the holder is still writing there (EmulatedDevice.runBuild) starts
   * from these. Read from `dir` when absent.
   */
  files?: PackedFiles;
}

export interface Launched {
  bundleName: string;
  ability: string;
  page?: string;
}

/** What the foreground of the device is (posted to the device's holder whenever it changes). */
export interface ForegroundStatus {
  bundleName?: string;
  page: string | null;
  /** The foreground app crashed (its crash screen shows). */
  crashed: boolean;
}

/** AbilityConstant.LaunchReason.CONTINUATION */
const CONTINUATION = 3;

const LEVELS: Record<string, LogLevel> = { D: 'debug', I: 'info', W: 'warn', E: 'error', F: 'error' };

/** Whether module.json marks the ability `continuable` (the reference refuses handoff of other abilities). */
function isContinuable(dir: string, ability: string): boolean {
  try {
    const mj = JSON.parse(readFileSync(join(dir, 'module.json'), 'utf8'));
    const a = (mj?.module?.abilities ?? []).find((x: { name?: string }) => x?.name === ability);
    return a?.continuable === true;
  } catch {
    return false;
  }
}

/** An installed app's files: the ones the holder sent along, else those in its folder. */
function filesOf(installed: LaunchableApp): Map<string, Uint8Array> {
  return installed.files ? unpackFiles(installed.files) : readTree(installed.dir);
}

/** What the runner keeps of an app it started (its files are the running app's now). */
function withoutFiles({ files: _files, ...installed }: LaunchableApp): LaunchableApp {
  return installed;
}

function readTree(dir: string, prefix = '', out = new Map<string, Uint8Array>()): Map<string, Uint8Array> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) readTree(join(dir, e.name), rel, out);
    else if (e.isFile()) out.set(rel, readFileSync(join(dir, e.name)));
  }
  return out;
}

export interface AppRunnerOptions {
  type: string;
  dataDir: string;
  deviceId: string;
  network?: DistributedNetwork;
  networkSecret?: string;
  /** Watchdog for every entry into app code, ms (default 5000). */
  watchdogMs?: number;
  locale?: string;
  colorMode?: 'light' | 'dark';
  /** Timers on a virtual clock (runtime/clock.ts): `hmos preview`'s waits take no wall-clock time. */
  virtualTime?: boolean;
  /** How user_grant permissions are answered (see runtime/kits/device-state.ts); unset: granted. */
  grant?: GrantPolicy;
}

/** What `hmos preview` asks of the foreground app. */
export interface ForegroundState {
  bundleName: string | null;
  page: string | null;
  crash: { message: string; during: string; location?: { file: string; line: number; col: number } } | null;
}

export class AppRunner extends EventEmitter {
  readonly device: Device;
  private readonly running = new Map<string, App>();
  /** The installed app each running app was started from (handoff reads its module.json). */
  private readonly installedOf = new Map<App, LaunchableApp>();
  private current: App | undefined;

  constructor(private readonly options: AppRunnerOptions) {
    super();
    this.device = createDevice({ profile: options.type, dataDir: options.dataDir, deviceId: options.deviceId, watchdogMs: options.watchdogMs,
      locale: options.locale, colorMode: options.colorMode, virtualTime: options.virtualTime, grant: options.grant });
    // The device's notification list (notificationManager, reminderAgentManager) for the holder's terminal UI.
    this.device.kitState.on('notifications', (list: PostedNotification[]) => this.emit('notifications', list.map((n) => ({ ...n }))));
    // What an app copies here can be pasted on the user's other devices (and the other way round).
    if (options.network) syncPasteboard(this.device.kitState, options.network, { networkSecret: options.networkSecret, log: (level, message) => this.log(level, 'Pasteboard', message) });
  }

  /** The app in the foreground, if any. */
  get foreground(): App | undefined {
    return this.current;
  }

  status(): ForegroundStatus {
    const app = this.current;
    return { ...(app ? { bundleName: app.bundleName } : {}), page: app?.page() ?? null, crashed: Boolean(app?.crash) };
  }

  private log(level: LogLevel, tag: string, message: string) {
    this.emit('log', level, tag, message);
  }

  /** The Super Device kits of one app on this device (none without a network, e.g. in unit tests). */
  private distributedKits(installed: LaunchableApp) {
    const net = this.options.network;
    return net ? superDeviceExtensions(net, { signingKeyId: installed.keyId ?? 'unsigned', networkSecret: this.options.networkSecret }) : undefined;
  }

  /** Follows a started app: its log lines (also those logged while it started), crash, page changes and exit. */
  private adopt(app: App, started: LaunchableApp): void {
    const installed = withoutFiles(started);
    this.installedOf.set(app, installed);
    const onLog = (e: { level: string; tag: string; message: string }) => this.log(LEVELS[e.level] ?? 'info', e.tag, e.message);
    const onCrash = (report: { message?: string } | undefined) => {
      this.log('error', 'AppCrash', `${installed.bundleName} crashed: ${report?.message ?? 'unknown error'}`);
      this.emit('change');
    };
    for (const e of app.logs) onLog(e);
    if (app.crash) onCrash(app.crash as { message?: string });
    app.on('log', onLog);
    app.on('crash', onCrash);
    app.on('page', () => this.emit('change'));
    // Timers and async kit callbacks change the screen without a call from the holder.
    app.on('frame', () => this.emit('frame'));
    // Whether something animates: a terminal surface draws frames at a modest rate meanwhile (surface.ts).
    app.on('animating', (on: boolean) => { if (this.current === app) this.emit('animating', on); });
    // The app ended itself (terminateSelf, back on its last page).
    app.on('exit', () => {
      if (this.running.get(app.bundleName) !== app) return;
      this.running.delete(app.bundleName);
      this.installedOf.delete(app);
      if (this.current === app) this.current = undefined;
      this.emit('change');
      this.emit('frame');
    });
    this.running.set(installed.bundleName, app);
    this.current = app;
    this.emit('change');
    this.emit('frame');
  }

  /** The ability to start; none for a module without abilities (it opens its first page, as `hmos preview` does for a feature module). */
  private abilityOf(installed: LaunchableApp, requested: string | undefined): string | undefined {
    const ability = requested ?? installed.mainElement;
    if (!ability && installed.abilities.length) throw new HmosError('NO_MAIN_ABILITY', `${installed.bundleName} declares no mainElement or ability to launch`);
    if (ability && installed.abilities.length && !installed.abilities.includes(ability)) {
      throw new HmosError('ABILITY_NOT_FOUND', `${installed.bundleName} has no ability ${ability} (it has ${installed.abilities.join(', ')})`);
    }
    return ability;
  }

  /** Starts an installed app afresh (ability, page and want parameters as asked), in the foreground. */
  async launch(installed: LaunchableApp, request: LaunchRequest, continuation?: ContinueInRequest): Promise<Launched> {
    const ability = this.abilityOf(installed, request.ability);
    this.stopQuietly(installed.bundleName);
    const bundle = filesOf(installed);
    const launch: { launchReason?: number; continuation?: ContinuationState } = continuation ? { launchReason: CONTINUATION, continuation: { pageStack: continuation.pageStack } } : {};
    const app = this.device.launch({
      bundle, abilityName: ability, page: request.page, resources: resourceTableFromHap(bundle), extensions: this.distributedKits(installed),
      want: continuation ? { bundleName: installed.bundleName, abilityName: ability, parameters: continuation.parameters } : request.parameters,
      ...launch,
    });
    this.adopt(app, installed);
    this.log('info', 'AbilityManager', `start ability ${ability ?? '(none)'} of ${installed.bundleName} ${installed.versionCode}${request.page ? ` page ${request.page}` : ''}${continuation ? ' (continuation)' : ''}`);
    await app.settle();
    return { bundleName: installed.bundleName, ability: ability ?? '', ...(app.page() ? { page: app.page()! } : {}) };
  }

  /**
   * Starts an installed app afresh with realm extensions and a start function instead of an ability — `hmos test`
   * starts a test HAP with the test kit this way (testing/device-run.ts) — followed like any launch (logs, crash, status).
   */
  start(installed: LaunchableApp, how: { extensions: () => RealmExtension[]; startWith: { fn: string; args: unknown[] } }): App {
    this.stopQuietly(installed.bundleName);
    const bundle = filesOf(installed);
    const app = this.device.launch({ bundle, resources: resourceTableFromHap(bundle), extensions: how.extensions, startWith: how.startWith });
    this.adopt(app, installed);
    this.log('info', 'AbilityManager', `start ${installed.bundleName} ${installed.versionCode} with ${how.startWith.fn}`);
    return app;
  }

  /**
   * A new build of an installed app: hot-reloaded into the running app when it is in the foreground (page stack and
   * the state of unchanged components kept), else launched.
   */
  async reload(installed: LaunchableApp): Promise<Launched & { kept: number; reset: number }> {
    const old = this.running.get(installed.bundleName);
    if (!old || old !== this.current || old.crash) return { ...(await this.launch(installed, { bundleName: installed.bundleName })), kept: 0, reset: 0 };
    const ability = this.abilityOf(installed, undefined);
    const bundle = filesOf(installed);
    this.running.delete(installed.bundleName);
    this.installedOf.delete(old);
    const r = hotReload(this.device, old, { bundle, abilityName: ability, resources: resourceTableFromHap(bundle), extensions: this.distributedKits(installed) });
    this.adopt(r.app, installed);
    await r.app.settle();
    this.prepareNextStart(r.app);
    return { bundleName: installed.bundleName, ability: ability ?? '', ...(r.app.page() ? { page: r.app.page()! } : {}), kept: r.kept, reset: r.reset };
  }

  /**
   * After a hot reload another is likely (the developer edits on): the realm the next one starts in is made once
   * this one's frame is out (runtime/device.ts, prepareRealm), which takes the largest part of a reload off its path.
   */
  private prepareNextStart(app: App): void {
    setTimeout(() => {
      if (this.current !== app || app.crash) return;
      try { this.device.prepareRealm(app.hostKitNames()); } catch { /* the next start makes its own */ }
    }, 0);
  }

  private stopQuietly(bundleName: string): void {
    const app = this.running.get(bundleName);
    if (!app) return;
    this.running.delete(bundleName);
    this.installedOf.delete(app);
    if (this.current === app) this.current = undefined;
    app.stop();
  }

  async stop(bundleName?: string): Promise<{ stopped: string[] }> {
    const names = bundleName ? (this.running.has(bundleName) ? [bundleName] : []) : [...this.running.keys()];
    for (const name of names) {
      this.stopQuietly(name);
      this.log('info', 'AbilityManager', `stop ${name}`);
    }
    if (names.length) {
      this.emit('change');
      this.emit('frame');
    }
    return { stopped: names };
  }

  /**
   * Runs an insight intent of an installed app. Foreground intents bring the app to the front (launching it if it
   * is not running); background ones run in the running app, or start it without taking the screen.
   */
  async executeIntent(installed: LaunchableApp, decl: IntentDeclaration, params: Record<string, unknown>, timeoutMs?: number): Promise<IntentOutcome> {
    const foreground = executionMode(decl) === 'foreground';
    let app = this.running.get(installed.bundleName);
    if (!app) {
      const before = this.current;
      const ability = decl.abilityName && installed.abilities.includes(decl.abilityName) ? decl.abilityName : undefined;
      await this.launch(installed, { bundleName: installed.bundleName, ability });
      app = this.running.get(installed.bundleName)!;
      if (!foreground) {
        app.background();
        this.current = before;
        this.emit('change');
      }
    } else if (foreground && this.current !== app) {
      this.current?.background();
      app.foreground();
      this.current = app;
      this.emit('change');
    }
    this.log('info', 'IntentExecutor', `execute ${decl.intentName} (${decl.kind}, ${foreground ? 'foreground' : 'background'}) in ${installed.bundleName}`);
    const outcome = await runIntent(app, decl, params, { timeoutMs });
    if (outcome.error) this.log('error', 'IntentExecutor', `${decl.intentName} failed: ${outcome.error.code}: ${outcome.error.message}`);
    this.emit('frame');
    return outcome;
  }

  async continueOut(bundleName?: string, checkOnly = false, targetDevice?: string): Promise<ContinueOutResult> {
    const app = bundleName ? this.running.get(bundleName) : this.current;
    if (!app || app.crash) {
      throw new HmosError('APP_NOT_RUNNING', bundleName
        ? `${bundleName} is not running on ${this.options.deviceId}; launch it first (\`hmos deploy\`)`
        : `no app is in the foreground on ${this.options.deviceId}; launch one first (\`hmos deploy\`) or name it with --bundle`);
    }
    const installed = this.installedOf.get(app)!;
    const ability = installed.mainElement ?? installed.abilities[0] ?? 'EntryAbility';
    if (!isContinuable(installed.dir, ability)) {
      throw new HmosError('NOT_CONTINUABLE', `${app.bundleName}: ability ${ability} is not continuable; set "continuable": true on it in entry/src/main/module.json5 and deploy again`);
    }
    if (checkOnly) return { bundleName: app.bundleName, ability, result: null, error: null, wantParam: {}, pageStack: [] };
    const outcome = await app.continueOut(5000, targetDevice);
    return { bundleName: app.bundleName, ability, ...outcome };
  }

  async continueIn(installed: LaunchableApp, request: ContinueInRequest): Promise<Launched> {
    const running = this.running.get(installed.bundleName);
    const ability = request.ability ?? installed.mainElement ?? installed.abilities[0];
    if (!running || running.crash) return this.launch(installed, { bundleName: installed.bundleName, ability }, request);
    running.newWant({ bundleName: installed.bundleName, abilityName: ability, parameters: request.parameters },
      { launchReason: CONTINUATION, continuation: { pageStack: request.pageStack } });
    this.current = running;
    this.log('info', 'AbilityManager', `onNewWant ${installed.bundleName} (continuation)`);
    await running.settle();
    this.emit('change');
    return { bundleName: installed.bundleName, ability: ability ?? 'EntryAbility', ...(running.page() ? { page: running.page()! } : {}) };
  }

  private foregroundOrThrow(): App {
    if (!this.current) throw new HmosError('APP_NOT_RUNNING', `no app is in the foreground on ${this.options.deviceId}; launch one first (\`hmos deploy\`)`);
    return this.current;
  }

  /** The foreground app: its page, and the crash that stopped it (the screen then shows the crash). */
  state(): ForegroundState {
    const app = this.current;
    const crash = app?.crash;
    return {
      bundleName: app?.bundleName ?? null,
      page: app?.page() ?? null,
      crash: crash ? { message: crash.message, during: crash.during, ...(crash.location ? { location: crash.location } : {}) } : null,
    };
  }

  /** Components on the foreground app's page drawn only as placeholders, with their counts. */
  async unsupported(): Promise<Record<string, number>> {
    return unsupportedComponents(await layoutApp(this.foregroundOrThrow()));
  }

  /** The foreground app's screen in terminal cells `cols` wide, as a terminal pane shows it (rows keep the device's proportions). */
  async cells(cols: number): Promise<Cell[][]> {
    const page = await layoutApp(this.foregroundOrThrow());
    const rows = Math.max(4, Math.round((cols * page.device.height) / page.device.width / 2));
    return renderCells(page, { cols, rows });
  }

  async screenshot(format: 'png' | 'svg' | 'json' | 'text'): Promise<Uint8Array | string> {
    const out = await renderApp(this.foregroundOrThrow(), format);
    return typeof out === 'string' ? out : new Uint8Array(out);
  }

  async input(action: InputAction): Promise<void> {
    await performAction(this.foregroundOrThrow(), action);
  }

  /** Lets the device's clock run to the end of the foreground app's finite animations (preview's pictures). */
  async finishAnimations(): Promise<void> {
    await this.foregroundOrThrow().finishAnimations();
  }

  async tree(): Promise<object> {
    const page = await layoutApp(this.foregroundOrThrow());
    return JSON.parse(String(await renderPage(page, 'json')));
  }

  async settle(): Promise<void> {
    await this.current?.settle();
  }
}
