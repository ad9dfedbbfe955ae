// Starts smb3d from this checkout on a free loopback port with a fresh, empty share: smbtorture assumes
// a clean share, so every suite gets its own server and folder.

import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TortureTarget } from './smbtorture.ts';

const CLI = fileURLToPath(new URL('../src/cli/smb3d.ts', import.meta.url));
const STARTUP_TIMEOUT_MS = 30_000;
const STOP_TIMEOUT_MS = 10_000;

export const OWN_USER = { name: 'tuser', password: 'pass' } as const;
export const OWN_EXTRA_USER = { name: 'tuser2', password: 'pass2' } as const;

export interface OwnServer {
  target: TortureTarget;
  stop(): Promise<void>;
}

/** `logFile`, when given, receives smb3d's debug log. */
export async function startOwnServer(logFile?: string): Promise<OwnServer> {
  const shareDir = await fs.mkdtemp(path.join(os.tmpdir(), 'conformance-share-'));
  const args = [
    CLI,
    '--listen', '127.0.0.1:0',
    '--share', `share=${shareDir}`,
    '--user', `${OWN_USER.name}:${OWN_USER.password}`,
    '--user', `${OWN_EXTRA_USER.name}:${OWN_EXTRA_USER.password}`,
    // Samba's default accepts null sessions too (restrict anonymous = 0); smb2.session.reauth2 uses one.
    '--anonymous',
    '--log-level', logFile ? 'debug' : 'warn',
  ];
  const child = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  if (logFile) child.stderr.pipe(createWriteStream(logFile));
  else child.stderr.on('data', (d: Buffer) => (stderr = (stderr + d.toString()).slice(-4000)));

  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async (): Promise<void> => {
    process.off('exit', killOnExit);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_TIMEOUT_MS);
      await exited;
      clearTimeout(timer);
    }
    await fs.rm(shareDir, { recursive: true, force: true });
  };

  try {
    const port = await new Promise<number>((resolve, reject) => {
      let stdout = '';
      const timer = setTimeout(() => reject(new Error('smb3d did not start in time')), STARTUP_TIMEOUT_MS);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`smb3d exited with ${code}: ${stderr.trim()}`));
      });
      child.stdout.on('data', (d: Buffer) => {
        stdout += d.toString();
        const m = /listening on 127\.0\.0\.1:(\d+)/.exec(stdout);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
    });
    return {
      target: {
        host: '127.0.0.1',
        port,
        share: 'share',
        user: `${OWN_USER.name}%${OWN_USER.password}`,
        extraUser: `${OWN_EXTRA_USER.name}%${OWN_EXTRA_USER.password}`,
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
