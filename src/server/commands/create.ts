// MS-SMB2 3.3.5.9 Receiving an SMB2 CREATE Request (with MS-FSA 2.1.5.1 for the open itself).

import {
  AccessMask,
  CreateAction,
  CreateDisposition,
  CreateOptions,
  FileAttributes,
  ImpersonationLevel,
  OplockLevel,
  ShareAccess,
} from '../../protocol/constants.ts';
import {
  CreateContextName,
  decodeCreateContexts,
  encodeCreateContexts,
  encodeQueryMaximalAccessResponse,
  encodeQueryOnDiskIdResponse,
  type CreateContext,
} from '../../protocol/create-contexts.ts';
import { decodeCreateRequest, encodeCreateResponse } from '../../protocol/messages/create.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import { utf16 } from '../../protocol/wire.ts';
import { RpcPipe } from '../../rpc/pipe.ts';
import { DriverError, type CreateResult, type FileStat, type OpenDisposition } from '../../ios/types.ts';
import { mapGenericRights, shareAccessConflicts, WRITE_RIGHTS } from '../access.ts';
import { statusForDriverError } from '../driver-status.ts';
import { parseSharePath } from '../paths.ts';
import type { HandlerResult, Smb2Request } from '../request.ts';
import { rpcServerContext } from '../rpc-context.ts';
import { Open } from '../state/open.ts';
import { SharedObject } from '../state/shared-object.ts';
import { isTreeConnected } from '../teardown.ts';
import type { TreeConnect } from '../state/tree-connect.ts';

const dispositions: Record<number, OpenDisposition> = {
  [CreateDisposition.SUPERSEDE]: 'supersede',
  [CreateDisposition.OPEN]: 'open',
  [CreateDisposition.CREATE]: 'create',
  [CreateDisposition.OPEN_IF]: 'open-if',
  [CreateDisposition.OVERWRITE]: 'overwrite',
  [CreateDisposition.OVERWRITE_IF]: 'overwrite-if',
};

const createActions: Record<CreateResult, number> = {
  opened: CreateAction.OPENED,
  created: CreateAction.CREATED,
  overwritten: CreateAction.OVERWRITTEN,
  superseded: CreateAction.SUPERSEDED,
};

/** MS-SMB2 2.2.13: bits of DesiredAccess no client may set. */
const ACCESS_RESERVED = 0x0ce0fe00;
/** MS-SMB2 3.3.5.9: CreateOptions the server refuses outright. */
const OPTIONS_NOT_SUPPORTED = CreateOptions.OPEN_BY_FILE_ID | CreateOptions.RESERVE_OPFILTER;

function validate(body: ReturnType<typeof decodeCreateRequest>): void {
  if (body.impersonationLevel > ImpersonationLevel.Delegate) throw new NtStatusError(NtStatus.BAD_IMPERSONATION_LEVEL);
  if (body.createDisposition > CreateDisposition.OVERWRITE_IF) throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'CreateDisposition');
  if (body.desiredAccess & ACCESS_RESERVED) throw new NtStatusError(NtStatus.ACCESS_DENIED, 'reserved access bits');
  if (body.shareAccess & ~(ShareAccess.READ | ShareAccess.WRITE | ShareAccess.DELETE)) throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'ShareAccess');
  if (body.fileAttributes & ~0x7fff7) throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'FileAttributes');
  const o = body.createOptions;
  if (o & OPTIONS_NOT_SUPPORTED) throw new NtStatusError(NtStatus.NOT_SUPPORTED, 'CreateOptions');
  if (o & CreateOptions.DIRECTORY_FILE && o & CreateOptions.NON_DIRECTORY_FILE) throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'directory and non-directory');
  // MS-FSA 2.1.5.1: a directory can only be opened or created, never overwritten.
  if (o & CreateOptions.DIRECTORY_FILE && ![CreateDisposition.CREATE, CreateDisposition.OPEN, CreateDisposition.OPEN_IF].includes(body.createDisposition as 1 | 2 | 3)) {
    throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'directory with an overwriting disposition');
  }
  // MS-FSA 2.1.5.1: delete-on-close needs DELETE access.
  if (o & CreateOptions.DELETE_ON_CLOSE && !(mapGenericRights(body.desiredAccess) & (AccessMask.DELETE | AccessMask.MAXIMUM_ALLOWED))) {
    throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'delete-on-close without DELETE');
  }
}

function responseContexts(requested: CreateContext[], tree: TreeConnect, stat: FileStat | undefined, volumeId: number): CreateContext[] {
  const out: CreateContext[] = [];
  for (const c of requested) {
    if (c.name === CreateContextName.QUERY_MAXIMAL_ACCESS) {
      out.push({ name: c.name, data: encodeQueryMaximalAccessResponse({ queryStatus: NtStatus.SUCCESS, maximalAccess: tree.maximalAccess }) });
    } else if (c.name === CreateContextName.QUERY_ON_DISK_ID && stat) {
      out.push({ name: c.name, data: encodeQueryOnDiskIdResponse({ diskFileId: stat.fileId, volumeId: BigInt(volumeId) }) });
    }
  }
  return out;
}

async function openPipe(request: Smb2Request, name: string, tree: TreeConnect, desiredAccess: number, shareAccess: number, createOptions: number): Promise<HandlerResult> {
  const server = request.server;
  const pipe = new RpcPipe(name.replace(/^\\+/, '').replace(/^pipe\\/i, ''), rpcServerContext(server));
  const open = registerOpen(request, { treeConnect: tree, path: [name], grantedAccess: desiredAccess, shareAccess, isDirectory: false, pipe, createOptions });
  return {
    body: encodeCreateResponse({
      oplockLevel: OplockLevel.NONE,
      flags: 0,
      createAction: CreateAction.OPENED,
      creationTime: 0n,
      lastAccessTime: 0n,
      lastWriteTime: 0n,
      changeTime: 0n,
      allocationSize: 4096n,
      endofFile: 0n,
      fileAttributes: FileAttributes.NORMAL,
      persistentFileId: open.persistentFileId,
      volatileFileId: open.volatileFileId,
      createContexts: Buffer.alloc(0),
    }),
  };
}

function registerOpen(request: Smb2Request, init: Omit<ConstructorParameters<typeof Open>[0], 'persistentFileId' | 'volatileFileId' | 'session'>): Open {
  const server = request.server;
  const volatile = server.allocateVolatileFileId();
  const open = new Open({ ...init, persistentFileId: volatile, volatileFileId: volatile, session: request.requireSession() });
  server.opens.set(volatile, open);
  open.object?.opens.add(open);
  init.treeConnect.openCount++;
  request.setChainFileId(open);
  return open;
}

/** MS-FSA 2.1.5.1.2: a delete-pending object refuses new opens; otherwise share modes must agree. */
function checkSharing(object: SharedObject | undefined, access: number, shareAccess: number): void {
  if (!object) return;
  if (object.deletePending) throw new NtStatusError(NtStatus.DELETE_PENDING);
  for (const other of object.opens) {
    if (shareAccessConflicts(other, { access, shareAccess })) throw new NtStatusError(NtStatus.SHARING_VIOLATION);
  }
}

export async function create(request: Smb2Request): Promise<HandlerResult> {
  const body = decodeCreateRequest(request.message);
  const tree = request.requireTree();
  validate(body);
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
