// Structured logging. The server logs through this minimal interface so embedders can pass pino, a
// child of their own logger, or nothing.

import pino from 'pino';

export interface Logger {
  trace(obj: object, msg?: string): void;
  debug(obj: object, msg?: string): void;
  info(obj: object, msg?: string): void;
  warn(obj: object, msg?: string): void;
  error(obj: object, msg?: string): void;
  child(bindings: Record<string, unknown>): Logger;
}

export type LogLevel = 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'silent';

export function createLogger(level: LogLevel = 'info', destination?: string): Logger {
  return pino({ level, base: undefined }, destination ? pino.destination({ dest: destination, sync: false }) : pino.destination(2));
}

export const silentLogger: Logger = pino({ level: 'silent' });
