// MS-FSA 2.1.1.4 / 2.1.1.5 (File, Stream): what every open of one backend object shares, whichever
// path, session or connection it was opened through: the list of opens that share modes are checked
// against, the pending delete, and the byte-range locks. Objects are keyed by the driver's stable file id,
// so renames and hard links do not split them. A named stream is an object of its own (share modes, locks and
// delete-on-close are per stream), held by its file's object, which lives as long as any of its streams do.

import type { Open } from './open.ts';
import type { Share } from './share.ts';
import { ByteRangeLockTable } from '../locks/lock-table.ts';
import type { ByteRangeLockManager } from '../locks/types.ts';
import { upcaseName } from '../../protocol/fscc/names.ts';
import type { FileTime } from '../../ios/types.ts';
import { ObjectCaching } from '../leases/object-caching.ts';

export class SharedObject {
  readonly key: string;
  readonly share: Share;
  readonly fileId: bigint;
  readonly opens = new Set<Open>();
  /** MS-FSA File.PendingDelete: removed when its last open closes; new opens fail with STATUS_DELETE_PENDING. */
  deletePending = false;
  /** MS-FSA 2.1.1.5 Stream.ByteRangeLockList, shared by every open of the object. */
  readonly byteRangeLocks: ByteRangeLockManager = new ByteRangeLockTable();
  /** MS-FSA 2.1.1.5 Stream.Name: '' for the file or directory itself. */
  readonly stream: string;
  /** For a named stream's object, its file's object, whose pending delete covers the stream too. */
  readonly file: SharedObject | undefined;
  /** On a file's object: the objects of its named streams that have opens, by upcased stream name. */
  readonly streams = new Map<string, SharedObject>();
  /**
   * The LastWriteTime reported instead of the driver's while a write-time update is held back (a file's
   * object only; ../info/write-time.ts).
   */
  reportedWriteTime: FileTime | undefined;
  /** MS-FSA 2.1.1.5 Stream.Oplock: the leases on the object and the opens waiting for a break (../leases/). */
  readonly caching = new ObjectCaching();

  constructor(share: Share, fileId: bigint, stream = '', file?: SharedObject) {
    this.share = share;
    this.fileId = fileId;
    this.stream = stream;
    this.file = file;
    this.key = file ? `${file.key}:${SharedObject.streamKey(stream)}` : SharedObject.keyOf(share, fileId);
  }

  /** The file's object: this one, or the one a stream's object hangs from. */
  get fileObject(): SharedObject {
    return this.file ?? this;
  }

  /** Stream names compare without regard to case (MS-FSCC 2.1.5.3). */
  static streamKey(stream: string): string {
    return upcaseName(stream);
  }

  static keyOf(share: Share, fileId: bigint): string {
    return `${share.name.toLowerCase()}:${fileId}`;
  }
}
