// Property test: any tree of common components lays out to finite, non-negative bounds, and every renderer accepts it.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEVICE_PROFILES, DEVICE_TYPES } from '../../../src/runtime/device-profile.js';
import { layoutPage, loadLayoutEngine, type LayoutEngine } from '../../../src/runtime/layout/layout.js';
import type { LayoutNode } from '../../../src/runtime/layout/types.js';
import { renderCells } from '../../../src/runtime/render/cells.js';
import { renderJson } from '../../../src/runtime/render/json.js';
import { renderSvg } from '../../../src/runtime/render/svg.js';
import type { UINode } from '../../../src/runtime/ui-node.js';
import { el } from '../../helpers/ui.js';

let engine: LayoutEngine;
beforeAll(async () => {
  engine = await loadLayoutEngine();
});

const length = fc.oneof(fc.integer({ min: 0, max: 400 }), fc.constantFrom('50%', '100%', 'auto', '20px', '100lpx', '12fp'));
const attrs = fc.record({
  width: fc.tuple(length), height: fc.tuple(length), padding: fc.tuple(fc.integer({ min: 0, max: 30 })),
  margin: fc.tuple(fc.integer({ min: 0, max: 30 })), layoutWeight: fc.tuple(fc.integer({ min: 0, max: 3 })),
  visibility: fc.tuple(fc.constantFrom(0, 1, 2)), backgroundColor: fc.tuple(fc.constantFrom('#ffff0000', 'blue', 0x00ff00)),
}, { requiredKeys: [] });
const leaf = fc.oneof(
  fc.tuple(fc.string({ maxLength: 30 }), attrs).map(([t, a]) => el('Text', [t], a)),
  attrs.map((a) => el('Button', ['OK'], a)),
  attrs.map((a) => el('Image', ['x.png'], a)),
  attrs.map((a) => el('Toggle', [{ type: 1, isOn: true }], a)),
  attrs.map((a) => el('Divider', [], a)),
);
const tree: fc.Arbitrary<UINode> = fc.letrec<{ node: UINode }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.tuple(fc.constantFrom('Column', 'Row', 'Stack', 'Flex', 'List', 'Scroll', 'Grid', 'RelativeContainer', 'Swiper'),
      attrs, fc.array(tie('node'), { maxLength: 4 }))
      .map(([type, a, kids]) => el(type, type === 'Column' || type === 'Row' ? [{ space: 4 }] : [], a,
        type === 'List' ? kids.map((k) => el('ListItem', [], {}, [k])) : kids)),
  ),
})).node;

function check(n: LayoutNode): void {
  for (const v of [n.x, n.y, n.width, n.height]) expect(Number.isFinite(v)).toBe(true);
  expect(n.width).toBeGreaterThanOrEqual(0);
  expect(n.height).toBeGreaterThanOrEqual(0);
  n.children.forEach(check);
}

describe('layout of arbitrary trees', () => {
  it('gives finite bounds and renders everywhere', () => {
    fc.assert(fc.property(tree, fc.constantFrom(...DEVICE_TYPES), (root, type) => {
      const page = layoutPage(engine, root, DEVICE_PROFILES[type]);
      check(page.root);
      expect(JSON.parse(renderJson(page)).device.type).toBe(type);
      expect(renderSvg(page)).not.toMatch(/NaN|Infinity/);
      expect(renderCells(page, { cols: 30, rows: 20 })).toHaveLength(20);
    }), { numRuns: 60, seed: 4242 });
  });
});
