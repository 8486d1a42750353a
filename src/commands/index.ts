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
      .option('-w, --watch', 'rebuild on every change until Ctrl-C'),
    load: () => import('./build.js'),
  },
  {
    name: 'agent',
    summary: 'Route an utterance to an intent and its parameters (dry run)',
    example: 'hmos agent "add a task buy milk with high priority" --json',
    json: true,
    configure: (cmd) => {
      cmd.argument('<utterance...>', 'what you would say to the agent');
      cmd.option('--intents <file>', 'an intent manifest (intents.json) or a .hap; repeatable (default: the HAPs hmos build wrote here)', collect);
      cmd.option('--now <iso>', 'reference time for "tomorrow at 9", e.g. 2026-03-10T10:00:00+08:00');
    },
    load: () => import('./agent.js'),
  },
];

export { collect };
