/**
 * The picture behind an Image's source, read from the running app's HAP: `$r('app.media.icon')` (a media resource: its
 * best-matching file under resources/…/media/), `$rawfile('photo.jpg')` and `resource://RAWFILE/photo.jpg` (under
 * resources/rawfile/). Only PNG and JPEG files are returned — recognised by their bytes, not their name, and only up
 * to 4 MB and 16 megapixels: the rasteriser (resvg) decodes a picture in full and aborts the whole process when it
 * cannot allocate it, so a small file declaring 20000 × 20000 pixels must never reach it. Other formats, network URLs,
 * PixelMaps and paths into the app's sandbox have no bytes here and stay a placeholder.
 */
import { RESOURCE_TYPE } from '../abi.js';
import type { ImageData } from '../layout/types.js';

/** Pictures larger than this are left as a placeholder: inlined into a screenshot they would only slow it down. */
const MAX_IMAGE_BYTES = 4 * 1024 * 1024;
/** Decoded, a picture takes 4 bytes per pixel: 16 MP is 64 MB. */
const MAX_IMAGE_PIXELS = 16 * 1024 * 1024;

/** Width and height a PNG (IHDR) or JPEG (first SOFn marker) declares, or undefined when they cannot be read. */
export function imageSize(data: Uint8Array, mime: string): { width: number; height: number } | undefined {
  const b = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
  if (mime === 'image/png') {
    if (b.length < 24 || b.toString('latin1', 12, 16) !== 'IHDR') return undefined;
    return { width: b.readUInt32BE(16), height: b.readUInt32BE(20) };
  }
  if (mime === 'image/jpeg') {
    for (let i = 2; i + 9 < b.length;) {
      if (b[i] !== 0xff) return undefined;
      const marker = b[i + 1]!;
      if (marker === 0xff) { i++; continue; }
      const length = b.readUInt16BE(i + 2);
      // SOF0…SOF15 but DHT (C4), JPG (C8) and DAC (CC)
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { height: b.readUInt16BE(i + 5), width: b.readUInt16BE(i + 7) };
      }
      i += 2 + length;
    }
  }
  return undefined;
}

interface ResourceLike { id: number; type: number; params?: unknown[] }

function isResourceLike(v: unknown): v is ResourceLike {
  return typeof v === 'object' && v !== null && typeof (v as ResourceLike).id === 'number' && typeof (v as ResourceLike).type === 'number';
}

/** The image type of a file's first bytes, or undefined when it is no image format the renderers take. */
export function sniffImage(data: Uint8Array): string | undefined {
  const b = data;
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'image/png';
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'image/jpeg';
  if (b.length >= 6 && b[0] === 0x47 && b[1] === 0x49 && b[2] === 0x46) return 'image/gif';
  if (b.length >= 12 && Buffer.from(b.subarray(0, 4)).toString('latin1') === 'RIFF' && Buffer.from(b.subarray(8, 12)).toString('latin1') === 'WEBP') return 'image/webp';
  const head = Buffer.from(b.subarray(0, 256)).toString('utf8').trimStart();
  if (head.startsWith('<svg') || (head.startsWith('<?xml') && head.includes('<svg'))) return 'image/svg+xml';
  return undefined;
}

/**
 * `entries`: the HAP's files; `resolveMedia`: a media resource → its HAP entry path (the app's resource table).
 */
export function hapImageSource(entries: Map<string, Uint8Array>, resolveMedia: (ref: ResourceLike) => unknown): (src: unknown) => ImageData | undefined {
  const read = (path: unknown): ImageData | undefined => {
    if (typeof path !== 'string') return undefined;
    const data = entries.get(path.replace(/^\/+/, ''));
    if (!data || data.length > MAX_IMAGE_BYTES) return undefined;
    const mime = sniffImage(data);
    if (mime !== 'image/png' && mime !== 'image/jpeg') return undefined;
    const size = imageSize(data, mime);
    if (!size || size.width === 0 || size.height === 0 || size.width * size.height > MAX_IMAGE_PIXELS) return undefined;
    return { mime, data };
  };
  return (src) => {
    if (isResourceLike(src)) {
      if (src.type === RESOURCE_TYPE.media) return read(resolveMedia(src));
      if (src.type === RESOURCE_TYPE.rawfile) return read(`resources/rawfile/${String(src.params?.[0] ?? '')}`);
      return undefined;
    }
    if (typeof src === 'string' && /^resource:\/\/RAWFILE\//i.test(src)) return read(`resources/rawfile/${src.replace(/^resource:\/\/RAWFILE\//i, '')}`);
    return undefined;
  };
}
