import { beforeAll, describe, expect, it } from 'vitest';
import { DEVICE_PROFILES } from '../../../src/runtime/device-profile.js';
import {
  Alignment, Axis, BarPosition, Color, FlexAlign, FlexDirection, FlexWrap, HorizontalAlign, ItemAlign, TextOverflow,
  VerticalAlign, Visibility,
} from '../../../src/runtime/enums.js';
import { layoutPage, loadLayoutEngine, type LayoutEngine } from '../../../src/runtime/layout/layout.js';
import type { LaidOutPage, LayoutNode } from '../../../src/runtime/layout/types.js';
import type { UINode } from '../../../src/runtime/ui-node.js';
import { box, el } from '../../helpers/ui.js';

let engine: LayoutEngine;
beforeAll(async () => {
  engine = await loadLayoutEngine();
});

const phone = DEVICE_PROFILES.phone;
const lay = (root: UINode, device = phone, opts = {}): LaidOutPage => layoutPage(engine, root, device, opts);
const b = (n: LayoutNode | UINode) => {
  const l = 'elmtId' in n ? n.layout! : n;
  return [l.x, l.y, l.width, l.height];
};

describe('Column and Row', () => {
  it('centres a Column of two 100×50 boxes horizontally on a phone (x = 130)', () => {
    const a = box(100, 50);
    const c = box(100, 50);
    lay(el('Column', [], {}, [a, c]));
    expect(b(a)).toEqual([130, 0, 100, 50]);
    expect(b(c)).toEqual([130, 50, 100, 50]);
  });

  it('applies space, alignItems and justifyContent', () => {
    const a = box(100, 50);
    const c = box(50, 50);
    lay(el('Column', [{ space: 10 }], { width: ['100%'], height: [300], alignItems: [HorizontalAlign.End],
      justifyContent: [FlexAlign.Center] }, [a, c]));
    expect(b(a)).toEqual([260, 95, 100, 50]);
    expect(b(c)).toEqual([310, 155, 50, 50]);
    const s = box(10, 10);
    lay(el('Column', [], { width: ['100%'], alignItems: [HorizontalAlign.Start] }, [s]));
    expect(b(s)).toEqual([0, 0, 10, 10]);
  });

  it('centres Row children vertically and spreads them with SpaceBetween', () => {
    const kids = [box(50, 50), box(50, 20), box(50, 50)];
    lay(el('Row', [], { width: ['100%'], justifyContent: [FlexAlign.SpaceBetween] }, kids));
    expect(kids.map(b)).toEqual([[0, 0, 50, 50], [155, 15, 50, 20], [310, 0, 50, 50]]);
    const top = box(50, 20);
    lay(el('Row', [], { height: [100], alignItems: [VerticalAlign.Bottom] }, [top]));
    expect(b(top)).toEqual([155, 80, 50, 20]);
  });

  it('SpaceAround and SpaceEvenly', () => {
    const kids = [box(60, 10), box(60, 10)];
    lay(el('Row', [], { width: [360], justifyContent: [FlexAlign.SpaceEvenly] }, kids));
    expect(kids.map((k) => k.layout!.x)).toEqual([80, 220]);
    lay(el('Row', [], { width: [360], justifyContent: [FlexAlign.SpaceAround] }, kids));
    expect(kids.map((k) => k.layout!.x)).toEqual([60, 240]);
  });

  it('distributes the remaining space by layoutWeight', () => {
    const fixed = box(60, 10);
    const one = el('Column', [], { layoutWeight: [1], height: [10] });
    const two = el('Column', [], { layoutWeight: [2], height: [10] });
    lay(el('Row', [], { width: [360] }, [fixed, one, two]));
    expect(b(one)).toEqual([60, 0, 100, 10]);
    expect(b(two)).toEqual([160, 0, 200, 10]);
  });

  it('Blank fills the free space of a Row', () => {
    const left = box(40, 20);
    const right = box(40, 20);
    lay(el('Row', [], { width: ['100%'] }, [left, el('Blank'), right]));
    expect(right.layout!.x).toBe(320);
  });
});

