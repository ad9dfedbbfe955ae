// MS-SMB2 3.3.5.15.5 Handling a Source File Key Request: Open.ResumeKey, a 24-byte value naming the open for
// a later server-side copy. Keys are random, so one client cannot name another's open by guessing, and are
// found again only within the session that asked for them; a key dies with its open.

import { randomBytes } from 'node:crypto';
import { encodeSrvRequestResumeKeyResponse, RESUME_KEY_SIZE, SRV_REQUEST_RESUME_KEY_RESPONSE_SIZE } from '../../protocol/fsctl/copychunk.ts';
import type { IoctlRequest } from '../../protocol/messages/ioctl.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import type { Smb2Request } from '../request.ts';
import type { Open } from '../state/open.ts';
import type { ServerState } from '../state/server-state.ts';
import { fileHandle } from './data-stream.ts';
import type { FsctlResult } from './index.ts';

/** Per server: the opens that were given a key, by the key in hex. */
const keyTables = new WeakMap<ServerState, Map<string, Open>>();
/** MS-SMB2 3.3.1.10 Open.ResumeKey. */
const resumeKeys = new WeakMap<Open, Buffer>();

function tableOf(server: ServerState): Map<string, Open> {
  let table = keyTables.get(server);
  if (!table) {
    table = new Map();
    keyTables.set(server, table);
  }
  return table;
}

function resumeKeyOf(server: ServerState, open: Open): Buffer {
  let key = resumeKeys.get(open);
  if (!key) {
    const newKey = randomBytes(RESUME_KEY_SIZE);
    const table = tableOf(server);
    table.set(newKey.toString('hex'), open);
    open.onClose.add(() => table.delete(newKey.toString('hex')));
    resumeKeys.set(open, newKey);
    key = newKey;
  }
  return key;
}

export async function requestResumeKey(request: Smb2Request, body: IoctlRequest, open: Open): Promise<FsctlResult> {
  fileHandle(open);
  if (body.maxOutputResponse < SRV_REQUEST_RESUME_KEY_RESPONSE_SIZE) {
    throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'no room for SRV_REQUEST_RESUME_KEY');
  }
  return { output: encodeSrvRequestResumeKeyResponse(resumeKeyOf(request.server, open)) };
}

/** The open a key names, if it is still open and belongs to the session of the request. */
export function openByResumeKey(request: Smb2Request, key: Buffer): Open | undefined {
  const open = keyTables.get(request.server)?.get(key.toString('hex'));
  if (!open || open.session !== request.session || request.server.opens.get(open.volatileFileId) !== open) return undefined;
  return open;
}
