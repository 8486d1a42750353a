/**
 * `$attrs` of Stepper, StepperItem, Panel, NavRouter, GridContainer and ScrollBar, formatted as their ToJsonValue in
 * arkui_ace_engine writes them (see inspector-attrs.ts for the conventions; docs/inspector.md for the sources):
 * Stepper `index` as a string; StepperItem `prevLabel` / `nextLabel` / `status` (`ItemState.Normal`); Panel `type`,
 * `mode`, `dragBar` / `show` / `showCloseIcon` as "true"/"false" and its heights as lengths; ScrollBar `direction`
 * (`ScrollBarDirection.Vertical`) and `state` (`BarState.Auto`); GridContainer's `columns`, `sizeType`, `gutter`,
 * `margin`; RichText `content` (its HTML); ImageAnimator `state` (`AnimationStatus.Initial`), `fillMode`, `reverse`,
 * `fixedSize`, `iterations`, `duration`, `preDecode`, `monitorInvisibleArea`. NavRouter has no `mode` in its JSON (the platform's suites check that it is undefined).
 */
import type { UINode } from './ui-node.js';
import type { AttributeReader } from './layout/attributes.js';
import { itemState, panelShown, panelState, stepperIndex } from './layout/choice-containers.js';
import { formatLength } from './inspector-attrs.js';

type Attrs = Record<string, unknown>;
const flag = (v: unknown, dflt: boolean) => String(typeof v === 'boolean' ? v : dflt);
const named = (enumName: string, names: string[], v: unknown, dflt: string) =>
  `${enumName}.${typeof v === 'number' ? names[v] ?? dflt : typeof v === 'string' && names.includes(v) ? v : dflt}`;

export const CHOICE_CONTAINER_ATTRS: Record<string, (node: UINode, r: AttributeReader, out: Attrs) => void> = {
  Stepper(node, _r, out) {
    out.index = String(stepperIndex(node));
  },
  StepperItem(node, r, out) {
    out.prevLabel = r.str(r.attr(node, 'prevLabel')) ?? '';
    out.nextLabel = r.str(r.attr(node, 'nextLabel')) ?? '';
    out.status = `ItemState.${itemState(node)}`;
  },
  Panel(node, r, out) {
    const { type, mode } = panelState(node);
    out.type = `PanelType.${type}`;
    out.mode = `PanelMode.${mode}`;
    out.dragBar = flag(r.attr(node, 'dragBar'), true);
    out.show = String(panelShown(node));
    out.showCloseIcon = flag(r.attr(node, 'showCloseIcon'), false);
    for (const k of ['fullHeight', 'halfHeight', 'miniHeight']) { const v = formatLength(r.attr(node, k)); if (v) out[k] = v; }
  },
  ScrollBar(node, r, out) {
    const o = node.args[0] as { direction?: unknown; state?: unknown } | undefined;
    out.direction = named('ScrollBarDirection', ['Vertical', 'Horizontal'], o?.direction, 'Vertical');
    out.state = named('BarState', ['Off', 'Auto', 'On'], o?.state, 'Auto');
  },
  RichText(node, r, out) {
    out.content = r.str(r.arg(node)) ?? '';
  },
  ImageAnimator(node, r, out) {
    const a = (k: string) => r.attr(node, k);
    out.state = named('AnimationStatus', ['Initial', 'Running', 'Paused', 'Stopped'], a('state'), 'Initial');
    out.fillMode = named('FillMode', ['None', 'Forwards', 'Backwards', 'Both'], a('fillMode'), 'Forwards');
    out.reverse = flag(a('reverse'), false);
    out.fixedSize = flag(a('fixedSize'), true);
    out.iterations = String(typeof a('iterations') === 'number' ? a('iterations') : 1);
    out.duration = String(typeof a('duration') === 'number' ? a('duration') : 1000);
    out.preDecode = String(typeof a('preDecode') === 'number' ? a('preDecode') : 0);
    out.monitorInvisibleArea = flag(a('monitorInvisibleArea'), false);
  },
  GridContainer(node, _r, out) {
    const o = (node.args[0] ?? {}) as { columns?: unknown; sizeType?: unknown; gutter?: unknown; margin?: unknown };
    out.columns = typeof o.columns === 'number' ? String(o.columns) : 'auto';
    out.sizeType = named('SizeType', ['Auto', 'XS', 'SM', 'MD', 'LG'], o.sizeType, 'Auto');
    out.gutter = formatLength(o.gutter) ?? '0.00vp';
    out.margin = formatLength(o.margin) ?? '0.00vp';
  },
};
