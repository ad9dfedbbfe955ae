// The paths the server itself changed lately, so that a backend watcher's report of the same change (inotify
// sees the server's own writes too) is not delivered a second time. A change another program makes to one of
// these paths within the window is lost with it: the window is short for that reason.

import { upcaseName } from '../../protocol/fscc/names.ts';

/** Backend watchers report within milliseconds; a second leaves room for a busy event loop. */
export const RECENT_WINDOW_MS = 1000;

const keyOf = (path: readonly string[]): string => path.map(upcaseName).join('\\');

interface Mark {
  expiry: number;
  /** A rename or removal: the watcher may report everything below the path as well. */
  subtree: boolean;
}

export class RecentChanges {
  /** Only while a backend watcher runs; otherwise marking would be wasted work on every write. */
  enabled = false;
  readonly #now: () => number;
  readonly #windowMs: number;
  /** Path key → its mark, oldest first (a re-marked key moves to the end). */
  readonly #marks = new Map<string, Mark>();

  constructor(options: { now?: () => number; windowMs?: number } = {}) {
    this.#now = options.now ?? Date.now;
    this.#windowMs = options.windowMs ?? RECENT_WINDOW_MS;
  }

  mark(path: readonly string[], subtree = false): void {
    if (!this.enabled) return;
    const now = this.#now();
    for (const [key, mark] of this.#marks) {
      if (mark.expiry > now) break;
      this.#marks.delete(key);
    }
    const key = keyOf(path);
    const previous = this.#marks.get(key);
    this.#marks.delete(key);
    this.#marks.set(key, { expiry: now + this.#windowMs, subtree: subtree || (previous !== undefined && previous.expiry > now && previous.subtree) });
  }

  /** Whether the path was marked, or lies below a path marked with its subtree. */
  has(path: readonly string[]): boolean {
    const now = this.#now();
    for (let length = path.length; length > 0; length--) {
      const mark = this.#marks.get(keyOf(path.slice(0, length)));
      if (mark && mark.expiry > now && (length === path.length || mark.subtree)) return true;
    }
    return false;
  }
}
