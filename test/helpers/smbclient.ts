// Runs Samba's smbclient against a server on 127.0.0.1.

import { execFile } from 'node:child_process';

export interface SmbclientResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function smbclient(port: number, share: string, credentials: string, commands: string, extraArgs: readonly string[] = []): Promise<SmbclientResult> {
  const args = [`//127.0.0.1/${share}`, '-p', String(port), '-U', credentials, '-c', commands, ...extraArgs];
  return new Promise((resolve) => {
    execFile('smbclient', args, { timeout: 20_000 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}
