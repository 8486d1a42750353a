/**
 * Tabs: the tab bar (labels or `.tabBar` builders, at the start or end, vertical or not) and the selected TabContent.
 */
import { BarPosition } from '../enums.js';
import type { UINode } from '../ui-node.js';
import { parseColor } from './color.js';
import { clampIndex, defaultStyle, selectedIndex, type ContainerLayoutHost, type FlowResult } from './container-host.js';
import type { LayoutNode } from './types.js';
import { toVp } from './units.js';

export function arrangeTabs(host: ContainerLayoutHost, ui: UINode, kids: UINode[], w: number | undefined, h: number | undefined): FlowResult {
  const W = w ?? host.device.width;
  const H = h ?? host.device.height;
  const vertical = host.r.attr(ui, 'vertical') === true;
  const barAtEnd = host.r.option(ui, 'barPosition') === BarPosition.End;
  const barSize = toVp(host.r.attr(ui, vertical ? 'barWidth' : 'barHeight'), host.ctx) ?? (vertical ? 96 : 56);
  const contents = kids.filter((k) => k.type === 'TabContent');
  const index = clampIndex(selectedIndex(host, ui), contents.length);
  const bar: LayoutNode = {
    type: 'TabBar', x: vertical && barAtEnd ? W - barSize : 0, y: !vertical && barAtEnd ? H - barSize : 0,
    width: vertical ? barSize : W, height: vertical ? H : barSize, style: defaultStyle(), visible: true, clip: true,
    children: [],
  };
  contents.forEach((c, i) => {
    const n = contents.length || 1;
    const item: LayoutNode = {
      type: 'TabBarItem', part: { of: ui, index: i }, x: vertical ? 0 : (W / n) * i, y: vertical ? (H / n) * i : 0,
      width: vertical ? barSize : W / n, height: vertical ? H / n : barSize, style: defaultStyle(), visible: true,
      clip: false, children: [],
    };
    const custom = c.tabBarNode?.children ?? [];
    if (custom.length > 0) {
      // `.tabBar(builder)`: the builder's components, centred in the item.
      const f = host.flow(custom, item.width, undefined, { direction: 'column' }, 'center');
      const dy = Math.max(0, (item.height - f.height) / 2);
      for (const k of f.nodes) {
        const moved = { ...k, y: k.y + dy };
        host.moveShift(k, moved);
        item.children.push(moved);
      }
    } else {
      const label = tabLabel(host, c, i);
      Object.assign(item, { text: label, lines: [label], lineHeight: 19.2, style: { ...defaultStyle(), textAlign: 'center' as const,
        fontColor: parseColor(i === index ? '#ff007dff' : '#99182431')!, fontWeight: i === index ? 'bold' as const : 'normal' as const } });
    }
    bar.children.push(item);
  });
  const cw = vertical ? W - barSize : W;
  const ch = vertical ? H : H - barSize;
  const nodes: LayoutNode[] = [bar];
  const selected = contents[index];
  if (selected) {
    const f = host.flow([selected], cw, ch, {});
    const ox = vertical && !barAtEnd ? barSize : 0;
    const oy = !vertical && !barAtEnd ? barSize : 0;
    for (const n of f.nodes) {
      const c = { ...n, x: n.x + ox, y: n.y + oy };
      host.moveShift(n, c);
      nodes.push(c);
    }
  }
  return { nodes, width: W, height: H };
}

function tabLabel(host: ContainerLayoutHost, tab: UINode, i: number): string {
  const v = host.r.attr(tab, 'tabBar');
  const s = host.r.str(v);
  if (s !== undefined) return s;
  if (v && typeof v === 'object') {
    const t = host.r.str(host.r.resolve((v as Record<string, unknown>).text));
    if (t !== undefined) return t;
  }
  return `Tab ${i + 1}`;
}
