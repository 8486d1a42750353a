/**
 * Navigation / NavDestination: the title bar over the content; a pushed destination covers the bar page.
 */
import type { UINode } from '../ui-node.js';
import { routedDestinations } from './choice-containers.js';
import { defaultStyle, type ContainerLayoutHost, type FlowResult } from './container-host.js';
import type { LayoutNode } from './types.js';

export function arrangeNavigation(host: ContainerLayoutHost, ui: UINode, kids: UINode[], w: number | undefined, h: number | undefined): FlowResult {
  const W = w ?? host.device.width;
  const H = h ?? host.device.height;
  const dests = [...kids.filter((k) => k.type === 'NavDestination'), ...(ui.type === 'Navigation' ? routedDestinations(ui) : [])];
  // A pushed destination covers the navigation bar page. During a transition (framework/navigation-transition.ts)
  // the side on its way out is drawn too: a leaving destination, or the bar's content when it is the one leaving.
  const live = dests.filter((d) => !d.exiting);
  const shown = dests.filter((d) => d.exiting || d === live[live.length - 1]);
  const barLeaving = kids.some((k) => k.type !== 'NavDestination' && k.exiting);
  if (ui.type === 'Navigation' && live.length > 0 && !barLeaving) return stackDestinations(host, shown, W, H, []);
  if (ui.type === 'Navigation' && shown.length > 0) {
    return stackDestinations(host, shown, W, H, arrangeNavigation(host, ui, kids.filter((k) => k.type !== 'NavDestination'), W, H).nodes);
  }
  const hide = host.r.attr(ui, 'hideTitleBar') === true;
  const titleValue = host.r.attr(ui, 'title');
  const title = host.r.str(titleValue) ??
    (titleValue && typeof titleValue === 'object' ? host.r.str(host.r.resolve((titleValue as Record<string, unknown>).main)) : undefined);
  const barH = hide ? 0 : 56;
  const nodes: LayoutNode[] = [];
  if (!hide) {
    const text = title ?? '';
    nodes.push({
      type: 'TitleBar', text, lines: [text], lineHeight: 24, inset: { left: 16, top: 0, right: 16, bottom: 0 }, x: 0, y: 0, width: W, height: barH,
      style: { ...defaultStyle(), fontSize: 20, fontWeight: 'bold' }, visible: true, clip: true, children: [],
    });
  }
  const content = kids.filter((k) => k.type !== 'NavDestination');
  const f = host.flow(content, W, Math.max(0, H - barH), { direction: 'column' });
  for (const n of f.nodes) {
    const c = { ...n, y: n.y + barH };
    host.moveShift(n, c);
    nodes.push(c);
  }
  return { nodes, width: W, height: H };
}

/** Destinations stacked over `under` (the navigation bar), each filling the Navigation. */
function stackDestinations(host: ContainerLayoutHost, dests: UINode[], W: number, H: number, under: LayoutNode[]): FlowResult {
  const nodes = [...under];
  for (const d of dests) nodes.push(...host.flow([d], W, H, { stretch: true, fill: true }).nodes);
  return { nodes, width: W, height: H };
}
