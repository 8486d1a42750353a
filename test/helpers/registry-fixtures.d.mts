export interface FixturePackage {
  name: string;
  version: string;
  dir: string;
  manifest: { file: string; value: Record<string, unknown> };
}

export interface Fault {
  match: string;
  status?: number;
  times?: number;
  delayMs?: number;
  body?: string;
  type?: string;
  corrupt?: boolean;
}

export interface TestRegistry {
  port: number;
  base: string;
  url(prefix: string): string;
  faults(list: Fault[]): Promise<unknown>;
  reset(): Promise<unknown>;
  requests(): Promise<{ path: string; auth: string | null }[]>;
  stop(): Promise<void>;
}

export function packArchive(srcDir: string, outFile: string): string;
export function fixturePackages(packagesDir: string): FixturePackage[];
export function publishPackages(registryRoot: string, prefix: string, packagesDir: string, only?: string[]): FixturePackage[];
export function publishArchive(registryRoot: string, prefix: string, file: string): { name: string; version: string };
export function protectPrefix(registryRoot: string, prefix: string, token: string): void;
export function startRegistry(registryRoot: string): Promise<TestRegistry>;
