// SET_INFO merging (MS-SMB2 3.3.5.21.3) and QUERY_INFO selection (3.3.5.20.3) of descriptor parts. The
// control-bit rules are the ones smbtorture's acls.c INHERITFLAGS/SDFLAGSVSCHOWN and create.c nulldacl
// tests hold Windows and Samba to.

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { AccessMask as A } from '../../../src/protocol/constants.ts';
import { AceFlags, AceType, sidAce } from '../../../src/protocol/dtyp/ace.ts';
import { SdControl as C, SecurityInformation as SI, type SecurityDescriptor } from '../../../src/protocol/dtyp/security-descriptor.ts';
import { accessToSet, applySecurityInformation } from '../../../src/server/security/apply.ts';
import { accessToQuery, selectSecurityInformation } from '../../../src/server/security/select.ts';

const OWNER = 'S-1-5-21-1-2-3-1000';
const GROUP = 'S-1-5-21-1-2-3-513';
const EVERYONE = 'S-1-1-0';
const allowOwner = sidAce(AceType.ACCESS_ALLOWED, 0, 0x1f01ff, OWNER);
const stored: SecurityDescriptor = {
  sbz1: 0,
  control: C.SELF_RELATIVE | C.DACL_PRESENT | C.DACL_AUTO_INHERITED | C.SACL_PRESENT,
  owner: OWNER,
  group: GROUP,
  dacl: { revision: 2, aces: [allowOwner] },
  sacl: { revision: 2, aces: [sidAce(AceType.SYSTEM_AUDIT, AceFlags.FAILED_ACCESS, A.DELETE, EVERYONE)] },
};
const withDacl = (control: number, aces = [sidAce(AceType.ACCESS_ALLOWED, 0, A.FILE_WRITE_DATA, EVERYONE)]): SecurityDescriptor => ({
  sbz1: 0,
  control: C.SELF_RELATIVE | C.DACL_PRESENT | control,
  dacl: { revision: 2, aces },
});

test('each part needs its right: WRITE_OWNER for owner/group/label, WRITE_DAC for the DACL, ACCESS_SYSTEM_SECURITY for the SACL', () => {
  assert.is(accessToSet(SI.OWNER | SI.GROUP), A.WRITE_OWNER);
  assert.is(accessToSet(SI.LABEL), A.WRITE_OWNER);
  assert.is(accessToSet(SI.DACL), A.WRITE_DAC);
  assert.is(accessToSet(SI.SACL | SI.DACL), A.ACCESS_SYSTEM_SECURITY | A.WRITE_DAC);
  assert.is(accessToSet(0), 0);
  assert.is(accessToQuery(SI.OWNER | SI.DACL), A.READ_CONTROL);
  assert.is(accessToQuery(SI.SACL), A.ACCESS_SYSTEM_SECURITY);
  assert.is(accessToQuery(0), 0, 'smb2.sdread: asking for nothing needs nothing');
});

test('AUTO_INHERITED is stored only with AUTO_INHERIT_REQ, which is never stored; PROTECTED is kept', () => {
  const cases: [number, number][] = [
    [0, 0],
    [C.DACL_AUTO_INHERITED, 0],
    [C.DACL_AUTO_INHERIT_REQ, 0],
    [C.DACL_AUTO_INHERITED | C.DACL_AUTO_INHERIT_REQ, C.DACL_AUTO_INHERITED],
    [C.DACL_PROTECTED, C.DACL_PROTECTED],
    [C.DACL_PROTECTED | C.DACL_AUTO_INHERITED | C.DACL_AUTO_INHERIT_REQ, C.DACL_PROTECTED | C.DACL_AUTO_INHERITED],
  ];
  for (const [given, kept] of cases) {
    const out = applySecurityInformation(stored, withDacl(given), SI.DACL);
    assert.is(out.control, C.SELF_RELATIVE | C.SACL_PRESENT | C.DACL_PRESENT | kept, `control 0x${given.toString(16)}`);
  }
});

test('PROTECTED_DACL and UNPROTECTED_DACL in SecurityInformation set and clear DACL_PROTECTED', () => {
  assert.ok(applySecurityInformation(stored, withDacl(0), SI.DACL | SI.PROTECTED_DACL).control & C.DACL_PROTECTED);
  assert.not.ok(applySecurityInformation(stored, withDacl(C.DACL_PROTECTED), SI.DACL | SI.UNPROTECTED_DACL).control & C.DACL_PROTECTED);
});

