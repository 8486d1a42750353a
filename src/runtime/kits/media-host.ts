/**
 * The host side of the media kits (`k.media.<op>`): images decoded with pngjs / jpeg-js into PixelMaps kept here by
 * handle (pixels never cross whole unless the app reads them), the device's photo folder behind photoAccessHelper and
 * the pickers, and image packing (PixelMap → PNG/JPEG). Limits: an image is at most 16 MP and 64 MB of input, or the
 * platform's 62980096 ("operation failed") — the same budget screenshots use.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { KitFamily, KitHostContext } from './host.js';
import { KitError } from './kit-error.js';
import { permissionState } from './device-host.js';

export const MAX_PIXELS = 16 * 1024 * 1024;
const MAX_INPUT = 64 * 1024 * 1024;
interface Pixels { width: number; height: number; data: Buffer; alpha: boolean; mime: string }
const req = createRequire(import.meta.url);
type PngLib = { PNG: { sync: { read(b: Buffer): { width: number; height: number; data: Buffer }; write(p: { width: number; height: number; data: Buffer }): Buffer }; new (o: { width: number; height: number }): { data: Buffer; width: number; height: number } } };
type JpegLib = { decode(b: Buffer, o: object): { width: number; height: number; data: Buffer }; encode(i: { width: number; height: number; data: Buffer }, q: number): { data: Buffer } };

/** Width and height from a PNG or JPEG header, without decoding (to refuse huge images before they use memory). */
export function imageHeader(b: Buffer): { mime: string; width: number; height: number } {
  if (b.length > 24 && b.readUInt32BE(0) === 0x89504e47) return { mime: 'image/png', width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  if (b.length > 4 && b[0] === 0xff && b[1] === 0xd8) {
    for (let i = 2; i + 9 < b.length;) {
      if (b[i] !== 0xff) { i++; continue; }
      const marker = b[i + 1];
      const len = b.readUInt16BE(i + 2);
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) return { mime: 'image/jpeg', width: b.readUInt16BE(i + 7), height: b.readUInt16BE(i + 5) };
      i += 2 + len;
    }
    throw new KitError(62980111, 'The image source data is incomplete: no JPEG frame header.');
  }
  if (b.length > 10 && b.toString('latin1', 0, 3) === 'GIF') return { mime: 'image/gif', width: b.readUInt16LE(6), height: b.readUInt16LE(8) };
  throw new KitError(62980103, 'The image data is not supported: PNG and JPEG are decoded on an emulated device.');
}

function decode(b: Buffer): Pixels {
  if (b.length > MAX_INPUT) throw new KitError(62980096, `The operation failed: the image is over ${MAX_INPUT / 1024 / 1024} MB.`);
  const h = imageHeader(b);
  if (h.width <= 0 || h.height <= 0) throw new KitError(62980111, 'The image source data is incomplete.');
  if (h.width * h.height > MAX_PIXELS) throw new KitError(62980096, `The operation failed: ${h.width}x${h.height} is over the ${MAX_PIXELS / 1024 / 1024} MP an emulated device decodes.`);
  try {
    if (h.mime === 'image/png') { const p = (req('pngjs') as PngLib).PNG.sync.read(b); return { width: p.width, height: p.height, data: p.data, alpha: true, mime: h.mime }; }
    if (h.mime === 'image/jpeg') { const j = (req('jpeg-js') as JpegLib).decode(b, { useTArray: false, formatAsRGBA: true, maxMemoryUsageInMB: 256, maxResolutionInMP: 16 }); return { width: j.width, height: j.height, data: Buffer.from(j.data), alpha: false, mime: h.mime }; }
  } catch (e) { throw e instanceof KitError ? e : new KitError(62980111, `The image source data is incomplete or corrupt (${(e as Error).message}).`); }
  throw new KitError(62980103, 'The image data is not supported: PNG and JPEG are decoded on an emulated device.');
}

