// MS-SMB2 3.3.1.10 Open.OplockLevel, Open.OplockState and Open.Lease: what one open caches.

import { OplockLevel } from '../../protocol/constants.ts';
import { cachingOfOplock } from './caching.ts';
import type { Lease } from './lease.ts';
import type { ParentLeaseKey } from './types.ts';

export class OpenCaching {
  /** The oplock granted to an open without a lease (NONE, II, EXCLUSIVE or BATCH); LEASE with one. */
  oplockLevel: number = OplockLevel.NONE;
  /** Open.OplockState Breaking: the level the break notification offered, until acknowledged. */
  breakingTo: number | undefined;
  /** Cancels the running Oplock Break Acknowledgment Timer. */
  cancelTimer: (() => void) | undefined;
  lease: Lease | undefined;
  /** The ParentLeaseKey the CREATE named: changes through this open leave that directory lease alone. */
  parentLeaseKey: ParentLeaseKey | undefined;
  /** Data or size changed through the open; the directory's leases break when it closes. */
  modified = false;

  /** What the open may cache, in lease terms. */
  get state(): number {
    return this.lease ? this.lease.state : cachingOfOplock(this.oplockLevel);
  }
}
