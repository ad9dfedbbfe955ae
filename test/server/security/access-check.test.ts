// AccessCheck (MS-DTYP 2.5.3.2) cases, each from a rule of the spec or an expectation of smbtorture's
// smb2.acls tests (source4/torture/smb2/acls.c), which Windows and Samba both meet.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AccessMask as A } from '../../../src/protocol/constants.ts';
import { AceFlags, AceType, sidAce, type Ace } from '../../../src/protocol/dtyp/ace.ts';
import { SdControl, type SecurityDescriptor } from '../../../src/protocol/dtyp/security-descriptor.ts';
import { FILE_ALL_ACCESS } from '../../../src/server/access.ts';
import { maximalAccess } from '../../../src/server/security/access-check.ts';
import { tokenForIdentity } from '../../../src/server/security/token.ts';

const USER = 'S-1-5-21-1-2-3-1000';
const OTHER = 'S-1-5-21-1-2-3-1001';
const GROUP = 'S-1-5-21-1-2-3-513';
const EVERYONE = 'S-1-1-0';
const OWNER_RIGHTS = 'S-1-3-4';
const CREATOR_OWNER = 'S-1-3-0';
const FILE_READ = 0x00120089; // SEC_RIGHTS_FILE_READ
const token = tokenForIdentity({ user: 'u', domain: 'D', sid: USER, groupSids: [GROUP, EVERYONE], isGuest: false, isAnonymous: false });

const allow = (sid: string, mask: number, flags = 0) => sidAce(AceType.ACCESS_ALLOWED, flags, mask, sid);
const deny = (sid: string, mask: number, flags = 0) => sidAce(AceType.ACCESS_DENIED, flags, mask, sid);
const sd = (owner: string, aces: Ace[] | null): SecurityDescriptor => ({
  sbz1: 0,
  control: SdControl.SELF_RELATIVE | SdControl.DACL_PRESENT,
  owner,
  ...(aces ? { dacl: { revision: 2, aces } } : {}),
});

const cases: [string, SecurityDescriptor, number][] = [
  ['a NULL DACL grants everything (MS-DTYP 2.4.6)', sd(OTHER, null), FILE_ALL_ACCESS],
  ['no DACL at all grants everything', { sbz1: 0, control: SdControl.SELF_RELATIVE, owner: OTHER }, FILE_ALL_ACCESS],
  ['an empty DACL leaves the owner READ_CONTROL | WRITE_DAC', sd(USER, []), A.READ_CONTROL | A.WRITE_DAC],
  ['an empty DACL leaves anyone else nothing', sd(OTHER, []), 0],
  ['the first ACE naming a bit decides it: allow before deny (acls.c DENY1)', sd(OTHER, [allow(USER, FILE_READ | A.FILE_WRITE_DATA), deny(USER, A.FILE_WRITE_DATA)]), FILE_READ | A.FILE_WRITE_DATA],
  ['deny before allow takes the bit away', sd(OTHER, [deny(USER, A.FILE_WRITE_DATA), allow(USER, FILE_READ | A.FILE_WRITE_DATA)]), FILE_READ],
  ['a deny of one bit leaves the other bits of a later allow', sd(OTHER, [deny(EVERYONE, A.FILE_READ_DATA), allow(GROUP, FILE_READ)]), FILE_READ & ~A.FILE_READ_DATA],
  ['OWNER RIGHTS adds to the owner ACE and replaces the implicit rights (acls.c OWNER-RIGHTS)', sd(USER, [allow(USER, FILE_READ), allow(OWNER_RIGHTS, A.FILE_WRITE_DATA)]), FILE_READ | A.FILE_WRITE_DATA],
  ['a leading OWNER RIGHTS deny removes its bits (acls.c OWNER-RIGHTS-DENY)', sd(USER, [deny(OWNER_RIGHTS, A.FILE_READ_DATA), allow(USER, FILE_READ)]), FILE_READ & ~A.FILE_READ_DATA],
  [
    'a trailing OWNER RIGHTS deny removes nothing granted (acls.c OWNER-RIGHTS-DENY1)',
    sd(USER, [allow(USER, FILE_READ), allow(OWNER_RIGHTS, A.FILE_WRITE_DATA), deny(OWNER_RIGHTS, A.FILE_WRITE_DATA | A.FILE_READ_DATA)]),
    FILE_READ | A.FILE_WRITE_DATA,
  ],
  ['OWNER RIGHTS ACEs do not apply to non-owners', sd(OTHER, [allow(OWNER_RIGHTS, FILE_ALL_ACCESS)]), 0],
  ['the implicit owner rights cannot be denied', sd(USER, [deny(USER, A.READ_CONTROL | A.WRITE_DAC)]), A.READ_CONTROL | A.WRITE_DAC],
  ['inherit-only ACEs do not apply to the object', sd(OTHER, [allow(USER, FILE_ALL_ACCESS, AceFlags.INHERIT_ONLY | AceFlags.OBJECT_INHERIT)]), 0],
  ['CREATOR OWNER in an effective ACE matches nobody (acls.c CREATOR)', sd(USER, [allow(CREATOR_OWNER, FILE_READ)]), A.READ_CONTROL | A.WRITE_DAC],
  ['generic rights in an ACE count as the file rights they map to', sd(OTHER, [allow(USER, A.GENERIC_READ)]), FILE_READ],
  ['group SIDs of the token match', sd(OTHER, [allow(GROUP, A.FILE_WRITE_DATA)]), A.FILE_WRITE_DATA],
  ['other SIDs do not', sd(OTHER, [allow(OTHER, FILE_ALL_ACCESS)]), 0],
  ['bits beyond FILE_ALL_ACCESS are never granted', sd(OTHER, [allow(USER, 0x0fffffff)]), FILE_ALL_ACCESS],
  ['a callback allow (unevaluated condition) grants nothing', sd(OTHER, [{ ...allow(USER, FILE_READ), type: AceType.ACCESS_ALLOWED_CALLBACK }]), 0],
  ['a callback deny is taken as applying', sd(OTHER, [{ ...deny(USER, A.FILE_READ_DATA), type: AceType.ACCESS_DENIED_CALLBACK }, allow(USER, FILE_READ)]), FILE_READ & ~A.FILE_READ_DATA],
];

for (const [name, descriptor, expected] of cases) {
  test(name, () => assert.is(maximalAccess(descriptor, token), expected >>> 0));
}

test('Administrators hold SeSecurityPrivilege, other users do not', () => {
  assert.is(token.securityPrivilege, false);
  const admin = tokenForIdentity({ user: 'a', domain: 'D', sid: USER, groupSids: [GROUP, 'S-1-5-32-544'], isGuest: false, isAnonymous: false });
  assert.is(admin.securityPrivilege, true);
  assert.is(admin.primaryGroupSid, GROUP);
});

test.run();
