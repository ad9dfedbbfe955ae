// Named streams of the POSIX driver, kept as sidecar files in the share's metadata directory. Each object with
// streams gets a random stream-directory id, stored in its metadata (so it follows renames and hard links);
// under streams/<id[0..2]>/<id>/ every stream is a data file named by the SHA-256 of the stream name, with the
// name itself in a ".name" file beside it (stream names may be longer than a host file name can be).
//
// Stream data is never kept in xattrs, even small streams: most file systems give all xattrs of an inode one
// block together, and a stream that grew past it would have to move while handles are open on it.

import { createHash, randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { mkdir, open as openFile, readdir, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { DriverError } from '../types.ts';
import type { CreateResult, OpenDisposition, StreamInfo } from '../types.ts';
import { driverErrorFrom, errnoOf } from './errors.ts';
import { allocationSizeOf } from './stat.ts';

const { O_RDONLY, O_RDWR, O_CREAT, O_EXCL, O_TRUNC, O_NOFOLLOW } = constants;
const NAME_SUFFIX = '.name';
const STREAM_ID = /^[0-9a-f]{32}$/;
const PRIVATE_DIRECTORY = 0o700;
const PRIVATE_FILE = 0o600;

/** A fresh stream-directory id: 128 random bits, hex. */
export function newStreamsId(): string {
  return randomBytes(16).toString('hex');
}

/**
 * Whether a stored id is one this driver makes. Anything else (a damaged or hand-made value) is ignored, so a
 * stored id can never lead a path out of the stream directory.
 */
export function isStreamsId(id: string): boolean {
  return STREAM_ID.test(id);
}

function dataFileName(name: string): string {
  return createHash('sha256').update(name, 'utf8').digest('hex');
}

export class StreamStore {
  readonly #directory: string;

  /** `directory` is the metadata directory; streams/ is created in it on first use. */
  constructor(directory: string) {
    this.#directory = directory;
  }

  #directoryOf(id: string): string {
    if (!isStreamsId(id)) throw new DriverError('io', 'invalid stream directory id');
    return join(this.#directory, 'streams', id.slice(0, 2), id);
  }

  async list(id: string): Promise<StreamInfo[]> {
    const directory = this.#directoryOf(id);
    let entries: string[];
    try {
      entries = await readdir(directory);
    } catch (error) {
      if (errnoOf(error) === 'ENOENT') return [];
      throw driverErrorFrom(error, 'list streams');
    }
    const streams: StreamInfo[] = [];
    for (const entry of entries) {
      if (!entry.endsWith(NAME_SUFFIX)) continue;
      const dataFile = join(directory, entry.slice(0, -NAME_SUFFIX.length));
      try {
        const [name, stats] = await Promise.all([readFile(join(directory, entry), 'utf8'), stat(dataFile, { bigint: true })]);
        streams.push({ name, size: stats.size, allocationSize: allocationSizeOf(stats.size, stats.blocks) });
      } catch (error) {
        // Removed meanwhile, or a creation cut short before its data file existed.
        if (errnoOf(error) === 'ENOENT') continue;
        throw driverErrorFrom(error, 'stat stream');
      }
    }
    return streams.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Opens or creates stream `name` as the disposition says (MS-SMB2 2.2.13, applied to the stream alone). */
  async open(id: string, name: string, disposition: OpenDisposition, write: boolean): Promise<{ file: FileHandle; result: CreateResult }> {
    const directory = this.#directoryOf(id);
    const dataFile = join(directory, dataFileName(name));
    const truncate = disposition === 'overwrite' || disposition === 'overwrite-if' || disposition === 'supersede';
    const existingFlags = (write || truncate ? O_RDWR : O_RDONLY) | O_NOFOLLOW | (truncate ? O_TRUNC : 0);
    if (disposition === 'open' || disposition === 'overwrite') {
      const file = await openExisting(dataFile, existingFlags);
      return { file, result: disposition === 'open' ? 'opened' : 'overwritten' };
    }
    const created = await this.#create(directory, dataFile, name);
    if (created !== undefined) return { file: created, result: 'created' };
    if (disposition === 'create') throw new DriverError('exists', 'the stream exists');
    const file = await openExisting(dataFile, existingFlags);
    const result: CreateResult = disposition === 'open-if' ? 'opened' : disposition === 'supersede' ? 'superseded' : 'overwritten';
    return { file, result };
  }

  /** Creates the data and name files; undefined when the stream already exists. */
  async #create(directory: string, dataFile: string, name: string): Promise<FileHandle | undefined> {
    let file: FileHandle;
    try {
      await mkdir(directory, { recursive: true, mode: PRIVATE_DIRECTORY });
      file = await openFile(dataFile, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW, PRIVATE_FILE);
    } catch (error) {
      if (errnoOf(error) === 'EEXIST') return undefined;
      throw driverErrorFrom(error, 'create stream');
    }
    try {
      await writeFile(dataFile + NAME_SUFFIX, name, { encoding: 'utf8', mode: PRIVATE_FILE });
    } catch (error) {
      await file.close();
      await unlink(dataFile).catch(() => {});
      throw driverErrorFrom(error, 'create stream');
    }
    return file;
  }

  async remove(id: string, name: string): Promise<void> {
    const dataFile = join(this.#directoryOf(id), dataFileName(name));
    try {
      await unlink(dataFile);
    } catch (error) {
      if (errnoOf(error) === 'ENOENT') throw new DriverError('not-found', 'the stream does not exist');
      throw driverErrorFrom(error, 'remove stream');
    }
    await rm(dataFile + NAME_SUFFIX, { force: true });
  }

  /** Removes every stream of the object; open stream handles keep their (now unlinked) data. */
  async removeAll(id: string): Promise<void> {
    try {
      await rm(this.#directoryOf(id), { recursive: true, force: true });
    } catch (error) {
      throw driverErrorFrom(error, 'remove streams');
    }
  }
}

async function openExisting(path: string, flags: number): Promise<FileHandle> {
  try {
    return await openFile(path, flags);
  } catch (error) {
    if (errnoOf(error) === 'ENOENT') throw new DriverError('not-found', 'the stream does not exist');
    throw driverErrorFrom(error, 'open stream');
  }
}
