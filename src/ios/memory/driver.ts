// The memory driver: a share held entirely in process memory, for tests and for embedding a server that
// publishes generated content. Same semantics as the POSIX driver (case-sensitive names, POSIX-like unlink of
// open objects), with creation times, DOS attributes, named streams, EAs, security descriptors, sparse files
// and block cloning held natively. No hard links: a node has one name.

import { FileAttributes } from '../../protocol/constants.ts';
import { fileAttributes } from '../attributes.ts';
import { applyExtendedAttributes } from '../extended-attributes.ts';
import { checkPathComponents, checkStreamName, isPathPrefix } from '../names.ts';
import { checkSecurityDescriptor } from '../security-descriptors.ts';
import { fileTimeFromDate } from '../posix/times.ts';
import { DriverError } from '../types.ts';
import type {
  ClientContext,
  CreateResult,
  DriverCapabilities,
  DriverHandle,
  FileStat,
  FileTime,
  FsStat,
  OpenDisposition,
  OpenOptions,
  ShareDriver,
} from '../types.ts';
import { MemoryHandle, readOnlyError, setSecurityDescriptor } from './handle.ts';
import { MemoryVolume } from './tree.ts';
import type { MemoryNode } from './tree.ts';

export interface MemoryDriverOptions {
  /** Current time as a FILETIME; defaults to the system clock (Date.now). */
  now?: () => FileTime;
  /** Bytes of file data the volume holds before writes fail with 'no-space'; default 1 GiB. */
  capacityBytes?: number;
  volumeLabel?: string;
  /** MS-FSCC 2.5.9 VolumeSerialNumber; defaults to the low 32 bits of the creation time. */
  volumeSerialNumber?: number;
}

type OpenResult = { handle: DriverHandle; result: CreateResult };

const DEFAULT_CAPACITY = 1 << 30;
const MAX_NAME_LENGTH = 255;
const BYTES_PER_SECTOR = 512;
const SECTORS_PER_CLUSTER = 8;
const TRUNCATING: ReadonlySet<OpenDisposition> = new Set(['overwrite', 'overwrite-if', 'supersede']);

const systemClock = (): FileTime => fileTimeFromDate(new Date());

export class MemoryDriver implements ShareDriver {
  #volume: MemoryVolume;
  #capabilities: DriverCapabilities;
  #volumeLabel: string;
  #volumeSerialNumber: number;

  constructor(options: MemoryDriverOptions = {}) {
    const capacity = options.capacityBytes ?? DEFAULT_CAPACITY;
    if (!Number.isSafeInteger(capacity) || capacity < 0) throw new RangeError('capacityBytes must be a non-negative integer');
    this.#volume = new MemoryVolume(options.now ?? systemClock, capacity);
    this.#volumeLabel = options.volumeLabel ?? '';
    this.#volumeSerialNumber = options.volumeSerialNumber ?? Number(this.#volume.creationTime & 0xffff_ffffn);
    this.#capabilities = capabilities(false);
  }

  get capabilities(): DriverCapabilities {
    return this.#capabilities;
  }

  /** A second driver over the same tree that refuses every mutation, e.g. to publish a prepared tree. */
  readOnlyView(): MemoryDriver {
    const view = new MemoryDriver();
    view.#volume = this.#volume;
    view.#volumeLabel = this.#volumeLabel;
    view.#volumeSerialNumber = this.#volumeSerialNumber;
    view.#capabilities = capabilities(true);
    return view;
  }

