/**
 * The AppRunner that really runs apps: the ArkUI runtime's headless device (src/runtime/device.ts) inside this
 * device's worker, with src/runtime/screen.ts for screenshots, the element tree and input. One app is in the
 * foreground at a time; launching it again starts it afresh.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HmosError } from '../../errors.js';
import { createDevice, type App, type Device } from '../../runtime/device.js';
import { resourceTableFromHap } from '../../runtime/hap-resources.js';
import { layoutApp, performAction, renderApp, renderPage, unsupportedComponents } from '../../runtime/screen.js';
import { executionMode, runIntent, type IntentOutcome } from '../../runtime/intent-executor.js';
import type { IntentDeclaration } from '../../hap/intent-manifest.js';
import type { AppRunner, ForegroundState, LaunchableApp } from './app-runner.js';
import type { ContinueInRequest, ContinueOutResult, InputAction, LaunchRequest, LogLevel } from '../../connector/protocol.js';
import { superDeviceExtensions } from './super-device-kits.js';
import type { DistributedNetwork } from '../../runtime/distributed/network.js';

/** AbilityConstant.LaunchReason.CONTINUATION */
const CONTINUATION = 3;

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

const LEVELS: Record<string, LogLevel> = { D: 'debug', I: 'info', W: 'warn', E: 'error', F: 'error' };

function readTree(dir: string, prefix = '', out = new Map<string, Uint8Array>()): Map<string, Uint8Array> {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) readTree(join(dir, e.name), rel, out);
    else if (e.isFile()) out.set(rel, readFileSync(join(dir, e.name)));
  }
  return out;
}

export class RuntimeAppRunner implements AppRunner {
  private readonly device: Device;
  private readonly running = new Map<string, App>();
  /** The installed app each running app was started from (handoff reads its module.json). */
  private readonly installedOf = new Map<App, LaunchableApp>();
  private readonly network: DistributedNetwork | undefined;
  private readonly networkSecret: string | undefined;
  private readonly deviceId: string;
  private foreground: App | undefined;
  private readonly listeners: Array<(level: LogLevel, tag: string, message: string) => void> = [];

  constructor(options: { type: string; dataDir: string; deviceId: string; network?: DistributedNetwork; networkSecret?: string;
    locale?: string; colorMode?: 'light' | 'dark'; watchdogMs?: number; virtualTime?: boolean }) {
    this.device = createDevice({ profile: options.type, dataDir: options.dataDir, deviceId: options.deviceId, locale: options.locale, colorMode: options.colorMode,
      watchdogMs: options.watchdogMs, virtualTime: options.virtualTime });
    this.network = options.network;
    this.networkSecret = options.networkSecret;
    this.deviceId = options.deviceId;
  }

  /** The Super Device kits of one app on this device (none without a network, e.g. in unit tests). */
  private distributedKits(installed: LaunchableApp) {
    return this.network ? superDeviceExtensions(this.network, { signingKeyId: installed.keyId ?? 'unsigned', networkSecret: this.networkSecret }) : undefined;
  }

  private log(level: LogLevel, tag: string, message: string) {
    for (const l of this.listeners) l(level, tag, message);
  }

  async launch(installed: LaunchableApp, request: LaunchRequest, continuation?: ContinueInRequest) {
    const ability = request.ability ?? installed.mainElement;
    // A module without abilities opens its first page (as `hmos preview` does for a feature module).
    if (!ability && installed.abilities.length) throw new HmosError('NO_MAIN_ABILITY', `${installed.bundleName} declares no mainElement or ability to launch`);
    if (ability && installed.abilities.length && !installed.abilities.includes(ability)) {
      throw new HmosError('ABILITY_NOT_FOUND', `${installed.bundleName} has no ability ${ability} (it has ${installed.abilities.join(', ')})`);
    }
    await this.stop(installed.bundleName, true);
    const bundle = readTree(installed.dir);
    const app = this.device.launch({
      bundle, abilityName: ability, page: request.page, resources: resourceTableFromHap(bundle), extensions: this.distributedKits(installed),
      want: continuation ? { bundleName: installed.bundleName, abilityName: ability, parameters: continuation.parameters } : request.parameters,
      ...(continuation ? { launchReason: CONTINUATION, continuation: { pageStack: continuation.pageStack } } : {}),
    });
    this.installedOf.set(app, installed);
    // The app starts inside device.launch(): pass on what it logged (or a crash) before these listeners existed.
    const onLog = (e: { level: string; tag: string; message: string }) => this.log(LEVELS[e.level] ?? 'info', e.tag, e.message);
    const onCrash = (report: { message?: string } | undefined) => this.log('error', 'AppCrash', `${installed.bundleName} crashed: ${report?.message ?? 'unknown error'}`);
    for (const e of app.logs) onLog(e);
    if (app.crash) onCrash(app.crash as { message?: string });
    app.on('log', onLog);
    app.on('crash', onCrash);
    this.running.set(installed.bundleName, app);
    this.foreground = app;
    this.log('info', 'AbilityManager', `start ability ${ability ?? '(none)'} of ${installed.bundleName} ${installed.versionCode}${request.page ? ` page ${request.page}` : ''}${continuation ? ' (continuation)' : ''}`);
    await app.settle();
    return { bundleName: installed.bundleName, ability: ability ?? '', ...(app.page() ? { page: app.page()! } : {}) };
  }

