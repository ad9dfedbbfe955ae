// MS-DTYP 2.4.2 SID: the binary form (2.4.2.2) and the string form (2.4.2.1). SIDs travel through the
// server as canonical strings ("S-1-5-21-…"), so equal SIDs compare equal as strings.

import { NtStatus, NtStatusError } from '../status.ts';

/** MS-DTYP 2.4.2.2: at most 15 sub-authorities. */
export const SID_MAX_SUB_AUTHORITIES = 15;
const SID_REVISION = 1;
const MAX_AUTHORITY = 0xffff_ffff_ffffn;

export class SidFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SidFormatError';
  }
}

interface SidParts {
  authority: bigint;
  subAuthorities: number[];
}

/** MS-DTYP 2.4.2.1: the authority in decimal below 2^32, otherwise 0x and twelve hex digits. */
function format({ authority, subAuthorities }: SidParts): string {
  const a = authority < 0x1_0000_0000n ? authority.toString(10) : `0x${authority.toString(16).toUpperCase().padStart(12, '0')}`;
  return ['S', SID_REVISION, a, ...subAuthorities].join('-');
}

const DECIMAL = /^(0|[1-9][0-9]*)$/;

function parse(text: string): SidParts {
  const parts = text.split('-');
  if (parts.length < 3 || (parts[0] !== 'S' && parts[0] !== 's') || parts[1] !== String(SID_REVISION)) {
    throw new SidFormatError(`"${text}" is not a SID string (S-1-…)`);
  }
  const authorityText = parts[2]!;
  let authority: bigint;
  if (/^0[xX][0-9a-fA-F]{1,12}$/.test(authorityText)) authority = BigInt(authorityText);
  else if (DECIMAL.test(authorityText)) authority = BigInt(authorityText);
  else throw new SidFormatError(`"${text}": bad identifier authority`);
  if (authority > MAX_AUTHORITY) throw new SidFormatError(`"${text}": identifier authority above 48 bits`);
  const subs = parts.slice(3);
  if (subs.length > SID_MAX_SUB_AUTHORITIES) throw new SidFormatError(`"${text}": more than ${SID_MAX_SUB_AUTHORITIES} sub-authorities`);
  const subAuthorities = subs.map((s) => {
    const v = DECIMAL.test(s) ? Number(s) : NaN;
    if (!(v <= 0xffff_ffff)) throw new SidFormatError(`"${text}": bad sub-authority "${s}"`);
    return v;
  });
  return { authority, subAuthorities };
}

/** Validates a SID string and returns its canonical form ("s-1-0x5-…" becomes "S-1-5-…"). */
export function canonicalSid(text: string): string {
  return format(parse(text));
}

/** Size of the binary SID (MS-DTYP 2.4.2.2): 8 bytes plus 4 per sub-authority. */
export function sidLength(sid: string): number {
  return 8 + 4 * parse(sid).subAuthorities.length;
}

export function encodeSid(sid: string): Buffer {
  const { authority, subAuthorities } = parse(sid);
  const out = Buffer.alloc(8 + 4 * subAuthorities.length);
  out[0] = SID_REVISION;
  out[1] = subAuthorities.length;
  // IdentifierAuthority is six bytes, most significant first.
  out.writeUIntBE(Number(authority), 2, 6);
  subAuthorities.forEach((v, i) => out.writeUInt32LE(v, 8 + 4 * i));
  return out;
}

const invalid = (what: string) => new NtStatusError(NtStatus.INVALID_SECURITY_DESCR, `SID: ${what}`);

/** Decodes the SID at `offset`, which must end at or before `end`. Malformed SIDs are INVALID_SECURITY_DESCR. */
export function decodeSid(buffer: Buffer, offset: number, end = buffer.length): { sid: string; length: number } {
  if (offset < 0 || offset + 8 > end || end > buffer.length) throw invalid('truncated header');
  if (buffer[offset] !== SID_REVISION) throw invalid(`revision ${buffer[offset]}`);
  const count = buffer[offset + 1]!;
  if (count > SID_MAX_SUB_AUTHORITIES) throw invalid(`${count} sub-authorities`);
  const length = 8 + 4 * count;
  if (offset + length > end) throw invalid('truncated sub-authorities');
  const authority = BigInt(buffer.readUIntBE(offset + 2, 6));
  const subAuthorities: number[] = [];
  for (let i = 0; i < count; i++) subAuthorities.push(buffer.readUInt32LE(offset + 8 + 4 * i));
  return { sid: format({ authority, subAuthorities }), length };
}