export function createMediaHost(ctx: KitHostContext): KitFamily {
  const maps = new Map<number, Pixels>();
  const sources = new Map<number, Buffer>();
  let next = 1;
  const map = (id: unknown) => { const m = maps.get(Number(id)); if (!m) throw new KitError(62980096, 'The operation failed: the PixelMap was released.'); return m; };
  const photos = () => ctx.device.photos();
  const photoUri = (f: string, i: number) => `file://media/Photo/${i + 1}/${path.parse(f).name}/${f}`;
  /** A media URI of the device's photo folder → its file (only names the folder lists; never a path from the app). */
  const photoFile = (uri: string): string => {
    const m = /^file:\/\/media\/Photo\/(\d+)\//.exec(uri);
    const list = photos();
    const f = m ? list[Number(m[1]) - 1] : undefined;
    if (!f || !uri.endsWith('/' + f)) throw new KitError(13900002, `No such file: ${uri}`);
    return path.join(ctx.device.photosDir, f);
  };
  const sourceBytes = (d: { b64?: unknown; path?: unknown; uri?: unknown }): Buffer => {
    if (typeof d.b64 === 'string') return Buffer.from(d.b64, 'base64');
    const p = typeof d.uri === 'string' && d.uri.startsWith('file://media/') ? photoFile(d.uri) : ctx.fs.resolve(typeof d.uri === 'string' ? d.uri.replace(/^file:\/\/[^/]*/, '') : d.path);
    const st = fs.statSync(p, { throwIfNoEntry: false });
    if (!st?.isFile()) throw new KitError(62980096, 'The operation failed: no such image file.');
    if (st.size > MAX_INPUT) throw new KitError(62980096, `The operation failed: the image is over ${MAX_INPUT / 1024 / 1024} MB.`);
    return fs.readFileSync(p);
  };
  return {
    handle(op, d) {
      switch (op) {
        case 'source': {
          const b = sourceBytes(d);
          const h = imageHeader(b);
          const id = next++; sources.set(id, b);
          return { id, width: h.width, height: h.height, mime: h.mime };
        }
        case 'sourceRelease': sources.delete(Number(d.id)); return null;
        case 'decode': {
          const b = sources.get(Number(d.id));
          if (!b) throw new KitError(62980096, 'The operation failed: the ImageSource was released.');
          let px = decode(b);
          if (d.width && d.height) px = scale(px, Number(d.width), Number(d.height));
          const id = next++; maps.set(id, px);
          return { id, width: px.width, height: px.height, mime: px.mime };
        }
        case 'create': {
          const w = Number(d.width); const hgt = Number(d.height);
          if (!Number.isInteger(w) || !Number.isInteger(hgt) || w <= 0 || hgt <= 0) throw new KitError(62980115, 'Invalid image parameter: size must be positive integers.');
          if (w * hgt > MAX_PIXELS) throw new KitError(62980096, `The operation failed: ${w}x${hgt} is over the ${MAX_PIXELS / 1024 / 1024} MP limit.`);
          const data = Buffer.alloc(w * hgt * 4);
          if (typeof d.b64 === 'string') Buffer.from(d.b64, 'base64').copy(data, 0, 0, data.length);
          const id = next++; maps.set(id, { width: w, height: hgt, data, alpha: true, mime: 'image/png' });
          return { id, width: w, height: hgt };
        }
        case 'read': { const m = map(d.id); return m.data.toString('base64'); }
        case 'write': { const m = map(d.id); Buffer.from(String(d.b64), 'base64').copy(m.data, 0, 0, m.data.length); return null; }
        case 'scale': { const m = map(d.id); const s = scale(m, Math.max(1, Math.round(m.width * Number(d.x))), Math.max(1, Math.round(m.height * Number(d.y)))); maps.set(Number(d.id), s); return { width: s.width, height: s.height }; }
        case 'crop': {
          const m = map(d.id); const x = Number(d.x) | 0; const y = Number(d.y) | 0; const w = Number(d.width) | 0; const h = Number(d.height) | 0;
          if (x < 0 || y < 0 || w <= 0 || h <= 0 || x + w > m.width || y + h > m.height) throw new KitError(62980115, 'Invalid image parameter: the crop region is outside the image.');
          const out = Buffer.alloc(w * h * 4);
          for (let r = 0; r < h; r++) m.data.copy(out, r * w * 4, ((y + r) * m.width + x) * 4, ((y + r) * m.width + x + w) * 4);
          maps.set(Number(d.id), { ...m, width: w, height: h, data: out });
          return { width: w, height: h };
        }
        case 'pack': {
          const m = map(d.id);
          const fmt = String(d.format ?? 'image/jpeg');
          if (fmt === 'image/png') return (req('pngjs') as PngLib).PNG.sync.write({ width: m.width, height: m.height, data: m.data }).toString('base64');
          if (fmt === 'image/jpeg' || fmt === 'image/webp') return (req('jpeg-js') as JpegLib).encode({ width: m.width, height: m.height, data: m.data }, Math.max(1, Math.min(100, Number(d.quality) || 80))).data.toString('base64');
          throw new KitError(62980115, `Invalid image parameter: the format ${fmt} (image/png, image/jpeg).`);
        }
        case 'release': maps.delete(Number(d.id)); return null;
        // ---- the device's photo folder ----
        case 'photos': {
          if (d.needPermission && permissionState(ctx, 'ohos.permission.READ_IMAGEVIDEO') !== 0) throw new KitError(201, 'Permission denied: ohos.permission.READ_IMAGEVIDEO (declare it and have the user grant it, or use PhotoViewPicker)');
          return photos().map((f, i) => {
            const st = fs.statSync(path.join(ctx.device.photosDir, f));
            return { uri: photoUri(f, i), displayName: f, size: st.size, dateAdded: Math.floor(st.mtimeMs / 1000), photoType: /\.(mp4|mov)$/i.test(f) ? 2 : 1 };
          });
        }
        case 'pick': {
          const max = Math.max(1, Math.min(500, Number(d.max) || 50));
          const video = d.type === 'video'; const image = d.type === 'image';
          const list = photos().map((f, i) => ({ f, uri: photoUri(f, i) })).filter(({ f }) => (video ? /\.(mp4|mov)$/i.test(f) : image ? !/\.(mp4|mov)$/i.test(f) : true));
          const uris = list.slice(0, max).map((x) => x.uri);
          ctx.log('I', 'PhotoPicker', uris.length ? `picked ${uris.length} of ${list.length}` : 'nothing to pick: the device photo folder is empty (cancelled)');
          return uris;
        }
        case 'savePhoto': {
          fs.mkdirSync(ctx.device.photosDir, { recursive: true });
          const ext = String(d.ext ?? 'jpg').replace(/[^a-z0-9]/gi, '').slice(0, 5) || 'jpg';
          const name = `${String(d.title ?? 'IMG').replace(/[^\w.-]/g, '_').slice(0, 64) || 'IMG'}_${Date.now()}.${ext}`;
          const b = sourceBytes(d);
          if (b.length > MAX_INPUT) throw new KitError(14000011, 'System inner fail: the file is too large.');
          fs.writeFileSync(path.join(ctx.device.photosDir, name), b);
          const i = photos().indexOf(name);
          return photoUri(name, i);
        }
        default: throw new KitError(801, `unknown request media.${op}`);
      }
    },
    close() { maps.clear(); sources.clear(); },
    picture(id: number) {
      const m = maps.get(id);
      return m ? new Uint8Array((req('pngjs') as PngLib).PNG.sync.write({ width: m.width, height: m.height, data: m.data })) : undefined;
    },
  };
}

/** Nearest-neighbour scaling (what a preview needs; the platform's filters are not emulated). */
function scale(p: Pixels, w: number, h: number): Pixels {
  if (w * h > MAX_PIXELS) throw new KitError(62980096, `The operation failed: ${w}x${h} is over the ${MAX_PIXELS / 1024 / 1024} MP limit.`);
  const out = Buffer.alloc(w * h * 4);
  for (let y = 0; y < h; y++) {
    const sy = Math.min(p.height - 1, Math.floor((y * p.height) / h));
    for (let x = 0; x < w; x++) {
      const sx = Math.min(p.width - 1, Math.floor((x * p.width) / w));
      p.data.copy(out, (y * w + x) * 4, (sy * p.width + sx) * 4, (sy * p.width + sx) * 4 + 4);
    }
  }
  return { ...p, width: w, height: h, data: out };
}
