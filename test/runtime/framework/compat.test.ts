import { describe, expect, it } from 'vitest';
import { runHmos, tempDir } from '../../helpers/cli.js';
import { copyFixture } from '../../helpers/fixture.js';

// Built and previewed through the CLI: the fixture's imports go through the real bundler's kit modules.
describe('start-up APIs real apps use (framework/compat.ts)', () => {
  it('a page using px2vp, getContext at load, unlisted kit members, @Track, ColorMetrics, canIUse a form ability, an API 8 Ability (setUIContent, requestPermissionsFromUser), a ServiceExtensionAbility and $r in .ts renders; a click fires its TapGesture', async () => {
    const project = copyFixture('fidelity/compat-app');
    const r = await runHmos(['preview', project, '--do', 'click:text=taps 0 true'], { env: { HMOS_HOME: tempDir('hmos-compat-home-') } });
    expect(r.stderr).not.toMatch(/error|crash/i);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('Column [30, 0, 300,'); // px2vp(300) × 3 on a density-3 phone
    expect(r.stdout).toContain('Text "taps 1 true"');
    expect(r.stdout).toContain('Text "notifications allowed true true true"');
    expect(r.stdout).toContain('Text "My diary"'); // $r in a .ts file
    expect(r.stdout).toContain('Text "lang zh-Hans"'); // @ohos.i18n in the ability
    expect(r.stdout).toContain('Text "assets 0"'); // the emulated media library is empty
    expect(r.stdout).toContain('Text "colors #ffff0000 128 255"'); // ColorMetrics.resourceColor of a string and a number
  });
});
