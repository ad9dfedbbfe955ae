// A custom IOS backend: a JSON document served as a share. Objects are folders and strings are files; bytes
// that are not UTF-8 are kept as { "$base64": "…" }, and other JSON values (numbers, booleans, null, arrays)
// are files holding their JSON text, written back unchanged unless a client changes them. Changes are written
// back to the document shortly after they happen, and at flush and dispose.
//
// It implements the IOS driver SDK from scratch, as any backend would (object store, database, API, …), and
// passes the driver contract suite (test/examples/custom-driver.test.ts runs it).
//
// Run with: node examples/custom-driver.ts tree.json [PORT]
//   then:   smbclient //127.0.0.1/json -p PORT -U alice%secret -c 'ls; get hello.txt -'

import { readFile, rename, writeFile } from 'node:fs/promises';
import { createLogger, createServer, DriverError, fileTimeFromDate, StaticIdentityProvider } from '../src/index.ts';
import type {
  BasicInfoChange,
  ClientContext,
  CreateResult,
  DirectoryEntry,
  DriverCapabilities,
  DriverHandle,
  FileStat,
  FileTime,
  FsStat,
  OpenOptions,
  ShareDriver,
} from '../src/index.ts';

/** MS-FSCC 2.6 file attributes this backend reports. */
const READONLY = 0x01;
const DIRECTORY = 0x10;
const ARCHIVE = 0x20;

const MAX_NAME_LENGTH = 255;
/** Each file lives in memory and in the document: keep both bounded. */
const MAX_FILE_SIZE = 64 * 1024 * 1024;
const DEFAULT_CAPACITY = 256 * 1024 * 1024;
/** Changes made within this many milliseconds are written back together. */
const SAVE_DELAY_MS = 100;
/** The key that marks a binary file in the document; it cannot be used as a name. */
const BASE64_KEY = '$base64';

interface EntryBase {
  readonly id: bigint;
  name: string;
  parent: Folder | undefined;
  /** False once unlinked or replaced; open handles keep working on the entry. */
  linked: boolean;
  openHandles: number;
  creationTime: FileTime;
  lastAccessTime: FileTime;
  lastWriteTime: FileTime;
  changeTime: FileTime;
}

interface File extends EntryBase {
  readonly kind: 'file';
  /** Bytes held; the file is the first `size` of them. */
  data: Buffer;
  size: number;
  readOnly: boolean;
  /** The document's value for a non-string file, written back as it was until the data changes. */
  json: unknown;
}

interface Folder extends EntryBase {
  readonly kind: 'folder';
  readonly children: Map<string, Entry>;
}

type Entry = File | Folder;

export interface JsonTreeOptions {
  readOnly?: boolean;
  /** Bytes all files together may hold; default 256 MiB. */
  capacityBytes?: number;
}

const now = (): FileTime => fileTimeFromDate(new Date());

function checkName(name: string): void {
  if (name === '' || name === '.' || name === '..' || name === BASE64_KEY || /[/\\\0]/.test(name)) {
    throw new DriverError('name-invalid', `invalid name ${JSON.stringify(name)}`);
  }
  if (name.length > MAX_NAME_LENGTH) throw new DriverError('name-too-long', 'name too long');
}

export class JsonTreeDriver implements ShareDriver {
  readonly capabilities: DriverCapabilities;
  readonly #file: string;
  readonly #capacity: number;
  readonly #root: Folder;
  readonly #created = now();
  #nextId = 1n;
  #used = 0;
  #dirty = false;
  #timer: NodeJS.Timeout | undefined;
  #writing: Promise<void> = Promise.resolve();

