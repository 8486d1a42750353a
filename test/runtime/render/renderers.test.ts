import { beforeAll, describe, expect, it } from 'vitest';
import { DEVICE_PROFILES, type DeviceProfile } from '../../../src/runtime/device-profile.js';
import { Color } from '../../../src/runtime/enums.js';
import { layoutPage, loadLayoutEngine, type LayoutEngine } from '../../../src/runtime/layout/layout.js';
import type { LaidOutPage } from '../../../src/runtime/layout/types.js';
import { cellsToText, renderCells } from '../../../src/runtime/render/cells.js';
import { renderJson, toJsonPage } from '../../../src/runtime/render/json.js';
import { pngRenderKey, renderKeyOf, renderPng } from '../../../src/runtime/render/png.js';
import { PNG } from 'pngjs';
import { renderSvg } from '../../../src/runtime/render/svg.js';
import { renderText } from '../../../src/runtime/render/text.js';
import type { UINode } from '../../../src/runtime/ui-node.js';
import { el } from '../../helpers/ui.js';

let engine: LayoutEngine;
beforeAll(async () => {
  engine = await loadLayoutEngine();
});

const res = { id: 16777216, type: 10003, params: [], bundleName: 'com.example', moduleName: 'entry' };
const resolve = (v: unknown) => (v === res ? 'Hello' : v);

function sample(): UINode {
  return el('Column', [{ space: 8 }], { width: ['100%'], height: ['100%'], backgroundColor: [Color.White] }, [
    el('Text', [res], { fontSize: [20], id: ['title'], fontColor: [Color.Red] }),
    el('Button', ['OK'], { onClick: [() => undefined], width: [120] }),
    el('TextInput', [{ placeholder: 'Your name' }]),
    el('Text', ['你好世界']),
  ]);
}

const lay = (root: UINode, device: DeviceProfile = DEVICE_PROFILES.phone): LaidOutPage =>
  layoutPage(engine, root, device, { resolve, page: 'pages/Index' });

describe('json renderer', () => {
  it('emits the stable contract: device, page, root Node with bounds, text, resolved attrs, no functions', () => {
    const json = JSON.parse(renderJson(lay(sample())));
    expect(Object.keys(json)).toEqual(['device', 'page', 'root']);
    expect(json.device).toEqual({ type: 'phone', width: 360, height: 780 });
    expect(json.page).toBe('pages/Index');
    expect(json.root.type).toBe('Column');
    expect(json.root.bounds).toEqual([0, 0, 360, 780]);
    const [title, button, input, cjk] = json.root.children;
    expect(title).toMatchObject({ type: 'Text', id: 'title', text: 'Hello', bounds: [155, 0, 50, 24] });
    expect(Object.keys(title)).toEqual(['type', 'id', 'text', 'bounds', 'attrs', 'children']);
    expect(title.attrs).toEqual({ fontSize: 20, id: 'title', fontColor: '#ffff0000' });
    expect(button).toMatchObject({ type: 'Button', text: 'OK', bounds: [120, 32, 120, 40] });
    expect(button.attrs).toEqual({ width: 120 });
    expect(input.text).toBe('Your name');
    expect(cjk.text).toBe('你好世界');
  });

  it('is plain data that round-trips', () => {
    const page = toJsonPage(lay(sample()));
    expect(JSON.parse(JSON.stringify(page))).toEqual(page);
  });
});

describe('text renderer', () => {
  it('prints an indented outline with texts and bounds', () => {
    const out = renderText(lay(sample()));
    expect(out.split('\n')[0]).toBe('pages/Index on phone (360×780 vp)');
    expect(out).toContain('  Column [0, 0, 360, 780]');
    expect(out).toContain('    Text #title "Hello" [155, 0, 50, 24]');
    expect(out).toContain('    Button "OK" [120, 32, 120, 40]');
  });
});

describe('svg renderer', () => {
  it('produces a well-formed SVG in vp with boxes, colours and escaped text', () => {
    const svg = renderSvg(lay(el('Column', [], { backgroundColor: ['#ff0000ff'], borderRadius: [8], border: [{ width: 2,
      color: Color.Red }], padding: [10] }, [el('Text', ['a < b & "c"'])])));
    expect(svg.startsWith('<svg xmlns="http://www.w3.org/2000/svg" width="360" height="780" viewBox="0 0 360 780">'))
      .toBe(true);
    expect(svg).toContain('a &lt; b &amp; &quot;c&quot;');
    expect(svg).toContain('fill="#0000ff"');
    expect(svg).toContain('stroke="#ff0000"');
    expect(svg).toMatch(/rx="8"/);
    // Balanced tags: every element opened is closed.
    const opens = (svg.match(/<(svg|g|text|defs|clipPath)[\s>]/g) ?? []).length;
    const closes = (svg.match(/<\/(svg|g|text|defs|clipPath)>/g) ?? []).length;
    expect(opens).toBe(closes);
  });

  it('draws components it does not know as a placeholder labelled with their type', () => {
    const svg = renderSvg(lay(el('Column', [], {}, [el('FancyChart', [], { width: [120], height: [60] })])));
    expect(svg).toMatch(/<text [^>]*>FancyChart<\/text>/);
  });

  it('clips the wearable to a circle', () => {
    const svg = renderSvg(lay(el('Text', ['hi']), DEVICE_PROFILES.wearable));
    expect(svg).toContain('<clipPath id="screen"><ellipse cx="116.5" cy="116.5" rx="116.5" ry="116.5"/></clipPath>');
  });
});

