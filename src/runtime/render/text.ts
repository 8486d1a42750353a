/** Text renderer: an indented outline of the laid-out tree — type, id, shown text, bounds [x, y, w, h] in vp. */
import type { LaidOutPage, LayoutNode } from '../layout/types.js';

const f = (v: number) => String(Math.round(v * 100) / 100);

export function renderText(page: LaidOutPage): string {
  const lines = [`${page.page} on ${page.device.type} (${page.device.width}×${page.device.height} vp)`];
  const walk = (n: LayoutNode, depth: number) => {
    const parts = ['  '.repeat(depth + 1) + n.type];
    if (n.id !== undefined) parts.push(`#${n.id}`);
    if (n.text !== undefined) parts.push(JSON.stringify(n.text));
    parts.push(`[${f(n.x)}, ${f(n.y)}, ${f(n.width)}, ${f(n.height)}]`);
    if (!n.visible) parts.push('(hidden)');
    lines.push(parts.join(' '));
    for (const c of n.children) walk(c, depth + 1);
  };
  walk(page.root, 0);
  return lines.join('\n') + '\n';
}
