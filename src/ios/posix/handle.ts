// An open file, directory or named stream of the POSIX driver. The handle holds a descriptor on the object, so
// reads, writes and metadata calls keep working when the object is renamed (or unlinked) while open; a stream
// handle holds a second descriptor on the stream's data file and reads and writes that.

import { opendir } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import type { BigIntStats, Dir } from 'node:fs';
import { basename, dirname } from 'node:path';
import { FileAttributes } from '../../protocol/constants.ts';
import { isPathPrefix } from '../names.ts';
import { checkRange } from '../ranges.ts';
import { DriverError } from '../types.ts';
import type {
  BasicInfoChange,
  ByteRange,
  ClientContext,
  DirectoryEntry,
  DriverHandle,
  ExtendedAttribute,
  FileStat,
  StreamInfo,
} from '../types.ts';
import { checkEnd, checkOffset, copyData, MAX_OFFSET, writeAll } from './data.ts';
import { driverErrorFrom } from './errors.ts';
import { holeOperations } from './holes.ts';
import { mapInOrder } from './in-order.ts';
import type { ObjectMetadata } from './metadata/object-metadata.ts';
import type { MetadataObject } from './metadata/store.ts';
import { descriptorPath, enumerableEntry } from './paths.ts';
import type { ResolvedEntry, ShareRoot } from './paths.ts';
import { allocatedRanges, allocateHoles, zeroRange } from './sparse.ts';
import { allocationSizeOf, fileStatFrom } from './stat.ts';
import { fileTimeFromNs, nsFromFileTime, utimesValue } from './times.ts';

/**
 * Directory entries Node reads ahead per readdir batch: each batch is a trip to the thread pool, and 512 lists
 * names about a quarter faster than 128 while a directory of any size still streams.
 */
const DIRECTORY_BUFFER_ENTRIES = 512;
/** Entries enumerate stats (and reads the metadata of) at once. */
const STAT_CONCURRENCY = 32;
const OWNER_WRITE = 0o200;
const ALL_WRITE = 0o222;

/** What a handle needs from the driver that opened it. */
export interface PosixHandleHost {
  readonly share: ShareRoot;
  readonly readOnly: boolean;
  forget(handle: PosixHandle): void;
}

export interface PosixHandleOptions {
  path: readonly string[];
  /** Descriptor on the file or directory itself. */
  object: FileHandle;
  /** The object is a directory. */
  isDirectory: boolean;
  /** The handle may write data. */
  writable: boolean;
  /** For a named-stream handle: the stream's name and its data file. */
  stream?: { name: string; file: FileHandle };
}

export class PosixHandle implements DriverHandle {
  readonly stream: string;
  readonly #host: PosixHandleHost;
  readonly #metadata: ObjectMetadata;
  readonly #object: FileHandle;
  /** Where read and write go: the file itself, a stream's data file, or nothing for a directory. */
  readonly #data: FileHandle | undefined;
  readonly #objectIsDirectory: boolean;
  readonly #writable: boolean;
  #path: readonly string[];

  constructor(host: PosixHandleHost, metadata: ObjectMetadata, options: PosixHandleOptions) {
    this.#host = host;
    this.#metadata = metadata;
    this.#path = [...options.path];
    this.#object = options.object;
    this.#objectIsDirectory = options.isDirectory;
    this.#writable = options.writable;
    this.stream = options.stream?.name ?? '';
    this.#data = options.stream?.file ?? (options.isDirectory ? undefined : options.object);
  }

  /** Where the object is now; follows renames made through the driver. */
  get path(): readonly string[] {
    return this.#path;
  }

