/**
 * The AppRunner that really runs apps: the ArkUI runtime's headless device (src/runtime/device.ts) inside this
 * device's worker, with src/runtime/screen.ts for screenshots, the element tree and input. One app is in the
 * foreground at a time; launching it again starts it afresh.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HmosError } from '../errors.js';
import { createDevice, type App, type Device } from '../runtime/device.js';
import { resourceTableFromHap } from '../runtime/hap-resources.js';
import { layoutApp, performAction, renderApp, renderPage } from '../runtime/screen.js';
import { executionMode, runIntent, type IntentOutcome } from '../runtime/intent-executor.js';
import type { IntentDeclaration } from '../hap/intent-manifest.js';
import type { AppRunner, InputAction, LaunchableApp, LaunchRequest, LogLevel } from './app-runner.js';

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
  private foreground: App | undefined;
  private readonly listeners: Array<(level: LogLevel, tag: string, message: string) => void> = [];

  constructor(options: { type: string; dataDir: string; deviceId: string }) {
    this.device = createDevice({ profile: options.type, dataDir: options.dataDir, deviceId: options.deviceId });
  }

  private log(level: LogLevel, tag: string, message: string) {
    for (const l of this.listeners) l(level, tag, message);
  }

  async launch(installed: LaunchableApp, request: LaunchRequest) {
    const ability = request.ability ?? installed.mainElement;
    if (!ability) throw new HmosError('NO_MAIN_ABILITY', `${installed.bundleName} declares no mainElement or ability to launch`);
    if (installed.abilities.length && !installed.abilities.includes(ability)) {
      throw new HmosError('ABILITY_NOT_FOUND', `${installed.bundleName} has no ability ${ability} (it has ${installed.abilities.join(', ')})`);
    }
    await this.stop(installed.bundleName, true);
    const bundle = readTree(installed.dir);
    const app = this.device.launch({
      bundle, abilityName: ability, page: request.page, want: request.parameters, resources: resourceTableFromHap(bundle),
    });
    // The app starts inside device.launch(): pass on what it logged (or a crash) before these listeners existed.
    const onLog = (e: { level: string; tag: string; message: string }) => this.log(LEVELS[e.level] ?? 'info', e.tag, e.message);
    const onCrash = (report: { message?: string } | undefined) => this.log('error', 'AppCrash', `${installed.bundleName} crashed: ${report?.message ?? 'unknown error'}`);
    for (const e of app.logs) onLog(e);
    if (app.crash) onCrash(app.crash as { message?: string });
    app.on('log', onLog);
    app.on('crash', onCrash);
    this.running.set(installed.bundleName, app);
    this.foreground = app;
    this.log('info', 'AbilityManager', `start ability ${ability} of ${installed.bundleName} ${installed.versionCode}${request.page ? ` page ${request.page}` : ''}`);
    await app.settle();
    return { bundleName: installed.bundleName, ability, ...(app.page() ? { page: app.page()! } : {}) };
  }

  async stop(bundleName?: string, quiet = false) {
    const names = bundleName ? (this.running.has(bundleName) ? [bundleName] : []) : [...this.running.keys()];
    for (const name of names) {
      const app = this.running.get(name)!;
      this.running.delete(name);
      app.stop();
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

  private current(): App {
    if (!this.foreground) throw new HmosError('APP_NOT_RUNNING', 'no app is in the foreground on this device; launch one first (`hmos deploy`)');
    return this.foreground;
  }

  async screenshot(format: 'png' | 'svg' | 'json') {
    const out = await renderApp(this.current(), format);
    return typeof out === 'string' ? out : new Uint8Array(out);
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
