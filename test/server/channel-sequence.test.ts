// MS-SMB2 3.3.5.2.10 on one open: which ChannelSequence values a modifying request may carry, and how the
// counts of requests sent before and after a channel loss move.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { Command, HeaderFlags } from '../../src/protocol/constants.ts';
import type { Smb2Header } from '../../src/protocol/header.ts';
import { NtStatus, NtStatusError } from '../../src/protocol/status.ts';
import { completeChannelSequence, enterChannelSequence } from '../../src/server/channel-sequence.ts';
import type { Open } from '../../src/server/state/open.ts';

const open = () => ({ channelSequence: 0, outstandingRequestCount: 0, outstandingPreRequestCount: 0 }) as Open;
const header = (command: number, sequence: number, flags = 0) => ({ command, status: sequence, flags }) as Smb2Header;

function outcome(o: Open, command: number, sequence: number, flags = 0): number {
  try {
    completeChannelSequence(o, enterChannelSequence(o, header(command, sequence, flags)));
    return NtStatus.SUCCESS;
  } catch (error) {
    if (error instanceof NtStatusError) return error.status;
    throw error;
  }
}

test('a WRITE older than the newest sequence seen is refused; newer ones move the open forward', () => {
  // The sequence smbtorture smb2.replay.channel-sequence steps through, with what each must give.
  const steps: [number, number][] = [
    [0, NtStatus.SUCCESS],
    [0x8000, NtStatus.FILE_NOT_AVAILABLE],
    [0x8001, NtStatus.FILE_NOT_AVAILABLE],
    [0xfffe, NtStatus.FILE_NOT_AVAILABLE],
    [0xffff, NtStatus.FILE_NOT_AVAILABLE],
    [0x7fff, NtStatus.SUCCESS],
    [0x7ffe, NtStatus.FILE_NOT_AVAILABLE],
    [0, NtStatus.FILE_NOT_AVAILABLE],
    [0x1234, NtStatus.FILE_NOT_AVAILABLE],
    [0x8000, NtStatus.SUCCESS],
    [0xffff, NtStatus.SUCCESS],
    [0, NtStatus.SUCCESS],
    [1, NtStatus.SUCCESS],
    [0, NtStatus.FILE_NOT_AVAILABLE],
    [1, NtStatus.SUCCESS],
    [0xffff, NtStatus.FILE_NOT_AVAILABLE],
  ];
  for (const flags of [0, HeaderFlags.REPLAY_OPERATION]) {
    const o = open();
    for (const [sequence, expected] of steps) {
      assert.is(outcome(o, Command.WRITE, sequence, flags), expected, `WRITE at ${sequence.toString(16)}`);
      // A READ of any sequence goes through and leaves nothing counted.
      assert.is(outcome(o, Command.READ, sequence), NtStatus.SUCCESS);
    }
    assert.is(o.outstandingRequestCount, 0);
    assert.is(o.outstandingPreRequestCount, 0);
  }
});

test('a replayed WRITE waits for the requests sent before the channel loss to complete', () => {
  const o = open();
  const before = enterChannelSequence(o, header(Command.WRITE, 0));
  // The client lost the channel and replays on another with the next sequence.
  assert.is(outcome(o, Command.WRITE, 1, HeaderFlags.REPLAY_OPERATION), NtStatus.FILE_NOT_AVAILABLE);
  assert.is(o.outstandingPreRequestCount, 1);
  completeChannelSequence(o, before);
  assert.is(outcome(o, Command.WRITE, 1, HeaderFlags.REPLAY_OPERATION), NtStatus.SUCCESS);
  assert.is(o.outstandingPreRequestCount, 0);
});

test.run();