describe('units and box attributes', () => {
  it('resolves vp, px, fp, lpx and percentages of the parent', () => {
    const px = box('90px', 10);
    const lpx = box('360lpx', 10);
    const pct = box('50%', '10%');
    const fp = box('20fp', 10);
    lay(el('Column', [], { width: [200], height: [400], alignItems: [HorizontalAlign.Start] }, [px, lpx, pct, fp]));
    expect(px.layout!.width).toBe(30); // 90 px ÷ density 3
    expect(lpx.layout!.width).toBe(180); // 360 × 360 / 720
    expect([pct.layout!.width, pct.layout!.height]).toEqual([100, 40]);
    expect(fp.layout!.width).toBe(20);
  });

  it('padding, margin and border take space; constraintSize clamps', () => {
    const inner = box(50, 50);
    const outer = el('Column', [], { padding: [{ top: 10, left: 20 }], margin: [5], border: [{ width: 2 }] }, [inner]);
    lay(el('Column', [], { width: ['100%'], alignItems: [HorizontalAlign.Start] }, [outer]));
    expect(b(outer)).toEqual([5, 5, 74, 64]);
    expect(b(inner)).toEqual([27, 17, 50, 50]);
    const c = box(500, 10, { constraintSize: [{ maxWidth: 100 }] });
    lay(el('Column', [], {}, [c]));
    expect(c.layout!.width).toBe(100);
  });

  it('Visibility.None removes a node, Hidden keeps its space', () => {
    const a = box(10, 10, { visibility: [Visibility.None] });
    const h = box(10, 10, { visibility: [Visibility.Hidden] });
    const c = box(10, 10);
    const page = lay(el('Column', [], {}, [a, h, c]));
    expect(page.root.children.map((n) => n.type)).toHaveLength(2);
    expect(page.root.children[0].visible).toBe(false);
    expect(c.layout!.y).toBe(10);
  });

  it('displayPriority drops the lowest-priority children while a Row overflows', () => {
    const keep = box(150, 10, { displayPriority: [3] });
    const mid = box(150, 10, { displayPriority: [2] });
    const low = box(150, 10, { displayPriority: [1] });
    const page = lay(el('Row', [], { width: [320] }, [low, keep, mid]));
    expect(page.root.children.map((n) => n.node)).toEqual([keep, mid]);
    expect([keep.layout!.x, mid.layout!.x]).toEqual([20, 170]); // the 320 vp Row is centred on the page
    expect(low.layout).toBeUndefined();
    const roomy = lay(el('Row', [], { width: [500] }, [box(150, 10, { displayPriority: [1] }), box(150, 10)]));
    expect(roomy.root.children).toHaveLength(2);
  });

  it('position places absolutely, offset and markAnchor shift after layout, aspectRatio sets the height', () => {
    const p = box(10, 10, { position: [{ x: 40, y: 30 }] });
    const o = box(10, 10, { offset: [{ x: 5, y: -5 }] });
    const a = el('Column', [], { width: [100], aspectRatio: [2] });
    lay(el('Column', [], { width: [360], height: [300] }, [p, o, a]));
    expect(b(p)).toEqual([40, 30, 10, 10]);
    expect(b(o)).toEqual([180, -5, 10, 10]);
    expect(b(a)).toEqual([130, 10, 100, 50]);
  });

  it('takes resource values through the resolver', () => {
    const res = { id: 1, type: 10002, params: [] };
    const t = box(10, 10, { width: [res] });
    lay(el('Column', [], {}, [t]), phone, { resolve: (v: unknown) => (v === res ? 64 : v) });
    expect(t.layout!.width).toBe(64);
  });
});

