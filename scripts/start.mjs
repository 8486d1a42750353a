// `npm start`: the main job. Creates the demo project (once) in the git-ignored demo/ folder and runs as much of the
// create → build → emulate loop as this version of hmos provides, saying what it does at each step.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const hmos = (args, opts = {}) => spawnSync(process.execPath, [join(root, 'bin', 'hmos.js'), ...args], { stdio: 'inherit', cwd: root, ...opts });
// The commands this build of hmos has (`hmos <unknown> --help` prints the main help and exits 0, so ask the program).
const { buildProgram } = await import(new URL('../dist/cli.js', import.meta.url).href);
const available = new Set(buildProgram().commands.map((c) => c.name()));
const has = (cmd) => available.has(cmd);
const say = (s) => process.stderr.write(`\n▶ ${s}\n`);

say('hmos doctor');
hmos(['doctor']);
const demo = join(root, 'demo');
if (has('create')) {
  if (!existsSync(demo)) {
    say('hmos create demo --template multi-device');
    const r = hmos(['create', demo, '--template', 'multi-device', '--device-types', 'phone,tablet,wearable']);
    if (r.status !== 0) process.exit(r.status ?? 1);
  } else say('demo/ exists — reusing it');
}
if (has('emulate')) {
  say('hmos emulate --devices phone,watch demo');
  process.exit(hmos(['emulate', demo, '--devices', 'phone,watch']).status ?? 0);
}
for (const [cmd, args] of [['build', ['build', demo]], ['preview', ['preview', demo, '--device', 'phone']]]) {
  if (has(cmd) && existsSync(demo)) {
    say(`hmos ${args.join(' ')}`);
    const r = hmos(args);
    if (r.status !== 0) process.exit(r.status ?? 1);
  }
}
if (!has('emulate')) say('`hmos emulate` is not part of this version yet: the steps above are what exists today.');
