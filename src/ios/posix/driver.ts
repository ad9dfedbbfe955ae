// The POSIX driver: serves one host directory. Names are case-sensitive as the host stores them (the server
// folds case itself, see DriverCapabilities.caseSensitive); everything the client names stays under the root
// (paths.ts).

import { constants } from 'node:fs';
import { mkdir, open as openFile, rename, rmdir, stat, statfs, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { FileAttributes } from '../../protocol/constants.ts';
import { isPathPrefix } from '../names.ts';
import { DriverError } from '../types.ts';
import type {
  ClientContext,
  CreateResult,
  DriverCapabilities,
  DriverHandle,
  FileStat,
  FsStat,
  OpenDisposition,
  OpenOptions,
  ShareDriver,
} from '../types.ts';
import { driverErrorFrom, errnoOf } from './errors.ts';
import { PosixHandle, readOnlyError } from './handle.ts';
import type { PosixHandleHost } from './handle.ts';
import { MAX_NAME_LENGTH, ShareRoot } from './paths.ts';
import type { ResolvedEntry } from './paths.ts';
import { creationTimeNs, fileStatFrom, isReadOnlyMode } from './stat.ts';
import { fileTimeFromNs } from './times.ts';

const { O_RDONLY, O_RDWR, O_CREAT, O_EXCL, O_TRUNC, O_NOFOLLOW, O_NONBLOCK, O_DIRECTORY } = constants;

export interface PosixDriverOptions {
  /** Host directory served as the share root. */
  root: string;
  /** Refuse every mutation with 'read-only'. */
  readOnly?: boolean;
}

type OpenResult = { handle: DriverHandle; result: CreateResult };

const TRUNCATING: ReadonlySet<OpenDisposition> = new Set(['overwrite', 'overwrite-if', 'supersede']);

/** Mode bits for new files and directories; the process umask narrows them as for any other program. */
const NEW_FILE_MODE = 0o666;
const NEW_READONLY_FILE_MODE = 0o444;
const NEW_DIRECTORY_MODE = 0o777;
const ALL_WRITE = 0o222;

export class PosixDriver implements ShareDriver, PosixHandleHost {
  readonly capabilities: DriverCapabilities;
  readonly share: ShareRoot;
  readonly readOnly: boolean;
  readonly #handles = new Set<PosixHandle>();

  constructor(options: PosixDriverOptions) {
    this.share = new ShareRoot(options.root);
    this.readOnly = options.readOnly ?? false;
    this.capabilities = {
      caseSensitive: true,
      casePreserving: true,
      namedStreams: false,
      extendedAttributes: false,
      securityDescriptors: false,
      hardLinks: true,
      sparseFiles: false,
      persistentDosAttributes: false,
      readOnly: this.readOnly,
      maxNameLength: MAX_NAME_LENGTH,
      // Node sets times from a double number of seconds (times.ts): within 1 µs for dates before 2106.
      maxTimestampError: 10n,
    };
  }

  /** Creates a driver after checking that the root exists and is a directory (DriverError 'not-found' otherwise). */
  static async open(options: PosixDriverOptions): Promise<PosixDriver> {
    const driver = new PosixDriver(options);
    await driver.share.realRoot();
    return driver;
  }

  forget(handle: PosixHandle): void {
    this.#handles.delete(handle);
  }

  open(_ctx: ClientContext, path: readonly string[], options: OpenOptions): Promise<OpenResult> {
    if (options.directory && options.nonDirectory) {
      return Promise.reject(new DriverError('invalid-parameter', 'directory and non-directory both requested'));
    }
    return this.#open(path, options, true);
  }

  async #open(path: readonly string[], options: OpenOptions, mayRetry: boolean): Promise<OpenResult> {
    const entry = await this.share.resolve(path);
    switch (entry.state) {
      case 'present':
        return this.#openExisting(path, entry, options);
      case 'dangling':
        return refuseDangling(options.disposition);
      case 'missing':
        try {
          return await this.#create(path, entry.entryPath, options);
        } catch (error) {
          // Another client created the name between the lookup and the exclusive create: dispositions that
          // accept an existing object go round once more and open it.
          if (mayRetry && options.disposition !== 'create' && error instanceof DriverError && error.code === 'exists') {
            return this.#open(path, options, false);
          }
          throw error;
        }
    }
  }

  async #openExisting(
    path: readonly string[],
    entry: Extract<ResolvedEntry, { state: 'present' }>,
    options: OpenOptions,
  ): Promise<OpenResult> {
    const { stats, realPath } = entry;
    const isDirectory = stats.isDirectory();
    if (!isDirectory && !stats.isFile()) {
      // FIFOs, sockets and devices: opening them could block or reach hardware.
      throw new DriverError('access-denied', 'not a regular file or directory');
    }
    if (options.disposition === 'create') throw new DriverError('exists', 'the name already exists');
    const truncate = TRUNCATING.has(options.disposition);
    if (isDirectory) {
      if (options.nonDirectory) throw new DriverError('is-a-directory', 'the object is a directory');
      // MS-FSA 2.1.5.1.2: a directory opens only with FILE_OPEN, FILE_OPEN_IF (or fails FILE_CREATE).
      if (truncate) throw new DriverError('invalid-parameter', 'a directory cannot be overwritten');
      const file = await this.#openHost(realPath, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
      return { handle: this.#track(path, file, true, false), result: 'opened' };
    }
    if (options.directory) throw new DriverError('not-a-directory', 'the object is not a directory');
    if (this.readOnly && (truncate || options.write)) throw readOnlyError();
    // MS-FSA 2.1.5.1.2.1: a READONLY file refuses write access (and so overwriting).
    if (isReadOnlyMode(stats) && (truncate || options.write)) {
      throw new DriverError('access-denied', 'the file is read-only');
    }
    const access = truncate || options.write ? O_RDWR : O_RDONLY;
    const file = await this.#openHost(realPath, access | O_NOFOLLOW | O_NONBLOCK | (truncate ? O_TRUNC : 0));
    try {
      const opened = await file.stat({ bigint: true });
      if (!opened.isFile()) throw new DriverError('access-denied', 'the object changed into a non-regular file');
      if (truncate && (options.attributes & FileAttributes.READONLY) !== 0) {
        await file.chmod(Number(opened.mode) & 0o7777 & ~ALL_WRITE);
      }
    } catch (error) {
      await file.close();
      throw driverErrorFrom(error, 'open');
    }
    const result: CreateResult = !truncate ? 'opened' : options.disposition === 'supersede' ? 'superseded' : 'overwritten';
    return { handle: this.#track(path, file, false, options.write), result };
  }

  async #create(path: readonly string[], entryPath: string, options: OpenOptions): Promise<OpenResult> {
    if (options.disposition === 'open' || options.disposition === 'overwrite') {
      throw new DriverError('not-found', 'the object does not exist');
    }
    if (this.readOnly) throw readOnlyError();
    if (options.directory) {
      try {
        await mkdir(entryPath, NEW_DIRECTORY_MODE);
      } catch (error) {
        throw driverErrorFrom(error, 'mkdir');
      }
      const file = await this.#openHost(entryPath, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
      return { handle: this.#track(path, file, true, false), result: 'created' };
    }
    const mode = (options.attributes & FileAttributes.READONLY) !== 0 ? NEW_READONLY_FILE_MODE : NEW_FILE_MODE;
    // O_EXCL never follows a symlink planted at the name after the lookup.
    const file = await this.#openHost(entryPath, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_NONBLOCK, mode);
    return { handle: this.#track(path, file, false, options.write), result: 'created' };
  }

  async #openHost(hostPath: string, flags: number, mode?: number): Promise<FileHandle> {
    try {
      return await openFile(hostPath, flags, mode);
    } catch (error) {
      throw driverErrorFrom(error, 'open');
    }
  }

  #track(path: readonly string[], file: FileHandle, isDirectory: boolean, writable: boolean): PosixHandle {
    const handle = new PosixHandle(this, path, file, isDirectory, writable);
    this.#handles.add(handle);
    return handle;
  }

  async lookup(_ctx: ClientContext, path: readonly string[]): Promise<FileStat | undefined> {
    let entry: ResolvedEntry;
    try {
      entry = await this.share.resolve(path);
    } catch (error) {
      if (error instanceof DriverError && error.code === 'path-not-found') return undefined;
      throw error;
    }
    if (entry.state !== 'present') return undefined;
    // Objects enumeration leaves out (FIFOs, devices) are not looked up either.
    if (!entry.stats.isFile() && !entry.stats.isDirectory()) return undefined;
    return fileStatFrom(entry.stats);
  }

  async rename(_ctx: ClientContext, from: readonly string[], to: readonly string[], replaceIfExists: boolean): Promise<void> {
    if (this.readOnly) throw readOnlyError();
    if (from.length === 0 || to.length === 0) throw new DriverError('access-denied', 'the share root cannot be renamed');
    const source = await this.share.resolve(from);
    if (source.state !== 'present') throw new DriverError('not-found', 'the object to rename does not exist');
    const target = await this.share.resolve(to);
    if (source.entryPath === target.entryPath) return;
    if (isPathPrefix(from, to)) throw new DriverError('invalid-parameter', 'a directory cannot move into itself');
    try {
      if (target.state !== 'missing') {
        if (!replaceIfExists) throw new DriverError('exists', 'the target name exists');
        if (target.state === 'present') {
          // MS-FSA 2.1.5.15.11: replacing never removes a directory.
          if (target.stats.isDirectory()) throw new DriverError('access-denied', 'the target is a directory');
          const sameFile = target.stats.ino === source.stats.ino && target.stats.dev === source.stats.dev;
          if (sameFile && !source.isSymlink && !target.isSymlink) {
            // Two hard links of one file: rename(2) would leave both in place.
            await unlink(source.entryPath);
            this.#relocate(from, to);
            return;
          }
          // rename(2) cannot put a directory over a file; Windows replaces the file.
          if (source.stats.isDirectory() && !source.isSymlink) await unlink(target.entryPath);
        }
      }
      // rename(2) replaces an existing target without asking, and Node has no renameat2(RENAME_NOREPLACE):
      // a target created by another process after the check above is replaced even without replaceIfExists.
      await rename(source.entryPath, target.entryPath);
    } catch (error) {
      const errno = errnoOf(error);
      if (errno === 'EEXIST' || errno === 'ENOTEMPTY') throw new DriverError('exists', 'the target name exists', { cause: error });
      if (errno === 'EISDIR' || errno === 'ENOTDIR') throw new DriverError('access-denied', 'the target cannot be replaced', { cause: error });
      throw driverErrorFrom(error, 'rename');
    }
    this.#relocate(from, to);
  }

  #relocate(from: readonly string[], to: readonly string[]): void {
    for (const handle of this.#handles) handle.relocate(from, to);
  }

  async unlink(_ctx: ClientContext, path: readonly string[]): Promise<void> {
    if (this.readOnly) throw readOnlyError();
    if (path.length === 0) throw new DriverError('access-denied', 'the share root cannot be removed');
    const entry = await this.share.resolve(path);
    if (entry.state === 'missing') throw new DriverError('not-found', 'the object does not exist');
    try {
      // A symlink is removed itself, never its target.
      if (entry.state === 'present' && !entry.isSymlink && entry.stats.isDirectory()) await rmdir(entry.entryPath);
      else await unlink(entry.entryPath);
    } catch (error) {
      const errno = errnoOf(error);
      if (errno === 'ENOTEMPTY' || errno === 'EEXIST') throw new DriverError('not-empty', 'the directory is not empty', { cause: error });
      throw driverErrorFrom(error, 'unlink');
    }
  }

  async statfs(_ctx: ClientContext): Promise<FsStat> {
    const realRoot = await this.share.realRoot();
    try {
      const [volume, root] = await Promise.all([statfs(realRoot, { bigint: true }), stat(realRoot, { bigint: true })]);
      const blockSize = volume.frsize > 0n ? volume.frsize : volume.bsize;
      return {
        totalBytes: volume.blocks * blockSize,
        freeBytes: volume.bfree * blockSize,
        availableBytes: volume.bavail * blockSize,
        bytesPerSector: 512,
        sectorsPerAllocationUnit: Math.max(1, Number(blockSize / 512n)),
        // Clients enable features (long names, ACL editors, large MTU paths) by this name, so report NTFS.
        fileSystemName: 'NTFS',
        volumeLabel: '',
        // MS-FSCC 2.5.9 VolumeSerialNumber is 32 bits: fold the 64-bit device number into it.
        volumeSerialNumber: Number((root.dev ^ (root.dev >> 32n)) & 0xffff_ffffn),
        volumeCreationTime: fileTimeFromNs(creationTimeNs(root)),
      };
    } catch (error) {
      throw driverErrorFrom(error, 'statfs');
    }
  }

  /** Closes handles the server left open. */
  async dispose(): Promise<void> {
    const open = [...this.#handles];
    this.#handles.clear();
    await Promise.allSettled(open.map((handle) => handle.release()));
  }
}

function refuseDangling(disposition: OpenDisposition): never {
  if (disposition === 'open' || disposition === 'overwrite') {
    throw new DriverError('not-found', 'the name is a dangling symbolic link');
  }
  if (disposition === 'create') throw new DriverError('exists', 'the name is taken by a dangling symbolic link');
  throw new DriverError('access-denied', 'cannot create through a dangling symbolic link');
}
