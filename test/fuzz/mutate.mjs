/**
 * Mutants of real inputs for the fuzz runs (test/fuzz/fuzz.test.ts in `npm test`, scripts/fuzz.mjs for the long
 * run): the .ets sources of the templates and fixtures, and every config file of a project made from a template.
 * Mutations are drawn with fast-check from a seed, so a run can be repeated exactly.
 */
import fc from 'fast-check';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative } from 'node:path';

const JSON5 = createRequire(import.meta.url)('json5');

/** Every file under `dir` whose name matches `re`. */
export function filesUnder(dir, re) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (name === 'node_modules' || name === 'build' || name === 'oh_modules') continue;
    if (statSync(p).isDirectory()) out.push(...filesUnder(p, re));
    else if (re.test(name)) out.push(p);
  }
  return out;
}

/** The .ets texts mutants start from: the templates' and the fixtures' sources. */
export function etsSeeds(repoRoot) {
  const files = [...filesUnder(join(repoRoot, 'src', 'templates'), /\.ets$/), ...filesUnder(join(repoRoot, 'test', 'fixtures'), /\.ets$/)];
  return files.map((f) => readFileSync(f, 'utf8')).filter((t) => t.length < 200_000);
}

/** The config files of a project (paths relative to it): every .json5 and every resource JSON. */
export function configFiles(projectDir) {
  return filesUnder(projectDir, /\.(json5|json)$/).map((f) => relative(projectDir, f))
    .filter((f) => !f.startsWith('entry/src/ohosTest') && !f.includes('/mock/'));
}

const TOKENS = [
  '{', '}', '(', ')', '[', ']', ';', ',', '.', ':', '?', '=>', '@', '"', "'", '`', '/*', '*/', '//', '\\', '\n', '\r\n', '\t',
  '@State', '@Prop', '@Link', '@Entry', '@Component', '@ComponentV2', '@Local', '@Param', '@Builder', '@BuilderParam', '@Styles',
  '@Extend(Text)', '@Watch("x")', '@Monitor("a.b")', '@Computed', '@InsightIntentEntry({})', '@Observed', '@ObservedV2', '@Trace',
  'struct', 'build()', 'build() {}', 'Column() {', 'Row()', 'Text("x")', 'Button("b")', 'ForEach(this.a, (i) => {})', 'LazyForEach(',
  'If', 'if (', 'else', '.width(', '.onClick(() => {', '$r("app.string.nope")', "$r('app.media.x')", '$rawfile("a")', 'this.', 'export',
  'export default', 'import', "import x from '@ohos.router'", "import { a } from './nope'", "import * as n from '@kit.ArkUI'",
  'function', 'class', 'interface', 'enum', 'let', 'const', 'new', 'return', 'await', 'async', 'yield', 'aboutToAppear()', 'constructor()',
  '0x', '1e400', 'NaN', '-0', '\u0000', '\uFEFF', '\u2028', '\uD800', '中文', '🙂', '${', '</>', '<T>', 'as', 'typeof', '...',
];

const JSON_VALUES = [null, true, false, 0, -1, 1.5, 2 ** 53, '', 'x', '$string:nope', '$profile:main_pages', '$media:icon', '$color:start_window_background',
  '$float:x', '$profile:../../../etc/passwd', './ets/nope/Nope.ets', '../../..', 'pages/Index', 'phone', 'entry', 'com.example.x', [], {}, [null], [{}], { name: null }];

/** One text edit, positions taken modulo the text's length. */
const textOp = fc.oneof(
  fc.record({ op: fc.constant('delete'), at: fc.nat(), len: fc.integer({ min: 1, max: 60 }) }),
  fc.record({ op: fc.constant('duplicate'), at: fc.nat(), len: fc.integer({ min: 1, max: 200 }), times: fc.integer({ min: 1, max: 4 }) }),
  fc.record({ op: fc.constant('insert'), at: fc.nat(), text: fc.oneof(fc.constantFrom(...TOKENS), fc.string({ maxLength: 8 }), fc.string({ unit: 'binary', maxLength: 4 })) }),
  fc.record({ op: fc.constant('replace'), at: fc.nat(), len: fc.integer({ min: 1, max: 20 }), text: fc.constantFrom(...TOKENS) }),
  fc.record({ op: fc.constant('truncate'), at: fc.nat() }),
  fc.record({ op: fc.constant('swapLines'), a: fc.nat(), b: fc.nat() }),
  fc.record({ op: fc.constant('repeat'), at: fc.nat(), text: fc.constantFrom('(', '{', '[', ') ', '} ', 'Column() {', '@a ', 'import {', 'struct a ', '"', '/*', '${'), times: fc.integer({ min: 50, max: 40_000 }) }),
  fc.record({ op: fc.constant('crlf') }),
);

export function applyTextOp(text, o) {
  const n = Math.max(1, text.length);
  const at = (o.at ?? 0) % (n + 1);
  switch (o.op) {
    case 'delete': return text.slice(0, at) + text.slice(at + o.len);
    case 'duplicate': return text.slice(0, at) + text.slice(at, at + o.len).repeat(o.times + 1) + text.slice(at + o.len);
    case 'insert': return text.slice(0, at) + o.text + text.slice(at);
    case 'replace': return text.slice(0, at) + o.text + text.slice(at + o.len);
    case 'truncate': return text.slice(0, at);
    case 'swapLines': {
      const lines = text.split('\n');
      const a = o.a % lines.length;
      const b = o.b % lines.length;
      [lines[a], lines[b]] = [lines[b], lines[a]];
      return lines.join('\n');
    }
    case 'repeat': return text.slice(0, at) + o.text.repeat(o.times) + text.slice(at);
    case 'crlf': return text.replace(/\n/g, '\r\n');
    default: return text;
  }
}

