/**
 * Writes a new project from a template, atomically: everything is rendered into a temp folder beside the target and
 * renamed into place at the end. On an error or an interrupt (Ctrl-C) the temp folder — and any parent folders this
 * call created — are removed, so either the whole project exists or nothing does. With `force`, an existing target is
 * moved aside only once the new project is complete, and removed after the new one is in place.
 */
import { accessSync, constants, existsSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { HmosError } from '../errors.js';
import { tempPathBeside } from '../util/atomic.js';
import { onInterrupt } from '../util/cleanup.js';
import type { DeviceType } from '../runtime/device-profile.js';
import { defaultBundleName, validateBundleName, validateProjectName } from './names.js';
import { assertTemplateName, readTemplateFile, templateFiles, type TemplateName } from './templates.js';

export const DEFAULT_DEVICE_TYPES: Record<TemplateName, DeviceType[]> = {
  app: ['phone', 'tablet'],
  agent: ['phone', 'tablet'],
  'multi-device': ['phone', 'tablet', 'wearable'],
};

export interface CreateOptions {
  /** The project folder to create (relative paths resolve against `cwd`). Its base name is the project name. */
  dir: string;
  cwd?: string;
  template?: string;
  bundleName?: string;
  deviceTypes?: DeviceType[];
  /** Replace a non-empty target folder (only once the new project is complete). */
  force?: boolean;
  /** Test hook: wait this long after each file, so an interrupt can land mid-create. */
  delayPerFileMs?: number;
  /** Called once per file written (progress). */
  onFile?(path: string): void;
}

export interface CreateResult {
  dir: string;
  name: string;
  template: TemplateName;
  bundleName: string;
  deviceTypes: DeviceType[];
  /** Project-relative paths of every file written, `/`-separated, sorted. */
  files: string[];
}

type TargetState = 'missing' | 'empty' | 'non-empty' | 'not-a-folder';

function targetState(target: string): TargetState {
  if (!existsSync(target)) return 'missing';
  if (!statSync(target).isDirectory()) return 'not-a-folder';
  return readdirSync(target).length === 0 ? 'empty' : 'non-empty';
}

function notWritable(folder: string, err: unknown): HmosError {
  const code = (err as NodeJS.ErrnoException)?.code ?? String(err);
  if (code === 'ENOTDIR' || code === 'EEXIST') {
    return new HmosError('CREATE_PARENT_NOT_WRITABLE',
      `Cannot create the project in ${folder}: a file is in the way (${code}) where a folder should be. Pick another location.`,
      { cause: err });
  }
  return new HmosError('CREATE_PARENT_NOT_WRITABLE',
    `Cannot create the project in ${folder}: the folder is not writable (${code}). Pick a folder you can write to, or fix its permissions.`,
    { cause: err });
}

const WRITE_ERRORS = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOTDIR', 'ENOSPC', 'EDQUOT', 'ENAMETOOLONG']);

export async function createProject(options: CreateOptions): Promise<CreateResult> {
  const target = resolve(options.cwd ?? process.cwd(), options.dir);
  const name = validateProjectName(basename(target));
  const template = assertTemplateName(options.template ?? 'app');
  const bundleName = validateBundleName(options.bundleName ?? defaultBundleName(name));
  const deviceTypes = options.deviceTypes ?? DEFAULT_DEVICE_TYPES[template];

  const state = targetState(target);
  if ((state === 'non-empty' || state === 'not-a-folder') && !options.force) {
    throw new HmosError('CREATE_TARGET_NOT_EMPTY',
      `${target} already exists and is ${state === 'non-empty' ? 'not empty' : 'not a folder'}. Pick another folder, or pass --force to replace it (the old one is removed only after the new project is complete).`,
      { location: { file: target } });
  }

  const parent = dirname(target);
  let createdParent: string | undefined;
  let tmp: string | undefined;
  let backup: string | undefined;
  let finished = false;
  // Undo everything this call did; safe to run twice (from the catch and from the interrupt handler).
  const undo = () => {
    if (finished) return;
    if (tmp) rmSync(tmp, { recursive: true, force: true });
    if (backup && existsSync(backup) && !existsSync(target)) renameSync(backup, target);
    if (createdParent) rmSync(createdParent, { recursive: true, force: true });
  };
  const release = onInterrupt(undo);
  try {
    try {
      createdParent = mkdirSync(parent, { recursive: true });
      accessSync(parent, constants.W_OK);
    } catch (err) {
      throw notWritable(parent, err);
    }
    tmp = tempPathBeside(target);
    try {
      mkdirSync(tmp);
    } catch (err) {
      throw notWritable(parent, err);
    }

    const vars = { appName: name, bundleName, template, deviceTypes: JSON.stringify(deviceTypes).replace(/,/g, ', ') };
    const files: string[] = [];
    for (const file of templateFiles(template)) {
      const out = join(tmp, ...file.path.split('/'));
      mkdirSync(dirname(out), { recursive: true });
      writeFileSync(out, readTemplateFile(file, vars));
      files.push(file.path);
      options.onFile?.(file.path);
      // Yield between files so a Ctrl-C is handled here (between whole files), never in the middle of a write.
      await (options.delayPerFileMs ? new Promise((r) => setTimeout(r, options.delayPerFileMs)) : new Promise((r) => setImmediate(r)));
    }

    const now = targetState(target);
    if (now === 'empty') rmdirSync(target);
    else if (now !== 'missing') {
      backup = tempPathBeside(target);
      renameSync(target, backup);
    }
    renameSync(tmp, target);
    finished = true;
    release();
    if (backup) rmSync(backup, { recursive: true, force: true });
    return { dir: target, name, template, bundleName, deviceTypes, files };
  } catch (err) {
    undo();
    release();
    const code = (err as NodeJS.ErrnoException)?.code;
    if (!(err instanceof HmosError) && code && WRITE_ERRORS.has(code)) {
      throw new HmosError('CREATE_WRITE_FAILED', `Could not write the project to ${target} (${code}: ${(err as Error).message}). Nothing was left behind; fix the cause and try again.`, { cause: err });
    }
    throw err;
  }
}
