// FILETIME (MS-DTYP 2.3.3): 100-nanosecond intervals since 1601-01-01 00:00:00 UTC, carried as a bigint so
// the full 64-bit range survives. Conversions floor toward the past, so a time never appears later than it was.

export type FileTime = bigint;

/** 1970-01-01 00:00:00 UTC as a FILETIME. */
export const FILETIME_UNIX_EPOCH: FileTime = 116_444_736_000_000_000n;

const floorDiv = (a: bigint, b: bigint): bigint => {
  const q = a / b;
  return a % b !== 0n && a < 0n !== b < 0n ? q - 1n : q;
};

export function fileTimeFromUnixNs(unixNs: bigint): FileTime {
  return FILETIME_UNIX_EPOCH + floorDiv(unixNs, 100n);
}

export function fileTimeToUnixNs(fileTime: FileTime): bigint {
  return (fileTime - FILETIME_UNIX_EPOCH) * 100n;
}

/** Throws RangeError for an invalid Date, which has no FILETIME. */
export function fileTimeFromDate(date: Date): FileTime {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError('invalid Date has no FILETIME');
  return FILETIME_UNIX_EPOCH + BigInt(ms) * 10_000n;
}

/** Millisecond precision, as Date allows; sub-millisecond ticks are floored away. */
export function fileTimeToDate(fileTime: FileTime): Date {
  return new Date(Number(floorDiv(fileTime - FILETIME_UNIX_EPOCH, 10_000n)));
}
