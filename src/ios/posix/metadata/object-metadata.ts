// The DOS view of a POSIX object: what the driver and its handles ask of the metadata store and the stream
// files, in SMB terms (attributes, creation time, EAs, security descriptor, streams), with the encodings and
// the life-cycle rules (creation, overwrite, removal of the last name) in one place.

import { FileAttributes } from '../../../protocol/constants.ts';
import { changedAttributes, directoryAttributes, fileAttributes } from '../../attributes.ts';
import { applyExtendedAttributes, extendedAttributesSize } from '../../extended-attributes.ts';
import { checkSecurityDescriptor } from '../../security-descriptors.ts';
import type { BasicInfoChange, ExtendedAttribute, FileTime, OpenOptions, StreamInfo } from '../../types.ts';
import { changeBasisOf } from '../change-time.ts';
import { isReadOnlyMode } from '../stat.ts';
import { isStreamsId, newStreamsId } from '../streams.ts';
import type { StreamStore } from '../streams.ts';
import { fileTimeFromDate, fileTimeFromNs } from '../times.ts';
import { decodeDosInfo, decodeExtendedAttributes, encodeDosInfo, encodeExtendedAttributes } from './codec.ts';
import type { DosInfo } from './codec.ts';
import type { MetadataObject, MetadataStore } from './store.ts';

/** What a file stores when it has no attributes of its own: ARCHIVE, as a new NTFS file has. */
const DEFAULT_FILE_ATTRIBUTES = FileAttributes.ARCHIVE;

/**
 * The attributes a file or directory keeps in the store for requested creation attributes: the settable ones,
 * ARCHIVE for a file given none, and without READONLY of files (kept in the mode bits) or DIRECTORY.
 */
function storedAttributes(requested: number, isDirectory: boolean): number {
  if (isDirectory) return directoryAttributes(requested) & ~FileAttributes.DIRECTORY;
  const settable = fileAttributes(requested);
  return settable === 0 ? DEFAULT_FILE_ATTRIBUTES : settable & ~FileAttributes.READONLY;
}

function defaultAttributes(isDirectory: boolean): number {
  return isDirectory ? 0 : DEFAULT_FILE_ATTRIBUTES;
}

function isEmpty(dos: DosInfo): boolean {
  return Object.values(dos).every((value) => value === undefined);
}

/** DosInfo.eaSize for a list of EAs: absent when there are none. */
function eaSizeField(eas: readonly ExtendedAttribute[]): number | undefined {
  return eas.length === 0 ? undefined : extendedAttributesSize(eas);
}

export class ObjectMetadata {
  readonly store: MetadataStore;
  readonly streams: StreamStore;
  readonly #assigning = new Map<string, Promise<string>>();

  constructor(store: MetadataStore, streams: StreamStore) {
    this.store = store;
    this.streams = streams;
  }

  async dosInfo(object: MetadataObject): Promise<DosInfo> {
    return decodeDosInfo(await this.store.get(object, 'dos'));
  }

  /** Records a new object's attributes, security descriptor and EAs from its CREATE. */
  async initialise(object: MetadataObject, options: OpenOptions): Promise<void> {
    await this.store.created(object);
    const isDirectory = object.stats.isDirectory();
    const eas = applyExtendedAttributes([], options.extendedAttributes ?? []);
    if (options.securityDescriptor !== undefined) checkSecurityDescriptor(options.securityDescriptor);
    const dos: DosInfo = {};
    const attributes = storedAttributes(options.attributes, isDirectory);
    if (attributes !== defaultAttributes(isDirectory)) dos.attributes = attributes;
    // Without a birth time the creation time would follow the change time; pin it now.
    if (object.stats.birthtimeNs === 0n) dos.creationTime = fileTimeFromNs(object.stats.ctimeNs);
    if (eas.length > 0) {
      await this.store.set(object, 'ea', encodeExtendedAttributes(eas));
      dos.eaSize = extendedAttributesSize(eas);
    }
    if (!isEmpty(dos)) await this.store.set(object, 'dos', encodeDosInfo(dos));
    if (options.securityDescriptor !== undefined) await this.store.set(object, 'sd', options.securityDescriptor);
  }

