import { beforeAll, describe, expect, it } from 'vitest';
import { HmosError } from '../../src/errors.js';
import { DEVICE_PROFILES } from '../../src/runtime/device-profile.js';
import { layoutPage, loadLayoutEngine, type LayoutEngine } from '../../src/runtime/layout/layout.js';
import {
  findAll, focusableNodes, nodeAt, parseSelector, select, selectOrThrow, visibleTexts,
} from '../../src/runtime/selector.js';
import type { UINode } from '../../src/runtime/ui-node.js';
import { box, el } from '../helpers/ui.js';

let engine: LayoutEngine;
beforeAll(async () => {
  engine = await loadLayoutEngine();
});
const lay = (root: UINode) => layoutPage(engine, root, DEVICE_PROFILES.phone);

function page() {
  const list = el('List', [], { height: [80] }, [0, 1, 2, 3].map((i) =>
    el('ListItem', [], {}, [el('Text', [`row ${i}`], { height: [40] })])));
  list.scroll = { x: 0, y: 40 };
  return lay(el('Column', [], { width: ['100%'] }, [
    el('Text', ['Title'], { id: ['title'] }),
    el('Button', ['OK'], { key: ['ok1'] }),
    el('Stack', [], {}, [box(200, 100, { id: ['under'] }), el('Button', ['OK'], { id: ['ok2'] })]),
    el('Column', [], { onClick: [() => undefined], width: [50], height: [20], id: ['clickable'] }),
    list,
    el('Text', ['secret'], { visibility: [1] }),
  ]));
}

describe('selectors', () => {
  it('parses text=, id=, type= with an optional 1-based #n', () => {
    expect(parseSelector('text=OK')).toEqual({ kind: 'text', value: 'OK' });
    expect(parseSelector('id=ok2')).toEqual({ kind: 'id', value: 'ok2' });
    expect(parseSelector('type=Button#2')).toEqual({ kind: 'type', value: 'Button', nth: 2 });
    expect(parseSelector('text=a=b')).toEqual({ kind: 'text', value: 'a=b' });
    expect(() => parseSelector('button')).toThrow(HmosError);
    expect(() => parseSelector('text=OK#0')).toThrow(/count from #1/);
  });

  it('finds by exact text, id/key and type in reading order', () => {
    const p = page();
    expect(findAll(p, 'text=OK').map((n) => n.id)).toEqual(['ok1', 'ok2']);
    expect(select(p, 'text=OK#2')).toMatchObject({ ok: true, node: { id: 'ok2' }, matches: 2 });
    expect(select(p, 'id=ok1')).toMatchObject({ ok: true, node: { type: 'Button', text: 'OK' } });
    expect(findAll(p, 'type=Button')).toHaveLength(2);
    expect(findAll(p, 'text=Titl')).toHaveLength(0);
  });

  it('does not match hidden or scrolled-away nodes and lists the visible texts on a miss', () => {
    const p = page();
    expect(findAll(p, 'text=secret')).toHaveLength(0);
    expect(findAll(p, 'text=row 0')).toHaveLength(0); // scrolled above the list's viewport
    expect(findAll(p, 'text=row 3')).toHaveLength(0); // below it
    const miss = select(p, 'text=Nope');
    expect(miss).toEqual({ ok: false, matches: 0, visibleTexts: ['Title', 'OK', 'row 1', 'row 2'] });
    expect(visibleTexts(p)).toContain('row 1');
    try {
      selectOrThrow(p, 'text=OK#3');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(HmosError);
      expect((e as HmosError).code).toBe('NO_MATCH');
      expect((e as HmosError).message).toContain('only 2 matches');
      expect((e as HmosError).details).toContain('"Title"');
    }
  });
});

describe('hit testing and focus', () => {
  it('nodeAt returns the topmost node: children over parents, later siblings over earlier', () => {
    const p = page();
    const ok2 = findAll(p, 'id=ok2')[0];
    const hit = nodeAt(p, ok2.x + 2, ok2.y + 2);
    expect(hit?.id).toBe('ok2');
    const under = findAll(p, 'id=under')[0];
    expect(nodeAt(p, under.x + 1, under.y + 1)?.id).toBe('under');
    expect(nodeAt(p, 1000, 1000)).toBeUndefined();
  });

  it('does not hit content scrolled out of a clipping container', () => {
    const p = page();
    const list = findAll(p, 'type=List')[0];
    // Just above the list: row 0 lies there after scrolling, but it is clipped away.
    const hit = nodeAt(p, list.x + 5, list.y - 5);
    expect(hit?.text).not.toBe('row 0');
  });

  it('focusableNodes lists controls and clickable nodes in reading order', () => {
    expect(focusableNodes(page()).map((n) => n.id)).toEqual(['ok1', 'ok2', 'clickable']);
  });
});
