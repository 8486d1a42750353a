import { describe, expect, it } from 'vitest';
import { execa } from 'execa';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { scanKitUsage } from '../../../src/compiler/kit-usage.js';
import { canonicalMember, memberLabel } from '../../../src/runtime/kits/kit-table.js';
import { repoRoot, tempDir } from '../../helpers/cli.js';

const labels = (file: string, text: string) => {
  const u = scanKitUsage(file, text);
  return { values: u.values.map((m) => memberLabel(canonicalMember(m))).sort(), typeOnly: u.typeOnly.map((m) => `${m.spec}:${m.name}`).sort() };
};

describe('kit usage scan', () => {
  it('counts run-time uses by member, one property deep, and sets type-only uses apart', () => {
    const r = labels('a.ets', `
      import { relationalStore, preferences as prefs } from '@kit.ArkData';
      import { BusinessError } from '@kit.BasicServicesKit';
      import hilog from '@ohos.hilog';
      import type { Want } from '@kit.AbilityKit';
      import { UIAbility, common } from '@kit.AbilityKit';
      import * as http from '@ohos.net.http';
      import { util } from '@kit.ArkTS';
      export { buffer } from '@kit.ArkTS';
      class EntryAbility extends UIAbility {
        store: relationalStore.RdbStore | undefined = undefined;
        ctx?: common.UIAbilityContext;
        async go(err: BusinessError, w: Want) {
          this.store = await relationalStore.getRdbStore(this.ctx, { name: 'a.db', securityLevel: relationalStore.SecurityLevel.S1 });
          hilog.info(0, 't', '%{public}s', 'x');
          const p = prefs['getPreferencesSync'];
          http.createHttp();
          const o = { util };
          let label: relationalStore.ValuesBucket = {};
        }
      }
    `);
    expect(r.values).toEqual([
      '@ohos.app.ability.UIAbility:default', '@ohos.buffer:default', '@ohos.data.preferences:getPreferencesSync',
      '@ohos.data.relationalStore:SecurityLevel', '@ohos.data.relationalStore:getRdbStore', '@ohos.hilog:info',
      '@ohos.net.http:createHttp', '@ohos.util:default',
    ]);
    expect(r.typeOnly).toEqual(['@kit.AbilityKit:Want', '@kit.AbilityKit:common', '@kit.BasicServicesKit:BusinessError']);
  });

  it('reads struct code, implements clauses and typeof in types as the compiler does', () => {
    const r = labels('b.ets', `
      import { window, display } from '@kit.ArkUI';
      import { emitter } from '@kit.BasicServicesKit';
      interface Holder { w: typeof window }
      class Impl implements display.Display {}
      @Entry @Component struct Index {
        build() { Column() { Text('x').onClick(() => { emitter.emit('a'); window.getLastWindow(getContext(this)); }) } }
      }
    `);
    expect(r.values).toEqual(['@ohos.events.emitter:emit', '@ohos.window:getLastWindow']);
    expect(r.typeOnly).toEqual(['@kit.ArkUI:display']);
  });

  it('does not count a local that hides an import (a parameter, a block variable, a catch or loop variable)', () => {
    const r = labels('c.ets', `
      import { preferences } from '@kit.ArkData';
      import resourceManager from '@ohos.resourceManager';
      function save(preferences: preferences.Preferences) { preferences.flush(); }
      function read() { const resourceManager = getContext().resourceManager; return resourceManager.getRawFileContentSync('a'); }
      try { preferences.deletePreferences(); } catch (preferences) { preferences.code; }
      for (const resourceManager of []) resourceManager.x();
      const f = ({ preferences }: Holder) => preferences.put('a', 1);
      preferences.getPreferencesSync(ctx, { name: 'a' });
    `);
    expect(r.values).toEqual(['@ohos.data.preferences:deletePreferences', '@ohos.data.preferences:getPreferencesSync']);
    expect(r.typeOnly).toEqual(['@ohos.resourceManager:default']);
  });
});

