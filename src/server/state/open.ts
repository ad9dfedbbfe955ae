// MS-SMB2 3.3.1.10 Per Open.

import type { DirectoryEntry, DriverHandle } from '../../ios/types.ts';
import type { RpcPipe } from '../../rpc/pipe.ts';
import type { TreeConnect } from './tree-connect.ts';
import type { Session } from './session.ts';
import type { SharedObject } from './shared-object.ts';
import type { ChangeWatch } from '../notify/watch.ts';
import { LockSequenceArray } from '../locks/lock-sequence.ts';
import { OpenCaching } from '../leases/open-caching.ts';

/** A directory scan kept between QUERY_DIRECTORY requests (MS-SMB2 3.3.5.18 Open.EnumerationLocation). */
export interface DirectoryScan {
  pattern: string;
  iterator: AsyncIterator<DirectoryEntry>;
  /** An entry read but not returned because it did not fit the previous response. */
  lookahead: DirectoryEntry | undefined;
  exhausted: boolean;
  fileIndex: number;
}

export class Open {
  readonly persistentFileId: bigint;
  readonly volatileFileId: bigint;
  /** Reassigned when a durable open is reconnected on another session and tree connect (MS-SMB2 3.3.5.9.7). */
  session: Session;
  treeConnect: TreeConnect;
  /** Share-relative path components. */
  path: string[];
  readonly grantedAccess: number;
  readonly shareAccess: number;
  readonly isDirectory: boolean;
  readonly handle: DriverHandle | undefined;
  /** The backend object's shared state; pipes have none. */
  readonly object: SharedObject | undefined;
  readonly pipe: RpcPipe | undefined;
  /** MS-FSA 2.1.5.4: FILE_DELETE_ON_CLOSE was given at create; closing marks the object delete-pending. */
  deleteOnClose = false;
  scan: DirectoryScan | undefined;
  /** FilePositionInformation, kept for clients that query it. */
  currentByteOffset = 0n;
  mode = 0;
  readonly createOptions: number;
  /**
   * MS-SMB2 3.3.1.10 Open.IsResilient / IsDurable / IsPersistent: the handle may outlive its connection, so
   * a LOCK may arrive twice and is checked against LockSequenceArray (3.3.5.14).
   */
  isResilient = false;
  isDurable = false;
  isPersistent = false;
  readonly lockSequenceArray = new LockSequenceArray();
  /** MS-SMB2 3.3.1.10 Open.ResiliencyTimeout, in milliseconds (FSCTL_LMR_REQUEST_RESILIENCY). */
  resiliencyTimeout = 0;
  /** MS-SMB2 3.3.1.10 Open.DurableOpenTimeout, in milliseconds. */
  durableOpenTimeout = 0;
  /** Open.DurableOwner: the SID of the user who may reconnect the open. */
  durableOwner: string | undefined;
  /** Open.CreateGuid: from DH2Q; undefined for an open made otherwise, which DH2C names with all zeros. */
  createGuid: Buffer | undefined;
  /** Open.ClientGuid: Connection.ClientGuid of the client that made the open. */
  clientGuid: Buffer | undefined;
  /** MS-SMB2 3.3.1.10 Open.ChannelSequence, OutstandingRequestCount, OutstandingPreRequestCount (3.3.5.2.10). */
  channelSequence = 0;
  outstandingRequestCount = 0;
  outstandingPreRequestCount = 0;
  /** Open.AppInstanceId (MS-SMB2 3.3.5.9.13): the application instance that made the open, if named. */
  appInstanceId: Buffer | undefined;
  /** The CreateAction its CREATE reported, told again to a replay of that CREATE. */
  createAction = 0;
  /** Open.IsReplayEligible: a replayed CREATE with the same CreateGuid gets this open back (MS-SMB2 3.3.5.9.10). */
  isReplayEligible = false;
  /**
   * Set while a durable or resilient open has lost its connection (MS-SMB2 3.3.7.1 leaves Open.Connection
   * NULL): its scavenger timer (3.3.2.2, 3.3.2.4) closes it unless a reconnect comes first.
   */
  disconnected: { cancelScavenger(): void } | undefined;
  /** Synchronous requests using the open right now; CLOSE lets them finish first, as Windows does. */
  private inFlight = 0;
  private readonly idleWaiters: (() => void)[] = [];

  enter(): void {
    this.inFlight++;
  }

  leave(): void {
    if (--this.inFlight === 0) for (const wake of this.idleWaiters.splice(0)) wake();
  }

  /** Resolves once no synchronous request uses the open. */
  whenIdle(): Promise<void> {
    return this.inFlight === 0 ? Promise.resolve() : new Promise((resolve) => this.idleWaiters.push(resolve));
  }

  /** Run when the open closes: pending CHANGE_NOTIFYs complete with STATUS_NOTIFY_CLEANUP (MS-SMB2 3.3.5.10). */
  readonly onClose = new Set<() => void>();
  /** Set up by the first CHANGE_NOTIFY on a directory open (MS-SMB2 3.3.5.19). */
  changeWatch: ChangeWatch | undefined;
  /** MS-SMB2 3.3.1.10 Open.OplockLevel, Open.OplockState and Open.Lease (../leases/). */
  readonly caching = new OpenCaching();

  constructor(init: {
    persistentFileId: bigint;
    volatileFileId: bigint;
    session: Session;
    treeConnect: TreeConnect;
    path: string[];
    grantedAccess: number;
    shareAccess: number;
    isDirectory: boolean;
    handle?: DriverHandle;
    object?: SharedObject;
    pipe?: RpcPipe;
    createOptions: number;
  }) {
    this.persistentFileId = init.persistentFileId;
    this.volatileFileId = init.volatileFileId;
    this.session = init.session;
    this.treeConnect = init.treeConnect;
    this.path = init.path;
    this.grantedAccess = init.grantedAccess;
    this.shareAccess = init.shareAccess;
    this.isDirectory = init.isDirectory;
    this.handle = init.handle;
    this.object = init.object;
    this.pipe = init.pipe;
    this.createOptions = init.createOptions;
  }
}
