// MS-SMB2 2.2.26 SMB2 LOCK Request (with LockCount SMB2_LOCK_ELEMENTs, 2.2.26.1) and 2.2.27 SMB2 LOCK Response.

import { decodeStruct, encodeStruct, invalidParameter, Reader, Writer, type StructDeclaration } from '../wire.ts';

/** MS-SMB2 2.2.26.1 SMB2_LOCK_ELEMENT */
export interface LockElement {
  offset: bigint;
  length: bigint;
  /** SMB2_LOCKFLAG_SHARED_LOCK, _EXCLUSIVE_LOCK, _UNLOCK, _FAIL_IMMEDIATELY. */
  flags: number;
}

const LOCK_ELEMENT_SIZE = 24;

export interface LockRequest {
  /** The low 4 bits of LockSequenceNumber/LockSequenceIndex; reserved in 2.0.2. */
  lockSequenceNumber: number;
  /** The high 28 bits; reserved in 2.0.2. */
  lockSequenceIndex: number;
  persistentFileId: bigint;
  volatileFileId: bigint;
  locks: LockElement[];
}

/** The fixed part, before the Locks array. */
export interface LockRequestFixed {
  lockCount: number;
  lockSequence: number;
  persistentFileId: bigint;
  volatileFileId: bigint;
}

export const LockRequestDeclaration: StructDeclaration<LockRequestFixed> = {
  title: 'SMB2 LOCK Request',
  section: 'MS-SMB2 2.2.26',
  // StructureSize counts the fixed part and one lock element.
  fields: [
    { kind: 'const', width: 'u16', value: 48 },
    { kind: 'u16', name: 'lockCount' },
    { kind: 'u32', name: 'lockSequence' },
    { kind: 'u64', name: 'persistentFileId' },
    { kind: 'u64', name: 'volatileFileId' },
  ],
  buffers: [],
};

export interface LockResponse {}

export const LockResponseDeclaration: StructDeclaration<LockResponse> = {
  title: 'SMB2 LOCK Response',
  section: 'MS-SMB2 2.2.27',
  fields: [
    { kind: 'const', width: 'u16', value: 4 },
    { kind: 'reserved', length: 2 },
  ],
  buffers: [],
};

const FIXED_SIZE = 24;

export function decodeLockRequest(message: Buffer, bodyStart = 64): LockRequest {
  const fixed = decodeStruct(LockRequestDeclaration, message, bodyStart);
  // MS-SMB2 3.3.5.14: a LOCK request with no lock elements is INVALID_PARAMETER.
  if (fixed.lockCount === 0) throw invalidParameter('SMB2 LOCK Request: LockCount is 0');
  const start = bodyStart + FIXED_SIZE;
  if (fixed.lockCount * LOCK_ELEMENT_SIZE > message.length - start) {
    throw invalidParameter(`SMB2 LOCK Request: ${fixed.lockCount} lock elements do not fit in the message`);
  }
  const r = new Reader(message, start);
  const locks: LockElement[] = [];
  for (let i = 0; i < fixed.lockCount; i++) {
    const offset = r.u64('SMB2_LOCK_ELEMENT Offset');
    const length = r.u64('SMB2_LOCK_ELEMENT Length');
    const flags = r.u32('SMB2_LOCK_ELEMENT Flags');
    r.skip(4, 'SMB2_LOCK_ELEMENT Reserved');
    locks.push({ offset, length, flags });
  }
  return {
    lockSequenceNumber: fixed.lockSequence & 0xf,
    lockSequenceIndex: fixed.lockSequence >>> 4,
    persistentFileId: fixed.persistentFileId,
    volatileFileId: fixed.volatileFileId,
    locks,
  };
}

export function encodeLockRequest(r: LockRequest): Buffer {
  const fixed = encodeStruct(LockRequestDeclaration, {
    lockCount: r.locks.length,
    lockSequence: ((r.lockSequenceIndex << 4) | (r.lockSequenceNumber & 0xf)) >>> 0,
    persistentFileId: r.persistentFileId,
    volatileFileId: r.volatileFileId,
  });
  const w = new Writer(FIXED_SIZE + r.locks.length * LOCK_ELEMENT_SIZE).bytes(fixed);
  for (const lock of r.locks) w.u64(lock.offset).u64(lock.length).u32(lock.flags).zeros(4);
  return w.finish();
}

export const decodeLockResponse = (message: Buffer, bodyStart = 64): LockResponse =>
  decodeStruct(LockResponseDeclaration, message, bodyStart);
export const encodeLockResponse = (r: LockResponse = {}): Buffer => encodeStruct(LockResponseDeclaration, r);
