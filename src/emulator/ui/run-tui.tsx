/**
 * Runs the interactive emulator in the terminal: alternate screen and mouse reporting on, the ink app rendered and
 * re-rendered on resize, and the terminal put back (mouse off, main screen, cursor shown) however the process ends —
 * `q`, Ctrl-C, SIGINT/SIGTERM/SIGHUP, or a crash.
 */
import type { GrantPolicy } from '../../runtime/kits/device-state.js';
import { render } from 'ink';
import type { DeviceType } from '../../runtime/device-profile.js';
import { EmulatorSession } from '../session/session.js';
import { EmulatorApp } from './App.js';
import { ALT_SCREEN_OFF, ALT_SCREEN_ON, CURSOR_SHOW, MOUSE_OFF, MOUSE_ON } from './keys.js';
import { layoutPanes } from './pane-layout.js';

export interface TuiOptions {
  dir: string;
  types: DeviceType[];
  home: string;
  wipe?: boolean;
  color: boolean;
  grant?: GrantPolicy;
}

export async function runTui(options: TuiOptions): Promise<number> {
  const stdout = process.stdout;
  const size = () => ({ columns: stdout.columns || 80, rows: stdout.rows || 24 });
  let restored = false;
  const restore = () => {
    if (restored) return;
    restored = true;
    try {
      if (process.stdin.isTTY) process.stdin.setRawMode(false);
    } catch {
      // stdin already closed
    }
    stdout.write(MOUSE_OFF + ALT_SCREEN_OFF + CURSOR_SHOW);
  };
  stdout.write(ALT_SCREEN_ON + MOUSE_ON);
  process.once('exit', restore);

  // Initial device sizes from the first layout, so the first frame is drawn at the right size.
  const first = layoutPanes(options.types, size().columns, size().rows - 3, 0, 1);
  const session = new EmulatorSession({
    dir: options.dir, types: options.types, home: options.home, wipe: options.wipe, grant: options.grant,
    sizeFor: (type) => {
      const i = options.types.indexOf(type);
      return first.ok && i >= 0 ? { cols: first.panes[i].cols, rows: first.panes[i].rows } : { cols: 30, rows: 15 };
    },
  });

  // Other terminals reach these devices through the connector: hmos devices, logs, screenshot, input, deploy, continue.
  const serving = session.serve().then((c) => {
    for (const d of session.devices) d.log('info', 'Emulator', `reachable from other terminals on 127.0.0.1:${c.port}: hmos devices, logs, screenshot, input, deploy, continue`);
  }, (err: Error) => {
    for (const d of session.devices) d.log('warn', 'Emulator', `other hmos commands cannot reach these devices: ${err.message}`);
  });

  let finish!: (code: number) => void;
  const done = new Promise<number>((r) => { finish = r; });
  let quitting = false;
  const quit = (code = 0) => {
    if (quitting) return;
    quitting = true;
    instance.unmount();
    restore();
    void serving.then(() => session.close()).finally(() => finish(code));
  };
  const view = () => <EmulatorApp session={session} columns={size().columns} rows={size().rows} color={options.color} onQuit={() => quit(0)} />;
  const instance = render(view(), { exitOnCtrlC: false, patchConsole: true, stdout });
  const onResize = () => instance.rerender(view());
  stdout.on('resize', onResize);
  const onSignal = () => quit(0);
  const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
  for (const s of signals) process.on(s, onSignal);
  const onCrash = (err: unknown) => {
    restore();
    process.stderr.write(`hmos emulate crashed: ${(err as Error)?.stack ?? String(err)}\n`);
    void session.close().finally(() => process.exit(2));
  };
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);

  // The UI is up before the first build; a build that fails shows its errors and the watcher keeps going.
  session.start().catch((err: Error) => {
    session.build = { count: session.build.count + 1, ok: false, ms: 0, running: false, diagnostics: [{ severity: 'error', code: (err as { code?: string }).code ?? 'EMULATE_FAILED', message: err.message }] };
    session.emit('build', session.build);
  });
  const code = await done;
  stdout.off('resize', onResize);
  for (const s of signals) process.off(s, onSignal);
  process.off('uncaughtException', onCrash);
  process.off('unhandledRejection', onCrash);
  return code;
}
