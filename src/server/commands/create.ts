// MS-SMB2 3.3.5.9 Receiving an SMB2 CREATE Request (with MS-FSA 2.1.5.1 for the open itself). The steps
// live in ../create/: validation, access (grant), sharing, contexts, registration, pipes.

import { AccessMask, CreateOptions, FileAttributes } from '../../protocol/constants.ts';
import { CreateContextName, decodeCreateContexts, encodeCreateContexts, type CreateContext } from '../../protocol/create-contexts.ts';
import { decodeCreateRequest, encodeCreateResponse, type CreateRequest } from '../../protocol/messages/create.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import { utf16 } from '../../protocol/wire.ts';
import { DriverError, type FileStat } from '../../ios/types.ts';
import { statusForDriverError } from '../driver-status.ts';
import { parseShareName } from '../paths.ts';
import type { HandlerResult, Smb2Request } from '../request.ts';
import { isTreeConnected } from '../teardown.ts';
import { cachingRequest, leaseResponseContexts, responseContexts } from '../create/contexts.ts';
import { openPipe } from '../create/pipe.ts';
import { registerOpen } from '../create/register.ts';
import { grantCreateAccess, type CreateGrant } from '../create/grant.ts';
import { admitOpen, checkSharing } from '../create/sharing.ts';
import { breakParentLeases } from '../leases/parent.ts';
import { durableRequestOf, type DurableRequest } from '../durable/request.ts';
import type { TreeConnect } from '../state/tree-connect.ts';
import { SharedObject } from '../state/shared-object.ts';
import { reconnectDurableOpen } from '../durable/reconnect.ts';
import { answerReplayedCreate, registerCreateGuid, reserveCreateGuid } from '../durable/replay.ts';
import { grantDurability } from '../durable/grant.ts';
import { appInstanceIdOf, closeEarlierInstances } from '../durable/app-instance.ts';
import { tokenForIdentity } from '../security/token.ts';
import { createActions, dispositions, validateCreateRequest } from '../create/validate.ts';
import { attributesForCreate, checkOverwriteAttributes } from '../create/attributes.ts';
import { applyEasAfterOverwrite, requestedEas } from '../create/eas.ts';
import { resolveShareName } from '../create/resolve.ts';
import { reportedStat } from '../info/write-time.ts';
import { networkOpenInformation } from '../info/network-open.ts';
import { checkOpenedStream, checkStreamOptions, checkStreamSharing, removeNamedStreamsAfterOverwrite } from '../create/streams.ts';

export async function create(request: Smb2Request): Promise<HandlerResult> {
  const body = decodeCreateRequest(request.message);
  const tree = request.requireTree();
  const name = utf16.decode(body.name);
  const contexts = decodeCreateContexts(body.createContexts);
  const durable = tree.share.kind === 'pipe' ? { kind: 'none' as const } : durableRequestOf(contexts, request.connection.profile!.dialect);
  // A reconnect takes over an existing open: the CREATE's own fields are not looked at (MS-SMB2 3.3.5.9.7).
  if (durable.kind === 'reconnect') return reconnectDurableOpen(request, tree, name, contexts, durable);
  validateCreateRequest(body);
  if (name.includes('\0')) throw new NtStatusError(NtStatus.OBJECT_NAME_INVALID);

  if (tree.share.kind === 'pipe') return openPipe(request, name, tree, body.desiredAccess, body.shareAccess, body.createOptions);
  if (durable.kind !== 'request' || durable.version !== 2) return openObject(request, tree, name, body, contexts, durable);
  const replayed = await answerReplayedCreate(request, durable.createGuid, body.requestedOplockLevel, contexts);
  if (replayed) return replayed;
  const release = reserveCreateGuid(request, durable.createGuid);
  request.outlivesChannel = true;
  try {
    return await openObject(request, tree, name, body, contexts, durable);
  } finally {
    release();
  }
}

