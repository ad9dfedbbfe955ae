// An open object of the memory driver. The handle holds the node itself, so it follows renames and keeps
// working after an unlink, like a POSIX descriptor.

import { DriverError } from '../types.ts';
import type { BasicInfoChange, ClientContext, DirectoryEntry, DriverHandle, FileStat } from '../types.ts';
import { directoryAttributes, fileAttributes } from './tree.ts';
import type { MemoryNode, MemoryVolume } from './tree.ts';

const MAX_OFFSET = BigInt(Number.MAX_SAFE_INTEGER);

export class MemoryHandle implements DriverHandle {
  readonly #volume: MemoryVolume;
  readonly #node: MemoryNode;
  readonly #readOnlyVolume: boolean;
  readonly #writable: boolean;
  #closed = false;

  constructor(volume: MemoryVolume, node: MemoryNode, readOnlyVolume: boolean, writable: boolean) {
    this.#volume = volume;
    this.#node = node;
    this.#readOnlyVolume = readOnlyVolume;
    this.#writable = writable;
    node.openHandles++;
  }

  get path(): readonly string[] {
    return this.#volume.pathOf(this.#node);
  }

  async stat(_ctx: ClientContext): Promise<FileStat> {
    return this.#volume.statOf(this.#node);
  }

  async read(_ctx: ClientContext, into: Buffer, offset: bigint): Promise<number> {
    const node = this.#file();
    checkOffset(offset);
    if (offset > MAX_OFFSET) return 0;
    return node.content.read(into, Number(offset));
  }

  async write(_ctx: ClientContext, data: Buffer, offset: bigint): Promise<number> {
    const node = this.#file();
    this.#requireWritable();
    checkOffset(offset);
    if (offset + BigInt(data.length) > MAX_OFFSET) throw new DriverError('no-space', 'write beyond the largest file');
    if (data.length > 0) {
      node.content.write(data, Number(offset));
      this.#volume.touchData(node);
    }
    return data.length;
  }

  async flush(_ctx: ClientContext): Promise<void> {}

  async setEndOfFile(_ctx: ClientContext, size: bigint): Promise<void> {
    const node = this.#file();
    this.#requireWritable();
    checkOffset(size);
    if (size > MAX_OFFSET) throw new DriverError('no-space', 'size beyond the largest file');
    node.content.setSize(Number(size));
    this.#volume.touchData(node);
  }

  async setBasicInfo(_ctx: ClientContext, change: BasicInfoChange): Promise<void> {
    if (this.#readOnlyVolume) throw readOnlyError();
    const node = this.#node;
    if (change.creationTime !== undefined) node.creationTime = change.creationTime;
    if (change.lastAccessTime !== undefined) node.lastAccessTime = change.lastAccessTime;
    if (change.lastWriteTime !== undefined) node.lastWriteTime = change.lastWriteTime;
    if (change.attributes !== undefined) {
      node.attributes = node.kind === 'file' ? fileAttributes(change.attributes) : directoryAttributes(change.attributes);
    }
    // Changing metadata is itself a change, unless the client sets the change time explicitly.
    node.changeTime = change.changeTime ?? this.#volume.now();
  }

  async *enumerate(_ctx: ClientContext): AsyncGenerator<DirectoryEntry, void, undefined> {
    const node = this.#node;
    if (node.kind !== 'directory') throw new DriverError('not-a-directory', 'enumerate on a file handle');
    yield { name: '.', stat: this.#volume.statOf(node) };
    // ".." of the share root is the root itself, as Windows lists the root of a volume.
    yield { name: '..', stat: this.#volume.statOf(node.parent ?? node) };
    // Map iteration is live: entries added meanwhile are visited once, removed ones are skipped.
    for (const [name, child] of node.children) yield { name, stat: this.#volume.statOf(child) };
  }

  async close(_ctx: ClientContext): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#node.openHandles--;
    this.#volume.releaseIfUnused(this.#node);
  }

  #file() {
    const node = this.#node;
    if (node.kind !== 'file') throw new DriverError('is-a-directory', 'data operation on a directory handle');
    return node;
  }

  #requireWritable(): void {
    if (this.#readOnlyVolume) throw readOnlyError();
    if (!this.#writable) throw new DriverError('access-denied', 'handle was not opened for writing');
  }
}

function checkOffset(offset: bigint): void {
  if (offset < 0n) throw new DriverError('invalid-parameter', 'negative offset');
}

export function readOnlyError(): DriverError {
  return new DriverError('read-only', 'the share is read-only');
}
