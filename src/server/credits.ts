// MS-SMB2 3.3.1.1 / 3.3.1.2: the command sequence window. Each granted credit makes one more MessageId
// valid; each request consumes CreditCharge consecutive ids, each id usable once.

export class CommandSequenceWindow {
  /** Lowest id not yet consumed. */
  private low = 0n;
  /** One past the highest id granted. */
  private high: bigint;
  /** Ids in [low, high) consumed out of order. */
  private readonly consumedAbove = new Set<bigint>();
  readonly maxCredits: number;

  constructor(initialCredits: number, maxCredits: number) {
    this.high = BigInt(initialCredits);
    this.maxCredits = maxCredits;
  }

  /** Credits the client still holds: granted ids not yet consumed. */
  get outstanding(): number {
    return Number(this.high - this.low) - this.consumedAbove.size;
  }

  /** True when every id of [messageId, messageId + charge) is granted and unused (MS-SMB2 3.3.5.2.3). */
  isAvailable(messageId: bigint, charge: number): boolean {
    const n = BigInt(Math.max(charge, 1));
    if (messageId < this.low || messageId + n > this.high) return false;
    for (let i = 0n; i < n; i++) if (this.consumedAbove.has(messageId + i)) return false;
    return true;
  }

  consume(messageId: bigint, charge: number): void {
    const n = BigInt(Math.max(charge, 1));
    for (let i = 0n; i < n; i++) this.consumedAbove.add(messageId + i);
    while (this.consumedAbove.delete(this.low)) this.low++;
  }

  /**
   * Grants credits for a response (MS-SMB2 3.3.1.2): what the client asked for, at least one when it
   * would otherwise be left with none, never beyond the configured maximum outstanding.
   */
  grant(requested: number, charge: number): number {
    const room = this.maxCredits - this.outstanding;
    let granted = Math.min(Math.max(requested, 0), Math.max(room, 0));
    if (granted === 0 && this.outstanding === 0) granted = 1;
    // A multi-credit request should be able to get back what it spent, so large IO keeps flowing.
    if (granted < charge && room >= charge) granted = Math.min(charge, room);
    this.high += BigInt(granted);
    return granted;
  }
}