  /** Serves the document in `file`; a missing file is an empty share (created on the first change). */
  static async load(file: string, options: JsonTreeOptions = {}): Promise<JsonTreeDriver> {
    let document: unknown = {};
    try {
      document = JSON.parse(await readFile(file, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    if (typeof document !== 'object' || document === null || Array.isArray(document)) {
      throw new TypeError(`${file} does not hold a JSON object`);
    }
    return new JsonTreeDriver(file, document as Record<string, unknown>, options);
  }

  private constructor(file: string, document: Record<string, unknown>, options: JsonTreeOptions) {
    this.#file = file;
    this.#capacity = options.capacityBytes ?? DEFAULT_CAPACITY;
    this.capabilities = {
      caseSensitive: true,
      casePreserving: true,
      namedStreams: false,
      extendedAttributes: false,
      securityDescriptors: false,
      hardLinks: false,
      sparseFiles: false,
      persistentDosAttributes: false,
      readOnly: options.readOnly ?? false,
      maxNameLength: MAX_NAME_LENGTH,
    };
    this.#root = this.#folder('', undefined);
    this.#fill(this.#root, document);
  }

  // --- ShareDriver ---------------------------------------------------------------------------------------

  async open(_ctx: ClientContext, path: readonly string[], options: OpenOptions): Promise<{ handle: DriverHandle; result: CreateResult }> {
    if (options.directory && options.nonDirectory) throw new DriverError('invalid-parameter', 'directory and non-directory both requested');
    const { entry, parent, name } = this.#locate(path);
    if (entry === undefined) {
      if (options.disposition === 'open' || options.disposition === 'overwrite') throw new DriverError('not-found', 'no such entry');
      this.#mutable();
      const created = options.directory ? this.#folder(name, parent) : this.#newFile(name, parent, (options.attributes & READONLY) !== 0);
      this.#attach(parent!, created);
      return { handle: this.#handle(created, options.write), result: 'created' };
    }
    if (options.disposition === 'create') throw new DriverError('exists', 'the name exists');
    const truncate = options.disposition === 'overwrite' || options.disposition === 'overwrite-if' || options.disposition === 'supersede';
    if (entry.kind === 'folder') {
      if (options.nonDirectory) throw new DriverError('is-a-directory', 'a folder');
      if (truncate) throw new DriverError('invalid-parameter', 'a folder cannot be overwritten');
      return { handle: this.#handle(entry, false), result: 'opened' };
    }
    if (options.directory) throw new DriverError('not-a-directory', 'not a folder');
    if (options.write || truncate) {
      this.#mutable();
      // MS-FSA 2.1.5.1.2.1: a READONLY file refuses write access.
      if (entry.readOnly) throw new DriverError('access-denied', 'the file is read-only');
    }
    if (!truncate) return { handle: this.#handle(entry, options.write), result: 'opened' };
    this.#resize(entry, 0);
    entry.readOnly = (options.attributes & READONLY) !== 0;
    this.#touch(entry);
    return { handle: this.#handle(entry, options.write), result: options.disposition === 'supersede' ? 'superseded' : 'overwritten' };
  }

  async lookup(_ctx: ClientContext, path: readonly string[]): Promise<FileStat | undefined> {
    try {
      const { entry } = this.#locate(path);
      return entry === undefined ? undefined : this.#stat(entry);
    } catch (error) {
      if (error instanceof DriverError && error.code === 'path-not-found') return undefined;
      throw error;
    }
  }

  async rename(_ctx: ClientContext, from: readonly string[], to: readonly string[], replaceIfExists: boolean): Promise<void> {
    this.#mutable();
    if (from.length === 0 || to.length === 0) throw new DriverError('access-denied', 'the root cannot move');
    const source = this.#locate(from).entry;
    if (source === undefined) throw new DriverError('not-found', 'no such entry');
    const target = this.#locate(to);
    if (target.entry === source) return;
    if (from.every((name, i) => to[i] === name)) throw new DriverError('invalid-parameter', 'a folder cannot move into itself');
    if (target.entry !== undefined) {
      if (!replaceIfExists) throw new DriverError('exists', 'the target exists');
      // MS-FSA 2.1.5.15.11: a folder is never replaced.
      if (target.entry.kind === 'folder') throw new DriverError('access-denied', 'the target is a folder');
      this.#detach(target.entry);
    }
    source.parent!.children.delete(source.name);
    this.#touch(source.parent!);
    source.name = target.name;
    source.parent = target.parent;
    target.parent!.children.set(source.name, source);
    source.changeTime = now();
    this.#touch(target.parent!);
  }

  async unlink(_ctx: ClientContext, path: readonly string[]): Promise<void> {
    this.#mutable();
    if (path.length === 0) throw new DriverError('access-denied', 'the root cannot be removed');
    const { entry } = this.#locate(path);
    if (entry === undefined) throw new DriverError('not-found', 'no such entry');
    if (entry.kind === 'folder' && entry.children.size > 0) throw new DriverError('not-empty', 'the folder is not empty');
    this.#detach(entry);
  }

  async statfs(_ctx: ClientContext): Promise<FsStat> {
    const free = BigInt(Math.max(0, this.#capacity - this.#used));
    return {
      totalBytes: BigInt(this.#capacity),
      freeBytes: free,
      availableBytes: free,
      bytesPerSector: 512,
      sectorsPerAllocationUnit: 1,
      fileSystemName: 'NTFS',
      volumeLabel: 'JSON',
      volumeSerialNumber: Number(this.#created & 0xffff_ffffn),
      volumeCreationTime: this.#created,
    };
  }

  /** Writes pending changes back to the document. */
  async dispose(): Promise<void> {
    await this.save();
  }

  /** Writes the document now if anything changed; fails with DriverError 'io' when it cannot be written. */
  save(): Promise<void> {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#writing = this.#writing
      .catch(() => {})
      .then(async () => {
        if (!this.#dirty) return;
        this.#dirty = false;
        try {
          // Written next to the document and renamed over it, so a crash never leaves half a document.
          await writeFile(`${this.#file}.tmp`, `${JSON.stringify(toJson(this.#root), null, 2)}\n`);
          await rename(`${this.#file}.tmp`, this.#file);
        } catch (error) {
          this.#dirty = true;
          throw new DriverError('io', `cannot write ${this.#file}`, { cause: error });
        }
      });
    return this.#writing;
  }

  // --- the tree ----------------------------------------------------------------------------------------

  #locate(path: readonly string[]): { entry: Entry | undefined; parent: Folder | undefined; name: string } {
    path.forEach(checkName);
    if (path.length === 0) return { entry: this.#root, parent: undefined, name: '' };
    let folder = this.#root;
    for (const name of path.slice(0, -1)) {
      const next = folder.children.get(name);
      if (next?.kind !== 'folder') throw new DriverError('path-not-found', 'no such folder');
      folder = next;
    }
    const name = path[path.length - 1]!;
    return { entry: folder.children.get(name), parent: folder, name };
  }

  #base(name: string, parent: Folder | undefined): EntryBase {
    const time = now();
    const id = this.#nextId++;
    return { id, name, parent, linked: true, openHandles: 0, creationTime: time, lastAccessTime: time, lastWriteTime: time, changeTime: time };
  }

  #folder(name: string, parent: Folder | undefined): Folder {
    return { kind: 'folder', children: new Map(), ...this.#base(name, parent) };
  }

  #newFile(name: string, parent: Folder | undefined, readOnly: boolean, data = Buffer.alloc(0), json?: unknown): File {
    this.#used += data.length;
    return { kind: 'file', data, size: data.length, readOnly, json, ...this.#base(name, parent) };
  }

  #fill(folder: Folder, document: Record<string, unknown>): void {
    for (const [name, value] of Object.entries(document)) {
      if (typeof value === 'string') folder.children.set(name, this.#newFile(name, folder, false, Buffer.from(value)));
      else if (isBinary(value)) folder.children.set(name, this.#newFile(name, folder, false, Buffer.from(value[BASE64_KEY], 'base64')));
      else if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
        const child = this.#folder(name, folder);
        folder.children.set(name, child);
        this.#fill(child, value as Record<string, unknown>);
      } else folder.children.set(name, this.#newFile(name, folder, false, Buffer.from(JSON.stringify(value)), value));
    }
  }

  #attach(parent: Folder, entry: Entry): void {
    parent.children.set(entry.name, entry);
    this.#touch(parent);
  }

  #detach(entry: Entry): void {
    entry.parent!.children.delete(entry.name);
    entry.linked = false;
    this.#touch(entry.parent!);
    this.#releaseIfUnused(entry);
  }

  #releaseIfUnused(entry: Entry): void {
    if (entry.kind === 'file' && !entry.linked && entry.openHandles === 0) this.#resize(entry, 0);
  }

  #resize(file: File, size: number): void {
    if (size > MAX_FILE_SIZE) throw new DriverError('no-space', 'file too large for a JSON document');
    if (size - file.size > this.#capacity - this.#used) throw new DriverError('no-space', 'the share is full');
    if (size > file.data.length) {
      const grown = Buffer.alloc(Math.min(MAX_FILE_SIZE, Math.max(size, file.data.length * 2)));
      file.data.copy(grown, 0, 0, file.size);
      file.data = grown;
    } else if (size < file.size) {
      file.data.fill(0, size, file.size);
    }
    this.#used += size - file.size;
    file.size = size;
    file.json = undefined;
  }

  /** Data or entries changed: times move and the document is due to be written. */
  #touch(entry: Entry): void {
    const time = now();
    entry.lastWriteTime = time;
    entry.changeTime = time;
    this.#changed();
  }

  #changed(): void {
    this.#dirty = true;
    this.#timer ??= setTimeout(() => void this.save().catch(() => {}), SAVE_DELAY_MS);
  }

  #mutable(): void {
    if (this.capabilities.readOnly) throw new DriverError('read-only', 'the share is read-only');
  }

  #stat(entry: Entry): FileStat {
    const isFile = entry.kind === 'file';
    return {
      fileId: entry.id,
      isDirectory: !isFile,
      size: isFile ? BigInt(entry.size) : 0n,
      allocationSize: isFile ? BigInt(entry.size) : 0n,
      creationTime: entry.creationTime,
      lastAccessTime: entry.lastAccessTime,
      lastWriteTime: entry.lastWriteTime,
      changeTime: entry.changeTime,
      attributes: isFile ? ARCHIVE | (entry.readOnly ? READONLY : 0) : DIRECTORY,
      numberOfLinks: entry.linked ? 1 : 0,
    };
  }

  #handle(entry: Entry, writable: boolean): DriverHandle {
    entry.openHandles++;
    const driver = this;
    let closed = false;
    const file = (): File => {
      if (entry.kind !== 'file') throw new DriverError('is-a-directory', 'a folder has no data');
      return entry;
    };
    const writableFile = (): File => {
      const target = file();
      driver.#mutable();
      if (!writable) throw new DriverError('access-denied', 'not opened for writing');
      return target;
    };
    const checkOffset = (offset: bigint): number => {
      if (offset < 0n) throw new DriverError('invalid-parameter', 'negative offset');
      return offset > BigInt(MAX_FILE_SIZE) ? MAX_FILE_SIZE + 1 : Number(offset);
    };
    return {
      get path() {
        const path: string[] = [];
        for (let at: Entry | undefined = entry; at?.parent !== undefined; at = at.parent) path.unshift(at.name);
        return path;
      },
      stat: async () => driver.#stat(entry),
      read: async (_ctx, into, offset) => {
        const source = file();
        const at = checkOffset(offset);
        if (at >= source.size) return 0;
        return source.data.copy(into, 0, at, Math.min(source.size, at + into.length));
      },
      write: async (_ctx, data, offset) => {
        const target = writableFile();
        const at = checkOffset(offset);
        const end = at + data.length;
        if (end > target.size) driver.#resize(target, end);
        data.copy(target.data, at);
        target.json = undefined;
        driver.#touch(target);
        return data.length;
      },
      flush: () => driver.save(),
      setEndOfFile: async (_ctx, size) => {
        const target = writableFile();
        driver.#resize(target, checkOffset(size));
        driver.#touch(target);
      },
      setBasicInfo: async (_ctx, change: BasicInfoChange) => {
        driver.#mutable();
        // Creation time and attributes other than READONLY of files are not kept (persistentDosAttributes false).
        if (change.lastAccessTime !== undefined) entry.lastAccessTime = change.lastAccessTime;
        if (change.lastWriteTime !== undefined) entry.lastWriteTime = change.lastWriteTime;
        if (change.attributes !== undefined && entry.kind === 'file') entry.readOnly = (change.attributes & READONLY) !== 0;
        entry.changeTime = change.changeTime ?? now();
      },
      enumerate: async function* (): AsyncGenerator<DirectoryEntry, void, undefined> {
        if (entry.kind !== 'folder') throw new DriverError('not-a-directory', 'not a folder');
        yield { name: '.', stat: driver.#stat(entry) };
        yield { name: '..', stat: driver.#stat(entry.parent ?? entry) };
        for (const [name, child] of entry.children) yield { name, stat: driver.#stat(child) };
      },
      close: async () => {
        if (closed) return;
        closed = true;
        entry.openHandles--;
        driver.#releaseIfUnused(entry);
      },
    };
  }
}

function isBinary(value: unknown): value is { [BASE64_KEY]: string } {
  if (typeof value !== 'object' || value === null) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && keys[0] === BASE64_KEY && typeof (value as Record<string, unknown>)[BASE64_KEY] === 'string';
}

function toJson(folder: Folder): Record<string, unknown> {
  const document: Record<string, unknown> = {};
  for (const [name, entry] of folder.children) {
    if (entry.kind === 'folder') document[name] = toJson(entry);
    else if (entry.json !== undefined) document[name] = entry.json;
    else {
      const data = entry.data.subarray(0, entry.size);
      const text = data.toString('utf8');
      document[name] = Buffer.from(text).equals(data) ? text : { [BASE64_KEY]: data.toString('base64') };
    }
  }
  return document;
}

if (import.meta.main) {
  const [file, port = '4445'] = process.argv.slice(2);
  if (file === undefined) {
    console.error('usage: node examples/custom-driver.ts tree.json [PORT]');
    process.exit(2);
  }
  const driver = await JsonTreeDriver.load(file);
  const server = createServer({
    shares: [{ name: 'json', driver, remark: `the JSON document ${file}` }],
    identities: new StaticIdentityProvider({ users: [{ name: 'alice', password: 'secret' }], guest: false, anonymous: false, domain: 'WORKGROUP' }),
    listen: [{ host: '127.0.0.1', port: Number(port) }],
    logger: createLogger('info'),
  });
  await server.listen();
  console.log(`serving ${file} as //127.0.0.1/json on port ${server.addresses()[0]!.port}`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void server.close().then(() => driver.dispose()).then(() => process.exit(0)));
  }
}
