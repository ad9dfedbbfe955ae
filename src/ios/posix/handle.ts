// An open file or directory of the POSIX driver: a Node FileHandle on the object, so reads, writes and
// metadata calls keep working when the object is renamed (or unlinked) while open.

import { opendir } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import type { BigIntStats } from 'node:fs';
import { FileAttributes } from '../../protocol/constants.ts';
import { isPathPrefix } from '../names.ts';
import { DriverError } from '../types.ts';
import type { BasicInfoChange, ClientContext, DirectoryEntry, DriverHandle, FileStat } from '../types.ts';
import { driverErrorFrom } from './errors.ts';
import { enumerableStats } from './paths.ts';
import type { ShareRoot } from './paths.ts';
import { fileStatFrom } from './stat.ts';
import { fileTimeFromNs, nsFromFileTime, utimesValue } from './times.ts';

/** Directory entries Node reads ahead per readdir batch: enough to amortise the calls, small enough to stream. */
const DIRECTORY_BUFFER_ENTRIES = 128;
/**
 * Largest offset this driver reads or writes at. Node only places IO correctly at safe-integer positions, so
 * writes beyond are refused and reads there see end of file (8 PiB: past any file the driver can create).
 */
const MAX_OFFSET = BigInt(Number.MAX_SAFE_INTEGER);
const OWNER_WRITE = 0o200;
const ALL_WRITE = 0o222;

/** What a handle needs from the driver that opened it. */
export interface PosixHandleHost {
  readonly share: ShareRoot;
  readonly readOnly: boolean;
  forget(handle: PosixHandle): void;
}

export class PosixHandle implements DriverHandle {
  readonly #host: PosixHandleHost;
  readonly #file: FileHandle;
  readonly #isDirectory: boolean;
  readonly #writable: boolean;
  #path: readonly string[];

