// The two servers the benchmark compares: smb3d from this checkout and a Samba smbd on the same machine.
// Both serve a local folder that the benchmark may also touch directly (to seed and clean files
// outside the timed part).

import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { spawnSmb3d, type Smb3dProcess } from '../conformance/smb3d-process.ts';

const SAMBA_PEER = '/work/shared/tools/samba-peer';
const SAMBA_PORT = 4480;
const SAMBA_DIR = '/tmp/samba-peer-bench';

export const USER = 'tuser';
export const PASSWORD = 'pass';

export type ServerName = 'us' | 'samba';

export interface BenchServer {
  name: ServerName;
  port: number;
  share: string;
  /** The local folder behind the share. */
  shareDir: string;
  /** The process whose memory the bulk scenarios watch: smb3d itself, or smbd's listening parent. */
  pid: number;
  stop(): Promise<void>;
}

export interface Smb3dOptions {
  /** Passed to node before the script, e.g. ['--cpu-prof', '--cpu-prof-dir', DIR]. */
  nodeFlags?: string[];
}

export async function startSmb3d(options: Smb3dOptions = {}): Promise<BenchServer> {
  const shareDir = await fs.mkdtemp(path.join(os.tmpdir(), 'smb3d-bench-'));
  let server: Smb3dProcess;
  try {
    server = await spawnSmb3d(['--share', `data=${shareDir}`, '--user', `${USER}:${PASSWORD}`, '--log-level', 'warn'], { nodeFlags: options.nodeFlags });
  } catch (error) {
    await fs.rm(shareDir, { recursive: true, force: true });
    throw error;
  }
  const stop = async (): Promise<void> => {
    await server.stop();
    await fs.rm(shareDir, { recursive: true, force: true });
  };
  return { name: 'us', port: server.port, share: 'data', shareDir, pid: server.pid, stop };
}

const exec = promisify(execFile);

async function sambaPid(): Promise<number | undefined> {
  try {
    const pid = Number((await fs.readFile(path.join(SAMBA_DIR, 'pid', 'smbd.pid'), 'utf8')).trim());
    await fs.access(`/proc/${pid}`);
    return pid;
  } catch {
    return undefined;
  }
}

async function stopSamba(): Promise<void> {
  const pid = await sambaPid();
  if (pid === undefined) return;
  await exec(SAMBA_PEER, ['stop', SAMBA_DIR]);
  // smbd's parent takes its per-connection children and helpers down with it; wait until it is gone so
  // the port is free for the next run.
  for (let i = 0; i < 100 && (await sambaPid()) !== undefined; i++) await new Promise((r) => setTimeout(r, 100));
}

/** Starts the Samba peer (the tool installs samba when it is missing). A peer left over from an
 * interrupted run of this benchmark is stopped first, so the share starts empty. */
export async function startSamba(): Promise<BenchServer> {
  await stopSamba();
  await fs.rm(path.join(SAMBA_DIR, 'share'), { recursive: true, force: true });
  await exec(SAMBA_PEER, ['start', String(SAMBA_PORT), SAMBA_DIR], { timeout: 600_000 });
  const pid = await sambaPid();
  if (pid === undefined) throw new Error(`samba peer did not start: no live pid in ${SAMBA_DIR}/pid/smbd.pid (see ${SAMBA_DIR}/log)`);
  return { name: 'samba', port: SAMBA_PORT, share: 'share', shareDir: path.join(SAMBA_DIR, 'share'), pid, stop: stopSamba };
}

/** Removes everything in a share's folder (not the folder itself, which the server holds). */
export async function emptyShare(server: BenchServer): Promise<void> {
  for (const entry of await fs.readdir(server.shareDir)) await fs.rm(path.join(server.shareDir, entry), { recursive: true, force: true });
}
