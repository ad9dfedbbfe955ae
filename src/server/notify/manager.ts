// The notify manager of a share: every change to the share is reported to it, and it hands each one to every
// watch subscribed (MS-FSA 2.1.4.1 walks Volume.ChangeNotifyList the same way). The interface is what the
// server depends on, so a clustered deployment can replace the local manager with one that also publishes
// changes to, and receives them from, the other nodes serving the share.

import type { ChangeEvent } from './change.ts';

export interface ChangeSubscriber {
  /** Changes reported together (a rename's old and new name) arrive in one call. */
  deliver(changes: readonly ChangeEvent[]): void;
}

export interface Subscription {
  close(): void;
}

export interface NotifyManager {
  report(changes: readonly ChangeEvent[]): void;
  subscribe(subscriber: ChangeSubscriber): Subscription;
}

/**
 * Changes that bypass the server (a backend watcher). Started when the first watch subscribes and stopped when
 * the last one goes, so a share nobody watches costs nothing.
 */
export type ChangeSource = (report: (changes: readonly ChangeEvent[]) => void) => Subscription;

export class LocalNotifyManager implements NotifyManager {
  readonly #subscribers = new Set<ChangeSubscriber>();
  readonly #source: ChangeSource | undefined;
  #sourceSubscription: Subscription | undefined;

  constructor(source?: ChangeSource) {
    this.#source = source;
  }

  report(changes: readonly ChangeEvent[]): void {
    if (changes.length === 0) return;
    for (const subscriber of [...this.#subscribers]) subscriber.deliver(changes);
  }

  subscribe(subscriber: ChangeSubscriber): Subscription {
    this.#subscribers.add(subscriber);
    if (this.#source && !this.#sourceSubscription) this.#sourceSubscription = this.#source((changes) => this.report(changes));
    return {
      close: () => {
        if (!this.#subscribers.delete(subscriber) || this.#subscribers.size > 0) return;
        this.#sourceSubscription?.close();
        this.#sourceSubscription = undefined;
      },
    };
  }
}
