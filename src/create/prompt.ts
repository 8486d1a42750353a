/**
 * The interactive part of `hmos create` (a TTY and no folder given): asks for the project name and the template.
 * @clack/prompts is imported here only, and this module only when a prompt is needed.
 */
import * as p from '@clack/prompts';
import { HmosError } from '../errors.js';
import { validateProjectName } from './names.js';
import { TEMPLATE_NAMES, TEMPLATE_SUMMARIES, type TemplateName } from './templates.js';

export interface PromptAnswers {
  name: string;
  template: TemplateName;
}

function cancelled(): never {
  p.cancel('Cancelled: nothing was created.');
  throw new HmosError('CREATE_CANCELLED', 'Project creation was cancelled; nothing was created.');
}

export async function askForProject(defaults: { name?: string; template?: TemplateName } = {}): Promise<PromptAnswers> {
  const fallbackName = defaults.name ?? 'MyApplication';
  p.intro('hmos create — a new HarmonyOS (ArkTS) project');
  const name = await p.text({
    message: 'Project name (also its folder)',
    placeholder: fallbackName,
    defaultValue: fallbackName,
    validate: (value) => {
      if (!value) return undefined; // empty → the default
      try {
        validateProjectName(value);
        return undefined;
      } catch (err) {
        return (err as Error).message;
      }
    },
  });
  if (p.isCancel(name)) cancelled();
  const template = await p.select<TemplateName>({
    message: 'Template',
    initialValue: defaults.template ?? 'app',
    options: TEMPLATE_NAMES.map((t) => ({ value: t, label: t, hint: TEMPLATE_SUMMARIES[t] })),
  });
  if (p.isCancel(template)) cancelled();
  return { name: String(name), template };
}

export function outro(message: string): void {
  p.outro(message);
}
