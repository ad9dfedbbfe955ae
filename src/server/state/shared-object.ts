// MS-FSA 2.1.1.4 / 2.1.1.5 (File, Stream): what every open of one backend object shares, whichever
// path, session or connection it was opened through: the list of opens that share modes are checked
// against, and the pending delete. Objects are keyed by the driver's stable file id, so renames and
// hard links do not split them.

import type { Open } from './open.ts';
import type { Share } from './share.ts';

export class SharedObject {
  readonly key: string;
  readonly share: Share;
  readonly fileId: bigint;
  readonly opens = new Set<Open>();
  /** MS-FSA File.PendingDelete: removed when its last open closes; new opens fail with STATUS_DELETE_PENDING. */
  deletePending = false;

  constructor(share: Share, fileId: bigint) {
    this.share = share;
    this.fileId = fileId;
    this.key = SharedObject.keyOf(share, fileId);
  }

  static keyOf(share: Share, fileId: bigint): string {
    return `${share.name.toLowerCase()}:${fileId}`;
  }
}
