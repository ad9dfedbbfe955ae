// MS-DTYP 2.4.5 ACL: an 8-byte header (revision, AclSize, AceCount) followed by AceCount ACEs that all lie
// within AclSize.

import { NtStatus, NtStatusError } from '../status.ts';
import { decodeAce, encodeAce, type Ace } from './ace.ts';

/** MS-DTYP 2.4.5 AclRevision: 2, or 4 when the ACL holds object ACEs. */
export const AclRevision = { ACL_REVISION: 2, ACL_REVISION_DS: 4 } as const;

export interface Acl {
  revision: number;
  aces: Ace[];
}

const ACL_HEADER_SIZE = 8;
const invalid = (what: string) => new NtStatusError(NtStatus.INVALID_SECURITY_DESCR, `ACL: ${what}`);

/** Decodes the ACL at `offset`, which must end at or before `end`. */
export function decodeAcl(buffer: Buffer, offset: number, end = buffer.length): { acl: Acl; size: number } {
  if (offset < 0 || offset + ACL_HEADER_SIZE > end) throw invalid('truncated header');
  const revision = buffer[offset]!;
  if (revision !== AclRevision.ACL_REVISION && revision !== AclRevision.ACL_REVISION_DS) throw invalid(`revision ${revision}`);
  const size = buffer.readUInt16LE(offset + 2);
  const count = buffer.readUInt16LE(offset + 4);
  if (size < ACL_HEADER_SIZE || offset + size > end) throw invalid(`AclSize ${size} does not fit`);
  const aclEnd = offset + size;
  const aces: Ace[] = [];
  let pos = offset + ACL_HEADER_SIZE;
  // Every ACE is at least 4 bytes, so AceCount cannot make this loop outrun AclSize.
  for (let i = 0; i < count; i++) {
    const { ace, size: aceSize } = decodeAce(buffer, pos, aclEnd);
    aces.push(ace);
    pos += aceSize;
  }
  return { acl: { revision, aces }, size };
}

export function encodeAcl(acl: Acl): Buffer {
  const aces = acl.aces.map(encodeAce);
  const size = ACL_HEADER_SIZE + aces.reduce((n, a) => n + a.length, 0);
  if (size > 0xffff) throw invalid(`AclSize ${size} above 65535`);
  if (acl.aces.length > 0xffff) throw invalid('more than 65535 ACEs');
  const out = Buffer.alloc(size);
  out[0] = acl.revision;
  out.writeUInt16LE(size, 2);
  out.writeUInt16LE(acl.aces.length, 4);
  let pos = ACL_HEADER_SIZE;
  for (const a of aces) pos += a.copy(out, pos);
  return out;
}
