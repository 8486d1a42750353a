// The agent router's quality and speed: accuracy on the eval set (tuning and held-out, three apps), routing time with
// 100 installed intents, utterance → executed time through the agent service with an in-process executor, and
// utterance → executed on a running device: the agent template built by `hmos build`, installed and launched on a
// real device host, each utterance sent to POST /v1/devices/phone-1/agent and timed until the answer (routing, the
// device worker, the intent running in the app's realm, the page updated). The router's public module
// (src/agent/index.ts) is bundled by esbuild first.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { connectorJson, figure, median, root, startHostProcess } from './util.mjs';

const fixtures = join(root, 'test', 'fixtures', 'agent');
const readJson = (f) => JSON.parse(readFileSync(join(fixtures, f), 'utf8'));
const appOf = (m) => ({ bundle: m.bundleName, intents: m.intents });

function ratio(value, target) {
  return { median: Math.round(value * 1000) / 1000, target, unit: 'ratio', ok: value >= target };
}



/** Median ms from an utterance sent to a running device's agent to the executed answer (the agent template). */
async function onDevice() {
  const home = mkdtempSync(join(tmpdir(), 'hmos-agent-bench-home-'));
  const env = { ...process.env, HMOS_HOME: home };
  const cli = (args, cwd) => execFileSync(process.execPath, [join(root, 'bin', 'hmos.js'), ...args], { cwd, env, stdio: 'ignore' });
  let host;
  try {
    cli(['create', 'tasks', '--template', 'agent'], home);
    const project = join(home, 'tasks');
    cli(['build'], project);
    host = await startHostProcess(home, 'phone');
    await connectorJson(host.port, '/v1/devices/phone-1/apps', { method: 'PUT', token: host.token, body: readFileSync(join(project, 'entry/build/default/outputs/default/entry-default-signed.hap')) });
    await connectorJson(host.port, '/v1/devices/phone-1/launch', { method: 'POST', token: host.token, body: Buffer.from('{"bundleName":"com.example.tasks"}') });
    const utterances = ['add a task buy milk with high priority', 'show my open tasks', 'start a 15 minute focus timer', '添加任务 买牛奶', '列出已完成的任务'];
    const ask = async (utterance, dryRun = false) => {
      const r = await connectorJson(host.port, '/v1/devices/phone-1/agent', { method: 'POST', token: host.token, body: Buffer.from(JSON.stringify({ utterance, dryRun })) });
      if (r.kind !== (dryRun ? 'dryRun' : 'executed') || r.error) throw new Error(`${utterance}: ${JSON.stringify(r)}`);
    };
    for (const u of utterances) await ask(u); // warm-up
    const executed = [];
    const routed = [];
    for (let round = 0; round < 6; round++) {
      for (const u of utterances) {
        let t0 = performance.now();
        await ask(u);
        executed.push(performance.now() - t0);
        t0 = performance.now();
        await ask(u, true);
        routed.push(performance.now() - t0);
      }
    }
    return { executed, routed };
  } finally {
    await host?.stop();
    rmSync(home, { recursive: true, force: true });
  }
}

export async function bench() {
  const out = mkdtempSync(join(tmpdir(), 'hmos-agent-bench-'));
  try {
    await build({ absWorkingDir: root, entryPoints: ['src/agent/index.ts'], outfile: join(out, 'agent.mjs'), bundle: true, format: 'esm', platform: 'node', target: 'node20', packages: 'external', logLevel: 'warning' });
    const agent = await import(pathToFileURL(join(out, 'agent.mjs')).href);
    const tuning = readJson('eval.json');
    const heldOut = readJson('eval-heldout.json');
    const apps = tuning.apps.map((f) => appOf(readJson(f)));
    const clock = agent.clockFromIso(tuning.now);
    const t = agent.evaluate(apps, tuning.cases, clock);
    const h = agent.evaluate(apps, heldOut.cases, clock);

    const all = [...apps, ...readJson('distractors.json').apps.map(appOf)];
    const withDistractors = agent.evaluate(all, [...tuning.cases, ...heldOut.cases].filter((c) => !c.noMatch), clock);
    const index = agent.buildIndex(all);
    const utterances = [...tuning.cases, ...heldOut.cases].map((c) => c.utterance);
    for (const u of utterances) agent.route(index, u, clock); // warm-up
    const routeMs = [];
    for (let round = 0; round < 5; round++) {
      for (const u of utterances) {
        const t0 = performance.now();
        agent.route(index, u, clock);
        routeMs.push(performance.now() - t0);
      }
    }
    const buildMs = [];
    for (let i = 0; i < 10; i++) { const t0 = performance.now(); agent.buildIndex(all); buildMs.push(performance.now() - t0); }

    // utterance → executed: the service over 100 installed intents, a real executor that updates a store.
    const store = [];
    const inProcess = {
      listIntents: () => all,
      execute: async (bundle, intent, params) => { store.push({ bundle, intent, params }); return { code: 0, result: store.length }; },
    };
    const service = agent.createAgentService(inProcess, { model: null, now: () => clock.now, utcOffsetMinutes: clock.utcOffsetMinutes });
    const execMs = [];
    const commands = ['add a task buy milk with high priority', '开始专注二十五分钟', 'set the volume to 30', '明天上午9点提醒我交报告'];
    await service.handle(commands[0]);
    for (let i = 0; i < 40; i++) {
      const t0 = performance.now();
      const r = await service.handle(commands[i % commands.length]);
      execMs.push(performance.now() - t0);
      if (r.kind !== 'executed') throw new Error(`not executed: ${commands[i % commands.length]}`);
    }
    const device = await onDevice();
    return {
      intentAccuracy: ratio(t.intentAccuracy, 0.9),
      paramAccuracy: ratio(t.paramAccuracy, 0.85),
      heldOutIntentAccuracy: ratio(h.intentAccuracy, 0.9),
      heldOutParamAccuracy: ratio(h.paramAccuracy, 0.85),
      intentAccuracyAmong100: ratio(withDistractors.intentAccuracy, 0.9),
      paramAccuracyAmong100: ratio(withDistractors.paramAccuracy, 0.85),
      route100Intents: figure(routeMs, 5, { p95: Math.round([...routeMs].sort((a, b) => a - b)[Math.floor(routeMs.length * 0.95)] * 100) / 100 }),
      indexBuild100Intents: figure(buildMs, undefined),
      utteranceToExecuted: figure(execMs, 100, { baseline: { what: 'route only (same utterances)', median: Math.round(median(routeMs) * 100) / 100 } }),
      utteranceToExecutedOnDevice: figure(device.executed, 100, { baseline: { what: 'same request with dryRun (HTTP + routing, nothing runs)', median: Math.round(median(device.routed) * 100) / 100 } }),
      evalSize: { tuning: tuning.cases.length, heldOut: heldOut.cases.length, installedIntents: all.reduce((n, a) => n + a.intents.length, 0) },
    };
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
}
