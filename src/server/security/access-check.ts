// MS-DTYP 2.5.3.2 AccessCheck for file system objects. MS-FSA 2.1.5.1.2.1 asks the check one access bit at a
// time, so each bit is decided by the first ACE that names it: a DENY only takes away what no earlier ALLOW
// granted. That makes the answer for any desired mask the maximal access intersected with it, which is
// what this module computes.

import { WellKnownSid } from '../../auth/identity.ts';
import { AccessMask } from '../../protocol/constants.ts';
import { AceFlags, AceType, type Ace } from '../../protocol/dtyp/ace.ts';
import { SdControl, type SecurityDescriptor } from '../../protocol/dtyp/security-descriptor.ts';
import { FILE_ALL_ACCESS, mapGenericRights } from '../access.ts';
import type { AccessToken } from './token.ts';

/** The owner's implicit rights, unless the DACL names OWNER RIGHTS (MS-DTYP 2.5.3.2). */
const OWNER_IMPLICIT = AccessMask.READ_CONTROL | AccessMask.WRITE_DAC;

/** Allow-type ACEs that count; callback ACEs carry conditions this server does not evaluate, so they never grant. */
const ALLOW_TYPES: ReadonlySet<number> = new Set([AceType.ACCESS_ALLOWED]);
/** Deny-type ACEs that count; a conditional deny is taken as applying, so an unevaluated condition never widens access. */
const DENY_TYPES: ReadonlySet<number> = new Set([AceType.ACCESS_DENIED, AceType.ACCESS_DENIED_CALLBACK]);

function applies(ace: Ace, token: AccessToken, isOwner: boolean): ace is Extract<Ace, { kind: 'sid' }> {
  if (ace.kind !== 'sid' || ace.flags & AceFlags.INHERIT_ONLY) return false;
  return token.sids.has(ace.sid) || (isOwner && ace.sid === WellKnownSid.OWNER_RIGHTS);
}

/**
 * The access the token has to an object with this descriptor: every FILE_ALL_ACCESS bit some ACE grants
 * before any ACE denies it, plus the owner's implicit READ_CONTROL | WRITE_DAC. A missing or NULL DACL
 * grants everything (MS-DTYP 2.4.6). ACCESS_SYSTEM_SECURITY is a privilege matter and never part of it.
 */
export function maximalAccess(sd: SecurityDescriptor, token: AccessToken): number {
  if (!(sd.control & SdControl.DACL_PRESENT) || !sd.dacl) return FILE_ALL_ACCESS;
  const isOwner = sd.owner !== undefined && token.sids.has(sd.owner);
  const ownerRightsListed = sd.dacl.aces.some((a) => a.kind === 'sid' && !(a.flags & AceFlags.INHERIT_ONLY) && a.sid === WellKnownSid.OWNER_RIGHTS);
  let granted = isOwner && !ownerRightsListed ? OWNER_IMPLICIT : 0;
  let denied = 0;
  for (const ace of sd.dacl.aces) {
    if (!applies(ace, token, isOwner)) continue;
    const mask = mapGenericRights(ace.mask) & FILE_ALL_ACCESS;
    if (ALLOW_TYPES.has(ace.type)) granted |= mask & ~denied;
    else if (DENY_TYPES.has(ace.type)) denied |= mask & ~granted;
  }
  return granted >>> 0;
}
