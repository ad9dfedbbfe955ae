// Share paths → host paths, with containment. Every path is joined under the real path of the share root;
// the parent directory is resolved with realpath (following symlinks inside the share) and must stay under
// the root, and so must the object itself when it is a symlink. A symlink leading outside the share is an
// 'escapes-share' failure wherever it is met.
//
// A dangling symlink (or a loop) names nothing that can be opened: it is 'not-found' to lookups and opens,
// yet it occupies its name, so creating over it is refused and a rename does not silently replace it.
//
// The share's metadata directory (streams, sidecar database), when it lies inside the share, is reserved: it is
// not listed, a name leading to it is refused, and so is any symlink into it, so clients never reach it.
//
// The checks and the system call that follows are separate steps: a local process that swaps a directory
// for a symlink in between can still redirect the call (Node offers no openat2(RESOLVE_BENEATH)). Opens of
// existing objects use O_NOFOLLOW on the resolved path and creations use O_EXCL, which narrows the window
// to intermediate directories.

import { existsSync } from 'node:fs';
import { access, lstat, realpath, stat } from 'node:fs/promises';
import type { FileHandle } from 'node:fs/promises';
import type { BigIntStats } from 'node:fs';
import { basename, dirname, join, resolve as resolvePath, sep } from 'node:path';
import { DriverError } from '../types.ts';
import { checkPathComponents } from '../names.ts';
import { driverErrorFrom, errnoOf } from './errors.ts';

export type ResolvedEntry =
  /** The object exists; `stats` describe it after following a final symlink. */
  | { state: 'present'; entryPath: string; realPath: string; stats: BigIntStats; isSymlink: boolean }
  | { state: 'missing'; entryPath: string }
  | { state: 'dangling'; entryPath: string }
  /** The name of the share's metadata directory: it cannot be opened, created, renamed or removed. */
  | { state: 'reserved'; entryPath: string };

/** Largest name component the POSIX driver accepts, in UTF-16 code units (most file systems: 255 bytes). */
export const MAX_NAME_LENGTH = 255;

export class ShareRoot {
  readonly root: string;
  readonly #metadataDirectory: string | undefined;
  #realRoot: string | undefined;
  #reserved: string | undefined;

  /** `metadataDirectory`, when given, is reserved wherever it lies inside the share (relative: to the root). */
  constructor(root: string, metadataDirectory?: string) {
    this.root = root;
    this.#metadataDirectory = metadataDirectory;
  }

