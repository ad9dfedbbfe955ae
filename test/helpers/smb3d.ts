// Runs the real smb3d daemon as a child process on 127.0.0.1 and a free port (conformance/smb3d-process.ts).
// Unless the arguments name shares
// or users themselves, it serves a fresh temporary folder as share "data" to user alice:secret.

import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { spawnSmb3d } from '../../conformance/smb3d-process.ts';

export interface RunningSmb3d {
  port: number;
  /** The folder served as share "data" (a fresh temporary folder unless the arguments chose shares). */
  shareDir: string;
  /** What the daemon wrote to stderr so far (its pino log). */
  log(): string;
  /** SIGTERM, then waits for the exit; resolves with the exit code (or the signal name). */
  stop(): Promise<number | string>;
}

export async function startSmb3d(args: readonly string[] = []): Promise<RunningSmb3d> {
  const shareDir = await fs.mkdtemp(path.join(os.tmpdir(), 'smb3d-share-'));
  const defaults: string[] = [];
  if (!args.includes('--share') && !args.includes('--config')) defaults.push('--share', `data=${shareDir}`);
  if (!args.includes('--user') && !args.includes('--config') && !args.includes('--guest')) defaults.push('--user', 'alice:secret');
  const server = await spawnSmb3d([...defaults, ...args]);
  return { port: server.port, shareDir, log: server.stderr, stop: server.stop };
}

/** Runs a command, never throwing: exit code and output for assertions. */
export function run(cmd: string, args: readonly string[], timeoutMs = 60_000): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: timeoutMs });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}
