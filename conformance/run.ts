// npm run conformance -- [--target //HOST:PORT/SHARE --user U%P] [--compare] [--list fast|slow|NAME,...]
//                        [--json FILE] [--update-expected] [--logs DIR]
// Runs smbtorture suites against our own server (a fresh smb3d and share per suite) or against a target,
// prints a table, and fails when a subtest listed in conformance/expected/ no longer passes.

import fs from 'node:fs/promises';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { startOwnServer } from './own-server.ts';
import { planRuns, type PlannedRun } from './plan.ts';
import { checkExpected, formatComparison, formatTable, suiteReport, updateExpected, type Report, type SuiteReport } from './report.ts';
import { listSubtests, parseTarget, runSuite, type TortureTarget } from './smbtorture.ts';

const USAGE = `usage: npm run conformance -- [options]
  --list LIST          comma-separated list names (see conformance/lists.ts), suites or tests; default "fast"
  --target UNC         run against //HOST:PORT/SHARE instead of our own server
  --user U%P           account on the target
  --extra-user U%P     second account on the target, for the tests that need two users
  --target-share-dir D local folder behind the target's share, emptied before each suite
  --compare            run against our server and against --target, side by side
  --json FILE          write the JSON report
  --update-expected    rewrite conformance/expected/<suite>.json from this run (our server only)
  --logs DIR           keep smbtorture output and our server's debug log per suite`;

class UsageError extends Error {}

interface Options {
  plan: PlannedRun[];
  target?: { unc: string; torture: TortureTarget; shareDir?: string };
  compare: boolean;
  json?: string;
  updateExpected: boolean;
  logs?: string;
}

