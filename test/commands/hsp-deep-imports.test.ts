import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { runHmos, tempDir } from '../helpers/cli.js';
import { copyFixture } from '../helpers/fixture.js';

const FIXTURE = 'test/fixtures/build/multi-module';
const ENTRY_INDEX = 'products/phone/src/main/ets/pages/Index.ets';
const fixtureFile = (rel: string) => readFileSync(join(__dirname, '../..', FIXTURE, rel), 'utf8');

// The multi-module fixture, whose entry also imports two files by their path into the HSP: Visits (which the HSP's
// Index.ets exports too) and Greeting (which it does not), whose $r() names a string both modules define.
const project = copyFixture('build/multi-module', {
  'features/profile/src/main/ets/model/Greeting.ets': "export function hspGreeting(): Resource {\n  return $r('app.string.deep_greeting')\n}\n",
  'features/profile/src/main/resources/base/element/string.json': JSON.stringify({ string: [
    ...JSON.parse(fixtureFile('features/profile/src/main/resources/base/element/string.json')).string,
    { name: 'deep_greeting', value: 'Deep greeting from the HSP' },
  ] }),
  'products/phone/src/main/resources/base/element/string.json': JSON.stringify({ string: [
    ...JSON.parse(fixtureFile('products/phone/src/main/resources/base/element/string.json')).string,
    { name: 'deep_greeting', value: 'Deep greeting from the entry (the wrong table)' },
  ] }),
  [ENTRY_INDEX]: fixtureFile(ENTRY_INDEX)
    .replace("import { ProfileBanner, visits, resetVisits } from 'profile'", "import { ProfileBanner, visits, resetVisits } from 'profile'\nimport { visits as deepVisits } from 'profile/src/main/ets/model/Visits'\nimport { hspGreeting } from 'profile/src/main/ets/model/Greeting'")
    .replace("      Button('Tap')", "      Text(`one instance: ${deepVisits === visits}`)\n      Text(hspGreeting())\n      Button('Deep visit').onClick(() => { deepVisits.count++ })\n      Button('Tap')"),
});
const home = tempDir('hmos-deep-home-');
const hmos = (...args: string[]) => runHmos(args, { env: { HMOS_HOME: home } });
const entry = (file: string) => {
  const hap = readFileSync(join(project, 'products/phone/build/default/outputs/default/phone-default-signed.hap'));
  return Buffer.from(unzipSync(hap, { filter: (f) => f.name === file })[file]!).toString('utf8');
};

describe('a deep import into an HSP\'s sources', () => {
  it('is the HSP\'s own module at run time: one instance with what its Index.ets exports, its $r() in the HSP\'s table', async () => {
    const build = await hmos('build', project);
    expect(build.stderr).toBe('');
    expect(build.exitCode).toBe(0);
    // Neither file is compiled into the entry: it refers to the HSP's bundle, which exposes them by path
    const bundle = entry('ets/bundle.js');
    expect(bundle).not.toContain('class Visits');
    expect(bundle).not.toContain('function hspGreeting');
    expect(bundle).toContain('__hmosHspFile("profile", "src/main/ets/model/Greeting.ets")');
    expect(JSON.parse(entry('module.json')).module.dependencies).toEqual([{ moduleName: 'profile' }]);

    const preview = await hmos('preview', project, '--do', 'click:text=Deep visit', '--do', 'click:text=Open profile');
    expect(preview.exitCode, preview.stderr).toBe(0);
    // the count the entry raised through the deep import and through the Index import is the one the HSP's page reads
    expect(preview.stdout).toContain('Text "Visits 2"');
    const first = await hmos('preview', project);
    expect(first.stdout).toContain('Text "one instance: true"');
    expect(first.stdout).toContain('Text "Deep greeting from the HSP"');
  });
});
