// Metadata in the object's own extended attributes (user.smb3.<field>), through the fs-xattr package (N-API,
// so one build serves every Node version). The values live and die with the inode: renames, hard links and
// deletions outside the server need no bookkeeping. fs-xattr follows symlinks, so the /proc/self/fd link of an
// open descriptor reaches the open object even after it was renamed or unlinked.

import { chmod, stat } from 'node:fs/promises';
import { driverErrorForErrno } from '../errors.ts';
import type { MetadataField, MetadataObject, MetadataStore } from './store.ts';

/** The part of fs-xattr's API the store uses. */
export interface XattrModule {
  getAttribute(path: string, name: string): Promise<Buffer>;
  setAttribute(path: string, name: string, value: Buffer): Promise<void>;
  removeAttribute(path: string, name: string): Promise<void>;
  listAttributes(path: string): Promise<string[]>;
}

/**
 * An optional dependency: it needs a C toolchain at install time, and the driver falls back to the sidecar
 * store where it is missing. The name is a variable so type checking does not require the package either.
 */
const XATTR_PACKAGE: string = 'fs-xattr';
let loading: Promise<XattrModule | undefined> | undefined;

export function loadXattrModule(): Promise<XattrModule | undefined> {
  loading ??= import(XATTR_PACKAGE).then(
    (module: XattrModule) => module,
    () => undefined,
  );
  return loading;
}

const PREFIX = 'user.smb3.';
const PROBE = `${PREFIX}probe`;
const OWNER_WRITE = 0o200;

/** fs-xattr errors carry the errno name in `code` (ENODATA on Linux, ENOATTR on macOS for a missing attribute). */
function xattrErrno(error: unknown): string | undefined {
  return error instanceof Error && 'code' in error && typeof error.code === 'string' ? error.code : undefined;
}

function isMissingAttribute(error: unknown): boolean {
  const errno = xattrErrno(error);
  return errno === 'ENODATA' || errno === 'ENOATTR';
}

function failure(error: unknown, action: string): unknown {
  const errno = xattrErrno(error);
  return errno === undefined ? error : driverErrorForErrno(errno, action, error);
}

/**
 * Whether user.* attributes work on the directory: set and remove one where the share may be written, or list
 * them where it may not (a read-only share never writes, and reads nothing when no writer stored anything).
 */
export async function xattrsWork(module: XattrModule, directory: string, readOnly: boolean): Promise<boolean> {
  try {
    if (readOnly) {
      await module.listAttributes(directory);
    } else {
      await module.setAttribute(directory, PROBE, Buffer.of(1));
      await module.removeAttribute(directory, PROBE);
    }
    return true;
  } catch {
    return false;
  }
}

export class XattrStore implements MetadataStore {
  readonly kind = 'xattr';
  readonly writesMoveCtime = true;
  readonly #module: XattrModule;

  constructor(module: XattrModule) {
    this.#module = module;
  }

  async get(object: MetadataObject, field: MetadataField): Promise<Buffer | undefined> {
    try {
      return await this.#module.getAttribute(object.path, PREFIX + field);
    } catch (error) {
      if (isMissingAttribute(error)) return undefined;
      throw failure(error, 'getxattr');
    }
  }

  async set(object: MetadataObject, field: MetadataField, value: Buffer): Promise<void> {
    await this.#asOwner(object, () => this.#module.setAttribute(object.path, PREFIX + field, value), 'setxattr');
  }

  async remove(object: MetadataObject, field: MetadataField): Promise<void> {
    await this.#asOwner(
      object,
      async () => {
        try {
          await this.#module.removeAttribute(object.path, PREFIX + field);
        } catch (error) {
          if (!isMissingAttribute(error)) throw error;
        }
      },
      'removexattr',
    );
  }

  // The attributes go with the inode.
  async forget(_object: MetadataObject): Promise<void> {}
  async created(_object: MetadataObject): Promise<void> {}
  async close(): Promise<void> {}

  /**
   * Linux lets only writers change user.* attributes, and the driver keeps READONLY as a cleared write bit: the
   * owner of a read-only file gets write permission back for the duration of the change, as NTFS lets attributes
   * of a read-only file change.
   */
  async #asOwner(object: MetadataObject, change: () => Promise<void>, action: string): Promise<void> {
    try {
      await change();
      return;
    } catch (error) {
      if (xattrErrno(error) !== 'EACCES' || !(await this.#ownsReadOnly(object.path))) throw failure(error, action);
    }
    const { mode } = await stat(object.path);
    await chmod(object.path, (mode & 0o7777) | OWNER_WRITE);
    try {
      await change();
    } catch (error) {
      throw failure(error, action);
    } finally {
      await chmod(object.path, mode & 0o7777);
    }
  }

  async #ownsReadOnly(path: string): Promise<boolean> {
    const { uid, mode } = await stat(path);
    return uid === process.getuid?.() && (mode & OWNER_WRITE) === 0;
  }
}
