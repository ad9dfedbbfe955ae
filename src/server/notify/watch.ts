// The watch of one directory open (MS-FSA 2.1.1.8 ChangeNotifyEntry): set up by the first CHANGE_NOTIFY on the
// open, whose CompletionFilter and WATCH_TREE hold until the open closes (MS-SMB2 3.3.5.19: later requests'
// values are ignored). Changes that match are kept between requests (NotifyEventList) up to a byte bound; a
// waiting request completes with what is kept as soon as something is, oldest request first.

import { NtStatus } from '../../protocol/status.ts';
import { sameNameIgnoringCase } from '../../protocol/fscc/names.ts';
import {
  encodeFileNotifyInformation,
  FileAction as A,
  fileNotifyInformationSize,
  type FileNotifyInformation,
} from '../../protocol/fscc/notify-information.ts';
import type { ChangeEvent } from './change.ts';
import type { ChangeSubscriber } from './manager.ts';

/** How a CHANGE_NOTIFY completes: SUCCESS with FILE_NOTIFY_INFORMATION records, or a status with none. */
export interface NotifyOutcome {
  status: number;
  output: Buffer;
}

/**
 * The most a watch keeps between requests, whatever the first request's OutputBufferLength: beyond it the next
 * request gets STATUS_NOTIFY_ENUM_DIR and the client enumerates the directory instead.
 */
export const MAX_BUFFERED_BYTES = 64 * 1024;

interface Waiter {
  outputBufferLength: number;
  complete(outcome: NotifyOutcome): void;
}

const EMPTY = Buffer.alloc(0);

/** MODIFIED records of a name already queued as modified add nothing. */
const MODIFIED_ACTIONS: ReadonlySet<number> = new Set<number>([A.FILE_ACTION_MODIFIED, A.FILE_ACTION_MODIFIED_STREAM]);
/**
 * Nor does the MODIFIED a rename reports for the new name, for a watch that sees the name change itself (Windows
 * reports it to watches of attributes only): after these, in the same report, it is dropped.
 */
const NAMING_ACTIONS: ReadonlySet<number> = new Set<number>([A.FILE_ACTION_ADDED, A.FILE_ACTION_RENAMED_NEW_NAME, A.FILE_ACTION_ADDED_STREAM]);

export class ChangeWatch implements ChangeSubscriber {
  readonly completionFilter: number;
  readonly watchTree: boolean;
  /** The watched directory's share path now (it follows renames of the open). */
  readonly #directory: () => readonly string[];
  readonly #capacity: number;
  #records: FileNotifyInformation[] = [];
  #bytes = 0;
  /** More changed than the buffer holds: the next request gets STATUS_NOTIFY_ENUM_DIR. */
  #overflowed = false;
  readonly #waiters: Waiter[] = [];

  constructor(init: { directory: () => readonly string[]; completionFilter: number; watchTree: boolean; outputBufferLength: number }) {
    this.#directory = init.directory;
    this.completionFilter = init.completionFilter;
    this.watchTree = init.watchTree;
    // The first request sizes the buffer for good (smbtorture valid-req: "if the first notify returns
    // NOTIFY_ENUM_DIR, all do"; Samba behaves so).
    this.#capacity = Math.min(init.outputBufferLength, MAX_BUFFERED_BYTES);
  }

  deliver(changes: readonly ChangeEvent[]): void {
    const reportStart = this.#records.length;
    for (const change of changes) {
      const fileName = this.#relativeName(change);
      if (fileName !== undefined) this.#append({ action: change.action, fileName }, reportStart);
    }
    if (this.#records.length === 0 && !this.#overflowed) return;
    const waiter = this.#waiters.shift();
    waiter?.complete(this.#take(waiter.outputBufferLength));
  }

  /** What is kept, for a request that arrives while nothing waits; undefined when nothing is. */
  takeBuffered(outputBufferLength: number): NotifyOutcome | undefined {
    if (this.#records.length === 0 && !this.#overflowed) return undefined;
    return this.#take(outputBufferLength);
  }

  /** Queues a request until the next change; the result cancels it (false when it already completed). */
  wait(outputBufferLength: number, complete: (outcome: NotifyOutcome) => void): () => boolean {
    const waiter: Waiter = { outputBufferLength, complete };
    this.#waiters.push(waiter);
    return () => {
      const i = this.#waiters.indexOf(waiter);
      if (i < 0) return false;
      this.#waiters.splice(i, 1);
      return true;
    };
  }

  /** Completes every waiting request with `status` (STATUS_NOTIFY_CLEANUP, STATUS_DELETE_PENDING). */
  abort(status: number): void {
    for (const waiter of this.#waiters.splice(0)) waiter.complete({ status, output: EMPTY });
  }

  /**
   * MS-FSA 2.1.4.1: the changed object must lie in the watched directory, or anywhere below it with WATCH_TREE;
   * changes to the directory itself are its parent's to report. The name is relative to the directory.
   */
  #relativeName(change: ChangeEvent): string | undefined {
    if ((change.filterMatch & this.completionFilter) === 0) return undefined;
    const directory = this.#directory();
    const path = change.path;
    if (path.length <= directory.length || (!this.watchTree && path.length !== directory.length + 1)) return undefined;
    for (let i = 0; i < directory.length; i++) if (!sameNameIgnoringCase(directory[i]!, path[i]!)) return undefined;
    const name = path.slice(directory.length).join('\\');
    return change.stream ? `${name}:${change.stream}` : name;
  }

  /** `reportStart`: where the records of the report being delivered begin. */
  #append(record: FileNotifyInformation, reportStart: number): void {
    if (this.#overflowed) return;
    const lastIndex = this.#records.length - 1;
    const last = this.#records[lastIndex];
    if (last && MODIFIED_ACTIONS.has(record.action) && sameNameIgnoringCase(last.fileName, record.fileName)) {
      if (last.action === record.action || (NAMING_ACTIONS.has(last.action) && lastIndex >= reportStart)) return;
    }
    const size = fileNotifyInformationSize(record);
    if (this.#bytes + size > this.#capacity) {
      this.#overflowed = true;
      this.#records = [];
      this.#bytes = 0;
      return;
    }
    this.#records.push(record);
    this.#bytes += size;
  }

  /** MS-SMB2 3.3.5.19: what does not fit the request's OutputBufferLength is dropped for STATUS_NOTIFY_ENUM_DIR. */
  #take(outputBufferLength: number): NotifyOutcome {
    const fits = !this.#overflowed && this.#bytes <= outputBufferLength;
    const outcome = fits ? { status: NtStatus.SUCCESS, output: encodeFileNotifyInformation(this.#records) } : { status: NtStatus.NOTIFY_ENUM_DIR, output: EMPTY };
    this.#records = [];
    this.#bytes = 0;
    this.#overflowed = false;
    return outcome;
  }
}
