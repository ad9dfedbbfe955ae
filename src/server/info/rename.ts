// FileRenameInformation and FileLinkInformation targets (MS-FSA 2.1.5.15.11 and 2.1.5.15.8): where a new
// name points, what keeps a rename from happening, and how the opens follow it.

import { AccessMask, ShareAccess } from '../../protocol/constants.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import type { ClientContext, ShareDriver } from '../../ios/types.ts';
import { resolvePath } from '../create/resolve.ts';
import { parseShareName } from '../paths.ts';
import type { Open } from '../state/open.ts';
import type { ServerState } from '../state/server-state.ts';

const samePath = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const isUnder = (path: readonly string[], dir: readonly string[]) => path.length > dir.length && dir.every((x, i) => x === path[i]);

/** The share-relative path a FILE_RENAME/LINK_INFORMATION FileName gives (clients may add a leading "\"). */
function parseTarget(driver: ShareDriver, fileName: string): string[] {
  const parsed = parseShareName(fileName.replace(/^\\+/, ''), { maxComponentLength: driver.capabilities.maxNameLength, namedStreams: driver.capabilities.namedStreams });
  // Streams move only within their file (":new" targets), which the driver interface has no call for.
  if (parsed.stream !== undefined) throw new NtStatusError(NtStatus.OBJECT_NAME_INVALID, 'stream syntax in a file rename target');
  if (parsed.path.length === 0) throw new NtStatusError(NtStatus.OBJECT_NAME_INVALID, 'the share root as a target');
  return parsed.path;
}

/**
 * The path to rename the open's object to, as stored where it exists (create/resolve.ts); undefined when
 * the name is already the object's. A target that is the object itself under another case changes the case.
 */
export async function renameTarget(driver: ShareDriver, ctx: ClientContext, open: Open, fileName: string): Promise<string[] | undefined> {
  // MS-FSA 2.1.5.15.11: ":name" renames a stream of the file; the driver interface cannot move stream data.
  if (fileName.startsWith(':')) throw new NtStatusError(NtStatus.NOT_SUPPORTED, 'stream renames are not supported');
  if (open.object?.stream) throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'a stream can only be renamed to another stream');
  const given = parseTarget(driver, fileName);
  const resolved = await resolvePath(driver, ctx, given);
  if (!samePath(resolved, open.path)) return resolved;
  if (samePath(given, open.path)) return undefined;
  return [...resolved.slice(0, -1), given[given.length - 1]!];
}

/** An open of the directory the new name goes into that may delete it keeps names from arriving (as Samba checks). */
async function checkTargetParent(server: ServerState, ctx: ClientContext, open: Open, target: readonly string[]): Promise<void> {
  const share = open.treeConnect.share;
  const parent = await share.driver!.lookup(ctx, target.slice(0, -1)).catch(() => undefined);
  const object = parent && server.findObject(share, parent.fileId);
  if (!object) return;
  for (const other of object.opens) {
    if (other.grantedAccess & AccessMask.DELETE) throw new NtStatusError(NtStatus.SHARING_VIOLATION, 'the target directory is open for delete');
  }
}

/** MS-FSA 2.1.5.15.11 checks that need the other opens. */
export async function checkRename(server: ServerState, ctx: ClientContext, open: Open, target: readonly string[]): Promise<void> {
  await checkTargetParent(server, ctx, open, target);
  // A file whose streams are open cannot move under them.
  if (open.object && open.object.fileObject.streams.size > 0) throw new NtStatusError(NtStatus.ACCESS_DENIED, 'streams of the file are open');
  for (const other of server.opens.values()) {
    if (other === open || other.treeConnect.share !== open.treeConnect.share) continue;
    // Open children keep a directory in place (MS-FSA 2.1.5.15.11: STATUS_ACCESS_DENIED).
    if (isUnder(other.path, open.path)) throw new NtStatusError(NtStatus.ACCESS_DENIED, 'open files below the directory');
    if (other.object === open.object && !(other.shareAccess & ShareAccess.DELETE)) throw new NtStatusError(NtStatus.SHARING_VIOLATION);
    if (other.object !== open.object && samePath(other.path, target)) throw new NtStatusError(NtStatus.ACCESS_DENIED, 'target is open');
  }
}

/** Opens of the object, of its streams, and of everything below a renamed directory take the new path. */
export function applyRenameToOpens(server: ServerState, open: Open, target: string[]): void {
  const from = open.path;
  const file = open.object?.fileObject;
  for (const other of server.opens.values()) {
    if (other.treeConnect.share !== open.treeConnect.share) continue;
    if (other.object !== undefined && other.object.fileObject === file) other.path = target;
    else if (isUnder(other.path, from)) other.path = [...target, ...other.path.slice(from.length)];
  }
}

/** The path a new hard link gets; undefined when it already names the file. An open target is not replaced. */
export async function linkTarget(server: ServerState, driver: ShareDriver, ctx: ClientContext, open: Open, fileName: string, replaceIfExists: boolean): Promise<string[] | undefined> {
  const target = await resolvePath(driver, ctx, parseTarget(driver, fileName));
  if (samePath(target, open.path)) return undefined;
  await checkTargetParent(server, ctx, open, target);
  if (replaceIfExists) {
    for (const other of server.opens.values()) {
      if (other.treeConnect.share === open.treeConnect.share && samePath(other.path, target)) throw new NtStatusError(NtStatus.ACCESS_DENIED, 'target is open');
    }
  }
  return target;
}