  constructor(host: PosixHandleHost, path: readonly string[], file: FileHandle, isDirectory: boolean, writable: boolean) {
    this.#host = host;
    this.#path = [...path];
    this.#file = file;
    this.#isDirectory = isDirectory;
    this.#writable = writable;
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
    try {
      return fileStatFrom(await this.#file.stat({ bigint: true }));
    } catch (error) {
      throw driverErrorFrom(error, 'fstat');
    }
  }

  async read(_ctx: ClientContext, into: Buffer, offset: bigint): Promise<number> {
    this.#requireFile();
    checkOffset(offset);
    if (into.length === 0 || offset > MAX_OFFSET) return 0;
    try {
      const { bytesRead } = await this.#file.read(into, 0, into.length, Number(offset));
      return bytesRead;
    } catch (error) {
      throw driverErrorFrom(error, 'read');
    }
  }

  async write(_ctx: ClientContext, data: Buffer, offset: bigint): Promise<number> {
    this.#requireFile();
    this.#requireWritable();
    checkOffset(offset);
    // Node writes at the current position when a number position is not a safe integer, so larger offsets
    // are refused here rather than handed on.
    if (offset + BigInt(data.length) > MAX_OFFSET) {
      throw new DriverError('no-space', 'write beyond the largest supported file offset');
    }
    const start = Number(offset);
    let done = 0;
    try {
      while (done < data.length) {
        const { bytesWritten } = await this.#file.write(data, done, data.length - done, start + done);
        if (bytesWritten === 0) throw new DriverError('io', 'write made no progress');
        done += bytesWritten;
      }
    } catch (error) {
      throw driverErrorFrom(error, 'write');
    }
    return done;
  }

  async flush(_ctx: ClientContext): Promise<void> {
    try {
      await this.#file.sync();
    } catch (error) {
      throw driverErrorFrom(error, 'fsync');
    }
  }

  async setEndOfFile(_ctx: ClientContext, size: bigint): Promise<void> {
    this.#requireFile();
    this.#requireWritable();
    checkOffset(size);
    if (size > MAX_OFFSET) throw new DriverError('no-space', 'size beyond the largest supported file');
    try {
      await this.#file.truncate(Number(size));
    } catch (error) {
      throw driverErrorFrom(error, 'ftruncate');
    }
  }

  async setBasicInfo(_ctx: ClientContext, change: BasicInfoChange): Promise<void> {
    if (this.#host.readOnly) throw readOnlyError();
    try {
      const current = await this.#file.stat({ bigint: true });
      // Creation and change times cannot be set through POSIX; they are left as they are.
      if (change.lastAccessTime !== undefined || change.lastWriteTime !== undefined) {
        // Node cannot leave one of the two times alone, so the other is written back as its current FILETIME.
        const atime = change.lastAccessTime ?? fileTimeFromNs(current.atimeNs);
        const mtime = change.lastWriteTime ?? fileTimeFromNs(current.mtimeNs);
        await this.#file.utimes(utimesValue(nsFromFileTime(atime)), utimesValue(nsFromFileTime(mtime)));
      }
      if (change.attributes !== undefined && !this.#isDirectory) {
        const mode = Number(current.mode) & 0o7777;
        // Setting READONLY takes write permission from everyone; clearing it gives it back to the owner only,
        // never widening access for group or others.
        const wanted = (change.attributes & FileAttributes.READONLY) !== 0 ? mode & ~ALL_WRITE : mode | OWNER_WRITE;
        if (wanted !== mode) await this.#file.chmod(wanted);
      }
    } catch (error) {
      throw driverErrorFrom(error, 'set basic information');
    }
  }

  async *enumerate(_ctx: ClientContext): AsyncGenerator<DirectoryEntry, void, undefined> {
    if (!this.#isDirectory) throw new DriverError('not-a-directory', 'enumerate on a file handle');
    const share = this.#host.share;
    const self = await this.#file.stat({ bigint: true }).catch((error: unknown) => {
      throw driverErrorFrom(error, 'fstat');
    });
    // Node has no fdopendir, so the directory is listed by path: make sure the path still names this handle's
    // directory (another process may have moved it) before reading it.
    const here = await share.resolve(this.#path);
    if (here.state !== 'present' || here.stats.ino !== self.ino || here.stats.dev !== self.dev) {
      throw new DriverError('not-found', 'the directory is no longer at its path');
    }
    yield { name: '.', stat: fileStatFrom(self) };
    yield { name: '..', stat: await this.#parentStat(self) };
    let dir;
    try {
      dir = await opendir(here.realPath, { bufferSize: DIRECTORY_BUFFER_ENTRIES });
    } catch (error) {
      throw driverErrorFrom(error, 'opendir');
    }
    // Iterating a Dir closes it when the loop ends, also when the consumer stops early.
    for await (const dirent of dir) {
      const stats = await enumerableStats(share, here.realPath, dirent.name);
      if (stats !== undefined) yield { name: dirent.name, stat: fileStatFrom(stats) };
    }
  }

  close(_ctx: ClientContext): Promise<void> {
    return this.release();
  }

  /** Closes the underlying descriptor; also used when the driver is disposed. */
  async release(): Promise<void> {
    this.#host.forget(this);
    try {
      await this.#file.close();
    } catch (error) {
      throw driverErrorFrom(error, 'close');
    }
  }

  /** ".." of the share root is the root itself, as Windows lists the root of a volume. */
  async #parentStat(self: BigIntStats): Promise<FileStat> {
    if (this.#path.length === 0) return fileStatFrom(self);
    const parent = await this.#host.share.resolve(this.#path.slice(0, -1));
    if (parent.state !== 'present') throw new DriverError('not-found', 'the parent directory is gone');
    return fileStatFrom(parent.stats);
  }

  #requireFile(): void {
    if (this.#isDirectory) throw new DriverError('is-a-directory', 'data operation on a directory handle');
  }

  #requireWritable(): void {
    if (this.#host.readOnly) throw readOnlyError();
    if (!this.#writable) throw new DriverError('access-denied', 'handle was not opened for writing');
  }
}

function checkOffset(offset: bigint): void {
  if (offset < 0n) throw new DriverError('invalid-parameter', 'negative offset');
}

export function readOnlyError(): DriverError {
  return new DriverError('read-only', 'the share is read-only');
}
