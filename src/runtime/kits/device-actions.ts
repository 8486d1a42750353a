/**
 * What a user changes on an emulated device from outside its apps, as actions: `location:<lat>,<lon>` (what
 * geoLocationManager reports), `network:on|off` (what the network kits and `connection` see), `rotate:portrait|
 * landscape`, `photo:<file>` (a picture copied into the device's photo folder, which the pickers and
 * photoAccessHelper show), `dark-mode:on|off`, `locale:<ll_CC>`, `font-scale:<n>` (a configuration change the running apps
 * hear of). The same parser and effect serve `hmos preview --do …` and `hmos input` (written once, here).
 */
import fs from 'node:fs';
import path from 'node:path';
import { HmosError } from '../../errors.js';
import type { DeviceKitState } from './device-state.js';

export type DeviceAction =
  | { kind: 'location'; latitude: number; longitude: number }
  | { kind: 'network'; online: boolean }
  | { kind: 'rotate'; orientation: 'portrait' | 'landscape' }
  | { kind: 'photo'; file: string }
  | { kind: 'config'; colorMode?: 'light' | 'dark'; locale?: string; fontScale?: number };

export const DEVICE_ACTION_HELP = 'location:<lat>,<lon>, network:on|off, rotate:portrait|landscape, photo:<image file>, dark-mode:on|off, locale:<ll_CC>, font-scale:<0.5..3.2>';
const PHOTO = /\.(png|jpe?g|gif|webp|bmp|heic|mp4|mov)$/i;
const MAX_PHOTO = 64 * 1024 * 1024;

/** The device action `raw` names, undefined when its verb is not one (other parsers own the rest). */
export function parseDeviceAction(raw: string): DeviceAction | undefined {
  const colon = raw.indexOf(':');
  const verb = colon < 0 ? raw : raw.slice(0, colon);
  const arg = colon < 0 ? '' : raw.slice(colon + 1).trim();
  const bad = (hint: string) => new HmosError('BAD_ACTION', `"${raw}": ${hint}`);
  switch (verb) {
    case 'location': {
      const m = /^(-?\d+(?:\.\d+)?)\s*,\s*(-?\d+(?:\.\d+)?)$/.exec(arg);
      const lat = m ? Number(m[1]) : NaN; const lon = m ? Number(m[2]) : NaN;
      if (!m || lat < -90 || lat > 90 || lon < -180 || lon > 180) throw bad('write location:<latitude>,<longitude> with latitude -90..90 and longitude -180..180, e.g. location:31.23,121.47');
      return { kind: 'location', latitude: lat, longitude: lon };
    }
    case 'network':
      if (arg !== 'on' && arg !== 'off') throw bad('write network:on or network:off');
      return { kind: 'network', online: arg === 'on' };
    case 'rotate':
      if (arg !== 'portrait' && arg !== 'landscape') throw bad('write rotate:portrait or rotate:landscape');
      return { kind: 'rotate', orientation: arg };
    case 'dark-mode':
      if (arg !== 'on' && arg !== 'off') throw bad('write dark-mode:on or dark-mode:off');
      return { kind: 'config', colorMode: arg === 'on' ? 'dark' : 'light' };
    case 'locale':
      if (!/^[a-z]{2,3}([_-][A-Z]{2})?$/.test(arg)) throw bad('write locale:<language>_<REGION>, e.g. locale:zh_CN');
      return { kind: 'config', locale: arg.replace('-', '_') };
    case 'font-scale': {
      const n = Number(arg);
      if (!arg || !(n >= 0.5 && n <= 3.2)) throw bad('write font-scale:<scale> with 0.5..3.2, e.g. font-scale:1.5');
      return { kind: 'config', fontScale: n };
    }
    case 'photo':
      if (!arg || !PHOTO.test(arg)) throw bad('write photo:<file> with a .png, .jpg, .gif, .webp, .bmp, .heic, .mp4 or .mov file to add to the device\'s photos');
      return { kind: 'photo', file: arg };
    default: return undefined;
  }
}