  /**
   * A truncating open of the unnamed data stream (FILE_OVERWRITE, FILE_OVERWRITE_IF, FILE_SUPERSEDE) removes
   * the named streams, as NTFS does, takes the requested attributes and, when the CREATE carries EAs, its EAs.
   * The truncation itself moves mtime, which ends a stored ChangeTime.
   */
  async overwritten(object: MetadataObject, options: OpenOptions): Promise<void> {
    const eas = options.extendedAttributes === undefined ? undefined : applyExtendedAttributes([], options.extendedAttributes);
    await this.removeAllStreams(object);
    if (eas !== undefined) await this.#storeExtendedAttributes(object, eas);
    await this.#updateDos(object, (dos) => {
      const attributes = storedAttributes(options.attributes, false);
      return {
        ...dos,
        attributes: attributes === (dos.attributes ?? DEFAULT_FILE_ATTRIBUTES) ? dos.attributes : attributes,
        eaSize: eas === undefined ? dos.eaSize : eaSizeField(eas),
      };
    });
  }

  /**
   * FileBasicInformation, the part the store keeps: creation time, and the attributes other than a file's READONLY
   * (the caller sets the mode and the times). A change that brings no ChangeTime of its own is a change of the
   * object (#touched); one that does leaves the stored time to setChangeTime, once the host has applied the rest.
   */
  async setBasicInfo(object: MetadataObject, change: BasicInfoChange): Promise<void> {
    if (Object.values(change).every((value) => value === undefined)) return;
    const isDirectory = object.stats.isDirectory();
    // New times (utimes) and a new READONLY state of a file (chmod) move the ctime on the host.
    const hostMovesCtime =
      change.lastAccessTime !== undefined ||
      change.lastWriteTime !== undefined ||
      (!isDirectory && change.attributes !== undefined && ((change.attributes & FileAttributes.READONLY) !== 0) !== isReadOnlyMode(object.stats));
    await this.#updateDos(object, (dos) => {
      let attributes = dos.attributes;
      if (change.attributes !== undefined) {
        const current = dos.attributes ?? defaultAttributes(isDirectory);
        let next = changedAttributes(current, change.attributes, isDirectory) & ~FileAttributes.DIRECTORY;
        if (!isDirectory) next &= ~FileAttributes.READONLY;
        // Setting only what is already there (READONLY alone, say) stores nothing new.
        if (next !== current) attributes = next;
      }
      const next = { ...dos, attributes, creationTime: change.creationTime ?? dos.creationTime };
      return change.changeTime !== undefined ? next : this.#touched(next, object, hostMovesCtime);
    });
  }

  /** Stores a ChangeTime set by a client, against the object as it is now (../change-time.ts). */
  async setChangeTime(object: MetadataObject, time: FileTime): Promise<void> {
    await this.#updateDos(object, (dos) => ({ ...dos, changeTime: { time, basis: changeBasisOf(object.stats) } }));
  }

  /** The object was renamed (which moves its ctime): a stored ChangeTime no longer stands. */
  async renamed(object: MetadataObject): Promise<void> {
    await this.#updateDos(object, (dos) => ({ ...dos, changeTime: undefined }));
  }

  async setSparse(object: MetadataObject, sparse: boolean): Promise<void> {
    const isDirectory = object.stats.isDirectory();
    await this.#updateDos(object, (dos) => {
      const current = dos.attributes ?? defaultAttributes(isDirectory);
      const next = sparse ? current | FileAttributes.SPARSE_FILE : current & ~FileAttributes.SPARSE_FILE;
      return next === current ? dos : this.#touched({ ...dos, attributes: next }, object, false);
    });
  }

  async isSparse(object: MetadataObject): Promise<boolean> {
    const { attributes } = await this.dosInfo(object);
    return attributes !== undefined && (attributes & FileAttributes.SPARSE_FILE) !== 0;
  }

  async extendedAttributes(object: MetadataObject): Promise<ExtendedAttribute[]> {
    return decodeExtendedAttributes(await this.store.get(object, 'ea'));
  }

  async setExtendedAttributes(object: MetadataObject, changes: readonly ExtendedAttribute[]): Promise<void> {
    const next = applyExtendedAttributes(await this.extendedAttributes(object), changes);
    await this.#storeExtendedAttributes(object, next);
    await this.#updateDos(object, (dos) => this.#touched({ ...dos, eaSize: eaSizeField(next) }, object, false));
  }

  async #storeExtendedAttributes(object: MetadataObject, eas: readonly ExtendedAttribute[]): Promise<void> {
    if (eas.length === 0) await this.store.remove(object, 'ea');
    else await this.store.set(object, 'ea', encodeExtendedAttributes(eas));
  }

  securityDescriptor(object: MetadataObject): Promise<Buffer | undefined> {
    return this.store.get(object, 'sd');
  }

  async setSecurityDescriptor(object: MetadataObject, descriptor: Buffer): Promise<void> {
    checkSecurityDescriptor(descriptor);
    await this.store.set(object, 'sd', descriptor);
    await this.#updateDos(object, (dos) => this.#touched(dos, object, false));
  }

  /** The object's stream-directory id, undefined when it never had a stream. */
  async streamsId(object: MetadataObject): Promise<string | undefined> {
    const stored = (await this.store.get(object, 'streams'))?.toString('latin1');
    return stored !== undefined && isStreamsId(stored) ? stored : undefined;
  }

  /**
   * The stream-directory id, assigning one when the object has none yet. Assignments for one object are
   * serialised, so two first streams created at once end up in the same directory.
   */
  ensureStreamsId(object: MetadataObject): Promise<string> {
    const key = `${object.stats.dev}:${object.stats.ino}`;
    const pending = this.#assigning.get(key);
    if (pending !== undefined) return pending;
    const assigning = (async () => {
      const existing = await this.streamsId(object);
      if (existing !== undefined) return existing;
      const id = newStreamsId();
      await this.store.set(object, 'streams', Buffer.from(id, 'latin1'));
      return id;
    })().finally(() => this.#assigning.delete(key));
    this.#assigning.set(key, assigning);
    return assigning;
  }

  async listStreams(object: MetadataObject): Promise<StreamInfo[]> {
    const id = await this.streamsId(object);
    return id === undefined ? [] : this.streams.list(id);
  }

  async removeAllStreams(object: MetadataObject): Promise<void> {
    const id = await this.streamsId(object);
    if (id === undefined) return;
    await this.streams.removeAll(id);
    await this.store.remove(object, 'streams');
  }

  /**
   * Before the last name of an object goes: reads what has to be cleaned up, and returns the clean-up to run
   * once the name is gone (the object's streams and whatever the store keeps apart from it).
   */
  async removing(object: MetadataObject): Promise<() => Promise<void>> {
    const id = await this.streamsId(object);
    return async () => {
      await this.store.forget(object);
      if (id !== undefined) await this.streams.removeAll(id);
    };
  }

  /**
   * `dos` after a change made through the driver that set no ChangeTime: the change moves ChangeTime (MS-FSA
   * 2.1.5.15.2, and renames, EA and descriptor changes alike). Where the host moved the ctime (a write to an
   * xattr, new times through utimes) a stored ChangeTime is dropped and the ctime shows; a change kept only in
   * the sidecar database leaves the ctime behind, so the current time is stored instead.
   */
  #touched(dos: DosInfo, object: MetadataObject, hostMovedCtime: boolean): DosInfo {
    if (hostMovedCtime || this.store.writesMoveCtime) return { ...dos, changeTime: undefined };
    return { ...dos, changeTime: { time: fileTimeFromDate(new Date()), basis: changeBasisOf(object.stats) } };
  }

  /** Rewrites the object's DOS information, when `update` changes it. */
  async #updateDos(object: MetadataObject, update: (dos: DosInfo) => DosInfo): Promise<void> {
    const stored = await this.store.get(object, 'dos');
    const next = update(decodeDosInfo(stored));
    if (isEmpty(next)) {
      if (stored !== undefined) await this.store.remove(object, 'dos');
      return;
    }
    const encoded = encodeDosInfo(next);
    if (stored === undefined || !stored.equals(encoded)) await this.store.set(object, 'dos', encoded);
  }
}
