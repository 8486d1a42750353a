/** Finds the signed HAP `hmos build` wrote for a project: `<module>/build/default/outputs/default/<module>-default-signed.hap`. */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

export function findBuiltHaps(projectDir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(projectDir);
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const mod of names) {
    const file = join(projectDir, mod, 'build', 'default', 'outputs', 'default', `${mod}-default-signed.hap`);
    if (existsSync(file) && statSync(file).isFile()) out.push(file);
  }
  return out;
}
