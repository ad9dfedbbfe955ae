// smb3d from this checkout as a child process on a free loopback port, as an admin would run it: the
// conformance harness, the benchmark and the tests all start it through here.

import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CLI = fileURLToPath(new URL('../src/cli/smb3d.ts', import.meta.url));
const STARTUP_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

export interface Smb3dProcess {
  port: number;
  pid: number;
  /** The end of what smb3d wrote to stderr (its log), unless a log file takes it. */
  stderr(): string;
  /** SIGTERM, SIGKILL if it has not exited within 10 s; resolves with the exit code or signal name. */
  stop(): Promise<number | string>;
}

export interface SpawnOptions {
  /** Passed to node before the script, e.g. ['--cpu-prof', '--cpu-prof-dir', DIR]. */
  nodeFlags?: readonly string[];
  /** Receives smb3d's stderr instead of keeping its tail in memory. */
  logFile?: string;
}

/** `args` are smb3d options other than --listen, which is always 127.0.0.1:0. */
export function spawnSmb3d(args: readonly string[], options: SpawnOptions = {}): Promise<Smb3dProcess> {
  const child = spawn(process.execPath, [...(options.nodeFlags ?? []), CLI, '--listen', '127.0.0.1:0', ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  if (options.logFile) child.stderr.pipe(createWriteStream(options.logFile));
  else child.stderr.setEncoding('utf8').on('data', (s: string) => (stderr = (stderr + s).slice(-64_000)));
  // A harness that dies must not leave daemons behind.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? -1)));
  const stop = async (): Promise<number | string> => {
    process.off('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      const code = await exited;
      clearTimeout(timer);
      return code;
    }
    return exited;
  };
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(() => {
      void stop();
      reject(new Error(`smb3d did not start within ${STARTUP_TIMEOUT_MS} ms; stderr:\n${stderr}`));
    }, STARTUP_TIMEOUT_MS);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`smb3d exited (${code}) before listening; stderr:\n${stderr.trim()}`));
    });
    child.stdout.setEncoding('utf8').on('data', (s: string) => {
      stdout += s;
      const m = /smb3d listening on 127\.0\.0\.1:(\d+)/.exec(stdout);
      if (!m) return;
      clearTimeout(timer);
      resolve({ port: Number(m[1]), pid: child.pid!, stderr: () => stderr, stop });
    });
  });
}
