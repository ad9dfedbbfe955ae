// FILETIME (MS-DTYP 2.3.3: 100 ns intervals since 1601-01-01 UTC) to and from the nanosecond times POSIX
// stat reports and the Date / seconds values Node accepts.

import type { FileTime } from '../types.ts';

/** 100 ns intervals from 1601-01-01 to 1970-01-01 (369 years including 89 leap days). */
export const FILETIME_UNIX_EPOCH = 116_444_736_000_000_000n;

const NS_PER_FILETIME_UNIT = 100n;
const NS_PER_SECOND = 1_000_000_000n;
const FILETIME_UNITS_PER_MS = 10_000n;

/** Division rounding toward negative infinity, so times before 1970 land in the right 100 ns interval. */
function floorDiv(a: bigint, b: bigint): bigint {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
}

export function fileTimeFromNs(unixNs: bigint): FileTime {
  return floorDiv(unixNs, NS_PER_FILETIME_UNIT) + FILETIME_UNIX_EPOCH;
}

export function nsFromFileTime(time: FileTime): bigint {
  return (time - FILETIME_UNIX_EPOCH) * NS_PER_FILETIME_UNIT;
}

export function fileTimeFromDate(date: Date): FileTime {
  return BigInt(date.getTime()) * FILETIME_UNITS_PER_MS + FILETIME_UNIX_EPOCH;
}

export function dateFromFileTime(time: FileTime): Date {
  return new Date(Number(floorDiv(time - FILETIME_UNIX_EPOCH, FILETIME_UNITS_PER_MS)));
}

/**
 * The value to hand fs utimes/futimes for a Unix time in ns. Node takes seconds as a double, whose spacing near
 * today's dates is about 240 ns (under 1 µs until 2106), so the target is moved to the middle of its 100 ns
 * interval to read back within one interval of what was set. Node turns negative numbers into "now", so times
 * before 1970 go through a Date, which Node passes on unchanged (millisecond precision).
 */
export function utimesValue(unixNs: bigint): number | Date {
  if (unixNs < 0n) return new Date(Number(floorDiv(unixNs, 1_000_000n)));
  const centred = unixNs + NS_PER_FILETIME_UNIT / 2n;
  return Number(centred / NS_PER_SECOND) + Number(centred % NS_PER_SECOND) / 1e9;
}
