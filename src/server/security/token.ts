// The access token an access check evaluates (MS-DTYP 2.5.2): the SIDs a session acts as, and the one
// privilege file access cares about. Members of BUILTIN\Administrators hold SeSecurityPrivilege, which
// ACCESS_SYSTEM_SECURITY (reading and writing SACLs) requires.

import { WellKnownSid, type Identity } from '../../auth/identity.ts';

export interface AccessToken {
  userSid: string;
  /** Primary group: the group of objects this token creates. */
  primaryGroupSid: string;
  /** The user SID and every group SID. */
  sids: ReadonlySet<string>;
  /** SeSecurityPrivilege (MS-DTYP 2.5.3.2: required for ACCESS_SYSTEM_SECURITY). */
  securityPrivilege: boolean;
}

export function tokenForIdentity(identity: Identity): AccessToken {
  const sids = new Set([identity.sid, ...identity.groupSids]);
  return {
    userSid: identity.sid,
    primaryGroupSid: identity.groupSids[0] ?? identity.sid,
    sids,
    securityPrivilege: sids.has(WellKnownSid.BUILTIN_ADMINISTRATORS),
  };
}
