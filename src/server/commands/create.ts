// MS-SMB2 3.3.5.9 Receiving an SMB2 CREATE Request (with MS-FSA 2.1.5.1 for the open itself). The steps
// live in ../create/: validation, sharing, contexts, registration, pipes.

import { AccessMask, CreateOptions, FileAttributes, OplockLevel } from '../../protocol/constants.ts';
import { CreateContextName, decodeCreateContexts, encodeCreateContexts } from '../../protocol/create-contexts.ts';
import { decodeCreateRequest, encodeCreateResponse } from '../../protocol/messages/create.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import { utf16 } from '../../protocol/wire.ts';
import { DriverError, type FileStat } from '../../ios/types.ts';
import { mapGenericRights, WRITE_RIGHTS } from '../access.ts';
import { statusForDriverError } from '../driver-status.ts';
import { parseSharePath } from '../paths.ts';
import type { HandlerResult, Smb2Request } from '../request.ts';
import { SharedObject } from '../state/shared-object.ts';
import { isTreeConnected } from '../teardown.ts';
import { responseContexts } from '../create/contexts.ts';
import { openPipe } from '../create/pipe.ts';
import { registerOpen } from '../create/register.ts';
import { checkSharing } from '../create/sharing.ts';
import { createActions, dispositions, validateCreateRequest } from '../create/validate.ts';

export async function create(request: Smb2Request): Promise<HandlerResult> {
  const body = decodeCreateRequest(request.message);
  const tree = request.requireTree();
  validateCreateRequest(body);
  const name = utf16.decode(body.name);
  if (name.includes('\0')) throw new NtStatusError(NtStatus.OBJECT_NAME_INVALID);
  const contexts = decodeCreateContexts(body.createContexts);

  if (tree.share.kind === 'pipe') return openPipe(request, name, tree, body.desiredAccess, body.shareAccess, body.createOptions);

  const share = tree.share;
  const driver = share.driver!;
  const path = parseSharePath(name, driver.capabilities.maxNameLength);
  let access = mapGenericRights(body.desiredAccess);
  // MS-SMB2 3.3.5.9 / MS-FSA 2.1.5.1.2.1: MAXIMUM_ALLOWED grants what the share allows.
  if (access & AccessMask.MAXIMUM_ALLOWED) access = (access & ~AccessMask.MAXIMUM_ALLOWED) | tree.maximalAccess;
  if (access & ~tree.maximalAccess & ~AccessMask.ACCESS_SYSTEM_SECURITY) throw new NtStatusError(NtStatus.ACCESS_DENIED);
  if (access & AccessMask.ACCESS_SYSTEM_SECURITY) throw new NtStatusError(NtStatus.PRIVILEGE_NOT_HELD);
  const o = body.createOptions;
  const disposition = dispositions[body.createDisposition]!;
  if (share.readOnly && disposition !== 'open') throw new NtStatusError(NtStatus.ACCESS_DENIED, 'read-only share');
  if (path.length === 0 && o & CreateOptions.NON_DIRECTORY_FILE) throw new NtStatusError(NtStatus.FILE_IS_A_DIRECTORY);

  const ctx = { ...request.clientContext(), createContexts: new Map(contexts.map((c) => [c.name, c.data])) };
  // Sharing is checked before the driver opens, so a refused OVERWRITE never truncates.
  const existing = await driver.lookup(ctx, path).catch(() => undefined);
  if (existing) checkSharing(request.server.objects.get(SharedObject.keyOf(share, existing.fileId)), access, body.shareAccess);

  let opened;
  try {
    opened = await driver.open(ctx, path, {
      disposition,
      directory: (o & CreateOptions.DIRECTORY_FILE) !== 0,
      nonDirectory: (o & CreateOptions.NON_DIRECTORY_FILE) !== 0,
      write: (access & WRITE_RIGHTS) !== 0,
      attributes: body.fileAttributes & ~FileAttributes.NORMAL,
    });
  } catch (error) {
    if (error instanceof DriverError) throw new NtStatusError(statusForDriverError(error.code, 'open'), error.message);
    throw error;
  }
  const { handle, result } = opened;
  let stat: FileStat;
  try {
    stat = await handle.stat(ctx);
    // MS-FSA 2.1.5.1.2.1: writing or deleting a read-only file is refused.
    if (stat.attributes & FileAttributes.READONLY && !stat.isDirectory && result === 'opened') {
      if (access & (AccessMask.FILE_WRITE_DATA | AccessMask.FILE_APPEND_DATA)) throw new NtStatusError(NtStatus.ACCESS_DENIED);
      if (o & CreateOptions.DELETE_ON_CLOSE) throw new NtStatusError(NtStatus.CANNOT_DELETE);
    }
    // The tree may have been released while the driver worked (a pipelined TREE_DISCONNECT or LOGOFF, or
    // the connection dropping): an open registered now would never be closed.
    if (!isTreeConnected(request.server, tree)) throw new NtStatusError(NtStatus.NETWORK_NAME_DELETED);
    // Another open may have raced in while the driver worked.
    checkSharing(request.server.objects.get(SharedObject.keyOf(share, stat.fileId)), access, body.shareAccess);
  } catch (error) {
    await handle.close(ctx);
    throw error;
  }
  const open = registerOpen(request, {
    treeConnect: tree,
    path,
    grantedAccess: access,
    shareAccess: body.shareAccess,
    isDirectory: stat.isDirectory,
    handle,
    object: request.server.objectFor(share, stat.fileId),
    createOptions: o,
  });
  open.deleteOnClose = (o & CreateOptions.DELETE_ON_CLOSE) !== 0;
  const fsStat = contexts.some((c) => c.name === CreateContextName.QUERY_ON_DISK_ID) ? await driver.statfs(ctx) : undefined;
  return {
    body: encodeCreateResponse({
      oplockLevel: OplockLevel.NONE,
      flags: 0,
      createAction: createActions[result],
      creationTime: stat.creationTime,
      lastAccessTime: stat.lastAccessTime,
      lastWriteTime: stat.lastWriteTime,
      changeTime: stat.changeTime,
      allocationSize: stat.isDirectory ? 0n : stat.allocationSize,
      endofFile: stat.isDirectory ? 0n : stat.size,
      fileAttributes: stat.attributes || FileAttributes.NORMAL,
      persistentFileId: open.persistentFileId,
      volatileFileId: open.volatileFileId,
      createContexts: encodeCreateContexts(responseContexts(contexts, tree, stat, fsStat?.volumeSerialNumber ?? 0)),
    }),
  };
}
