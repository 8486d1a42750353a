/**
 * The app's file system: app-visible paths (`/data/storage/el2/base/haps/entry/files/a.txt`, as `context.filesDir`
 * gives them) map into the app's folder under the device's data dir. Anything outside `/data/storage/` — or
 * escaping it with `..` or a symlink — is refused with the reference error code 13900002 (no such file) / 13900012
 * (permission denied), never read.
 */
import fs from 'node:fs';
import path from 'node:path';

const VIRTUAL_ROOT = '/data/storage';

export class SandboxFsError extends Error {
  constructor(message: string, readonly code: number) { super(message); }
}

export class SandboxFs {
  constructor(readonly hostRoot: string) {
    fs.mkdirSync(hostRoot, { recursive: true });
  }

  /** App path → host path inside hostRoot, or a SandboxFsError. */
  resolve(appPath: unknown): string {
    if (typeof appPath !== 'string' || appPath === '') throw new SandboxFsError('Invalid path', 401);
    const norm = path.posix.normalize(appPath);
    if (!(norm === VIRTUAL_ROOT || norm.startsWith(VIRTUAL_ROOT + '/'))) {
      throw new SandboxFsError(`Permission denied: '${appPath}' is outside the app sandbox (${VIRTUAL_ROOT})`, 13900012);
    }
    const host = path.join(this.hostRoot, norm.slice(VIRTUAL_ROOT.length));
    const rel = path.relative(this.hostRoot, host);
    if (rel.startsWith('..') || path.isAbsolute(rel)) throw new SandboxFsError(`Permission denied: '${appPath}'`, 13900012);
    // A symlink planted inside the sandbox (a restored backup, a user's `ln -s`) must not lead out of it — a dangling
    // one neither: writing through it would create its target. The deepest path that exists as an entry (lstat: a
    // link counts, followed or not) must resolve inside; one whose target is missing does not resolve at all.
    let probe = host;
    while (!fs.lstatSync(probe, { throwIfNoEntry: false }) && probe !== this.hostRoot) probe = path.dirname(probe);
    let real: string;
    try { real = fs.realpathSync(probe); } catch { throw new SandboxFsError(`Permission denied: '${appPath}'`, 13900012); }
    const realRoot = fs.realpathSync(this.hostRoot);
    if (real !== realRoot && !real.startsWith(realRoot + path.sep)) throw new SandboxFsError(`Permission denied: '${appPath}'`, 13900012);
    return host;
  }

  private exists(p: string): void {
    if (!fs.existsSync(p)) throw new SandboxFsError('No such file or directory', 13900002);
  }

  open(appPath: string, mode: number): void {
    const p = this.resolve(appPath);
    if (mode & 0o100) { if (!fs.existsSync(p)) fs.writeFileSync(p, ''); } else this.exists(p);
    if (mode & 0o1000) fs.writeFileSync(p, '');
  }
  readText(appPath: string): string { const p = this.resolve(appPath); this.exists(p); return fs.readFileSync(p, 'utf8'); }
  /** offset -1 appends; truncate replaces the file. */
  write(appPath: string, text: string, offset: number, truncate = false): void {
    const p = this.resolve(appPath);
    if (truncate || !fs.existsSync(p)) { fs.writeFileSync(p, text); return; }
    if (offset < 0) { fs.appendFileSync(p, text); return; }
    const cur = fs.readFileSync(p);
    const add = Buffer.from(text, 'utf8');
    const out = Buffer.alloc(Math.max(cur.length, offset + add.length));
    cur.copy(out); add.copy(out, offset);
    fs.writeFileSync(p, out);
  }
  access(appPath: string): boolean { return fs.existsSync(this.resolve(appPath)); }
  mkdir(appPath: string, recursive: boolean): void { fs.mkdirSync(this.resolve(appPath), { recursive }); }
  rm(appPath: string): void { const p = this.resolve(appPath); this.exists(p); fs.rmSync(p, { recursive: true }); }
  list(appPath: string): string[] { const p = this.resolve(appPath); this.exists(p); return fs.readdirSync(p); }
  stat(appPath: string): { size: number; mtime: number; file: boolean } {
    const p = this.resolve(appPath); this.exists(p);
    const s = fs.statSync(p);
    return { size: s.size, mtime: Math.floor(s.mtimeMs / 1000), file: s.isFile() };
  }
  copy(from: string, to: string): void { fs.copyFileSync(this.resolve(from), this.resolve(to)); }
  rename(from: string, to: string): void { fs.renameSync(this.resolve(from), this.resolve(to)); }
}
