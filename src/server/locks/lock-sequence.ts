// MS-SMB2 3.3.1.10 Open.LockSequenceArray and its use in 3.3.5.14: a client that resends a LOCK after
// losing a connection marks it with LockSequenceIndex (1..64) and a 4-bit LockSequenceNumber, so the server
// can answer a replay of a request it already carried out with success instead of doing it twice.

import { Capabilities, Dialect } from '../../protocol/constants.ts';

const ENTRIES = 64;
const INVALID = -1;

export class LockSequenceArray {
  /** SequenceNumber per index 1..64, or INVALID where Valid is FALSE. */
  private readonly entries = new Int8Array(ENTRIES).fill(INVALID);

  /**
   * True when the request at `index` carries the SequenceNumber the entry holds: a replay to answer with
   * success. A differing number invalidates the entry. Index 0 and indexes past 64 are never checked.
   */
  isReplay(index: number, sequenceNumber: number): boolean {
    if (index < 1 || index > ENTRIES) return false;
    const entry = this.entries[index - 1]!;
    if (entry === INVALID) return false;
    if (entry === (sequenceNumber & 0xf)) return true;
    this.entries[index - 1] = INVALID;
    return false;
  }

  /** After the request succeeded: the entry becomes Valid with this SequenceNumber. */
  record(index: number, sequenceNumber: number): void {
    if (index < 1 || index > ENTRIES) return;
    this.entries[index - 1] = sequenceNumber & 0xf;
  }
}

/** What decides whether an open's LOCK requests take part in replay detection (MS-SMB2 3.3.5.14). */
export interface LockSequenceContext {
  dialect: number;
  serverCapabilities: number;
  isResilient: boolean;
  isDurable: boolean;
  isPersistent: boolean;
}

/**
 * MS-SMB2 3.3.5.14: beyond 2.0.2, for resilient, durable or persistent opens, or on any open when the
 * server offers multichannel (a request may be retried on another channel).
 */
export function usesLockSequence(c: LockSequenceContext): boolean {
  if (c.dialect === Dialect.SMB2_0_2) return false;
  return c.isResilient || c.isDurable || c.isPersistent || (c.serverCapabilities & Capabilities.MULTI_CHANNEL) !== 0;
}
