// The in-memory oplock and lease service: the lease table of this process (MS-SMB2 3.3.1.4 LeaseTable, one
// entry per ClientGuid and LeaseKey), the caching state on each shared object and open, the break rules of
// MS-FSA 2.1.4.12 and the acknowledgment rules of MS-SMB2 3.3.5.22, with break timeouts on injected timers.
//
// Conflicts are decided in caching terms (R, W, H; an oplock is the caching it stands for). A new open
// needs holders to give up write caching, so that it sees their data; when the share modes refuse it as
// they stand, handle caching instead, so that cached handles close and the refusal may go away; when it
// overwrites, everything. A break that takes away only read caching needs no acknowledgment.

import { OplockLevel } from '../../protocol/constants.ts';
import { LeaseFlags, type LeaseContext } from '../../protocol/lease-contexts.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import type { Open } from '../state/open.ts';
import type { SharedObject } from '../state/shared-object.ts';
import { cachingOfOplock, H, isLeaseStatOpen, isOplockStatOpen, legalLeaseState, oplockOfCaching, R, W } from './caching.ts';
import { Lease, leaseResponse } from './lease.ts';
import { DEFAULT_BREAK_TIMEOUT_MS, systemTimers, type BreakTimers } from './timers.ts';
import type { BreakNotifier, CachingRequest, Grant, LeaseAcknowledged, LeaseService, OpenIntent, ParentLeaseKey } from './types.ts';

export interface LocalLeaseServiceOptions {
  notifier: BreakNotifier;
  timers?: BreakTimers;
  breakTimeoutMs?: number;
  /** Runs deferred work (a follow-up break after an acknowledgment) once the current response is out. */
  defer?: (work: () => void) => void;
}

export class LocalLeaseService implements LeaseService {
  readonly #notifier: BreakNotifier;
  readonly #timers: BreakTimers;
  readonly #timeoutMs: number;
  readonly #defer: (work: () => void) => void;
  readonly #leases = new Map<string, Lease>();
  /** Leases held on directories, so that changes of entries elsewhere skip looking for them. */
  #directoryLeases = 0;

  constructor(options: LocalLeaseServiceOptions) {
    this.#notifier = options.notifier;
    this.#timers = options.timers ?? systemTimers;
    this.#timeoutMs = options.breakTimeoutMs ?? DEFAULT_BREAK_TIMEOUT_MS;
    this.#defer = options.defer ?? ((work) => setImmediate(work));
  }

  /** The lease a client holds under a key, if any. */
  lease(clientGuid: Buffer, leaseKey: Buffer): Lease | undefined {
    return this.#leases.get(Lease.keyOf(clientGuid, leaseKey));
  }

  checkLeaseKey(clientGuid: Buffer, leaseKey: Buffer, object: SharedObject | undefined): void {
    const lease = this.lease(clientGuid, leaseKey);
    if (lease && lease.object !== object) throw new NtStatusError(NtStatus.INVALID_PARAMETER, 'lease key in use on another file');
  }