test('an owner-only set changes the owner and no control bit of the DACL (acls.c SDFLAGSVSCHOWN)', () => {
  const out = applySecurityInformation(stored, { sbz1: 0, control: C.SELF_RELATIVE, owner: EVERYONE }, SI.OWNER);
  assert.equal(out, { ...stored, owner: EVERYONE });
  assert.equal(applySecurityInformation(out, { sbz1: 0, control: C.SELF_RELATIVE, owner: OWNER }, SI.OWNER), stored);
});

test('a part the client left out of its descriptor stays as it was', () => {
  assert.equal(applySecurityInformation(stored, { sbz1: 0, control: C.SELF_RELATIVE }, SI.OWNER | SI.GROUP), stored);
});

test('DACL_PRESENT without a DACL, or no DACL_PRESENT at all, stores a NULL DACL (create.c nulldacl)', () => {
  for (const incoming of [{ sbz1: 0, control: C.SELF_RELATIVE | C.DACL_PRESENT }, { sbz1: 0, control: C.SELF_RELATIVE }, { ...withDacl(0), control: C.SELF_RELATIVE }]) {
    const out = applySecurityInformation(stored, incoming, SI.DACL);
    assert.ok(out.control & C.DACL_PRESENT);
    assert.is(out.dacl, undefined);
  }
  const empty = applySecurityInformation(stored, withDacl(0, []), SI.DACL);
  assert.equal(empty.dacl, { revision: 2, aces: [] }, 'an empty DACL is not a NULL DACL');
});

test('generic rights are mapped in ACEs that apply to the object, not in inherit-only ones (acls.c CREATOR, GENERIC)', () => {
  const io = AceFlags.OBJECT_INHERIT | AceFlags.INHERIT_ONLY;
  const incoming = withDacl(0, [sidAce(AceType.ACCESS_ALLOWED, 0, A.GENERIC_READ | A.DELETE, OWNER), sidAce(AceType.ACCESS_ALLOWED, io, A.GENERIC_ALL, EVERYONE)]);
  assert.equal(applySecurityInformation(stored, incoming, SI.DACL).dacl!.aces, [
    sidAce(AceType.ACCESS_ALLOWED, 0, 0x00130089, OWNER),
    sidAce(AceType.ACCESS_ALLOWED, io, A.GENERIC_ALL, EVERYONE),
  ]);
});

test('a label set replaces the SACL\'s mandatory label ACEs and keeps its audit ACEs', () => {
  const label = sidAce(AceType.SYSTEM_MANDATORY_LABEL, 0, 1, 'S-1-16-8192');
  const incoming: SecurityDescriptor = { sbz1: 0, control: C.SELF_RELATIVE | C.SACL_PRESENT, sacl: { revision: 2, aces: [label] } };
  const out = applySecurityInformation(stored, incoming, SI.LABEL);
  assert.equal(out.sacl!.aces, [label, ...stored.sacl!.aces]);
  assert.equal(selectSecurityInformation(out, SI.LABEL), { sbz1: 0, control: C.SELF_RELATIVE | C.SACL_PRESENT, sacl: { revision: 2, aces: [label] } });
});

test('a query returns the parts asked for with the control bits that describe them', () => {
  assert.equal(selectSecurityInformation(stored, 0), { sbz1: 0, control: C.SELF_RELATIVE });
  assert.equal(selectSecurityInformation(stored, SI.OWNER), { sbz1: 0, control: C.SELF_RELATIVE, owner: OWNER });
  assert.equal(selectSecurityInformation(stored, SI.DACL), { sbz1: 0, control: C.SELF_RELATIVE | C.DACL_PRESENT | C.DACL_AUTO_INHERITED, dacl: stored.dacl });
  assert.equal(selectSecurityInformation(stored, SI.SACL), { sbz1: 0, control: C.SELF_RELATIVE | C.SACL_PRESENT, sacl: stored.sacl });
  const nullDacl = applySecurityInformation(stored, { sbz1: 0, control: C.SELF_RELATIVE | C.DACL_PRESENT }, SI.DACL);
  assert.equal(selectSecurityInformation(nullDacl, SI.DACL), { sbz1: 0, control: C.SELF_RELATIVE | C.DACL_PRESENT });
});

test.run();
