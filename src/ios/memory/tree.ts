// The in-memory volume: a tree of nodes with stable ids, DOS attributes, FILETIME stamps, named streams, EAs and
// security descriptors, and the space account stream data is charged to.

import { FileAttributes } from '../../protocol/constants.ts';
import { directoryAttributes, fileAttributes } from '../attributes.ts';
import { extendedAttributesSize } from '../extended-attributes.ts';
import { DriverError } from '../types.ts';
import type { ExtendedAttribute, FileStat, FileTime } from '../types.ts';
import { FileContent, noSpace } from './content.ts';
import type { SpaceAccount } from './content.ts';

/** A named stream (MS-FSCC 2.4.49); like a node, it outlives its removal while handles use it. */
export interface MemoryStream {
  readonly content: FileContent;
  /** False once removed (unlink of the stream, or an overwrite of its file). */
  linked: boolean;
  openHandles: number;
}

interface NodeBase {
  /** FileInternalInformation id, from a counter; never reused within a volume. */
  readonly id: bigint;
  name: string;
  /** Undefined only for the root. Kept after unlinking so a handle still knows where the object was. */
  parent: MemoryDirectory | undefined;
  attributes: number;
  creationTime: FileTime;
  lastAccessTime: FileTime;
  lastWriteTime: FileTime;
  changeTime: FileTime;
  /** False once unlinked or replaced by a rename; open handles keep working on the node. */
  linked: boolean;
  /** Handles on the node, stream handles included. */
  openHandles: number;
  /** Named streams by name; directories may have them too. */
  readonly streams: Map<string, MemoryStream>;
  extendedAttributes: ExtendedAttribute[];
  securityDescriptor: Buffer | undefined;
}

export interface MemoryFile extends NodeBase {
  readonly kind: 'file';
  readonly content: FileContent;
}

export interface MemoryDirectory extends NodeBase {
  readonly kind: 'directory';
  /** Insertion-ordered, which keeps enumeration stable while entries are added. */
  readonly children: Map<string, MemoryNode>;
}

export type MemoryNode = MemoryFile | MemoryDirectory;

/** Where a path leads: the object when present, and the directory and name it lives (or would live) under. */
export interface Location {
  node: MemoryNode | undefined;
  parent: MemoryDirectory | undefined;
  name: string;
}

export class MemoryVolume implements SpaceAccount {
  readonly root: MemoryDirectory;
  readonly now: () => FileTime;
  readonly capacity: number;
  readonly creationTime: FileTime;
  #used = 0;
  #nextId = 1n;

  constructor(now: () => FileTime, capacity: number) {
    this.now = now;
    this.capacity = capacity;
    this.creationTime = now();
    this.root = this.#directory('', undefined, 0);
  }

  get used(): number {
    return this.#used;
  }

