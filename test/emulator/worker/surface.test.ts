// The terminal surface a session attaches to a device (what runs in the device's worker): typing into text inputs,
// notices and the crash screen of a device whose worker stopped.
import { describe, expect, it } from 'vitest';
import { Surface, type ScreenFrame } from '../../../src/emulator/worker/surface.js';
import { DEVICE_PROFILES } from '../../../src/runtime/device-profile.js';
import { cellsToText } from '../../../src/runtime/render/cells.js';
import { launchSource, page, stateProp } from '../../runtime/helpers.js';

const INPUTS = page('Index', stateProp('name', '"Ann"'), `
  this.observeComponentCreation2(() => { Column.create(); }, Column);
  this.observeComponentCreation2(() => { TextInput.create({ placeholder: "Note" }); }, TextInput);
  this.observeComponentCreation2(() => { TextInput.create({ text: this.name }); TextInput.onChange((v) => { this.name = v; }); }, TextInput);
  this.observeComponentCreation2(() => { Text.create("name=" + this.name); }, Text);
  Text.pop();
  Column.pop();
`);

async function surfaceOn(code: string, cols = 40) {
  const app = launchSource(code);
  await app.settle();
  let last: ScreenFrame | undefined;
  const surface = new Surface(DEVICE_PROFILES.phone, () => app, (f) => { last = f; });
  // As the device's worker does: every change of the app's screen re-draws.
  app.on('frame', () => surface.schedule());
  await surface.attach(cols, 30);
  const frame = async () => { await new Promise((r) => setImmediate(r)); return last!; };
  return { app, surface, frame };
}

describe('device surface', () => {
  it('typing appends to an uncontrolled TextInput (it keeps what was typed) and to a bound one; backspace removes the last character', async () => {
    const { app, surface, frame } = await surfaceOn(INPUTS);
    const [note, name] = (await frame()).focusables.filter((f) => f.type === 'TextInput');
    for (const text of ['p', 'e', 'n']) surface.type(note.elmtId, { text });
    surface.type(note.elmtId, { backspace: true });
    surface.type(note.elmtId, { text: 'ns' });
    surface.type(name.elmtId, { text: 'a' });
    surface.type(name.elmtId, { backspace: true });
    surface.type(name.elmtId, { text: '!' });
    await app.settle();
    const text = cellsToText((await frame()).grid);
    expect(text).toContain('pens');
    expect(text).toContain('name=Ann!');
  });

  it('a notice or the crash screen of a stopped worker shows instead of the app until a launch clears it', async () => {
    const { surface, frame } = await surfaceOn(INPUTS, 80);
    surface.showNotice('This app does not list tv in deviceTypes');
    expect(await frame()).toMatchObject({ notice: 'This app does not list tv in deviceTypes', focusables: [] });
    surface.showNotice(undefined);
    surface.showCrash({ bundleName: 'com.example.test', message: 'The device stopped: click did not answer in 10000 ms.', timeout: true });
    const crashed = await frame();
    expect(crashed).toMatchObject({ crashed: true, bundleName: 'com.example.test', focusables: [] });
    expect(cellsToText(crashed.grid)).toMatch(/com.example.test stopped[^]*did not answer/);
    surface.clear();
    surface.schedule();
    expect((await frame()).crashed).toBe(false);
  });
});
