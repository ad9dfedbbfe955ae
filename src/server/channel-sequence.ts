// MS-SMB2 3.3.5.2.10 Verifying the Channel Sequence Number. A 3.x client bumps the ChannelSequence of its
// requests after it loses a channel, so the server can tell a request sent before the loss (possibly still
// under way, or resent on another channel) from one sent after it. Each open remembers the newest sequence it
// has seen and how many requests of that sequence, and of older ones, are still in flight; a modifying request
// from an older sequence is refused, so a late write cannot undo a newer one.

import { Command, HeaderFlags } from '../protocol/constants.ts';
import { channelSequence, type Smb2Header } from '../protocol/header.ts';
import { NtStatus, NtStatusError } from '../protocol/status.ts';
import type { Open } from './state/open.ts';

/** The commands 3.3.5.13 (WRITE), 3.3.5.15 (IOCTL) and 3.3.5.21 (SET_INFO) have verify the sequence. */
const MODIFYING = new Set<number>([Command.WRITE, Command.IOCTL, Command.SET_INFO]);

/** MS-SMB2 3.3.5.9 / 3.3.5.9.7: an open (new, or reconnected) starts at the ChannelSequence of its CREATE, nothing in flight. */
export function startChannelSequence(open: Open, header: Smb2Header): void {
  open.channelSequence = channelSequence(header);
  open.outstandingRequestCount = 0;
  open.outstandingPreRequestCount = 0;
}

/** What a request was counted in as: the ChannelSequence it counted under, or BEFORE_LOSS. */
export type ChannelSequenceCount = number;
const BEFORE_LOSS = -1;

/** Counts the request in, or refuses it with STATUS_FILE_NOT_AVAILABLE; hand the result to `completeChannelSequence`. */
export function enterChannelSequence(open: Open, header: Smb2Header): ChannelSequenceCount {
  const sequence = channelSequence(header);
  const ahead = (sequence - open.channelSequence) & 0xffff;
  let counted: ChannelSequenceCount;
  if (ahead === 0) {
    open.outstandingRequestCount++;
    counted = sequence;
  } else if (ahead <= 0x7fff) {
    // A newer sequence: what was in flight becomes "before the loss".
    open.outstandingPreRequestCount += open.outstandingRequestCount;
    open.outstandingRequestCount = 1;
    open.channelSequence = sequence;
    counted = sequence;
  } else if (MODIFYING.has(header.command)) {
    throw new NtStatusError(NtStatus.FILE_NOT_AVAILABLE, `ChannelSequence ${sequence} is older than ${open.channelSequence}`);
  } else {
    // An older request that changes nothing goes ahead; it counts with those sent before the loss.
    open.outstandingPreRequestCount++;
    counted = BEFORE_LOSS;
  }
  // A replayed modification waits until every request sent before the channel was lost has completed.
  if (header.flags & HeaderFlags.REPLAY_OPERATION && MODIFYING.has(header.command) && open.outstandingPreRequestCount > 0) {
    completeChannelSequence(open, counted);
    throw new NtStatusError(NtStatus.FILE_NOT_AVAILABLE, 'a replay while requests from before the channel loss are in flight');
  }
  return counted;
}

/** The request counted in as `counted` has completed (counts moved to "before the loss" meanwhile follow it there). */
export function completeChannelSequence(open: Open, counted: ChannelSequenceCount): void {
  if (counted === open.channelSequence && open.outstandingRequestCount > 0) open.outstandingRequestCount--;
  else if (open.outstandingPreRequestCount > 0) open.outstandingPreRequestCount--;
}