/** MS-SMB2 3.3.5.9 from "Open Execution" on: the object is opened or created. */
async function openObject(request: Smb2Request, tree: TreeConnect, name: string, body: CreateRequest, contexts: CreateContext[], durable: DurableRequest): Promise<HandlerResult> {
  const share = tree.share;
  const driver = share.driver!;
  const o = body.createOptions;
  const parsed = parseShareName(name, { maxComponentLength: driver.capabilities.maxNameLength, namedStreams: driver.capabilities.namedStreams });
  checkStreamOptions(parsed.stream, o);
  const disposition = dispositions[body.createDisposition]!;
  if (share.readOnly && disposition !== 'open') throw new NtStatusError(NtStatus.ACCESS_DENIED, 'read-only share');
  if (parsed.path.length === 0 && parsed.stream === undefined && o & CreateOptions.NON_DIRECTORY_FILE) throw new NtStatusError(NtStatus.FILE_IS_A_DIRECTORY);
  const eas = requestedEas(contexts, driver);

  const ctx = { ...request.clientContext(), createContexts: new Map(contexts.map((c) => [c.name, c.data])) };
  // Existing names are matched ignoring case, as NTFS does; new ones keep the client's case (create/resolve.ts).
  const resolved = await resolveShareName(driver, ctx, parsed);
  const { path, stream } = resolved;
  const appInstanceId = durable.kind === 'request' && durable.version === 2 ? appInstanceIdOf(contexts) : undefined;
  if (appInstanceId) await closeEarlierInstances(request, share, path, appInstanceId);
  const token = tokenForIdentity(ctx.identity);
  const securityDescriptor = contexts.find((c) => c.name === CreateContextName.SD_BUFFER)?.data;
  const caching = cachingRequest(request.connection, body.requestedOplockLevel, contexts);

  let opened;
  let grant: CreateGrant;
  // Access is granted against what the lookup found. A missing object is created with 'create', so one that
  // appears before the driver gets there fails with 'exists' and is checked again, as existing.
  for (let attempt = 0; ; attempt++) {
    // The first attempt uses what resolving the name looked up.
    const existing = attempt === 0 ? resolved.stat : await driver.lookup(ctx, path).catch(() => undefined);
    // An object whose last open just closed with a delete pending is going: once it is gone, look again.
    const going = existing && request.server.deletesUnderWay.get(SharedObject.keyOf(share, existing.fileId));
    if (going && attempt === 0) {
      await going;
      continue;
    }
    if (existing) checkOpenedStream(stream, existing.isDirectory);
    grant = await grantCreateAccess({
      share,
      shareAccess: tree.maximalAccess,
      ctx,
      token,
      path,
      stream,
      existing,
      desiredAccess: body.desiredAccess,
      disposition,
      createOptions: o,
      fileAttributes: body.fileAttributes,
      securityDescriptor,
    });
    checkOverwriteAttributes(existing, disposition, body.fileAttributes);
    // Caching is broken and sharing checked before the driver opens, so a refused OVERWRITE never truncates.
    await admitOpen(request, existing && request.server.findObject(share, existing.fileId, stream), {
      access: grant.grantedAccess,
      shareAccess: body.shareAccess,
      createDisposition: body.createDisposition,
      caching,
    });
    if (existing) checkStreamSharing(request.server, share, existing.fileId, stream ?? '', grant.grantedAccess);
    try {
      opened = await driver.open(ctx, path, {
        disposition: grant.disposition,
        directory: (o & CreateOptions.DIRECTORY_FILE) !== 0,
        nonDirectory: (o & CreateOptions.NON_DIRECTORY_FILE) !== 0,
        // Only data writes need a writable handle: attributes, times and EAs can change on a read-only file.
        write: (grant.grantedAccess & (AccessMask.FILE_WRITE_DATA | AccessMask.FILE_APPEND_DATA)) !== 0,
        attributes: attributesForCreate(body.fileAttributes, o),
        ...(stream ? { stream } : {}),
        ...(eas ? { extendedAttributes: eas } : {}),
        securityDescriptor: grant.securityDescriptor,
      });
      break;
    } catch (error) {
      if (error instanceof DriverError && error.code === 'exists' && grant.disposition !== disposition && attempt === 0) continue;
      if (error instanceof DriverError) throw new NtStatusError(statusForDriverError(error.code, 'open'), error.message);
      throw error;
    }
  }
  const access = grant.grantedAccess;
  const { handle, result } = opened;
  let stat: FileStat;
  try {
    stat = await handle.stat(ctx);
    checkOpenedStream(stream, stat.isDirectory);
    // MS-FSA 2.1.5.1.2.1: writing or deleting a read-only file is refused.
    if (stat.attributes & FileAttributes.READONLY && !stat.isDirectory && result === 'opened') {
      if (access & (AccessMask.FILE_WRITE_DATA | AccessMask.FILE_APPEND_DATA)) throw new NtStatusError(NtStatus.ACCESS_DENIED);
      if (o & CreateOptions.DELETE_ON_CLOSE) throw new NtStatusError(NtStatus.CANNOT_DELETE);
    }
    // The tree may have been released while the driver worked (a pipelined TREE_DISCONNECT or LOGOFF, or
    // the connection dropping): an open registered now would never be closed.
    if (!isTreeConnected(request.server, tree)) throw new NtStatusError(NtStatus.NETWORK_NAME_DELETED);
    // Another open may have raced in while the driver worked.
    checkSharing(request.server.findObject(share, stat.fileId, stream), access, body.shareAccess);
    checkStreamSharing(request.server, share, stat.fileId, stream ?? '', access);
    await removeNamedStreamsAfterOverwrite(driver, handle, ctx, path, result, stream);
    await applyEasAfterOverwrite(handle, ctx, result, eas);
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
    object: request.server.objectFor(share, stat.fileId, stream ?? ''),
    createOptions: o,
  });
  open.deleteOnClose = (o & CreateOptions.DELETE_ON_CLOSE) !== 0;
  open.createAction = createActions[result];
  if (durable.kind === 'request' && durable.version === 2) {
    registerCreateGuid(request.server, open, durable.createGuid);
    open.appInstanceId = appInstanceId;
  }
  const granted = request.server.leases.grant(open, caching, result === 'overwritten' || result === 'superseded');
  const durableContexts = request.server.options.durableHandles ? grantDurability(open, durable, granted) : [];
  // A new or rewritten entry changes the directory's listing.
  if (result !== 'opened') await breakParentLeases(request.server, share, ctx, path, open.caching.parentLeaseKey);
  const fsStat = contexts.some((c) => c.name === CreateContextName.QUERY_ON_DISK_ID) ? await driver.statfs(ctx) : undefined;
  const { endOfFile, ...reported } = networkOpenInformation(reportedStat(request.server, share, stat));
  return {
    body: encodeCreateResponse({
      oplockLevel: granted.oplockLevel,
      flags: 0,
      createAction: open.createAction,
      ...reported,
      endofFile: endOfFile,
      persistentFileId: open.persistentFileId,
      volatileFileId: open.volatileFileId,
      createContexts: encodeCreateContexts([
        ...responseContexts(contexts, grant.maximalAccess, stat, fsStat?.volumeSerialNumber ?? 0),
        ...leaseResponseContexts(granted),
        ...durableContexts,
      ]),
    }),
  };
}
