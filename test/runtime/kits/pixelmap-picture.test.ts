/** A PixelMap the app made is drawn where an Image shows it (screenshots), and no longer once it is released. */
import { describe, expect, it } from 'vitest';
import { PNG } from 'pngjs';
import { launchSource, page } from '../helpers.js';
import { layoutApp, renderPage } from '../../../src/runtime/screen.js';

describe('PixelMaps in screenshots', () => {
  it('an Image of a PixelMap draws its pixels; a released map is a placeholder again', async () => {
    const app = launchSource(`
      const { image } = __hmosKit('@kit.ImageKit');
      const px = new Uint8Array(8 * 4 * 4);
      for (let i = 0; i < px.length; i += 4) { px[i] = 200; px[i + 1] = 30; px[i + 2] = 30; px[i + 3] = 255; }
      globalThis.pm = image.createPixelMapSync(px.buffer, { size: { width: 8, height: 4 }, editable: true });
      ${page('Index', '', `
        this.observeComponentCreation2((elmtId, isInitialRender) => { Column.create(); }, Column);
        this.observeComponentCreation2((elmtId, isInitialRender) => { Image.create(globalThis.pm); Image.width(80); Image.height(40); Image.objectFit(ImageFit.Fill); }, Image);
        Column.pop();`)}`);
    expect(app.crash).toBeUndefined();
    const node = app.find((n) => n.type === 'Image')!;
    const picture = app.image(node.args[0]);
    expect(picture?.mime).toBe('image/png');
    const decoded = PNG.sync.read(Buffer.from(picture!.data));
    expect([decoded.width, decoded.height]).toEqual([8, 4]);

    // The whole screen: the Image's box (centred at the top of a 360 vp phone) is the map's red.
    const laid = await layoutApp(app);
    const shot = PNG.sync.read(await renderPage(laid, 'png') as Buffer);
    const scale = shot.width / 360;
    const at = (x: number, y: number) => { const i = (Math.round(y * scale) * shot.width + Math.round(x * scale)) * 4; return [...shot.data.subarray(i, i + 3)]; };
    expect(at(180, 20)).toEqual([200, 30, 30]);

    app.evaluate('pm.release()');
    await app.settle();
    expect(app.image(node.args[0])).toBeUndefined();
    app.stop();
  });
});