describe('Flex', () => {
  it('wraps rows and honours justifyContent/alignItems', () => {
    const kids = [box(150, 20), box(150, 30), box(150, 20)];
    lay(el('Flex', [{ wrap: FlexWrap.Wrap, justifyContent: FlexAlign.Center }], { width: [360] }, kids));
    expect(kids.map(b)).toEqual([[30, 0, 150, 20], [180, 0, 150, 30], [105, 30, 150, 20]]);
  });

  it('column direction with flexGrow and alignSelf', () => {
    const g = el('Column', [], { flexGrow: [1], width: [20] });
    const s = box(20, 20, { alignSelf: [ItemAlign.End] });
    lay(el('Flex', [{ direction: FlexDirection.Column }], { width: [100], height: [200] }, [g, s]));
    expect(b(g)).toEqual([130, 0, 20, 180]);
    expect(b(s)).toEqual([210, 180, 20, 20]);
  });
});

describe('Stack and RelativeContainer', () => {
  it('overlays children centred by default and sizes to the largest child', () => {
    const big = box(200, 100);
    const small = box(50, 20);
    lay(el('Column', [], { width: ['100%'], alignItems: [HorizontalAlign.Start] }, [el('Stack', [], {}, [big, small])]));
    expect(b(big)).toEqual([0, 0, 200, 100]);
    expect(b(small)).toEqual([75, 40, 50, 20]);
  });

  it('aligns by alignContent', () => {
    const s = box(50, 20);
    lay(el('Stack', [{ alignContent: Alignment.BottomEnd }], { width: [200], height: [100] }, [s]));
    expect(b(s)).toEqual([80 + 150, 80, 50, 20]);
  });

  it('places a child with position() from the Stack\'s content box top-left, whatever the alignment; items of a horizontal List are as wide as their content', () => {
    const p = box(10, 10, { position: [{ x: 4, y: 8 }] });
    const q = box(10, 10, { position: [{ x: 4, y: 8 }] });
    const other = box(50, 50);
    lay(el('Column', [], { width: ['100%'] }, [box(100, 30), el('Stack', [], { width: [200], height: [200], padding: [10] }, [other, p]),
      el('Stack', [{ alignContent: Alignment.BottomEnd }], { width: [200], height: [200] }, [q])]));
    expect(b(other)).toEqual([155, 105, 50, 50]);
    expect(b(p)).toEqual([80 + 10 + 4, 30 + 10 + 8, 10, 10]);
    expect(b(q)).toEqual([80 + 4, 230 + 8, 10, 10]);
    // A text wider than its fixed sibling widens the item (MovieCard's cast: a 72-vp photo over a longer name).
    const name = el('Text', ['Decorated Da Bai the Second'], { alignSelf: [ItemAlign.Start] });
    const items = [el('ListItem', [], {}, [el('Column', [], {}, [box(72, 72), name])]), el('ListItem', [], {}, [box(40, 40)])];
    lay(el('List', [{ space: 8 }], { listDirection: [Axis.Horizontal], width: ['100%'], height: [120] }, items));
    expect(name.layout!.width).toBeGreaterThan(72);
    expect(items[0].layout!.width).toBe(name.layout!.width);
    expect(items[1].layout!.x).toBe(items[0].layout!.width + 8);
  });

  it('places RelativeContainer children by alignRules against the container and siblings', () => {
    const a = box(100, 50, { id: ['a'], alignRules: [{ top: { anchor: '__container__', align: VerticalAlign.Top },
      middle: { anchor: '__container__', align: HorizontalAlign.Center } }] });
    const c = box(40, 40, { id: ['c'], alignRules: [{ top: { anchor: 'a', align: VerticalAlign.Bottom },
      left: { anchor: 'a', align: HorizontalAlign.End } }] });
    const d = box(20, 20, { alignRules: [{ bottom: { anchor: '__container__', align: VerticalAlign.Bottom },
      right: { anchor: '__container__', align: HorizontalAlign.End } }] });
    lay(el('RelativeContainer', [], { width: [300], height: [300] }, [c, a, d]));
    expect(b(a)).toEqual([30 + 100, 0, 100, 50]);
    expect(b(c)).toEqual([30 + 200, 50, 40, 40]);
    expect(b(d)).toEqual([30 + 280, 280, 20, 20]);
  });
});

