// The POSIX driver: serves one host directory. Names are case-sensitive as the host stores them (the server
// folds case itself, see DriverCapabilities.caseSensitive); everything the client names stays under the root
// (paths.ts). What POSIX cannot hold (DOS attributes, creation time, EAs, security descriptors, named streams)
// lives in xattrs or a sidecar store (metadata/), chosen per share when the driver starts.

import { constants } from 'node:fs';
import { link, mkdir, open as openFile, rename, rmdir, stat, statfs, unlink } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import type { BigIntStats } from 'node:fs';
import { FileAttributes } from '../../protocol/constants.ts';
import { checkStreamName, isPathPrefix } from '../names.ts';
import { DriverError } from '../types.ts';
import type {
  BackendChange,
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
import type { ObjectMetadata } from './metadata/object-metadata.ts';
import { openMetadata } from './metadata/select.ts';
import type { MetadataBackend } from './metadata/select.ts';
import type { MetadataBackendKind, MetadataObject } from './metadata/store.ts';
import { descriptorPath, MAX_NAME_LENGTH, ShareRoot } from './paths.ts';
import type { ResolvedEntry } from './paths.ts';
import { creationTimeNs, fileStatFrom, isReadOnlyMode } from './stat.ts';
import { fileTimeFromNs } from './times.ts';
import { watchShare } from './watch.ts';

const { O_RDONLY, O_RDWR, O_CREAT, O_EXCL, O_TRUNC, O_NOFOLLOW, O_NONBLOCK, O_DIRECTORY } = constants;

export interface PosixDriverOptions {
  /** Host directory served as the share root. */
  root: string;
  /** Refuse every mutation with 'read-only'. */
  readOnly?: boolean;
  /**
   * Where DOS attributes, creation times, EAs, security descriptors and stream ids are kept: 'xattr' (user.*
   * extended attributes of each object, needs the fs-xattr package), 'sidecar' (a SQLite database in the
   * metadata directory), or 'auto' (default): a share that has a sidecar database keeps using it, others use
   * xattrs where the root accepts them and the sidecar database where not.
   */
  metadata?: MetadataBackend;
  /**
   * The metadata directory: named stream data, and the sidecar database. Default: `.smb3-metadata` in the root,
   * where clients can neither see nor reach it; a path outside the share keeps the share itself clean.
   * Relative paths are taken from the root.
   */
  metadataDirectory?: string;
}

/** Name of the default metadata directory inside the share root. */
export const METADATA_DIRECTORY = '.smb3-metadata';

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
  readonly #options: PosixDriverOptions;
  readonly #handles = new Set<PosixHandle>();
  #metadata: Promise<ObjectMetadata> | undefined;

  constructor(options: PosixDriverOptions) {
    this.#options = options;
    this.share = new ShareRoot(options.root, options.metadataDirectory ?? METADATA_DIRECTORY);
    this.readOnly = options.readOnly ?? false;
    this.capabilities = {
      caseSensitive: true,
      casePreserving: true,
      namedStreams: true,
      extendedAttributes: true,
      securityDescriptors: true,
      hardLinks: true,
      sparseFiles: true,
      persistentDosAttributes: true,
      readOnly: this.readOnly,
      maxNameLength: MAX_NAME_LENGTH,
      // Node sets times from a double number of seconds (times.ts): within 1 µs for dates before 2106.
      maxTimestampError: 10n,
    };
  }

  /**
   * Creates a driver after checking that the root exists and is a directory (DriverError 'not-found' otherwise)
   * and choosing the metadata backend ('not-supported' when the one asked for cannot work here).
   */
  static async open(options: PosixDriverOptions): Promise<PosixDriver> {
    const driver = new PosixDriver(options);
    await driver.#ready();
    return driver;
  }

  /** Which backend holds this share's metadata. */
  async metadataBackend(): Promise<MetadataBackendKind> {
    return (await this.#ready()).store.kind;
  }

  /** The metadata store, chosen on first use (PosixDriver.open does it up front). */
  #ready(): Promise<ObjectMetadata> {
    this.#metadata ??= this.share.realRoot().then((root) =>
      openMetadata({
        backend: this.#options.metadata ?? 'auto',
        root,
        directory: this.share.reservedPath!,
        readOnly: this.readOnly,
      }),
    );
    return this.#metadata;
  }

  forget(handle: PosixHandle): void {
    this.#handles.delete(handle);
  }

  async open(_ctx: ClientContext, path: readonly string[], options: OpenOptions): Promise<OpenResult> {
    if (options.directory && options.nonDirectory) {
      throw new DriverError('invalid-parameter', 'directory and non-directory both requested');
    }
    const stream = options.stream ?? '';
    if (stream !== '') {
      checkStreamName(stream, MAX_NAME_LENGTH);
      // A named stream is data, never a directory.
      if (options.directory) throw new DriverError('not-a-directory', 'a stream is not a directory');
    }
    const metadata = await this.#ready();
    return this.#open(metadata, path, options, stream, true);
  }

  async #open(metadata: ObjectMetadata, path: readonly string[], options: OpenOptions, stream: string, mayRetry: boolean): Promise<OpenResult> {
    const entry = await this.share.resolve(path);
    switch (entry.state) {
      case 'present':
        if (stream !== '') return this.#openStream(metadata, path, entry, options, stream);
        return this.#openExisting(metadata, path, entry, options);
      case 'dangling':
        return refuseDangling(options.disposition);
      case 'reserved':
        return refuseReserved(options.disposition);
      case 'missing':
        try {
          return await this.#create(metadata, path, entry.entryPath, options, stream);
        } catch (error) {
          // Another client created the name between the lookup and the exclusive create: dispositions that
          // accept an existing object go round once more and open it.
          if (mayRetry && options.disposition !== 'create' && error instanceof DriverError && error.code === 'exists') {
            return this.#open(metadata, path, options, stream, false);
          }
          throw error;
        }
    }
  }

  async #openExisting(
    metadata: ObjectMetadata,
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
      const file = await openHost(realPath, O_RDONLY | O_DIRECTORY | O_NOFOLLOW);
      return { handle: this.#track(metadata, { path, object: file, isDirectory: true, writable: false }), result: 'opened' };
    }
    if (options.directory) throw new DriverError('not-a-directory', 'the object is not a directory');
    if (this.readOnly && (truncate || options.write)) throw readOnlyError();
    // MS-FSA 2.1.5.1.2.1: a READONLY file refuses write access (and so overwriting).
    if (isReadOnlyMode(stats) && (truncate || options.write)) {
      throw new DriverError('access-denied', 'the file is read-only');
    }
    const access = truncate || options.write ? O_RDWR : O_RDONLY;
    const file = await openHost(realPath, access | O_NOFOLLOW | O_NONBLOCK | (truncate ? O_TRUNC : 0));
    try {
      const opened = await file.stat({ bigint: true });
      if (!opened.isFile()) throw new DriverError('access-denied', 'the object changed into a non-regular file');
      if (truncate) {
        await metadata.overwritten({ path: descriptorPath(file) ?? realPath, stats: opened }, options);
        if ((options.attributes & FileAttributes.READONLY) !== 0) await file.chmod(Number(opened.mode) & 0o7777 & ~ALL_WRITE);
      }
    } catch (error) {
      await file.close();
      throw driverErrorFrom(error, 'open');
    }
    const result: CreateResult = !truncate ? 'opened' : options.disposition === 'supersede' ? 'superseded' : 'overwritten';
    return { handle: this.#track(metadata, { path, object: file, isDirectory: false, writable: options.write }), result };
  }

  /** Opens or creates a named stream of an existing file or directory. */
  async #openStream(
    metadata: ObjectMetadata,
    path: readonly string[],
    entry: Extract<ResolvedEntry, { state: 'present' }>,
    options: OpenOptions,
    stream: string,
  ): Promise<OpenResult> {
    const { stats, realPath } = entry;
    const isDirectory = stats.isDirectory();
    if (!isDirectory && !stats.isFile()) throw new DriverError('access-denied', 'not a regular file or directory');
    let disposition = options.disposition;
    // A read-only share, and a READONLY file (MS-FSA 2.1.5.1.2.1), may only open streams that exist, for reading.
    const refusal = this.readOnly ? readOnlyError() : isReadOnlyMode(stats) ? new DriverError('access-denied', 'the file is read-only') : undefined;
    if (refusal !== undefined) {
      if (options.write || TRUNCATING.has(disposition) || disposition === 'create') throw refusal;
      if (disposition === 'open-if') disposition = 'open';
    }
    const object = await openHost(realPath, O_RDONLY | O_NOFOLLOW | (isDirectory ? O_DIRECTORY : O_NONBLOCK));
    try {
      const opened = await object.stat({ bigint: true });
      if (opened.isDirectory() !== isDirectory) throw new DriverError('access-denied', 'the object changed type');
      const target: MetadataObject = { path: descriptorPath(object) ?? realPath, stats: opened };
      const mayCreate = disposition !== 'open' && disposition !== 'overwrite';
      const id = mayCreate ? await metadata.ensureStreamsId(target) : await metadata.streamsId(target);
      if (id === undefined) throw new DriverError('not-found', 'the stream does not exist');
      let opening;
      try {
        opening = await metadata.streams.open(id, stream, disposition, options.write);
      } catch (error) {
        // open-if narrowed to open above: a missing stream would have been created, which is what is refused.
        if (refusal !== undefined && error instanceof DriverError && error.code === 'not-found' && options.disposition === 'open-if') throw refusal;
        throw error;
      }
      const handle = this.#track(metadata, { path, object, isDirectory, writable: options.write, stream: { name: stream, file: opening.file } });
      return { handle, result: opening.result };
    } catch (error) {
      await object.close();
      throw driverErrorFrom(error, 'open stream');
    }
  }

  async #create(metadata: ObjectMetadata, path: readonly string[], entryPath: string, options: OpenOptions, stream: string): Promise<OpenResult> {
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
      const undo = () => rmdir(entryPath);
      const file = await openHost(entryPath, O_RDONLY | O_DIRECTORY | O_NOFOLLOW).catch(async (error: unknown) => {
        await undo().catch(() => {});
        throw error;
      });
      await this.#initialise(metadata, entryPath, options, file, undo);
      return { handle: this.#track(metadata, { path, object: file, isDirectory: true, writable: false }), result: 'created' };
    }
    const mode = (options.attributes & FileAttributes.READONLY) !== 0 ? NEW_READONLY_FILE_MODE : NEW_FILE_MODE;
    // O_EXCL never follows a symlink planted at the name after the lookup.
    const file = await openHost(entryPath, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_NONBLOCK, mode);
    await this.#initialise(metadata, entryPath, options, file, () => unlink(entryPath));
    if (stream === '') {
      return { handle: this.#track(metadata, { path, object: file, isDirectory: false, writable: options.write }), result: 'created' };
    }
    // A stream named on a missing object creates the object too, as NTFS does.
    try {
      const target: MetadataObject = { path: descriptorPath(file) ?? entryPath, stats: await file.stat({ bigint: true }) };
      const id = await metadata.ensureStreamsId(target);
      const opening = await metadata.streams.open(id, stream, 'create', true);
      const handle = this.#track(metadata, { path, object: file, isDirectory: false, writable: options.write, stream: { name: stream, file: opening.file } });
      return { handle, result: 'created' };
    } catch (error) {
      await file.close();
      await unlink(entryPath).catch(() => {});
      throw driverErrorFrom(error, 'create stream');
    }
  }

  /** Records a just-created object's metadata; when that fails, closes it and undoes the creation. */
  async #initialise(metadata: ObjectMetadata, entryPath: string, options: OpenOptions, file: FileHandle, undo: () => Promise<void>): Promise<void> {
    try {
      const stats = await file.stat({ bigint: true });
      await metadata.initialise({ path: descriptorPath(file) ?? entryPath, stats }, options);
    } catch (error) {
      await file.close();
      await undo().catch(() => {});
      throw driverErrorFrom(error, 'create');
    }
  }

  #track(metadata: ObjectMetadata, options: ConstructorParameters<typeof PosixHandle>[2]): PosixHandle {
    const handle = new PosixHandle(this, metadata, options);
    this.#handles.add(handle);
    return handle;
  }

  async lookup(_ctx: ClientContext, path: readonly string[]): Promise<FileStat | undefined> {
    const metadata = await this.#ready();
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
    return fileStatFrom(entry.stats, await metadata.dosInfo({ path: entry.realPath, stats: entry.stats }));
  }

  async rename(_ctx: ClientContext, from: readonly string[], to: readonly string[], replaceIfExists: boolean): Promise<void> {
    if (this.readOnly) throw readOnlyError();
    if (from.length === 0 || to.length === 0) throw new DriverError('access-denied', 'the share root cannot be renamed');
    const metadata = await this.#ready();
    const source = await this.share.resolve(from);
    if (source.state !== 'present') throw new DriverError('not-found', 'the object to rename does not exist');
    const target = await this.share.resolve(to);
    if (target.state === 'reserved') throw new DriverError('access-denied', 'the name is reserved for share metadata');
    if (source.entryPath === target.entryPath) return;
    if (isPathPrefix(from, to)) throw new DriverError('invalid-parameter', 'a directory cannot move into itself');
    let cleanup: (() => Promise<void>) | undefined;
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
          cleanup = await this.#lastNameCleanup(metadata, target);
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
    await cleanup?.();
    // A rename is a change of the object (its ctime moved): a stored ChangeTime ends. The rename itself is done
    // by now, so failing to record that must not fail it. A renamed symlink leaves its target as it was.
    if (!source.isSymlink) await metadata.renamed({ path: target.entryPath, stats: source.stats }).catch(() => {});
  }

  #relocate(from: readonly string[], to: readonly string[]): void {
    for (const handle of this.#handles) handle.relocate(from, to);
  }

  async unlink(_ctx: ClientContext, path: readonly string[], stream?: string): Promise<void> {
    if (this.readOnly) throw readOnlyError();
    const metadata = await this.#ready();
    if (stream !== undefined && stream !== '') return this.#removeStream(metadata, path, stream);
    if (path.length === 0) throw new DriverError('access-denied', 'the share root cannot be removed');
    const entry = await this.share.resolve(path);
    if (entry.state === 'missing' || entry.state === 'reserved') throw new DriverError('not-found', 'the object does not exist');
    const cleanup = entry.state === 'present' ? await this.#lastNameCleanup(metadata, entry) : undefined;
    try {
      // A symlink is removed itself, never its target.
      if (entry.state === 'present' && !entry.isSymlink && entry.stats.isDirectory()) await rmdir(entry.entryPath);
      else await unlink(entry.entryPath);
    } catch (error) {
      const errno = errnoOf(error);
      if (errno === 'ENOTEMPTY' || errno === 'EEXIST') throw new DriverError('not-empty', 'the directory is not empty', { cause: error });
      throw driverErrorFrom(error, 'unlink');
    }
    await cleanup?.();
  }

  async #removeStream(metadata: ObjectMetadata, path: readonly string[], stream: string): Promise<void> {
    checkStreamName(stream, MAX_NAME_LENGTH);
    const entry = await this.share.resolve(path);
    if (entry.state !== 'present') throw new DriverError('not-found', 'the object does not exist');
    const id = await metadata.streamsId({ path: entry.realPath, stats: entry.stats });
    if (id === undefined) throw new DriverError('not-found', 'the stream does not exist');
    await metadata.streams.remove(id, stream);
  }

  /**
   * The clean-up for removing this name when it is the object's last one (a directory's only one): the object's
   * streams and sidecar metadata go with it. Symlinks are names of their own; removing one leaves the target.
   */
  async #lastNameCleanup(metadata: ObjectMetadata, entry: Extract<ResolvedEntry, { state: 'present' }>): Promise<(() => Promise<void>) | undefined> {
    if (entry.isSymlink || (!entry.stats.isDirectory() && entry.stats.nlink > 1n)) return undefined;
    return metadata.removing({ path: entry.realPath, stats: entry.stats });
  }

  /** FileLinkInformation (MS-FSA 2.1.5.15.6): another name for an existing file, through link(2). */
  async link(_ctx: ClientContext, existing: readonly string[], newPath: readonly string[], replaceIfExists: boolean): Promise<void> {
    if (this.readOnly) throw readOnlyError();
    const metadata = await this.#ready();
    const source = await this.share.resolve(existing);
    if (source.state !== 'present') throw new DriverError('not-found', 'the file to link does not exist');
    if (source.stats.isDirectory()) throw new DriverError('is-a-directory', 'a directory cannot have hard links');
    if (!source.stats.isFile()) throw new DriverError('access-denied', 'not a regular file');
    const target = await this.share.resolve(newPath);
    if (target.state === 'reserved') throw new DriverError('access-denied', 'the name is reserved for share metadata');
    try {
      if (target.state === 'present' || target.state === 'dangling') {
        if (target.state === 'present' && sameObject(target.stats, source.stats)) return;
        if (!replaceIfExists) throw new DriverError('exists', 'the target name exists');
        if (target.state === 'present' && target.stats.isDirectory() && !target.isSymlink) {
          throw new DriverError('access-denied', 'the target is a directory');
        }
        const cleanup = target.state === 'present' ? await this.#lastNameCleanup(metadata, target) : undefined;
        await unlink(target.entryPath);
        await cleanup?.();
      }
      await link(source.realPath, target.entryPath);
    } catch (error) {
      if (errnoOf(error) === 'EEXIST') throw new DriverError('exists', 'the target name exists', { cause: error });
      throw driverErrorFrom(error, 'link');
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

  /** Changes other programs make under the root (./watch.ts). */
  watch(onChange: (change: BackendChange) => void): { close(): void } {
    return watchShare(this.share, onChange);
  }

  /** Closes handles the server left open, and the metadata store. */
  async dispose(): Promise<void> {
    const open = [...this.#handles];
    this.#handles.clear();
    await Promise.allSettled(open.map((handle) => handle.release()));
    const metadata = await this.#metadata?.catch(() => undefined);
    await metadata?.store.close();
  }
}

async function openHost(hostPath: string, flags: number, mode?: number): Promise<FileHandle> {
  try {
    return await openFile(hostPath, flags, mode);
  } catch (error) {
    throw driverErrorFrom(error, 'open');
  }
}

function sameObject(a: BigIntStats, b: BigIntStats): boolean {
  return a.ino === b.ino && a.dev === b.dev;
}

function refuseDangling(disposition: OpenDisposition): never {
  if (disposition === 'open' || disposition === 'overwrite') {
    throw new DriverError('not-found', 'the name is a dangling symbolic link');
  }
  if (disposition === 'create') throw new DriverError('exists', 'the name is taken by a dangling symbolic link');
  throw new DriverError('access-denied', 'cannot create through a dangling symbolic link');
}

/** The metadata directory does not exist for clients, and its name cannot be taken. */
function refuseReserved(disposition: OpenDisposition): never {
  if (disposition === 'open' || disposition === 'overwrite') throw new DriverError('not-found', 'the object does not exist');
  throw new DriverError('access-denied', 'the name is reserved for share metadata');
}
