// MS-SMB2 3.3.1.12 Per Lease: the caching state one client holds on one file under one LeaseKey, shared by
// every open the client made with that key, whichever connection it came over.

import { LeaseFlags, type LeaseContext } from '../../protocol/lease-contexts.ts';
import type { Open } from '../state/open.ts';
import type { SharedObject } from '../state/shared-object.ts';
import type { ParentLeaseKey } from './types.ts';

const ZERO_KEY = Buffer.alloc(16);

export class Lease {
  /** MS-SMB2 3.3.1.4 LeaseTable.ClientGuid of the client that holds it. */
  readonly clientGuid: Buffer;
  readonly leaseKey: Buffer;
  /** The file the lease is on (MS-SMB2 Lease.Filename, held by identity so renames keep it). */
  readonly object: SharedObject;
  /** The create context version the lease was granted with: breaks carry an epoch for version 2 only. */
  readonly version: 1 | 2;
  /** Lease.LeaseState: what the client may cache now. */
  state: number;
  /** Lease.Breaking: a break was sent that the client must acknowledge. */
  breaking = false;
  /** Lease.BreakToLeaseState: the most the acknowledgment may keep. */
  breakToRequested = 0;
  /** What later conflicts need the lease broken to; below breakToRequested when one arrived mid-break. */
  breakToRequired = 0;
  /** Lease.Epoch (version 2): counts state changes. */
  epoch: number;
  /** Lease.LeaseOpens */
  readonly opens = new Set<Open>();
  /** Cancels the running Lease Break Acknowledgment Timer. */
  cancelTimer: (() => void) | undefined;

  constructor(init: { clientGuid: Buffer; leaseKey: Buffer; object: SharedObject; version: 1 | 2; state: number; epoch: number }) {
    this.clientGuid = init.clientGuid;
    this.leaseKey = init.leaseKey;
    this.object = init.object;
    this.version = init.version;
    this.state = init.state;
    this.epoch = init.epoch;
  }

  static keyOf(clientGuid: Buffer, leaseKey: Buffer): string {
    return `${clientGuid.toString('hex')}:${leaseKey.toString('hex')}`;
  }

  get key(): string {
    return Lease.keyOf(this.clientGuid, this.leaseKey);
  }
}

/**
 * MS-SMB2 2.2.14.2.10 / 2.2.14.2.11: the lease as a CREATE response describes it, in the form it was granted
 * in whichever version the request used; `parent` is the ParentLeaseKey the open named (version 2 only).
 */
export function leaseResponse(lease: Lease, parent: ParentLeaseKey | undefined): LeaseContext {
  const version = lease.version;
  const parentSet = version === 2 && parent !== undefined;
  return {
    version,
    leaseKey: lease.leaseKey,
    leaseState: lease.state,
    leaseFlags: (lease.breaking ? LeaseFlags.BREAK_IN_PROGRESS : 0) | (parentSet ? LeaseFlags.PARENT_LEASE_KEY_SET : 0),
    leaseDuration: 0n,
    parentLeaseKey: parentSet ? parent.leaseKey : ZERO_KEY,
    epoch: version === 2 ? lease.epoch : 0,
  };
}
