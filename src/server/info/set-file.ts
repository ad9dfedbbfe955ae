// SET_INFO SMB2_0_INFO_FILE (MS-SMB2 3.3.5.21.1, MS-FSA 2.1.5.15): one entry per MS-FSCC 2.4 class,
// each with the access right MS-FSA requires before the change is attempted.

import { AccessMask, FileAttributes } from '../../protocol/constants.ts';
import { decodeFullEaList } from '../../protocol/fscc/ea.ts';
import { FileInformationClass as C } from '../../protocol/fscc/info-class.ts';
import * as si from '../../protocol/fscc/set-info.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import { DriverError, type BasicInfoChange, type ClientContext, type FileTime } from '../../ios/types.ts';
import { statusForDriverError } from '../driver-status.ts';
import type { Open } from '../state/open.ts';
import type { ServerState } from '../state/server-state.ts';
import { flushWriteTime, setWriteTime } from './write-time.ts';
import { applyRenameToOpens, checkRename, linkTarget, renameTarget } from './rename.ts';

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

const B = si.BasicInformationTime;

/** MS-FSCC 2.4.7: 0 leaves a time unchanged, -1 and -2 stop and resume automatic updates (write-time.ts). */
const timeChange = (t: FileTime): FileTime | undefined => (t > 0n ? t : undefined);

/**
 * MS-FSA 2.1.5.15.2 Open.UserSetChangeTime: a ChangeTime the client set (or froze) through an open is not
 * moved by later changes through it, so it is passed along with them.
 */
const fixedChangeTimes = new WeakMap<Open, FileTime>();

/** Driver failures of renames and links map by the rename table (dispatch maps all others generically). */
async function renameCall(call: Promise<void>): Promise<void> {
  try {
    await call;
  } catch (error) {
    if (error instanceof DriverError) throw new NtStatusError(statusForDriverError(error.code, 'rename'), error.message);
    throw error;
  }
}

/** MS-FSA 2.1.5.15.2 FileBasicInformation. */
async function setBasic({ open, ctx, buffer }: FileSetContext): Promise<void> {
  const info = si.decodeFileBasicInformation(buffer);
  // MS-FSA 2.1.5.15.2: DIRECTORY on a file, or a file-only attribute on a directory, is invalid.
  if (info.fileAttributes & FileAttributes.DIRECTORY && !open.isDirectory) throw new NtStatusError(NtStatus.INVALID_PARAMETER);
  if (info.fileAttributes & FileAttributes.TEMPORARY && open.isDirectory) throw new NtStatusError(NtStatus.INVALID_PARAMETER);
  // Even a request that changes nothing makes a held-back write-time update (Windows, Samba).
  await flushWriteTime(open, ctx);
  const write = info.lastWriteTime;
  if (write === B.SUSPEND_UPDATES) await setWriteTime(open, ctx, { freeze: true });
  else if (write === B.RESUME_UPDATES) await setWriteTime(open, ctx, { resume: true });
  else if (write > 0n) await setWriteTime(open, ctx, { set: write });
  const change: BasicInfoChange = {};
  if (timeChange(info.creationTime) !== undefined) change.creationTime = info.creationTime;
  if (timeChange(info.lastAccessTime) !== undefined) change.lastAccessTime = info.lastAccessTime;
  if (timeChange(write) !== undefined) change.lastWriteTime = write;
  if (timeChange(info.changeTime) !== undefined) change.changeTime = info.changeTime;
  if (info.fileAttributes !== 0) change.attributes = info.fileAttributes & ~FileAttributes.NORMAL;
  if (info.changeTime > 0n) fixedChangeTimes.set(open, info.changeTime);
  else if (info.changeTime === B.SUSPEND_UPDATES) fixedChangeTimes.set(open, (await open.handle!.stat(ctx)).changeTime);
  else if (info.changeTime === B.RESUME_UPDATES) fixedChangeTimes.delete(open);
  // Nothing to store: calling the driver would only move ChangeTime.
  if (Object.keys(change).length === 0) return;
  change.changeTime ??= fixedChangeTimes.get(open);
  await open.handle!.setBasicInfo(ctx, change);
}