  contend(object: SharedObject, intent: OpenIntent, sharingViolation: boolean, firstAttempt: boolean): boolean {
    if (isOplockStatOpen(intent.access)) return false;
    const giveUp = sharingViolation ? H : W;
    let wait = false;
    const consider = (current: number, breaking: boolean, isLease: boolean, breakTo: (to: number) => void): void => {
      let to = current & ~giveUp;
      if (intent.overwrites) to &= ~(H | R);
      if ((current & ~to) === 0) {
        // Nothing of ours to take away, but a break already under way must finish first.
        if (breaking) wait = true;
        return;
      }
      // Breaking anyway: straight to none for an overwrite; oplocks only know level II and none.
      if (intent.overwrites) to &= ~(R | W);
      if (!isLease) to &= ~(H | W);
      breakTo(to);
      if (current & giveUp) wait = true;
      if (breaking && !firstAttempt) wait = true;
    };
    const leaseStatOpen = isLeaseStatOpen(intent.access);
    for (const lease of object.caching.leases) {
      if (intent.leaseKey && this.#sameLease(lease, intent.clientGuid, intent.leaseKey)) continue;
      if (leaseStatOpen) continue;
      consider(lease.state, lease.breaking, true, (to) => this.#breakLease(lease, to));
    }
    for (const open of object.opens) {
      const c = open.caching;
      if (c.lease || c.oplockLevel === OplockLevel.NONE) continue;
      consider(c.state, c.breakingTo !== undefined, false, (to) => this.#breakOplock(open, to));
    }
    return wait;
  }

  changed(object: SharedObject): { promise: Promise<void>; abandon(): void } {
    return object.caching.changed();
  }

  grant(open: Open, request: CachingRequest, overwritten: boolean): Grant {
    const object = open.object;
    const wantsLease = request.oplockLevel === OplockLevel.LEASE && request.lease !== undefined;
    if (!object || request.oplockLevel === OplockLevel.NONE || (request.oplockLevel === OplockLevel.LEASE && !wantsLease)) {
      return { oplockLevel: OplockLevel.NONE, lease: undefined };
    }
    // MS-SMB2 3.3.5.9: directories take no oplocks, and leases only where directory leasing was negotiated.
    if (open.isDirectory && !(wantsLease && request.directoryLeasing)) return { oplockLevel: OplockLevel.NONE, lease: undefined };

    const ctx = request.lease;
    const key = ctx?.leaseKey;
    let requested = wantsLease ? legalLeaseState(ctx!.leaseState) : cachingOfOplock(request.oplockLevel);
    // A directory's contents are not written through a handle: directory leases are R or RH.
    if (open.isDirectory) requested &= ~W;
    let granted = requested;
    let otherOpen = false;
    let otherPlainOpen = false;
    let otherHandleCaching = false;
    for (const other of object.opens) {
      if (other === open) continue;
      const otherLease = other.caching.lease;
      if (key && otherLease && this.#sameLease(otherLease, request.clientGuid, key)) continue;
      otherOpen = true;
      if (!otherLease) otherPlainOpen = true;
      if (other.caching.state & H) otherHandleCaching = true;
    }
    // Attribute-only opens get no oplock beside other opens, as on Windows (smbtorture smb2.oplock.batch8, exclusive4).
    if (otherOpen && !overwritten && isOplockStatOpen(open.grantedAccess)) granted = 0;
    // Only a lone open may cache writes.
    if (otherOpen) granted &= ~W;
    if (wantsLease) {
      // As Windows and Samba do: no handle caching beside an open that holds no lease.
      if (otherPlainOpen) granted &= ~H;
      return { oplockLevel: OplockLevel.LEASE, lease: this.#grantLease(open, object, request, ctx!, requested, granted) };
    }
    // As Windows and Samba do: no oplock beside a lease that caches handles.
    if (otherHandleCaching) granted = 0;
    open.caching.oplockLevel = oplockOfCaching(granted);
    return { oplockLevel: open.caching.oplockLevel, lease: undefined };
  }

  #grantLease(open: Open, object: SharedObject, request: CachingRequest, ctx: LeaseContext, requested: number, granted: number): LeaseContext {
    let lease = this.lease(request.clientGuid, ctx.leaseKey);
    if (lease) {
      // An uncontended upgrade: only to a strict superset of what is held, all of it granted, and never
      // while a break is outstanding.
      const upgrade = (lease.state & requested) === lease.state && granted !== lease.state && granted === requested && !lease.breaking;
      if (upgrade) {
        lease.state = granted;
        lease.epoch = (lease.epoch + 1) & 0xffff;
      }
    } else {
      lease = new Lease({
        clientGuid: Buffer.from(request.clientGuid),
        leaseKey: Buffer.from(ctx.leaseKey),
        object,
        version: ctx.version,
        state: granted,
        // MS-SMB2 3.3.5.9.11: a new lease starts one past the client's epoch.
        epoch: (ctx.epoch + 1) & 0xffff,
      });
      this.#leases.set(lease.key, lease);
      object.caching.leases.add(lease);
      if (open.isDirectory) this.#directoryLeases++;
    }
    lease.opens.add(open);
    open.caching.lease = lease;
    open.caching.oplockLevel = OplockLevel.LEASE;
    if (ctx.version === 2 && ctx.leaseFlags & LeaseFlags.PARENT_LEASE_KEY_SET) {
      open.caching.parentLeaseKey = { clientGuid: lease.clientGuid, leaseKey: Buffer.from(ctx.parentLeaseKey) };
    }
    return leaseResponse(lease, open.caching.parentLeaseKey);
  }

  acknowledgeOplock(open: Open, level: number): number {
    const c = open.caching;
    // Windows answers an acknowledgment nobody asked for (a level II break needs none) this way.
    if (c.lease || c.breakingTo === undefined) throw new NtStatusError(NtStatus.INVALID_OPLOCK_PROTOCOL, 'no oplock break in progress');
    const offered = c.breakingTo;
    this.#endOplockBreak(open);
    // MS-SMB2 3.3.5.22.1: acknowledging more than the break offered ends the oplock.
    if ((level !== OplockLevel.NONE && level !== OplockLevel.II) || level > offered) {
      c.oplockLevel = OplockLevel.NONE;
      open.object?.caching.notifyChanged();
      throw new NtStatusError(NtStatus.INVALID_OPLOCK_PROTOCOL, `acknowledged level ${level} after a break to ${offered}`);
    }
    c.oplockLevel = level;
    open.object?.caching.notifyChanged();
    return level;
  }

  acknowledgeLease(clientGuid: Buffer, leaseKey: Buffer, leaseState: number): LeaseAcknowledged {
    const lease = this.lease(clientGuid, leaseKey);
    // MS-SMB2 3.3.5.22.2
    if (!lease) throw new NtStatusError(NtStatus.OBJECT_NAME_NOT_FOUND, 'no such lease');
    if (!lease.breaking) throw new NtStatusError(NtStatus.UNSUCCESSFUL, 'no lease break in progress');
    if ((leaseState & lease.breakToRequested) !== leaseState) throw new NtStatusError(NtStatus.REQUEST_NOT_ACCEPTED, 'acknowledged more than the break offered');
    lease.cancelTimer?.();
    lease.cancelTimer = undefined;
    lease.state = leaseState;
    if ((leaseState & ~lease.breakToRequired) !== 0) {
      // A conflict arrived while the break was under way and needs more than it asked for: break again,
      // from what was acknowledged, in the steps Windows takes (through R while W or H is still held).
      this.#breakFurther(lease);
    } else {
      lease.breaking = false;
      lease.breakToRequested = 0;
      lease.breakToRequired = 0;
    }
    lease.object.caching.notifyChanged();
    return { leaseKey: lease.leaseKey, leaseState };
  }

  #breakFurther(lease: Lease): void {
    const from = lease.state;
    const ackRequired = (from & (W | H)) !== 0;
    const to = lease.breakToRequired | (ackRequired ? R : 0);
    if (ackRequired) {
      lease.breakToRequested = to;
      this.#startLeaseTimer(lease);
    } else {
      lease.state = 0;
      lease.breaking = false;
      lease.breakToRequested = 0;
      lease.breakToRequired = 0;
    }
    // After the acknowledgment's own response.
    this.#defer(() => this.#notifier.leaseBreak(lease, from, to, ackRequired));
  }

  breakReadCaching(open: Open, modifies: boolean): void {
    const object = open.object;
    if (!object) return;
    const own = open.caching;
    if (modifies) own.modified = true;
    // A write cache is only ever held alone.
    if (own.state & W) return;
    for (const lease of object.caching.leases) {
      if (lease !== own.lease && lease.state & R) this.#breakLease(lease, 0);
    }
    // Oplocks break to none here even for the writer's own open: it no longer holds the only copy.
    for (const other of object.opens) {
      if (!other.caching.lease && other.caching.oplockLevel !== OplockLevel.NONE) this.#breakOplock(other, 0);
    }
  }

  breakHandleCaching(object: SharedObject, by: Open): boolean {
    let wait = false;
    for (const lease of object.caching.leases) {
      if (lease === by.caching.lease) continue;
      if (lease.breaking) wait = true;
      if (lease.state & H) {
        this.#breakLease(lease, lease.state & ~H);
        wait = true;
      }
    }
    return wait;
  }

  hasDirectoryLeases(): boolean {
    return this.#directoryLeases > 0;
  }

  breakParentCaching(directory: SharedObject, except: ParentLeaseKey | undefined): void {
    for (const lease of directory.caching.leases) {
      if (except && this.#sameLease(lease, except.clientGuid, except.leaseKey)) continue;
      if (lease.state & (R | H)) this.#breakLease(lease, 0);
    }
  }

  release(open: Open): void {
    const c = open.caching;
    this.#endOplockBreak(open);
    c.oplockLevel = OplockLevel.NONE;
    const lease = c.lease;
    if (lease) {
      c.lease = undefined;
      lease.opens.delete(open);
      // A lease ends with its last open, a disconnected durable one included (MS-SMB2 3.3.4.17 keeps nothing).
      if (lease.opens.size === 0) {
        lease.cancelTimer?.();
        lease.cancelTimer = undefined;
        lease.object.caching.leases.delete(lease);
        if (open.isDirectory) this.#directoryLeases--;
        if (this.#leases.get(lease.key) === lease) this.#leases.delete(lease.key);
      }
    }
    open.object?.caching.notifyChanged();
  }

  #sameLease(lease: Lease, clientGuid: Buffer, leaseKey: Buffer): boolean {
    return lease.leaseKey.equals(leaseKey) && lease.clientGuid.equals(clientGuid);
  }

  /** MS-SMB2 3.3.4.7: the object store asks for the lease to drop to (at most) `to`. */
  #breakLease(lease: Lease, breakTo: number): void {
    let to = breakTo & lease.state;
    if (lease.breaking) {
      // One break at a time: what the new conflict needs is remembered for when this one is acknowledged.
      to &= lease.breakToRequired;
      lease.breakToRequired = to;
      return;
    }
    if (lease.state === to) return;
    const from = lease.state;
    lease.epoch = (lease.epoch + 1) & 0xffff;
    if ((from & (W | H)) === 0) {
      // Only read caching goes: nothing to flush, no acknowledgment.
      lease.state = to;
      this.#notifier.leaseBreak(lease, from, to, false);
      lease.object.caching.notifyChanged();
      return;
    }
    lease.breaking = true;
    lease.breakToRequested = to;
    lease.breakToRequired = to;
    this.#startLeaseTimer(lease);
    this.#notifier.leaseBreak(lease, from, to, true);
  }

  #startLeaseTimer(lease: Lease): void {
    lease.cancelTimer?.();
    lease.cancelTimer = this.#timers.start(this.#timeoutMs, () => {
      lease.cancelTimer = undefined;
      if (!lease.breaking) return;
      // MS-SMB2 3.3.2.5: the client did not answer; the lease is taken away as Windows does, entirely.
      lease.state = 0;
      lease.breaking = false;
      lease.breakToRequested = 0;
      lease.breakToRequired = 0;
      lease.object.caching.notifyChanged();
    });
  }

