// SET_INFO SMB2_0_INFO_FILE (MS-SMB2 3.3.5.21.1, MS-FSA 2.1.5.15): one entry per MS-FSCC 2.4 class,
// each with the access right MS-FSA requires before the change is attempted.

import { AccessMask, FileAttributes, ShareAccess } from '../../protocol/constants.ts';
import { FileInformationClass as C } from '../../protocol/fscc/info-class.ts';
import * as si from '../../protocol/fscc/set-info.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import { DriverError, type BasicInfoChange, type ClientContext, type FileTime } from '../../ios/types.ts';
import { statusForDriverError } from '../driver-status.ts';
import { parseSharePath } from '../paths.ts';
import type { Open } from '../state/open.ts';
import type { ServerState } from '../state/server-state.ts';

export interface FileSetContext {
  server: ServerState;
  open: Open;
  ctx: ClientContext;
  buffer: Buffer;
}

interface SetEntry {
  requiredAccess: number;
  apply(s: FileSetContext): Promise<void>;
}

/** MS-FSCC 2.4.7: 0 leaves a time unchanged; -1 and -2 (stop / resume automatic updates) change nothing stored. */
const timeChange = (t: FileTime): FileTime | undefined => (t > 0n ? t : undefined);

async function setBasic({ open, ctx, buffer }: FileSetContext): Promise<void> {
  const info = si.decodeFileBasicInformation(buffer);
  // MS-FSA 2.1.5.15.2: DIRECTORY on a file, or a file-only attribute on a directory, is invalid.
  if (info.fileAttributes & FileAttributes.DIRECTORY && !open.isDirectory) throw new NtStatusError(NtStatus.INVALID_PARAMETER);
  if (info.fileAttributes & FileAttributes.TEMPORARY && open.isDirectory) throw new NtStatusError(NtStatus.INVALID_PARAMETER);
  const change: BasicInfoChange = {
    creationTime: timeChange(info.creationTime),
    lastAccessTime: timeChange(info.lastAccessTime),
    lastWriteTime: timeChange(info.lastWriteTime),
    changeTime: timeChange(info.changeTime),
    attributes: info.fileAttributes === 0 ? undefined : info.fileAttributes & ~FileAttributes.NORMAL,
  };
  await open.handle!.setBasicInfo(ctx, change);
}

async function setEndOfFile({ open, ctx, buffer }: FileSetContext): Promise<void> {
  const { endOfFile } = si.decodeFileEndOfFileInformation(buffer);
  if (open.isDirectory) throw new NtStatusError(NtStatus.INVALID_PARAMETER);
  await open.handle!.setEndOfFile(ctx, endOfFile);
}

/** MS-FSA 2.1.5.15.1: an allocation below end of file truncates the file to it. */
async function setAllocation({ open, ctx, buffer }: FileSetContext): Promise<void> {
  const { allocationSize } = si.decodeFileAllocationInformation(buffer);
  if (open.isDirectory) throw new NtStatusError(NtStatus.INVALID_PARAMETER);
  const stat = await open.handle!.stat(ctx);
  if (allocationSize < stat.size) await open.handle!.setEndOfFile(ctx, allocationSize);
}

/** MS-FSA 2.1.5.15.3: delete pending is refused for read-only files and non-empty directories. */
async function setDeletePending(s: FileSetContext, deletePending: boolean, ignoreReadOnly = false): Promise<void> {
  const { open, ctx } = s;
  if (deletePending) {
    const stat = await open.handle!.stat(ctx);
    if (stat.attributes & FileAttributes.READONLY && !ignoreReadOnly) throw new NtStatusError(NtStatus.CANNOT_DELETE);
    if (open.isDirectory && !(await isEmptyDirectory(s))) throw new NtStatusError(NtStatus.DIRECTORY_NOT_EMPTY);
  }
  open.object!.deletePending = deletePending;
}

async function isEmptyDirectory({ open, ctx }: FileSetContext): Promise<boolean> {
  const it = open.handle!.enumerate(ctx);
  try {
    for await (const entry of it) if (entry.name !== '.' && entry.name !== '..') return false;
    return true;
  } finally {
    await it.return?.();
  }
}

