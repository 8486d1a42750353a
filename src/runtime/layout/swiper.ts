/**
 * Swiper: the selected page filling the swiper (as tall as its tallest page unless sized), and its dot indicator.
 */
import type { UINode } from '../ui-node.js';
import { parseColor } from './color.js';
import { clampIndex, defaultStyle, selectedIndex, type ContainerLayoutHost, type FlowResult } from './container-host.js';
import type { LayoutNode } from './types.js';

export function arrangeSwiper(host: ContainerLayoutHost, ui: UINode, kids: UINode[], w: number | undefined, h: number | undefined, final: boolean):
FlowResult {
  const index = clampIndex(selectedIndex(host, ui), kids.length);
  const page = kids[index];
  if (!page) return { nodes: [], width: w ?? 0, height: h ?? 0 };
  // Measure: the tallest page (a Swiper without a height wraps its pages); place: the selected page filling it.
  const measured = kids.map((k) => host.flow([k], w, undefined, { stretch: true }));
  const height = final && h !== undefined ? h : Math.max(0, ...measured.map((m) => m.height));
  const f = host.flow([page], w, height, { stretch: true, fill: true });
  const width = w ?? f.width;
  const nodes = [...f.nodes];
  if (final && host.r.attr(ui, 'indicator') !== false && kids.length > 1) nodes.push(swiperDots(kids.length, index, width, height));
  return { nodes, width, height };
}

/** ArkUI's default dot indicator: centred at the bottom, the selected dot long and in the accent colour. */
function swiperDots(count: number, index: number, width: number, height: number): LayoutNode {
  const dot = 6;
  const long = 12;
  const gap = 8;
  const total = (count - 1) * (dot + gap) + long;
  const x0 = (width - total) / 2;
  const y = Math.max(0, height - 20);
  const children: LayoutNode[] = [];
  let x = 0; // children are placed relative to the indicator
  for (let i = 0; i < count; i++) {
    const w = i === index ? long : dot;
    children.push({ type: 'IndicatorDot', x, y: 0, width: w, height: dot, visible: true, clip: false, children: [],
      style: { ...defaultStyle(), borderRadius: dot / 2,
        backgroundColor: parseColor(i === index ? '#ff007dff' : '#33182431') } });
    x += w + gap;
  }
  return { type: 'SwiperIndicator', x: x0, y, width: total, height: dot, style: defaultStyle(), visible: true,
    clip: false, children };
}