  /** MS-SMB2 3.3.4.6: oplocks break to level II (`to` has R) or none. */
  #breakOplock(open: Open, breakTo: number): void {
    const c = open.caching;
    if (c.breakingTo !== undefined) return;
    const from = cachingOfOplock(c.oplockLevel);
    const to = breakTo & R;
    if (from === 0 || from === to) return;
    const level = to ? OplockLevel.II : OplockLevel.NONE;
    this.#notifier.oplockBreak(open, level);
    if (from === R) {
      // MS-SMB2 2.2.24.1: a level II oplock breaks to none without an acknowledgment.
      c.oplockLevel = OplockLevel.NONE;
      open.object?.caching.notifyChanged();
      return;
    }
    c.breakingTo = level;
    c.cancelTimer = this.#timers.start(this.#timeoutMs, () => {
      c.cancelTimer = undefined;
      if (c.breakingTo === undefined) return;
      // MS-SMB2 3.3.2.1: no acknowledgment in time; the oplock is gone.
      c.breakingTo = undefined;
      c.oplockLevel = OplockLevel.NONE;
      open.object?.caching.notifyChanged();
    });
  }

  #endOplockBreak(open: Open): void {
    const c = open.caching;
    c.cancelTimer?.();
    c.cancelTimer = undefined;
    c.breakingTo = undefined;
  }
}
