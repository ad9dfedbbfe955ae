// QUERY_INFO FileFullEaInformation (MS-SMB2 3.3.5.20.1 with MS-FSA's EA query rules, as ZwQueryEaFile
// documents them): the EAs named by a FILE_GET_EA_INFORMATION list, or an enumeration of all of them that
// continues across requests from where the open left off.

import { decodeGetEaList, encodeFullEaList, fullEaEntrySize, type FullEaEntry } from '../../protocol/fscc/ea.ts';
import { NtStatus, NtStatusError } from '../../protocol/status.ts';
import type { ClientContext, ExtendedAttribute } from '../../ios/types.ts';
import type { Open } from '../state/open.ts';
import type { FittedOutput } from './fit.ts';

/** MS-SMB2 2.2.37 Flags for FileFullEaInformation. */
export const EaQueryFlags = {
  SL_RESTART_SCAN: 0x00000001,
  SL_RETURN_SINGLE_ENTRY: 0x00000002,
  SL_INDEX_SPECIFIED: 0x00000004,
} as const;

export interface EaQuery {
  /** FILE_GET_EA_INFORMATION list; empty to enumerate. */
  inputBuffer: Buffer;
  flags: number;
  /** The 1-based index to start at, with SL_INDEX_SPECIFIED. */
  additionalInformation: number;
  outputBufferLength: number;
}

/** The index of the next EA an enumeration through the open returns. */
const nextEaIndex = new WeakMap<Open, number>();

const sameEaName = (a: string, b: string): boolean => a.length === b.length && a.toUpperCase() === b.toUpperCase();

/** The EAs of the open's file; STATUS_EAS_NOT_SUPPORTED where the share has none. */
export async function extendedAttributesOf(open: Open, ctx: ClientContext): Promise<ExtendedAttribute[]> {
  const handle = open.handle!;
  if (!open.treeConnect.share.driver!.capabilities.extendedAttributes || !handle.getExtendedAttributes) throw new NtStatusError(NtStatus.EAS_NOT_SUPPORTED);
  return handle.getExtendedAttributes(ctx);
}

/** How many of `entries`, from the first, fit in `room` bytes as one list (all but the last padded to 4). */
function countFitting(entries: readonly FullEaEntry[], room: number, single: boolean): number {
  let used = 0;
  let count = 0;
  for (const entry of entries) {
    const end = ((used + 3) & ~3) + fullEaEntrySize(entry);
    if (end > room) break;
    used = end;
    count++;
    if (single) break;
  }
  return count;
}

export async function queryFullEa(open: Open, ctx: ClientContext, query: EaQuery): Promise<FittedOutput> {
  const names = decodeGetEaList(query.inputBuffer);
  const stored = await extendedAttributesOf(open, ctx);
  const single = (query.flags & EaQueryFlags.SL_RETURN_SINGLE_ENTRY) !== 0;
  let candidates: FullEaEntry[];
  let start = 0;
  if (names.length > 0) {
    // Names without an EA come back with an empty value.
    candidates = names.map((name) => stored.find((ea) => sameEaName(ea.name, name)) ?? { flags: 0, name, value: Buffer.alloc(0) });
  } else {
    if (stored.length === 0) throw new NtStatusError(NtStatus.NO_EAS_ON_FILE);
    if (query.flags & EaQueryFlags.SL_INDEX_SPECIFIED) {
      const index = query.additionalInformation;
      if (index === 0 || index > stored.length) throw new NtStatusError(NtStatus.NONEXISTENT_EA_ENTRY);
      start = index - 1;
    } else if (!(query.flags & EaQueryFlags.SL_RESTART_SCAN)) {
      start = nextEaIndex.get(open) ?? 0;
    }
    if (start >= stored.length) throw new NtStatusError(NtStatus.NO_MORE_EAS);
    candidates = stored.slice(start);
  }
  const count = countFitting(candidates, query.outputBufferLength, single);
  if (count === 0) throw new NtStatusError(NtStatus.BUFFER_TOO_SMALL, 'no EA fits the output buffer');
  if (names.length === 0) nextEaIndex.set(open, start + count);
  const data = encodeFullEaList(candidates.slice(0, count));
  return { status: count < candidates.length && !single ? NtStatus.BUFFER_OVERFLOW : NtStatus.SUCCESS, data };
}
