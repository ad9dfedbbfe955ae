// MS-FSA 2.1.1.10 Per Oplock, kept on the object (MS-FSA Stream) it belongs to: the leases granted on it,
// and the opens waiting for a break to be acknowledged (Oplock.WaitList).

import type { Lease } from './lease.ts';

export class ObjectCaching {
  readonly leases = new Set<Lease>();
  readonly #waiters = new Set<() => void>();

  /** Resolves at the next change of any oplock or lease on the object (an acknowledgment, a timeout, a close). */
  changed(): { promise: Promise<void>; abandon(): void } {
    let wake!: () => void;
    const promise = new Promise<void>((resolve) => (wake = resolve));
    this.#waiters.add(wake);
    return { promise, abandon: () => this.#waiters.delete(wake) };
  }

  notifyChanged(): void {
    const waiters = [...this.#waiters];
    this.#waiters.clear();
    for (const wake of waiters) wake();
  }
}
