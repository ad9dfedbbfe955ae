// An open object (or named stream) of the memory driver. The handle holds the node itself, so it follows
// renames and keeps working after an unlink, like a POSIX descriptor; a stream handle also holds its stream.

import { FileAttributes } from '../../protocol/constants.ts';
import { changedAttributes } from '../attributes.ts';
import { applyExtendedAttributes, copyEa } from '../extended-attributes.ts';
import { checkRange, wholeRange } from '../ranges.ts';
import { checkSecurityDescriptor } from '../security-descriptors.ts';
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
import type { FileContent } from './content.ts';
import type { MemoryNode, MemoryStream, MemoryVolume } from './tree.ts';

const MAX_OFFSET = BigInt(Number.MAX_SAFE_INTEGER);

export class MemoryHandle implements DriverHandle {
  readonly stream: string;
  readonly #volume: MemoryVolume;
  readonly #node: MemoryNode;
  readonly #namedStream: MemoryStream | undefined;
  readonly #readOnlyVolume: boolean;
  readonly #writable: boolean;
  #closed = false;

  constructor(volume: MemoryVolume, node: MemoryNode, readOnlyVolume: boolean, writable: boolean, stream?: { name: string; stream: MemoryStream }) {
    this.#volume = volume;
    this.#node = node;
    this.#readOnlyVolume = readOnlyVolume;
    this.#writable = writable;
    this.stream = stream?.name ?? '';
    this.#namedStream = stream?.stream;
    node.openHandles++;
    if (this.#namedStream !== undefined) this.#namedStream.openHandles++;
  }

  get path(): readonly string[] {
    return this.#volume.pathOf(this.#node);
  }

  async stat(_ctx: ClientContext): Promise<FileStat> {
    return this.#volume.statOf(this.#node, this.#namedStream);
  }

  async read(_ctx: ClientContext, into: Buffer, offset: bigint): Promise<number> {
    const content = this.#content();
    checkOffset(offset);
    if (offset > MAX_OFFSET) return 0;
    return content.read(into, Number(offset));
  }

  async write(_ctx: ClientContext, data: Buffer, offset: bigint): Promise<number> {
    const content = this.#content();
    this.#requireWritable();
    checkOffset(offset);
    checkEnd(offset + BigInt(data.length));
    if (data.length > 0) {
      content.write(data, Number(offset));
      this.#volume.touchData(this.#node);
    }
    return data.length;
  }

  async flush(_ctx: ClientContext): Promise<void> {}

  async setEndOfFile(_ctx: ClientContext, size: bigint): Promise<void> {
    const content = this.#content();
    this.#requireWritable();
    checkOffset(size);
    checkEnd(size);
    content.setSize(Number(size));
    this.#volume.touchData(this.#node);
  }

  async setBasicInfo(_ctx: ClientContext, change: BasicInfoChange): Promise<void> {
    this.#requireMutable();
    const node = this.#node;
    if (change.creationTime !== undefined) node.creationTime = change.creationTime;
    if (change.lastAccessTime !== undefined) node.lastAccessTime = change.lastAccessTime;
    if (change.lastWriteTime !== undefined) node.lastWriteTime = change.lastWriteTime;
    if (change.attributes !== undefined) node.attributes = changedAttributes(node.attributes, change.attributes, node.kind === 'directory');
    // Changing metadata is itself a change, unless the client sets the change time explicitly.
    node.changeTime = change.changeTime ?? this.#volume.now();
  }

  async *enumerate(_ctx: ClientContext): AsyncGenerator<DirectoryEntry, void, undefined> {
    const node = this.#node;
    if (node.kind !== 'directory' || this.#namedStream !== undefined) throw new DriverError('not-a-directory', 'enumerate on a file handle');
    yield { name: '.', stat: this.#volume.statOf(node) };
    // ".." of the share root is the root itself, as Windows lists the root of a volume.
    yield { name: '..', stat: this.#volume.statOf(node.parent ?? node) };
    // Map iteration is live: entries added meanwhile are visited once, removed ones are skipped.
    for (const [name, child] of node.children) yield { name, stat: this.#volume.statOf(child) };
  }

  /** The names as enumerate lists them, without building a stat per entry. */
  async *listNames(_ctx: ClientContext): AsyncGenerator<string, void, undefined> {
    const node = this.#node;
    if (node.kind !== 'directory' || this.#namedStream !== undefined) throw new DriverError('not-a-directory', 'listNames on a file handle');
    yield* node.children.keys();
  }

  async listStreams(_ctx: ClientContext): Promise<StreamInfo[]> {
    return [...this.#node.streams].map(([name, { content }]) => ({ name, size: BigInt(content.size), allocationSize: BigInt(content.allocated) }));
  }

  async getExtendedAttributes(_ctx: ClientContext): Promise<ExtendedAttribute[]> {
    return this.#node.extendedAttributes.map(copyEa);
  }

  async setExtendedAttributes(_ctx: ClientContext, eas: readonly ExtendedAttribute[]): Promise<void> {
    this.#requireMutable();
    this.#node.extendedAttributes = applyExtendedAttributes(this.#node.extendedAttributes, eas);
    this.#node.changeTime = this.#volume.now();
  }

  async getSecurityDescriptor(_ctx: ClientContext): Promise<Buffer | undefined> {
    const stored = this.#node.securityDescriptor;
    return stored === undefined ? undefined : Buffer.from(stored);
  }

  async setSecurityDescriptor(_ctx: ClientContext, descriptor: Buffer): Promise<void> {
    this.#requireMutable();
    setSecurityDescriptor(this.#node, descriptor);
    this.#node.changeTime = this.#volume.now();
  }

  async setSparse(_ctx: ClientContext, sparse: boolean): Promise<void> {
    this.#content();
    this.#requireMutable();
    const node = this.#node;
    node.attributes = sparse ? node.attributes | FileAttributes.SPARSE_FILE : node.attributes & ~FileAttributes.SPARSE_FILE;
    node.changeTime = this.#volume.now();
  }

  /** Whole clusters in the range are freed (sparse or not: the volume has no other way to hold zeros cheaply). */
  async zeroRange(_ctx: ClientContext, range: ByteRange): Promise<void> {
    const content = this.#content();
    this.#requireWritable();
    checkRange(range);
    if (range.offset > MAX_OFFSET) return;
    content.zero(range);
    this.#volume.touchData(this.#node);
  }

  async allocatedRanges(_ctx: ClientContext, range: ByteRange): Promise<ByteRange[]> {
    const content = this.#content();
    checkRange(range);
    const size = BigInt(content.size);
    return (this.#node.attributes & FileAttributes.SPARSE_FILE) !== 0 ? content.allocatedRanges(range) : wholeRange(range, size);
  }

  /** A copy shares whole clusters with the source, so copies cost no memory until either side is written. */
  async copyRange(_ctx: ClientContext, source: DriverHandle, sourceOffset: bigint, targetOffset: bigint, length: bigint): Promise<bigint> {
    const from = this.#sourceContent(source);
    const content = this.#content();
    this.#requireWritable();
    checkOffset(sourceOffset);
    checkOffset(targetOffset);
    if (length < 0n) throw new DriverError('invalid-parameter', 'negative length');
    const available = BigInt(from.size) > sourceOffset ? BigInt(from.size) - sourceOffset : 0n;
    const count = length < available ? length : available;
    if (count === 0n) return 0n;
    checkEnd(targetOffset + count);
    content.copyFrom(from, Number(sourceOffset), Number(targetOffset), Number(count));
    this.#volume.touchData(this.#node);
    return count;
  }

  /** Block cloning: the target shares the source's clusters; the whole range must lie within the source. */
  async cloneRange(_ctx: ClientContext, source: DriverHandle, sourceOffset: bigint, targetOffset: bigint, length: bigint): Promise<void> {
    const from = this.#sourceContent(source);
    const content = this.#content();
    this.#requireWritable();
    checkOffset(sourceOffset);
    checkOffset(targetOffset);
    if (length < 0n || sourceOffset + length > BigInt(from.size)) {
      throw new DriverError('invalid-parameter', 'the range is not within the source');
    }
    checkEnd(targetOffset + length);
    content.copyFrom(from, Number(sourceOffset), Number(targetOffset), Number(length));
    this.#volume.touchData(this.#node);
  }

  async close(_ctx: ClientContext): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#node.openHandles--;
    if (this.#namedStream !== undefined) {
      this.#namedStream.openHandles--;
      this.#volume.releaseStreamIfUnused(this.#node, this.#namedStream);
    }
    this.#volume.releaseIfUnused(this.#node);
  }

  /** Where read and write go: the named stream, or the file's data. */
  #content(): FileContent {
    if (this.#namedStream !== undefined) return this.#namedStream.content;
    const node = this.#node;
    if (node.kind !== 'file') throw new DriverError('is-a-directory', 'data operation on a directory handle');
    return node.content;
  }

  /**
   * The data of a copy source. Only this volume's own handles qualify: a wrapper or proxy around one is refused
   * (with a brand check, not instanceof, which a proxy passes without having the private fields).
   */
  #sourceContent(source: DriverHandle): FileContent {
    if (!(#volume in source) || source.#volume !== this.#volume) {
      throw new DriverError('not-supported', 'the source is not a handle of this volume');
    }
    return source.#content();
  }

  #requireMutable(): void {
    if (this.#readOnlyVolume) throw readOnlyError();
  }

  #requireWritable(): void {
    this.#requireMutable();
    if (!this.#writable) throw new DriverError('access-denied', 'handle was not opened for writing');
  }
}

/** Stores a copy of a self-relative descriptor (opaque to the driver). */
export function setSecurityDescriptor(node: MemoryNode, descriptor: Buffer): void {
  checkSecurityDescriptor(descriptor);
  node.securityDescriptor = Buffer.from(descriptor);
}

function checkOffset(offset: bigint): void {
  if (offset < 0n) throw new DriverError('invalid-parameter', 'negative offset');
}

function checkEnd(end: bigint): void {
  if (end > MAX_OFFSET) throw new DriverError('no-space', 'beyond the largest file');
}

export function readOnlyError(): DriverError {
  return new DriverError('read-only', 'the share is read-only');
}
