// `hmos test` end to end (a child process, as a user runs it), in virtual time beside the same run with --real-time:
//  - templateTests: the app template's tests (2 local cases + 4 UI cases with 2.5 s of sleeps) on a fresh copy, the
//    test build included (no build outputs before each run) — target ≤ 1500 ms;
//  - sleepyUiCases: 100 UI cases that each sleep 1 s (driver.delayMs) and then look for a component — target ≤ 5000 ms.
//    Its real-time baseline runs 10 of the cases (100 would take over 100 s); the figure says so.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { figure, median, round, sample, timeCli } from './util.mjs';

/** CPU time (user + system, ms) of this process's finished children, from /proc (Linux); undefined elsewhere. On a
 *  shared machine wall time mostly measures the wait for a core; the CPU a run used says what it costs. */
function childCpuMs() {
  try {
    const fields = readFileSync('/proc/self/stat', 'utf8').replace(/^.*\) /, '').split(' ');
    return ((Number(fields[13]) + Number(fields[14])) * 1000) / 100; // cutime + cstime, in USER_HZ (100 on Linux)
  } catch { return undefined; }
}
/** Runs fn, adding the CPU its child processes used to `cpu`. */
function withCpu(fn, cpu) {
  return () => { const c0 = childCpuMs(); const ms = fn(); const c1 = childCpuMs(); if (c0 !== undefined && c1 !== undefined) cpu.push(c1 - c0); return ms; };
}

const SLEEPY_CASES = 100;
const REAL_TIME_CASES = 10;

export async function bench() {
  const work = mkdtempSync(join(tmpdir(), 'hmos-bench-test-'));
  const home = join(work, 'home');
  const env = { ...process.env, HMOS_HOME: home, CI: '' };
  let n = 0;
  try {
    const template = join(work, 'template');
    timeCli(['create', template, '--template', 'app'], { env });
    // The golden is recorded by a first run; the measured runs compare with it, as on a developer's machine.
    timeCli(['test', template], { env });
    const fresh = () => {
      const dir = join(work, `t${n++}`);
      cpSync(template, dir, { recursive: true, filter: (src) => !/[\\/]build$/.test(src) });
      return dir;
    };
    const templateCpu = [];
    const virtual = await sample(withCpu(() => timeCli(['test', fresh()], { env }), templateCpu), { runs: 7, warmup: 1 });
    const real = await sample(() => timeCli(['test', fresh(), '--real-time'], { env }), { runs: 3, warmup: 0 });

    const sleepy = join(work, 'sleepy');
    cpSync(template, sleepy, { recursive: true, filter: (src) => !/[\\/](build|goldens)$/.test(src) });
    const testDir = join(sleepy, 'entry/src/ohosTest/ets/test');
    rmSync(testDir, { recursive: true, force: true });
    mkdirSync(testDir, { recursive: true });
    writeFileSync(join(testDir, 'List.test.ets'), "import sleepyTest from './Sleepy.test';\n\nexport default function testsuite() {\n  sleepyTest();\n}\n");
    const cases = Array.from({ length: SLEEPY_CASES }, (_, i) => `    it('case ${i}', 0, async () => {
      const driver = Driver.create();
      await driver.delayMs(1000);
      await driver.assertComponentExist(ON.id('count'));
    });`).join('\n');
    writeFileSync(join(testDir, 'Sleepy.test.ets'), `import { abilityDelegatorRegistry, Driver, ON } from '@kit.TestKit';
import { describe, beforeAll, it } from '@ohos/hypium';

export default function sleepyTest() {
  describe('Sleepy', () => {
    beforeAll(async () => {
      await abilityDelegatorRegistry.getAbilityDelegator().startAbility({ bundleName: abilityDelegatorRegistry.getArguments().bundleName, abilityName: 'EntryAbility' });
    });
${cases}
  });
}
`);
    const sleepyCpu = [];
    const sleepyVirtual = await sample(withCpu(() => timeCli(['test', sleepy, '--ui'], { env }), sleepyCpu), { runs: 3, warmup: 1 });
    const realFilter = Array.from({ length: REAL_TIME_CASES }, (_, i) => `Sleepy#case ${i}`).join(',');
    const sleepyReal = await sample(() => timeCli(['test', sleepy, '--ui', '--real-time', '--filter', realFilter], { env }), { runs: 1, warmup: 0 });
    return {
      templateTests: figure(virtual, 1500, { baseline: { what: 'the same run with --real-time', median: round(median(real)), runs: real.length },
        ...(templateCpu.length ? { cpuMedian: round(median(templateCpu.slice(-virtual.length))), load: loadAverage() } : {}) }),
      sleepyUiCases: figure(sleepyVirtual, 5000, {
        cases: SLEEPY_CASES,
        ...(sleepyCpu.length ? { cpuMedian: round(median(sleepyCpu.slice(-sleepyVirtual.length))), load: loadAverage() } : {}),
        baseline: { what: `--real-time on ${REAL_TIME_CASES} of the ${SLEEPY_CASES} cases (the full count would take over ${SLEEPY_CASES} s)`, median: round(median(sleepyReal)), cases: REAL_TIME_CASES, perCase: round(median(sleepyReal) / REAL_TIME_CASES) },
      }),
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

/** The 1-minute load average, to read the wall times against (2 cores: above 2 the runs wait for a core). */
function loadAverage() {
  try { return Number(readFileSync('/proc/loadavg', 'utf8').split(' ')[0]); } catch { return undefined; }
}
