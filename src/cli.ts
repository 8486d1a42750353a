import { Command, CommanderError } from 'commander';
import pkg from '../package.json' with { type: 'json' };
import { commands } from './commands/index.js';
import { createContext } from './commands/context.js';
import { BUG_REPORT, formatLocation, isHmosError } from './errors.js';
import { colorEnabled, palette } from './util/terminal.js';

/** Builds the commander program. Exported for tests of help and errors. */
export function buildProgram(): Command {
  const program = new Command('hmos');
  program
    .description('Create, build, emulate and deploy HarmonyOS-style ArkTS apps and agents from the terminal.')
    .version(pkg.version, '-V, --version', 'print the hmos version')
    .helpOption('-h, --help', 'show help')
    .showSuggestionAfterError(true)
    .configureHelp({ sortSubcommands: false, subcommandTerm: (cmd) => cmd.name() })
    .addHelpText('after', () => {
      const lines = commands.map((c) => `  $ ${c.example}`);
      return `\nExamples:\n${lines.join('\n')}\n\nRun 'hmos <command> --help' for a command's options.`;
    });

  for (const spec of commands) {
    const cmd = program.command(spec.name).description(spec.summary);
    if (spec.aliases) cmd.aliases(spec.aliases);
    spec.configure(cmd);
    if (spec.json) cmd.option('--json', 'print machine-readable JSON on stdout');
    cmd.addHelpText('after', `\nExample:\n  $ ${spec.example}`);
    cmd.action(async (...all: unknown[]) => {
      const command = all[all.length - 1] as Command;
      const options = command.opts();
      const args = all.slice(0, all.length - 2);
      const ctx = createContext({ json: Boolean(options.json) });
      const mod = await spec.load();
      const code = await mod.run(ctx, args, options);
      if (typeof code === 'number' && code !== 0) process.exitCode = code;
    });
  }
  return program;
}

export async function main(argv: string[]): Promise<void> {
  const program = buildProgram();
  program.exitOverride();
  const json = argv.includes('--json');
  try {
    if (argv.length <= 2) {
      program.outputHelp();
      return;
    }
    await program.parseAsync(argv);
  } catch (err) {
    if (err instanceof CommanderError) {
      // help and version "errors" are normal exits; usage errors were already printed by commander.
      process.exitCode = err.exitCode === 0 ? 0 : 1;
      return;
    }
    process.exitCode = reportError(err, json);
  }
}

/** Prints an error the way users should see it and returns the exit status: 1 for user errors, 2 for bugs. */
export function reportError(err: unknown, json: boolean): number {
  const c = palette(!json && colorEnabled(process.stderr));
  if (isHmosError(err)) {
    if (json) process.stdout.write(JSON.stringify({ error: err.toJSON() }, null, 2) + '\n');
    const where = formatLocation(err.location);
    process.stderr.write(`${where ? c.bold(where) + ': ' : ''}${c.red('error')} ${c.bold(err.code)}: ${err.message}\n`);
    if (err.details) process.stderr.write(err.details.replace(/\n?$/, '\n'));
    return 1;
  }
  const stack = err instanceof Error ? err.stack ?? String(err) : String(err);
  if (json) process.stdout.write(JSON.stringify({ error: { code: 'INTERNAL', message: String((err as Error)?.message ?? err) } }) + '\n');
  process.stderr.write(`${c.red('internal error')} (${BUG_REPORT}):\n${stack}\n`);
  return 2;
}