async function setEndOfFile({ open, ctx, buffer }: FileSetContext): Promise<void> {
  const { endOfFile } = si.decodeFileEndOfFileInformation(buffer);
  if (open.isDirectory) throw new NtStatusError(NtStatus.INVALID_PARAMETER);
  await open.handle!.setEndOfFile(ctx, endOfFile);
  await flushWriteTime(open, ctx);
}

/** MS-FSA 2.1.5.15.1: an allocation below end of file truncates the file to it. */
async function setAllocation({ open, ctx, buffer }: FileSetContext): Promise<void> {
  const { allocationSize } = si.decodeFileAllocationInformation(buffer);
  if (open.isDirectory) throw new NtStatusError(NtStatus.INVALID_PARAMETER);
  const stat = await open.handle!.stat(ctx);
  if (allocationSize < stat.size) await open.handle!.setEndOfFile(ctx, allocationSize);
  await flushWriteTime(open, ctx);
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

/** MS-FSA 2.1.5.15.11 FileRenameInformation (rename.ts has the rules). */
async function setRename({ server, open, ctx, buffer }: FileSetContext): Promise<void> {
  const info = si.decodeFileRenameInformation(buffer);
  const driver = open.treeConnect.share.driver!;
  const target = await renameTarget(driver, ctx, open, info.fileName);
  if (target === undefined) return;
  await checkRename(server, ctx, open, target);
  await renameCall(driver.rename(ctx, open.path, target, info.replaceIfExists));
  applyRenameToOpens(server, open, target);
}

/** MS-FSA 2.1.5.15.8 FileLinkInformation: another name for the same file (DriverCapabilities.hardLinks). */
async function setLink({ server, open, ctx, buffer }: FileSetContext): Promise<void> {
  const info = si.decodeFileLinkInformation(buffer);
  const driver = open.treeConnect.share.driver!;
  if (!driver.capabilities.hardLinks || !driver.link) throw new NtStatusError(NtStatus.NOT_SUPPORTED, 'the share has no hard links');
  if (open.isDirectory) throw new NtStatusError(NtStatus.FILE_IS_A_DIRECTORY);
  const target = await linkTarget(server, driver, ctx, open, info.fileName, info.replaceIfExists);
  if (target === undefined) return;
  await renameCall(driver.link(ctx, open.path, target, info.replaceIfExists));
}

/** MS-FSA 2.1.5.15.5 FileFullEaInformation. */
async function setFullEa({ open, ctx, buffer }: FileSetContext): Promise<void> {
  const handle = open.handle!;
  if (!open.treeConnect.share.driver!.capabilities.extendedAttributes || !handle.setExtendedAttributes) throw new NtStatusError(NtStatus.EAS_NOT_SUPPORTED);
  const eas = decodeFullEaList(buffer);
  if (eas.length === 0) throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'empty EA list');
  await handle.setExtendedAttributes(ctx, eas);
}

/**
 * MS-FSA 2.1.5.15.13 FileShortNameInformation. Short names here are derived from long names
 * (short-names.ts), not stored, so there is nothing a client could set.
 */
async function setShortName({ buffer }: FileSetContext): Promise<void> {
  si.decodeFileShortNameInformation(buffer);
  throw new NtStatusError(NtStatus.NOT_SUPPORTED, 'short names are derived from long names');
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
  [C.FileLinkInformation, { requiredAccess: 0, apply: setLink }],
  [C.FileFullEaInformation, { requiredAccess: AccessMask.FILE_WRITE_EA, apply: setFullEa }],
  [C.FileShortNameInformation, { requiredAccess: AccessMask.DELETE, apply: setShortName }],
  [C.FilePositionInformation, { requiredAccess: 0, apply: setPosition }],
  [C.FileModeInformation, { requiredAccess: 0, apply: setMode }],
]);
