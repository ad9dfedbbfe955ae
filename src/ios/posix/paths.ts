// Share paths → host paths, with containment. Every path is joined under the real path of the share root;
// the parent directory is resolved with realpath (following symlinks inside the share) and must stay under
// the root, and so must the object itself when it is a symlink. A symlink leading outside the share is an
// 'escapes-share' failure wherever it is met.
//
// A dangling symlink (or a loop) names nothing that can be opened: it is 'not-found' to lookups and opens,
// yet it occupies its name, so creating over it is refused and a rename does not silently replace it.
//
// The checks and the system call that follows are separate steps: a local process that swaps a directory
// for a symlink in between can still redirect the call (Node offers no openat2(RESOLVE_BENEATH)). Opens of
// existing objects use O_NOFOLLOW on the resolved path and creations use O_EXCL, which narrows the window
// to intermediate directories.

import { lstat, realpath, stat } from 'node:fs/promises';
import type { BigIntStats } from 'node:fs';
import { join, sep } from 'node:path';
import { DriverError } from '../types.ts';
import { checkPathComponents } from '../names.ts';
import { driverErrorFrom, errnoOf } from './errors.ts';

export type ResolvedEntry =
  /** The object exists; `stats` describe it after following a final symlink. */
  | { state: 'present'; entryPath: string; realPath: string; stats: BigIntStats; isSymlink: boolean }
  | { state: 'missing'; entryPath: string }
  | { state: 'dangling'; entryPath: string };

/** Largest name component the POSIX driver accepts, in UTF-16 code units (most file systems: 255 bytes). */
export const MAX_NAME_LENGTH = 255;

export class ShareRoot {
  readonly root: string;
  #realRoot: string | undefined;

  constructor(root: string) {
    this.root = root;
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
    this.#realRoot = real;
    return real;
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
    if (!this.contains(realRoot, realPath)) throw escapes(path);
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
    return parentReal;
  }
}

/**
 * Stats of one directory entry for enumeration, following a symlink only when it stays inside the share;
 * undefined for entries clients cannot open: escaping or dangling symlinks, FIFOs, sockets and devices, and
 * names that vanished meanwhile. A name that is not valid UTF-8 also lands here, because Node decodes it
 * with replacement characters into a name that does not exist.
 */
export async function enumerableStats(share: ShareRoot, directory: string, name: string): Promise<BigIntStats | undefined> {
  const realRoot = await share.realRoot();
  const entryPath = join(directory, name);
  let stats: BigIntStats;
  try {
    stats = await lstat(entryPath, { bigint: true });
    if (stats.isSymbolicLink()) {
      const real = await realpath(entryPath);
      if (!share.contains(realRoot, real)) return undefined;
      stats = await stat(real, { bigint: true });
    }
  } catch (error) {
    const errno = errnoOf(error);
    if (errno === 'ENOENT' || errno === 'ENOTDIR' || errno === 'ELOOP') return undefined;
    throw driverErrorFrom(error, 'stat directory entry');
  }
  return stats.isFile() || stats.isDirectory() ? stats : undefined;
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