async function setDisposition(s: FileSetContext): Promise<void> {
  await setDeletePending(s, si.decodeFileDispositionInformation(s.buffer).deletePending);
}

async function setDispositionEx(s: FileSetContext): Promise<void> {
  const { flags } = si.decodeFileDispositionInformationEx(s.buffer);
  const F = si.DispositionFlags;
  await setDeletePending(s, (flags & F.FILE_DISPOSITION_DELETE) !== 0, (flags & F.FILE_DISPOSITION_IGNORE_READONLY_ATTRIBUTE) !== 0);
}

const samePath = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((x, i) => x === b[i]);
const isUnder = (path: readonly string[], dir: readonly string[]) => path.length > dir.length && dir.every((x, i) => x === path[i]);

/** MS-FSA 2.1.5.15.11 FileRenameInformation. */
async function setRename({ server, open, ctx, buffer }: FileSetContext): Promise<void> {
  const info = si.decodeFileRenameInformation(buffer);
  const driver = open.treeConnect.share.driver!;
  // Some clients send the target with a leading separator; it is share-relative either way.
  const target = parseSharePath(info.fileName.replace(/^\\+/, ''), driver.capabilities.maxNameLength);
  if (target.length === 0) throw new NtStatusError(NtStatus.OBJECT_NAME_INVALID);
  if (samePath(target, open.path)) return;
  for (const other of server.opens.values()) {
    if (other === open || other.treeConnect.share !== open.treeConnect.share) continue;
    // Open children keep a directory in place (MS-FSA 2.1.5.15.11: STATUS_ACCESS_DENIED).
    if (isUnder(other.path, open.path)) throw new NtStatusError(NtStatus.ACCESS_DENIED, 'open files below the directory');
    if (other.object === open.object && !(other.shareAccess & ShareAccess.DELETE)) throw new NtStatusError(NtStatus.SHARING_VIOLATION);
    if (samePath(other.path, target)) throw new NtStatusError(NtStatus.ACCESS_DENIED, 'target is open');
  }
  try {
    await driver.rename(ctx, open.path, target, info.replaceIfExists);
  } catch (error) {
    if (error instanceof DriverError) throw new NtStatusError(statusForDriverError(error.code, 'rename'), error.message);
    throw error;
  }
  const from = open.path;
  for (const other of server.opens.values()) {
    if (other.treeConnect.share !== open.treeConnect.share) continue;
    if (other.object === open.object) other.path = target;
    else if (isUnder(other.path, from)) other.path = [...target, ...other.path.slice(from.length)];
  }
}

async function setPosition({ open, buffer }: FileSetContext): Promise<void> {
  open.currentByteOffset = si.decodeFilePositionInformation(buffer).currentByteOffset;
}

async function setMode({ open, buffer }: FileSetContext): Promise<void> {
  open.mode = si.decodeFileModeInformation(buffer).mode;
}

export const fileSetTable: ReadonlyMap<number, SetEntry> = new Map<number, SetEntry>([
  [C.FileBasicInformation, { requiredAccess: AccessMask.FILE_WRITE_ATTRIBUTES, apply: setBasic }],
  [C.FileEndOfFileInformation, { requiredAccess: AccessMask.FILE_WRITE_DATA, apply: setEndOfFile }],
  [C.FileAllocationInformation, { requiredAccess: AccessMask.FILE_WRITE_DATA, apply: setAllocation }],
  [C.FileDispositionInformation, { requiredAccess: AccessMask.DELETE, apply: setDisposition }],
  [C.FileDispositionInformationEx, { requiredAccess: AccessMask.DELETE, apply: setDispositionEx }],
  [C.FileRenameInformation, { requiredAccess: AccessMask.DELETE, apply: setRename }],
  [C.FilePositionInformation, { requiredAccess: 0, apply: setPosition }],
  [C.FileModeInformation, { requiredAccess: 0, apply: setMode }],
]);
