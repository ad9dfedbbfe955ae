// Defensive checks on path components. The server validates names before they reach a driver (MS-FSCC
// 2.1.5.2), but a driver is the last place where a stray "..", "/" or NUL would turn into a path outside the
// share, so every driver re-checks what it joins into a backend path.

import { DriverError } from './types.ts';

/** Throws name-invalid for components that could change which object a path names, name-too-long past the limit. */
export function checkPathComponents(path: readonly string[], maxNameLength: number): void {
  for (const name of path) {
    if (name === '' || name === '.' || name === '..' || /[/\\\0]/.test(name)) {
      throw new DriverError('name-invalid', `invalid name component ${JSON.stringify(name)}`);
    }
    // String length counts UTF-16 code units, the unit MS-FSCC name limits are expressed in.
    if (name.length > maxNameLength) {
      throw new DriverError('name-too-long', `name component longer than ${maxNameLength} characters`);
    }
  }
}

/** Whether `prefix` names `path` itself or one of its ancestors. */
export function isPathPrefix(prefix: readonly string[], path: readonly string[]): boolean {
  return prefix.length <= path.length && prefix.every((name, i) => path[i] === name);
}

/**
 * Throws for a stream name a driver must not store: empty, or holding a separator, NUL or ':' (MS-FSCC 2.1.5.3
 * leaves those out of stream names), or longer than the component limit.
 */
export function checkStreamName(name: string, maxNameLength: number): void {
  if (name === '' || /[/\\:\0]/.test(name)) throw new DriverError('name-invalid', `invalid stream name ${JSON.stringify(name)}`);
  if (name.length > maxNameLength) throw new DriverError('name-too-long', `stream name longer than ${maxNameLength} characters`);
}
