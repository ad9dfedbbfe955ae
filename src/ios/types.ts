// The IOS driver SDK: the one interface a storage backend implements to be served over SMB.
// Drivers are handle-based and asynchronous, never see SMB messages, and report failures as DriverError
// codes that the server maps to NTSTATUS per operation. Paths arrive already validated by the server:
// an array of name components (no "", ".", "..", "\\", "/", NUL, or ':' stream syntax).

import type { Identity } from '../auth/identity.ts';

export const IOS_SDK_VERSION = 2;

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
  /** Creation time, a ChangeTime set through setBasicInfo (until the object next changes), and DOS attributes persist. */
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
  /**
   * Bytes the object's extended attributes take as a FILE_FULL_EA_INFORMATION list (MS-FSCC 2.4.15: each EA
   * 8 + name + 1 + value bytes, every one but the last padded to a multiple of 4), for drivers that know it
   * without extra I/O. Directory listings report it as EaSize; absent means 0 there.
   */
  eaSize?: number;
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
  /**
   * The named stream to open or create on the object at path; undefined (or "") is the unnamed data
   * stream. Only asked of drivers whose capabilities say namedStreams. Creating a stream on a missing
   * object creates the object (a file) too, as NTFS does.
   */
  stream?: string;
  /** Self-relative security descriptor (MS-DTYP 2.4.6) for a newly created object; drivers with securityDescriptors store it. */
  securityDescriptor?: Buffer;
  /** Extended attributes for a newly created object (drivers with extendedAttributes). */
  extendedAttributes?: readonly ExtendedAttribute[];
}

export type CreateResult = 'opened' | 'created' | 'overwritten' | 'superseded';

/** An alternate data stream of a file or directory (MS-FSCC 2.4.49), named without ':' or ':$DATA'. */
export interface StreamInfo {
  name: string;
  size: bigint;
  allocationSize: bigint;
}

/** An extended attribute (MS-FSCC 2.4.15 FILE_FULL_EA_INFORMATION): ASCII name, stored as given. */
export interface ExtendedAttribute {
  name: string;
  value: Buffer;
  /** FILE_NEED_EA (0x80) or 0. */
  flags: number;
}

/** A byte range, for sparse allocation queries and copies. */
export interface ByteRange {
  offset: bigint;
  length: bigint;
}

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
  /**
   * The names in a directory without their metadata ("." and ".." left out), one at a time. The server's
   * case-insensitive lookups scan a directory for every name that is not found as written; drivers that can
   * list names more cheaply than enumerate() (POSIX readdir without a stat per entry) should provide it.
   */
  listNames?(ctx: ClientContext): AsyncIterableIterator<string>;
  close(ctx: ClientContext): Promise<void>;

  /** The named stream this handle reads and writes; "" for the unnamed data stream. */
  readonly stream?: string;
  /** Named streams of the object (the unnamed data stream not included). Required with namedStreams. */
  listStreams?(ctx: ClientContext): Promise<StreamInfo[]>;
  /** Required with extendedAttributes. */
  getExtendedAttributes?(ctx: ClientContext): Promise<ExtendedAttribute[]>;
  /** Sets each attribute; an empty value removes it (MS-FSA 2.1.5.15.5). Required with extendedAttributes. */
  setExtendedAttributes?(ctx: ClientContext, eas: readonly ExtendedAttribute[]): Promise<void>;
  /** The stored self-relative security descriptor, undefined when none was ever stored. Required with securityDescriptors. */
  getSecurityDescriptor?(ctx: ClientContext): Promise<Buffer | undefined>;
  /** Replaces the stored descriptor (the server has already merged the parts being set). Required with securityDescriptors. */
  setSecurityDescriptor?(ctx: ClientContext, descriptor: Buffer): Promise<void>;

  // Optional data-management hooks. The server offers the matching FSCTLs only where a driver has them.
  /** FSCTL_SET_SPARSE (MS-FSA 2.1.5.9.33). */
  setSparse?(ctx: ClientContext, sparse: boolean): Promise<void>;
  /** FSCTL_SET_ZERO_DATA: reads of the range return zeros afterwards; sparse files may free it (MS-FSA 2.1.5.9.34). */
  zeroRange?(ctx: ClientContext, range: ByteRange): Promise<void>;
  /** FSCTL_QUERY_ALLOCATED_RANGES: the allocated parts of a range, in order (MS-FSA 2.1.5.10.22). */
  allocatedRanges?(ctx: ClientContext, range: ByteRange): Promise<ByteRange[]>;
  /**
   * Server-side copy (FSCTL_SRV_COPYCHUNK, ODX) from another handle of the same driver; returns bytes copied. Only
   * the driver's own handles are accepted as source: others (a middleware's wrapper, a proxy) fail with
   * 'not-supported', so wrappers pass the handle they wrap.
   */
  copyRange?(ctx: ClientContext, source: DriverHandle, sourceOffset: bigint, targetOffset: bigint, length: bigint): Promise<bigint>;
  /** Block cloning (FSCTL_DUPLICATE_EXTENTS_TO_FILE): the target shares the source's blocks (reflink). Sources as for copyRange. */
  cloneRange?(ctx: ClientContext, source: DriverHandle, sourceOffset: bigint, targetOffset: bigint, length: bigint): Promise<void>;
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
  /** Removes a file, or an empty directory (not-empty otherwise); with `stream`, only that named stream. */
  unlink(ctx: ClientContext, path: readonly string[], stream?: string): Promise<void>;
  /** Adds a hard link (FileLinkInformation). Required with hardLinks. */
  link?(ctx: ClientContext, existing: readonly string[], newPath: readonly string[], replaceIfExists: boolean): Promise<void>;
  statfs(ctx: ClientContext): Promise<FsStat>;
  /**
   * Reports changes made to the backend by anything but this server (other programs, other nodes), for
   * CHANGE_NOTIFY. Started while some client watches a directory of the share; changes the server itself makes
   * may be reported too (the server drops those). Drivers without it report only what the server does.
   */
  watch?(onChange: (change: BackendChange) => void): { close(): void };
  /** Releases resources when the server stops. */
  dispose?(): Promise<void>;
}

/** A change a backend saw, in its own terms: what appeared, disappeared or changed, by share path. */
export interface BackendChange {
  kind: 'added' | 'removed' | 'modified';
  path: readonly string[];
  /** Undefined when the backend cannot tell (an object already gone). */
  isDirectory?: boolean;
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