/** Applies `a`; `cwd` resolves a photo's relative path (the user's, not the app's). */
export function applyDeviceAction(state: DeviceKitState, a: DeviceAction, cwd = process.cwd()): void {
  if (a.kind === 'photo') {
    const src = path.resolve(cwd, a.file);
    const st = fs.statSync(src, { throwIfNoEntry: false });
    if (!st?.isFile()) throw new HmosError('FILE_NOT_FOUND', `photo:${a.file}: no such file`);
    if (st.size > MAX_PHOTO) throw new HmosError('BAD_ACTION', `photo:${a.file}: ${Math.round(st.size / 1024 / 1024)} MB is over the 64 MB a photo may be`);
    fs.mkdirSync(state.photosDir, { recursive: true });
    fs.copyFileSync(src, path.join(state.photosDir, path.basename(src)));
    return;
  }
  if (a.kind === 'config') { state.emit('configuration', { colorMode: a.colorMode, locale: a.locale, fontScale: a.fontScale }); return; }
  if (a.kind === 'location') state.setLocation(a.latitude, a.longitude);
  else if (a.kind === 'network') state.setOnline(a.online);
  else state.setOrientation(a.orientation);
}

/**
 * A device action as JSON from a connector client (`hmos input` sends parsed actions), checked as strictly as the text
 * form: the host never applies a value the parser would refuse. A photo names an absolute path (the client resolves
 * it against its own folder; the host's is another).
 */
export function deviceActionFromJson(a: unknown): DeviceAction {
  const bad = (hint: string) => new HmosError('BAD_REQUEST', `device action: ${hint}`);
  const o = (a && typeof a === 'object' ? a : {}) as Record<string, unknown>;
  const num = (v: unknown, min: number, max: number) => typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max;
  switch (o.kind) {
    case 'location':
      if (!num(o.latitude, -90, 90) || !num(o.longitude, -180, 180)) throw bad('a location needs latitude -90..90 and longitude -180..180');
      return { kind: 'location', latitude: o.latitude as number, longitude: o.longitude as number };
    case 'network':
      if (typeof o.online !== 'boolean') throw bad('network needs online: true or false');
      return { kind: 'network', online: o.online };
    case 'rotate':
      if (o.orientation !== 'portrait' && o.orientation !== 'landscape') throw bad('rotate needs orientation portrait or landscape');
      return { kind: 'rotate', orientation: o.orientation };
    case 'photo':
      if (typeof o.file !== 'string' || o.file.length > 4096 || !path.isAbsolute(o.file) || !PHOTO.test(o.file)) throw bad('a photo names the absolute path of a .png, .jpg, .gif, .webp, .bmp, .heic, .mp4 or .mov file');
      return { kind: 'photo', file: o.file };
    case 'config': {
      const out: DeviceAction = { kind: 'config' };
      if (o.colorMode !== undefined) { if (o.colorMode !== 'light' && o.colorMode !== 'dark') throw bad('colorMode is light or dark'); out.colorMode = o.colorMode; }
      if (o.locale !== undefined) { if (typeof o.locale !== 'string' || !/^[a-z]{2,3}(_[A-Z]{2})?$/.test(o.locale)) throw bad('locale is <language>_<REGION>, e.g. zh_CN'); out.locale = o.locale; }
      if (o.fontScale !== undefined) { if (!num(o.fontScale, 0.5, 3.2)) throw bad('fontScale is 0.5..3.2'); out.fontScale = o.fontScale as number; }
      if (out.colorMode === undefined && out.locale === undefined && out.fontScale === undefined) throw bad('a configuration change names colorMode, locale or fontScale');
      return out;
    }
    default: throw bad(`unknown device action ${JSON.stringify(o.kind)?.slice(0, 40)}; use location, network, rotate, photo or config`);
  }
}
