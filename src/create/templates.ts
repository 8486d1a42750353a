/**
 * The project templates shipped in `src/templates/` (package.json `files` includes it): `common/` holds the files every
 * project gets, `<template>/` adds or overrides files. Text files are rendered with `{{placeholder}}`s; `_gitignore`
 * becomes `.gitignore` and a `.tmpl` suffix is dropped (it keeps tools from treating template sources as project code).
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { HmosError } from '../errors.js';

export const TEMPLATE_NAMES = ['app', 'agent', 'multi-device'] as const;
export type TemplateName = (typeof TEMPLATE_NAMES)[number];

export const TEMPLATE_SUMMARIES: Record<TemplateName, string> = {
  app: 'a counter and a list; tapping an item opens a detail page (@ComponentV2, router)',
  agent: '"Tasks": a to-do app with three insight intents an assistant can run',
  'multi-device': 'one codebase for phone, tablet and watch: breakpoints, handoff, distributed KV',
};

export function assertTemplateName(name: string): TemplateName {
  if ((TEMPLATE_NAMES as readonly string[]).includes(name)) return name as TemplateName;
  throw new HmosError('CREATE_UNKNOWN_TEMPLATE', `Unknown template "${name}". Valid templates: ${TEMPLATE_NAMES.join(', ')}.`,
    { details: TEMPLATE_NAMES.map((t) => `  ${t.padEnd(13)} ${TEMPLATE_SUMMARIES[t]}`).join('\n') });
}

let root: string | undefined;

/**
 * The templates folder. This module runs from src/create/ (vitest), from dist/ or from a dist/chunks/ file (the
 * bundle splits code), so look in each place relative to this file.
 */
export function templatesRoot(): string {
  if (root) return root;
  for (const rel of ['../templates/', '../src/templates/', '../../src/templates/']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(join(dir, 'common'))) return (root = dir);
  }
  throw new Error(`hmos: the project templates are missing (looked beside ${fileURLToPath(import.meta.url)}); reinstall hmos.`);
}

export interface TemplateFile {
  /** Path in the new project, with `/` separators. */
  path: string;
  /** Absolute path of the template source. */
  source: string;
  /** Whether placeholders are rendered (text) or the bytes are copied (images). */
  text: boolean;
}

const TEXT_EXTENSIONS = new Set(['.ets', '.ts', '.json', '.json5', '.md', '.txt']);

function outputName(name: string): string {
  if (name === '_gitignore') return '.gitignore';
  return name.endsWith('.tmpl') ? name.slice(0, -'.tmpl'.length) : name;
}

function isText(outName: string): boolean {
  if (outName === '.gitignore') return true;
  const dot = outName.lastIndexOf('.');
  return dot > 0 && TEXT_EXTENSIONS.has(outName.slice(dot));
}

function walk(dir: string, prefix: string, into: Map<string, TemplateFile>): void {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const source = join(dir, entry.name);
    if (entry.isDirectory()) {
      walk(source, `${prefix}${entry.name}/`, into);
    } else if (entry.isFile()) {
      const path = prefix + outputName(entry.name);
      into.set(path, { path, source, text: isText(path) });
    }
  }
}

/** Every file of a template (common files first, then the template's own, which win on the same path), sorted by path. */
export function templateFiles(template: TemplateName): TemplateFile[] {
  const files = new Map<string, TemplateFile>();
  walk(join(templatesRoot(), 'common'), '', files);
  walk(join(templatesRoot(), template), '', files);
  return [...files.values()].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export type TemplateVariables = Record<string, string>;

/** Replaces `{{name}}` placeholders. An unknown placeholder is a bug in a template, so it throws a plain Error. */
export function renderTemplate(text: string, vars: TemplateVariables, file = '<template>'): string {
  return text.replace(/\{\{\s*([A-Za-z][A-Za-z0-9_]*)\s*\}\}/g, (_, name: string) => {
    if (!Object.prototype.hasOwnProperty.call(vars, name)) throw new Error(`template ${file}: unknown placeholder {{${name}}}`);
    return vars[name];
  });
}

export function readTemplateFile(file: TemplateFile, vars: TemplateVariables): string | Buffer {
  const bytes = readFileSync(file.source);
  return file.text ? renderTemplate(bytes.toString('utf8'), vars, file.path) : bytes;
}