describe('npm run kits:coverage', () => {
  it('prints the table and the implemented share; a stub, a missing member and an unexercised one do not count', { timeout: 90_000 }, async () => {
    const dir = tempDir('hmos-kitcov-');
    mkdirSync(join(dir, 'proj/entry'), { recursive: true });
    // hilog.info is provided and used by fixture apps; relationalStore is provided only once the kit exists;
    // made-up members are missing.
    writeFileSync(join(dir, 'proj/entry/A.ets'), `import { hilog } from '@kit.PerformanceAnalysisKit';\nhilog.info(0, 'a', 'b');\n`);
    writeFileSync(join(dir, 'proj/entry/B.ets'), `import hilog from '@ohos.hilog';\nimport { made } from '@kit.NoSuchKit';\nhilog.info(0, 'a', 'b');\nmade.up();\n`);
    writeFileSync(join(dir, 'proj/entry/types.d.ts'), `import { x } from '@kit.Ignored';\n`);
    // A file the parser cannot get through (nested 50,000 deep: its recursion overflows the stack) is counted as not
    // parsed and named; only this file is lost.
    writeFileSync(join(dir, 'proj/entry/Loop.ts'), `import hilog from '@ohos.hilog';\nhilog.info(0, 'a', 'b');\nconst x = ${'['.repeat(50_000)}1${']'.repeat(50_000)};\n`);
    // Test code runs under hmos test, whose realm adds the test kit: the delegator counts there, not in app code.
    mkdirSync(join(dir, 'proj/entry/src/ohosTest/ets'), { recursive: true });
    writeFileSync(join(dir, 'proj/entry/src/ohosTest/ets/Runner.ets'), `import { abilityDelegatorRegistry } from '@kit.TestKit';\nabilityDelegatorRegistry.getAbilityDelegator();\n`);
    writeFileSync(join(dir, 'proj/entry/C.ets'), `import abilityDelegatorRegistry from '@ohos.app.ability.abilityDelegatorRegistry';\nabilityDelegatorRegistry.getArguments();\n`);
    mkdirSync(join(dir, 'proj/oh_modules/pkg'), { recursive: true });
    writeFileSync(join(dir, 'proj/oh_modules/pkg/C.ets'), `import { y } from '@kit.Ignored';\ny.z();\n`);
    // One pass prints the table and writes the JSON (--json-file): each pass scans every fixture app too.
    const jsonFile = join(dir, 'coverage.json');
    const r = await execa(process.execPath, ['--experimental-vm-modules', join(repoRoot, 'scripts/kits-coverage.mjs'), dir, '--json-file', jsonFile], { reject: false });
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(readFileSync(jsonFile, 'utf8'));
    expect(out.summary.files).toBe(5);
    expect(out.summary.unparsedFiles).toEqual([join(dir, 'proj/entry/Loop.ts')]);
    const byMember = Object.fromEntries(out.members.map((m: { member: string }) => [m.member, m]));
    expect(byMember['@ohos.hilog:info']).toMatchObject({ weight: 2, provided: 'ok', exercised: true, implemented: true });
    expect(byMember['@kit.NoSuchKit:made.up']).toMatchObject({ weight: 1, implemented: false });
    expect(byMember['@kit.NoSuchKit:made.up'].provided).not.toBe('ok');
    expect(byMember['@ohos.app.ability.abilityDelegatorRegistry:getAbilityDelegator']).toMatchObject({ weight: 1, provided: 'ok', implemented: true });
    expect(byMember['@ohos.app.ability.abilityDelegatorRegistry:getArguments']).toMatchObject({ weight: 1, implemented: false, implementedWeight: 0 });
    expect(out.summary.implementedShare).toBe(60);
    expect(r.stdout).toMatch(/^\s+2 {2}✓ {3}@ohos\.hilog:info$/m);
    expect(r.stdout).toMatch(/implemented: 60% by weight \(3 of 5 file-uses\)/);
    expect(r.stdout).toContain(`not parsed (the parser failed or ran out of memory on them): ${join(dir, 'proj/entry/Loop.ts')}`);
    const bad = await execa(process.execPath, [join(repoRoot, 'scripts/kits-coverage.mjs'), join(dir, 'nope')], { reject: false });
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toMatch(/usage: npm run kits:coverage/);
  });
});