  /** Called by the driver after `from` was renamed to `to`, when that moved this object or an ancestor. */
  relocate(from: readonly string[], to: readonly string[]): void {
    if (isPathPrefix(from, this.#path)) this.#path = [...to, ...this.#path.slice(from.length)];
  }

  async stat(_ctx: ClientContext): Promise<FileStat> {
    const object = await this.#metadataObject();
    const stat = fileStatFrom(object.stats, await this.#metadata.dosInfo(object));
    if (this.stream === '') return stat;
    // A stream has its own size; times, attributes and id are the object's.
    const data = await fstat(this.#data!);
    return { ...stat, isDirectory: false, size: data.size, allocationSize: allocationSizeOf(data.size, data.blocks) };
  }

  async read(_ctx: ClientContext, into: Buffer, offset: bigint): Promise<number> {
    const data = this.#requireData();
    checkOffset(offset);
    if (into.length === 0 || offset > MAX_OFFSET) return 0;
    try {
      const { bytesRead } = await data.read(into, 0, into.length, Number(offset));
      return bytesRead;
    } catch (error) {
      throw driverErrorFrom(error, 'read');
    }
  }

  async write(_ctx: ClientContext, data: Buffer, offset: bigint): Promise<number> {
    const file = this.#requireData();
    this.#requireWritable();
    checkOffset(offset);
    checkEnd(offset + BigInt(data.length));
    try {
      await writeAll(file, data, Number(offset));
    } catch (error) {
      throw driverErrorFrom(error, 'write');
    }
    return data.length;
  }

  async flush(_ctx: ClientContext): Promise<void> {
    try {
      await (this.#data ?? this.#object).sync();
    } catch (error) {
      throw driverErrorFrom(error, 'fsync');
    }
  }

  async setEndOfFile(_ctx: ClientContext, size: bigint): Promise<void> {
    const data = this.#requireData();
    this.#requireWritable();
    checkOffset(size);
    checkEnd(size);
    try {
      await data.truncate(Number(size));
    } catch (error) {
      throw driverErrorFrom(error, 'ftruncate');
    }
  }

  async setBasicInfo(_ctx: ClientContext, change: BasicInfoChange): Promise<void> {
    this.#requireMutable();
    const object = await this.#metadataObject();
    const current = object.stats;
    try {
      // Creation time and attributes other than a file's READONLY go to the metadata store, before the mode can
      // lose its write bits.
      await this.#metadata.setBasicInfo(object, change);
      if (change.lastAccessTime !== undefined || change.lastWriteTime !== undefined) {
        // Node cannot leave one of the two times alone, so the other is written back as its current FILETIME.
        const atime = change.lastAccessTime ?? fileTimeFromNs(current.atimeNs);
        const mtime = change.lastWriteTime ?? fileTimeFromNs(current.mtimeNs);
        await this.#object.utimes(utimesValue(nsFromFileTime(atime)), utimesValue(nsFromFileTime(mtime)));
      }
      if (change.attributes !== undefined && !this.#objectIsDirectory) {
        const mode = Number(current.mode) & 0o7777;
        // Setting READONLY takes write permission from everyone; clearing it gives it back to the owner only,
        // never widening access for group or others.
        const wanted = (change.attributes & FileAttributes.READONLY) !== 0 ? mode & ~ALL_WRITE : mode | OWNER_WRITE;
        if (wanted !== mode) await this.#object.chmod(wanted);
      }
    } catch (error) {
      throw driverErrorFrom(error, 'set basic information');
    }
    // POSIX cannot set the ctime: the ChangeTime is stored against the object as the rest of the change left it.
    if (change.changeTime !== undefined) await this.#metadata.setChangeTime(await this.#metadataObject(), change.changeTime);
  }

  async *enumerate(_ctx: ClientContext): AsyncGenerator<DirectoryEntry, void, undefined> {
    const { here, self } = await this.#listedDirectory('enumerate');
    yield { name: '.', stat: await this.#statOf({ path: here.realPath, stats: self }) };
    yield { name: '..', stat: await this.#parentStat(here.realPath, self) };
    const share = this.#host.share;
    const entries = mapInOrder(await openDirectory(here.realPath), STAT_CONCURRENCY, async (dirent) => {
      const entry = await enumerableEntry(share, here.realPath, dirent.name);
      return entry === undefined ? undefined : { name: dirent.name, stat: await this.#statOf({ path: entry.realPath, stats: entry.stats }) };
    });
    // Iterating a Dir closes it when the loop ends, also when the consumer stops early.
    for await (const entry of entries) if (entry !== undefined) yield entry;
  }

  /**
   * The names readdir returns, without a stat each: the metadata directory is left out, and so are FIFOs, sockets
   * and devices where the file system reports entry types. Symlinks are listed whatever they lead to (enumerate
   * leaves out those that dangle or leave the share; opening such a name fails as it does for any client).
   */
  async *listNames(_ctx: ClientContext): AsyncGenerator<string, void, undefined> {
    const { here } = await this.#listedDirectory('listNames');
    // The listed directory itself is never inside the metadata directory (resolve refuses that), so the only
    // entry to hide is the metadata directory's own name, where it lies in this directory.
    const reserved = this.#host.share.reservedPath;
    const hidden = reserved !== undefined && dirname(reserved) === here.realPath ? basename(reserved) : undefined;
    for await (const dirent of await openDirectory(here.realPath)) {
      if (dirent.name === hidden || dirent.isFIFO() || dirent.isSocket() || dirent.isBlockDevice() || dirent.isCharacterDevice()) continue;
      yield dirent.name;
    }
  }

  async listStreams(_ctx: ClientContext): Promise<StreamInfo[]> {
    return this.#metadata.listStreams(await this.#metadataObject());
  }

  async getExtendedAttributes(_ctx: ClientContext): Promise<ExtendedAttribute[]> {
    return this.#metadata.extendedAttributes(await this.#metadataObject());
  }

  async setExtendedAttributes(_ctx: ClientContext, eas: readonly ExtendedAttribute[]): Promise<void> {
    this.#requireMutable();
    await this.#metadata.setExtendedAttributes(await this.#metadataObject(), eas);
  }

  async getSecurityDescriptor(_ctx: ClientContext): Promise<Buffer | undefined> {
    return this.#metadata.securityDescriptor(await this.#metadataObject());
  }

  async setSecurityDescriptor(_ctx: ClientContext, descriptor: Buffer): Promise<void> {
    this.#requireMutable();
    await this.#metadata.setSecurityDescriptor(await this.#metadataObject(), descriptor);
  }

  /**
   * Records the SPARSE_FILE attribute. A file that stops being sparse has its holes allocated first (MS-FSA
   * 2.1.5.10.38), through a descriptor that can write: a handle opened without write access leaves them, and they
   * read as zeros all the same.
   */
  async setSparse(_ctx: ClientContext, sparse: boolean): Promise<void> {
    const data = this.#requireData();
    this.#requireMutable();
    const object = await this.#metadataObject();
    if (!sparse && this.#writable && (await this.#metadata.isSparse(object))) {
      try {
        await allocateHoles(data, holeOperations());
      } catch (error) {
        throw driverErrorFrom(error, 'allocate holes');
      }
    }
    await this.#metadata.setSparse(object, sparse);
  }

  /** Punches the range out of a sparse file; zeros it and keeps it allocated in one that is not (sparse.ts). */
  async zeroRange(_ctx: ClientContext, range: ByteRange): Promise<void> {
    const data = this.#requireData();
    this.#requireWritable();
    checkRange(range);
    const sparse = await this.#isSparse();
    try {
      await zeroRange(data, range, sparse, holeOperations());
    } catch (error) {
      throw driverErrorFrom(error, 'zero range');
    }
  }

  /** The data extents of a sparse file, found with SEEK_DATA / SEEK_HOLE; the whole range of one that is not. */
  async allocatedRanges(_ctx: ClientContext, range: ByteRange): Promise<ByteRange[]> {
    const data = this.#requireData();
    checkRange(range);
    const sparse = await this.#isSparse();
    try {
      return await allocatedRanges(data, range, sparse, holeOperations());
    } catch (error) {
      throw driverErrorFrom(error, 'query allocated ranges');
    }
  }

  async copyRange(_ctx: ClientContext, source: DriverHandle, sourceOffset: bigint, targetOffset: bigint, length: bigint): Promise<bigint> {
    // Only the driver's own handles qualify: a wrapper or proxy around one is refused (a brand check, not
    // instanceof, which a proxy passes without having the private fields).
    if (!(#data in source)) throw new DriverError('not-supported', 'the source is not a handle of this driver');
    if (source.#data === undefined) throw new DriverError('is-a-directory', 'the source is a directory');
    const target = this.#requireData();
    this.#requireWritable();
    // A sparse target gets the source's holes as holes rather than as written zeros.
    const holes = holeOperations();
    const keepHoles = holes !== undefined && (await this.#isSparse());
    try {
      return await copyData(source.#data, target, sourceOffset, targetOffset, length, keepHoles ? holes : undefined);
    } catch (error) {
      throw driverErrorFrom(error, 'copy range');
    }
  }

  close(_ctx: ClientContext): Promise<void> {
    return this.release();
  }

  /** Closes the underlying descriptors; also used when the driver is disposed. */
  async release(): Promise<void> {
    this.#host.forget(this);
    const files = this.#data !== undefined && this.#data !== this.#object ? [this.#data, this.#object] : [this.#object];
    const results = await Promise.allSettled(files.map((file) => file.close()));
    for (const result of results) {
      if (result.status === 'rejected') throw driverErrorFrom(result.reason, 'close');
    }
  }

  /**
   * The directory to list, by path: Node has no fdopendir, so make sure the path still names this handle's
   * directory (another process may have moved it) before reading it.
   */
  async #listedDirectory(operation: string): Promise<{ here: Extract<ResolvedEntry, { state: 'present' }>; self: BigIntStats }> {
    if (!this.#objectIsDirectory || this.stream !== '') throw new DriverError('not-a-directory', `${operation} on a file handle`);
    const self = await fstat(this.#object);
    const here = await this.#host.share.resolve(this.#path);
    if (here.state !== 'present' || here.stats.ino !== self.ino || here.stats.dev !== self.dev) {
      throw new DriverError('not-found', 'the directory is no longer at its path');
    }
    return { here, self };
  }

  /** The object as the metadata store addresses it. */
  async #metadataObject(): Promise<MetadataObject> {
    const stats = await fstat(this.#object);
    const path = descriptorPath(this.#object);
    if (path !== undefined) return { path, stats };
    const here = await this.#host.share.resolve(this.#path);
    if (here.state !== 'present' || here.stats.ino !== stats.ino || here.stats.dev !== stats.dev) {
      throw new DriverError('not-found', 'the object is no longer at its path');
    }
    return { path: here.realPath, stats };
  }

  /** SPARSE_FILE is the object's: a stream handle follows the sparseness of its file. */
  async #isSparse(): Promise<boolean> {
    return this.#metadata.isSparse(await this.#metadataObject());
  }

  async #statOf(object: MetadataObject): Promise<FileStat> {
    return fileStatFrom(object.stats, await this.#metadata.dosInfo(object));
  }

  /** ".." of the share root is the root itself, as Windows lists the root of a volume. */
  async #parentStat(realPath: string, self: BigIntStats): Promise<FileStat> {
    if (this.#path.length === 0) return this.#statOf({ path: realPath, stats: self });
    const parent = await this.#host.share.resolve(this.#path.slice(0, -1));
    if (parent.state !== 'present') throw new DriverError('not-found', 'the parent directory is gone');
    return this.#statOf({ path: parent.realPath, stats: parent.stats });
  }

  #requireData(): FileHandle {
    if (this.#data === undefined) throw new DriverError('is-a-directory', 'data operation on a directory handle');
    return this.#data;
  }

  #requireMutable(): void {
    if (this.#host.readOnly) throw readOnlyError();
  }

  #requireWritable(): void {
    this.#requireMutable();
    if (!this.#writable) throw new DriverError('access-denied', 'handle was not opened for writing');
  }
}

async function fstat(file: FileHandle): Promise<BigIntStats> {
  try {
    return await file.stat({ bigint: true });
  } catch (error) {
    throw driverErrorFrom(error, 'fstat');
  }
}

export function readOnlyError(): DriverError {
  return new DriverError('read-only', 'the share is read-only');
}

async function openDirectory(path: string): Promise<Dir> {
  try {
    return await opendir(path, { bufferSize: DIRECTORY_BUFFER_ENTRIES });
  } catch (error) {
    throw driverErrorFrom(error, 'opendir');
  }
}
