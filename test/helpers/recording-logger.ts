// A Logger (src/logging.ts) that keeps error-level entries: the server logs at error level only what it
// did not expect (a handler throwing something other than a typed error, a failed cleanup).

import type { Logger } from '../../src/logging.ts';

export interface LoggedError {
  msg: string | undefined;
  obj: object;
}

export function recordingLogger(): { logger: Logger; errors: LoggedError[] } {
  const errors: LoggedError[] = [];
  const make = (bindings: Record<string, unknown>): Logger => ({
    trace() {},
    debug() {},
    info() {},
    warn() {},
    error(obj, msg) {
      errors.push({ msg, obj: { ...bindings, ...obj } });
    },
    child(more) {
      return make({ ...bindings, ...more });
    },
  });
  return { logger: make({}), errors };
}