/** Paths to every value of a JSON value (iteratively; values here are small). */
function pathsOf(value) {
  const out = [[]];
  const stack = [[value, []]];
  while (stack.length) {
    const [v, p] = stack.pop();
    if (v && typeof v === 'object') {
      for (const [k, c] of Object.entries(v)) {
        const q = [...p, Array.isArray(v) ? Number(k) : k];
        out.push(q);
        stack.push([c, q]);
      }
    }
  }
  return out;
}

/** One structural edit of a JSON5 value: a value replaced (by something of the wrong type, huge, deep…), a key dropped. */
const jsonOp = fc.oneof(
  fc.record({ op: fc.constant('set'), path: fc.nat(), value: fc.oneof(fc.constantFrom(...JSON_VALUES), fc.jsonValue({ maxDepth: 3 })) }),
  fc.record({ op: fc.constant('setHuge'), path: fc.nat(), kind: fc.constantFrom('deep', 'wide', 'long'), size: fc.integer({ min: 90, max: 3000 }) }),
  fc.record({ op: fc.constant('drop'), path: fc.nat() }),
  fc.record({ op: fc.constant('rename'), path: fc.nat(), to: fc.constantFrom('__proto__', 'constructor', 'name', 'src', '', 'x y') }),
);

function huge(kind, size) {
  if (kind === 'deep') {
    let v = [];
    for (let i = 0; i < size; i++) v = [v];
    return v;
  }
  if (kind === 'wide') return Array.from({ length: size * 10 }, (_, i) => ({ name: `n${i}`, value: i }));
  return 'x'.repeat(size * 1000);
}

export function applyJsonOp(text, o) {
  let value;
  try {
    value = JSON5.parse(text);
  } catch {
    return text; // already broken: leave it to the text edits
  }
  const paths = pathsOf(value);
  const path = paths[o.path % paths.length];
  if (path.length === 0) return o.op === 'set' ? JSON.stringify(o.value) : text;
  const parent = path.slice(0, -1).reduce((v, k) => v[k], value);
  const key = path[path.length - 1];
  if (o.op === 'set') parent[key] = o.value;
  else if (o.op === 'setHuge') parent[key] = huge(o.kind, o.size);
  else if (o.op === 'drop') {
    if (Array.isArray(parent)) parent.splice(key, 1);
    else delete parent[key];
  } else if (o.op === 'rename' && !Array.isArray(parent)) {
    const v = parent[key];
    delete parent[key];
    Object.defineProperty(parent, o.to, { value: v, enumerable: true, configurable: true, writable: true });
  }
  try {
    return o.op === 'setHuge' && o.kind === 'deep' ? JSON.stringify(value) : JSON5.stringify(value, null, 2);
  } catch {
    return text;
  }
}

/** An .ets mutant: a seed source (by index) with 1–3 text edits. */
export const etsMutant = (seedCount) => fc.record({ seed: fc.nat({ max: seedCount - 1 }), ops: fc.array(textOp, { minLength: 1, maxLength: 3 }) });

/** A config mutant: a config file (by index) with 1–2 structural edits and 0–2 text edits. */
export const configMutant = (fileCount) => fc.record({
  file: fc.nat({ max: fileCount - 1 }),
  json: fc.array(jsonOp, { minLength: 0, maxLength: 2 }),
  text: fc.array(textOp, { minLength: 0, maxLength: 2 }),
}).filter((m) => m.json.length + m.text.length > 0);

/** The `count` mutants of a run with `seed`: half .ets sources, half config files (each file in turn). */
const MAX_TEXT = 2 * 1024 * 1024;

export function mutants({ repoRoot, projectDir, count, seed }) {
  const seeds = etsSeeds(repoRoot);
  const configs = configFiles(projectDir);
  const pages = ['entry/src/main/ets/pages/Index.ets', 'entry/src/main/ets/pages/Detail.ets'];
  const nEts = Math.ceil(count / 2);
  // Texts are made when a mutant is used (a getter), not all up front: 20,000 of them held at once, with edits that
  // compound (duplicate, repeat, huge values), took minutes and gigabytes before the first build. Each text is capped at
  // MAX_TEXT — well past every size limit the compiler must handle (C1 was 400 KB).
  const lazy = (kind, file, make) => ({ kind, file, get text() { const t = make(); return t.length > MAX_TEXT ? t.slice(0, MAX_TEXT) : t; } });
  const ets = fc.sample(etsMutant(seeds.length), { seed, numRuns: nEts }).map((m, i) =>
    lazy('ets', pages[i % pages.length], () => m.ops.reduce(applyTextOp, seeds[m.seed])));
  const originals = new Map(configs.map((file) => [file, readFileSync(join(projectDir, file), 'utf8')]));
  const cfg = fc.sample(configMutant(configs.length), { seed: seed + 1, numRuns: count - nEts }).map((m, i) => {
    const file = configs[(m.file + i) % configs.length];
    return lazy('config', file, () => m.text.reduce(applyTextOp, m.json.reduce(applyJsonOp, originals.get(file))));
  });
  const out = [];
  for (let i = 0; i < Math.max(ets.length, cfg.length); i++) {
    if (ets[i]) out.push(ets[i]);
    if (cfg[i]) out.push(cfg[i]);
  }
  return out;
}
