// The clients the benchmark drives, the same for both servers: Samba's smbclient for bulk transfers and
// metadata, and bench/impacket-reads.py for many small reads over one connection.

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { PASSWORD, USER, type BenchServer } from './servers.ts';

const IMPACKET_READS = fileURLToPath(new URL('./impacket-reads.py', import.meta.url));
const TIMEOUT_MS = 300_000;

interface Finished {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall time from spawn to exit. */
  seconds: number;
}

function run(cmd: string, args: string[]): Promise<Finished> {
  return new Promise((resolve, reject) => {
    const start = process.hrtime.bigint();
    const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: TIMEOUT_MS });
    let stdout = '';
    let stderr = '';
    // Keep only the tail: mput prints a line per file.
    child.stdout.on('data', (d: Buffer) => (stdout = (stdout + d.toString()).slice(-8000)));
    child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-8000)));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr, seconds: Number(process.hrtime.bigint() - start) / 1e9 }));
  });
}

/**
 * Runs one smbclient session (`-c` commands separated by ';') against the server's share and returns
 * its wall time, connection setup included. Fails on a nonzero exit or an NT_STATUS error in the output
 * (smbclient exits 0 after some failed commands).
 */
export async function smbclient(server: BenchServer, protection: readonly string[], commands: string): Promise<number> {
  const args = [`//127.0.0.1/${server.share}`, '-p', String(server.port), '-U', `${USER}%${PASSWORD}`, '-m', 'SMB3_11', ...protection, '-c', commands];
  const r = await run('smbclient', args);
  const output = r.stdout + r.stderr;
  if (r.code !== 0 || /NT_STATUS_\w+/.test(output)) {
    throw new Error(`smbclient against ${server.name} failed (exit ${r.code}) running "${commands.slice(0, 200)}":\n${output.slice(-2000)}`);
  }
  return r.seconds;
}

export interface ReadsResult {
  seconds: number;
  ops: number;
  dialect: string;
}

/** `count` random `size`-byte reads of `file` (aligned to `size`), one at a time; only the reads are timed. */
export async function impacketReads(server: BenchServer, file: string, count: number, size: number, seed: number): Promise<ReadsResult> {
  const r = await run('/usr/bin/python3', [IMPACKET_READS, String(server.port), server.share, file, String(count), String(size), String(seed)]);
  const line = r.stdout.trim().split('\n').at(-1) ?? '';
  if (r.code !== 0 || !line.startsWith('{')) throw new Error(`impacket reads against ${server.name} failed (exit ${r.code}):\n${(r.stdout + r.stderr).slice(-2000)}`);
  return JSON.parse(line) as ReadsResult;
}

export async function smbclientVersion(): Promise<string> {
  return (await run('smbclient', ['--version'])).stdout.trim();
}