  reserve(bytes: number): void {
    if (this.#used + bytes > this.capacity) throw noSpace();
    this.#used += bytes;
  }

  free(bytes: number): void {
    this.#used -= bytes;
  }

  /** Walks to the parent of the last component; a missing or non-directory parent is 'path-not-found'. */
  locate(path: readonly string[]): Location {
    if (path.length === 0) return { node: this.root, parent: undefined, name: '' };
    let directory = this.root;
    for (const name of path.slice(0, -1)) {
      const child = directory.children.get(name);
      if (child === undefined || child.kind !== 'directory') {
        throw new DriverError('path-not-found', 'a parent directory is missing');
      }
      directory = child;
    }
    const name = path[path.length - 1]!;
    return { node: directory.children.get(name), parent: directory, name };
  }

  createFile(parent: MemoryDirectory, name: string, attributes: number): MemoryFile {
    const stored = fileAttributes(attributes);
    const file: MemoryFile = {
      kind: 'file',
      content: new FileContent(this),
      ...this.#base(name, parent, stored === 0 ? FileAttributes.ARCHIVE : stored),
    };
    this.#link(parent, file);
    return file;
  }

  createDirectory(parent: MemoryDirectory, name: string, attributes: number): MemoryDirectory {
    const directory = this.#directory(name, parent, attributes);
    this.#link(parent, directory);
    return directory;
  }

  /** Adds an empty named stream. */
  createStream(node: MemoryNode, name: string): MemoryStream {
    const stream: MemoryStream = { content: new FileContent(this), linked: true, openHandles: 0 };
    node.streams.set(name, stream);
    return stream;
  }

  /** Takes a named stream off its node; its data goes once no handle uses it. */
  removeStream(node: MemoryNode, name: string): void {
    const stream = node.streams.get(name);
    if (stream === undefined) return;
    node.streams.delete(name);
    stream.linked = false;
    this.releaseStreamIfUnused(node, stream);
  }

  /** Takes the node out of its directory; its data goes once no handle uses it. */
  detach(node: MemoryNode): void {
    node.parent?.children.delete(node.name);
    node.linked = false;
    this.#touchDirectory(node.parent);
    this.releaseIfUnused(node);
  }

  /** Moves the node to `parent`/`name`, which the caller has made free. */
  move(node: MemoryNode, parent: MemoryDirectory, name: string): void {
    const from = node.parent;
    from?.children.delete(node.name);
    node.name = name;
    node.parent = parent;
    parent.children.set(name, node);
    node.changeTime = this.now();
    this.#touchDirectory(from);
    this.#touchDirectory(parent);
  }

  releaseIfUnused(node: MemoryNode): void {
    if (node.linked || node.openHandles > 0) return;
    if (node.kind === 'file') node.content.release();
    for (const stream of node.streams.values()) stream.content.release();
  }

  releaseStreamIfUnused(node: MemoryNode, stream: MemoryStream): void {
    if (stream.openHandles === 0 && (!stream.linked || (!node.linked && node.openHandles === 0))) stream.content.release();
  }

  /** Records a change of data (or of a directory's entries): the write and change times move together, as on NTFS. */
  touchData(node: MemoryNode): void {
    const now = this.now();
    node.lastWriteTime = now;
    node.changeTime = now;
  }

  pathOf(node: MemoryNode): string[] {
    const path: string[] = [];
    for (let at: MemoryNode | undefined = node; at?.parent !== undefined; at = at.parent) path.unshift(at.name);
    return path;
  }

  /** Stat of a node, or of one of its streams: the stream's size, the node's id, times and attributes. */
  statOf(node: MemoryNode, stream?: MemoryStream): FileStat {
    const content = stream?.content ?? (node.kind === 'file' ? node.content : undefined);
    return {
      fileId: node.id,
      isDirectory: content === undefined,
      size: BigInt(content?.size ?? 0),
      allocationSize: BigInt(content?.allocated ?? 0),
      creationTime: node.creationTime,
      lastAccessTime: node.lastAccessTime,
      lastWriteTime: node.lastWriteTime,
      changeTime: node.changeTime,
      attributes: node.attributes,
      numberOfLinks: node.linked ? 1 : 0,
      eaSize: extendedAttributesSize(node.extendedAttributes),
    };
  }

  #directory(name: string, parent: MemoryDirectory | undefined, attributes: number): MemoryDirectory {
    return { kind: 'directory', children: new Map(), ...this.#base(name, parent, directoryAttributes(attributes)) };
  }

  #base(name: string, parent: MemoryDirectory | undefined, attributes: number): NodeBase {
    const now = this.now();
    return {
      id: this.#nextId++,
      name,
      parent,
      attributes,
      creationTime: now,
      lastAccessTime: now,
      lastWriteTime: now,
      changeTime: now,
      linked: true,
      openHandles: 0,
      streams: new Map(),
      extendedAttributes: [],
      securityDescriptor: undefined,
    };
  }

  #link(parent: MemoryDirectory, node: MemoryNode): void {
    parent.children.set(node.name, node);
    this.#touchDirectory(parent);
  }

  #touchDirectory(directory: MemoryDirectory | undefined): void {
    if (directory !== undefined) this.touchData(directory);
  }
}