  async stop(bundleName?: string, quiet = false) {
    const names = bundleName ? (this.running.has(bundleName) ? [bundleName] : []) : [...this.running.keys()];
    for (const name of names) {
      const app = this.running.get(name)!;
      this.running.delete(name);
      app.stop();
      this.installedOf.delete(app);
      if (this.foreground === app) this.foreground = undefined;
      if (!quiet) this.log('info', 'AbilityManager', `stop ${name}`);
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
      const before = this.foreground;
      const ability = decl.abilityName && installed.abilities.includes(decl.abilityName) ? decl.abilityName : undefined;
      await this.launch(installed, { bundleName: installed.bundleName, ability });
      app = this.running.get(installed.bundleName)!;
      if (!foreground) {
        app.background();
        this.foreground = before;
      }
    } else if (foreground && this.foreground !== app) {
      this.foreground?.background();
      app.foreground();
      this.foreground = app;
    }
    this.log('info', 'IntentExecutor', `execute ${decl.intentName} (${decl.kind}, ${foreground ? 'foreground' : 'background'}) in ${installed.bundleName}`);
    const outcome = await runIntent(app, decl, params, { timeoutMs });
    if (outcome.error) this.log('error', 'IntentExecutor', `${decl.intentName} failed: ${outcome.error.code}: ${outcome.error.message}`);
    return outcome;
  }

  async continueOut(bundleName?: string, checkOnly = false, targetDevice?: string): Promise<ContinueOutResult> {
    const app = bundleName ? this.running.get(bundleName) : this.foreground;
    if (!app) {
      throw new HmosError('APP_NOT_RUNNING', bundleName ? `${bundleName} is not running on ${this.deviceId}; launch it first (\`hmos deploy\`)` : `no app is in the foreground on ${this.deviceId}; launch one first (\`hmos deploy\`) or name it with --bundle`);
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

  async continueIn(installed: LaunchableApp, request: ContinueInRequest) {
    const running = this.running.get(installed.bundleName);
    const ability = request.ability ?? installed.mainElement ?? installed.abilities[0];
    if (!running || running.crash) return this.launch(installed, { bundleName: installed.bundleName, ability }, request);
    running.newWant({ bundleName: installed.bundleName, abilityName: ability, parameters: request.parameters },
      { launchReason: CONTINUATION, continuation: { pageStack: request.pageStack } });
    this.foreground = running;
    this.log('info', 'AbilityManager', `onNewWant ${installed.bundleName} (continuation)`);
    await running.settle();
    return { bundleName: installed.bundleName, ability: ability ?? 'EntryAbility', ...(running.page() ? { page: running.page()! } : {}) };
  }

  private current(): App {
    if (!this.foreground) throw new HmosError('APP_NOT_RUNNING', 'no app is in the foreground on this device; launch one first (`hmos deploy`)');
    return this.foreground;
  }

  async screenshot(format: 'png' | 'svg' | 'json' | 'text') {
    const out = await renderApp(this.current(), format);
    return typeof out === 'string' ? out : new Uint8Array(out);
  }

  state(): ForegroundState {
    const app = this.foreground;
    const crash = app?.crash;
    return {
      bundleName: app?.bundleName ?? null,
      page: app?.page() ?? null,
      crash: crash ? { message: crash.message, during: crash.during, ...(crash.location ? { location: crash.location } : {}) } : null,
    };
  }

  async unsupported() {
    return unsupportedComponents(await layoutApp(this.current()));
  }

  async input(action: InputAction) {
    await performAction(this.current(), action);
  }

  async tree() {
    const page = await layoutApp(this.current());
    return JSON.parse(String(await renderPage(page, 'json')));
  }

  onLog(listener: (level: LogLevel, tag: string, message: string) => void): void {
    this.listeners.push(listener);
  }
}
