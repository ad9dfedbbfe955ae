// MS-SMB2 2.2.23, 2.2.24, 2.2.25: the OPLOCK_BREAK command carries two families of messages told apart by
// StructureSize (MS-SMB2 3.3.5.22): oplock breaks (24 bytes; the notification 2.2.23.1, acknowledgment
// 2.2.24.1 and response 2.2.25.1 share one layout) and lease breaks (notification 2.2.23.2 is 44 bytes,
// acknowledgment 2.2.24.2 and response 2.2.25.2 are 36).

import { decodeStruct, encodeStruct, invalidParameter, type StructDeclaration } from '../wire.ts';

/** MS-SMB2 2.2.23.2 Flags */
export const LeaseBreakFlags = { NOTIFY_BREAK_LEASE_FLAG_ACK_REQUIRED: 0x01 } as const;

export interface OplockBreak {
  oplockLevel: number;
  persistentFileId: bigint;
  volatileFileId: bigint;
}

const oplockBreakFields: StructDeclaration<OplockBreak>['fields'] = [
  { kind: 'const', width: 'u16', value: 24 },
  { kind: 'u8', name: 'oplockLevel' },
  { kind: 'reserved', length: 1 },
  { kind: 'reserved', length: 4 }, // Reserved2
  { kind: 'u64', name: 'persistentFileId' },
  { kind: 'u64', name: 'volatileFileId' },
];

export const OplockBreakNotificationDeclaration: StructDeclaration<OplockBreak> = {
  title: 'SMB2 Oplock Break Notification',
  section: 'MS-SMB2 2.2.23.1',
  fields: oplockBreakFields,
  buffers: [],
};

export const OplockBreakAcknowledgmentDeclaration: StructDeclaration<OplockBreak> = {
  title: 'SMB2 Oplock Break Acknowledgment',
  section: 'MS-SMB2 2.2.24.1',
  fields: oplockBreakFields,
  buffers: [],
};

export const OplockBreakResponseDeclaration: StructDeclaration<OplockBreak> = {
  title: 'SMB2 Oplock Break Response',
  section: 'MS-SMB2 2.2.25.1',
  fields: oplockBreakFields,
  buffers: [],
};

export interface LeaseBreakNotification {
  /** Only meaningful for 3.x leases (version 2); reserved in 2.1. */
  newEpoch: number;
  /** SMB2_NOTIFY_BREAK_LEASE_FLAG_ACK_REQUIRED */
  flags: number;
  leaseKey: Buffer;
  currentLeaseState: number;
  newLeaseState: number;
  breakReason: number;
  accessMaskHint: number;
  shareMaskHint: number;
}

export const LeaseBreakNotificationDeclaration: StructDeclaration<LeaseBreakNotification> = {
  title: 'SMB2 Lease Break Notification',
  section: 'MS-SMB2 2.2.23.2',
  fields: [
    { kind: 'const', width: 'u16', value: 44 },
    { kind: 'u16', name: 'newEpoch' },
    { kind: 'u32', name: 'flags' },
    { kind: 'bytes', name: 'leaseKey', length: 16 },
    { kind: 'u32', name: 'currentLeaseState' },
    { kind: 'u32', name: 'newLeaseState' },
    { kind: 'u32', name: 'breakReason' },
    { kind: 'u32', name: 'accessMaskHint' },
    { kind: 'u32', name: 'shareMaskHint' },
  ],
  buffers: [],
};

/** The lease break acknowledgment (2.2.24.2) and response (2.2.25.2) share this layout. */
export interface LeaseBreakAcknowledgment {
  flags: number;
  leaseKey: Buffer;
  leaseState: number;
  leaseDuration: bigint;
}
export type LeaseBreakResponse = LeaseBreakAcknowledgment;

const leaseBreakAckFields: StructDeclaration<LeaseBreakAcknowledgment>['fields'] = [
  { kind: 'const', width: 'u16', value: 36 },
  { kind: 'reserved', length: 2 },
  { kind: 'u32', name: 'flags' },
  { kind: 'bytes', name: 'leaseKey', length: 16 },
  { kind: 'u32', name: 'leaseState' },
  { kind: 'u64', name: 'leaseDuration' },
];