describe('png renderer', () => {
  function ihdr(png: Buffer) {
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.subarray(12, 16).toString('latin1')).toBe('IHDR');
    return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
  }

  it('rasterises at the device density', async () => {
    const png = await renderPng(lay(sample(), DEVICE_PROFILES.wearable));
    expect(ihdr(png)).toEqual({ width: 466, height: 466 });
  });

  it('rasterises at an explicit scale, and carries its render key (a valid PNG chunk that pngjs reads past)', async () => {
    const page = lay(sample());
    const png = await renderPng(page, { scale: 0.5 });
    expect(ihdr(png)).toEqual({ width: 180, height: 390 });
    expect(renderKeyOf(png)).toBe(pngRenderKey(page, { scale: 0.5 }));
    expect(pngRenderKey(page, { scale: 0.5 })).not.toBe(pngRenderKey(page));
    expect(pngRenderKey(lay(el('Text', ['other'], {})), { scale: 0.5 })).not.toBe(pngRenderKey(page, { scale: 0.5 }));
    expect(PNG.sync.read(png).width).toBe(180);
    const corrupt = Buffer.from(png);
    corrupt[40] ^= 1; // inside the key's text: its CRC no longer matches
    expect(renderKeyOf(corrupt)).toBeUndefined();
  });

  it('survives content clipped away entirely (resvg would abort on it)', async () => {
    const rows = Array.from({ length: 40 }, (_, i) => el('ListItem', [], {}, [el('Text', [`row ${i}`], { height: [50] })]));
    const list = el('List', [], { height: [100], backgroundColor: ['#ffeeeeee'] }, rows);
    list.scroll = { x: 0, y: 400 };
    const png = await renderPng(lay(el('Column', [], {}, [list])), { scale: 1 });
    expect(ihdr(png)).toEqual({ width: 360, height: 780 });
  });

  it('draws text with a system font (the text changes the pixels)', async () => {
    const device = { ...DEVICE_PROFILES.wearable, width: 100, height: 40, shape: 'rect' as const };
    const blank = await renderPng(lay(el('Text', [''], { fontSize: [24] }), device), { scale: 1 });
    const text = await renderPng(lay(el('Text', ['WWW'], { fontSize: [24] }), device), { scale: 1 });
    expect(text.length).toBeGreaterThan(blank.length + 50);
  });
});

describe('terminal cells', () => {
  it('scales vp to cells and writes texts, with wide CJK characters taking two cells', () => {
    const grid = renderCells(lay(sample()), { cols: 40, rows: 30 });
    expect(grid).toHaveLength(30);
    expect(grid.every((row) => row.length === 40)).toBe(true);
    const text = cellsToText(grid);
    expect(text).toContain('Hello');
    expect(text).toContain('OK');
    const cjkRow = grid.find((row) => row.some((c) => c.char === '你'))!;
    const i = cjkRow.findIndex((c) => c.char === '你');
    expect(cjkRow.slice(i, i + 8).map((c) => c.char)).toEqual(['你', '', '好', '', '世', '', '界', '']);
    const hello = grid.flat().find((c) => c.char === 'H')!;
    expect(hello.fg).toBe('#ff0000');
  });

  it('fills backgrounds and draws borders with box characters', () => {
    const page = lay(el('Column', [], { width: ['100%'], height: ['100%'] }, [
      el('Column', [], { width: [180], height: [260], backgroundColor: ['#ff00ff00'], border: [{ width: 1, color: Color.Black,
        radius: 4 }] })]));
    const grid = renderCells(page, { cols: 36, rows: 78 });
    // The box spans x 90..270 → cells 9..26, y 0..260 → rows 0..25.
    expect(grid[0][9].char).toBe('╭');
    expect(grid[0][26].char).toBe('╮');
    expect(grid[25][9].char).toBe('╰');
    expect(grid[10][15]).toMatchObject({ char: ' ', bg: '#00ff00' });
    expect(grid[10][5].bg).toBe('#ffffff');
  });

  it('wraps text at its box in cells and ellipsises what its rows and enclosing clips do not hold', () => {
    const page = lay(el('Column', [], { width: ['100%'], alignItems: [1] }, [
      el('Text', ['one two three four five six'], { width: [40], height: [20] }),
      el('Row', [], { width: [30], height: [20], clip: [true] }, [el('Text', ['abcdefgh'])]),
    ]));
    const lines = cellsToText(renderCells(page, { cols: 36, rows: 78 })).split('\n');
    // The app wraps the first Text at its 40 vp (4 cells): in cells it wraps there too, and its 20 vp (2 rows) hold
    // two lines, the second ending with '…'. The second Text wraps within its 30 vp Row; the clipping Row (2 rows)
    // shows two of its three lines, ellipsised — neither runs into the other.
    expect(lines.slice(0, 5)).toEqual(['one', 'two…', 'abc', 'de…', '']);
  });

  it('leaves the corners of the round watch empty', () => {
    const page = lay(el('Column', [], { width: ['100%'], height: ['100%'], backgroundColor: [Color.Blue] }),
      DEVICE_PROFILES.wearable);
    const grid = renderCells(page, { cols: 20, rows: 10 });
    expect(grid[0][0]).toEqual({ char: ' ' });
    expect(grid[5][10].bg).toBe('#0000ff');
  });
});
