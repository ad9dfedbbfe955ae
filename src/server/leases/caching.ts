// Oplock levels and lease states on one scale. MS-FSA 2.1.1.10 describes oplocks as caching rights: a
// batch oplock caches reads, writes and the handle (RWH), an exclusive one reads and writes (RW), a level II
// one reads (R). Conflicts are worked out in these terms for oplocks and leases alike.

import { AccessMask, OplockLevel } from '../../protocol/constants.ts';
import { LeaseState } from '../../protocol/lease-contexts.ts';

export const R = LeaseState.READ_CACHING;
export const H = LeaseState.HANDLE_CACHING;
export const W = LeaseState.WRITE_CACHING;

export function cachingOfOplock(level: number): number {
  switch (level) {
    case OplockLevel.BATCH:
      return R | W | H;
    case OplockLevel.EXCLUSIVE:
      return R | W;
    case OplockLevel.II:
      return R;
    default:
      return 0;
  }
}

/** The oplock that carries a caching state; handle caching without write caching is still level II. */
export function oplockOfCaching(state: number): number {
  if (state === (R | W | H)) return OplockLevel.BATCH;
  if (state === (R | W)) return OplockLevel.EXCLUSIVE;
  if (state & R) return OplockLevel.II;
  return OplockLevel.NONE;
}

/**
 * MS-FSA 2.1.5.18: the legal lease states are R, RW, RH and RWH; anything else (H or W without R) is
 * not granted at all.
 */
export function legalLeaseState(requested: number): number {
  const state = requested & (R | W | H);
  return state & R ? state : 0;
}

const OPLOCK_STAT_BITS = AccessMask.FILE_READ_ATTRIBUTES | AccessMask.FILE_WRITE_ATTRIBUTES | AccessMask.SYNCHRONIZE;
const LEASE_STAT_BITS = OPLOCK_STAT_BITS | AccessMask.READ_CONTROL;

/**
 * MS-FSA 2.1.4.12: an open that only reads or writes attributes (a "stat open") neither breaks oplocks nor
 * gets one beside other opens.
 */
export function isOplockStatOpen(access: number): boolean {
  return (access & OPLOCK_STAT_BITS) !== 0 && (access & ~OPLOCK_STAT_BITS) === 0;
}

/** Windows also lets opens for READ_CONTROL alone past leases without a break. */
export function isLeaseStatOpen(access: number): boolean {
  return (access & LEASE_STAT_BITS) !== 0 && (access & ~LEASE_STAT_BITS) === 0;
}
