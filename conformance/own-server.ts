// Starts smb3d from this checkout on a free loopback port with a fresh, empty share: smbtorture assumes
// a clean share, so every suite gets its own server and folder.

import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { spawnSmb3d, type Smb3dProcess } from './smb3d-process.ts';
import type { TortureTarget } from './smbtorture.ts';

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
    '--share', `share=${shareDir}`,
    '--user', `${OWN_USER.name}:${OWN_USER.password}`,
    '--user', `${OWN_EXTRA_USER.name}:${OWN_EXTRA_USER.password}`,
    // Samba's default accepts null sessions too (restrict anonymous = 0); smb2.session.reauth2 uses one.
    '--anonymous',
    '--log-level', logFile ? 'debug' : 'warn',
  ];
  let server: Smb3dProcess;
  try {
    server = await spawnSmb3d(args, { logFile });
  } catch (error) {
    await fs.rm(shareDir, { recursive: true, force: true });
    throw error;
  }
  return {
    target: {
      host: '127.0.0.1',
      port: server.port,
      share: 'share',
      user: `${OWN_USER.name}%${OWN_USER.password}`,
      extraUser: `${OWN_EXTRA_USER.name}%${OWN_EXTRA_USER.password}`,
    },
    async stop() {
      await server.stop();
      await fs.rm(shareDir, { recursive: true, force: true });
    },
  };
}
