import { relative } from 'node:path';
import type { CommandContext } from './context.js';
import { HmosError } from '../errors.js';
import { createProject } from '../create/create-project.js';
import { parseDeviceTypes } from '../create/names.js';
import { assertTemplateName, type TemplateName } from '../create/templates.js';

export interface CreateCommandOptions {
  template?: string;
  bundleName?: string;
  deviceTypes?: string;
  force?: boolean;
  json?: boolean;
}

/** `hmos create [dir]`: see src/create/ for the rules and the atomic write. */
export async function run(ctx: CommandContext, args: unknown[], options: CreateCommandOptions): Promise<number> {
  let dir = typeof args[0] === 'string' ? args[0] : undefined;
  // Validate what was given before asking anything.
  let template: TemplateName | undefined = options.template !== undefined ? assertTemplateName(options.template) : undefined;
  const deviceTypes = options.deviceTypes !== undefined ? parseDeviceTypes(options.deviceTypes) : undefined;

  const interactive = dir === undefined && !ctx.json && Boolean(ctx.stdin.isTTY) && Boolean(ctx.stdout.isTTY);
  let prompt: typeof import('../create/prompt.js') | undefined;
  if (dir === undefined) {
    if (!interactive) {
      throw new HmosError('CREATE_NO_NAME', 'Say which project folder to create, e.g. `hmos create MyApp --template app` (it only asks in a terminal, and never with --json).');
    }
    prompt = await import('../create/prompt.js');
    const answers = await prompt.askForProject({ template });
    dir = answers.name;
    template = answers.template;
  }

  // HMOS_CREATE_SLOW_MS is a test hook: it slows creation down so a test can interrupt it half-way.
  const slow = Number(ctx.env.HMOS_CREATE_SLOW_MS ?? 0);
  const result = await createProject({
    dir, cwd: ctx.cwd, template, bundleName: options.bundleName, deviceTypes, force: options.force,
    delayPerFileMs: Number.isFinite(slow) && slow > 0 ? slow : undefined,
  });

  const shown = relative(ctx.cwd, result.dir) || '.';
  const where = shown.startsWith('..') ? result.dir : shown;
  ctx.result({ dir: result.dir, name: result.name, template: result.template, bundleName: result.bundleName, deviceTypes: result.deviceTypes, files: result.files }, () => {
    const c = ctx.color;
    const lines = [
      `${c.green(ctx.unicode ? '✓' : 'ok')} Created ${c.bold(result.name)} (${result.template} template, ${result.bundleName}) in ${where} — ${result.files.length} files`,
      `  device types: ${result.deviceTypes.join(', ')}`,
      '',
      'Next:',
      `  cd ${where}`,
      '  hmos build                 # compile to a signed .hap',
      `  hmos emulate --devices ${result.deviceTypes.join(',')}`,
      '  (it also opens in DevEco Studio)',
    ];
    return lines.join('\n');
  });
  if (prompt) prompt.outro(`Created ${result.name}.`);
  return 0;
}
