/** npm's semver, required (a CommonJS package: importing it from ESM makes Node scan it on every start). */
import { createRequire } from 'node:module';
import type * as SemverType from 'semver';

export const semver = createRequire(import.meta.url)('semver') as typeof SemverType;
