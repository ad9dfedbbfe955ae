// Where the POSIX driver keeps what POSIX has no place for: DOS attributes and creation time, extended
// attributes, security descriptors and the id of an object's stream directory. Two backends hold the same
// fields: the object's own user.* xattrs (xattr-store.ts), or a SQLite sidecar keyed by device and inode
// (sidecar-store.ts). Both follow the inode, so renames and hard links keep the metadata.

import type { BigIntStats } from 'node:fs';

/** The values kept per object, each an opaque encoded blob (codec.ts). */
export type MetadataField = 'dos' | 'ea' | 'sd' | 'streams';

export interface MetadataObject {
  /**
   * A host path that reaches the object without depending on its current name where possible: the
   * /proc/self/fd link of an open descriptor, else the object's resolved path.
   */
  path: string;
  /** Stats of the object, for backends keyed by device and inode. */
  stats: BigIntStats;
}

export type MetadataBackendKind = 'xattr' | 'sidecar';

export interface MetadataStore {
  readonly kind: MetadataBackendKind;
  /** Writing a field moves the object's ctime (xattrs are part of the inode; a database beside it is not). */
  readonly writesMoveCtime: boolean;
  get(object: MetadataObject, field: MetadataField): Promise<Buffer | undefined>;
  set(object: MetadataObject, field: MetadataField, value: Buffer): Promise<void>;
  remove(object: MetadataObject, field: MetadataField): Promise<void>;
  /** The object's last name is gone: drops whatever the store keeps apart from the object itself. */
  forget(object: MetadataObject): Promise<void>;
  /**
   * A new object was created at this inode: drops anything kept for an earlier object that had the same
   * device and inode numbers and was removed behind the driver's back.
   */
  created(object: MetadataObject): Promise<void>;
  close(): Promise<void>;
}
