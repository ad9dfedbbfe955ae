// The JSON report, the printed tables, and the check against conformance/expected/<suite>.json.

import fs from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { SubtestResult } from './subunit.ts';

export interface SuiteReport {
  passed: string[];
  failed: string[];
  skipped: string[];
  /** First detail line of each failure and skip. */
  reasons: Record<string, string>;
  /** Subtests not run, with why (from lists.ts). */
  excluded: Record<string, string>;
  timedOut: boolean;
}

export interface Report {
  target: string;
  date: string;
  suites: Record<string, SuiteReport>;
}

export const EXPECTED_DIR = fileURLToPath(new URL('./expected/', import.meta.url));

export function suiteReport(results: readonly SubtestResult[], excluded: Record<string, string>, timedOut: boolean): SuiteReport {
  const report: SuiteReport = { passed: [], failed: [], skipped: [], reasons: {}, excluded, timedOut };
  for (const r of results) {
    report[r.outcome].push(r.name);
    if (r.outcome !== 'passed' && r.reason) report.reasons[r.name] = r.reason;
  }
  return report;
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ');
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-|-'), ...rows.map(line)].join('\n');
}

function totals(reports: readonly SuiteReport[]): [number, number, number] {
  return reports.reduce<[number, number, number]>((t, s) => [t[0] + s.passed.length, t[1] + s.failed.length, t[2] + s.skipped.length], [0, 0, 0]);
}

export function formatTable(report: Report): string {
  const rows = Object.entries(report.suites).map(([name, s]) => [
    name + (s.timedOut ? ' (timed out)' : ''),
    String(s.passed.length),
    String(s.failed.length),
    String(s.skipped.length),
  ]);
  const [p, f, k] = totals(Object.values(report.suites));
  rows.push(['total', String(p), String(f), String(k)]);
  return table(['suite', 'passed', 'failed', 'skipped'], rows);
}

export function formatComparison(us: Report, peer: Report, peerLabel: string): string {
  const count = (s: SuiteReport | undefined) => (s ? `${s.passed.length}/${s.failed.length}/${s.skipped.length}` : '-');
  const names = [...new Set([...Object.keys(us.suites), ...Object.keys(peer.suites)])];
  const rows = names.map((n) => [n, count(us.suites[n]), count(peer.suites[n])]);
  const [up, uf, uk] = totals(Object.values(us.suites));
  const [pp, pf, pk] = totals(Object.values(peer.suites));
  rows.push(['total', `${up}/${uf}/${uk}`, `${pp}/${pf}/${pk}`]);
  const out = [table(['suite', 'us pass/fail/skip', `${peerLabel} pass/fail/skip`], rows)];
  const gaps = names.flatMap((n) => {
    const mine = us.suites[n];
    return (peer.suites[n]?.passed ?? []).filter((t) => !mine?.passed.includes(t)).map((t) => `  ${t}${mine?.reasons[t] ? `  — ${mine.reasons[t]}` : ''}`);
  });
  out.push('', gaps.length ? `${peerLabel} passes, we do not (${gaps.length}):\n${gaps.join('\n')}` : `No subtest that ${peerLabel} passes fails here.`);
  return out.join('\n');
}

async function readExpected(dir: string, suite: string): Promise<string[] | undefined> {
  try {
    const data = JSON.parse(await fs.readFile(path.join(dir, `${suite}.json`), 'utf8')) as { passed?: unknown };
    if (!Array.isArray(data.passed) || !data.passed.every((x) => typeof x === 'string')) throw new Error(`expected/${suite}.json: "passed" must be an array of names`);
    return data.passed;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

export interface ExpectationCheck {
  /** Expected to pass, did not. */
  regressions: string[];
  /** Passed, not yet expected. */
  newPasses: string[];
}

export async function checkExpected(report: Report, dir = EXPECTED_DIR): Promise<ExpectationCheck> {
  const check: ExpectationCheck = { regressions: [], newPasses: [] };
  for (const [suite, s] of Object.entries(report.suites)) {
    const expected = new Set((await readExpected(dir, suite)) ?? []);
    const ran = new Set([...s.passed, ...s.failed, ...s.skipped]);
    // Only subtests this run covered: running one test of a suite must not flag the others.
    for (const t of expected) if (ran.has(t) && !s.passed.includes(t)) check.regressions.push(t);
    for (const t of s.passed) if (!expected.has(t)) check.newPasses.push(t);
  }
  return check;
}

/** Rewrites expected/<suite>.json for each suite run; a partial run keeps the expectations it did not cover. */
export async function updateExpected(report: Report, dir = EXPECTED_DIR): Promise<string[]> {
  await fs.mkdir(dir, { recursive: true });
  const written: string[] = [];
  for (const [suite, s] of Object.entries(report.suites)) {
    const ran = new Set([...s.passed, ...s.failed, ...s.skipped]);
    const kept = ((await readExpected(dir, suite)) ?? []).filter((t) => !ran.has(t));
    const passed = [...new Set([...kept, ...s.passed])].sort();
    const file = path.join(dir, `${suite}.json`);
    await fs.writeFile(file, JSON.stringify({ suite, passed }, null, 2) + '\n');
    written.push(file);
  }
  return written;
}
