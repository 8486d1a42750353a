/**
 * Stack (and Badge, which stacks its mark over its child): children overlaid in the content box, each aligned by
 * alignContent / align(), a child with position() placed from the top-left instead.
 */
import type { UINode } from '../ui-node.js';
import { stackAlignment } from './attributes.js';
import { parseColor } from './color.js';
import { alignmentFactors, defaultStyle, type ContainerLayoutHost, type FlowResult } from './container-host.js';
import type { LayoutNode } from './types.js';

export function arrangeStack(host: ContainerLayoutHost, ui: UINode, kids: UINode[], w: number | undefined, h: number | undefined, final: boolean):
FlowResult {
  const placed = kids.map((k) => host.flow([k], w, h, {}));
  const width = w !== undefined && final ? w : Math.max(0, ...placed.map((p) => p.width));
  const height = h !== undefined && final ? h : Math.max(0, ...placed.map((p) => p.height));
  const align = ui.type === 'Stack' ? stackAlignment(ui, host.r) : host.r.attr(ui, 'align');
  const [fx, fy] = alignmentFactors(align);
  const nodes: LayoutNode[] = [];
  for (const [i, p] of placed.entries()) {
    // A child with position() is placed from the Stack's top-left (its own flow put it there), not aligned.
    const at = host.r.attr(kids[i], 'position');
    const [ax, ay] = at && typeof at === 'object' ? [0, 0] : [fx, fy];
    for (const n of p.nodes) {
      const c = { ...n, x: n.x + (width - p.width) * ax, y: n.y + (height - p.height) * ay };
      nodes.push(c);
      host.moveShift(n, c);
    }
  }
  if (ui.type === 'Badge') nodes.push(...badgeMark(host, ui, width));
  return { nodes, width, height };
}

function badgeMark(host: ContainerLayoutHost, ui: UINode, width: number): LayoutNode[] {
  const value = host.r.str(host.r.option(ui, 'value')) ?? host.r.str(host.r.option(ui, 'count'));
  if (value === undefined || value === '0') return [];
  const size = value.length > 1 ? 8 + value.length * 5 : 16;
  return [{
    type: 'BadgeMark', text: value, lines: [value], lineHeight: 12, x: width - size / 2 - 4, y: -4, width: size, height: 16,
    style: { ...defaultStyle(), backgroundColor: parseColor('#fffa2a2d'), fontColor: parseColor('#ffffffff')!,
      fontSize: 10, borderRadius: 8, textAlign: 'center' },
    visible: true, clip: false, children: [],
  }];
}
