// Metadata in a SQLite database beside the share (node:sqlite), for file systems that refuse user.* xattrs.
// Rows are keyed by (device, inode), which renames and hard links keep. Each row also records the inode's
// birth time where the platform reports one: an inode number reused after a deletion the driver did not see
// then shows up as a different birth time, and the stale rows are dropped instead of being attached to the new
// object. The database is opened on first use; a read-only driver never creates it.

import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { DatabaseSync } from 'node:sqlite';
import type { StatementSync } from 'node:sqlite';
import { DriverError } from '../../types.ts';
import { pathExists } from '../paths.ts';
import type { MetadataField, MetadataObject, MetadataStore } from './store.ts';

/** File name of the database inside the metadata directory. */
export const SIDECAR_DATABASE = 'metadata.sqlite';

const SCHEMA_VERSION = 1;
/** How long a statement waits for another process holding the write lock. */
const BUSY_TIMEOUT_MS = 2000;

interface Statements {
  get: StatementSync;
  put: StatementSync;
  dropStale: StatementSync;
  remove: StatementSync;
  forget: StatementSync;
  forgetBorn: StatementSync;
}

/** SQLite integers are signed 64-bit; device and inode numbers are unsigned, so they are stored reinterpreted. */
function key(object: MetadataObject): [bigint, bigint] {
  return [BigInt.asIntN(64, object.stats.dev), BigInt.asIntN(64, object.stats.ino)];
}

/** 0 where the platform reports no birth time: then rows cannot be told apart from a reused inode's. */
function birth(object: MetadataObject): bigint {
  return BigInt.asIntN(64, object.stats.birthtimeNs);
}

export class SidecarStore implements MetadataStore {
  readonly kind = 'sidecar';
  readonly writesMoveCtime = false;
  readonly #file: string;
  readonly #readOnly: boolean;
  #database: DatabaseSync | undefined;
  #statements: Statements | undefined;

  constructor(file: string, readOnly: boolean) {
    this.#file = file;
    this.#readOnly = readOnly;
  }

  async get(object: MetadataObject, field: MetadataField): Promise<Buffer | undefined> {
    const statements = await this.#open(false);
    if (statements === undefined) return undefined;
    const row = statements.get.get(...key(object), field) as { birth: bigint; value: Uint8Array } | undefined;
    if (row === undefined) return undefined;
    const current = birth(object);
    if (row.birth !== 0n && current !== 0n && row.birth !== current) {
      if (!this.#readOnly) statements.dropStale.run(...key(object), current);
      return undefined;
    }
    return Buffer.from(row.value);
  }

  async set(object: MetadataObject, field: MetadataField, value: Buffer): Promise<void> {
    const statements = (await this.#open(true))!;
    const current = birth(object);
    if (current !== 0n) statements.dropStale.run(...key(object), current);
    statements.put.run(...key(object), field, current, value);
  }

  async remove(object: MetadataObject, field: MetadataField): Promise<void> {
    (await this.#open(false))?.remove.run(...key(object), field);
  }

  /** Only rows of this very object: a new object that already took over the inode number keeps its own. */
  async forget(object: MetadataObject): Promise<void> {
    const statements = await this.#open(false);
    const current = birth(object);
    if (current === 0n) statements?.forget.run(...key(object));
    else statements?.forgetBorn.run(...key(object), current);
  }

  async created(object: MetadataObject): Promise<void> {
    const statements = await this.#open(false);
    const current = birth(object);
    if (current === 0n) statements?.forget.run(...key(object));
    else statements?.dropStale.run(...key(object), current);
  }

  async close(): Promise<void> {
    this.#database?.close();
    this.#database = undefined;
    this.#statements = undefined;
  }

  /** The prepared statements, opening the database first; undefined when it does not exist and `create` is false. */
  async #open(create: boolean): Promise<Statements | undefined> {
    if (this.#statements !== undefined) return this.#statements;
    if (this.#readOnly && create) throw new DriverError('read-only', 'the share is read-only');
    if (!create && !(await pathExists(this.#file))) return undefined;
    if (create) await mkdir(dirname(this.#file), { recursive: true, mode: 0o700 });
    // Another call may have opened it while this one waited.
    if (this.#statements !== undefined) return this.#statements;
    let database: DatabaseSync;
    try {
      database = new DatabaseSync(this.#file, { readOnly: this.#readOnly, timeout: BUSY_TIMEOUT_MS });
      if (!this.#readOnly) initialise(database);
    } catch (error) {
      throw new DriverError('io', `metadata database ${this.#file}: ${(error as Error).message}`, { cause: error });
    }
    this.#database = database;
    this.#statements = {
      get: database.prepare('SELECT birth, value FROM metadata WHERE dev = ? AND ino = ? AND field = ?'),
      put: database.prepare('INSERT OR REPLACE INTO metadata (dev, ino, field, birth, value) VALUES (?, ?, ?, ?, ?)'),
      dropStale: database.prepare('DELETE FROM metadata WHERE dev = ? AND ino = ? AND birth <> ?'),
      remove: database.prepare('DELETE FROM metadata WHERE dev = ? AND ino = ? AND field = ?'),
      forget: database.prepare('DELETE FROM metadata WHERE dev = ? AND ino = ?'),
      forgetBorn: database.prepare('DELETE FROM metadata WHERE dev = ? AND ino = ? AND birth = ?'),
    };
    this.#statements.get.setReadBigInts(true);
    return this.#statements;
  }
}

function initialise(database: DatabaseSync): void {
  // WAL lets a read-only driver in another process read while this one writes.
  database.exec('PRAGMA journal_mode = WAL');
  database.exec(`CREATE TABLE IF NOT EXISTS metadata (
    dev INTEGER NOT NULL,
    ino INTEGER NOT NULL,
    field TEXT NOT NULL,
    birth INTEGER NOT NULL,
    value BLOB NOT NULL,
    PRIMARY KEY (dev, ino, field)
  ) WITHOUT ROWID`);
  const { user_version: version } = database.prepare('PRAGMA user_version').get() as { user_version: number };
  if (version === 0) database.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
  else if (version !== SCHEMA_VERSION) throw new Error(`unknown metadata schema version ${version}`);
}