function options(argv: string[]): Options {
  let v;
  try {
    v = parseArgs({
      args: argv,
      options: {
        list: { type: 'string', default: 'fast' },
        target: { type: 'string' },
        user: { type: 'string' },
        'extra-user': { type: 'string' },
        'target-share-dir': { type: 'string' },
        compare: { type: 'boolean', default: false },
        json: { type: 'string' },
        'update-expected': { type: 'boolean', default: false },
        logs: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
    }).values;
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  if (v.help) {
    process.stdout.write(USAGE + '\n');
    process.exit(0);
  }
  let target: Options['target'];
  if (v.target !== undefined) {
    if (v.user === undefined) throw new UsageError('--target needs --user U%P');
    try {
      const torture = parseTarget(v.target, v.user);
      if (v['extra-user'] !== undefined) {
        if (!v['extra-user'].includes('%')) throw new UsageError(`--extra-user must look like USER%PASSWORD`);
        torture.extraUser = v['extra-user'];
      }
      target = { unc: v.target, torture, shareDir: v['target-share-dir'] };
    } catch (error) {
      throw new UsageError((error as Error).message);
    }
  }
  if (v.compare && !target) throw new UsageError('--compare needs --target');
  if (v['update-expected'] && target && !v.compare) throw new UsageError('--update-expected records our own server; drop --target or add --compare');
  let plan: PlannedRun[];
  try {
    plan = planRuns(v.list!);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  return { plan, target, compare: v.compare!, json: v.json, updateExpected: v['update-expected']!, logs: v.logs };
}

async function emptyFolder(dir: string): Promise<void> {
  for (const entry of await fs.readdir(dir)) await fs.rm(path.join(dir, entry), { recursive: true, force: true });
}

function merge(into: SuiteReport | undefined, add: SuiteReport): SuiteReport {
  if (!into) return add;
  return {
    passed: [...into.passed, ...add.passed],
    failed: [...into.failed, ...add.failed],
    skipped: [...into.skipped, ...add.skipped],
    reasons: { ...into.reasons, ...add.reasons },
    excluded: { ...into.excluded, ...add.excluded },
    timedOut: into.timedOut || add.timedOut,
  };
}

/** Runs the plan against our server (`against` undefined) or a target, one suite at a time. */
async function runPlan(label: string, plan: readonly PlannedRun[], against: Options['target'], logs: string | undefined): Promise<Report> {
  const report: Report = { target: against?.unc ?? 'smb3d (this checkout)', date: new Date().toISOString(), suites: {} };
  for (const run of plan) {
    const listed = await listSubtests(run.name);
    const exclude = run.spec.exclude ?? {};
    const excluded = Object.fromEntries(listed.filter((t) => exclude[t]).map((t) => [t, exclude[t]!]));
    const included = listed.filter((t) => !exclude[t]);
    const logBase = logs ? path.join(logs, `${label}-${run.name}`) : undefined;
    const started = Date.now();
    const own = against ? undefined : await startOwnServer(logBase && `${logBase}.smb3d.log`);
    try {
      if (against?.shareDir) await emptyFolder(against.shareDir);
      const target = own?.target ?? against!.torture;
      const result = await runSuite(target, run.name, included, {
        timeoutSeconds: run.spec.timeoutSeconds,
        wholeSuite: Object.keys(excluded).length === 0,
        tortureOptions: run.spec.options ?? [],
      });
      if (logBase) await fs.writeFile(`${logBase}.smbtorture.txt`, result.output);
      const s = suiteReport(result.results, excluded, result.timedOut);
      report.suites[run.suite] = merge(report.suites[run.suite], s);
      const seconds = ((Date.now() - started) / 1000).toFixed(1);
      process.stderr.write(
        `[${label}] ${run.name}: ${s.passed.length} passed, ${s.failed.length} failed, ${s.skipped.length} skipped` +
          `${result.timedOut ? ' (timed out)' : ''} in ${seconds}s\n`,
      );
    } finally {
      await own?.stop();
    }
  }
  return report;
}

async function main(): Promise<number> {
  let o: Options;
  try {
    o = options(process.argv.slice(2));
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`conformance: ${error.message}\n\n${USAGE}\n`);
    return 2;
  }
  if (o.logs) await fs.mkdir(o.logs, { recursive: true });

  const ours = !o.target || o.compare ? await runPlan('us', o.plan, undefined, o.logs) : undefined;
  const peer = o.target ? await runPlan('peer', o.plan, o.target, o.logs) : undefined;

  if (ours && peer) {
    process.stdout.write(`\n${formatComparison(ours, peer, 'peer')}\n`);
  } else {
    const only = (ours ?? peer)!;
    process.stdout.write(`\n${only.target}\n${formatTable(only)}\n`);
  }
  if (o.json) {
    const body = ours && peer ? { date: ours.date, us: ours, peer } : (ours ?? peer);
    await fs.writeFile(o.json, JSON.stringify(body, null, 2) + '\n');
  }
  if (!ours) return 0;

  if (o.updateExpected) {
    for (const file of await updateExpected(ours)) process.stdout.write(`wrote ${path.relative(process.cwd(), file)}\n`);
    return 0;
  }
  const { regressions, newPasses } = await checkExpected(ours);
  if (newPasses.length) {
    process.stdout.write(`\nNew passes (${newPasses.length}); record them with --update-expected:\n${newPasses.map((t) => `  ${t}`).join('\n')}\n`);
  }
  if (regressions.length) {
    process.stdout.write(
      `\nREGRESSIONS (${regressions.length}): expected to pass, did not:\n` +
        regressions.map((t) => `  ${t}${reasonOf(ours, t)}`).join('\n') +
        '\n',
    );
    return 1;
  }
  return 0;
}

function reasonOf(report: Report, test: string): string {
  for (const s of Object.values(report.suites)) if (s.reasons[test]) return `  — ${s.reasons[test]}`;
  return '';
}

// Exit through process.exit so the 'exit' hooks stop the smbtorture process group.
for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => process.exit(130));

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    process.stderr.write(`conformance: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exit(1);
  },
);