describe('scrolling containers', () => {
  it('List stacks items with space, takes the parent width, scrolls and clips', () => {
    const items = [0, 1, 2].map(() => el('ListItem', [], {}, [box(100, 100)]));
    const list = el('List', [{ space: 10 }], { height: [150] }, items);
    list.scroll = { x: 0, y: 60 };
    const page = lay(el('Column', [], {}, [list]));
    expect(b(list)).toEqual([0, 0, 360, 150]);
    expect(items.map((i) => i.layout!.y)).toEqual([-60, 50, 160]);
    expect(page.root.children[0].clip).toBe(true);
  });

  it('horizontal List lays items in a row', () => {
    const items = [0, 1].map(() => el('ListItem', [], {}, [box(100, 40)]));
    lay(el('List', [], { listDirection: [Axis.Horizontal], height: [40] }, items));
    expect(items.map((i) => i.layout!.x)).toEqual([0, 100]);
  });

  it('Grid splits columns by columnsTemplate with gaps and rows by content', () => {
    const items = [0, 1, 2].map((i) => el('GridItem', [], {}, [box('100%', 40 + i * 10)]));
    lay(el('Grid', [], { columnsTemplate: ['1fr 1fr'], columnsGap: [10], rowsGap: [5], width: [210] }, items));
    expect(items.map(b)).toEqual([[75, 0, 100, 40], [185, 0, 100, 50], [75, 55, 100, 60]]);
  });

  it('WaterFlow puts each item in the shortest column', () => {
    const items = [100, 50, 30].map((h) => el('FlowItem', [], {}, [box('100%', h)]));
    lay(el('WaterFlow', [], { columnsTemplate: ['1fr 1fr'], width: [200] }, items));
    expect(items.map((i) => [i.layout!.x - 80, i.layout!.y])).toEqual([[0, 0], [100, 0], [100, 50]]);
  });

  it('Scroll gives its child unbounded height and offsets it by the scroll position', () => {
    const content = box(300, 2000);
    const scroll = el('Scroll', [], { height: ['100%'] }, [content]);
    scroll.scroll = { x: 0, y: 500 };
    lay(scroll);
    expect(b(content)).toEqual([30, -500, 300, 2000]);
    expect(b(scroll)).toEqual([0, 0, 360, 780]);
  });
});

describe('Tabs, Swiper, Navigation, GridRow', () => {
  it('Tabs shows its tab bar and only the selected content', () => {
    const home = el('TabContent', [], { tabBar: ['Home'] }, [el('Text', ['home'])]);
    const me = el('TabContent', [], { tabBar: ['Me'] }, [el('Text', ['me'])]);
    const page = lay(el('Tabs', [{ barPosition: BarPosition.End, index: 1 }], {}, [home, me]));
    const bar = page.root.children.find((n) => n.type === 'TabBar')!;
    expect(bar.children.map((c) => [c.text, c.x, c.y, c.width, c.height])).toEqual([['Home', 0, 724, 180, 56],
      ['Me', 180, 724, 180, 56]]);
    expect(page.root.children.filter((n) => n.type === 'TabContent')).toHaveLength(1);
    expect(b(me)).toEqual([0, 0, 360, 724]);
    expect(home.layout).toBeUndefined();
    expect(bar.children[0].part).toEqual({ of: page.root.node, index: 0 });
    // Switching tabs: the other content is shown, the previous one loses its bounds.
    const tabs = page.root.node!;
    tabs.args = [{ barPosition: BarPosition.End, index: 0 }];
    lay(tabs);
    expect(b(home)).toEqual([0, 0, 360, 724]);
    expect(me.layout).toBeUndefined();
  });

  it('Swiper shows one page at its index, filling the swiper', () => {
    const pages = [0, 1, 2].map((i) => el('Text', [`p${i}`]));
    const page = lay(el('Swiper', [], { index: [2], height: [200] }, pages));
    expect(page.root.children.filter((n) => n.node).map((n) => n.text)).toEqual(['p2']);
    expect(b(pages[2])).toEqual([0, 0, 360, 200]);
  });

  it('Navigation draws a title bar above its content', () => {
    const t = el('Text', ['body']);
    const page = lay(el('Navigation', [], { title: ['Settings'] }, [t]));
    expect(page.root.children[0]).toMatchObject({ type: 'TitleBar', text: 'Settings', y: 0, height: 56 });
    expect(t.layout!.y).toBe(56);
  });

  it('GridRow picks the span for the width breakpoint', () => {
    const cols = [0, 1].map(() => el('GridCol', [{ span: { xs: 12, sm: 6, md: 4 } }], {}, [box('100%', 20)]));
    lay(el('GridRow', [{ columns: 12, gutter: 0 }], {}, cols), phone);
    expect(cols.map(b)).toEqual([[0, 0, 180, 20], [180, 0, 180, 20]]);
    lay(el('GridRow', [{ columns: 12 }], {}, cols), DEVICE_PROFILES.tablet);
    expect(cols.map((c) => c.layout!.width)).toEqual([800 / 3, 800 / 3].map((v) => Math.round(v * 100) / 100));
  });
});