  /** The root's realpath, computed once; fails with not-found while the root is missing or not a directory. */
  async realRoot(): Promise<string> {
    if (this.#realRoot !== undefined) return this.#realRoot;
    let real: string;
    let stats: BigIntStats;
    try {
      real = await realpath(this.root);
      stats = await stat(real, { bigint: true });
    } catch (error) {
      if (errnoOf(error) === 'ENOENT' || errnoOf(error) === 'ENOTDIR') {
        throw new DriverError('not-found', `share root ${this.root} does not exist`, { cause: error });
      }
      throw driverErrorFrom(error, 'resolve share root');
    }
    if (!stats.isDirectory()) throw new DriverError('not-found', `share root ${this.root} is not a directory`);
    if (this.#metadataDirectory !== undefined) {
      const reserved = await realPathOf(resolvePath(real, this.#metadataDirectory));
      // Reserving the root or a directory around it would hide the whole share.
      if (reserved === real || real.startsWith(reserved + sep)) {
        throw new DriverError('invalid-parameter', `the metadata directory ${reserved} contains the share root`);
      }
      this.#reserved = reserved;
    }
    this.#realRoot = real;
    return real;
  }

  /** The real path of the reserved metadata directory; after realRoot(). */
  get reservedPath(): string | undefined {
    return this.#reserved;
  }

  /** Whether a host path is the reserved metadata directory or lies inside it. */
  isReserved(path: string): boolean {
    const reserved = this.#reserved;
    return reserved !== undefined && (path === reserved || path.startsWith(reserved + sep));
  }

  /** Whether a resolved (real) host path lies inside the share. */
  contains(realRoot: string, real: string): boolean {
    if (real === realRoot) return true;
    const prefix = realRoot.endsWith(sep) ? realRoot : realRoot + sep;
    return real.startsWith(prefix);
  }

  async resolve(path: readonly string[]): Promise<ResolvedEntry> {
    checkPathComponents(path, MAX_NAME_LENGTH);
    const realRoot = await this.realRoot();
    if (path.length === 0) {
      const stats = await statOrThrow(realRoot);
      return { state: 'present', entryPath: realRoot, realPath: realRoot, stats, isSymlink: false };
    }
    const parentReal = path.length === 1 ? realRoot : await this.#resolveParent(realRoot, path.slice(0, -1));
    const entryPath = join(parentReal, path[path.length - 1]!);
    if (this.isReserved(entryPath)) return { state: 'reserved', entryPath };
    let entryStats: BigIntStats;
    try {
      entryStats = await lstat(entryPath, { bigint: true });
    } catch (error) {
      if (errnoOf(error) === 'ENOENT') return { state: 'missing', entryPath };
      // An intermediate component is a file.
      if (errnoOf(error) === 'ENOTDIR') throw new DriverError('path-not-found', 'a parent is not a directory');
      throw driverErrorFrom(error, 'lstat');
    }
    if (!entryStats.isSymbolicLink()) {
      return { state: 'present', entryPath, realPath: entryPath, stats: entryStats, isSymlink: false };
    }
    let realPath: string;
    try {
      realPath = await realpath(entryPath);
    } catch (error) {
      const errno = errnoOf(error);
      if (errno === 'ENOENT' || errno === 'ELOOP' || errno === 'ENOTDIR') return { state: 'dangling', entryPath };
      throw driverErrorFrom(error, 'realpath');
    }
    if (!this.contains(realRoot, realPath) || this.isReserved(realPath)) throw escapes(path);
    return { state: 'present', entryPath, realPath, stats: await statOrThrow(realPath), isSymlink: true };
  }

  async #resolveParent(realRoot: string, parent: readonly string[]): Promise<string> {
    let parentReal: string;
    try {
      parentReal = await realpath(join(realRoot, ...parent));
    } catch (error) {
      const errno = errnoOf(error);
      if (errno === 'ENOENT' || errno === 'ENOTDIR' || errno === 'ELOOP') {
        throw new DriverError('path-not-found', 'a parent directory is missing', { cause: error });
      }
      throw driverErrorFrom(error, 'realpath');
    }
    if (!this.contains(realRoot, parentReal)) throw escapes(parent);
    // Inside the metadata directory nothing exists for clients.
    if (this.isReserved(parentReal)) throw new DriverError('path-not-found', 'a parent directory is missing');
    return parentReal;
  }
}

/** A directory entry clients may see: its stats and the host path of the object (a symlink's target). */
export interface EnumerableEntry {
  stats: BigIntStats;
  realPath: string;
}

/**
 * One directory entry for enumeration, following a symlink only when it stays inside the share; undefined for
 * entries clients cannot open: escaping or dangling symlinks, FIFOs, sockets and devices, the metadata
 * directory, and names that vanished meanwhile. A name that is not valid UTF-8 also lands here, because Node
 * decodes it with replacement characters into a name that does not exist.
 */
export async function enumerableEntry(share: ShareRoot, directory: string, name: string): Promise<EnumerableEntry | undefined> {
  const realRoot = await share.realRoot();
  let realPath = join(directory, name);
  if (share.isReserved(realPath)) return undefined;
  let stats: BigIntStats;
  try {
    stats = await lstat(realPath, { bigint: true });
    if (stats.isSymbolicLink()) {
      realPath = await realpath(realPath);
      if (!share.contains(realRoot, realPath) || share.isReserved(realPath)) return undefined;
      stats = await stat(realPath, { bigint: true });
    }
  } catch (error) {
    const errno = errnoOf(error);
    if (errno === 'ENOENT' || errno === 'ENOTDIR' || errno === 'ELOOP') return undefined;
    throw driverErrorFrom(error, 'stat directory entry');
  }
  return stats.isFile() || stats.isDirectory() ? { stats, realPath } : undefined;
}

/** Linux names every open descriptor under /proc/self/fd; calls that take paths reach the open object through it. */
const DESCRIPTOR_DIRECTORY = existsSync('/proc/self/fd') ? '/proc/self/fd' : undefined;

/**
 * A path naming the object open on `file` whatever has been renamed or unlinked since (undefined where the
 * platform has no /proc/self/fd): for the path-based calls Node lacks descriptor versions of (xattrs).
 */
export function descriptorPath(file: FileHandle): string | undefined {
  return DESCRIPTOR_DIRECTORY === undefined ? undefined : `${DESCRIPTOR_DIRECTORY}/${file.fd}`;
}

export async function pathExists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** The real path of a path that may not exist yet: its parent's real path and its own name. */
async function realPathOf(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    try {
      return join(await realpath(dirname(path)), basename(path));
    } catch {
      return path;
    }
  }
}

function escapes(path: readonly string[]): DriverError {
  return new DriverError('escapes-share', `${path.join('/')} resolves outside the share`);
}

async function statOrThrow(path: string): Promise<BigIntStats> {
  try {
    return await stat(path, { bigint: true });
  } catch (error) {
    throw driverErrorFrom(error, 'stat');
  }
}