export const LeaseBreakAcknowledgmentDeclaration: StructDeclaration<LeaseBreakAcknowledgment> = {
  title: 'SMB2 Lease Break Acknowledgment',
  section: 'MS-SMB2 2.2.24.2',
  fields: leaseBreakAckFields,
  buffers: [],
};

export const LeaseBreakResponseDeclaration: StructDeclaration<LeaseBreakResponse> = {
  title: 'SMB2 Lease Break Response',
  section: 'MS-SMB2 2.2.25.2',
  fields: leaseBreakAckFields,
  buffers: [],
};

/** What a client sends with the OPLOCK_BREAK command. */
export type OplockBreakRequest =
  | ({ type: 'OPLOCK_BREAK_ACKNOWLEDGMENT' } & OplockBreak)
  | ({ type: 'LEASE_BREAK_ACKNOWLEDGMENT' } & LeaseBreakAcknowledgment);

/**
 * What a server sends with the OPLOCK_BREAK command. An oplock break notification and an oplock break
 * response have the same bytes; only the header (MessageId 0xFFFFFFFFFFFFFFFF for the notification) differs.
 */
export type OplockBreakResponse =
  | ({ type: 'OPLOCK_BREAK' } & OplockBreak)
  | ({ type: 'LEASE_BREAK_NOTIFICATION' } & LeaseBreakNotification)
  | ({ type: 'LEASE_BREAK_RESPONSE' } & LeaseBreakResponse);

function structureSize(message: Buffer, bodyStart: number): number {
  if (message.length < bodyStart + 2) throw invalidParameter('SMB2 OPLOCK_BREAK: body shorter than StructureSize');
  return message.readUInt16LE(bodyStart);
}

export function decodeOplockBreakRequest(message: Buffer, bodyStart = 64): OplockBreakRequest {
  const size = structureSize(message, bodyStart);
  if (size === 24)
    return { type: 'OPLOCK_BREAK_ACKNOWLEDGMENT', ...decodeStruct(OplockBreakAcknowledgmentDeclaration, message, bodyStart) };
  if (size === 36)
    return { type: 'LEASE_BREAK_ACKNOWLEDGMENT', ...decodeStruct(LeaseBreakAcknowledgmentDeclaration, message, bodyStart) };
  throw invalidParameter(`SMB2 OPLOCK_BREAK Acknowledgment: StructureSize ${size}, expected 24 or 36`);
}

export function encodeOplockBreakRequest(r: OplockBreakRequest): Buffer {
  return r.type === 'OPLOCK_BREAK_ACKNOWLEDGMENT'
    ? encodeStruct(OplockBreakAcknowledgmentDeclaration, r)
    : encodeStruct(LeaseBreakAcknowledgmentDeclaration, r);
}

export function decodeOplockBreakResponse(message: Buffer, bodyStart = 64): OplockBreakResponse {
  const size = structureSize(message, bodyStart);
  if (size === 24) return { type: 'OPLOCK_BREAK', ...decodeStruct(OplockBreakResponseDeclaration, message, bodyStart) };
  if (size === 44)
    return { type: 'LEASE_BREAK_NOTIFICATION', ...decodeStruct(LeaseBreakNotificationDeclaration, message, bodyStart) };
  if (size === 36)
    return { type: 'LEASE_BREAK_RESPONSE', ...decodeStruct(LeaseBreakResponseDeclaration, message, bodyStart) };
  throw invalidParameter(`SMB2 OPLOCK_BREAK: StructureSize ${size}, expected 24, 36 or 44`);
}

export function encodeOplockBreakResponse(r: OplockBreakResponse): Buffer {
  switch (r.type) {
    case 'OPLOCK_BREAK':
      return encodeStruct(OplockBreakResponseDeclaration, r);
    case 'LEASE_BREAK_NOTIFICATION':
      return encodeStruct(LeaseBreakNotificationDeclaration, r);
    case 'LEASE_BREAK_RESPONSE':
      return encodeStruct(LeaseBreakResponseDeclaration, r);
  }
}
