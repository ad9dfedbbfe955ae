// Shared pieces of the IOS driver contract (../driver-contract.ts): the fixture a driver test provides, the
// client context every call carries, and helpers for the tests.

import * as assert from 'uvu/assert';
import { DriverError } from '../../../src/ios/types.ts';
import type {
  ClientContext,
  DirectoryEntry,
  DriverCapabilities,
  DriverErrorCode,
  DriverHandle,
  OpenDisposition,
  OpenOptions,
  ShareDriver,
} from '../../../src/ios/types.ts';

export interface DriverFixture {
  driver: ShareDriver;
  cleanup(): Promise<void>;
  /** A second driver over the same storage that refuses mutations; the read-only suite runs when present. */
  openReadOnly?(): Promise<ShareDriver>;
  /**
   * Disposes the driver and starts a new one over the same storage, as a server restart would; cleanup()
   * then disposes the new one. Required when ContractOptions.restartable is set.
   */
  restart?(): Promise<ShareDriver>;
}

/** Optional DriverHandle hooks that no capability flag announces. */
export type OptionalHook = 'copyRange' | 'cloneRange' | 'listNames';

export interface ContractOptions {
  /** The capabilities the driver declares; tests of features it does not declare are skipped. */
  capabilities: DriverCapabilities;
  /** The fixture can restart the driver over the same storage; persistence tests run. */
  restartable?: boolean;
  /** Optional hooks the driver's handles have; tests of the others are skipped. */
  hooks?: readonly OptionalHook[];
  /** The driver's stats carry FileStat.eaSize. */
  reportsEaSize?: boolean;
}

/** What a test needs from the driver beyond the core interface. */
export type Requirement =
  | 'namedStreams'
  | 'extendedAttributes'
  | 'securityDescriptors'
  | 'hardLinks'
  | 'sparseFiles'
  | 'persistentDosAttributes'
  | 'restart'
  | 'eaSize'
  | OptionalHook;

export type Fixture = { driver: ShareDriver; fixture: DriverFixture };
export type TestBody = (f: Fixture) => Promise<void>;
/** Registers a test; with requirements the driver does not meet it is registered as skipped. */
export type Register = (testName: string, body: TestBody, requires?: readonly Requirement[]) => void;
export type Group = (title: string) => Register;

export const contractContext: ClientContext = {
  identity: {
    user: 'contract',
    domain: 'TEST',
    sid: 'S-1-5-21-1000-2000-3000-1001',
    groupSids: ['S-1-5-21-1000-2000-3000-513'],
    isGuest: false,
    isAnonymous: false,
  },
  sessionId: 1n,
  shareName: 'contract',
  clientAddress: '127.0.0.1',
};
const ctx = contractContext;

export function options(disposition: OpenDisposition, extra: Partial<OpenOptions> = {}): OpenOptions {
  return { disposition, directory: false, nonDirectory: false, write: true, attributes: 0, ...extra };
}

export async function expectError(action: Promise<unknown>, code: DriverErrorCode): Promise<void> {
  try {
    await action;
  } catch (error) {
    assert.instance(error, DriverError);
    assert.is((error as DriverError).code, code, `expected ${code}, got ${(error as DriverError).code}: ${(error as Error).message}`);
    return;
  }
  assert.unreachable(`expected DriverError ${code}`);
}

export async function createFile(driver: ShareDriver, path: string[], content?: string | Buffer): Promise<void> {
  const { handle } = await driver.open(ctx, path, options('create', { nonDirectory: true }));
  if (content !== undefined) await handle.write(ctx, Buffer.from(content), 0n);
  await handle.close(ctx);
}

export async function createDirectory(driver: ShareDriver, path: string[]): Promise<void> {
  const { handle } = await driver.open(ctx, path, options('create', { directory: true, write: false }));
  await handle.close(ctx);
}

/** Every byte of the handle's data (its stream, for a stream handle). */
export async function readAll(handle: DriverHandle): Promise<Buffer> {
  const { size } = await handle.stat(ctx);
  const into = Buffer.alloc(Number(size));
  let done = 0;
  while (done < into.length) {
    const count = await handle.read(ctx, into.subarray(done), BigInt(done));
    if (count === 0) break;
    done += count;
  }
  return into.subarray(0, done);
}

export async function readFile(driver: ShareDriver, path: string[]): Promise<string> {
  const { handle } = await driver.open(ctx, path, options('open', { write: false, nonDirectory: true }));
  try {
    return (await readAll(handle)).toString();
  } finally {
    await handle.close(ctx);
  }
}

export async function collect(entries: AsyncIterable<DirectoryEntry>): Promise<DirectoryEntry[]> {
  const all: DirectoryEntry[] = [];
  for await (const entry of entries) all.push(entry);
  return all;
}

export async function listNames(driver: ShareDriver, path: string[]): Promise<string[]> {
  const { handle } = await driver.open(ctx, path, options('open', { directory: true, write: false }));
  try {
    return (await collect(handle.enumerate(ctx))).map((entry) => entry.name);
  } finally {
    await handle.close(ctx);
  }
}

export function near(actual: bigint, expected: bigint, tolerance: bigint, what: string): void {
  const difference = actual > expected ? actual - expected : expected - actual;
  assert.ok(difference <= tolerance, `${what}: ${actual} is ${difference} away from ${expected} (tolerance ${tolerance})`);
}

/** Deterministic bytes (xorshift32) so data mismatches are reproducible. */
export function pattern(length: number, seed: number): Buffer {
  const out = Buffer.alloc(length);
  let x = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}
