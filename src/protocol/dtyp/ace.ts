// MS-DTYP 2.4.4 ACE. ACEs whose body is an ACCESS_MASK followed by a SID (allow, deny, audit, alarm, their
// callback forms, mandatory label, resource attribute, scoped policy) are decoded; object ACEs (2.4.4.3 and
// the other *_OBJECT_ACE types) and unknown types keep their body as bytes, so they survive a round trip.

import { NtStatus, NtStatusError } from '../status.ts';
import { decodeSid, encodeSid } from './sid.ts';

/** MS-DTYP 2.4.4.1 AceType */
export const AceType = {
  ACCESS_ALLOWED: 0x00,
  ACCESS_DENIED: 0x01,
  SYSTEM_AUDIT: 0x02,
  SYSTEM_ALARM: 0x03,
  ACCESS_ALLOWED_COMPOUND: 0x04,
  ACCESS_ALLOWED_OBJECT: 0x05,
  ACCESS_DENIED_OBJECT: 0x06,
  SYSTEM_AUDIT_OBJECT: 0x07,
  SYSTEM_ALARM_OBJECT: 0x08,
  ACCESS_ALLOWED_CALLBACK: 0x09,
  ACCESS_DENIED_CALLBACK: 0x0a,
  ACCESS_ALLOWED_CALLBACK_OBJECT: 0x0b,
  ACCESS_DENIED_CALLBACK_OBJECT: 0x0c,
  SYSTEM_AUDIT_CALLBACK: 0x0d,
  SYSTEM_ALARM_CALLBACK: 0x0e,
  SYSTEM_AUDIT_CALLBACK_OBJECT: 0x0f,
  SYSTEM_ALARM_CALLBACK_OBJECT: 0x10,
  SYSTEM_MANDATORY_LABEL: 0x11,
  SYSTEM_RESOURCE_ATTRIBUTE: 0x12,
  SYSTEM_SCOPED_POLICY_ID: 0x13,
} as const;

/** MS-DTYP 2.4.4.1 AceFlags */
export const AceFlags = {
  OBJECT_INHERIT: 0x01,
  CONTAINER_INHERIT: 0x02,
  NO_PROPAGATE_INHERIT: 0x04,
  INHERIT_ONLY: 0x08,
  INHERITED: 0x10,
  SUCCESSFUL_ACCESS: 0x40,
  FAILED_ACCESS: 0x80,
} as const;

/** The flags that say how an ACE passes to children (MS-DTYP 2.4.4.1). */
export const INHERITANCE_FLAGS = AceFlags.OBJECT_INHERIT | AceFlags.CONTAINER_INHERIT | AceFlags.NO_PROPAGATE_INHERIT | AceFlags.INHERIT_ONLY;

/** An ACE whose body is Mask then Sid, plus whatever follows the SID (callback ApplicationData, padding). */
export interface SidAce {
  kind: 'sid';
  type: number;
  flags: number;
  mask: number;
  sid: string;
  applicationData: Buffer;
}

/** An object ACE, compound ACE or unknown type: the body after the header, as received. */
export interface OpaqueAce {
  kind: 'opaque';
  type: number;
  flags: number;
  body: Buffer;
}

export type Ace = SidAce | OpaqueAce;

const SID_BODY_TYPES: ReadonlySet<number> = new Set([
  AceType.ACCESS_ALLOWED,
  AceType.ACCESS_DENIED,
  AceType.SYSTEM_AUDIT,
  AceType.SYSTEM_ALARM,
  AceType.ACCESS_ALLOWED_CALLBACK,
  AceType.ACCESS_DENIED_CALLBACK,
  AceType.SYSTEM_AUDIT_CALLBACK,
  AceType.SYSTEM_ALARM_CALLBACK,
  AceType.SYSTEM_MANDATORY_LABEL,
  AceType.SYSTEM_RESOURCE_ATTRIBUTE,
  AceType.SYSTEM_SCOPED_POLICY_ID,
]);

const ACE_HEADER_SIZE = 4;

/** An ACCESS_ALLOWED / ACCESS_DENIED / SYSTEM_AUDIT ACE with nothing after its SID. */
export function sidAce(type: number, flags: number, mask: number, sid: string): SidAce {
  return { kind: 'sid', type, flags, mask: mask >>> 0, sid, applicationData: Buffer.alloc(0) };
}

const invalid = (what: string) => new NtStatusError(NtStatus.INVALID_SECURITY_DESCR, `ACE: ${what}`);

/** Decodes the ACE at `offset`, which must end at or before `end`; returns it and its AceSize. */
export function decodeAce(buffer: Buffer, offset: number, end: number): { ace: Ace; size: number } {
  if (offset + ACE_HEADER_SIZE > end) throw invalid('truncated header');
  const type = buffer[offset]!;
  const flags = buffer[offset + 1]!;
  const size = buffer.readUInt16LE(offset + 2);
  if (size < ACE_HEADER_SIZE || offset + size > end) throw invalid(`AceSize ${size} does not fit`);
  const aceEnd = offset + size;
  if (!SID_BODY_TYPES.has(type)) {
    return { ace: { kind: 'opaque', type, flags, body: Buffer.from(buffer.subarray(offset + ACE_HEADER_SIZE, aceEnd)) }, size };
  }
  if (offset + ACE_HEADER_SIZE + 4 > aceEnd) throw invalid('truncated Mask');
  const mask = buffer.readUInt32LE(offset + ACE_HEADER_SIZE);
  const { sid, length } = decodeSid(buffer, offset + ACE_HEADER_SIZE + 4, aceEnd);
  const applicationData = Buffer.from(buffer.subarray(offset + ACE_HEADER_SIZE + 4 + length, aceEnd));
  return { ace: { kind: 'sid', type, flags, mask, sid, applicationData }, size };
}

export function encodeAce(ace: Ace): Buffer {
  const body = ace.kind === 'opaque' ? ace.body : Buffer.concat([u32(ace.mask), encodeSid(ace.sid), ace.applicationData]);
  const size = ACE_HEADER_SIZE + body.length;
  if (size > 0xffff) throw invalid(`AceSize ${size} above 65535`);
  const out = Buffer.alloc(size);
  out[0] = ace.type;
  out[1] = ace.flags;
  out.writeUInt16LE(size, 2);
  body.copy(out, ACE_HEADER_SIZE);
  return out;
}

function u32(v: number): Buffer {
  const b = Buffer.alloc(4);
  b.writeUInt32LE(v >>> 0);
  return b;
}