  async open(_ctx: ClientContext, path: readonly string[], options: OpenOptions): Promise<OpenResult> {
    checkPathComponents(path, MAX_NAME_LENGTH);
    if (options.directory && options.nonDirectory) {
      throw new DriverError('invalid-parameter', 'directory and non-directory both requested');
    }
    const stream = options.stream ?? '';
    if (stream !== '') {
      checkStreamName(stream, MAX_NAME_LENGTH);
      // A named stream is data, never a directory.
      if (options.directory) throw new DriverError('not-a-directory', 'a stream is not a directory');
    }
    const { node, parent, name } = this.#volume.locate(path);
    if (node !== undefined) return stream === '' ? this.#openExisting(node, options) : this.#openStream(node, options, stream);
    if (options.disposition === 'open' || options.disposition === 'overwrite') {
      throw new DriverError('not-found', 'the object does not exist');
    }
    if (this.#capabilities.readOnly) throw readOnlyError();
    // Validate what the new object will carry before it exists.
    const eas = applyExtendedAttributes([], options.extendedAttributes ?? []);
    if (options.securityDescriptor !== undefined) checkSecurityDescriptor(options.securityDescriptor);
    // locate() returns a parent for every non-empty path, and the root always exists.
    const created = options.directory
      ? this.#volume.createDirectory(parent!, name, options.attributes)
      : this.#volume.createFile(parent!, name, options.attributes);
    created.extendedAttributes = eas;
    if (options.securityDescriptor !== undefined) setSecurityDescriptor(created, options.securityDescriptor);
    // A stream named on a missing object creates the object too, as NTFS does.
    if (stream === '') return { handle: this.#handle(created, options.write), result: 'created' };
    this.#volume.createStream(created, stream);
    return { handle: this.#handle(created, options.write, stream), result: 'created' };
  }

  #openExisting(node: MemoryNode, options: OpenOptions): OpenResult {
    if (options.disposition === 'create') throw new DriverError('exists', 'the name already exists');
    const truncate = TRUNCATING.has(options.disposition);
    if (node.kind === 'directory') {
      if (options.nonDirectory) throw new DriverError('is-a-directory', 'the object is a directory');
      // MS-FSA 2.1.5.1.2: a directory opens only with FILE_OPEN, FILE_OPEN_IF (or fails FILE_CREATE).
      if (truncate) throw new DriverError('invalid-parameter', 'a directory cannot be overwritten');
      return { handle: this.#handle(node, false), result: 'opened' };
    }
    if (options.directory) throw new DriverError('not-a-directory', 'the object is not a directory');
    this.#checkWrite(node, options.write || truncate);
    if (!truncate) return { handle: this.#handle(node, options.write), result: 'opened' };
    // Overwriting the unnamed stream removes the named ones, as NTFS does, and takes the CREATE's attributes
    // and, when it carries any, its EAs.
    const eas = options.extendedAttributes === undefined ? node.extendedAttributes : applyExtendedAttributes([], options.extendedAttributes);
    for (const streamName of [...node.streams.keys()]) this.#volume.removeStream(node, streamName);
    node.extendedAttributes = eas;
    node.content.setSize(0);
    const stored = fileAttributes(options.attributes);
    node.attributes = stored === 0 ? FileAttributes.ARCHIVE : stored;
    this.#volume.touchData(node);
    return { handle: this.#handle(node, options.write), result: options.disposition === 'supersede' ? 'superseded' : 'overwritten' };
  }

  /** A named stream of an existing file or directory, per the disposition applied to the stream alone. */
  #openStream(node: MemoryNode, options: OpenOptions, name: string): OpenResult {
    const existing = node.streams.get(name);
    const truncate = TRUNCATING.has(options.disposition);
    if (existing === undefined) {
      if (options.disposition === 'open' || options.disposition === 'overwrite') throw new DriverError('not-found', 'the stream does not exist');
      this.#checkWrite(node, true);
      this.#volume.createStream(node, name);
      this.#volume.touchData(node);
      return { handle: this.#handle(node, options.write, name), result: 'created' };
    }
    if (options.disposition === 'create') throw new DriverError('exists', 'the stream exists');
    this.#checkWrite(node, options.write || truncate);
    if (!truncate) return { handle: this.#handle(node, options.write, name), result: 'opened' };
    existing.content.setSize(0);
    this.#volume.touchData(node);
    return { handle: this.#handle(node, options.write, name), result: options.disposition === 'supersede' ? 'superseded' : 'overwritten' };
  }

  /** A read-only share refuses every change; a READONLY file refuses changes to its data (MS-FSA 2.1.5.1.2.1). */
  #checkWrite(node: MemoryNode, writes: boolean): void {
    if (!writes) return;
    if (this.#capabilities.readOnly) throw readOnlyError();
    if (node.kind === 'file' && (node.attributes & FileAttributes.READONLY) !== 0) {
      throw new DriverError('access-denied', 'the file is read-only');
    }
  }

  #handle(node: MemoryNode, writable: boolean, stream?: string): MemoryHandle {
    const named = stream === undefined ? undefined : { name: stream, stream: node.streams.get(stream)! };
    return new MemoryHandle(this.#volume, node, this.#capabilities.readOnly, writable, named);
  }

  async lookup(_ctx: ClientContext, path: readonly string[]): Promise<FileStat | undefined> {
    checkPathComponents(path, MAX_NAME_LENGTH);
    let node: MemoryNode | undefined;
    try {
      node = this.#volume.locate(path).node;
    } catch (error) {
      if (error instanceof DriverError && error.code === 'path-not-found') return undefined;
      throw error;
    }
    return node === undefined ? undefined : this.#volume.statOf(node);
  }

  async rename(_ctx: ClientContext, from: readonly string[], to: readonly string[], replaceIfExists: boolean): Promise<void> {
    checkPathComponents(from, MAX_NAME_LENGTH);
    checkPathComponents(to, MAX_NAME_LENGTH);
    if (this.#capabilities.readOnly) throw readOnlyError();
    if (from.length === 0 || to.length === 0) throw new DriverError('access-denied', 'the share root cannot be renamed');
    const source = this.#volume.locate(from).node;
    if (source === undefined) throw new DriverError('not-found', 'the object to rename does not exist');
    const target = this.#volume.locate(to);
    if (target.node === source) return;
    if (isPathPrefix(from, to)) throw new DriverError('invalid-parameter', 'a directory cannot move into itself');
    if (target.node !== undefined) {
      if (!replaceIfExists) throw new DriverError('exists', 'the target name exists');
      // MS-FSA 2.1.5.15.11: replacing never removes a directory.
      if (target.node.kind === 'directory') throw new DriverError('access-denied', 'the target is a directory');
      this.#volume.detach(target.node);
    }
    this.#volume.move(source, target.parent!, target.name);
  }

  async unlink(_ctx: ClientContext, path: readonly string[], stream?: string): Promise<void> {
    checkPathComponents(path, MAX_NAME_LENGTH);
    if (this.#capabilities.readOnly) throw readOnlyError();
    if (stream !== undefined && stream !== '') {
      checkStreamName(stream, MAX_NAME_LENGTH);
      const node = this.#volume.locate(path).node;
      if (node === undefined) throw new DriverError('not-found', 'the object does not exist');
      if (!node.streams.has(stream)) throw new DriverError('not-found', 'the stream does not exist');
      this.#volume.removeStream(node, stream);
      node.changeTime = this.#volume.now();
      return;
    }
    if (path.length === 0) throw new DriverError('access-denied', 'the share root cannot be removed');
    const node = this.#volume.locate(path).node;
    if (node === undefined) throw new DriverError('not-found', 'the object does not exist');
    if (node.kind === 'directory' && node.children.size > 0) throw new DriverError('not-empty', 'the directory is not empty');
    this.#volume.detach(node);
  }

  async statfs(_ctx: ClientContext): Promise<FsStat> {
    const volume = this.#volume;
    const free = BigInt(volume.capacity - volume.used);
    return {
      totalBytes: BigInt(volume.capacity),
      freeBytes: free,
      availableBytes: free,
      bytesPerSector: BYTES_PER_SECTOR,
      sectorsPerAllocationUnit: SECTORS_PER_CLUSTER,
      // Clients enable features by this name, so report NTFS.
      fileSystemName: 'NTFS',
      volumeLabel: this.#volumeLabel,
      volumeSerialNumber: this.#volumeSerialNumber,
      volumeCreationTime: volume.creationTime,
    };
  }
}

function capabilities(readOnly: boolean): DriverCapabilities {
  return {
    caseSensitive: true,
    casePreserving: true,
    namedStreams: true,
    extendedAttributes: true,
    securityDescriptors: true,
    hardLinks: false,
    sparseFiles: true,
    persistentDosAttributes: true,
    readOnly,
    maxNameLength: MAX_NAME_LENGTH,
  };
}
