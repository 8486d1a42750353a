import fs from 'node:fs';
import path from 'node:path';
import { render } from 'ink-testing-library';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/cli.js';
import { copyFixture, edit } from '../../helpers/emulate.js';
import { copyFixture as copyProjectFixture } from '../../helpers/fixture.js';
import { EmulatorSession } from '../../../src/emulator/session/session.js';
import { EmulatorApp } from '../../../src/emulator/ui/App.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => { for (const c of cleanups.splice(0)) await c(); });

let lastUi: { lastFrame(): string | undefined } | undefined;
const until = async (what: () => boolean, ms = 10_000) => {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error(`timed out; the screen:\n${lastUi?.lastFrame()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};
const tick = (ms = 60) => new Promise((r) => setTimeout(r, ms));

async function start(options: { columns?: number; rows?: number; types?: ('phone' | 'wearable')[] } = {}) {
  const dir = copyFixture('counter');
  const session = new EmulatorSession({ dir, types: options.types ?? ['phone', 'wearable'], home: tempDir() });
  let quit = 0;
  const shots = tempDir();
  const ui = render(<EmulatorApp session={session} columns={options.columns ?? 160} rows={options.rows ?? 50} color={false} onQuit={() => { quit++; }} screenshotDir={shots} />);
  lastUi = ui;
  cleanups.push(() => { ui.unmount(); return session.close(); });
  await session.start();
  await until(() => session.devices.every((d) => (ui.lastFrame() ?? '').includes(`${d.id} · pages/Index`)) && (ui.lastFrame() ?? '').includes('Count: 0'));
  const press = async (...keys: string[]) => { for (const k of keys) { ui.stdin.write(k); await tick(); } };
  return { dir, session, ui, press, quits: () => quit, shots, frame: () => ui.lastFrame() ?? '' };
}

const DOWN = '\u001b[B', TAB = '\t', ENTER = '\r', ESC = '\u001b';

describe('emulator UI', () => {
  it('shows the devices side by side with titles, and the key bar', async () => {
    const { frame } = await start();
    const lines = frame().split('\n');
    const title = lines.find((l) => l.includes('phone-1 · pages/Index · com.example'))!;
    expect(title).toContain('wearable-1');
    expect(frame()).toMatch(/tab device .* q quit/);
  }, 30_000);

  it('arrows move focus, enter clicks, typing goes into a focused TextInput, tab selects the next device', async () => {
    const { session, press, frame } = await start();
    const [phone, watch] = session.devices;
    await press(DOWN, ENTER, ENTER);
    await until(() => frame().includes('Count: 2'));
    await press(DOWN);
    await until(() => frame().includes('typing into the text input'));
    await press('B', 'o', 'b');
    await until(() => frame().includes('Hi Bob'));
    await press('\u007f');
    await until(() => frame().includes('Hi Bo') && !frame().includes('Hi Bob'));
    await press(ESC, TAB, DOWN, ENTER);
    await until(() => watch.surface.frame!.grid.some((r) => r.map((c) => c.char).join('').includes('Count: 1')));
    expect(phone.surface.frame!.grid.some((r) => r.map((c) => c.char).join('').includes('Count: 2'))).toBe(true);
  }, 30_000);

  it('esc goes back from a pushed page; mouse clicks land on the node under the pointer', async () => {
    const { session, press, frame } = await start({ types: ['phone'] });
    const phone = session.devices[0];
    await until(() => phone.surface.frame!.rows > 20); // drawn at the pane's size
    const detail = phone.surface.frame!.focusables.find((f) => f.text === 'Detail')!;
    // Pane screen starts at column 1, row 3 (header, border, title); SGR coordinates are 1-based.
    await press(`\u001b[<0;${detail.box.c0 + 2 + 1};${detail.box.r0 + 3 + 1}M`, `\u001b[<0;${detail.box.c0 + 3};${detail.box.r0 + 4}m`);
    await until(() => frame().includes('pages/Detail'));
    // The page slides in (the router's default transition): its text is on screen once the slide has moved it there.
    await until(() => frame().includes('Detail page'));
    await press(ESC);
    await until(() => frame().includes('pages/Index'));
  }, 30_000);

  it('the log pane shows console lines and filters by text, level and device', async () => {
    const { press, frame } = await start();
    await press(DOWN, ENTER);
    await until(() => frame().includes('Count: 1'));
    await press('l');
    await until(() => frame().includes('Logs — device: all'));
    expect(frame()).toMatch(/phone-1 I .*count is 1/);
    await press('z', 'z', 'z');
    expect(frame()).toContain('no log lines match');
    await press('\u007f', '\u007f', '\u007f', 'c', 'o', 'u', 'n', 't');
    expect(frame()).toMatch(/count is 1/);
    await press(TAB, TAB);
    expect(frame()).toContain('device: wearable-1');
    expect(frame()).not.toMatch(/count is 1/);
    await press('\u001b[Z', '\u001b[Z', '\u001b[Z');
    expect(frame()).toContain('level ≥ error');
    await press(ESC, 'l');
    expect(frame()).not.toContain('Logs — device');
  }, 30_000);

  it('help, device picker (add and remove), screenshot, handoff message, quit', async () => {
    const { session, press, frame, quits, shots } = await start({ types: ['phone'] });
    await press('?');
    expect(frame()).toContain('hand the app over to another device');
    await press('x');
    expect(frame()).not.toContain('hand the app over');
    await press('d');
    expect(frame()).toContain('add wearable');
    await press(DOWN, DOWN, DOWN, ENTER); // phone, tablet, 2in1, wearable
    await until(() => session.devices.length === 2 && Boolean(session.devices[1].surface.frame?.bundleName));
    expect(session.devices[1].id).toBe('wearable-1');
    await until(() => frame().includes('wearable-1 · pages/Index'));
    await press('s');
    await until(() => fs.existsSync(shots) && fs.readdirSync(path.join(shots)).length > 0);
    expect(fs.readdirSync(shots)[0]).toMatch(/^phone-1-.*\.png$/);
    await press('c'); // hands off phone → wearable: the counter fixture's ability is not continuable
    await until(() => frame().includes('not continuable'));
    await press('d');
    for (let i = 0; i < 7; i++) await press(DOWN); // past the six types and phone-1 → remove wearable-1
    await press(ENTER);
    await until(() => session.devices.length === 1);
    await press('q');
    expect(quits()).toBe(1);
  }, 30_000);

  it('a build error shows the code frame over the running devices; a terminal too small says so', async () => {
    const { dir, frame } = await start({ types: ['phone'] });
    await tick(300);
    edit(path.join(dir, 'entry/src/main/ets/pages/Index.ets'), '.fontSize(20)', '.fontSize(20))');
    await until(() => frame().includes('Build failed'));
    expect(frame()).toContain("error ETS_SYNTAX: ';' expected.");
    expect(frame()).toContain('.fontSize(20))');
    expect(frame()).toContain('Count: 0');
    const other = new EmulatorSession({ dir, types: ['phone', 'wearable'], home: tempDir() });
    cleanups.push(() => other.close());
    const small = render(<EmulatorApp session={other} columns={20} rows={10} color={false} onQuit={() => {}} />);
    expect(small.lastFrame()).toContain('Terminal too small');
    small.unmount();
  }, 30_000);

  it('resizing re-lays out the panes; a asks the assistant (this app has no intents, so it says so)', async () => {
    const { session, ui, press, frame } = await start({ types: ['phone'] });
    const phone = session.devices[0];
    await until(() => phone.surface.frame!.rows === 44);
    ui.rerender(<EmulatorApp session={session} columns={120} rows={30} color={false} onQuit={() => {}} />);
    await until(() => phone.surface.frame!.rows === 24 && frame().split('\n').length <= 30);
    await press('a');
    expect(frame()).toContain('Ask the assistant');
    await press('add a task', ENTER);
    await until(() => frame().includes('declares no insight intents'));
    await press(ESC);
    expect(frame()).not.toContain('Ask the assistant');
  }, 30_000);
});

describe('the notification list', () => {
  it('n lists what the apps posted on every device (notifications and reminders), newest first; any key closes it', async () => {
    const dir = copyProjectFixture('kits/system');
    const session = new EmulatorSession({ dir, types: ['phone'], home: tempDir() });
    const ui = render(<EmulatorApp session={session} columns={160} rows={50} color={false} onQuit={() => {}} />);
    lastUi = ui;
    cleanups.push(() => { ui.unmount(); return session.close(); });
    await session.start();
    const phone = session.devices[0];
    await until(() => (phone.surface.frame?.focusables ?? []).some((f) => f.text === 'Notify'), 30_000);
    ui.stdin.write('n');
    await until(() => (ui.lastFrame() ?? '').includes('Notifications (0)'));
    ui.stdin.write('x');
    await until(() => !(ui.lastFrame() ?? '').includes('Notifications (0)'));
    await phone.surface.click(phone.surface.frame!.focusables.find((f) => f.text === 'Notify')!.elmtId);
    await until(() => phone.notifications.length === 2);
    ui.stdin.write('n');
    await until(() => (ui.lastFrame() ?? '').includes('Notifications (2)'));
    const frame = ui.lastFrame() ?? '';
    expect(frame).toMatch(/phone-1 • Order shipped — Arrives Friday com\.example\.kits\.system/);
    expect(frame).toMatch(/phone-1 ⏰ Tea — ready \(in 60 s\)/);
  }, 40_000);
});
