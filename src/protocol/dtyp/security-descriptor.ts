// MS-DTYP 2.4.6 SECURITY_DESCRIPTOR in self-relative form: a 20-byte header whose offsets locate the owner
// and group SIDs and the SACL and DACL in the same buffer. Offset 0 means the part is absent; an ACL whose
// *_PRESENT control bit is set but whose offset is 0 is a NULL ACL (for a DACL: everyone gets everything).
// Encoding lays the parts out as owner, group, SACL, DACL, the order Samba and Windows clients send.

import { NtStatus, NtStatusError } from '../status.ts';
import { decodeAcl, encodeAcl, type Acl } from './acl.ts';
import { decodeSid, encodeSid } from './sid.ts';

/** MS-DTYP 2.4.6 Control */
export const SdControl = {
  OWNER_DEFAULTED: 0x0001,
  GROUP_DEFAULTED: 0x0002,
  DACL_PRESENT: 0x0004,
  DACL_DEFAULTED: 0x0008,
  SACL_PRESENT: 0x0010,
  SACL_DEFAULTED: 0x0020,
  DACL_TRUSTED: 0x0040,
  SERVER_SECURITY: 0x0080,
  DACL_AUTO_INHERIT_REQ: 0x0100,
  SACL_AUTO_INHERIT_REQ: 0x0200,
  DACL_AUTO_INHERITED: 0x0400,
  SACL_AUTO_INHERITED: 0x0800,
  DACL_PROTECTED: 0x1000,
  SACL_PROTECTED: 0x2000,
  RM_CONTROL_VALID: 0x4000,
  SELF_RELATIVE: 0x8000,
} as const;

/** MS-DTYP 2.4.7 SECURITY_INFORMATION: which parts of a descriptor a query or set names. */
export const SecurityInformation = {
  OWNER: 0x00000001,
  GROUP: 0x00000002,
  DACL: 0x00000004,
  SACL: 0x00000008,
  LABEL: 0x00000010,
  ATTRIBUTE: 0x00000020,
  SCOPE: 0x00000040,
  PROCESS_TRUST_LABEL: 0x00000080,
  BACKUP: 0x00010000,
  UNPROTECTED_SACL: 0x10000000,
  UNPROTECTED_DACL: 0x20000000,
  PROTECTED_SACL: 0x40000000,
  PROTECTED_DACL: 0x80000000,
} as const;

export interface SecurityDescriptor {
  /** Sbz1: the resource manager control bits when RM_CONTROL_VALID is set, otherwise 0. */
  sbz1: number;
  control: number;
  owner?: string;
  group?: string;
  /** The ACL at OffsetSacl; meaningful only with SACL_PRESENT. */
  sacl?: Acl;
  /** The ACL at OffsetDacl; with DACL_PRESENT and no ACL here, the DACL is NULL. */
  dacl?: Acl;
}

const HEADER_SIZE = 20;
const SD_REVISION = 1;
const invalid = (what: string) => new NtStatusError(NtStatus.INVALID_SECURITY_DESCR, `SECURITY_DESCRIPTOR: ${what}`);

/** The header alone: what a query naming no parts returns (MS-SMB2 3.3.5.20.3). */
export const EMPTY_SECURITY_DESCRIPTOR: SecurityDescriptor = { sbz1: 0, control: SdControl.SELF_RELATIVE };

function at(buffer: Buffer, offset: number, what: string): number {
  if (offset !== 0 && (offset < HEADER_SIZE || offset >= buffer.length)) throw invalid(`${what} offset ${offset} outside the descriptor`);
  return offset;
}

/** Decodes a self-relative descriptor occupying `buffer`; any malformed part is INVALID_SECURITY_DESCR. */
export function decodeSecurityDescriptor(buffer: Buffer): SecurityDescriptor {
  if (buffer.length < HEADER_SIZE) throw invalid(`${buffer.length} bytes`);
  if (buffer[0] !== SD_REVISION) throw invalid(`revision ${buffer[0]}`);
  const sd: SecurityDescriptor = { sbz1: buffer[1]!, control: buffer.readUInt16LE(2) };
  const owner = at(buffer, buffer.readUInt32LE(4), 'owner');
  const group = at(buffer, buffer.readUInt32LE(8), 'group');
  const sacl = at(buffer, buffer.readUInt32LE(12), 'SACL');
  const dacl = at(buffer, buffer.readUInt32LE(16), 'DACL');
  if (owner) sd.owner = decodeSid(buffer, owner).sid;
  if (group) sd.group = decodeSid(buffer, group).sid;
  if (sacl) sd.sacl = decodeAcl(buffer, sacl).acl;
  if (dacl) sd.dacl = decodeAcl(buffer, dacl).acl;
  return sd;
}

export function encodeSecurityDescriptor(sd: SecurityDescriptor): Buffer {
  const parts: [number, Buffer | undefined][] = [
    [4, sd.owner === undefined ? undefined : encodeSid(sd.owner)],
    [8, sd.group === undefined ? undefined : encodeSid(sd.group)],
    [12, sd.sacl && encodeAcl(sd.sacl)],
    [16, sd.dacl && encodeAcl(sd.dacl)],
  ];
  const size = HEADER_SIZE + parts.reduce((n, [, b]) => n + (b?.length ?? 0), 0);
  const out = Buffer.alloc(size);
  out[0] = SD_REVISION;
  out[1] = sd.sbz1;
  out.writeUInt16LE((sd.control | SdControl.SELF_RELATIVE) & 0xffff, 2);
  let pos = HEADER_SIZE;
  for (const [field, bytes] of parts) {
    if (!bytes) continue;
    out.writeUInt32LE(pos, field);
    pos += bytes.copy(out, pos);
  }
  return out;
}
