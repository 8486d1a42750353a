/**
 * The CLI's command table. Each entry holds what `--help` needs (summary, example, arguments, options) and a lazy
 * loader: a command's module — and the heavy libraries it imports — is only loaded when that command runs.
 * A command is listed here by the work that builds it; nothing unbuilt is listed as working.
 */
import type { Command } from 'commander';
import type { CommandContext } from './context.js';

export interface CommandModule {
  /** `args` are the positional arguments in order; `options` is commander's parsed options object. */
  run(ctx: CommandContext, args: unknown[], options: Record<string, any>): Promise<number | void>;
}

export interface CommandSpec {
  name: string;
  summary: string;
  example: string;
  aliases?: string[];
  /** Whether the command produces data and so takes --json. */
  json: boolean;
  configure(cmd: Command): void;
  load(): Promise<CommandModule>;
}

const collect = (value: string, previous: string[] = []) => previous.concat(value);

export const commands: CommandSpec[] = [
  {
    name: 'create',
    summary: 'Create a project from a template (app, agent, multi-device)',
    example: 'hmos create MyApp --template multi-device --device-types phone,tablet,watch',
    json: true,
    configure: (cmd) => {
      cmd.argument('[dir]', 'the project folder to create; its name is the project name (asked for in a terminal when left out)')
        .option('-t, --template <name>', 'app | agent | multi-device (default: app)')
        .option('--bundle-name <name>', 'the bundle name (default: com.example.<name>)')
        .option('--device-types <list>', 'comma-separated: phone, tablet, 2in1, wearable, tv, car (aliases watch, pc)')
        .option('-f, --force', 'replace a non-empty folder (only after the new project is complete)');
    },
    load: () => import('./create.js'),
  },
  {
    name: 'install',
    summary: 'Install the ohpm packages every oh-package.json5 declares into oh_modules (with oh-package-lock.json5)',
    example: 'hmos install --frozen-lockfile',
    aliases: ['i'],
    json: true,
    configure: (cmd) => cmd
      .argument('[dir]', 'the project (or any folder in it)', '.')
      .option('--offline', 'use only the download cache (no network); say which package is missing from it')
      .option('--frozen-lockfile', 'fail if oh-package-lock.json5 does not already match the manifests (CI)')
      .option('--force', 'download and lay out every package again, even when oh_modules is up to date'),
    load: () => import('./install.js'),
  },
  {
    name: 'add',
    summary: 'Add packages to an oh-package.json5 (keeping its comments and layout) and install',
    example: 'hmos add @ohos/axios@^2.2.6 --module entry',
    json: true,
    configure: (cmd) => cmd
      .argument('<packages...>', 'name, name@range, name@tag, or a local folder / .har path')
      .option('-m, --module <name>', 'the module whose oh-package.json5 to edit (default: the one here, else the project root\'s)')
      .option('-D, --dev', 'add to devDependencies')
      .option('--offline', 'use only the download cache'),
    load: async () => ({ run: (await import('./install.js')).runAdd }),
  },
  {
    name: 'remove',
    summary: 'Remove packages from an oh-package.json5 and from oh_modules',
    example: 'hmos remove @ohos/axios --module entry',
    aliases: ['rm'],
    json: true,
    configure: (cmd) => cmd
      .argument('<packages...>', 'package names')
      .option('-m, --module <name>', 'the module whose oh-package.json5 to edit (default: the one here, else the project root\'s)')
      .option('--offline', 'use only the download cache'),
    load: async () => ({ run: (await import('./install.js')).runRemove }),
  },
  {
    name: 'preview',
    summary: 'Build if needed, run the app headless on one device and print or save its screen',
    example: "hmos preview --device watch --do 'click:text=+1' --format png -o screen.png",
    json: false,
    configure: (cmd) => {
      cmd
        .argument('[dir]', 'project root or module folder', '.')
        .option('--device <type>', 'phone | tablet | 2in1 | wearable | tv | car (aliases watch, pc); default: the module\'s first deviceType')
        .option('-m, --module <name>', 'the module to preview (default: the entry module)')
        .option('--page <path>', 'open this page (e.g. pages/Detail) instead of starting the ability')
        .option('--locale <locale>', 'device locale for resources, e.g. zh_CN', 'en_US')
        .option('--color-mode <mode>', 'light | dark', 'light')
        .option('--format <format>', 'text | json | svg | png | cells (the screen in terminal cells, as hmos emulate draws it)', 'text')
        .option('--cols <n>', 'with --format cells: the width in terminal columns (default 48)')
        .option('-o, --output <file>', 'write the screen to a file instead of stdout')
        .option('--do <action>', 'click:<selector> | input:<selector>:<text> | swipe:up|down|left|right[:<selector>] | back | relaunch | wait:<ms> | location:<lat>,<lon> | network:on|off | rotate:portrait|landscape (repeatable, in order)', collect)
        .option('--grant <policy>', 'user_grant permissions: ask (a dialog on the device) | all | none', 'ask')
        .option('--report-unsupported', 'list components drawn only as placeholders (on stderr)');
    },
    load: () => import('./preview.js'),
  },
  {
    name: 'test',
    summary: 'Run the Hypium tests of a module (local and UiTest) on emulated devices in virtual time',
    example: "hmos test --filter 'ActsAbilityTest#assertContain' --junit results.xml",
    json: true,
    configure: (cmd) => cmd
      .argument('[dir]', 'project root or module folder', '.')
      .option('-m, --module <name>', 'the module to test (default: the entry module)')
      .option('--local', 'only the local tests (src/test)')
      .option('--ui', 'only the instrumented tests (src/ohosTest)')
      .option('--devices <types>', "device types for instrumented tests: phone,watch,… or all (default: the module's first)")
      .option('--filter <Suite[#case]>', 'run only these suites or cases (comma-separated, repeatable; Outer.Inner for nested suites)', collect)
      .option('--level <n>', "only cases whose attribute has Level.LEVELn (0–4); cases declared with 0 always run")
      .option('--size <size>', 'only cases of Size.SMALLTEST | MEDIUMTEST | LARGETEST: small, medium or large')
      .option('--test-type <type>', 'only cases of this TestType: function, performance, reliability, security, …')
      .option('--junit <file>', 'write JUnit XML for CI')
      .option('--update-goldens', 'write the goldens matchesGolden() compares with, instead of comparing')
      .option('--real-time', 'run timers and sleeps in real time (default: virtual time)')
      .option('--grant <policy>', 'user_grant permissions: all (granted) | ask (a dialog on the device) | none', 'all')
      .option('--coverage', "write an lcov report of the app's .ets lines and print the summary")
      .option('--shard <i/n>', 'run the i-th of n deterministic parts of the test files (CI matrices)')
      .option('--timeout <ms>', "Hypium's default case timeout (default 5000)")
      .option('-w, --watch', 'run again after every change until Ctrl-C'),
    load: () => import('./test.js'),
  },
  {
    name: 'doctor',
    summary: 'Check this machine: Node, state folder, hdc, terminal features',
    example: 'hmos doctor --json',
    json: true,
    configure: () => {},
    load: () => import('./doctor.js'),
  },
  {
    name: 'build',
    summary: 'Compile an ArkTS project into signed .hap packages',
    example: 'hmos build --module entry --mode release',
    json: true,
    configure: (cmd) => cmd
      .argument('[dir]', 'project root or module folder', '.')
      .option('-m, --module <name>', 'build only this module')
      .option('--mode <mode>', 'debug or release (release minifies)', 'debug')
      .option('-w, --watch', 'rebuild on every change until Ctrl-C')
      .option('--no-daemon', 'build in this process only: neither use nor start the background build daemon (also HMOS_DAEMON=0; off on CI)'),
    load: () => import('./build.js'),
  },
  {
    name: 'daemon',
    summary: 'Show (status) or stop (stop) the background build daemons that keep the compiler warm between builds',
    example: 'hmos daemon stop',
    json: true,
    configure: (cmd) => cmd.argument('[action]', 'status (default) | stop'),
    load: () => import('./daemon.js'),
  },
  {
    name: 'emulate',
    summary: 'Run the project on emulated devices side by side in the terminal, with hot reload (--headless: a device host only)',
    example: 'hmos emulate MyApp --devices phone,watch',
    json: true,
    configure: (cmd) => cmd
      .argument('[dir]', 'the project (default: the current folder)')
      .option('--headless', 'run the devices without a terminal UI')
      .option('--devices <types>', 'comma-separated device types (phone, tablet, 2in1/pc, wearable/watch, tv, car) or all')
      .option('-d, --device <type>', 'add a device of this type (repeatable; a type twice gives two devices)', collect)
      .option('--wipe', 'clear the devices\' data folders first')
      .option('--grant <policy>', 'user_grant permissions: all (granted) | ask (a dialog on the device) | none', 'all')
      .option('--max-hap-mb <n>', 'largest HAP a device accepts, in MB (default 256)'),
    load: () => import('./emulate.js'),
  },
  {
    name: 'devices',
    summary: 'List emulated and real (hdc) devices with their apps; `devices trust <key-file>` trusts a signing key',
    example: 'hmos devices --json',
    json: true,
    configure: (cmd) => cmd.argument('[action]', '`trust` to add a signing key devices accept').argument('[key-file]', 'the key file for `trust`'),
    load: () => import('./devices.js'),
  },
  {
    name: 'deploy',
    summary: 'Install a signed HAP on devices in parallel and launch it',
    example: 'hmos deploy --device phone-1 --device watch-1',
    json: true,
    configure: (cmd) => cmd
      .argument('[dir]', 'the project folder (default: the current folder)')
      .option('--device <id>', 'a device to deploy to (repeatable)', collect)
      .option('--all', 'deploy to every running device')
      .option('--hap <file>', 'deploy this .hap instead of the project\'s built one')
      .option('--hsp <file>', 'with --hap: an HSP the HAP loads, installed with it (repeatable)', collect)
      .option('--no-launch', 'install only')
      .option('--allow-downgrade', 'install even if the installed versionCode is higher')
      .option('--start', 'with no device running, start a headless device host in the background (a device of the app\'s first type)'),
    load: () => import('./deploy.js'),
  },
  {
    name: 'input',
    summary: 'Click, type, swipe or go back on a device (by selector or point); set its location, network, rotation, photos, dark mode, locale, font size',
    example: 'hmos input --device phone-1 click:text=Login input:id=name:Ada back',
    json: true,
    configure: (cmd) => cmd
      .argument('<actions...>', 'click:<selector>|<x>,<y>  input:<selector>:<text>  swipe:up|down|left|right[:<selector>]  back  wait:<ms>  '
        + 'location:<lat>,<lon>  network:on|off  rotate:portrait|landscape  photo:<file>  dark-mode:on|off  locale:<ll_CC>  font-scale:<n>')
      .requiredOption('--device <id>', 'the device'),
    load: () => import('./input.js'),
  },
  {
    name: 'screenshot',
    summary: 'Save a device\'s screen as PNG, SVG or JSON (the element tree with layout)',
    example: 'hmos screenshot --device watch-1 --format svg -o watch.svg',
    json: true,
    configure: (cmd) => cmd
      .requiredOption('--device <id>', 'the device')
      .option('--format <format>', 'png, svg or json', 'png')
      .option('-o, --output <file>', 'where to write it (default: <device>.<format>)'),
    load: () => import('./screenshot.js'),
  },
  {
    name: 'continue',
    summary: 'Hand the running app off from one device to another (cross-device continuation)',
    example: 'hmos continue --from phone-1 --to tablet-1',
    json: true,
    configure: (cmd) => cmd
      .option('--from <id>', 'the device the app runs on now')
      .option('--to <id>', 'the device to continue on (this host or another)')
      .option('--bundle <name>', 'the app to hand off (default: the foreground app of --from)'),
    load: () => import('./continue.js'),
  },
  {
    name: 'logs',
    summary: 'Show or follow device logs',
    example: 'hmos logs --device phone-1 --follow --level info',
    json: true,
    configure: (cmd) => cmd
      .option('--device <id>', 'one device (default: all)')
      .option('-f, --follow', 'keep printing new lines')
      .option('--level <level>', 'lowest level: debug, info, warn or error', 'debug'),
    load: () => import('./logs.js'),
  },
  {
    name: 'agent',
    summary: 'Say something to the agent of a running device: the intent it picks runs in the app (or --dry-run)',
    example: 'hmos agent "add a task buy milk with high priority" --device phone-1 --json',
    json: true,
    configure: (cmd) => {
      cmd.argument('<utterance...>', 'what you would say to the agent');
      cmd.option('--device <id>', 'the emulated device whose agent runs it (default: the only one running)');
      cmd.option('--dry-run', 'only route: print the intent and parameters, run nothing');
      cmd.option('--timeout <ms>', 'how long the intent may run (default 5000, at most 8000)');
      cmd.option('--intents <file>', 'an intent manifest (intents.json) or a .hap; repeatable (default: the HAPs hmos build wrote here)', collect);
      cmd.option('--now <iso>', 'reference time for "tomorrow at 9", e.g. 2026-03-10T10:00:00+08:00');
    },
    load: () => import('./agent.js'),
  },
];

export { collect };