describe('text and controls', () => {
  it('measures Latin text at 0.5 em, CJK at 1 em, lines at 1.2 × font size (default 16fp)', () => {
    const latin = el('Text', ['Hello']);
    const cjk = el('Text', ['你好'], { fontSize: [20] });
    lay(el('Column', [], {}, [latin, cjk]));
    expect([latin.layout!.width, latin.layout!.height]).toEqual([40, 19.2]);
    expect([cjk.layout!.width, cjk.layout!.height]).toEqual([40, 24]);
  });

  it('wraps at word boundaries within the width and honours maxLines with an ellipsis', () => {
    const t = el('Text', ['aaaa bbbb cccc'], { width: [70] });
    const page = lay(el('Column', [], {}, [t]));
    expect(page.root.children[0].lines).toEqual(['aaaa', 'bbbb', 'cccc']);
    expect(t.layout!.height).toBeCloseTo(57.6);
    const m = el('Text', ['aaaa bbbb cccc'], { width: [70], maxLines: [1],
      textOverflow: [{ overflow: TextOverflow.Ellipsis }] });
    const p2 = lay(el('Column', [], {}, [m]));
    expect(p2.root.children[0].lines).toEqual(['aaaa…']);
  });

  it('joins Span children into the Text', () => {
    const t = el('Text', [], {}, [el('Span', ['Hi ']), el('Span', ['there'])]);
    const page = lay(t);
    expect(page.root.text).toBe('Hi there');
    expect(page.root.children.map((c) => c.text)).toEqual(['Hi ', 'there']);
  });

  it('gives controls their intrinsic sizes', () => {
    const kids = [el('Button', ['OK']), el('TextInput', [{ placeholder: 'Name' }]), el('Toggle', [{ type: 1, isOn: true }]),
      el('Checkbox'), el('Slider', [{ value: 30 }]), el('Progress', [{ value: 50 }]), el('Divider'), el('Image', ['a.png'])];
    const page = lay(el('Column', [], { width: ['100%'] }, kids));
    expect(kids.map((k) => [k.type, k.layout!.width, k.layout!.height])).toEqual([
      ['Button', 48, 40], ['TextInput', 360, 40], ['Toggle', 36, 20], ['Checkbox', 20, 20], ['Slider', 360, 40],
      ['Progress', 360, 4], ['Divider', 360, 1], ['Image', 48, 48]]);
    expect(page.root.children[1]).toMatchObject({ text: 'Name', placeholder: true });
  });

  it('Button with a child is a container sized by the child', () => {
    const inner = box(80, 30);
    const btn = el('Button', [], {}, [inner]);
    lay(el('Column', [], {}, [btn]));
    expect(b(btn)).toEqual([140, 0, 80, 30]);
  });

  it('parses colours of the Color enum (ARGB) into the style', () => {
    const page = lay(el('Column', [], { backgroundColor: [Color.Red], opacity: [0.5] }));
    expect(page.root.style.backgroundColor).toEqual({ r: 255, g: 0, b: 0, a: 1 });
    expect(page.root.style.opacity).toBe(0.5);
  });
});
