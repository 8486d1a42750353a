#!/usr/bin/env node
// A small npm/ohpm-compatible registry, run as its own process on 127.0.0.1 by the install tests, the bench and
// scripts/local-registry.mjs. It serves what a real ohpm registry serves for installs:
//   GET /<prefix>/<name>              (name may be @scope/name or @scope%2fname) → the packument:
//                                     { name, dist-tags, versions: { v: { name, version, dependencies, dist: {tarball, integrity, shasum} } } }
//   GET /<prefix>/<name>/-/<file>     → the archive bytes (gzip tar, entries under package/)
// from a folder laid out as  <root>/<prefix>/<name>/<version>.har  (or .tgz) plus  <root>/<prefix>/<name>/meta.json
// ({ "dist-tags": {…}, "versions": { "<v>": { "dependencies": {…} } } } — written by the test that builds the archives).
// A prefix listed in <root>/tokens.json ({ "<prefix>": "<token>" }) answers 401 without `Authorization: Bearer <token>`.
//
// Faults for the bad-input tests, set with POST /-/faults (JSON list, first match wins, `times` counts down):
//   { match: "<substring of the path>", status: 503, times: 2 }      an HTTP status instead of the answer
//   { match, delayMs: 5000 }                                           answer late (a slow registry)
//   { match, body: "<html>oops</html>", type: "text/html" }           a non-JSON answer
//   { match, corrupt: true }                                           archive bytes that do not match their integrity
// GET /-/requests lists the requests so far ({ path, auth }); POST /-/reset clears faults and that list.
// Prints `listening <port>` on stdout once ready; exits on SIGTERM or when stdin closes (its parent died).
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const args = process.argv.slice(2);
const rootArg = args.indexOf('--root');
const portArg = args.indexOf('--port');
if (rootArg < 0) {
  process.stderr.write('usage: registry-server.mjs --root <folder> [--port <n>]\n');
  process.exit(2);
}
const root = args[rootArg + 1];
let faults = [];
let requests = [];

function tokens() {
  const f = join(root, 'tokens.json');
  return existsSync(f) ? JSON.parse(readFileSync(f, 'utf8')) : {};
}

function packageDir(prefix, name) {
  return join(root, prefix, ...name.split('/'));
}

function archiveFile(dir, version) {
  for (const ext of ['.har', '.tgz']) if (existsSync(join(dir, version + ext))) return join(dir, version + ext);
  return undefined;
}

function packument(base, prefix, name) {
  const dir = packageDir(prefix, name);
  if (!existsSync(join(dir, 'meta.json'))) return undefined;
  const meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'));
  const versions = {};
  for (const v of Object.keys(meta.versions ?? {})) {
    const file = archiveFile(dir, v);
    if (!file) continue;
    const bytes = readFileSync(file);
    const short = name.includes('/') ? name.split('/')[1] : name;
    versions[v] = {
      name,
      version: v,
      ...meta.versions[v],
      dist: {
        tarball: `${base}/${prefix}/${name}/-/${short}-${v}${file.slice(file.lastIndexOf('.'))}`,
        integrity: 'sha512-' + createHash('sha512').update(bytes).digest('base64'),
        shasum: createHash('sha1').update(bytes).digest('hex'),
      },
    };
  }
  return { name, 'dist-tags': meta['dist-tags'] ?? {}, versions };
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? '/', 'http://x');
  const path = decodeURIComponent(url.pathname);
  if (path === '/-/faults' && req.method === 'POST') {
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      faults = JSON.parse(body);
      res.end('{}');
    });
    return;
  }
  if (path === '/-/reset') {
    faults = [];
    requests = [];
    res.end('{}');
    return;
  }
  if (path === '/-/requests') {
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(requests));
    return;
  }
  requests.push({ path, auth: req.headers.authorization ?? null });
  const fault = faults.find((f) => path.includes(f.match) && (f.times === undefined || f.times > 0));
  if (fault && fault.times !== undefined) fault.times--;
  const answer = () => serve(req, res, path);
  if (fault?.delayMs) {
    const t = setTimeout(() => (fault.status || fault.body ? injected(res, fault) : answer()), fault.delayMs);
    res.on('close', () => clearTimeout(t));
    return;
  }
  if (fault && (fault.status || fault.body !== undefined)) return injected(res, fault);
  if (fault?.corrupt) return serve(req, res, path, true);
  answer();
});

function injected(res, fault) {
  res.statusCode = fault.status ?? 200;
  res.setHeader('content-type', fault.type ?? 'text/plain');
  res.end(fault.body ?? `injected ${fault.status}`);
}

function serve(req, res, path, corrupt = false) {
  const base = `http://${req.headers.host}`;
  const parts = path.split('/').filter(Boolean);
  const prefix = parts.shift();
  if (!prefix || !existsSync(join(root, prefix))) return notFound(res);
  const token = tokens()[prefix];
  if (token && req.headers.authorization !== `Bearer ${token}`) {
    res.statusCode = 401;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify({ error: 'authentication required' }));
    return;
  }
  const dash = parts.indexOf('-');
  const name = (dash >= 0 ? parts.slice(0, dash) : parts).join('/');
  if (!name) return notFound(res);
  if (dash >= 0) {
    const file = parts.slice(dash + 1).join('/');
    const version = /-(\d[^/]*)\.(har|tgz)$/.exec(file)?.[1];
    const archive = version && archiveFile(packageDir(prefix, name), version);
    if (!archive) return notFound(res);
    let bytes = readFileSync(archive);
    if (corrupt) {
      bytes = Buffer.from(bytes);
      bytes[bytes.length - 5] ^= 0xff;
    }
    res.setHeader('content-type', 'application/octet-stream');
    res.end(bytes);
    return;
  }
  const doc = packument(base, prefix, name);
  if (!doc) return notFound(res);
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify(doc));
}

function notFound(res) {
  res.statusCode = 404;
  res.setHeader('content-type', 'application/json');
  res.end(JSON.stringify({ error: 'not found' }));
}

server.listen(portArg >= 0 ? Number(args[portArg + 1]) : 0, '127.0.0.1', () => {
  process.stdout.write(`listening ${server.address().port}\n`);
});
const stop = () => process.exit(0);
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdin.on('end', stop);
process.stdin.resume();
