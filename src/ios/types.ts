// The IOS driver SDK: the one interface a storage backend implements to be served over SMB.
// Drivers are handle-based and asynchronous, never see SMB messages, and report failures as DriverError
// codes that the server maps to NTSTATUS per operation. Paths arrive already validated by the server:
// an array of name components (no "", ".", "..", "\\", "/", NUL, or ':' stream syntax).

import type { Identity } from '../auth/identity.ts';

export const IOS_SDK_VERSION = 1;

/** Who is asking, passed to every driver call so backends can apply policy, placement and tracing. */
export interface ClientContext {
  identity: Identity;
  sessionId: bigint;
  shareName: string;
  clientAddress: string;
  /** Raw SMB2 create contexts of the CREATE that opened the handle, by tag ("MxAc", "QFid", …). */
  createContexts?: ReadonlyMap<string, Buffer>;
}

/** What the driver can do; the server adapts what it advertises and allows to this. */
export interface DriverCapabilities {
  /** Names differ by case only (POSIX); the server then does case-insensitive lookups itself. */
  caseSensitive: boolean;
  /** Case is preserved in stored names. */
  casePreserving: boolean;
  /** Alternate data streams (FILE_NAMED_STREAMS). */
  namedStreams: boolean;
  extendedAttributes: boolean;
  securityDescriptors: boolean;
  hardLinks: boolean;
  sparseFiles: boolean;
  /** Creation time and DOS attributes persist. */
  persistentDosAttributes: boolean;
  /** Refuses every mutating call. */
  readOnly: boolean;
  /** Largest name component, in UTF-16 code units. */
  maxNameLength: number;
  /**
   * How far, in 100 ns units, a time read back may be from the one set through setBasicInfo (backends that
   * store times more coarsely than FILETIME round them). Absent means times round-trip exactly.
   */
  maxTimestampError?: bigint;
}

/** FILETIME values (100 ns since 1601-01-01 UTC, MS-DTYP 2.3.3) as bigint. */
export type FileTime = bigint;

/** Metadata of an object, in the terms MS-FSCC info classes need. */
export interface FileStat {
  /** Stable 64-bit file id (FileInternalInformation); the same across restarts. */
  fileId: bigint;
  isDirectory: boolean;
  /** End of file. */
  size: bigint;
  allocationSize: bigint;
  creationTime: FileTime;
  lastAccessTime: FileTime;
  lastWriteTime: FileTime;
  changeTime: FileTime;
  /** MS-FSCC 2.6 attributes; DIRECTORY is set for directories, NORMAL never (the server adds it). */
  attributes: number;
  numberOfLinks: number;
}

/** How CREATE wants the object opened (MS-SMB2 2.2.13 CreateDisposition, mapped). */
export type OpenDisposition =
  | 'open' // fail with not-found when missing
  | 'create' // fail with exists when present
  | 'open-if'
  | 'overwrite' // truncate an existing file; fail when missing
  | 'overwrite-if'
  | 'supersede'; // replace (truncate) or create

export interface OpenOptions {
  disposition: OpenDisposition;
  /** Must be / create a directory. */
  directory: boolean;
  /** Must not be a directory. */
  nonDirectory: boolean;
  /** Will the handle write (the server has done the access check; this lets drivers open read-only). */
  write: boolean;
  /** Attributes for a newly created object (MS-FSCC 2.6). */
  attributes: number;
  /** Initial allocation size for new files, advisory. */
  allocationSize?: bigint;
}

export type CreateResult = 'opened' | 'created' | 'overwritten' | 'superseded';

/** Timestamps and attributes to set; undefined fields are left as they are (MS-FSCC 2.4.7 with 0 meaning "no change"). */
export interface BasicInfoChange {
  creationTime?: FileTime;
  lastAccessTime?: FileTime;
  lastWriteTime?: FileTime;
  changeTime?: FileTime;
  attributes?: number;
}

export interface DirectoryEntry {
  name: string;
  stat: FileStat;
}

export interface FsStat {
  totalBytes: bigint;
  freeBytes: bigint;
  /** Free bytes available to the caller (quota). */
  availableBytes: bigint;
  bytesPerSector: number;
  sectorsPerAllocationUnit: number;
  /** File system name reported in FileFsAttributeInformation, e.g. "NTFS". */
  fileSystemName: string;
  volumeLabel: string;
  volumeSerialNumber: number;
  volumeCreationTime: FileTime;
}

/** An open object. Closing a handle releases it; no call is made on a closed handle. */
export interface DriverHandle {
  readonly path: readonly string[];
  stat(ctx: ClientContext): Promise<FileStat>;
  /** Reads into `into`, at most into.length bytes at offset; returns the count (0 at or past EOF). */
  read(ctx: ClientContext, into: Buffer, offset: bigint): Promise<number>;
  /** Writes all of data at offset, extending the file as needed; returns the count. */
  write(ctx: ClientContext, data: Buffer, offset: bigint): Promise<number>;
  flush(ctx: ClientContext): Promise<void>;
  setEndOfFile(ctx: ClientContext, size: bigint): Promise<void>;
  setBasicInfo(ctx: ClientContext, change: BasicInfoChange): Promise<void>;
  /**
   * Directory enumeration, one entry at a time so huge directories never sit in memory. Each call starts
   * a new scan from the beginning ("." and ".." included first, as Windows lists them).
   */
  enumerate(ctx: ClientContext): AsyncIterableIterator<DirectoryEntry>;
  close(ctx: ClientContext): Promise<void>;
}

/** A backend serving one share. */
export interface ShareDriver {
  readonly capabilities: DriverCapabilities;
  /** Opens or creates the object at path ([] is the share root). */
  open(ctx: ClientContext, path: readonly string[], options: OpenOptions): Promise<{ handle: DriverHandle; result: CreateResult }>;
  /** Metadata by path without opening, undefined when missing. */
  lookup(ctx: ClientContext, path: readonly string[]): Promise<FileStat | undefined>;
  /** Renames; fails with exists unless replaceIfExists. Open handles follow the object. */
  rename(ctx: ClientContext, from: readonly string[], to: readonly string[], replaceIfExists: boolean): Promise<void>;
  /** Removes a file, or an empty directory (not-empty otherwise). */
  unlink(ctx: ClientContext, path: readonly string[]): Promise<void>;
  statfs(ctx: ClientContext): Promise<FsStat>;
  /** Releases resources when the server stops. */
  dispose?(): Promise<void>;
}

/** Failure kinds a driver reports. The server maps each to an NTSTATUS for the operation at hand. */
export type DriverErrorCode =
  | 'not-found' // the object is missing
  | 'path-not-found' // a parent directory is missing
  | 'exists'
  | 'not-a-directory'
  | 'is-a-directory'
  | 'not-empty'
  | 'access-denied'
  | 'read-only'
  | 'no-space'
  | 'name-invalid'
  | 'name-too-long'
  | 'busy'
  | 'too-many-open-files'
  | 'not-supported'
  | 'escapes-share' // a symlink or junction resolved outside the share root
  | 'invalid-parameter' // the request cannot apply to this object (e.g. overwriting a directory)
  | 'io';

export class DriverError extends Error {
  readonly code: DriverErrorCode;
  constructor(code: DriverErrorCode, message?: string, options?: { cause?: unknown }) {
    super(message ?? code, options);
    this.name = 'DriverError';
    this.code = code;
  }
}
