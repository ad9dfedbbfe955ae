// The DOS view of a POSIX object: what the driver and its handles ask of the metadata store and the stream
// files, in SMB terms (attributes, creation time, EAs, security descriptor, streams), with the encodings and
// the life-cycle rules (creation, overwrite, removal of the last name) in one place.

import { FileAttributes } from '../../../protocol/constants.ts';
import { changedAttributes, directoryAttributes, fileAttributes } from '../../attributes.ts';
import { applyExtendedAttributes } from '../../extended-attributes.ts';
import { checkSecurityDescriptor } from '../../security-descriptors.ts';
import type { BasicInfoChange, ExtendedAttribute, OpenOptions, StreamInfo } from '../../types.ts';
import { isStreamsId, newStreamsId } from '../streams.ts';
import type { StreamStore } from '../streams.ts';
import { fileTimeFromNs } from '../times.ts';
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
    const dos: DosInfo = {};
    const attributes = storedAttributes(options.attributes, isDirectory);
    if (attributes !== defaultAttributes(isDirectory)) dos.attributes = attributes;
    // Without a birth time the creation time would follow the change time; pin it now.
    if (object.stats.birthtimeNs === 0n) dos.creationTime = fileTimeFromNs(object.stats.ctimeNs);
    if (dos.attributes !== undefined || dos.creationTime !== undefined) await this.store.set(object, 'dos', encodeDosInfo(dos));
    if (options.securityDescriptor !== undefined) await this.setSecurityDescriptor(object, options.securityDescriptor);
    if (options.extendedAttributes !== undefined && options.extendedAttributes.length > 0) {
      await this.setExtendedAttributes(object, options.extendedAttributes);
    }
  }

  /**
   * A truncating open of the unnamed data stream (FILE_OVERWRITE, FILE_OVERWRITE_IF, FILE_SUPERSEDE) removes
   * the named streams, as NTFS does, takes the requested attributes and, when the CREATE carries EAs, its EAs.
   */
  async overwritten(object: MetadataObject, options: OpenOptions): Promise<void> {
    const eas = options.extendedAttributes === undefined ? undefined : applyExtendedAttributes([], options.extendedAttributes);
    await this.removeAllStreams(object);
    const dos = await this.dosInfo(object);
    const attributes = storedAttributes(options.attributes, false);
    if (attributes !== (dos.attributes ?? DEFAULT_FILE_ATTRIBUTES)) await this.store.set(object, 'dos', encodeDosInfo({ ...dos, attributes }));
    if (eas !== undefined) await this.#storeExtendedAttributes(object, eas);
  }

  /** FileBasicInformation: creation time and the attributes other than a file's READONLY (the caller sets the mode). */
  async setBasicInfo(object: MetadataObject, change: BasicInfoChange): Promise<void> {
    if (change.creationTime === undefined && change.attributes === undefined) return;
    const isDirectory = object.stats.isDirectory();
    const dos = await this.dosInfo(object);
    const current = dos.attributes ?? defaultAttributes(isDirectory);
    let attributes = current;
    if (change.attributes !== undefined) {
      attributes = changedAttributes(current, change.attributes, isDirectory) & ~FileAttributes.DIRECTORY;
      if (!isDirectory) attributes &= ~FileAttributes.READONLY;
    }
    const creationTime = change.creationTime ?? dos.creationTime;
    // Setting only what is already there (READONLY alone, say) writes nothing.
    if (attributes === current && creationTime === dos.creationTime) return;
    await this.store.set(object, 'dos', encodeDosInfo({ attributes, creationTime }));
  }

  async setSparse(object: MetadataObject, sparse: boolean): Promise<void> {
    const dos = await this.dosInfo(object);
    const current = dos.attributes ?? defaultAttributes(object.stats.isDirectory());
    const next = sparse ? current | FileAttributes.SPARSE_FILE : current & ~FileAttributes.SPARSE_FILE;
    if (next === current) return;
    dos.attributes = next;
    await this.store.set(object, 'dos', encodeDosInfo(dos));
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
}
