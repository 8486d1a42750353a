/**
 * PNG renderer: rasterises the SVG rendering with resvg (loaded lazily: it is a native module) at the device's
 * density — one PNG pixel per physical pixel — or at an explicit scale. Text uses the system's fonts
 * (resvg's loadSystemFonts; DejaVu Sans where installed).
 */
import type { LaidOutPage } from '../layout/types.js';
import { renderSvg } from './svg.js';

export interface PngOptions {
  /** Pixels per vp; default the device density. */
  scale?: number;
}

export async function renderPng(page: LaidOutPage, opts: PngOptions = {}): Promise<Buffer> {
  const { Resvg } = await import('@resvg/resvg-js');
  const scale = opts.scale ?? page.device.density;
  // The SVG is drawn at 1 px per vp; resvg's zoom scales it to the output size.
  const resvg = new Resvg(renderSvg(page, { scale: 1 }), {
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return resvg.render().asPng();
}
