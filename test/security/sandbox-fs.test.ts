/**
 * The app's files through the file kit: paths outside `/data/storage`, `..`, and symlinks planted in the app's folder
 * (a restored backup, a user's `ln -s`) — existing, dangling and to folders — never reach a file of the host.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { launchSource, page } from '../runtime/helpers.js';

describe('the app sandbox file system', () => {
  it('refuses .. and symlinks that lead out of the app folder, for reads, writes, listings and renames', () => {
    const dataDir = tempDir();
    const outside = tempDir();
    fs.writeFileSync(path.join(outside, 'secret.txt'), 'TOP SECRET');
    fs.mkdirSync(path.join(outside, 'dir'));
    const files = path.join(dataDir, 'apps', 'com.example.test', 'storage', 'el2', 'base', 'haps', 'entry', 'files');
    fs.mkdirSync(files, { recursive: true });
    fs.symlinkSync(path.join(outside, 'secret.txt'), path.join(files, 'link'));
    fs.symlinkSync(path.join(outside, 'created.txt'), path.join(files, 'dangling'));
    fs.symlinkSync(path.join(outside, 'dir'), path.join(files, 'dirlink'));
    const app = launchSource(`const fs = __hmosKit("@kit.CoreFileKit").fileIo;` + page('Index', '', '', `aboutToAppear() {
      const dir = getContext(this).filesDir;
      const tries = {
        read: () => fs.readTextSync(dir + "/link"),
        readUp: () => fs.readTextSync(dir + "/../../../../../../../../../${outside}/secret.txt"),
        createDangling: () => { const f = fs.openSync(dir + "/dangling", fs.OpenMode.CREATE | fs.OpenMode.READ_WRITE); fs.writeSync(f.fd, "x"); },
        writeDangling: () => { const f = fs.openSync(dir + "/dangling/x", fs.OpenMode.CREATE | fs.OpenMode.READ_WRITE); fs.writeSync(f.fd, "x"); },
        list: () => fs.listFileSync(dir + "/dirlink").join(","),
        intoDir: () => { const f = fs.openSync(dir + "/dirlink/new.txt", fs.OpenMode.CREATE | fs.OpenMode.READ_WRITE); fs.writeSync(f.fd, "x"); },
        mkdirIn: () => fs.mkdirSync(dir + "/dirlink/sub"),
        renameOver: () => { const f = fs.openSync(dir + "/mine.txt", fs.OpenMode.CREATE | fs.OpenMode.READ_WRITE); fs.closeSync(f); fs.renameSync(dir + "/mine.txt", dir + "/dangling"); },
      };
      for (const k of Object.keys(tries)) { try { console.info(k + " LEAK " + tries[k]()); } catch (e) { console.info(k + " refused " + e.code); } }
    }`) + `class EntryAbility extends UIAbility { onWindowStageCreate(ws) { ws.loadContent("pages/Index"); } }
      __hmosRegisterModule({ bundleName: "com.example.test", moduleName: "entry", abilities: { EntryAbility }, pages: ["pages/Index"] });`, { device: { dataDir } });
    expect(app.crash).toBeUndefined();
    const lines = app.logs.map((l) => l.message);
    expect(lines).toHaveLength(8);
    for (const line of lines) expect(line).toMatch(/ refused 139000(12|02)$/);
    expect(fs.readdirSync(outside).sort()).toEqual(['dir', 'secret.txt']);
    expect(fs.readdirSync(path.join(outside, 'dir'))).toEqual([]);
  });
});
