// Images in screenshots: an Image whose picture is in the HAP (a media resource, a rawfile) is drawn as that picture in
// SVG and PNG, honouring objectFit; sources without bytes here stay the grey placeholder.
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { describe, expect, it } from 'vitest';
import { runHmos, tempDir } from '../../helpers/cli.js';
import { copyFixture } from '../../helpers/fixture.js';
import { hapImageSource, imageSize, sniffImage } from '../../../src/runtime/render/image-source.js';

/** A solid-colour PNG made with resvg (the same library that rasterises screenshots). */
function solidPng(color: string, w: number, h: number): Buffer {
  return Buffer.from(new Resvg(`<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}"><rect width="${w}" height="${h}" fill="${color}"/></svg>`).render().asPng());
}

/** RGBA of the pixel at (x, y) vp of an SVG screenshot, rendered at 1 px per vp. */
function pixel(svg: string, x: number, y: number): number[] {
  const img = new Resvg(svg).render();
  const i = (Math.round(y) * img.width + Math.round(x)) * 4;
  return [...img.pixels.subarray(i, i + 4)];
}

describe('images in screenshots', () => {
  it('draws media and rawfile pictures with their fit; an unknown source stays a placeholder', async () => {
    const project = copyFixture('build/v1-app', {
      'entry/src/main/resources/base/media/red.png': solidPng('#ff0000', 40, 20),
      'entry/src/main/resources/rawfile/blue.png': solidPng('#0000ff', 10, 10),
      'entry/src/main/ets/pages/Second.ets': `@Entry
@Component
struct Second {
  build() {
    Column() {
      Image($r('app.media.red')).width(200).height(100).objectFit(ImageFit.Fill).id('red')
      Image($rawfile('blue.png')).width(100).height(100).id('blue')
      Image('https://example.com/cat.png').width(50).height(50).id('net')
    }.width('100%').alignItems(HorizontalAlign.Start)
  }
}
`,
    });
    const home = tempDir('hmos-home-');
    const r = await runHmos(['preview', project, '--page', 'pages/Second', '--format', 'svg'], { env: { HMOS_HOME: home } });
    expect(r.exitCode, r.stderr).toBe(0);
    const svg = r.stdout;
    expect(svg.match(/<image /g)).toHaveLength(2);
    expect(svg).toContain('preserveAspectRatio="none"'); // objectFit(ImageFit.Fill)
    expect(svg).toContain('preserveAspectRatio="xMidYMid slice"'); // ArkUI's default, Cover
    expect(pixel(svg, 100, 50)).toEqual([255, 0, 0, 255]); // the red picture stretched over 200×100
    expect(pixel(svg, 50, 150)).toEqual([0, 0, 255, 255]); // the blue rawfile below it
    expect(pixel(svg, 25, 225)).toEqual([224, 224, 224, 255]); // the network image: the placeholder grey
    const out = join(tempDir(), 'second.png');
    const png = await runHmos(['preview', project, '--page', 'pages/Second', '--format', 'png', '-o', out], { env: { HMOS_HOME: home } });
    expect(png.exitCode, png.stderr).toBe(0);
  }, 60_000);

  it('takes PNG and JPEG only, and never a picture too large to decode (a small file can declare 20000 × 20000)', () => {
    const png = solidPng('#00ff00', 3, 2);
    expect(imageSize(png, 'image/png')).toEqual({ width: 3, height: 2 });
    const huge = Buffer.from(png);
    huge.writeUInt32BE(20000, 16);
    huge.writeUInt32BE(20000, 20);
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xc0, 0, 11, 8, 0, 30, 0, 40, 3, 0, 0, 0, 0]);
    expect(imageSize(jpeg, 'image/jpeg')).toEqual({ width: 40, height: 30 });
    const entries = new Map<string, Uint8Array>([
      ['resources/rawfile/ok.png', png], ['resources/rawfile/huge.png', huge], ['resources/rawfile/photo.jpg', jpeg],
      ['resources/rawfile/anim.gif', Buffer.from('GIF89a\x01\x00\x01\x00')], ['resources/base/media/logo.png', png],
    ]);
    const source = hapImageSource(entries, (ref) => (ref.id === 7 ? 'resources/base/media/logo.png' : undefined));
    const raw = (name: string) => source({ id: 0, type: 30000, params: [name] });
    expect(raw('ok.png')?.mime).toBe('image/png');
    expect(raw('photo.jpg')?.mime).toBe('image/jpeg');
    expect(raw('huge.png')).toBeUndefined();
    expect(raw('anim.gif')).toBeUndefined();
    expect(raw('../../module.json')).toBeUndefined();
    expect(source({ id: 7, type: 20000 })?.data).toBe(png);
    expect(source('resource://RAWFILE/ok.png')?.mime).toBe('image/png');
    expect(source('https://example.com/ok.png')).toBeUndefined();
  });

  it('knows image files by their bytes, not their names', () => {
    expect(sniffImage(solidPng('#00ff00', 2, 2))).toBe('image/png');
    expect(sniffImage(Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10]))).toBe('image/jpeg');
    expect(sniffImage(Buffer.from('GIF89a....'))).toBe('image/gif');
    expect(sniffImage(Buffer.from('RIFF\0\0\0\0WEBPVP8 '))).toBe('image/webp');
    expect(sniffImage(Buffer.from('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe('image/svg+xml');
    expect(sniffImage(Buffer.from('not an image, just text called icon.png'))).toBeUndefined();
  });
});
