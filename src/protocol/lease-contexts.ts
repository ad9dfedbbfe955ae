// MS-SMB2 2.2.13.2.8 / 2.2.13.2.10 (SMB2_CREATE_REQUEST_LEASE, _V2) and 2.2.14.2.10 / 2.2.14.2.11
// (SMB2_CREATE_RESPONSE_LEASE, _V2): the "RqLs" create context. Both versions share a name; the data
// length tells them apart (32 bytes for version 1, 52 for version 2).

import { decodeStruct, encodeStruct, invalidParameter, type StructDeclaration } from './wire.ts';

/** MS-SMB2 2.2.13.2.8 LeaseState */
export const LeaseState = {
  NONE: 0x00,
  READ_CACHING: 0x01,
  HANDLE_CACHING: 0x02,
  WRITE_CACHING: 0x04,
} as const;

/** MS-SMB2 2.2.13.2.10 / 2.2.14.2.10 Flags */
export const LeaseFlags = {
  BREAK_IN_PROGRESS: 0x02,
  PARENT_LEASE_KEY_SET: 0x04,
} as const;

/** Data lengths of the two versions. */
export const LEASE_V1_SIZE = 32;
export const LEASE_V2_SIZE = 52;

export interface LeaseContext {
  /** 1 for SMB2_CREATE_REQUEST_LEASE / RESPONSE_LEASE, 2 for the _V2 forms (3.x only). */
  version: 1 | 2;
  leaseKey: Buffer;
  leaseState: number;
  leaseFlags: number;
  leaseDuration: bigint;
  /** Version 2 only; all zeros otherwise. */
  parentLeaseKey: Buffer;
  /** Version 2 only; 0 otherwise. */
  epoch: number;
}

type LeaseV1Wire = Pick<LeaseContext, 'leaseKey' | 'leaseState' | 'leaseFlags' | 'leaseDuration'>;
type LeaseV2Wire = LeaseV1Wire & Pick<LeaseContext, 'parentLeaseKey' | 'epoch'>;

const v1Fields: StructDeclaration<LeaseV1Wire>['fields'] = [
  { kind: 'bytes', name: 'leaseKey', length: 16 },
  { kind: 'u32', name: 'leaseState' },
  { kind: 'u32', name: 'leaseFlags' },
  { kind: 'u64', name: 'leaseDuration' },
];

export const LeaseV1Declaration: StructDeclaration<LeaseV1Wire> = {
  title: 'SMB2_CREATE_REQUEST_LEASE',
  section: 'MS-SMB2 2.2.13.2.8 / 2.2.14.2.10',
  fields: v1Fields,
  buffers: [],
};

export const LeaseV2Declaration: StructDeclaration<LeaseV2Wire> = {
  title: 'SMB2_CREATE_REQUEST_LEASE_V2',
  section: 'MS-SMB2 2.2.13.2.10 / 2.2.14.2.11',
  fields: [
    ...(v1Fields as StructDeclaration<LeaseV2Wire>['fields']),
    { kind: 'bytes', name: 'parentLeaseKey', length: 16 },
    { kind: 'u16', name: 'epoch' },
    { kind: 'reserved', length: 2 },
  ],
  buffers: [],
};

const ZERO_KEY = Buffer.alloc(16);

/**
 * Decodes the data of an "RqLs" context. Version 2 needs at least 52 bytes; 32 to 51 bytes is a version 1
 * request; anything shorter is INVALID_PARAMETER. `allowV2` is false before SMB 3.0, where a 52-byte
 * context is read as version 1 (MS-SMB2 3.3.5.9.11 applies to 3.x only).
 */
export function decodeLeaseContext(data: Buffer, allowV2: boolean): LeaseContext {
  if (allowV2 && data.length >= LEASE_V2_SIZE) {
    return { version: 2, ...decodeStruct(LeaseV2Declaration, data, 0) };
  }
  if (data.length < LEASE_V1_SIZE) throw invalidParameter(`SMB2_CREATE_REQUEST_LEASE: ${data.length} bytes`);
  return { version: 1, ...decodeStruct(LeaseV1Declaration, data, 0), parentLeaseKey: ZERO_KEY, epoch: 0 };
}

export function encodeLeaseContext(c: LeaseContext): Buffer {
  return c.version === 2 ? encodeStruct(LeaseV2Declaration, c, 0) : encodeStruct(LeaseV1Declaration, c, 0);
}
