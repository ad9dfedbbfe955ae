// Break acknowledgment timers (MS-SMB2 3.3.2.1 Oplock Break Acknowledgment Timer, 3.3.2.5 Lease Break
// Acknowledgment Timer) run on an injectable source, so tests fire them without waiting.

export interface BreakTimers {
  /** Calls `fire` after `ms` milliseconds unless the returned function is called first. */
  start(ms: number, fire: () => void): () => void;
}

/** MS-SMB2 3.3.2.1 / 3.3.2.5: "an implementation-specific default value in milliseconds"; Windows waits 35 s. */
export const DEFAULT_BREAK_TIMEOUT_MS = 35_000;

export const systemTimers: BreakTimers = {
  start(ms, fire) {
    const timer = setTimeout(fire, ms);
    // A pending break must not keep a stopping process alive.
    timer.unref();
    return () => clearTimeout(timer);
  },
};
