// The IOS driver SDK and the drivers that ship with it.

export * from './types.ts';
export { METADATA_DIRECTORY, PosixDriver } from './posix/driver.ts';
export type { PosixDriverOptions } from './posix/driver.ts';
export type { MetadataBackend } from './posix/metadata/select.ts';
export { MemoryDriver } from './memory/driver.ts';
export type { MemoryDriverOptions } from './memory/driver.ts';
export { dateFromFileTime, fileTimeFromDate, FILETIME_UNIX_EPOCH } from './posix/times.ts';
