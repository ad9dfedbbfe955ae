// The oplock and lease service the server talks to. The in-memory implementation (local-service.ts) keeps
// the state on the shared objects of this process; a clustered deployment supplies one that agrees with
// its peers before it answers.

import type { LeaseContext } from '../../protocol/lease-contexts.ts';
import type { Open } from '../state/open.ts';
import type { SharedObject } from '../state/shared-object.ts';
import type { Lease } from './lease.ts';

/** What a CREATE wants of an object, as far as oplocks and leases care (MS-FSA 2.1.4.12 OpParams). */
export interface OpenIntent {
  /** Connection.ClientGuid of the opener. */
  clientGuid: Buffer;
  /** The lease key the open asks for; its own lease is never broken for it. */
  leaseKey: Buffer | undefined;
  /** Granted access, with FILE_WRITE_DATA added when the disposition overwrites an existing file. */
  access: number;
  /** SUPERSEDE, OVERWRITE or OVERWRITE_IF on an existing file: cached data becomes stale at once. */
  overwrites: boolean;
}

/** The caching a CREATE asks for (MS-SMB2 2.2.13 RequestedOplockLevel and the RqLs context). */
export interface CachingRequest {
  clientGuid: Buffer;
  oplockLevel: number;
  /** Present when RequestedOplockLevel is LEASE and the dialect supports leasing. */
  lease: LeaseContext | undefined;
  /** MS-SMB2 3.3.5.9.8: directories get leases only where DIRECTORY_LEASING was negotiated. */
  directoryLeasing: boolean;
}

export interface Grant {
  /** OplockLevel for the CREATE response. */
  oplockLevel: number;
  /** The lease response context, when a lease was asked for. */
  lease: LeaseContext | undefined;
}

/** A client's lease on a directory, named by an open as its parent lease (MS-SMB2 2.2.13.2.10). */
export interface ParentLeaseKey {
  clientGuid: Buffer;
  leaseKey: Buffer;
}

/** Lease break acknowledgment outcome (MS-SMB2 2.2.25.2). */
export interface LeaseAcknowledged {
  leaseKey: Buffer;
  leaseState: number;
}

export interface BreakNotifier {
  /** MS-SMB2 3.3.4.6: tells the client of `open` to lower its oplock to `level`. */
  oplockBreak(open: Open, level: number): void;
  /** MS-SMB2 3.3.4.7: tells the lease's client to lower it from `from` to `to`. */
  leaseBreak(lease: Lease, from: number, to: number, ackRequired: boolean): void;
}

export interface LeaseService {
  /**
   * MS-SMB2 3.3.5.9.8: a client's lease key names one file. Throws STATUS_INVALID_PARAMETER when the key is
   * in use on another object than `object` (undefined: the file has no opens, or does not exist yet).
   */
  checkLeaseKey(clientGuid: Buffer, leaseKey: Buffer, object: SharedObject | undefined): void;
  /**
   * MS-FSA 2.1.4.12 for an open: sends the breaks a new open needs of the other holders, and says whether it
   * must wait for them before it may proceed. `sharingViolation` says the share modes refuse the open as
   * they stand: then only handle caching is worth breaking, since closing handles is what can help.
   */
  contend(object: SharedObject, intent: OpenIntent, sharingViolation: boolean, firstAttempt: boolean): boolean;
  /** Resolves when an oplock or lease of the object changes; `abandon` stops waiting. */
  changed(object: SharedObject): { promise: Promise<void>; abandon(): void };
  /**
   * MS-SMB2 3.3.5.9 / MS-FSA 2.1.5.18: the oplock or lease a registered open gets. `overwritten`: the open
   * superseded or overwrote the file, so it counts as a writer whatever access it asked for.
   */
  grant(open: Open, request: CachingRequest, overwritten: boolean): Grant;
  /** MS-SMB2 3.3.5.22.1: returns the oplock level the open now holds. */
  acknowledgeOplock(open: Open, level: number): number;
  /** MS-SMB2 3.3.5.22.2 */
  acknowledgeLease(clientGuid: Buffer, leaseKey: Buffer, leaseState: number): LeaseAcknowledged;
  /**
   * MS-FSA 2.1.4.12 "break to none" for writes, end-of-file and allocation changes and byte-range locks
   * through `open`: every other read cache of the object becomes stale. `modifies`: the data or size
   * changed (not so for a lock), which the directory's listing shows when the open closes.
   */
  breakReadCaching(open: Open, modifies: boolean): void;
  /**
   * MS-FSA 2.1.5.15.12: before `by` renames the object, the other leases give up handle caching. True
   * while the rename must wait for acknowledgments.
   */
  breakHandleCaching(object: SharedObject, by: Open): boolean;
  /** Whether any lease is held on a directory (so changes of entries need to look for them at all). */
  hasDirectoryLeases(): boolean;
  /** MS-FSA 2.1.4.12 PARENT_OBJECT: an entry of the directory changed; its leases break to none. */
  breakParentCaching(directory: SharedObject, except: ParentLeaseKey | undefined): void;
  /** MS-FSA 2.1.5.4 / 2.1.5.15: the open is going; its oplock ends and its lease loses an open. */
  release(open: Open): void;
}
