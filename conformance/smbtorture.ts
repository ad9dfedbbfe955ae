// Runs smbtorture against one target: lists a suite's subtests, runs them under a wall-clock limit and
// turns the subunit stream into one result per subtest.

import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseListing, parseSubunit, type SubtestResult } from './subunit.ts';

export interface TortureTarget {
  host: string;
  port: number;
  share: string;
  /** USER%PASSWORD */
  user: string;
  /** Second account for the tests that need two users (USER%PASSWORD). */
  extraUser?: string;
}

export interface SuiteRun {
  results: SubtestResult[];
  timedOut: boolean;
  /** Everything smbtorture wrote, stdout then stderr, for diagnosis. */
  output: string;
}

const SMBTORTURE = process.env['SMBTORTURE'] ?? 'smbtorture';

/** Parses //HOST:PORT/SHARE (port optional, default 445). */
export function parseTarget(unc: string, user: string): TortureTarget {
  const m = /^(?:\/\/|\\\\)([^/\\:]+)(?::(\d+))?[/\\]([^/\\]+)$/.exec(unc);
  if (!m) throw new Error(`target must look like //HOST:PORT/SHARE, got "${unc}"`);
  const port = m[2] === undefined ? 445 : Number(m[2]);
  if (port < 1 || port > 65535) throw new Error(`bad port in "${unc}"`);
  if (!user.includes('%')) throw new Error(`user must look like USER%PASSWORD, got "${user}"`);
  return { host: m[1]!, port, share: m[3]!, user };
}

function exec(args: string[], timeoutMs: number, cwd: string): Promise<{ stdout: string; stderr: string; timedOut: boolean }> {
  return new Promise((resolve, reject) => {
    // A process group of its own, so a timeout takes down everything smbtorture started.
    const child = spawn(SMBTORTURE, args, { cwd, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const killGroup = () => {
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // Already gone.
      }
    };
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup();
    }, timeoutMs);
    // Not in our process group, so an interrupted harness must take it down itself.
    process.once('exit', killGroup);
    const done = () => {
      clearTimeout(timer);
      process.off('exit', killGroup);
    };
    child.on('error', (error) => {
      done();
      reject(new Error(`cannot run ${SMBTORTURE}: ${error.message}`));
    });
    child.on('close', () => {
      done();
      resolve({ stdout, stderr, timedOut });
    });
  });
}

/** Full names of the subtests smbtorture would run for `name` (a suite or a single test). */
export async function listSubtests(name: string): Promise<string[]> {
  const { stdout, stderr } = await exec(['//127.0.0.1/share', '--list', name], 60_000, os.tmpdir());
  const names = parseListing(stdout, name);
  if (names.length === 0) throw new Error(`smbtorture knows no test named ${name}${stderr ? `: ${stderr.trim()}` : ''}`);
  return names;
}

/**
 * Runs `subtests` of suite `name`. When only part of the suite is wanted, the rest is filtered out with
 * --load-list. Subtests that never report (timeout, crash, lost connection) count as failed.
 */
export async function runSuite(
  target: TortureTarget,
  name: string,
  subtests: readonly string[],
  options: { timeoutSeconds: number; wholeSuite: boolean; tortureOptions: readonly string[] },
): Promise<SuiteRun> {
  const work = await fs.mkdtemp(path.join(os.tmpdir(), 'conformance-'));
  try {
    const args = [`//${target.host}/${target.share}`, '-p', String(target.port), '-U', target.user, '--fullname', '--format=subunit'];
    if (target.extraUser) {
      // torture_user2_credentials() reads the second account from these settings.
      const [name, ...password] = target.extraUser.split('%');
      args.push(`--option=torture:user2name=${name}`, `--option=torture:user2password=${password.join('%')}`);
    }
    for (const o of options.tortureOptions) args.push(`--option=${o}`);
    if (!options.wholeSuite) {
      const loadList = path.join(work, 'load-list');
      await fs.writeFile(loadList, subtests.join('\n') + '\n');
      args.push(`--load-list=${loadList}`);
    }
    args.push(name);
    const { stdout, stderr, timedOut } = await exec(args, options.timeoutSeconds * 1000, work);
    const reported = new Map(parseSubunit(stdout).map((r) => [r.name, r]));
    const results: SubtestResult[] = subtests.map(
      (t) => reported.get(t) ?? { name: t, outcome: 'failed', reason: timedOut ? `suite timed out after ${options.timeoutSeconds}s` : 'no result reported' },
    );
    for (const r of reported.values()) if (!subtests.includes(r.name)) results.push(r);
    return { results, timedOut, output: stdout + (stderr ? `\n--- stderr ---\n${stderr}` : '') };
  } finally {
    await fs.rm(work, { recursive: true, force: true });
  }
}
