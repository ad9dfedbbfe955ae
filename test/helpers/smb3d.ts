// Runs the real smb3d daemon (src/cli/smb3d.ts) as a child process on 127.0.0.1 and a free port, as an
// admin would, and waits for its "smb3d listening on HOST:PORT" line. Unless the arguments name shares
// or users themselves, it serves a fresh temporary folder as share "data" to user alice:secret.

import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const SMB3D = fileURLToPath(new URL('../../src/cli/smb3d.ts', import.meta.url));
const STARTUP_TIMEOUT_MS = 10_000;

export interface RunningSmb3d {
  port: number;
  /** The folder served as share "data" (a fresh temporary folder unless the arguments chose shares). */
  shareDir: string;
  /** Everything the daemon wrote to stderr so far (its pino log). */
  log(): string;
  /** SIGTERM, then waits for the exit; resolves with the exit code (or the signal name). */
  stop(): Promise<number | string>;
}

export async function startSmb3d(args: readonly string[] = []): Promise<RunningSmb3d> {
  const shareDir = await fs.mkdtemp(path.join(os.tmpdir(), 'smb3d-share-'));
  const defaults: string[] = [];
  if (!args.includes('--share') && !args.includes('--config')) defaults.push('--share', `data=${shareDir}`);
  if (!args.includes('--user') && !args.includes('--config') && !args.includes('--guest')) defaults.push('--user', 'alice:secret');
  const child = spawn(process.execPath, [SMB3D, '--listen', '127.0.0.1:0', ...defaults, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr += s));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`smb3d did not start within ${STARTUP_TIMEOUT_MS} ms; stderr:\n${stderr}`));
    }, STARTUP_TIMEOUT_MS);
    exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`smb3d exited (${code}) before listening; stderr:\n${stderr}`));
    });
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      stdout += s;
      const m = /smb3d listening on \S+:(\d+)/.exec(stdout);
      if (!m) return;
      clearTimeout(timer);
      resolve({
        port: Number(m[1]),
        shareDir,
        log: () => stderr,
        stop: () => {
          if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
          return exited;
        },
      });
    });
  });
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
