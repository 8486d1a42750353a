import { beforeAll, describe, expect, it } from 'vitest';
import { DEVICE_PROFILES } from '../../../src/runtime/device-profile.js';
import { layoutPage, loadLayoutEngine, type LayoutEngine } from '../../../src/runtime/layout/layout.js';
import type { LaidOutPage } from '../../../src/runtime/layout/types.js';
import type { UINode } from '../../../src/runtime/ui-node.js';
import { box, el } from '../../helpers/ui.js';

let engine: LayoutEngine;
beforeAll(async () => {
  engine = await loadLayoutEngine();
});

const phone = DEVICE_PROFILES.phone;
const lay = (root: UINode, device = phone): LaidOutPage => layoutPage(engine, root, device, {});
const b = (n: UINode) => [n.layout!.x, n.layout!.y, n.layout!.width, n.layout!.height];

describe('ListItem fills the List cross axis', () => {
  it('a ListItem with a narrow Row child is as wide as a 328 vp List', () => {
    const row = el('Row', [], {}, [box(80, 20)]);
    const item = el('ListItem', [], {}, [row]);
    const group = el('ListItemGroup', [], {}, [el('ListItem', [], {}, [box(40, 20)])]);
    lay(el('Column', [], { width: ['100%'] }, [el('List', [], { width: [328] }, [item, group])]));
    expect(b(item)).toEqual([16, 0, 328, 20]);
    expect(b(row)).toEqual([16, 0, 80, 20]);
    expect(b(group)[2]).toBe(328);
    expect(b(group.children[0])[2]).toBe(328);
  });

  it('keeps an explicit ListItem width, and fills the height in a horizontal List', () => {
    const item = el('ListItem', [], { width: [100] }, [box(40, 20)]);
    lay(el('List', [], { width: [300] }, [item]));
    expect(b(item)[2]).toBe(100);
    const h = el('ListItem', [], {}, [box(40, 20)]);
    lay(el('List', [], { width: [300], height: [120], listDirection: [1] }, [h]));
    expect(b(h).slice(2)).toEqual([40, 120]);
  });
});

describe('layoutWeight', () => {
  it('a Text with layoutWeight(1) in a Row takes the remaining width on one line', () => {
    const icon = box(24, 24);
    const text = el('Text', ['Settings'], { layoutWeight: [1] });
    const row = el('Row', [], {}, [icon, text]);
    lay(el('Column', [], { width: ['100%'], padding: [16] }, [row]));
    expect(b(row)).toEqual([16, 16, 328, 24]);
    expect(b(text)).toEqual([40, 18.4, 304, 19.2]);
  });

  it('a Column with a weighted child fills the height it is given', () => {
    const top = box(50, 100);
    const fill = el('Column', [], { layoutWeight: [1] });
    const col = el('Column', [], {}, [top, fill]);
    lay(el('Column', [], { width: ['100%'], height: [600] }, [col]));
    expect(b(col)[3]).toBe(600);
    expect(b(fill)[3]).toBe(500);
  });
});

describe('long words', () => {
  it('a path without spaces wraps inside a centred Column instead of overflowing to negative x', () => {
    const path = 'at /home/user/projects/MyApplication/entry/src/main/ets/pages/Index.ets:12:5';
    const t = el('Text', [path]);
    lay(el('Column', [], { width: ['100%'], padding: [16] }, [t]));
    const [x, , w, h] = b(t);
    expect(x).toBeGreaterThanOrEqual(16);
    expect(x + w).toBeLessThanOrEqual(360 - 16);
    expect(h).toBeGreaterThan(19.2);
  });

  it('CJK text wraps at the Row width', () => {
    const t = el('Text', ['鸿蒙应用开发'.repeat(10)]);
    lay(el('Row', [], { width: [200] }, [t]));
    const [x, , w] = b(t);
    expect(x).toBeGreaterThanOrEqual(80);
    expect(w).toBeLessThanOrEqual(200);
  });
});

describe('Swiper', () => {
  it('wraps its tallest page when it has no height, and draws the dot indicator at the bottom', () => {
    const pages = [box(100, 120), box(100, 80), box(100, 80)];
    const swiper = el('Swiper', [], {}, pages);
    const page = lay(el('Column', [], { width: ['100%'] }, [swiper, box(50, 50)]));
    expect(b(swiper)).toEqual([0, 0, 360, 120]);
    const indicator = page.root.children[0].children.find((c) => c.type === 'SwiperIndicator')!;
    expect([indicator.x, indicator.y, indicator.width, indicator.height]).toEqual([160, 100, 40, 6]);
    expect(indicator.children.map((d) => [d.x, d.width])).toEqual([[160, 12], [180, 6], [194, 6]]);
  });

  it('shows the page the user selected until the app changes its index', () => {
    const swiper = el('Swiper', [], { index: [0] }, [el('Text', ['A']), el('Text', ['B'])]);
    swiper.selected = { index: 1, option: 0 };
    let page = lay(swiper);
    expect(page.root.children[0].text).toBe('B');
    swiper.attrs.index = [0];
    swiper.selected = { index: 1, option: 2 }; // the app has since set index 0 itself
    page = lay(swiper);
    expect(page.root.children[0].text).toBe('A');
  });
});

describe('GridRow breakpoints', () => {
  it('follow the window width by default, the component width with reference ComponentSize, and custom values', () => {
    const col = () => el('GridCol', [{ span: { xs: 12, sm: 6, md: 4, lg: 3 } }], {}, [box(10, 10)]);
    const a = col();
    const narrow = el('GridRow', [], {}, [a]);
    lay(el('Column', [], { width: [200] }, [narrow]));
    expect(narrow.breakpoint).toBe('sm'); // the phone window is 360 vp, whatever the row's width
    expect(b(a)[2]).toBe(100);
    const c = col();
    const own = el('GridRow', [{ breakpoints: { reference: 1 } }], {}, [c]);
    lay(el('Column', [], { width: [200] }, [own]));
    expect(own.breakpoint).toBe('xs');
    expect(b(c)[2]).toBe(200);
    const custom = el('GridRow', [{ breakpoints: { value: ['100vp', '200vp', '300vp', '350vp'] } }], {}, [col()]);
    lay(custom);
    expect(custom.breakpoint).toBe('xl');
  });
});

describe('Grid item spans', () => {
  it('columnStart/columnEnd and rowStart/rowEnd span cells; other items fill the next free cells', () => {
    const wide = el('GridItem', [], { columnStart: [0], columnEnd: [1] }, [box(10, 40)]);
    const tall = el('GridItem', [], { rowStart: [0], rowEnd: [1], columnStart: [2], columnEnd: [2] }, [box(10, 10)]);
    const a = el('GridItem', [], {}, [box(10, 40)]);
    const c = el('GridItem', [], {}, [box(10, 40)]);
    lay(el('Grid', [], { width: [300], columnsTemplate: ['1fr 1fr 1fr'], columnsGap: [6], rowsGap: [10] }, [wide, tall, a, c]));
    expect(b(wide)).toEqual([30, 0, 198, 40]); // the Grid is centred in the page: x 30
    expect(b(tall)).toEqual([234, 0, 96, 90]); // two rows of 40 and the 10 vp gap
    expect(b(a)).toEqual([30, 50, 96, 40]);
    expect(b(c)).toEqual([132, 50, 96, 40]);
  });
});
