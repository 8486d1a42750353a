/**
 * PNG renderer: rasterises the SVG rendering with resvg (loaded lazily: it is a native module) at the device's
 * density — one PNG pixel per physical pixel — or at an explicit scale. Text uses the system's fonts
 * (resvg's loadSystemFonts; DejaVu Sans where installed).
 *
 * Every PNG carries its render key (a `tEXt` chunk): a hash of the SVG, the scale, the resvg version and the system
 * fonts resvg would load. The same key is the same picture, so a golden check can tell "same pixels" without
 * rasterising (rasterising is most of a golden check's time).
 */
import { createHash } from 'node:crypto';
import { readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { join } from 'node:path';
import type { LaidOutPage } from '../layout/types.js';
import { renderSvg } from './svg.js';
import { crc32 } from '../../hap/zip-writer.js';

export interface PngOptions {
  /** Pixels per vp; default the device density. */
  scale?: number;
}

const KEY_CHUNK = 'hmos-render-key';

export async function renderPng(page: LaidOutPage, opts: PngOptions = {}): Promise<Buffer> {
  const { Resvg } = await import('@resvg/resvg-js');
  const scale = opts.scale ?? page.device.density;
  // The SVG is drawn at 1 px per vp; resvg's zoom scales it to the output size.
  const svg = renderSvg(page, { scale: 1 });
  const resvg = new Resvg(svg, {
    fitTo: { mode: 'zoom', value: scale },
    font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans', sansSerifFamily: 'DejaVu Sans' },
  });
  return withTextChunk(resvg.render().asPng(), KEY_CHUNK, keyOf(svg, scale));
}

/** The render key renderPng would write into the page's PNG, without rasterising. */
export function pngRenderKey(page: LaidOutPage, opts: PngOptions = {}): string {
  return keyOf(renderSvg(page, { scale: 1 }), opts.scale ?? page.device.density);
}

/** The render key a PNG carries, if renderPng wrote it. */
export function renderKeyOf(png: Buffer): string | undefined {
  return readTextChunk(png, KEY_CHUNK);
}

function keyOf(svg: string, scale: number): string {
  return createHash('sha256').update(`${rendererId()}\n${scale}\n`).update(svg).digest('hex');
}

let renderer: string | undefined;
/** resvg's version and the font files its loadSystemFonts finds (fontdb's Linux/macOS folders), with sizes and times. */
function rendererId(): string {
  if (renderer !== undefined) return renderer;
  const version = (createRequire(import.meta.url)('@resvg/resvg-js/package.json') as { version: string }).version;
  const fonts: string[] = [];
  const visit = (dir: string, depth: number) => {
    let names: string[];
    try { names = readdirSync(dir).sort(); } catch { return; }
    for (const n of names) {
      const p = join(dir, n);
      try {
        const st = statSync(p);
        if (st.isDirectory()) { if (depth < 6) visit(p, depth + 1); } else if (/\.(ttf|otf|ttc|otc)$/i.test(n)) fonts.push(`${p}:${st.size}:${st.mtimeMs}`);
      } catch { /* unreadable */ }
    }
  };
  for (const d of ['/usr/share/fonts', '/usr/local/share/fonts', join(homedir(), '.fonts'), join(homedir(), '.local/share/fonts'), '/Library/Fonts', '/System/Library/Fonts']) visit(d, 0);
  renderer = `resvg ${version}\n${fonts.join('\n')}`;
  return renderer;
}

const SIGNATURE_BYTES = 8;

/** The PNG with a `tEXt` chunk (keyword, NUL, Latin-1 text) inserted after IHDR. */
function withTextChunk(png: Buffer, keyword: string, text: string): Buffer {
  const ihdrEnd = SIGNATURE_BYTES + 12 + png.readUInt32BE(SIGNATURE_BYTES);
  const data = Buffer.from(`${keyword}\0${text}`, 'latin1');
  const chunk = Buffer.alloc(12 + data.length);
  chunk.writeUInt32BE(data.length, 0);
  chunk.write('tEXt', 4, 'latin1');
  data.copy(chunk, 8);
  chunk.writeUInt32BE(crc32(chunk.subarray(4, 8 + data.length)), 8 + data.length);
  return Buffer.concat([png.subarray(0, ihdrEnd), chunk, png.subarray(ihdrEnd)]);
}

/** A `tEXt` chunk's text by keyword, read before the image data (where renderPng puts it); CRC checked. */
function readTextChunk(png: Buffer, keyword: string): string | undefined {
  let at = SIGNATURE_BYTES;
  while (at + 12 <= png.length) {
    const len = png.readUInt32BE(at);
    const type = png.toString('latin1', at + 4, at + 8);
    if (at + 12 + len > png.length || type === 'IDAT' || type === 'IEND') return undefined;
    if (type === 'tEXt') {
      const data = png.subarray(at + 8, at + 8 + len);
      const nul = data.indexOf(0);
      if (nul >= 0 && data.toString('latin1', 0, nul) === keyword && crc32(png.subarray(at + 4, at + 8 + len)) === png.readUInt32BE(at + 8 + len)) {
        return data.toString('latin1', nul + 1);
      }
    }
    at += 12 + len;
  }
  return undefined;
}
