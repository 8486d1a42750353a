/**
 * How a test run is reported: the `--json` document, JUnit XML for CI (`--junit file`), and the failure blocks a
 * person reads (the .ets location of the failing expect, expected vs actual, the device's log lines, the crash screen).
 */
import { relative } from 'node:path';
import type { Palette } from '../util/terminal.js';
import type { TestResult } from './device-run.js';
import type { TestReport } from './run-tests.js';

/**
 * The `--json` shape: `{ ok, total, passed, failed, skipped, ms, tests: [{ suite, name, status, ms, device, error?: {message, file, line},
 * logs? }] }` — a failed case carries the device's last log lines during it (at most 50), as the terminal report does.
 */
export function jsonReport(r: TestReport): unknown {
  return {
    ok: r.ok, total: r.total, passed: r.passed, failed: r.failed, skipped: r.skipped, ms: r.ms,
    tests: r.tests.map((t) => ({
      suite: t.suite, name: t.name, status: t.status, ms: t.ms, device: t.device,
      ...(t.error ? { error: { message: t.error.message, file: t.error.file ?? null, line: t.error.line ?? null, ...(t.error.expected !== undefined ? { expected: t.error.expected } : {}), ...(t.error.actual !== undefined ? { actual: t.error.actual } : {}) } } : {}),
      ...(t.reason ? { reason: t.reason } : {}),
      ...(t.status === 'failed' && t.logs?.length ? { logs: t.logs.slice(-50) } : {}),
    })),
    ...(r.problems.length ? { problems: r.problems.map((p) => ({ device: p.device, message: p.message, file: p.file ?? null, line: p.line ?? null })) } : {}),
    ...(r.goldens.some((g) => g.written) ? { goldensWritten: r.goldens.flatMap((g) => g.written ?? []) } : {}),
    ...(r.coverage ? { coverage: { lines: r.coverage.lines, files: r.coverage.files, lcov: r.coverage.lcov } } : {}),
  };
}

const XML_TEXT: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };
/** XML-escapes text, dropping characters XML 1.0 cannot carry (control characters other than tab, LF, CR). */
export function xmlEscape(s: string): string {
  // eslint-disable-next-line no-control-regex
  return s.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/g, '').replace(/[&<>"']/g, (c) => XML_TEXT[c]!);
}

/** JUnit XML: one <testsuite> per device and suite, a <testcase> per case with <failure>/<skipped>, logs in <system-out>. */
export function junitReport(r: TestReport): string {
  const groups = new Map<string, TestResult[]>();
  for (const t of r.tests) {
    const key = `${t.device}\u0000${t.suite}`;
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  const out: string[] = ['<?xml version="1.0" encoding="UTF-8"?>'];
  out.push(`<testsuites name="hmos test" tests="${r.total}" failures="${r.failed}" skipped="${r.skipped}" errors="${r.problems.length}" time="${(r.ms / 1000).toFixed(3)}">`);
  for (const [key, tests] of groups) {
    const [device, suite] = key.split('\u0000') as [string, string];
    const failures = tests.filter((t) => t.status === 'failed').length;
    const skipped = tests.filter((t) => t.status === 'skipped').length;
    const time = tests.reduce((n, t) => n + t.ms, 0) / 1000;
    out.push(`  <testsuite name="${xmlEscape(`${suite} [${device}]`)}" tests="${tests.length}" failures="${failures}" skipped="${skipped}" errors="0" time="${time.toFixed(3)}">`);
    for (const t of tests) {
      const file = t.error?.file ?? t.file;
      out.push(`    <testcase classname="${xmlEscape(suite)}" name="${xmlEscape(t.name)}" time="${(t.ms / 1000).toFixed(3)}"${file ? ` file="${xmlEscape(relative(r.root, file))}"` : ''}${t.error?.line ? ` line="${t.error.line}"` : ''}>`);
      if (t.status === 'failed') {
        const body = [t.error?.expected !== undefined ? `expected: ${t.error.expected}` : '', t.error?.actual !== undefined ? `actual: ${t.error.actual}` : '', t.error?.stack ?? '', t.screen ? `screen:\n${t.screen}` : ''].filter(Boolean).join('\n');
        out.push(`      <failure message="${xmlEscape(t.error?.message ?? 'failed')}">${xmlEscape(body)}</failure>`);
      } else if (t.status === 'skipped') out.push(`      <skipped${t.reason ? ` message="${xmlEscape(t.reason)}"` : ''}/>`);
      if (t.logs?.length) out.push(`      <system-out>${xmlEscape(t.logs.join('\n'))}</system-out>`);
      out.push('    </testcase>');
    }
    out.push('  </testsuite>');
  }
  if (r.problems.length) {
    out.push(`  <testsuite name="hmos test run" tests="${r.problems.length}" failures="0" errors="${r.problems.length}" skipped="0" time="0">`);
    r.problems.forEach((p, i) => out.push(`    <testcase classname="run" name="problem ${i + 1} [${xmlEscape(p.device)}]" time="0"><error message="${xmlEscape(p.message)}"/></testcase>`));
    out.push('  </testsuite>');
  }
  out.push('</testsuites>');
  return out.join('\n') + '\n';
}

/** The block printed for one failed case. */
export function failureText(t: TestResult, root: string, color: Palette, cwd: string): string {
  const lines: string[] = [];
  lines.push(color.red(`✗ ${t.suite ? `${t.suite} › ` : ''}${t.name}`) + color.dim(` [${t.device}]`));
  if (t.error?.file) lines.push(`  ${relativeTo(cwd, t.error.file)}:${t.error.line ?? 1}:${t.error.col ?? 1}`);
  for (const l of (t.error?.message ?? 'failed').split('\n')) lines.push(`  ${l}`);
  if (t.error?.expected !== undefined) lines.push(`  ${color.green('expected:')} ${t.error.expected}`);
  if (t.error?.actual !== undefined) lines.push(`  ${color.red('actual:  ')} ${t.error.actual}`);
  if (t.screen) {
    lines.push(color.dim('  screen:'));
    for (const l of t.screen.split('\n').slice(0, 20)) lines.push(`    ${l}`);
  }
  if (t.logs?.length) {
    lines.push(color.dim(`  device log (${t.logs.length} line${t.logs.length === 1 ? '' : 's'}${t.logs.length > 15 ? ', last 15' : ''}):`));
    for (const l of t.logs.slice(-15)) lines.push(color.dim(`    ${l}`));
  }
  void root;
  return lines.join('\n');
}

function relativeTo(cwd: string, file: string): string {
  const r = relative(cwd, file);
  return r.startsWith('..') ? file : r;
}
